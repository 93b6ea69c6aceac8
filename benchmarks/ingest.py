"""Ingest speed: our PDF reading against pdftotext, and .txt/.docx throughput, with memory.

    .venv/bin/python benchmarks/ingest.py [--pages 50]

Generates its inputs in a temporary directory (reportlab with the WenQuanYi CJK font,
python-docx), times each reader on the same file in the same run and prints one table.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import shutil
import subprocess
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from extractor.parse import parse_bytes
from extractor.parse.docx import parse_docx
from extractor.parse.pdf import parse_pdf
from extractor.parse.text import parse_text

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
# Generic bulletin vocabulary for synthetic paragraphs (no real document's wording).
PHRASES = ["各单位", "认真贯彻", "会议精神", "加强组织领导", "制定实施方案", "召开动员大会",
           "扎实推进", "工作任务", "截至目前", "全市", "已完成", "督导检查", "存在问题",
           "下一步", "抓好落实", "确保取得实效", "有关部门", "按照要求", "及时上报"]



def pages_per_s(pages: int, seconds: float) -> str:
    return f"{pages / seconds:.1f} pages/s"

def paragraph(rng: random.Random) -> str:
    parts = [rng.choice(PHRASES) + ("，" if rng.random() < 0.7 else "") for _ in range(rng.randint(8, 20))]
    parts.insert(rng.randrange(len(parts)), f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
    return "".join(parts).rstrip("，") + "。"


def make_pdf(pages: int, path: Path, rng: random.Random) -> None:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    body = ParagraphStyle("b", fontName="WQY", fontSize=16, leading=28, firstLineIndent=32, wordWrap="CJK")
    head = ParagraphStyle("h", fontName="WQY", fontSize=20, leading=34, alignment=TA_CENTER)
    story: list[object] = []
    for n in range(pages):
        story.append(Paragraph(f"第{n + 1}部分工作情况", head))
        story += [Paragraph(paragraph(rng), body) for _ in range(5)]
        story.append(PageBreak())

    def foot(canvas: object, doc: object) -> None:
        canvas.setFont("WQY", 12)  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, 36, f"— {doc.page} —")  # type: ignore[attr-defined]

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=foot, onLaterPages=foot)


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text, style="Heading 1" if i % 10 == 0 else None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def measure(fn: Callable[[], object]) -> tuple[float, float]:
    """Seconds and peak traced Python memory (MB) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def timed(fn: Callable[[], object], repeat: int = 2) -> float:
    """Best of ``repeat`` runs (the first also pays for imports and caches)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=50)
    args = ap.parse_args()
    rng = random.Random(2005)
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / "bench.pdf"
        make_pdf(args.pages, pdf_path, rng)
        data = pdf_path.read_bytes()
        seconds = timed(lambda: parse_pdf(data))  # without tracemalloc, which slows Python down
        _, peak = measure(lambda: parse_pdf(data))
        rows.append(("pdf: parse_pdf", pages_per_s(args.pages, seconds), f"{seconds:.2f}", f"{peak:.0f}"))
        seconds = timed(lambda: parse_bytes(data, "bench.pdf"))
        rows.append(("pdf: parse_bytes (+structure)", pages_per_s(args.pages, seconds), f"{seconds:.2f}",
                     "-"))
        if shutil.which("pdftotext"):
            seconds = timed(lambda: subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"],
                                                   check=True, capture_output=True))
            rows.append(("pdf: pdftotext -layout", pages_per_s(args.pages, seconds), f"{seconds:.2f}", "-"))
    paragraphs = [paragraph(rng) for _ in range(20000)]
    text = "\n\n".join(paragraphs)
    for label, raw in (("txt: utf-8", text.encode("utf-8")), ("txt: gb18030", text.encode("gb18030"))):
        seconds = timed(lambda raw=raw: parse_text(raw))
        _, peak = measure(lambda raw=raw: parse_text(raw))
        rows.append((label, f"{len(text) / seconds / 1e6:.2f} M chars/s", f"{seconds:.2f}", f"{peak:.0f}"))
    docx_data = make_docx(paragraphs[:5000])
    chars = sum(len(p) for p in paragraphs[:5000])
    seconds = timed(lambda: parse_docx(docx_data))
    _, peak = measure(lambda: parse_docx(docx_data))
    rows.append(("docx: parse_docx", f"{chars / seconds / 1e6:.2f} M chars/s", f"{seconds:.2f}",
                 f"{peak:.0f}"))
    print(f"{'reader':32} {'speed':>18} {'seconds':>8} {'peak MB':>8}")
    for row in rows:
        print(f"{row[0]:32} {row[1]:>18} {row[2]:>8} {row[3]:>8}")
    print(f"txt: {len(text):,} chars; docx: {chars:,} chars in 5,000 paragraphs; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
