"""The progress board: reviewed records feed it; units × milestones, series, completion rates."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor import Extraction
from extractor.document import Bulletin
from extractor.milestones import load_catalogue
from service.core.models import Milestone, Record
from service.store.documents import get_document, store_upload
from service.store.records import add_records, save_extraction

FIRST = (
    "3月2日，县农业农村局召开人居环境整治动员大会。"
    "3月6日，县交通运输局制定了整治实施方案。"
    "截至3月10日，全县已有18个村制定了实施方案，占40个村的45%。"
)
SECOND = (
    "3月4日，县农业农村局制订了实施方案。"
    "截至3月20日，全县已有30个村制定了实施方案。"
)


def _spans(text: str) -> list[list[int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "。":
            out.append([start, i + 1])
            start = i + 1
    return out


def _event(unit: str, date: str, milestone: str, span: list[int]) -> dict[str, Any]:
    return {"kind": "event", "unit": unit, "date": date, "what": "…", "milestone": milestone,
            "evidence": span}


def _save(session: Session, text: str, records: list[dict[str, Any]]) -> int:
    doc, _ = store_upload(session=session, data=text.encode(), filename="进度.txt")
    bulletin = Bulletin(text=text, format="txt", issuer="江临县人居环境整治办公室")
    save_extraction(session=session, document=doc,
                         extraction=Extraction(document=bulletin, records=records))
    return doc.id


@pytest.fixture
def board(session: Session) -> dict[str, Any]:
    """Two bulletins; returns their ids and their records' ids by a short name."""
    s1, s2 = _spans(FIRST), _spans(SECOND)
    d1 = _save(session, FIRST, [
        _event("县农业农村局", "2022-03-02", "mobilization_meeting", s1[0]),
        _event("县交通运输局", "2022-03-06", "plan_made", s1[1]),
        {"kind": "metric", "number": 18, "item": "村", "about": "制定了实施方案",
         "as_of": "2022-03-10", "of": 40, "rate": 45, "milestone": "plan_made", "evidence": s1[2]},
    ])
    d2 = _save(session, SECOND, [
        _event("县农业农村局", "2022-03-04", "plan_made", s2[0]),
        {"kind": "metric", "number": 30, "item": "村", "about": "制定了实施方案",
         "as_of": "2022-03-20", "milestone": "plan_made", "evidence": s2[1]},
    ])
    rows = session.scalars(select(Record).order_by(Record.document_id, Record.id)).all()
    names = ["meeting", "transport_plan", "metric18", "farm_plan", "metric30"]
    return {"docs": (d1, d2), **{n: r.id for n, r in zip(names, rows, strict=True)}}


def _progress(api, **params: Any) -> dict[str, Any]:
    response = api.get("/api/progress", **params)
    assert response.status_code == 200, response.text
    return response.json()


def _accept(api, record_id: int) -> httpx.Response:
    response = api.client.patch(f"/api/records/{record_id}", headers=api.headers("reviewer"),
                                json={"action": "accept"})
    assert response.status_code == 200, response.text
    return response


def _cell(body: dict[str, Any], unit_id: int, milestone: str) -> dict[str, Any]:
    (cell,) = [c for c in body["matrix"] if c["unit_id"] == unit_id and c["milestone"] == milestone]
    return cell


def test_only_reviewed_records_count(api, board) -> None:
    body = _progress(api)
    assert body["units"] == [] and body["matrix"] == []
    assert body["series"]["plan_made"] == []
    keys = [m["key"] for m in body["milestones"]]
    assert keys == load_catalogue().keys()  # the table is seeded from the catalogue

    _accept(api, board["farm_plan"])
    body = _progress(api)
    (unit,) = body["units"]
    assert unit["name"] == "县农业农村局" and unit["reached"] == 1
    cell = _cell(body, unit["id"], "plan_made")
    assert cell == {
        "unit_id": unit["id"], "unit": "县农业农村局", "milestone": "plan_made",
        "reached": True, "date": "2022-03-04", "record_id": board["farm_plan"],
        "document_id": board["docs"][1], "evidence": "3月4日，县农业农村局制订了实施方案。",
        "reached_by": False,
    }
    assert _cell(body, unit["id"], "mobilization_meeting")["reached"] is False
    assert len(body["matrix"]) == len(body["milestones"])  # one row per milestone for the unit
    plan = next(m for m in body["milestones"] if m["key"] == "plan_made")
    assert plan["units_reached"] == 1


