"""The review pages over the real app (SQLite and PostgreSQL): sign-in, roles, CSRF, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.core import sessions
from service.core.models import Role
from service.store.tokens import check_token

BULLETIN = """青禾县防汛工作简报

青禾县防汛抗旱指挥部办公室                 2021年5月20日

5月18日，县水利局召开防汛工作动员大会，部署汛前安全大检查。截至5月19日，全县已检查水库12座。
群众来信写道：<script>alert("xss")</script>，请核实。
""".encode()
OTHER = "县水利局于6月3日组织开展山塘巡查，共排查隐患7处。".encode()


def sign_in(client: TestClient, token: str, next_url: str = "/") -> str:
    """Sign in through the form; returns the CSRF token the pages carry."""
    response = client.post("/login", data={"token": token, "next": next_url}, follow_redirects=False)
    assert response.status_code == 303, response.text
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert token not in cookie  # the API token itself never goes to the browser
    page = client.get("/")
    match = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page.text)
    assert match, page.text
    return match.group(1)


def upload_done(api, data: bytes = BULLETIN, name: str = "简报.txt") -> int:
    doc_id = api.upload(data, name).json()["id"]
    assert api.wait(doc_id)["status"] == "done"
    return doc_id


def test_index_page_signs_in_and_escapes(api) -> None:
    client = api.client
    page = client.get("/")
    assert page.status_code == 200
    assert "令牌" in page.text  # the sign-in form
    assert client.post("/login", data={"token": "错误"}).status_code == 401
    api.upload(OTHER, "<script>alert(1)</script>.txt")
    response = client.post("/login", data={"token": api.tokens["viewer"]}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get("/")
    assert "文档" in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.txt" in page.text
    assert "<script>alert" not in page.text
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert "text/css" in css.headers["content-type"]


def test_pages_need_sign_in(client: TestClient, tokens) -> None:
    for path in ("/documents/1", "/progress"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    login = client.get("/progress")  # follows to the sign-in form
    assert "令牌" in login.text
    assert 'value="/progress"' in login.text


def test_sign_in_goes_back_to_the_page_asked_for(client: TestClient, tokens) -> None:
    response = client.post(
        "/login", data={"token": tokens["viewer"], "next": "/progress"}, follow_redirects=False
    )
    assert response.headers["location"] == "/progress"
    client.cookies.clear()
    response = client.post(
        "/login", data={"token": tokens["viewer"], "next": "//evil.example/"}, follow_redirects=False
    )
    assert response.headers["location"] == "/"


def test_sign_in_from_another_site_is_refused(client: TestClient, tokens) -> None:
    response = client.post(
        "/login",
        data={"token": tokens["admin"]},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert sessions.COOKIE not in response.cookies


def test_sign_out_needs_the_csrf_token(client: TestClient, tokens) -> None:
    csrf = sign_in(client, tokens["viewer"])
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/", follow_redirects=False).text.count("退出") == 1  # still signed in
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.clear()  # the browser drops the expired cookie
    assert "令牌" in client.get("/").text


def test_session_cookie_works_for_the_api_with_csrf(api, client: TestClient, tokens) -> None:
    csrf = sign_in(client, tokens["uploader"])
    assert client.get("/api/documents").status_code == 200  # reading needs no CSRF token
    files = {"file": ("通报.txt", BULLETIN, "text/plain")}
    refused = client.post("/api/documents", files=files)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    wrong = client.post("/api/documents", files=files, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    accepted = client.post("/api/documents", files=files, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 201, accepted.text
    assert api.get("/api/documents").json()["count"] == 1


def test_bearer_token_needs_no_csrf(api, client: TestClient) -> None:
    response = api.upload(BULLETIN)
    assert response.status_code == 201
    # A bearer header is judged alone: a bad one is refused even with a valid session.
    sign_in(client, api.tokens["admin"])
    bad = client.get("/api/documents", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_revoked_token_ends_its_sessions(client: TestClient, session, tokens) -> None:
    sign_in(client, tokens["reviewer"])
    assert client.get("/api/documents").status_code == 200
    check_token(session=session, token=tokens["reviewer"]).revoked = True
    session.commit()
    assert client.get("/api/documents").status_code == 401
    assert "令牌" in client.get("/").text


def test_forged_or_expired_cookie_is_refused(client: TestClient, session, tokens) -> None:
    row = check_token(session=session, token=tokens["admin"])
    good = sessions.new_session(row)
    payload, signature = good.split(".")
    client.cookies.set(sessions.COOKIE, payload + "." + signature[::-1])
    assert client.get("/api/documents").status_code == 401
    client.cookies.set(sessions.COOKIE, sessions.new_session(row, now=0))
    assert client.get("/api/documents").status_code == 401
    client.cookies.set(sessions.COOKIE, good)
    assert client.get("/api/documents").status_code == 200


def test_roles_shape_the_pages(api, client: TestClient, tokens) -> None:
    doc_id = upload_done(api)
    sign_in(client, tokens["viewer"])
    index = client.get("/")
    assert 'id="upload"' not in index.text  # viewers cannot upload
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    assert 'data-action="accept"' not in page.text  # nor review
    client.cookies.clear()
    sign_in(client, tokens["uploader"])
    assert 'id="upload"' in client.get("/").text
    assert 'data-action="accept"' not in client.get(f"/documents/{doc_id}").text
    client.cookies.clear()
    sign_in(client, tokens["reviewer"])
    page = client.get(f"/documents/{doc_id}")
    assert 'data-action="accept"' in page.text
    assert page.text.count('class="record ') >= 1


def test_the_date_field_takes_the_dates_the_store_takes(api, client: TestClient, tokens) -> None:
    """The browser checks a corrected date with the same pattern the store's review does, so a
    value the extractor wrote (XXXX-XX-21) can be saved back and 2005-13-01 is stopped early."""
    doc_id = upload_done(api)
    sign_in(client, tokens["reviewer"])
    patterns = set(re.findall(r'name="date"[^>]*pattern="([^"]+)"', client.get(f"/documents/{doc_id}").text))
    assert len(patterns) == 1
    date_field = re.compile(patterns.pop())
    for value in ("2005-01-17", "2005-01", "2005", "XXXX-01-17", "XXXX-XX-21"):
        assert date_field.fullmatch(value), value
    for value in ("2005-13-01", "2005-1-7", "05-01-17", "XXXX-01-32"):
        assert not date_field.fullmatch(value), value


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_reviewing_from_the_page_needs_the_reviewer_role(api, client, tokens, role) -> None:
    doc_id = upload_done(api)
    record_id = api.get("/api/records", document_id=doc_id).json()["data"][0]["id"]
    csrf = sign_in(client, tokens[role])
    response = client.patch(
        f"/api/records/{record_id}", json={"action": "accept"}, headers={"X-CSRF-Token": csrf}
    )
    allowed = Role(role).rank >= Role.REVIEWER.rank
    assert response.status_code == (200 if allowed else 403), response.text
    without_csrf = client.patch(f"/api/records/{record_id}", json={"action": "reject"})
    assert without_csrf.status_code == 403
    status = api.get(f"/api/records/{record_id}").json()["status"]
    assert status == ("accepted" if allowed else "pending")


def test_review_shows_in_the_card_history_and_board(api, client: TestClient, tokens) -> None:
    doc_id = upload_done(api)
    records = api.get("/api/records", document_id=doc_id, kind="event").json()["data"]
    event = next(r for r in records if r["unit"] and r["milestone"])
    csrf = sign_in(client, tokens["reviewer"])
    headers = {"X-CSRF-Token": csrf}
    old_date = event["date"]
    corrected = client.patch(
        f"/api/records/{event['id']}",
        json={"action": "correct", "data": {"date": "2021-05-17"}, "note": "原文日期有误"},
        headers=headers,
    )
    assert corrected.status_code == 200, corrected.text
    card = client.get(f"/documents/{doc_id}/records/{event['id']}")
    assert card.status_code == 200
    assert 'data-status="corrected"' in card.text
    assert "审核记录（1）" in card.text
    assert f"日期：{old_date or '—'} → 2021-05-17" in card.text
    assert "原文日期有误" in card.text
    board = client.get("/progress")
    cell = re.search(
        rf'<td class="cell-reached" data-unit="[^"]*" data-milestone="{event["milestone"]}"'
        rf'[^>]*>\s*<a href="/documents/{doc_id}#r-{event["id"]}">([^<]*)</a>',
        board.text,
    )
    assert cell, board.text
    assert cell.group(1) == "2021-05-17"


def test_document_text_is_escaped(api, client: TestClient, tokens) -> None:
    doc_id = upload_done(api, name="<b>报</b>.txt")
    sign_in(client, tokens["viewer"])
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;报&lt;/b&gt;.txt" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # Entities are highlighted by label, with a legend.
    assert 'class="ent ent-DATE"' in page.text
    assert 'id="legend"' in page.text


def test_document_list_shows_status_and_counts(api, client: TestClient, tokens) -> None:
    doc_id = upload_done(api)
    sign_in(client, tokens["viewer"])
    page = client.get("/")
    row = re.search(rf'<tr data-id="{doc_id}" data-status="done">(.*?)</tr>', page.text, re.S)
    assert row, page.text
    assert "已完成" in row.group(1)
    assert f'href="/documents/{doc_id}"' in row.group(1)
    pending = api.get("/api/documents").json()["data"][0]["review"]["pending"]
    assert f"<td>{pending}</td>" in row.group(1)


def test_unknown_document_page_is_404(client: TestClient, tokens) -> None:
    sign_in(client, tokens["viewer"])
    assert client.get("/documents/424242").status_code == 404


def test_board_draws_the_metric_series(api, client: TestClient, tokens) -> None:
    doc_id = upload_done(api)
    metrics = api.get("/api/records", document_id=doc_id, kind="metric").json()["data"]
    dated = [m for m in metrics if m["milestone"] and (m["corrected"] or m["data"]).get("as_of")]
    assert dated, metrics
    sign_in(client, tokens["viewer"])
    assert "<polyline" not in client.get("/progress").text  # nothing reviewed yet
    for m in dated:
        response = api.client.patch(
            f"/api/records/{m['id']}", json={"action": "accept"}, headers=api.headers("reviewer")
        )
        assert response.status_code == 200
    board = client.get("/progress").text
    assert '<svg class="chart"' in board
    assert board.count("<circle") >= len(dated)
    assert "水库" in board  # the series is named by its item
    with_pending = client.get("/progress?pending=1").text
    assert "包括待审记录 ·" in with_pending


def test_board_marks_a_milestone_reached_by_a_date(api, client: TestClient, tokens) -> None:
    text = ("青禾县主题教育进展情况通报\n\n青禾县委主题教育办公室        2023年5月6日\n\n"
            "截至4月30日，各单位进展情况如下：\n县审计局：已制定了实施方案。\n").encode()
    doc_id = upload_done(api, text, "进展.txt")
    events = api.get("/api/records", document_id=doc_id, kind="event").json()["data"]
    assert [(e["data"]["unit"], e["data"]["date"], e["data"].get("reached_by")) for e in events] == [
        ("县审计局", "2023-04-30", True)]
    for e in events:
        api.client.patch(f"/api/records/{e['id']}", json={"action": "accept"},
                         headers=api.headers("reviewer"))
    sign_in(client, tokens["viewer"])
    assert "截至 2023-04-30" in client.get("/progress").text


def test_openapi_docs_use_no_cdn(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from service.core.config import Settings
    from service.main import create_app

    app = create_app(Settings(DATABASE_URL=f"sqlite:///{tmp_path / 'docs.sqlite3'}", WORKERS=0))
    with TestClient(app) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        assert "cdn" not in page.text.lower() and "/static/swagger/swagger-ui-bundle.js" in page.text
        assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
        assert "/api/documents" in client.get("/openapi.json").json()["paths"]
