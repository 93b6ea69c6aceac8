"""The unit registry: list units with their aliases, merge two, split one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field

from service.api.deps import ReviewerDep, SessionDep, ViewerDep
from service.store import units as unit_store

router = APIRouter(prefix="/units", tags=["units"])
_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such unit."},
    422: {"description": "The merge or split cannot be done."},
}


class UnitMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into: int = Field(description="the unit that takes over this one's aliases and records")


class UnitSplit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aliases: list[str] = Field(min_length=1, description="aliases to move to a new unit")


@router.get("")
def list_units(
    session: SessionDep,
    _token: ViewerDep,
    q: Annotated[str | None, Query(description="a part of a name or alias")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Units by name, with their aliases and how many records each has."""
    units, count, records = unit_store.list_units(session=session, q=q, offset=offset, limit=limit)
    return {
        "data": [unit_store.unit_public(u, records.get(u.id, 0)) for u in units],
        "count": count,
    }


@router.get("/{unit_id}", responses={404: {"description": "No such unit."}})
def read_unit(session: SessionDep, _token: ViewerDep, unit_id: int) -> dict[str, Any]:
    """One unit with its aliases."""
    unit = unit_store.get_unit(session=session, unit_id=unit_id)
    if unit is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no unit {unit_id}")
    return unit_store.unit_public(unit)


def _answer_errors(exc: Exception) -> HTTPException:
    if isinstance(exc, LookupError):
        return HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc).strip("'\""))
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc))


@router.post("/{unit_id}/merge", responses=_RESPONSES)
def merge_unit(
    session: SessionDep, _token: ReviewerDep, unit_id: int, body: UnitMerge
) -> dict[str, Any]:
    """Merge this unit into another: its aliases and records move there, it is deleted."""
    try:
        unit = unit_store.merge_units(session=session, unit_id=unit_id, into_id=body.into)
    except (LookupError, unit_store.UnitError) as exc:
        session.rollback()
        raise _answer_errors(exc) from None
    return unit_store.unit_public(unit)


@router.post("/{unit_id}/split", status_code=status.HTTP_201_CREATED, responses=_RESPONSES)
def split_unit(
    session: SessionDep, _token: ReviewerDep, unit_id: int, body: UnitSplit
) -> dict[str, Any]:
    """Move some aliases of this unit, and the records found under them, to a new unit."""
    try:
        unit = unit_store.split_unit(session=session, unit_id=unit_id, aliases=body.aliases)
    except (LookupError, unit_store.UnitError) as exc:
        session.rollback()
        raise _answer_errors(exc) from None
    return unit_store.unit_public(unit)
