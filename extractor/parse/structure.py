"""The bulletin's structure after GB/T 9704-2012 and 简报 practice, found in the parsed blocks.

    head (报头/版头)   简报名称, 第N期, 编印单位 + date, 密级, 份号, 发文机关标志, 发文字号, 签发人
    body              title, 主送, articles (headline + body), enumerations, 署名 + 成文日期
    tail (版记)        报：/送：/发：/抄送：/主送： lines, 印发机关和印发日期, 共印N份

Everything here works on lines and their offsets, so it serves .txt as well as .docx and .pdf;
parsers add hints (a Word heading level, a centred PDF line) that make a headline certain.
Known unsupported: vertical layouts; a headline that ends in 。 (rare) is read as body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractor.document import Block, Bulletin, Enumeration, Section
from extractor.punctuation import restore
from extractor.rules.dates import parse_written_date
from extractor.script import is_traditional, simplified_piece

# --- head ---------------------------------------------------------------------------------
_ISSUE_NO = re.compile(r"(?:〔\d{4}〕)?第\s*([0-9０-９]+|[一二三四五六七八九十百零〇]+)\s*期")
_TOTAL_NO = re.compile(r"[（(]\s*总第\s*[0-9０-９一二三四五六七八九十百零〇]+\s*期\s*[）)]")
_BULLETIN_NAME = re.compile(
    r"^[\u4e00-\u9fff（）()·“”、0-9０-９]{2,36}(?:简报|动态|通报|快报|专报|情况|参阅|信息|摘报|要情|通讯|增刊|纪要)$"
)
_ISSUER_LINE = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:(?:编印|编发|主办|编)(?:\s|$|(?=(?:19|20)\d{2}年))|\s{2,}(?=\S+年)"
    # the date glued to the organ's name, as a PDF's text layer may give it (…组织部2022年3月28日)
    r"|(?<=[部委厅局办室处院会组司校])(?=(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$))"
)
_SECRECY = re.compile(
    r"^(?:绝密|机密|秘密|内部资料|内部刊物|内部参阅|注意保存|内部资料\s*注意保存|No\.?\s*\d+)"
)
_COPY_NO = re.compile(r"^\d{6}$")
_DOC_MARK = re.compile(r"^(?P<org>[\u4e00-\u9fff、（）]{2,40})文件$")
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{0,14}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*(?:第\s*)?\d+\s*号"
)
_SIGNER = re.compile(r"签发人[:：]")

# --- tail ---------------------------------------------------------------------------------
_DIST_LINE = re.compile(r"^(?P<key>主送|抄送|抄报|分送|印送|报|送|发)\s*[:：]\s*(?P<rest>.*)$")
_PRINTED = re.compile(r"^(?P<org>\S.*?)\s*(?P<date>\S+年\S+月\S+日)\s*印发\s*$")
_PRINT_RUN = re.compile(r"^[（(]?\s*共印\s*\d+\s*份\s*[）)]?$")
# The 附注 under the date: （此件主动公开）, （此件依申请公开）, （此件不予公开）.
_NOTE = re.compile(r"^[（(]\s*此件\S{0,6}公开\s*[）)]$")

# --- body ---------------------------------------------------------------------------------
_ENUM_PATTERNS = [
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
]
_INLINE_ENUM = re.compile(
    r"(?:^|[。；！？\s])(?P<m>[一二三四五六七八九十]+是|其[一二三四五六七八九十])(?=[，、：:]?\S)"
)
_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,8}\s*[:：]")
# A news headline led by its subject and a colon (界河镇人大：强化督导助推…): more than a label's
# few words after the colon, and no date or number there.
_COLON_HEADLINE = re.compile(
    r"^(?!(?:主持人?|出席|列席|记录人?|请假|缺席|参会人员|参加人员|联系人|联络人|(?:会议)?(?:时间|地点|主题|议题))"
    r"\s*[:：])[\u4e00-\u9fff]{2,8}\s*[:：]\s*(?=[^\d]{8,}$)[^\d:：（）()]+$"
)
_SENTENCE_PUNCT = set("。；！？!?")
_BAD_END = tuple("：:，,、；《（(“")
# A member list's label line (组  长：…, 成员:…) and the short lines under it are no headlines.
_ROSTER_LABEL = re.compile(
    r"^(?:常务副组长|第一副组长|副组长|组长|副主任|主任|副指挥长|指挥长|成员|组员|副秘书长|秘书长)"
    r"[ \u3000]*[:：]"
)
_ROSTER_LINE_MAX = 40
_PAGE_NO = re.compile(r"^[—\-–－]\s*\d+\s*[—\-–－]$|^第\s*\d+\s*页")
_HEADLINE_MAX = 36
# A table of contents: its heading, and entries with leaders and a page number (一、总体情况……1).
_TOC_HEAD = re.compile(r"^目\s*录$")
_TOC_ENTRY = re.compile(r"(?:…{2,}|\.{4,}|·{4,}|－{3,}|—{3,})\s*\d+\s*$")
# A line that is only an organ's name: the 署名 over a date, or a report's author under its title.
_ORGAN_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,40}(?:委员会|人民政府|政府|办公室|办公厅|指挥部|领导小组|工作组|中心|公司|"
    r"集团|大学|学院|学校|协会|联合会|[局厅委办部院处室组所站社会])$"
)
# A seal note after the 署名: 青山县防汛抗旱指挥部办公室（代章）.
_SEAL = re.compile(r"\s*[（(](?:代章|印章|盖章|公章|章|印)[）)]\s*$")


@dataclass
class _Line:
    text: str  # stripped
    start: int
    end: int
    block: Block
    roster: bool = False  # a line of a working group's member list (组长：…, and the lines under it)

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(doc: Bulletin) -> list[_Line]:
    out: list[_Line] = []
    for b in doc.blocks:
        if b.start < 0:
            continue
        pos = b.start
        for raw in b.text.split("\n"):
            lead = len(raw) - len(raw.lstrip())
            stripped = raw.strip()
            s = pos + lead
            out.append(_Line(stripped, s, s + len(stripped), b))
            pos += len(raw) + 1
    return out


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _is_enum(text: str) -> int | None:
    for level, pat in _ENUM_PATTERNS:
        if pat.match(text):
            return level
    return None


def _mark_rosters(lines: list[_Line]) -> None:
    """Mark the lines of member lists: a label line and the short lines that follow it (a blank
    line between is allowed), up to a line with a sentence's punctuation or a long one."""
    in_list = False
    for ln in lines:
        label = _ROSTER_LABEL.match(re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff][:：])|"
                                           r"(?<=^[\u4e00-\u9fff])[ \u3000]+", "", ln.text))
        if label:
            in_list = ln.roster = True
        elif in_list and ln.blank:
            continue
        elif in_list and len(ln.text) <= _ROSTER_LINE_MAX and not any(ch in "。；;" for ch in ln.text):
            ln.roster = True
        else:
            in_list = False


