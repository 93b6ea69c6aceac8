"""Dates: finding them in bulletin text, normalising them to ISO 8601, and inferring missing years.

``find_dates`` returns DATE candidates whose ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``,
with ``XXXX`` for a year (and ``XX`` for a month) not written. ``resolve_dates`` fills those in
from context after overlaps are settled (CONTRACT.md, ``DATE.value``).

Attributes recorded in ``Candidate.attrs``:
- ``modifier``: ``as_of`` (截至…止), ``before`` (…前), ``since`` (…以来), ``after`` (…以后);
- ``end``: the end of a range (12月4日至8日), normalised like ``value``;
- ``period``: ``H1``/``H2``, ``Q1``–``Q4``, ``early``/``mid``/``late`` (旬), ``start``/``end``
  (年初, 月底); the value is then the coarsest ISO value that holds the period;
- ``relative_year``: -2…+1 for 前年/去年/今年/明年, whose value starts with ``XXXX``;
- ``written``: the value as found, kept by ``resolve_dates`` when it fills in a year or month.

Known unsupported inputs: two-digit years (05年), bare numeric years (2018), times of day,
weekdays, holidays, lunar dates, relative days and months (昨天, 上个月), 前三季度.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from extractor.rules.numerals import digits_to_int, parse_number
from extractor.spans import Candidate

SCORE = 0.95
LABEL = "DATE"
_SPACES = re.compile(r"\s+")

_YEAR_N = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"
_MONTH_N = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
# 元月 (January) alone, not the 元 of a currency (美元月均): at a clause's start or after 自/从/至/于
_JANUARY = r"(?:(?<![\u4e00-\u9fff])|(?<=[自从至到于在]))元"
_DAY_N = r"(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_QUARTER = r"第?[一二三四1-4１-４]季度"
# 初 starts many words (初步, 初期, 初心): only a bare 初 is "the start of".
_START = r"初(?![步期衷心次始级中审稿见具赛选等创试])"
_YEAR_PERIOD = rf"(?P<yp>年?(?:{_START}|底|末)|上半年|下半年|度|{_QUARTER})"
_MONTH_PERIOD = rf"(?P<{{name}}>上中旬|中下旬|上旬|中旬|下旬|{_START}|底|末)"
_NUM_BEFORE = r"\d〇零○一二三四五六七八九十两"
_RELATIVE = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "明年": 1}

DATE_RE = re.compile(
    rf"""
    (?P<pre>(?:截至|截止)(?:到|于)?)?
    (?:
      (?<![\d/A-Za-z_.-])(?P<iy>\d{{4}})(?P<sep>[-/.])(?P<im>\d{{1,2}})(?P=sep)(?P<id>\d{{1,2}})(?![\d./])
    | (?:(?<!\d)(?P<y>{_YEAR_N})年|(?P<rel>(?<![提之以])前年|去年|(?<![以向往])上年|今年|明年))
      (?:(?P<m>{_MONTH_N}|元)月(?P<mf>份)?(?:(?P<d>{_DAY_N})[日号號])?{_MONTH_PERIOD.format(name="mp")}?
        |{_YEAR_PERIOD})?
    | (?<![{_NUM_BEFORE}年第个])(?P<m2>{_MONTH_N}|{_JANUARY})月(?P<mf2>份)?(?:(?P<d2>{_DAY_N})[日号號])?
      {_MONTH_PERIOD.format(name="mp2")}?
    | (?<![{_NUM_BEFORE}月年第每号.])(?P<d3>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?)日
      (?![内后多余来]|以[内后上下来]|之[内后久]|左右|期间|游)
    | (?<![{_NUM_BEFORE}年每第])
      (?P<bp>上半年|下半年|年底|{_START.replace("初", "年初")}|年末|(?<!前){_QUARTER})
    )
    """,
    re.VERBOSE,
)
# The end of a range: 12月4日至8日, 2023年3月—5月, 1月17日-20日.
RANGE_RE = re.compile(
    rf"""(?P<sep>至|到|—{{1,2}}|－{{1,2}}|-|~|～)
    (?:(?P<y>{_YEAR_N})年)?(?:(?P<m>{_MONTH_N})月份?)?(?:(?P<d>{_DAY_N})[日号號])?""",
    re.VERBOSE,
)
# Months joined by a hyphen after a year: 2018年6-8月, 2019年10－12月.
_MONTH_SPAN = re.compile(r"(?P<a>\d{1,2})\s*[-－—~～]\s*(?P<b>\d{1,2})月(?:份)?")
POST_RE = re.compile(
    r"(?P<post>以前|之前|前(?![期者往进列沿线身提景途任])|以来|以后|之后|后(?=[，,。；;、）)\s]|$)|止)"
)
# 次日, 同日 …: a day told from the date before (3月5日，…。次日，…).
RELATIVE_DAYS = {"次日": 1, "翌日": 1, "第二天": 1, "同日": 0, "当日": 0, "当天": 0, "同一天": 0}
RELATIVE_DAY_RE = re.compile(
    r"(?:(?<=[，。；、,;\n])|^)\s*(" + "|".join(RELATIVE_DAYS) + r")(?=\s*[，,、上下晚])"
)
# 今日, 今天: the day the document was written (市气象台于今日19时发布…); not 今天的 (nowadays).
TODAY_RE = re.compile(r"(?:(?<=[，。；、,;\n\s于在])|^)(今日|今天)(?!的|起|以来|上午好)")
# A DATE value as the extractor writes it (CONTRACT.md): 2005-01-17, 2005-01, 2005, XXXX-01-17,
# XXXX-XX-21 (a day whose month is not known either). The one pattern: the service checks a
# reviewer's corrected date against it too (:func:`is_date_value`).
DATE_VALUE = re.compile(r"^(?:\d{4}|XXXX)(?:-(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
_POST_MODIFIER = {
    "以前": "before",
    "之前": "before",
    "前": "before",
    "以来": "since",
    "以后": "after",
    "之后": "after",
    "后": "after",
}
_PERIOD = {
    "上半年": "H1",
    "下半年": "H2",
    "上旬": "early",
    "中旬": "mid",
    "下旬": "late",
    "上中旬": "early",
    "中下旬": "mid",
    "初": "start",
    "底": "end",
    "末": "end",
}


def _num(text: str) -> int:
    """A year, month or day numeral: Arabic, full-width or Chinese."""
    if len(text) == 4 and not text.isdigit():
        return digits_to_int(text)
    if text == "元":
        return 1  # 元月
    return int(parse_number(text))


def _period(raw: str | None) -> str | None:
    if not raw or raw == "度":
        return None
    raw = raw.lstrip("年第")
    if raw.endswith("季度"):
        return f"Q{_num(raw[:-2])}"
    return _PERIOD.get(raw)


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    """The ISO value, or None when the parts are not a calendar date."""
    if year is not None and not 1800 <= year <= 2199:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        last = calendar.monthrange(year or 2000, month or 1)[1] if month else 31
        if not 1 <= day <= last:
            return None
    parts = [f"{year:04d}" if year is not None else "XXXX"]
    if month is not None or day is not None:
        parts.append(f"{month:02d}" if month is not None else "XX")
    if day is not None:
        parts.append(f"{day:02d}")
    return "-".join(parts)


def _parse(m: re.Match[str]) -> tuple[str, dict[str, object]] | None:
    """The value and attrs of one DATE_RE match, or None when it is not a date."""
    g = m.groupdict()
    attrs: dict[str, object] = {}
    if g["iy"]:
        value = _iso(int(g["iy"]), int(g["im"]), int(g["id"]))
        return (value, attrs) if value else None
    if g["y"] or g["rel"]:
        year = _num(g["y"]) if g["y"] else None
        if g["rel"]:
            attrs["relative_year"] = _RELATIVE[g["rel"]]
        month = _num(g["m"]) if g["m"] else None
        day = _num(g["d"]) if g["d"] else None
        period = _period(g["yp"]) or (_period(g["mp"]) if day is None else None)
    elif g["m2"]:
        month, day, year = _num(g["m2"]), (_num(g["d2"]) if g["d2"] else None), None
        period = _period(g["mp2"]) if day is None else None
        # A lone Chinese month (统一月报, 唯一月份) is too often part of a word.
        if day is None and not g["mf2"] and not period and g["m2"] in "一二三四五六七八九":
            return None
    elif g["d3"]:
        year = month = None
        day = _num(g["d3"])
    else:
        year = month = day = None
        period = _period(g["bp"])
    if g["d3"]:
        period = None
    if period:
        attrs["period"] = period
    value = _iso(year, month, day)
    return (value, attrs) if value else None


def _range_end(text: str, pos: int, value: str) -> tuple[int, int, str] | None:
    """The end date of a range whose separator starts at ``pos``: (start, end, value)."""
    r = RANGE_RE.match(text, pos)
    if not r or not (r["y"] or r["m"] or r["d"]):
        return None
    start = value.split("-")
    # The end names at least the finest part of the start: 4日至8日, not 4日至8月.
    if (
        len(start) == 3
        and not r["d"]
        or len(start) == 2
        and not r["m"]
        or len(start) == 1
        and not r["y"]
    ):
        return None
    if len(start) < 3 and r["d"] or len(start) == 1 and r["m"]:
        return None
    year = _num(r["y"]) if r["y"] else None
    month = _num(r["m"]) if r["m"] else None
    day = _num(r["d"]) if r["d"] else None
    end = _iso(year, month, day)
    if end is None:
        return None
    parts = end.split("-")
    # Parts the end leaves out come from the start: 12月4日至8日 ends on 12月8日.
    if not r["y"]:
        parts[0] = start[0]
    if len(parts) > 1 and not r["m"]:
        parts[1] = start[1]
    return r.end("sep"), r.end(), "-".join(parts[: len(start)])


def _candidate(text: str, start: int, end: int, value: str, attrs: dict[str, object]) -> Candidate:
    return Candidate(
        LABEL, start, end, text[start:end], source="rule", score=SCORE, value=value, attrs=attrs
    )


def find_dates(text: str) -> list[Candidate]:
    """DATE candidates with ISO values and their modifiers, in text order.

    >>> [(c.text, c.value) for c in find_dates("截至1月25日止，2005年共召开3次会议")]
    [('截至1月25日止', 'XXXX-01-25'), ('2005年', '2005')]
    """
    out: list[Candidate] = []
    pos = 0
    while (m := DATE_RE.search(text, pos)) is not None:
        parsed = _parse(m)
        if parsed is None:
            pos = m.start() + 1
            continue
        value, attrs = parsed
        if m["y"] or m["iy"]:
            attrs["year_written"] = True
        months = _MONTH_SPAN.match(text, m.end()) if m["y"] and not m["m"] and not m["yp"] else None
        if months and 1 <= int(months["a"]) < int(months["b"]) <= 12:
            # 2018年6-8月: the whole is the first date (its months joined); its end month is the second
            year = value[:4]
            first, last = f"{year}-{int(months['a']):02d}", f"{year}-{int(months['b']):02d}"
            out.append(_candidate(text, m.start(), months.end(), first,
                                  {**attrs, "end": last}))
            out.append(_candidate(text, months.start("b"), months.end(), last,
                                  {"range": "end", "year_written": True}))
            pos = months.end()
            continue
        end = m.end()
        rng = None if attrs.get("period") else _range_end(text, end, value)
        if rng is not None:
            attrs["end"] = rng[2]
        post = POST_RE.match(text, end)
        if m["pre"]:
            attrs["modifier"] = "as_of"
            if post and post["post"] == "止" and rng is None:
                end = post.end()
        elif post and post["post"] != "止" and rng is None:
            attrs["modifier"] = _POST_MODIFIER[post["post"]]
            end = post.end()
        out.append(_candidate(text, m.start(), end, value, attrs))
        if rng is not None:
            # A range gives two dates (12月4日至8日 → 12月4日, 8日); the start carries the end.
            end_attrs: dict[str, object] = {"range": "end"}
            if RANGE_RE.match(text, end)["y"]:  # type: ignore[index]
                end_attrs["year_written"] = True
            end = rng[1]
            post = POST_RE.match(text, end)
            if post and post["post"] != "止":
                end_attrs["modifier"] = _POST_MODIFIER[post["post"]]
                end = post.end()
            out.append(_candidate(text, rng[0], end, rng[2], end_attrs))
        pos = end
    for m in RELATIVE_DAY_RE.finditer(text):
        if not any(c.start <= m.start() < c.end for c in out):
            out.append(_candidate(text, m.start(), m.end(), None,  # type: ignore[arg-type]
                                  {"relative_day": RELATIVE_DAYS[m.group(1)]}))
    for m in TODAY_RE.finditer(text):
        if not any(c.start <= m.start() < c.end for c in out):
            out.append(_candidate(text, m.start(1), m.end(1), None,  # type: ignore[arg-type]
                                  {"today": True}))
    return sorted(out, key=lambda c: c.start)


def normalize_date(text: str) -> str | None:
    """The ISO value of a whole date expression (or of an ISO value itself), else None.

    >>> normalize_date("二〇〇五年一月二十七日"), normalize_date("2005-01-27")
    ('2005-01-27', '2005-01-27')
    """
    s = text.strip()
    if DATE_VALUE.match(s):
        return s
    found = find_dates(s)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(s):
        value: str = found[0].value
        return value
    return None


def is_date_value(value: object) -> bool:
    """Whether ``value`` is a DATE value: the pattern, and a real day when it is a whole date.

    >>> is_date_value("XXXX-01-17"), is_date_value("2005-02-30"), is_date_value("2005-1-7")
    (True, False, False)
    """
    if not isinstance(value, str) or not DATE_VALUE.match(value):
        return False
    if len(value) == 10 and "X" not in value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False  # 2005-02-30
    return True


_WRITTEN_FOLD = str.maketrans("０１２３４５６７８９ＯО", "0123456789〇〇")
_WRITTEN_DAY = re.compile(rf"{_YEAR_N}年[^年月日]{{1,3}}月[^年月日]{{1,4}}日")


def parse_written_date(line: str) -> str | None:
    """The ISO day of a line that is nothing but a whole written date (a 成文日期 or 印发日期
    line), else None: the same grammar as :func:`find_dates`, with full-width digits, look-alike
    zeros (Ｏ, Cyrillic О) and spaces between the parts (2016 年 3 月 8 日) allowed.

    >>> parse_written_date("二〇〇五年一月二十七日"), parse_written_date("２０１６年３月８日")
    ('2005-01-27', '2016-03-08')
    >>> parse_written_date("3月8日") is None, parse_written_date("2005年2月30日") is None
    (True, True)
    """
    folded = _SPACES.sub("", line.translate(_WRITTEN_FOLD))
    if not _WRITTEN_DAY.fullmatch(folded):
        return None  # a year, month and day and nothing else (no 截至…, no 2005-01-27)
    value = normalize_date(folded)
    if value is None or len(value) != 10 or "X" in value:
        return None
    return value


def _day(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def _nearest(ref: dt.date, options: list[tuple[int, int, int]]) -> tuple[int, int]:
    """Of (year, month, day) options, the (year, month) whose date lies nearest to ``ref``."""
    valid = [o for o in options if 1 <= o[2] <= calendar.monthrange(o[0], o[1])[1]]
    best = min(
        valid or options[:1], key=lambda o: abs((dt.date(o[0], o[1], min(o[2], 28)) - ref).days)
    )
    return best[0], best[1]


def _fill(
    parts: list[str],
    anchor_year: int | None,
    anchor_month: tuple[str, int] | None,
    doc: dt.date | None,
    ref: dt.date | None,
) -> None:
    """Fill the XXXX year and XX month of ``parts`` in place, by the CONTRACT rule."""
    if len(parts) == 3 and parts[1] == "XX":  # a day given alone takes its month first
        day = int(parts[2])
        if anchor_month is not None:
            parts[1] = f"{anchor_month[1]:02d}"
            if anchor_month[0] != "XXXX":
                parts[0] = anchor_month[0]
        elif doc is not None:
            parts[0], parts[1] = f"{doc.year:04d}", f"{doc.month:02d}"
        elif ref is not None:
            shifts = [
                (ref.year + (ref.month + k - 1) // 12, (ref.month + k - 1) % 12 + 1)
                for k in (-1, 0, 1)
            ]
            year, month = _nearest(ref, [(y, mo, day) for y, mo in shifts])
            parts[0], parts[1] = f"{year:04d}", f"{month:02d}"
    if parts[0] != "XXXX":
        return
    if anchor_year is not None:
        parts[0] = f"{anchor_year:04d}"
    elif doc is not None:
        parts[0] = f"{doc.year:04d}"
    elif ref is not None:
        if len(parts) == 1 or parts[1] == "XX":
            parts[0] = f"{ref.year:04d}"
        else:
            day = int(parts[2]) if len(parts) == 3 else 15
            years = [(ref.year + k, int(parts[1]), day) for k in (0, -1, 1)]
            parts[0] = f"{_nearest(ref, years)[0]:04d}"


def resolve_dates(
    dates: list[Candidate], *, document_date: str | None, reference_date: str | None
) -> None:
    """Fill in unwritten years and months in place, in text order (CONTRACT.md, DATE.value).

    A year comes from the nearest earlier date whose year was written (or given relative to
    the document, 今年3月), else the document's date, else the year of ``reference_date`` that
    puts the date nearest to it. A day given alone takes its month (and that date's year) from
    the nearest earlier date that has a month, else from the document's or reference date.

    >>> ds = find_dates("2023年10月份召开会议，10月31日完成，21日上报")
    >>> resolve_dates(ds, document_date=None, reference_date=None)
    >>> [d.value for d in ds]
    ['2023-10', '2023-10-31', '2023-10-21']
    """
    doc, ref = _day(document_date), _day(reference_date)
    anchor_year: int | None = None
    anchor_month: tuple[str, int] | None = None
    prev: Candidate | None = None
    last_day: str | None = None  # the last date resolved to a day, for 次日 and 同日
    for c in sorted(dates, key=lambda c: c.start):
        if "relative_day" in c.attrs:
            c.value = last_day = _shift(last_day, int(c.attrs["relative_day"])) if last_day else None
            continue
        if c.attrs.get("today"):
            today = doc or ref
            c.value = last_day = today.isoformat() if today else None
            continue
        value = c.value
        is_end = c.attrs.get("range") == "end" and prev is not None and "end" in prev.attrs
        start_end = str(prev.attrs["end"]) if is_end and prev is not None else None
        prev = c
        if not isinstance(value, str) or not DATE_VALUE.match(value):
            continue
        parts = value.split("-")
        rel = c.attrs.get("relative_year")
        if start_end is not None:
            # The end of a range is resolved with its start (12月28日至1月3日 crosses the year).
            if "X" in value and "X" not in start_end:
                parts = start_end.split("-")
        elif parts[0] == "XXXX" and isinstance(rel, int):
            base = doc or ref
            if base is not None:
                parts[0] = f"{base.year + rel:04d}"
        elif "X" in value:
            _fill(parts, anchor_year, anchor_month, doc, ref)
        new = "-".join(parts)
        if new != value:
            c.attrs.setdefault("written", value)
            c.value = new
            _resolve_end(c)
        written = str(c.attrs.get("written", value))
        if parts[0] != "XXXX" and (not written.startswith("XXXX") or isinstance(rel, int)):
            anchor_year = int(parts[0])
        if len(parts) > 1 and parts[1] != "XX":
            anchor_month = (parts[0], int(parts[1]))
        if len(parts) == 3 and "XX" not in parts[1:] and c.attrs.get("range") != "end":
            last_day = "-".join(parts)


def _shift(day: str, days: int) -> str:
    """``day`` (YYYY-MM-DD, the year possibly XXXX) moved by ``days``."""
    year, month, d = day.split("-")
    base = dt.date(int(year) if year != "XXXX" else 2000, int(month), int(d))
    moved = (base + dt.timedelta(days=days)).isoformat()
    return "XXXX" + moved[4:] if year == "XXXX" else moved


def _resolve_end(c: Candidate) -> None:
    """Give a range end the year its start now has (the next year when it wraps: 12月28日至1月3日)."""
    end = c.attrs.get("end")
    if not isinstance(end, str) or not end.startswith("XXXX"):
        return
    year = int(c.value[:4])
    filled = f"{year:04d}" + end[4:]
    if filled[5:] and filled[5:] < c.value[5:]:
        filled = f"{year + 1:04d}" + end[4:]
    c.attrs["end"] = filled
