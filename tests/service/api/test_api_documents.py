"""Upload, list and read documents over HTTP, with tokens and limits (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient

from service.core.models import Role

NOTICE = """关于开展防汛安全大检查的通报

第2期

青禾县防汛抗旱指挥部办公室                 2021年5月20日

5月18日，县防汛抗旱指挥部召开防汛工作会议，部署汛前安全大检查。截至5月19日，全县已检查水库12座、堤防35公里。
""".encode()

OTHER = "县水利局于6月3日组织开展山塘巡查，共排查隐患7处。".encode()


def test_healthz_needs_no_token(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_api_needs_a_token(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.get("/api/documents").status_code == 401
    response = client.get("/api/records", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert "detail" in response.json()
    assert response.headers["www-authenticate"] == "Bearer"
    files = {"file": ("a.txt", OTHER)}
    assert client.post("/api/documents", files=files).status_code == 401


def test_roles(api, session) -> None:
    viewer_post = api.upload(OTHER, role="viewer")
    assert viewer_post.status_code == 403
    assert "uploader" in viewer_post.json()["detail"]
    assert api.get("/api/documents", role="viewer").status_code == 200
    for role in (Role.UPLOADER, Role.REVIEWER, Role.ADMIN):
        assert api.upload(OTHER, role=role.value).status_code in (200, 201)


def test_revoked_token_is_refused(api, session) -> None:
    from service.store.tokens import check_token

    row = check_token(session=session, token=api.tokens["admin"])
    row.revoked = True
    session.commit()
    assert api.get("/api/documents", role="admin").status_code == 401


def test_same_bytes_answer_the_first_document(api) -> None:
    first = api.upload(NOTICE, "通报.txt")
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["status"] in ("queued", "processing", "done")
    assert body["sha256"] == hashlib.sha256(NOTICE).hexdigest()
    again = api.upload(NOTICE, "另一个名字.txt")
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert api.get("/api/documents").json()["count"] == 1


def test_upload_is_extracted_and_readable(api) -> None:
    doc_id = api.upload(NOTICE, "防汛通报.txt", reference_date="2021-06-01").json()["id"]
    body = api.wait(doc_id)
    assert body["status"] == "done", body["error"]
    assert body["id"] == doc_id
    assert body["error"] is None
    assert body["reference_date"] == "2021-06-01"
    document = body["document"]
    assert document["filename"] == "防汛通报.txt"
    assert "全县已检查水库12座" in document["text"]
    for entity in body["entities"]:
        assert document["text"][entity["start"] : entity["end"]] == entity["text"]
    assert isinstance(body["records"], list)
    assert set(body["review"]) == {"pending", "accepted", "rejected", "corrected"}
    assert body["review"]["pending"] == len(body["records"])

    listed = api.get("/api/documents").json()
    assert listed["count"] == 1
    [row] = listed["data"]
    assert row["id"] == doc_id
    assert row["status"] == "done"
    assert row["filename"] == "防汛通报.txt"
    assert "text" not in row and "content" not in row


def test_list_is_paginated_newest_first(api) -> None:
    ids = [
        api.upload(f"第{i}份简报：乡镇召开会议。".encode(), f"简报{i}.txt").json()["id"]
        for i in range(3)
    ]
    page = api.get("/api/documents", limit=2).json()
    assert page["count"] == 3
    assert [d["id"] for d in page["data"]] == ids[::-1][:2]
    rest = api.get("/api/documents", limit=2, offset=2).json()
    assert [d["id"] for d in rest["data"]] == [ids[0]]
    assert api.get("/api/documents", limit=0).status_code == 422


def test_corrupt_pdf_is_refused_and_not_stored(api) -> None:
    corrupt = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n" + bytes(range(256)) * 8
    response = api.upload(corrupt, "损坏.pdf")
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert api.get("/api/documents").json()["count"] == 0


def test_empty_upload_is_refused(api) -> None:
    response = api.upload(b"", "空.txt")
    assert response.status_code == 422
    assert response.json()["detail"]
    assert api.get("/api/documents").json()["count"] == 0


def test_missing_file_field_is_refused(api) -> None:
    response = api.client.post("/api/documents", headers=api.headers("uploader"), data={"x": "1"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_bad_reference_date_is_refused(api) -> None:
    response = api.upload(OTHER, reference_date="2021-13-45")
    assert response.status_code == 422
    assert "reference_date" in response.json()["detail"]
    assert api.get("/api/documents").json()["count"] == 0


def test_oversized_upload_is_refused(api, settings) -> None:
    limit = settings.max_upload_bytes
    line = "各乡镇开展安全生产检查。\n".encode()
    just_over = (line * (limit // len(line) + 1))[: limit + 1]  # caught while reading the file
    far_over = line * (3 * limit // len(line))  # caught from Content-Length, before reading
    for data in (just_over, far_over):
        response = api.upload(data, "大文件.txt")
        assert response.status_code == 413
        assert "MB" in response.json()["detail"]
    assert api.get("/api/documents").json()["count"] == 0


def test_unknown_document_is_404(api) -> None:
    response = api.get("/api/documents/999999")
    assert response.status_code == 404
    assert response.json()["detail"]
