"""Corpus readers on small samples in each corpus's own format, and on the real files if present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.corpora import (
    CORPORA,
    Example,
    ReadStats,
    corpora_dir,
    corpus_path,
    read_corpus,
)

# People's Daily 1998: CRLF line ends, a stray CR, blank lines, two spaces between tokens.
PD_SAMPLE = (
    "19980125-01-001-001/m  １２月/t  ３１日/t  ，/w  中共中央/nt  总书记/n  江/nr  泽民/nr  "
    "通过/p  [中央/n  电视台/n]nt  向/p  [香港/ns  特别/a  行政区/n]ns  同胞/n  致以/v  问候/vn  "
    "。/w  \r\n"
    "\r\n"
    "19980126-02-003-004/m  杜/nr  中武/nr  孙/nr  传刚/nr  等/u  １１９/m  个/q  单位/n  参加/v  "
    "[北京/ns  大学/n]nt  座谈会/n  ，/w  今天/t  １９９８年/t  新年/t  到来/v  。/w  \r\r\n"
    "19980131-04-001-001/m  克林顿/nr  访问/v  坏了  中国/ns  。/w  \r\n"
)


def write(root: Path, name: str, split: str, content: str) -> Path:
    path = corpus_path(name, split, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8"))
    return path


def read(root: Path, name: str, split: str, **kw: object) -> tuple[list[Example], ReadStats]:
    stats = ReadStats()
    return list(read_corpus(name, split, root=root, stats=stats, **kw)), stats  # type: ignore[arg-type]


def test_pd1998_split_by_day_text_and_labels(tmp_path: Path) -> None:
    write(tmp_path, "pd1998", "train", PD_SAMPLE)
    train, _ = read(tmp_path, "pd1998", "train")
    assert [e.id for e in train] == ["19980125-01-001-001"]
    ex = train[0]
    assert ex.text == "１２月３１日，中共中央总书记江泽民通过中央电视台向香港特别行政区同胞致以问候。"
    assert ex.mentions() == [
        ("１２月３１日", "DATE"), ("中共中央", "UNIT"), ("江泽民", "PERSON"),
        ("中央电视台", "UNIT"), ("香港特别行政区", "LOC"),
    ]
    assert ex.words is not None and ex.words[:3] == [("１２月", "t"), ("３１日", "t"), ("，", "w")]
    assert ("电视台", "n") in ex.words

    test, stats = read(tmp_path, "pd1998", "test")
    assert [e.id for e in test] == ["19980126-02-003-004", "19980131-04-001-001"]
    assert test[0].mentions() == [
        ("杜中武", "PERSON"), ("孙传刚", "PERSON"), ("１１９个", "COUNT"),
        ("北京大学", "UNIT"), ("１９９８年", "DATE"),
    ]
    # the malformed token is counted, and the rest of its paragraph is still read
    assert stats.problems == {"malformed token": 1}
    assert test[1].mentions() == [("克林顿", "PERSON"), ("中国", "LOC")]
    assert stats.labels["PERSON"] == 3 and stats.examples == 2


def test_reporting_only_splits_refused_for_training(tmp_path: Path) -> None:
    for name, split in [("pd1998", "test"), ("msra", "test"), ("cluener", "dev"),
                        ("resume", "dev"), ("resume", "test"), ("peoples-daily", "dev")]:
        with pytest.raises(ValueError, match="reporting only"):
            read_corpus(name, split, purpose="train", root=tmp_path)
    write(tmp_path, "pd1998", "train", PD_SAMPLE)
    assert len(list(read_corpus("pd1998", "train", purpose="train", root=tmp_path))) == 1
    with pytest.raises(ValueError, match="no labelled split"):
        read_corpus("cluener", "test", root=tmp_path)
    with pytest.raises(ValueError, match="unknown corpus"):
        read_corpus("conll", "train", root=tmp_path)
    with pytest.raises(FileNotFoundError, match="JIANBAO_CORPORA"):
        read_corpus("msra", "train", purpose="train", root=tmp_path)


def test_msra_bio_and_problems_counted(tmp_path: Path) -> None:
    lines = ["国\tB-ORG", "务\tI-ORG", "院\tI-ORG", "总\tO", "理\tO", "李\tB-PER", "鹏\tI-PER", "",
             "在\tO", "北\tI-LOC", "京\tI-LOC", "坏行", "", ""]
    write(tmp_path, "msra", "test", "\n".join(lines))
    examples, stats = read(tmp_path, "msra", "test")
    assert [e.text for e in examples] == ["国务院总理李鹏", "在北京"]
    assert examples[0].mentions() == [("国务院", "UNIT"), ("李鹏", "PERSON")]
    assert examples[1].mentions() == [("北京", "LOC")]
    assert stats.problems == {"I- without B-": 1, "malformed line": 1}
    assert any("msra_test_bio:12" in s for s in stats.samples)


def test_cluener_inclusive_end_and_unmapped_labels(tmp_path: Path) -> None:
    records = [
        {"text": "全国人大副委员长蒋正华在深圳市人大常委会讲话，玩了王者荣耀",
         "label": {"government": {"全国人大": [[0, 3]], "深圳市人大常委会": [[12, 19]]},
                   "position": {"副委员长": [[4, 7]]}, "name": {"蒋正华": [[8, 10]]},
                   "game": {"王者荣耀": [[25, 28]]}}},
        {"text": "腾讯公司", "label": {"company": {"腾讯": [[0, 2]]}}},
    ]
    write(tmp_path, "cluener", "dev",
          "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "{bad json\n")
    examples, stats = read(tmp_path, "cluener", "dev")
    assert examples[0].mentions() == [("全国人大", "UNIT"), ("副委员长", "TITLE"),
                                      ("蒋正华", "PERSON"), ("深圳市人大常委会", "UNIT")]
    assert examples[1].spans == []  # [0, 2] inclusive is 腾讯公, not 腾讯
    assert stats.unmapped == {"game": 1}
    assert stats.problems == {"offsets do not give the mention": 1, "malformed record": 1}


def test_resume_bmes(tmp_path: Path) -> None:
    lines = ["高 B-NAME", "勇 E-NAME", "， O", "男 O", "， O", "硕 B-EDU", "士 E-EDU", "， O",
             "华 B-ORG", "为 M-ORG", "公 M-ORG", "司 E-ORG", "董 B-TITLE", "事 M-TITLE",
             "长 E-TITLE", "", "李 S-NAME", "任 O", "经 B-TITLE", "理 M-TITLE", ""]
    write(tmp_path, "resume", "train", "\n".join(lines))
    examples, stats = read(tmp_path, "resume", "train", purpose="train")
    assert examples[0].mentions() == [("高勇", "PERSON"), ("华为公司", "UNIT"), ("董事长", "TITLE")]
    assert examples[1].mentions() == [("李", "PERSON"), ("经理", "TITLE")]
    assert stats.unmapped == {"EDU": 1}
    assert stats.problems == {"span not closed by E-": 1}


def test_peoples_daily_and_weibo(tmp_path: Path) -> None:
    write(tmp_path, "peoples-daily", "test", "厦 B-LOC\n门 I-LOC\n市 O\n\n")
    examples, _ = read(tmp_path, "peoples-daily", "test")
    assert examples[0].mentions() == [("厦门", "LOC")]

    weibo = ["张0\tB-PER.NAM", "三1\tI-PER.NAM", "老0\tB-PER.NOM", "师1\tI-PER.NOM", "在0\tO",
             "北0\tB-GPE.NAM", "京1\tI-GPE.NAM", "2\t0\tO", "", "e12\tO", "50\tO", ""]
    write(tmp_path, "weibo", "test", "\n".join(weibo))
    examples, stats = read(tmp_path, "weibo", "test", purpose="train")
    assert [e.text for e in examples] == ["张三老师在北京", "e5"]
    assert examples[0].mentions() == [("张三", "PERSON"), ("北京", "LOC")]
    assert stats.unmapped == {"PER.NOM": 1}
    assert stats.problems == {"malformed line": 1}


def test_limit_and_corpora_dir_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "msra", "train", "字\tO\n\n" * 5)
    monkeypatch.setenv("JIANBAO_CORPORA", str(tmp_path))
    assert corpora_dir() == tmp_path
    stats = ReadStats()
    assert len(list(read_corpus("msra", "train", limit=3, purpose="train", stats=stats))) == 3
    assert stats.examples == 3
    monkeypatch.delenv("JIANBAO_CORPORA")
    assert corpora_dir().parts[-2:] == ("shared", "corpora")


# --- the real corpora ------------------------------------------------------------------------

REAL = corpora_dir()
SPLITS = [(name, split) for name, corpus in CORPORA.items() for split in corpus.files]


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the shared corpora are not at {REAL}")
@pytest.mark.parametrize(("name", "split"), SPLITS)
def test_real_corpus_first_50(name: str, split: str) -> None:
    stats = ReadStats()
    examples = list(read_corpus(name, split, limit=50, stats=stats))
    assert len(examples) == 50
    # the format is understood; tag errors in the data itself (Weibo has a few) are only counted
    assert not [k for k in stats.problems if k.startswith("malformed")]
    assert len({e.id for e in examples}) == 50
    for ex in examples:
        assert ex.text
        for start, end, label in ex.spans:
            assert 0 <= start < end <= len(ex.text)
            assert label in CORPORA[name].project_labels
        if ex.words is not None:
            assert "".join(w for w, _ in ex.words) == ex.text
            bounds = {0}
            for w, _ in ex.words:
                bounds.add(max(bounds) + len(w))
            assert all(s in bounds and e in bounds for s, e, _ in ex.spans)


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the shared corpora are not at {REAL}")
def test_real_cluener_offsets_give_file_mentions() -> None:
    labels = CORPORA["cluener"].labels
    with corpus_path("cluener", "dev").open(encoding="utf-8") as fh:
        records = [json.loads(next(fh)) for _ in range(50)]
    for ex, record in zip(read_corpus("cluener", "dev", limit=50), records, strict=True):
        assert ex.text == record["text"]
        expected = sorted((m, labels[lab]) for lab, ms in record["label"].items()
                          for m, offs in ms.items() for _ in offs if labels[lab])
        assert sorted(ex.mentions()) == expected
