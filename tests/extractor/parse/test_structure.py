"""Bulletin structure on texts written for these tests (head, title, sections, tail)."""

from __future__ import annotations

import pytest

from extractor.parse import parse_bytes

JIANBAO = """内部资料  注意保存

河长制工作简报

第7期

桐江市河长制办公室编                 2017年6月12日

全市开展汛前河道清障行动

　　6月5日，市河长办召开专题会议，部署汛前河道清障工作。截至6月10日，全市23条河道已完成清障。

各县区落实河长巡河制度

　　各县（市、区）河长办加强巡河督查，白沙县水利局于6月8日印发了《巡河工作规范》。

报：省河长办，市委、市政府领导
送：市河长制领导小组成员单位
发：各县（市、区）河长办（各2份）
"""

GONGWEN = """临川县人民政府办公室文件

临政办发〔2011〕23号

临川县人民政府办公室
关于开展农村危房改造工作的通知

各乡镇人民政府，县直各单位：
　　为做好今年农村危房改造工作，现将有关事项通知如下。
　　一、工作目标
　　（一）年底前完成改造任务1200户。
　　二、工作要求
　　各乡镇要加强领导，落实责任。

临川县人民政府办公室
二〇一一年五月十日

抄送：县委办公室，县人大常委会办公室，县政协办公室。
临川县人民政府办公室                2011年5月10日印发
"""


def test_bulletin_head_sections_and_distribution() -> None:
    doc = parse_bytes(JIANBAO.encode("utf-8"), "a.txt")
    assert doc.bulletin_name == "河长制工作简报"
    assert doc.issue_no == "第7期"
    assert doc.issuer == "桐江市河长制办公室"
    assert doc.date == "2017-06-12"
    assert [s.title for s in doc.sections] == ["全市开展汛前河道清障行动", "各县区落实河长巡河制度"]
    assert doc.title == "河长制工作简报"  # a 简报 is known by its name
    assert doc.distribution == {
        "报": ["省河长办", "市委、市政府领导"],
        "送": ["市河长制领导小组成员单位"],
        "发": ["各县（市、区）河长办（各2份）"],
    }
    first, second = doc.sections
    assert doc.text[first.start:first.end].startswith("全市开展")
    assert "清障。" in doc.text[first.start:first.end]
    assert doc.text[second.start:second.end].endswith("。")


def test_gongwen_number_title_recipients_date_and_copies() -> None:
    doc = parse_bytes(GONGWEN.encode("gb18030"), "b.txt")
    assert doc.doc_number == "临政办发〔2011〕23号"
    assert doc.issuer == "临川县人民政府办公室"
    assert doc.title == "临川县人民政府办公室 关于开展农村危房改造工作的通知"
    assert doc.recipients == ["各乡镇人民政府", "县直各单位"]
    assert doc.date == "2011-05-10"
    assert doc.distribution["抄送"] == ["县委办公室", "县人大常委会办公室", "县政协办公室"]
    assert doc.printer == "临川县人民政府办公室"
    markers = [(e.marker, e.level) for e in doc.enumerations]
    assert markers == [("一、", 1), ("（一）", 2), ("二、", 1)]


def test_plain_paragraph_has_no_sections() -> None:
    doc = parse_bytes("各单位认真学习，取得实效。".encode(), "c.txt")
    assert doc.sections == [] and doc.distribution == {}


def test_recipient_coordinations() -> None:
    from extractor.parse.structure import _split_recipients

    assert _split_recipients("县委常委，县人大常委会、县政府、县政协领导") == [
        "县委常委", "县人大常委会、县政府、县政协领导"]
    assert _split_recipients("各乡镇党委、政府，县直各部门。") == ["各乡镇党委、政府", "县直各部门"]
    assert _split_recipients("市委书记、副书记，市纪委") == ["市委书记、副书记", "市纪委"]
    assert _split_recipients("省委常委、副省长、省人大主任") == ["省委常委", "副省长", "省人大主任"]
    assert _split_recipients("县直各单位（各2份，其中机关1份）") == ["县直各单位（各2份，其中机关1份）"]