def _headline_like(line: _Line) -> bool:
    t = line.text
    if line.block.kind in ("table", "header", "footer") or line.roster:
        return False
    if line.block.kind == "heading" and (line.block.level or 1) <= 1 and _is_enum(t) is None:
        return bool(t)
    if _GONGWEN_TITLE.match(_title_text(t)[0]) and len(t) <= _GONGWEN_TITLE_MAX:
        return True  # 关于…的通知: a 公文's title, however long
    if not (2 <= len(t) <= _HEADLINE_MAX) or _cjk(t) < 2:
        return False
    if any(ch in _SENTENCE_PUNCT for ch in t) or t.endswith(_BAD_END):
        return False
    if _is_enum(t) is not None or _INLINE_ENUM.match(t):
        return False
    if _LABEL.match(t) and not _COLON_HEADLINE.match(t):
        return False
    if t[0] in "（(" and t[-1] in "）)":
        return False
    if _PAGE_NO.match(t) or parse_written_date(t) is not None:
        return False
    if _TOC_HEAD.match(t) or _TOC_ENTRY.search(t) or _doc_number_line(t):
        return False
    return True


_GONGWEN_TITLE = re.compile(
    r"^[^。；！？，,]{0,40}关于[^。；！？]{2,80}的(?:通知|通报|意见|决定|报告|请示|批复|函|复函|"
    r"方案|办法|规定|纪要|公告|通告|决议|命令|实施意见|实施方案|工作方案|工作要点)$"
)
_GONGWEN_TITLE_MAX = 100
# A 发文字号 written on the title's own line: after it in brackets (…的通报(岳政办明电[2016]6号)),
# or before it with the title in 《》 (营站政办公开〔2023〕7号:《…的通报》).
_NUMBER_AFTER = re.compile(rf"^(?P<title>.+?)\s*[（(](?P<no>{_DOC_NUMBER.pattern})[）)]$")
_NUMBER_BEFORE = re.compile(rf"^(?P<no>{_DOC_NUMBER.pattern})\s*[:：]?\s*《(?P<title>[^《》]+)》$")