def test_rejected_records_never_count(api, board) -> None:
    api.client.patch(f"/api/records/{board['farm_plan']}", headers=api.headers("reviewer"),
                     json={"action": "reject"})
    assert _progress(api)["units"] == []
    assert _progress(api, include_pending="true")["units"] != []
    everything = _progress(api, include_pending="true")
    farm = next(u for u in everything["units"] if u["name"] == "县农业农村局")
    assert _cell(everything, farm["id"], "plan_made")["reached"] is False


def test_pending_records_on_request(api, board) -> None:
    body = _progress(api, include_pending="true")
    assert body["include_pending"] is True
    names = {u["name"]: u for u in body["units"]}
    assert set(names) == {"县农业农村局", "县交通运输局"}
    farm = names["县农业农村局"]
    assert farm["reached"] == 2
    assert body["units"][0]["id"] == farm["id"]  # most milestones first
    assert _cell(body, farm["id"], "mobilization_meeting")["date"] == "2022-03-02"


def test_first_date_wins_and_follows_corrections(api, board, session: Session) -> None:
    # Two records of one unit and milestone: the earlier date is the one on the board.
    doc_id = board["docs"][0]
    later = add_records(
        session=session, document=get_document(session=session, document_id=doc_id),
        records=[_event("县农业农村局", "2022-03-09", "plan_made", [0, 5])],
    )[0].id
    _accept(api, later)
    _accept(api, board["farm_plan"])
    body = _progress(api)
    (farm,) = body["units"]
    assert _cell(body, farm["id"], "plan_made")["record_id"] == board["farm_plan"]
    # A reviewer corrects the later one's date to before: now it is the first.
    response = api.client.patch(f"/api/records/{later}", headers=api.headers("reviewer"),
                                json={"action": "correct", "data": {"date": "2022-03-01"}})
    assert response.status_code == 200
    cell = _cell(_progress(api), farm["id"], "plan_made")
    assert (cell["record_id"], cell["date"]) == (later, "2022-03-01")


def test_series_and_completion(api, board) -> None:
    _accept(api, board["metric30"])
    _accept(api, board["metric18"])
    body = _progress(api)
    points = body["series"]["plan_made"]
    assert [(p["as_of"], p["number"]) for p in points] == [("2022-03-10", 18), ("2022-03-20", 30)]
    first, second = points
    assert (first["of"], first["rate"], first["completion"]) == (40, 45, 0.45)
    assert second["completion"] is None  # no denominator said
    assert first["document_id"] == board["docs"][0] and first["record_id"] == board["metric18"]
    plan = next(m for m in body["milestones"] if m["key"] == "plan_made")
    assert (plan["metrics"], plan["completion"], plan["completion_as_of"]) == (2, 0.45, "2022-03-10")
    latest = _progress(api, series_limit=1)
    assert [p["number"] for p in latest["series"]["plan_made"]] == [30]
    assert next(m for m in latest["milestones"] if m["key"] == "plan_made")["metrics"] == 2
    # the summaries the database computes for a limited series are those of the whole series
    assert latest["milestones"] == body["milestones"]
    assert api.get("/api/progress", series_limit=0).status_code == 422

    corrected = api.client.patch(f"/api/records/{board['metric30']}",
                                 headers=api.headers("reviewer"),
                                 json={"action": "correct", "data": {"of": 40}})
    assert corrected.status_code == 200
    plan = next(m for m in _progress(api)["milestones"] if m["key"] == "plan_made")
    assert (plan["completion"], plan["completion_as_of"]) == (0.75, "2022-03-20")


def test_milestone_table_is_seeded_and_kept(api, session: Session) -> None:
    _progress(api)  # an emptied table is filled again on the next board
    keys = list(session.scalars(select(Milestone.key).order_by(Milestone.order)))
    assert keys == load_catalogue().keys()


def test_progress_needs_a_token(client) -> None:
    assert client.get("/api/progress").status_code == 401


def test_a_milestone_reached_by_a_date_says_so(api, session: Session) -> None:
    text = "截至4月30日，各单位进展如下：\n县审计局：已制定了实施方案。\n"
    event = {**_event("县审计局", "2022-04-30", "plan_made", [16, len(text)]), "reached_by": True}
    _save(session, text, [event, _event("县统计局", "2022-04-12", "plan_made", [0, 15])])
    for rid in session.scalars(select(Record.id)):
        _accept(api, rid)
    body = _progress(api)
    cells = {c["unit"]: c for c in body["matrix"] if c["milestone"] == "plan_made" and c["reached"]}
    assert {u: (c["date"], c["reached_by"]) for u, c in cells.items()} == {
        "县审计局": ("2022-04-30", True), "县统计局": ("2022-04-12", False)}
