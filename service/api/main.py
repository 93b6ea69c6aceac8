"""The /api router: one include per resource."""

from fastapi import APIRouter

from service.api.routes import documents, exports, progress, records, units

api_router = APIRouter()
api_router.include_router(documents.router)
api_router.include_router(records.router)
api_router.include_router(units.router)
api_router.include_router(progress.router)
api_router.include_router(exports.router)
