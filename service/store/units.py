"""The unit registry: every unit mention of a record filed under one canonical unit.

A record's unit as written (省直工委) is qualified with the issuer's place (广东省直工委) and
brought to its canonical name (广东省直属机关工作委员会) by :mod:`extractor.unit_names`. Both are
aliases (``UnitAlias.alias``, unique) of one :class:`~service.core.models.Unit`:

- the qualified form is looked up first, so a reviewer's split of 广东省直工委 from the
  canonical unit sticks for later documents;
- then the canonical form; a new canonical name creates a unit (named by it) and its aliases.

Each record keeps the alias it was found under (``Record.unit_alias``), so a split moves exactly
the records written that way; a merge moves every alias and record of one unit to another.
Invariant: a unit's name is one of its own aliases, so names stay unique as aliases are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from extractor.unit_names import Place, canonical_unit, place_of, qualify_unit
from service.core.models import Document, Record, Unit, UnitAlias

MAX_NAME = 255  # Unit.name and UnitAlias.alias are VARCHAR(255)


class UnitError(ValueError):
    """A merge or split the registry cannot do (the API answers 422)."""


def document_place(document: Document) -> Place:
    """The place of a stored document: from its extraction, else its own columns."""
    extracted = (document.extraction or {}).get("document") or {}
    if extracted:
        return place_of(extracted)
    return place_of({"issuer": document.issuer, "title": document.title})


def _keys(name: str, place: Place) -> tuple[str, str]:
    """(qualified, canonical) forms of a unit as written."""
    written = qualify_unit(name, province=place.province, city=place.city)
    canonical = canonical_unit(name, province=place.province, city=place.city)
    return written[:MAX_NAME], canonical[:MAX_NAME]


def resolve_units(
    *, session: Session, names: Iterable[str | None], place: Place
) -> dict[str, tuple[int, str]]:
    """Unit as written → (unit id, alias it was found under); new units and aliases are added.

    Flushes but does not commit: the caller commits with the records that use the ids.
    """
    keys = {n: _keys(n, place) for n in {n for n in names if n and n.strip()}}
    if not keys:
        return {}
    wanted = {k for pair in keys.values() for k in pair}
    found: dict[str, int] = dict(
        session.execute(
            select(UnitAlias.alias, UnitAlias.unit_id).where(UnitAlias.alias.in_(wanted))
        ).tuples().all()
    )
    out: dict[str, tuple[int, str]] = {}
    for name, (written, canonical) in sorted(keys.items()):
        unit_id = found.get(written) or found.get(canonical)
        if unit_id is None:
            unit_id = _unit_named(session, canonical, place)
            _add_alias(session, canonical, unit_id, found)
        _add_alias(session, written, unit_id, found)
        out[name] = (unit_id, written)
    session.flush()
    return out


def _unit_named(session: Session, name: str, place: Place) -> int:
    unit_id = session.scalar(select(Unit.id).where(Unit.name == name))
    if unit_id is None:
        unit = Unit(name=name, region=place.city or place.province)
        session.add(unit)
        session.flush()
        unit_id = unit.id
    return unit_id


def _add_alias(session: Session, alias: str, unit_id: int, found: dict[str, int]) -> None:
    if alias not in found:
        session.add(UnitAlias(alias=alias, unit_id=unit_id))
        found[alias] = unit_id


def get_unit(*, session: Session, unit_id: int) -> Unit | None:
    return session.get(Unit, unit_id)


def list_units(
    *, session: Session, q: str | None = None, offset: int = 0, limit: int = 100
) -> tuple[list[Unit], int, dict[int, int]]:
    """Units by name (``q``: a part of the name or of an alias), their count, records per unit."""
    query = select(Unit)
    if q:
        aliased = select(UnitAlias.unit_id).where(UnitAlias.alias.contains(q, autoescape=True))
        query = query.where(Unit.name.contains(q, autoescape=True) | Unit.id.in_(aliased))
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    units = list(
        session.scalars(
            query.options(selectinload(Unit.aliases)).order_by(Unit.name).offset(offset).limit(limit)
        )
    )
    rows = session.execute(
        select(Record.unit_id, func.count())
        .where(Record.unit_id.in_([u.id for u in units]))
        .group_by(Record.unit_id)
    ).tuples()
    records = {unit_id: n for unit_id, n in rows if unit_id is not None}
    return units, count, records


def unit_public(unit: Unit, records: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": unit.id,
        "name": unit.name,
        "region": unit.region,
        "aliases": sorted(a.alias for a in unit.aliases),
    }
    if records is not None:
        out["records"] = records
    return out


def _require(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise LookupError(f"no unit {unit_id}")
    return unit


def merge_units(*, session: Session, unit_id: int, into_id: int) -> Unit:
    """Merge unit ``unit_id`` into ``into_id``: its aliases and records move, it is deleted."""
    if unit_id == into_id:
        raise UnitError("a unit cannot be merged into itself")
    source, target = _require(session, unit_id), _require(session, into_id)
    session.execute(update(UnitAlias).where(UnitAlias.unit_id == source.id).values(unit_id=target.id))
    session.execute(update(Record).where(Record.unit_id == source.id).values(unit_id=target.id))
    session.expunge(source)  # its alias collection is stale: no ORM cascade from it
    session.execute(delete(Unit).where(Unit.id == unit_id))
    session.commit()
    session.expire(target, ["aliases"])
    return target


def split_unit(*, session: Session, unit_id: int, aliases: Sequence[str]) -> Unit:
    """Move ``aliases`` of a unit (and the records found under them) to a new unit.

    The new unit is named by the first alias given. The old unit keeps at least one alias; if
    its name was moved, it is renamed to the first alias it keeps.
    """
    source = _require(session, unit_id)
    moving = list(dict.fromkeys(a.strip() for a in aliases if a and a.strip()))
    if not moving:
        raise UnitError("give at least one alias to split off")
    own = {a.alias: a for a in source.aliases}
    strangers = [a for a in moving if a not in own]
    if strangers:
        raise UnitError(f"not aliases of unit {unit_id}: {', '.join(strangers)}")
    keeping = sorted(a for a in own if a not in moving)
    if not keeping:
        raise UnitError("a split must leave the unit at least one alias (use the unit itself)")
    if source.name in moving:
        source.name = keeping[0]
        session.flush()  # free the name before the new unit takes it
    new = Unit(name=moving[0], region=source.region)
    session.add(new)
    session.flush()
    session.execute(
        update(UnitAlias).where(UnitAlias.alias.in_(moving)).values(unit_id=new.id)
    )
    session.execute(
        update(Record)
        .where(Record.unit_id == source.id, Record.unit_alias.in_(moving))
        .values(unit_id=new.id)
    )
    session.commit()
    session.expire(source, ["aliases"])
    session.expire(new, ["aliases"])
    return new
