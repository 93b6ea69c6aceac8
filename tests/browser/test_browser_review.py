"""The review pages in a real browser: sign in, upload, review from the keyboard, watch the
progress board change, export Excel; sign-in required and roles enforced."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.support import ROOT, needs_chromium

pytestmark = needs_chromium
BULLETIN = ROOT / "corpora" / "bulletins" / "09-jiangsu-2013-anquanjiancha.txt"
NEW_DATE = "2013-07-30"


def sign_in(page: Page, server: Any, role: str, path: str = "/") -> None:
    page.goto(path)
    expect(page.locator("#token")).to_be_visible()
    page.fill("#token", server.tokens[role])
    page.click("form[action='/login'] button[type=submit]")
    expect(page.locator("meta[name=csrf-token]")).to_have_count(1)


def test_sign_in_required_and_roles_enforced(page: Page, server: Any) -> None:
    page.goto("/progress")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fprogress$"))
    page.fill("#token", "不是令牌")
    page.click("form[action='/login'] button[type=submit]")
    expect(page.locator(".error")).to_contain_text("令牌无效")
    page.fill("#token", server.tokens["viewer"])
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/progress$"))
    expect(page.locator("h1")).to_have_text("进度看板")
    page.goto("/")
    expect(page.locator("#upload")).to_have_count(0)  # a viewer cannot upload
    # Nor change anything through the API with its session, even with the CSRF token.
    status = page.evaluate(
        """async () => {
          const csrf = document.querySelector('meta[name=csrf-token]').content;
          const body = new FormData();
          body.append('file', new Blob(['县政府召开会议。']), 'a.txt');
          const r = await fetch('/api/documents', {method: 'POST', body, headers: {'X-CSRF-Token': csrf}});
          return r.status;
        }"""
    )
    assert status == 403
    # The HttpOnly cookie is out of the page script's reach.
    assert "jianbao_session" not in page.evaluate("document.cookie")
    page.click("#logout")
    expect(page.locator("#token")).to_be_visible()
    page.goto("/")
    expect(page.locator("#token")).to_be_visible()


def _select_event(page: Page) -> tuple[str, str]:
    """Press j until an event record with a unit and a milestone is selected; its id, milestone."""
    cards = page.locator("section.record")
    for _ in range(cards.count()):
        card = page.locator("section.record.selected")
        fields = card.locator("dd[data-field=milestone]")
        pending = card.get_attribute("data-status") == "pending"
        if pending and card.get_attribute("data-kind") == "event" and fields.inner_text() != "—":
            if card.locator("dd[data-field=unit]").inner_text() != "—":
                return card.get_attribute("data-id") or "", fields.inner_text()
        page.keyboard.press("j")
    raise AssertionError("no event record with a unit and a milestone")


def test_upload_review_board_and_export(page: Page, server: Any, tmp_path: Path) -> None:
    sign_in(page, server, "reviewer")
    page.set_input_files("#file", str(BULLETIN))
    page.click("#upload button[type=submit]")
    done = page.locator("#documents tr[data-status=done]")
    expect(done).to_have_count(1, timeout=60_000)
    done.locator("a").first.click()
    expect(page.locator("#legend")).to_be_visible()
    expect(page.locator("#text .ent-UNIT").first).to_be_visible()

    # Accept the first record from the keyboard.
    first = page.locator("section.record").first
    expect(first).to_have_class(re.compile(r"\bselected\b"))
    first_id = first.get_attribute("data-id")
    page.keyboard.press("a")
    accepted = page.locator(f"#r-{first_id}")
    expect(accepted).to_have_attribute("data-status", "accepted")
    expect(accepted.locator("summary")).to_have_text("审核记录（1）")

    # The board before the correction: the (pending) event is not on it.
    record_id, milestone_name = _select_event(page)
    document_url = page.url.split("#")[0]
    record = page.request.get(f"/api/records/{record_id}").json()
    unit_cell = f"#matrix td[data-milestone='{record['milestone']}'] a[href$='#r-{record_id}']"
    page.goto("/progress")
    expect(page.locator("h1")).to_have_text("进度看板")
    expect(page.locator(unit_cell)).to_have_count(0)

    # Back to the record (the link selects it); e opens the form, Enter saves the new date.
    page.goto(f"{document_url}#r-{record_id}")
    card = page.locator(f"#r-{record_id}")
    expect(card).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("e")
    expect(card.locator("form.correct")).to_be_visible()
    expect(card.locator("form.correct input").first).to_be_focused()
    date_input = card.locator("input[name=date]")
    date_input.fill(NEW_DATE)
    date_input.press("Enter")
    expect(card).to_have_attribute("data-status", "corrected")
    expect(card.locator("dd[data-field=date]")).to_have_text(NEW_DATE)
    card.locator("summary").click()
    expect(card.locator(".history")).to_contain_text(f"→ {NEW_DATE}")

    # The board now shows the unit reaching the milestone on the corrected date, with a link
    # to the evidence.
    page.goto("/progress")
    link = page.locator(unit_cell)
    expect(link).to_have_text(NEW_DATE)
    expect(page.locator("#matrix thead th", has_text=milestone_name)).to_have_count(1)
    link.click()
    expect(page.locator(f"#r-{record_id}")).to_have_class(re.compile(r"\bselected\b"))
    expect(page.locator("#text .evid").first).to_be_visible()

    # Export the records to Excel and read the file back.
    page.goto("/progress")
    with page.expect_download() as download:
        page.click("#export-records-xlsx")
    path = tmp_path / "records.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True))
    header_row = rows[0]
    assert {"记录编号", "审核状态", "日期", "单位", "里程碑"} <= set(header_row)
    by_id = {r[header_row.index("记录编号")]: dict(zip(header_row, r, strict=True)) for r in rows[1:]}
    assert by_id[int(record_id)]["审核状态"] == "已更正"
    assert by_id[int(record_id)]["日期"] == NEW_DATE
    assert by_id[int(record_id)]["里程碑"] == milestone_name
    assert by_id[int(first_id or 0)]["审核状态"] == "已接受"
