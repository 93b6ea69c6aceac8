"""The /api router: one include per resource."""

from fastapi import APIRouter

from service.api.routes import documents, records

api_router = APIRouter()
api_router.include_router(documents.router)
api_router.include_router(records.router)