def test_name_over_two_lines_and_single_article() -> None:
    text = ("“学党史、悟思想”专题\n工作动态\n\n第12期\n\n青山区委宣传部　　　　2021年7月2日\n\n"
            "7月1日，全区各级党组织组织党员收看庆祝大会直播，反响热烈。\n")
    doc = parse_bytes(text.encode(), "d.txt")
    assert doc.bulletin_name == "“学党史、悟思想”专题 工作动态"
    assert (doc.issue_no, doc.issuer, doc.date) == ("第12期", "青山区委宣传部", "2021-07-02")
    assert [s.title for s in doc.sections] == [doc.bulletin_name]
    assert doc.text[doc.sections[0].start:doc.sections[0].end].startswith("7月1日")


def test_minutes_numbered_without_an_organ_prefix() -> None:
    text = ("青山区城市管理委员会\n会议纪要\n〔2024〕5号\n\n"
            "2024年4月2日，区城管委召开2024年第一次全体会议。\n")
    doc = parse_bytes(text.encode(), "m.txt")
    assert doc.doc_number == "〔2024〕5号"
    assert doc.text[doc.sections[0].start:doc.sections[0].end].startswith("2024年4月2日")


def test_a_column_heading_is_the_articles_column_not_part_of_their_titles() -> None:
    text = ("乡村振兴工作简报\n第5期\n县委农办编    2023年6月12日\n\n【工作动态】\n县长调研高标准农田建设\n"
            "6月8日，县长深入石门镇调研高标准农田建设工作。\n\n全县召开人居环境整治推进会\n"
            "6月9日，全县推进会召开。\n\n【经验交流】\n清溪乡推动产业发展\n今年以来，清溪乡新发展茶叶基地1200亩。\n")
    doc = parse_bytes(text.encode(), "e.txt")
    assert [(s.column, s.title) for s in doc.sections] == [
        ("工作动态", "县长调研高标准农田建设"),
        ("工作动态", "全县召开人居环境整治推进会"),
        ("经验交流", "清溪乡推动产业发展"),
    ]
    first = doc.sections[0]
    article = doc.text[first.start:first.end]
    assert article.startswith("县长调研") and "【" not in article


def test_a_bulletin_name_set_in_spaced_out_characters() -> None:
    text = ("工 作 简 报\n第3期\n中共西林区委组织部                    2022年3月28日\n\n"
            "区委召开述职评议会\n3月25日下午，区委召开述职评议会。\n")
    doc = parse_bytes(text.encode(), "f.txt")
    assert (doc.bulletin_name, doc.issue_no) == ("工作简报", "第3期")
    assert (doc.issuer, doc.date) == ("中共西林区委组织部", "2022-03-28")
    assert [s.title for s in doc.sections] == ["区委召开述职评议会"]


@pytest.mark.parametrize("head", ["县委农办编2023年6月12日", "中共西林区委组织部2022年3月28日"])
def test_an_issuer_line_whose_date_is_glued_to_the_name(head: str) -> None:
    # a PDF's text layer may drop the wide space between the issuer and the date
    text = f"工作简报\n第5期\n{head}\n\n区委召开述职评议会\n3月25日下午，区委召开述职评议会。\n"
    doc = parse_bytes(text.encode(), "g.txt")
    assert doc.issuer == head.split("2")[0].removesuffix("编")
    assert doc.date is not None and doc.date.startswith("20")


def test_a_seal_note_is_not_part_of_the_signing_organ() -> None:
    for tail in ("青山县防汛抗旱指挥部办公室（代章）\n2016年5月10日",
                 "青山县防汛抗旱指挥部办公室\n（代章）\n2016年5月10日"):
        text = f"关于做好防汛工作的通知\n各乡镇人民政府：\n请做好防汛准备。\n{tail}"
        doc = parse_bytes(text.encode(), "a.txt")
        assert (doc.issuer, doc.date) == ("青山县防汛抗旱指挥部办公室", "2016-05-10")
        assert doc.title == "关于做好防汛工作的通知"


def test_a_report_with_its_author_and_date_under_the_title() -> None:
    text = ("青山县2018年国民经济和社会发展统计公报\n青山县统计局\n2019年3月20日\n"
            "2018年，全县地区生产总值增长6.5%。")
    doc = parse_bytes(text.encode(), "b.txt")
    assert doc.title == "青山县2018年国民经济和社会发展统计公报"
    assert (doc.issuer, doc.date) == ("青山县统计局", "2019-03-20")


