"""Exports over the real app (SQLite and PostgreSQL): Excel and CSV with Chinese headers,
training data from reviewed documents."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from service.core.models import DocumentStatus, RecordStatus
from service.store.documents import store_upload
from service.store.records import add_records, list_records

RECORDS = [
    {"kind": "event", "unit": "县水利局", "date": "2021-05-18", "what": "召开防汛工作动员大会",
     "milestone": "mobilization_meeting", "evidence": [0, 21]},
    {"kind": "metric", "number": 12, "item": "水库", "about": "检查", "as_of": "2021-05-19",
     "milestone": "inspection", "evidence": [21, 39]},
    {"kind": "official", "name": "张明", "titles": ["县长", "县防汛抗旱指挥部指挥长"], "roles": [],
     "evidence": [39, 54]},
    {"kind": "event", "unit": "=HYPERLINK(\"http://x\")", "date": "2021-05-20", "what": "巡查",
     "milestone": None, "evidence": None},
]  # fmt: skip
TEXT = "5月18日，县水利局召开防汛工作动员大会。截至5月19日，全县已检查水库12座。县长张明同志出席会议并讲话。"


def stored(session, title: str = "防汛简报", text: str = TEXT, sha: str = "a") -> int:
    doc, _ = store_upload(session=session, data=(sha + text).encode(), filename="防汛.txt")
    doc.title = title
    doc.extraction = {
        "document": {"text": text, "sha256": doc.sha256, "filename": "防汛.txt"},
        "entities": [
            {"label": "UNIT", "text": "县水利局", "start": 6, "end": 10},
            {"label": "PERSON", "text": "张明", "start": 42, "end": 44},
            {"label": "DATE", "text": "5月18日", "start": 0, "end": 5},
        ],
    }
    doc.status = DocumentStatus.DONE
    session.commit()
    add_records(session=session, document=doc, records=RECORDS)
    return doc.id


def test_exports_need_a_viewer(client, tokens) -> None:
    for path in ("/api/exports/records.xlsx", "/api/exports/records.csv",
                 "/api/exports/training.jsonl", "/api/exports/training.bio"):  # fmt: skip
        assert client.get(path).status_code == 401
        ok = client.get(path, headers={"Authorization": f"Bearer {tokens['viewer']}"})
        assert ok.status_code == 200, ok.text


def test_records_to_excel_read_back(api, session) -> None:
    doc_id = stored(session)
    response = api.get("/api/exports/records.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    for name in ("记录编号", "文档标题", "类型", "审核状态", "单位", "里程碑", "日期", "数量"):
        assert name in header
    assert len(rows) == 1 + len(RECORDS)
    by = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    event = next(r for r in by if r["单位"] == "县水利局")
    assert event["文档编号"] == doc_id
    assert event["文档标题"] == "防汛简报"
    assert event["类型"] == "事件"
    assert event["审核状态"] == "待审"
    assert event["里程碑"] == "召开动员大会"
    assert event["日期"] == "2021-05-18"
    assert event["证据原文"] == "5月18日，县水利局召开防汛工作动员大会。"
    metric = next(r for r in by if r["类型"] == "指标")
    assert metric["数量"] == 12  # a number cell, not text
    assert metric["日期"] == "2021-05-19"
    official = next(r for r in by if r["类型"] == "人员")
    assert official["姓名"] == "张明"
    assert official["职务"] == "县长、县防汛抗旱指挥部指挥长"
    # Text that looks like a formula stays text.
    cells = [c for row in sheet.iter_rows() for c in row if c.value == RECORDS[3]["unit"]]
    assert cells and cells[0].data_type == "s"


def test_records_filter_and_reviewed_version(api, session) -> None:
    stored(session)
    row = list_records(session=session, kind="metric")[0][0]
    row.corrected = {**row.data, "number": 15}
    row.status = RecordStatus.CORRECTED
    session.commit()
    response = api.get("/api/exports/records.xlsx", kind="metric")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["数量"] == 15
    assert record["审核状态"] == "已更正"
    assert api.get("/api/exports/records.xlsx", status="nonsense").status_code == 422


def test_records_to_csv_with_bom(api, session) -> None:
    stored(session)
    response = api.get("/api/exports/records.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["记录编号", "文档编号", "文档标题", "类型", "审核状态"]
    assert len(rows) == 1 + len(RECORDS)
    units = [r[rows[0].index("单位")] for r in rows[1:]]
    assert "县水利局" in units
    assert "'=HYPERLINK(\"http://x\")" in units  # no formula for Excel to run


def test_training_data_only_from_reviewed_documents(api, session) -> None:
    reviewed = stored(session, sha="a")
    stored(session, title="未审", sha="b")
    for row in list_records(session=session, document_id=reviewed)[0]:
        row.status = RecordStatus.ACCEPTED
    session.commit()
    lines = api.get("/api/exports/training.jsonl").text.splitlines()
    assert len(lines) == 1
    example = json.loads(lines[0])
    assert example["text"] == TEXT
    spans = {tuple(s) for s in example["spans"]}
    assert (6, 10, "UNIT") in spans
    assert (42, 44, "PERSON") in spans
    bio = api.get("/api/exports/training.bio").text.splitlines()
    assert "县\tB-UNIT" in bio
    assert "局\tI-UNIT" in bio
    assert "张\tB-PERSON" in bio
    assert "5\tB-DATE" not in bio  # only the model labels are exported


def test_progress_board_to_excel_and_csv(api, session) -> None:
    stored(session)
    event = api.get("/api/records", kind="event", unit="县水利局").json()["data"][0]
    response = api.client.patch(
        f"/api/records/{event['id']}", json={"action": "accept"}, headers=api.headers("reviewer")
    )
    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(api.get("/api/exports/progress.xlsx").content))
    assert book.sheetnames == ["进度矩阵", "完成率", "指标序列"]
    rows = list(book["进度矩阵"].iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "里程碑", "状态", "达成日期")
    cells = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    reached = [c for c in cells if c["状态"] == "已达成"]
    assert len(reached) == 1
    assert reached[0]["里程碑"] == "召开动员大会"
    assert reached[0]["达成日期"] == "2021-05-18"
    assert reached[0]["记录编号"] == event["id"]
    assert "水利局" in reached[0]["单位"]
    rates = list(book["完成率"].iter_rows(values_only=True))
    assert rates[0][:3] == ("里程碑", "达成单位数", "单位总数")
    mobilization = next(r for r in rates[1:] if r[0] == "召开动员大会")
    assert mobilization[1:4] == (1, 1, 1)
    csv_bytes = api.get("/api/exports/progress.csv").content
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert lines[0][:3] == ["单位", "里程碑", "状态"]
    assert sum(1 for line in lines[1:] if line[2] == "已达成") == 1