def _title_text(t: str) -> tuple[str, str | None]:
    """A title line without a 发文字号 written on it, and that number (or None)."""
    m = _NUMBER_AFTER.match(t) or _NUMBER_BEFORE.match(t)
    if m is None:
        return t, None
    return m.group("title").strip(), m.group("no")


def _doc_number_line(t: str) -> str | None:
    """The 发文字号 of a line that holds nothing else (青政办〔2019〕12号), else None."""
    m = _DOC_NUMBER.fullmatch(t.strip())
    return m.group(0) if m and len(t) <= 30 else None


def _split_recipients(rest: str) -> list[str]:
    """Split a 报/送/发 list at ，； and 、 outside brackets, keeping coordinations whole.

    A 、-group stays one recipient when a word distributes over it: a leading 各 (各乡镇党委、政府),
    a shared head (县委、县政府主要领导), or an elliptical piece (县委书记、副书记).

    >>> _split_recipients("省委常委、副省长，各市、县（市、区）委书记，市委、市政府主要领导。")
    ['省委常委', '副省长', '各市、县（市、区）委书记', '市委、市政府主要领导']
    """
    out: list[str] = []
    for group in _split_outside_brackets(rest.strip().rstrip("。.；;"), "，,；;"):
        pieces = [p for p in _split_outside_brackets(group, "、") if p]
        if len(pieces) > 1 and _coordination_binds(pieces):
            out.append("、".join(pieces))
        else:
            out.extend(pieces)
    return out


def _split_outside_brackets(text: str, seps: str) -> list[str]:
    items: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”" and depth:
            depth -= 1
        if depth == 0 and ch in seps:
            items.append("".join(buf).strip())
            buf = []
            continue
        buf.append(ch)
    items.append("".join(buf).strip())
    return [i for i in items if i]


_SHARED_HEAD = re.compile(r"(?:主要|有关|分管)?(?:领导|负责同志|负责人|领导同志)$")
_BARE_TITLE = re.compile(r"^(?:副)?(?:书记|主任|部长|局长|厅长|组长|主席|秘书长|常委|委员)$")
_BARE_PLACE = re.compile(
    r"^(?:各?[\u4e00-\u9fff]{0,2}[省市县区州盟旗乡镇村]|中央|省属|市属|县属|省直|市直|县直)$"
)


_BARE_NOUN = re.compile(r"^(?:部门|单位|科室|处室|机构|企业|学校|团体)$")
# A piece that names a unit of its own: a level or place word at its head, or its own 各.
_OWN_HEAD = re.compile(r"^(?:[省市县区州乡镇旗]|中央|自治区)|各|(?:开发区|新区|管理区|新港区|[区县市])$")


def _coordination_binds(pieces: list[str]) -> bool:
    """Whether a 、-group is one recipient: a bare place before a shared name (各乡、镇人民政府),
    a leading 各 over pieces that name no unit of their own (各乡镇党委、政府; not 各办事处、
    区政府相关部门), a shared head (县委、县政府主要领导) or an elliptical piece (县委书记、副书记;
    县级相关单位、部门)."""
    if _BARE_PLACE.match(pieces[0]):
        return True
    if pieces[0].startswith("各") and not any(_OWN_HEAD.search(p) for p in pieces[1:]):
        return True
    if any(_BARE_NOUN.match(p) for p in pieces[1:]):
        return True
    if _SHARED_HEAD.search(pieces[-1]) and not any(_SHARED_HEAD.search(p) for p in pieces[:-1]):
        return True
    return any(_BARE_TITLE.match(p) for p in pieces[1:])


def _find_tail(lines: list[_Line], doc: Bulletin) -> int:
    """Parse the 版记 from the end; return the index where the tail starts."""
    n = len(lines)
    i = n
    dist: dict[str, list[str]] = {}
    # walk back over blank lines, the print line and distribution lines (with wrapped continuations)
    j = n - 1
    pending: list[_Line] = []
    while j >= 0:
        ln = lines[j]
        if ln.blank or _PRINT_RUN.match(ln.text) or _PAGE_NO.match(ln.text) or _NOTE.match(ln.text):
            j -= 1
            continue
        m_printed = _PRINTED.match(ln.text)
        if m_printed and not _DIST_LINE.match(ln.text):
            date = parse_written_date(m_printed.group("date"))
            if date and not doc.date:
                doc.date = date
            doc.printer = m_printed.group("org").strip()
            i = j
            j -= 1
            continue
        m = _DIST_LINE.match(ln.text)
        if m:
            text = m.group("rest") + "".join(p.text for p in reversed(pending))
            key = m.group("key")
            dist[key] = _split_recipients(text) + dist.get(key, [])
            pending = []
            i = j
            j -= 1
            continue
        if dist and len(pending) < 3 and not any(ch in "。！？" for ch in ln.text[:-1]):
            # a wrapped continuation of the distribution line above
            pending.append(ln)
            j -= 1
            continue
        break
    if dist:
        ordered = sorted(dist.items(), key=lambda kv: _first_index(lines, kv[0]))
        doc.distribution = dict(ordered)
    return i


