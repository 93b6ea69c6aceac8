"""Score the date and numeral normalisers on public test suites (corpus zh-time-number-testcases).

The suites come from cn2an, JioNLP and Duckling (see the corpus's SOURCE.md); they are read from
the corpora folder at run time and never copied into the project. Each case is first classified:
in scope (a form this project normalises: numerals; absolute and partial dates such as
2005年1月17日, 1月17日, 21日, 2023-10-31; relative years 去年/今年/明年) or skipped with a reason.
The scope is decided from the input text alone, so a form in scope that the rules miss fails.

A year-less date is resolved with the case's reference time as the document's date: both suites
put 9月30日 in the reference year, which is the CONTRACT rule for a document date.

    python -m extractor.evaluation.testcases [CORPORA_DIR]
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.corpora import corpora_dir as corpora_dir_setting
from extractor.rules.counts import find_counts
from extractor.rules.dates import find_dates, resolve_dates
from extractor.rules.numerals import digits_to_int, int_to_cn, parse_number

CORPUS = "zh-time-number-testcases"
UTC8 = dt.timezone(dt.timedelta(hours=8))

_CN = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億貳參陸兩廿卅"
_CN_DIGIT = "零〇○一二三四五六七八九壹贰叁肆伍陆柒捌玖貳參陸"
_ARABIC = r"\d+(?:[,，]\d{3})*(?:[.．]\d+)?"
# Numerals: Arabic (万/亿 allowed after), or Chinese with an optional decimal part.
NUMERAL_SCOPE = re.compile(rf"^(?:{_ARABIC}[万亿萬億]*|[{_CN}]+(?:[点點][{_CN_DIGIT}]+)?)$")
# Dates: 4-digit year first (Arabic or digit by digit), month, day; numeric Y-M-D; relative years.
_Y, _N = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})", rf"(?:\d{{1,2}}|[{_CN_DIGIT}十廿卅]{{1,3}})"
DATE_SCOPE = re.compile(
    rf"^(?:(?:{_Y}年|去年|今年|明年|前年|上年)(?:{_N}月份?(?:{_N}[日号號])?)?"
    rf"|{_N}月份?(?:{_N}[日号號])?|{_N}[日号號]|\d{{4}}([-/.])\d{{1,2}}\1\d{{1,2}})$"
)
MONEY_SCOPE = re.compile(rf"^(?:{_ARABIC}|[{_CN}]+)[万亿]?(?:元|美元|港元|欧元)$")


@dataclass
class Tally:
    """Pass/fail/skip counts of one file, with the first failures and the skip reasons."""

    passed: int = 0
    failed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def check(self, ok: bool, case: str, got: Any, want: Any) -> None:
        if ok:
            self.passed += 1
            return
        self.failed += 1
        if len(self.failures) < 25:
            self.failures.append({"case": case, "got": got, "want": want})

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n

    def report(self) -> dict[str, Any]:
        run = self.passed + self.failed
        return {
            "passed": self.passed,
            "failed": self.failed,
            "skipped": sum(self.skipped.values()),
            "pass_rate": round(self.passed / run, 4) if run else None,
            "skip_reasons": dict(self.skipped),
            "failures": self.failures,
        }


def _same_number(got: Any, want: Any) -> bool:
    try:
        return abs(float(got) - float(want)) <= 1e-9 * max(1.0, abs(float(want)))
    except (TypeError, ValueError):
        return False


def _parse_or_none(text: str) -> int | float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _cn2an_numbers(cases: dict[str, Any], t: Tally) -> None:
    for mode in ("strict_data_dict", "normal_data_dict", "smart_data_dict"):
        for text, want in cases.get(mode, {}).items():
            if not NUMERAL_SCOPE.match(text):
                t.skip("money, negative or mixed-script numeral")
                continue
            got = _parse_or_none(text)
            t.check(_same_number(got, want), text, got, want)
    for text, want in cases.get("direct_data_dict", {}).items():
        if not text or any(c not in _CN_DIGIT for c in text):
            t.skip("digit-by-digit form with a sign, point or 幺")
            continue
        got_int = digits_to_int(text)
        t.check(got_int == int(want), text, got_int, want)
    for mode in ("error_normal_datas", "error_smart_datas"):
        for text in cases.get(mode, []):
            got = _parse_or_none(text)
            t.check(got is None, text, got, "ValueError")
    t.skip(
        "strict-mode errors (this project reads 一一 digit by digit)",
        len(cases.get("error_strict_datas", [])),
    )


def _cn2an_words(cases: dict[str, Any], t: Tally) -> None:
    for number, forms in cases.get("input_data", {}).items():
        value = float(number)
        if "." in number or "e" in number or not value.is_integer():
            t.skip("decimal (int_to_cn is integers only)")
            continue
        got = int_to_cn(int(value))
        t.check(got == forms[0], number, got, forms[0])
    t.skip(
        "scientific notation or error input",
        len(cases.get("scientific_input_data", {})) + len(cases.get("error_input_data", [])),
    )


def _duckling_numbers(cases: list[dict[str, Any]], t: Tally) -> None:
    for group in cases:
        want = float(group["value"].split(" ", 1)[1].strip("()"))
        for text in group["texts"]:
            if not NUMERAL_SCOPE.match(text):
                t.skip("numeral with a unit or fraction (个, 對, K, 分之)")
                continue
            got = _parse_or_none(text)
            t.check(_same_number(got, want), text, got, want)


def _iso_of_span(start: str, end: str) -> str | None:
    """A [start, end] time span as an ISO day, month or year, if it is exactly one."""
    if not (start.endswith("00:00:00") and end.endswith("23:59:59")):
        return None
    s, e = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    if s == e:
        return s.isoformat()
    if s.day == 1 and e == s.replace(day=calendar.monthrange(s.year, s.month)[1]):
        return s.isoformat()[:7]
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return str(s.year)
    return None


def _base_date(base: Any) -> dt.date | None:
    if isinstance(base, int | float):
        return dt.datetime.fromtimestamp(base, UTC8).date()
    if isinstance(base, list) and base:
        return dt.date(*(list(base[:3]) + [1, 1][: 3 - len(base[:3])]))
    if isinstance(base, dict) and "year" in base:
        return dt.date(base["year"], base.get("month", 1), base.get("day", 1))
    return None


def _normalise(text: str, document_date: dt.date | None) -> str | None:
    found = find_dates(text)
    if len(found) != 1 or found[0].text != text:
        return None
    resolve_dates(
        found,
        document_date=document_date.isoformat() if document_date else None,
        reference_date=None,
    )
    value: str = found[0].value
    return value


def _jionlp_dates(cases: list[dict[str, Any]], t: Tally) -> None:
    for case in cases:
        item = case["item"]
        text, base, want = item[0], item[1], item[-1]
        if case["group"] != 0:
            t.skip("ret_future, periodic or lunar convention")
        elif not DATE_SCOPE.match(text):
            t.skip("time of day, week, holiday, lunar, period or relative day/month")
        else:
            want_iso = _iso_of_span(*want["time"]) if isinstance(want.get("time"), list) else None
            needs_base = not re.match(r"^(?:\d{4}|[〇零○一二三四五六七八九]{4})[年\-/.]", text)
            doc = _base_date(base)
            if needs_base and doc is None:
                t.skip("reference time is the clock")
                continue
            got = _normalise(text, doc)
            t.check(got == want_iso, text, got, want_iso)


_DUCKLING_DATETIME = re.compile(
    r"^datetime \((\d+), (\d+), (\d+), \d+, \d+, \d+\) (Day|Month|Year)$"
)


def _duckling_dates(data: dict[str, Any], t: Tally) -> None:
    doc = dt.date(2013, 2, 12)  # the corpus's reference time
    for group in data["cases"]:
        m = _DUCKLING_DATETIME.match(group["value"])
        for text in group["texts"]:
            if not DATE_SCOPE.match(text):
                t.skip("time of day, week, holiday, interval or US-order date")
                continue
            want = None
            if m:
                y, mo, d, grain = int(m[1]), int(m[2]), int(m[3]), m[4]
                want = {
                    "Day": f"{y:04d}-{mo:02d}-{d:02d}",
                    "Month": f"{y:04d}-{mo:02d}",
                    "Year": f"{y:04d}",
                }[grain]
            got = _normalise(text, doc)
            t.check(got == want, text, got, want)


def _jionlp_extraction(cases: list[dict[str, Any]], t: Tally) -> None:
    for case in cases:
        text, spans = case["item"]
        if any(not DATE_SCOPE.match(s["text"]) for s in spans):
            t.skip("expects a time expression out of scope")
            continue
        got = sorted(c.text for c in find_dates(text))
        want = sorted(s["text"] for s in spans)
        t.check(got == want, text, got, want)


def _jionlp_money(cases: list[dict[str, Any]], t: Tally) -> None:
    for case in cases:
        text, want = case["item"]
        if not MONEY_SCOPE.match(text):
            t.skip("money form out of scope (角/分, k/w, currency names, spaces)")
            continue
        found = [c for c in find_counts(text) if c.label == "COUNT"]
        got = found[0].value if len(found) == 1 and found[0].text == text else None
        ok = (
            got is not None
            and round(float(got["number"]), 2) == float(want["num"])
            and got["measure"] == want["case"]
        )
        t.check(ok, text, got, want)


def _suites() -> Iterator[tuple[str, Callable[[Any, Tally], None], Callable[[Any], Any]]]:
    yield "cn2an_cn2an_test.json", _cn2an_numbers, lambda d: d["cases"]
    yield "cn2an_an2cn_test.json", _cn2an_words, lambda d: d["cases"]
    yield "duckling_numeral_zh_corpus.json", _duckling_numbers, lambda d: d["cases"]
    yield "jionlp_time_parser_cases.json", _jionlp_dates, lambda d: d["cases"]
    yield "duckling_time_zh_corpus.json", _duckling_dates, lambda d: d
    yield "jionlp_time_extractor_cases.json", _jionlp_extraction, lambda d: d["cases"]
    yield "jionlp_money_parser_cases.json", _jionlp_money, lambda d: d["cases"]


def evaluate_testcases(corpora_dir: str | Path | None = None) -> dict[str, Any]:
    """Pass rates per file and overall; out-of-scope cases are counted as skipped, not failed."""
    root = Path(corpora_dir) if corpora_dir is not None else corpora_dir_setting()
    if (root / CORPUS).is_dir():
        root = root / CORPUS
    files: dict[str, Any] = {}
    for name, run, cases_of in _suites():
        path = root / name
        if not path.is_file():
            continue
        tally = Tally()
        run(cases_of(json.loads(path.read_text(encoding="utf-8"))), tally)
        files[name] = tally.report()
    files["cn2an_transform_test.json"] = {
        "passed": 0,
        "failed": 0,
        "pass_rate": None,
        "skipped": "all",
        "skip_reasons": {"sentence rewriting: the project converts isolated numeral spans only": 1},
        "failures": [],
    }
    passed = sum(f["passed"] for f in files.values())
    failed = sum(f["failed"] for f in files.values())
    skipped = sum(f["skipped"] for f in files.values() if isinstance(f["skipped"], int))
    overall = {
        "passed": passed,
        "failed": failed,
        "skipped": skipped,
        "pass_rate": round(passed / (passed + failed), 4) if passed + failed else None,
    }
    return {"corpus": str(root), "files": files, "overall": overall}


if __name__ == "__main__":
    result = evaluate_testcases(sys.argv[1] if len(sys.argv) > 1 else None)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
