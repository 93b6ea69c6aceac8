"""The unit registry in the store: mentions filed under canonical units, merge and split."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor import Extraction
from extractor.document import Bulletin
from service.core.models import Record, Unit, UnitAlias
from service.store import units
from service.store.documents import get_document, store_upload
from service.store.records import add_records, save_extraction


def _event(unit: str, date: str, milestone: str = "meeting_held") -> dict[str, Any]:
    return {"kind": "event", "unit": unit, "date": date, "what": "召开会议",
            "milestone": milestone, "evidence": [0, 4]}


def _save(session: Session, name: str, records: list[dict[str, Any]], **structure: Any) -> int:
    text = f"{name}：" + "；".join(r["unit"] for r in records) + "。"
    doc, _ = store_upload(session=session, data=text.encode(), filename=f"{name}.txt")
    bulletin = Bulletin(text=text, format="txt", **structure)
    save_extraction(
        session=session, document=doc, extraction=Extraction(document=bulletin, records=records)
    )
    return doc.id


def _unit_of(session: Session, document_id: int, unit: str) -> int | None:
    query = select(Record.unit_id).where(Record.document_id == document_id, Record.unit == unit)
    return session.scalar(query)


def _aliases(session: Session, unit_id: int) -> set[str]:
    return set(session.scalars(select(UnitAlias.alias).where(UnitAlias.unit_id == unit_id)))


def test_mentions_of_one_unit_meet_across_documents(session: Session) -> None:
    first = _save(session, "简报一", [_event("省直工委", "2023-03-01"), _event("省人社厅", "2023-03-02")],
                  issuer="中共湖南省委办公厅")
    second = _save(session, "简报二", [_event("中共湖南省直属机关工作委员会", "2023-03-05"),
                                      _event("湖南省人力资源和社会保障厅", "2023-03-06")],
                   title="湖南省工作动态")
    works = _unit_of(session, first, "省直工委")
    assert works is not None
    assert _unit_of(session, second, "中共湖南省直属机关工作委员会") == works
    assert _unit_of(session, first, "省人社厅") == _unit_of(
        session, second, "湖南省人力资源和社会保障厅"
    )
    assert session.get(Unit, works).name == "湖南省直属机关工作委员会"
    assert {"湖南省直工委", "湖南省直属机关工作委员会"} <= _aliases(session, works)
    assert session.scalar(select(func.count()).select_from(Unit)) == 2


def test_the_same_short_name_in_two_provinces_is_two_units(session: Session) -> None:
    a = _save(session, "湘", [_event("省教育厅", "2023-04-01")], issuer="湖南省教育厅办公室")
    b = _save(session, "赣", [_event("省教育厅", "2023-04-01")], issuer="江西省教育厅办公室")
    ua, ub = _unit_of(session, a, "省教育厅"), _unit_of(session, b, "省教育厅")
    assert ua and ub and ua != ub
    assert session.get(Unit, ua).name == "湖南省教育厅"


def test_records_without_a_unit_have_none(session: Session) -> None:
    metric = {"kind": "metric", "number": 5, "item": "个", "as_of": None, "evidence": [0, 4]}
    doc_id = _save(session, "无单位", [_event("县委", "2023-01-01")])
    doc = get_document(session=session, document_id=doc_id)
    add_records(session=session, document=doc, records=[metric])
    rows = session.scalars(select(Record).where(Record.kind == "metric")).all()
    assert [r.unit_id for r in rows] == [None]


@pytest.fixture
def merged_pair(session: Session) -> tuple[int, int, int, int]:
    """Two units a reviewer may want as one: the registry has no rule joining 应急办 and 应急管理局."""
    d1 = _save(session, "一", [_event("市应急办", "2023-05-01")], issuer="株洲市应急管理局")
    d2 = _save(session, "二", [_event("市应急管理局", "2023-05-02")], issuer="株洲市应急管理局")
    return d1, d2, _unit_of(session, d1, "市应急办"), _unit_of(session, d2, "市应急管理局")


def test_merge_moves_aliases_and_records(session: Session, merged_pair) -> None:
    d1, d2, small, big = merged_pair
    assert small != big
    small_aliases = _aliases(session, small)
    units.merge_units(session=session, unit_id=small, into_id=big)
    session.expire_all()
    assert session.get(Unit, small) is None
    assert _unit_of(session, d1, "市应急办") == big
    assert small_aliases <= _aliases(session, big)
    # A later mention of the merged name goes to the unit it was merged into.
    d3 = _save(session, "三", [_event("市应急办", "2023-06-01")], issuer="株洲市应急管理局")
    assert _unit_of(session, d3, "市应急办") == big


def test_split_moves_the_aliases_and_their_records(session: Session, merged_pair) -> None:
    d1, d2, small, big = merged_pair
    units.merge_units(session=session, unit_id=small, into_id=big)
    new = units.split_unit(session=session, unit_id=big, aliases=["株洲市应急办"])
    session.expire_all()
    assert new.name == "株洲市应急办"
    assert _aliases(session, new.id) == {"株洲市应急办"}
    assert _unit_of(session, d1, "市应急办") == new.id
    assert _unit_of(session, d2, "市应急管理局") == big
    assert "株洲市应急办" not in _aliases(session, big)
    d3 = _save(session, "三", [_event("市应急办", "2023-06-01")], issuer="株洲市应急管理局")
    assert _unit_of(session, d3, "市应急办") == new.id


def test_split_of_the_name_renames_the_unit(session: Session, merged_pair) -> None:
    _d1, _d2, small, big = merged_pair
    units.merge_units(session=session, unit_id=small, into_id=big)
    name = session.get(Unit, big).name
    new = units.split_unit(session=session, unit_id=big, aliases=[name])
    session.expire_all()
    assert new.name == name
    left = session.get(Unit, big)
    assert left.name != name and left.name in _aliases(session, big)


@pytest.mark.parametrize("aliases", [[], ["  "], ["不相干的单位"]])
def test_bad_splits(session: Session, merged_pair, aliases: list[str]) -> None:
    _d1, _d2, small, _big = merged_pair
    with pytest.raises(units.UnitError):
        units.split_unit(session=session, unit_id=small, aliases=aliases)


def test_a_split_must_leave_an_alias(session: Session, merged_pair) -> None:
    _d1, _d2, small, _big = merged_pair
    with pytest.raises(units.UnitError):
        units.split_unit(session=session, unit_id=small, aliases=list(_aliases(session, small)))


def _post(api, path: str, body: Any, role: str = "reviewer") -> httpx.Response:
    return api.client.post(path, headers=api.headers(role), json=body)


def test_units_api(api, session: Session, merged_pair) -> None:
    d1, _d2, small, big = merged_pair
    listed = api.get("/api/units").json()
    assert listed["count"] == 2
    by_id = {u["id"]: u for u in listed["data"]}
    assert "株洲市应急办" in by_id[small]["aliases"]
    assert by_id[small]["records"] == 1
    assert [u["id"] for u in api.get("/api/units", q="应急办").json()["data"]] == [small]

    assert _post(api, f"/api/units/{small}/merge", {"into": big}, role="viewer").status_code == 403
    assert _post(api, f"/api/units/{small}/merge", {"into": small}).status_code == 422
    assert _post(api, f"/api/units/{small}/merge", {"into": 999999}).status_code == 404
    assert _post(api, "/api/units/999999/merge", {"into": big}).status_code == 404
    assert _post(api, f"/api/units/{small}/merge", {}).status_code == 422
    merged = _post(api, f"/api/units/{small}/merge", {"into": big})
    assert merged.status_code == 200, merged.text
    assert "株洲市应急办" in merged.json()["aliases"]
    assert api.get(f"/api/units/{small}").status_code == 404
    assert api.get("/api/records", unit_id=big).json()["count"] == 2

    assert _post(api, f"/api/units/{big}/split", {"aliases": ["无此别名"]}).status_code == 422
    assert _post(api, f"/api/units/{big}/split", {"aliases": []}).status_code == 422
    split = _post(api, f"/api/units/{big}/split", {"aliases": ["株洲市应急办"]})
    assert split.status_code == 201, split.text
    new = split.json()
    assert new["aliases"] == ["株洲市应急办"]
    moved = api.get("/api/records", unit_id=new["id"]).json()["data"]
    assert [r["document_id"] for r in moved] == [d1]