def _first_index(lines: list[_Line], key: str) -> int:
    for k, ln in enumerate(lines):
        m = _DIST_LINE.match(ln.text)
        if m and m.group("key") == key:
            return k
    return len(lines)


def _find_signature(lines: list[_Line], end: int, doc: Bulletin) -> int:
    """署名 and 成文日期 just before the tail; return the new end of the body."""
    k = end - 1
    while k >= 0 and (lines[k].blank or _NOTE.match(lines[k].text)):
        k -= 1
    if k < 0:
        return end
    date = parse_written_date(lines[k].text) if len(lines[k].text) <= 20 else None
    if date is None:
        return end
    doc.date = date
    body_end = k
    s = k - 1
    while s >= 0 and lines[s].blank:
        s -= 1
    if s >= 0 and _SEAL.fullmatch(lines[s].text):  # （代章） on a line of its own
        body_end = s
        s -= 1
        while s >= 0 and lines[s].blank:
            s -= 1
    if s >= 0 and _headline_like(lines[s]) and len(lines[s].text) <= 30:
        doc.issuer = doc.issuer or _SEAL.sub("", lines[s].text)
        body_end = s
    return body_end


# A name set in spaced-out characters, as bulletin heads often are: 工 作 简 报, 情　况　通　报.
_SPACED_NAME = re.compile(r"[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff]){2,}")
_LETTER_SPACED = re.compile(r"[ \u3000]+")


def _find_head(lines: list[_Line], doc: Bulletin) -> int:
    """Parse the 报头/版头 from the start; return the index where the body starts."""
    i = 0
    n = len(lines)
    seen_mark = False
    while i < n:
        ln = lines[i]
        t = _LETTER_SPACED.sub("", ln.text) if _SPACED_NAME.fullmatch(ln.text) else ln.text
        if ln.blank:
            i += 1
            continue
        if _COPY_NO.match(t) or _SECRECY.match(t) or re.fullmatch(r"(?:特急|加急|特提|平急)", t):
            i += 1
            continue
        m_mark = _DOC_MARK.match(t)
        if m_mark and not seen_mark:
            doc.issuer = m_mark.group("org")
            seen_mark = True
            i += 1
            continue
        if not seen_mark and i < 6 and not doc.bulletin_name and not doc.doc_number:
            # the name may be set over two lines (“不忘初心、牢记使命”主题教育 / 工作动态)
            two = t + lines[i + 1].text if i + 1 < n and not lines[i + 1].blank else ""
            if "关于" in two or "关于" in t:  # 关于…的通报 is a 公文 title, not a bulletin's name
                two = ""
            elif _is_enum(t) is not None:  # 一、工单总体情况: a part's heading, not the name
                two = ""
            elif _BULLETIN_NAME.match(t) or (two and len(two) <= 40 and _BULLETIN_NAME.match(two)):
                doc.bulletin_name = t if _BULLETIN_NAME.match(t) else f"{t} {lines[i + 1].text}"
                seen_mark = True
                i += 1 if _BULLETIN_NAME.match(t) else 2
                continue
        m_no = _ISSUE_NO.search(t)
        if m_no and len(t) <= 30 and (seen_mark or i < 4):
            doc.issue_no = m_no.group(0).replace(" ", "")
            i += 1
            continue
        if _TOTAL_NO.fullmatch(t):
            i += 1
            continue
        m_num = _DOC_NUMBER.search(t)
        if m_num and len(t) <= 40 and not any(ch in "。，" for ch in t):
            doc.doc_number = m_num.group(0)
            i += 1
            continue
        if _SIGNER.search(t):
            i += 1
            continue
        m_iss = _ISSUER_LINE.match(t)
        if m_iss and (seen_mark or doc.issue_no) and len(t) <= 50:
            doc.issuer = m_iss.group("issuer")
            rest = t[m_iss.end():]
            date = parse_written_date(rest.strip())
            if date:
                doc.date = date
            i += 1
            continue
        if (seen_mark or doc.issue_no) and parse_written_date(t) and len(t) <= 20:
            doc.date = parse_written_date(t)
            i += 1
            continue
        break
    return i


