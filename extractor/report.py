"""A readable Rich view of one extraction (``jianbao extract --format table``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from extractor.extraction import Extraction


def print_table(result: Extraction, console: Console | None = None) -> None:
    console = console or Console()
    d = result.document
    head = Table(title=d.title or d.filename or "文档", show_header=False)
    for k, v in [("文件", d.filename), ("格式", d.format), ("期号", d.issue_no),
                 ("编印单位", d.issuer), ("日期", d.date), ("发文字号", d.doc_number)]:
        if v:
            head.add_row(k, str(v))
    for key, names in d.distribution.items():
        head.add_row(key, "，".join(names))
    for w in d.warnings:
        head.add_row("警告", w)
    console.print(head)
    if d.sections:
        sec = Table(title="栏目 / 文章")
        sec.add_column("#")
        sec.add_column("栏目")
        sec.add_column("标题")
        sec.add_column("字符")
        for i, s in enumerate(d.sections, 1):
            sec.add_row(str(i), s.column or "", s.title, f"{s.start}–{s.end}")
        console.print(sec)
    ents = Table(title=f"实体（{len(result.entities)}）")
    for col in ("类别", "文本", "值", "位置", "来源"):
        ents.add_column(col)
    for e in result.entities:
        ents.add_row(e.label, e.text, "" if e.value is None else str(e.value),
                     f"{e.start}–{e.end}", e.source)
    console.print(ents)
    if result.records:
        recs = Table(title=f"记录（{len(result.records)}）")
        for col in ("类型", "内容", "里程碑"):
            recs.add_column(col)
        for r in result.records:
            body = {k: v for k, v in r.items() if k not in ("kind", "milestone", "evidence")}
            recs.add_row(r["kind"], str(body), str(r.get("milestone") or ""))
        console.print(recs)