def test_a_document_number_under_the_title_is_no_part_of_it() -> None:
    text = ("关于印发青山县防汛应急预案的通知\n青政办〔2019〕12号\n各乡镇人民政府：\n现将预案印发给你们。\n"
            "青山县人民政府办公室\n2019年7月3日")
    doc = parse_bytes(text.encode(), "c.txt")
    assert doc.title == "关于印发青山县防汛应急预案的通知"
    assert doc.doc_number == "青政办〔2019〕12号"
    assert doc.recipients == ["各乡镇人民政府"]


def test_a_table_of_contents_is_no_title() -> None:
    text = ("目  录\n一、总体情况……………………1\n二、主要做法……………………3\n"
            "一、总体情况\n今年以来，全县共召开会议12次。")
    doc = parse_bytes(text.encode(), "d.txt")
    assert doc.title is None and doc.sections == []


def test_a_long_gongwen_title_with_its_number_on_the_same_line() -> None:
    title = "青山县人民政府办公室关于2019年下半年全县政府网站和政务新媒体检查情况的通报"
    for line in (f"{title}(青政办明电[2019]6号)", f"青政办公开〔2019〕6号:《{title}》"):
        doc = parse_bytes(f"{line}\n各乡镇人民政府,县直各单位:\n现将检查情况通报如下。".encode(), "e.txt")
        assert doc.title == title
        assert doc.doc_number in ("青政办明电[2019]6号", "青政办公开〔2019〕6号")
        assert doc.issuer == "青山县人民政府办公室"  # unsigned: the organ that heads the title
        assert doc.recipients == ["各乡镇人民政府", "县直各单位"]


def test_the_note_under_the_date_and_a_text_that_starts_with_its_recipients() -> None:
    text = "各单位:\n请于3月31日前报送材料。\n青山县林业局\n2025年3月19日\n(此件主动公开)"
    doc = parse_bytes(text.encode(), "f.txt")
    assert (doc.issuer, doc.date, doc.recipients) == ("青山县林业局", "2025-03-19", ["各单位"])


def test_a_news_item_headline_with_a_colon_and_its_closing_byline() -> None:
    text = ("青山镇人大:强化督导助推乡村振兴重点项目建设\n近日,青山镇组织人大代表督导重点项目。"
            "(青山镇人大 王小明)")
    doc = parse_bytes(text.encode(), "g.txt")
    assert doc.title == "青山镇人大:强化督导助推乡村振兴重点项目建设"
    assert doc.issuer == "青山镇人大"


def test_recipients_with_named_areas_after_a_leading_ge_are_split() -> None:
    text = ("关于开展检查的通知\n各县区人民政府、青山经济技术开发区、南湖新区,各乡(镇)人民政府、街道办事处,"
            "中央、省属驻青各单位:\n请做好检查。")
    doc = parse_bytes(text.encode(), "h.txt")
    assert doc.recipients == ["各县区人民政府", "青山经济技术开发区", "南湖新区",
                              "各乡(镇)人民政府、街道办事处", "中央、省属驻青各单位"]


def test_a_member_list_and_a_broken_line_are_no_headlines() -> None:
    text = ("各乡镇人民政府:\n根据《\n省政府关于开展普查的通知》精神,决定成立县普查领导小组,成员名单如下:\n"
            "组长:林海峰副县长\n副组长:苏文杰县政府办公室主任\n郑晓东县统计局局长\n"
            "成员:何丽娟县财政局副局长\n领导小组办公室设在县统计局。\n")
    doc = parse_bytes(text.encode(), "notice.txt")
    assert [s.title for s in doc.sections] == []
    assert doc.title is None


def test_an_enumerated_part_heading_is_no_bulletin_name() -> None:
    doc = parse_bytes("一、工单总体情况\n本月共接收市民工单360件。\n二、办理情况\n已解决320件。\n".encode(),
                      "report.txt")
    assert doc.bulletin_name is None and doc.title != "一、工单总体情况"


def test_a_newspapers_reporter_byline_names_the_issuer() -> None:
    text = "东安县推进农村改厕\n今年以来，东安县高标准推进农村改厕工作。（东安日报记者 何某）\n"
    doc = parse_bytes(text.encode(), "news.txt")
    assert doc.issuer == "东安日报"
