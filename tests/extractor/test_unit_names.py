"""Canonical unit names (extractor.unit_names): the ways one unit is written meet in one name."""

from __future__ import annotations

import pytest

from extractor.document import Bulletin
from extractor.unit_names import Place, canonical_unit, expand_abbreviations, place_of, qualify_unit

# (as written, issuer's province, issuer's city, canonical name). 青川 and 江临 are invented
# places (not in the gazetteers): a province gets 省, a city 市.
CANONICAL = [
    ("省劳动和社会保障厅", "青川", None, "青川省劳动和社会保障厅"),
    ("省劳动和社会保障厅", "青川省", None, "青川省劳动和社会保障厅"),
    ("省劳动保障厅", "青川", None, "青川省劳动和社会保障厅"),
    ("市委组织部", None, "江临", "江临市委组织部"),
    ("市委组织部", "青川", "江临市", "江临市委组织部"),
    ("市应急办", None, "江临", "江临市应急办"),  # not a standard department: the place still goes in
    ("省直工委", "青川", None, "青川省直属机关工作委员会"),
    ("中共青川省直属机关工作委员会", None, None, "青川省直属机关工作委员会"),
    ("中国共产党青川省直属机关工作委员会", None, None, "青川省直属机关工作委员会"),
    ("省直纪工委", "青川", None, "青川省直属机关纪律检查工作委员会"),
    ("省人社厅", "青川", None, "青川省人力资源和社会保障厅"),
    ("市发改委", None, "江临", "江临市发展和改革委员会"),
    ("江临市发展改革委", None, None, "江临市发展和改革委员会"),
    ("市政府", None, "江临", "江临市人民政府"),
    ("江临市人民政府", None, None, "江临市人民政府"),
    ("市政府办", None, "江临", "江临市人民政府办公室"),
    ("江临市政府办公室", None, None, "江临市人民政府办公室"),
    ("省纪委", "青川", None, "青川省纪律检查委员会"),
    ("中共青川省纪律检查委员会", None, None, "青川省纪律检查委员会"),
    ("中共青川省委员会", None, None, "青川省委"),
    ("省委", "青川", None, "青川省委"),
    ("省委第3巡视组", "青川", None, "青川省委第3巡视组"),
    ("市政法委", None, "江临", "江临市政法委员会"),
    ("江临市委政法委员会", None, None, "江临市委政法委员会"),
    ("湖南省卫健委", None, None, "湖南省卫生健康委员会"),
    ("湖南卫生健康委", None, None, "湖南省卫生健康委员会"),  # a short province name
    ("株洲教育局", None, None, "株洲市教育局"),  # a short city name
    ("中组部", None, None, "中央组织部"),
    ("中共中央组织部", None, None, "中央组织部"),
    ("中共中央", None, None, "中共中央"),
    ("自治区党委", "广西", None, "广西壮族自治区党委"),
    ("市委", "北京", None, "北京市委"),  # a municipality is its own city
    ("州委", None, "湘西土家族苗族自治州", "湘西土家族苗族自治州委"),
    ("江临市卫健局", None, None, "江临市卫生健康局"),  # county and city short forms
    ("江临市市监局", None, None, "江临市市场监督管理局"),
    ("江临市城管委", None, None, "江临市城市管理委员会"),
]


@pytest.mark.parametrize(("name", "province", "city", "expected"), CANONICAL)
def test_canonical_unit(name: str, province: str | None, city: str | None, expected: str) -> None:
    assert canonical_unit(name, province=province, city=city) == expected


@pytest.mark.parametrize(("name", "province", "city", "expected"), CANONICAL)
def test_canonical_unit_is_stable(
    name: str, province: str | None, city: str | None, expected: str
) -> None:
    once = canonical_unit(name, province=province, city=city)
    assert canonical_unit(once, province=province, city=city) == once


@pytest.mark.parametrize(
    ("name", "province", "city"),
    [
        ("市场监督管理局", None, "江临"),  # 市场 is not the level 市
        ("省委", None, None),  # no place known
        ("县委", "青川", "江临"),  # no county known
        ("四川省法院", "青川", None),  # another province named in full
        ("江临市场服务中心", None, "江临"),
        ("市民服务中心", None, "江临"),
        ("省内各高校", "青川", None),
    ],
)
def test_names_without_a_place_to_add_stay_as_written(
    name: str, province: str | None, city: str | None
) -> None:
    assert qualify_unit(name, province=province, city=city) == name


def test_level_prefixed_names_of_different_places_stay_apart() -> None:
    a = canonical_unit("省教育厅", province="青川")
    b = canonical_unit("省教育厅", province="白崖")
    assert a != b


def test_full_forms_are_not_expanded_again() -> None:
    for full in ["人力资源和社会保障厅", "青川省人民政府办公室", "江临市政法委员会", "卫生健康委员会"]:
        assert expand_abbreviations(full) == full


def test_place_from_the_issuer() -> None:
    doc = Bulletin(text="", format="txt", issuer="中共湖南省委办公厅", title="工作简报")
    assert place_of(doc) == Place("湖南省", None)
    doc = Bulletin(text="", format="txt", issuer="株洲市人民政府办公室")
    assert place_of(doc).city == "株洲市"


def test_place_from_a_stationed_group_in_the_distribution() -> None:
    doc = {"title": "工作动态", "distribution": {"报": ["中央驻湘督导组", "省委常委"]}}
    assert place_of(doc) == Place("湖南省", None)


def test_a_city_is_not_taken_from_the_distribution() -> None:
    doc = {"issuer": "湖南省教育厅", "distribution": {"发": ["株洲市教育局", "湘潭市教育局"]}}
    assert place_of(doc) == Place("湖南省", None)


def test_no_place() -> None:
    assert place_of({"title": "工作简报"}) == Place(None, None)
