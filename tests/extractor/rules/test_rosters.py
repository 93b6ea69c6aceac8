"""Member lists of a working group: names, the posts after them, the label as a role."""

from __future__ import annotations

import pytest

from extractor.extraction import extract
from extractor.parse import parse_bytes

SPACED = """关于成立县乡村振兴工作领导小组的通知

为加强组织领导，决定成立县乡村振兴工作领导小组，组成人员如下：
组  长：刘建国  县委副书记、县长
副组长：陈  明  县委常委、常务副县长
        黄志强  副县长
成  员：周  伟  县政府办公室主任
        吴丽华  县发改局局长
领导小组下设办公室，办公室设在县发改局。
"""

# as web pages serve it: the spaces gone, name and post glued, a half-width colon
GLUED = """为做好普查工作，决定成立省普查工作领导小组，成员名单如下:
组长:林海峰副省长
副组长:苏文杰省政府副秘书长
郑晓东省财政厅副厅长
成员:何丽娟省委宣传部副部长
梁志远省教育厅副厅长
领导小组办公室设在省统计局。
"""

INLINE = "组长：林海峰（副省长）\n成员：何丽娟（省委宣传部副部长）、梁志远（省教育厅副厅长）\n"
NAMES_ONLY = "组  长：林海峰\n成  员：何丽娟、梁志远、郑晓东\n"


def _officials(text: str) -> dict[str, tuple[list[str], list[str]]]:
    ex = extract(parse_bytes(text.encode(), "notice.txt"))
    return {r["name"]: (r["titles"], r["roles"]) for r in ex.records if r["kind"] == "official"}


def test_a_spaced_list_gives_names_posts_and_roles() -> None:
    got = _officials(SPACED)
    assert got["刘建国"] == (["县委副书记", "县长"], ["组长"])
    assert got["陈明"] == (["县委常委", "常务副县长"], ["副组长"])  # a padded two-character name
    assert got["黄志强"] == (["副县长"], ["副组长"])  # the line under a label takes that label
    assert got["周伟"] == (["县政府办公室主任"], ["成员"])
    assert got["吴丽华"] == (["县发改局局长"], ["成员"])


def test_a_list_with_its_spaces_gone_is_read_the_same() -> None:
    got = _officials(GLUED)
    assert got["林海峰"] == (["副省长"], ["组长"])
    assert got["苏文杰"] == (["省政府副秘书长"], ["副组长"])
    assert got["郑晓东"] == (["省财政厅副厅长"], ["副组长"])
    assert got["梁志远"] == (["省教育厅副厅长"], ["成员"])
    ex = extract(parse_bytes(GLUED.encode(), "notice.txt"))
    units = {e.text for e in ex.entities if e.label == "UNIT"}
    assert "省财政厅" in units and not [u for u in units if u.startswith(("郑", "苏", "梁"))], units


@pytest.mark.parametrize(("text", "name", "expected"), [
    (INLINE, "何丽娟", (["省委宣传部副部长"], ["成员"])),  # posts in brackets after each name
    (INLINE, "梁志远", (["省教育厅副厅长"], ["成员"])),
    (NAMES_ONLY, "郑晓东", ([], ["成员"])),  # names alone on a label line
])
def test_other_forms_of_a_list(text: str, name: str, expected: tuple[list[str], list[str]]) -> None:
    assert _officials(text)[name] == expected


def test_a_contact_line_or_a_sentence_is_no_list() -> None:
    got = _officials("请各单位于5月10日前报送材料。联系电话：12345678。\n主任：请按时报送。\n")
    assert got == {}