# A column (栏目) heading on a line of its own: 【工作动态】, 〖经验交流〗, ［基层动态］.
_COLUMN = re.compile(r"[【〖［\[]\s*([\u4e00-\u9fff·]{2,10})\s*[】〗］\]]")


def _group_headlines(lines: list[_Line], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of headline-like lines (blank lines between allowed) followed by body text."""
    groups: list[tuple[int, int]] = []
    k = start
    while k < end:
        if lines[k].blank or not _headline_like(lines[k]):
            k += 1
            continue
        first = last = k
        m = k + 1
        while m < end:
            if lines[m].blank:
                m += 1
                continue
            if _headline_like(lines[m]) and m - last <= 2 and len(lines[m].text) <= _HEADLINE_MAX:
                last = m
                m += 1
                continue
            break
        # a headline needs body text after it (not just the end of the body)
        if m < end:
            groups.append((first, last))
        k = last + 1
    return groups


def _enumerations(lines: list[_Line], start: int, end: int, text: str) -> list[Enumeration]:
    out: list[Enumeration] = []
    for ln in lines[start:end]:
        if ln.blank:
            continue
        level = _is_enum(ln.text)
        if level is not None:
            marker = re.match(r"^\S+?[、.．）)]", ln.text)
            out.append(Enumeration(marker.group(0) if marker else ln.text[:2], level, ln.start, ln.end))
        for m in _INLINE_ENUM.finditer(ln.text):
            s = ln.start + m.start("m")
            out.append(Enumeration(m.group("m"), 1, s, ln.end))
    return out


def analyse(doc: Bulletin) -> Bulletin:
    """Fill the structure fields of ``doc`` (in place) and return it.

    A text in traditional characters is read in simplified ones (``extractor.script``: same
    offsets), every field then taken back as the original writes it.
    """
    if not is_traditional(doc.text):
        return _analyse(doc)
    shadow = replace(
        doc, text=simplified_piece(doc.text),
        blocks=[replace(b, text=simplified_piece(b.text)) for b in doc.blocks],
    )
    _analyse(shadow)

    def back(value: str | None) -> str | None:
        return None if value is None else restore(value, shadow.text, doc.text)

    doc.title, doc.bulletin_name, doc.issue_no = back(shadow.title), back(shadow.bulletin_name), \
        back(shadow.issue_no)
    doc.issuer, doc.doc_number, doc.printer = back(shadow.issuer), back(shadow.doc_number), \
        back(shadow.printer)
    doc.date = shadow.date
    doc.recipients = [restore(r, shadow.text, doc.text) for r in shadow.recipients]
    doc.distribution = {k: [restore(v, shadow.text, doc.text) for v in vs]  # labels stay 报, 抄送
                        for k, vs in shadow.distribution.items()}
    doc.sections = [replace(sec, title=back(sec.title) or sec.title,
                            column=back(sec.column)) for sec in shadow.sections]
    doc.enumerations = shadow.enumerations
    return doc


def _analyse(doc: Bulletin) -> Bulletin:
    lines = _lines(doc)
    if not lines:
        return doc
    _mark_rosters(lines)
    body_start = _find_head(lines, doc)
    tail_start = _find_tail(lines, doc)
    body_end = _find_signature(lines, tail_start, doc)
    if body_end <= body_start:
        body_end = tail_start
    groups = _group_headlines(lines, body_start, body_end)
    if groups:
        groups[0] = _byline_under_title(lines, groups[0], body_end, doc)
    for ln in lines[body_start:min(body_end, body_start + 8)]:
        number = _doc_number_line(ln.text)
        if number and not doc.doc_number:  # a 发文字号 under the title rather than in the head
            doc.doc_number = number
    # 主送 right after the first headline (or first, where the text has no title)
    first_body = next((k for k in range(body_start, body_end) if not lines[k].blank), body_end)
    if groups or first_body < body_end:
        k = groups[0][1] + 1 if groups and groups[0][0] == first_body else first_body
        while k < body_end and (lines[k].blank or _doc_number_line(lines[k].text)):
            k += 1
        cand = lines[k].text if k < body_end else ""
        if cand.endswith(("：", ":")) and len(cand) <= 120 and not any(ch in "。！？；" for ch in cand):
            doc.recipients = _split_recipients(lines[k].text[:-1])
            doc.distribution = {"主送": doc.recipients, **doc.distribution}
    text_end = _last_end(lines, body_start, body_end) if body_end > body_start else 0
    sections: list[Section] = []
    column: str | None = None
    for idx, (first, last) in enumerate(groups):
        nxt = groups[idx + 1][0] if idx + 1 < len(groups) else None
        end = _last_end(lines, first, nxt) if nxt is not None else text_end
        heads = [j for j in range(first, last + 1) if not lines[j].blank]
        named = _COLUMN.fullmatch(lines[heads[0]].text.strip())
        if named and len(heads) > 1:
            column = named.group(1)  # 【工作动态】 above the headline: the column, kept for the next ones
            heads = heads[1:]
        parts = []
        for j in heads:
            head, number = _title_text(lines[j].text)
            if number and not doc.doc_number:
                doc.doc_number = number
            parts.append(re.sub(r"\s+", " ", head))
        title = " ".join(parts)
        start = lines[heads[0]].start
        sections.append(Section(title, start, end, start, lines[last].end, column))
    if not sections and doc.bulletin_name and body_end > body_start:
        # a 会议纪要 or 情况通报 without article headlines is one article under its name
        first = next((k for k in range(body_start, body_end) if not lines[k].blank), body_start)
        sections.append(Section(doc.bulletin_name, lines[first].start, text_end))
    doc.sections = sections
    # a 简报 is known by its name; a 公文 or a bulletin without 报头 by its first headline
    if doc.bulletin_name:
        doc.title = doc.bulletin_name
    elif sections:
        doc.title = sections[0].title
    if doc.issuer is None and doc.title:
        organ = _ORGAN_BEFORE_TITLE.match(doc.title)  # 站前区政府办公室关于…的通报, unsigned
        doc.issuer = organ.group(1) if organ else None
    if doc.issuer is None and body_end > body_start:
        doc.issuer = _byline_organ(lines[_last_index(lines, body_start, body_end)].text)
    doc.enumerations = _enumerations(lines, body_start, body_end, doc.text)
    return doc


_ORGAN_BEFORE_TITLE = re.compile(
    r"^((?:中共)?[\u4e00-\u9fff（）()]{2,30}?(?:委员会|人民政府|政府|办公室|办公厅|指挥部|督查室|领导小组|局|厅|委|办|部))"
    r"关于"
)
# A news item's closing byline in brackets: （宣传部 谭某）, (白水镇 辜某), (界河镇人大).
_BYLINE_ORGAN = re.compile(
    r"(?:^|(?<=[。！？!?]))\s*[（(]\s*([\u4e00-\u9fff]{2,20}?(?:委员会|人民政府|政府|办公室|人大|政协|党委|党支部|中心|公司|"
    r"大学|学院|日报|晚报|报社|电视台|[局厅委办部院处室组所站社会镇乡县区市街道村]))"
    # a newspaper's reporter between the organ and the names: （东安日报记者 何某）
    r"(?:(?:全媒体|特约|见习)?记者|通讯员)?(?:[ \u3000]+[\u4e00-\u9fff·]{2,8})*\s*[）)]$"
)


def _byline_organ(text: str) -> str | None:
    m = _BYLINE_ORGAN.search(text.strip())
    return m.group(1) if m else None


def _last_index(lines: list[_Line], first: int, end: int) -> int:
    k = end - 1
    while k > first and lines[k].blank:
        k -= 1
    return k


def _byline_under_title(
    lines: list[_Line], group: tuple[int, int], end: int, doc: Bulletin
) -> tuple[int, int]:
    """A report's author and date set under its title, each on its own line (统计公报: title,
    青山县统计局, 2019年3月20日): the organ line leaves the headline and gives the issuer."""
    first, last = group
    if last == first or not _ORGAN_LINE.match(lines[last].text):
        return group
    k = last + 1
    while k < end and lines[k].blank:
        k += 1
    date = parse_written_date(lines[k].text) if k < end and len(lines[k].text) <= 20 else None
    if date is None:
        return group
    doc.issuer = doc.issuer or lines[last].text
    doc.date = doc.date or date
    k = last - 1
    while k > first and lines[k].blank:
        k -= 1
    return first, k


def _last_end(lines: list[_Line], first: int, nxt: int) -> int:
    k = nxt - 1
    while k > first and lines[k].blank:
        k -= 1
    return lines[k].end
