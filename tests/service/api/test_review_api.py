"""Review over HTTP: PATCH accept / reject / correct, the audit trail, roles and bad requests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor import Extraction
from extractor.document import Bulletin
from service.core.models import AuditEntry, Document, Record
from service.store.documents import get_document, store_upload
from service.store.records import list_records, save_extraction

TEXT = (
    "4月8日，县卫健委召开疫苗接种工作动员大会。"
    "截至4月20日，全县已有37个村完成了摸底登记，占52个村的71%。"
)
_CUT = TEXT.index("。") + 1
EVENT: dict[str, Any] = {
    "kind": "event", "unit": "县卫健委", "date": "2021-04-08", "what": "召开疫苗接种工作动员大会",
    "milestone": "mobilization_meeting", "evidence": [0, _CUT],
}
METRIC: dict[str, Any] = {
    "kind": "metric", "number": 37, "item": "村", "about": "完成了摸底登记", "as_of": "2021-04-20",
    "of": 52, "rate": 71, "milestone": "survey", "evidence": [_CUT, len(TEXT)],
}
OFFICIAL: dict[str, Any] = {
    "kind": "official", "name": "欧阳青", "titles": ["县卫健委主任"], "roles": [], "evidence": [0, _CUT],
}


def _extraction(records: list[dict[str, Any]]) -> Extraction:
    return Extraction(document=Bulletin(text=TEXT, format="txt"), records=records)


@pytest.fixture
def stored(session: Session) -> tuple[Document, list[Record]]:
    doc, _ = store_upload(session=session, data=TEXT.encode(), filename="接种简报.txt")
    save_extraction(
        session=session, document=doc, extraction=_extraction([EVENT, METRIC, OFFICIAL])
    )
    rows, _ = list_records(session=session, document_id=doc.id)
    by_kind = {r.kind: r for r in rows}
    return doc, [by_kind["event"], by_kind["metric"], by_kind["official"]]


def _patch(api, record_id: int, body: Any, role: str = "reviewer") -> httpx.Response:
    return api.client.patch(f"/api/records/{record_id}", headers=api.headers(role), json=body)


def _history(api, record_id: int) -> list[dict[str, Any]]:
    response = api.get(f"/api/records/{record_id}/history")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["data"])
    return body["data"]


def test_accept(api, stored) -> None:
    _doc, (event, _metric, _official) = stored
    response = _patch(api, event.id, {"action": "accept", "note": "核对原文无误"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "accepted"
    assert api.get(f"/api/records/{event.id}").json()["status"] == "accepted"
    (entry,) = _history(api, event.id)
    assert entry["action"] == "accept"
    assert entry["before"]["status"] == "pending"
    assert entry["after"]["status"] == "accepted"
    assert entry["note"] == "核对原文无误"
    assert entry["actor"].startswith("token ") and "reviewer" in entry["actor"]
    assert entry["at"]


def test_reject(api, stored) -> None:
    _doc, (_event, _metric, official) = stored
    assert _patch(api, official.id, {"action": "reject"}).json()["status"] == "rejected"
    (entry,) = _history(api, official.id)
    assert (entry["before"]["status"], entry["after"]["status"]) == ("pending", "rejected")


def test_correct_a_date_keeps_the_extracted_record(api, stored) -> None:
    _doc, (event, _metric, _official) = stored
    response = _patch(api, event.id, {"action": "correct", "data": {"date": "2021-04-09"}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "corrected"
    assert body["corrected"] == {**EVENT, "date": "2021-04-09"}
    assert body["data"] == EVENT  # the extraction as it was
    assert body["date"] == "2021-04-09"  # the filter column follows the correction
    dated = api.get("/api/records", kind="event", status="corrected").json()
    assert [r["id"] for r in dated["data"]] == [event.id]
    (entry,) = _history(api, event.id)
    assert entry["before"]["record"]["date"] == "2021-04-08"
    assert entry["after"]["record"]["date"] == "2021-04-09"


def test_corrections_add_up_and_each_is_audited(api, stored) -> None:
    _doc, (_event, metric, _official) = stored
    assert _patch(api, metric.id, {"action": "correct", "data": {"number": 38}}).status_code == 200
    second = _patch(api, metric.id, {"action": "correct", "data": {"of": 53, "as_of": "2021-04-21"}})
    assert second.json()["corrected"] == {**METRIC, "number": 38, "of": 53, "as_of": "2021-04-21"}
    history = _history(api, metric.id)
    assert [h["after"]["record"]["number"] for h in history] == [38, 38]
    assert [h["after"]["record"]["of"] for h in history] == [52, 53]


def test_correct_the_unit_refiles_it(api, stored) -> None:
    _doc, (event, _metric, _official) = stored
    before = _patch(api, event.id, {"action": "accept"}).json()["unit_id"]
    after = _patch(api, event.id, {"action": "correct", "data": {"unit": "县疾控中心"}}).json()
    assert after["unit"] == "县疾控中心"
    assert after["unit_id"] not in (None, before)
    units = {u["id"]: u for u in api.get("/api/units").json()["data"]}
    assert units[after["unit_id"]]["name"] == "县疾控中心"


def test_a_review_that_changes_nothing_writes_no_entry(api, stored) -> None:
    _doc, (event, _metric, _official) = stored
    _patch(api, event.id, {"action": "accept"})
    _patch(api, event.id, {"action": "accept"})
    assert len(_history(api, event.id)) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"action": "approve"},
        {"action": "correct"},
        {"action": "correct", "data": {}},
        {"action": "correct", "data": {"date": "2021-13-01"}},
        {"action": "correct", "data": {"date": "2021-02-30"}},
        {"action": "correct", "data": {"date": "四月八日"}},
        {"action": "correct", "data": {"unit": ""}},
        {"action": "correct", "data": {"number": 3}},  # an event has no number
        {"action": "correct", "data": {"kind": "metric"}},
        {"action": "correct", "data": {"milestone": "no_such_step"}},
        {"action": "correct", "data": {"evidence": [5, 2]}},
        {"action": "correct", "data": {"evidence": [0, 100000]}},
        {"action": "reject", "data": {"date": "2021-04-09"}},
        {"action": "accept", "colour": "red"},
        "accept",
    ],
)
def test_bad_reviews_answer_422_and_change_nothing(api, stored, session: Session, body) -> None:
    _doc, (event, _metric, _official) = stored
    response = _patch(api, event.id, body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    record = api.get(f"/api/records/{event.id}").json()
    assert (record["status"], record["corrected"]) == ("pending", None)
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_bad_metric_number(api, stored) -> None:
    _doc, (_event, metric, _official) = stored
    for number in (-1, "三十七", True, None):
        response = _patch(api, metric.id, {"action": "correct", "data": {"number": number}})
        assert response.status_code == 422, number


def test_unknown_record_answers_404(api, stored) -> None:
    assert _patch(api, 999999, {"action": "accept"}).status_code == 404
    assert api.get("/api/records/999999/history").status_code == 404


def test_roles(api, stored, client) -> None:
    _doc, (event, _metric, _official) = stored
    for role in ("viewer", "uploader"):
        response = _patch(api, event.id, {"action": "accept"}, role=role)
        assert response.status_code == 403
        assert "reviewer" in response.json()["detail"]
    assert client.patch(f"/api/records/{event.id}", json={"action": "accept"}).status_code == 401
    assert api.get(f"/api/records/{event.id}").json()["status"] == "pending"
    assert _patch(api, event.id, {"action": "reject"}, role="admin").status_code == 200
    assert api.get(f"/api/records/{event.id}/history", role="viewer").status_code == 200


def test_reprocessing_keeps_what_was_reviewed(api, stored, session: Session) -> None:
    doc, (event, metric, official) = stored
    event_id, metric_id, official_id = event.id, metric.id, official.id
    _patch(api, event_id, {"action": "correct", "data": {"date": "2021-04-09"}})
    _patch(api, official_id, {"action": "reject"})
    # A newer extractor finds the metric again and a new event, and loses the official.
    newer = {**EVENT, "date": "2021-04-10", "what": "召开动员大会"}
    session.expire_all()
    doc = get_document(session=session, document_id=doc.id)
    save_extraction(session=session, document=doc, extraction=_extraction([METRIC, newer]))
    rows = {r["id"]: r for r in api.get("/api/records", document_id=doc.id).json()["data"]}
    assert rows[event_id]["status"] == "corrected"
    assert rows[event_id]["corrected"]["date"] == "2021-04-09"
    assert rows[official_id]["status"] == "rejected"
    assert metric_id not in rows  # pending: replaced by the new extraction's copy
    pending = [r for r in rows.values() if r["status"] == "pending"]
    assert sorted(r["data"]["kind"] for r in pending) == ["event", "metric"]
    assert len(_history(api, event_id)) == 1
