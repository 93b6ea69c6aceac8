"""The model beside the rules: chunking, the merge policy, and the shipped model if present."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from extractor.components import get_entities
from extractor.components.model import (
    SHIPPED_MODEL,
    ModelFinder,
    admit,
    chunks,
    model_available,
)
from extractor.components.resolver import resolve
from extractor.pipeline import build_nlp, run
from extractor.spans import Candidate


def cand(text: str, whole: str, label: str, score: float, source: str = "rule") -> Candidate:
    start = whole.index(text)
    return Candidate(label, start, start + len(text), text, source=source, score=score)


def merged(rules: list[Candidate], model: list[Candidate]) -> list[tuple[str, str, str]]:
    return [(c.text, c.label, c.source) for c in resolve(rules + admit(model, rules))]


def test_a_model_person_inside_a_rule_title_is_dropped() -> None:
    text = "省委副书记张明出席"
    title = cand("省委副书记", text, "TITLE", 0.9)
    wrong = cand("书记张明", text, "PERSON", 0.7, "model")
    right = cand("张明", text, "PERSON", 0.7, "model")
    inside = cand("副书记", text, "PERSON", 0.7, "model")
    assert merged([title], [wrong, right, inside]) == [
        ("省委副书记", "TITLE", "rule"), ("张明", "PERSON", "model")]


def test_a_model_unit_crossing_a_rule_unit_loses() -> None:
    text = "市农业农村局局长到会"
    unit = cand("市农业农村局", text, "UNIT", 0.88)
    crossing = cand("农村局局长", text, "UNIT", 0.7, "model")
    longer = cand("市农业农村局局", text, "UNIT", 0.7, "model")
    assert merged([unit], [crossing, longer]) == [("市农业农村局", "UNIT", "rule")]


def test_a_model_unit_may_nest_in_a_rule_title() -> None:
    text = "县纪委副书记到会"
    title = cand("县纪委副书记", text, "TITLE", 0.9)
    unit = cand("县纪委", text, "UNIT", 0.7, "model")
    assert merged([title], [unit]) == [("县纪委副书记", "TITLE", "rule"), ("县纪委", "UNIT", "model")]


def test_a_model_person_where_no_rule_fired_is_kept() -> None:
    text = "会上，王建国介绍了情况"
    person = cand("王建国", text, "PERSON", 0.7, "model")
    date = Candidate("DATE", 0, 1, "会", score=0.95)  # far from the name: no effect
    assert merged([date], [person]) == [("会", "DATE", "rule"), ("王建国", "PERSON", "model")]


def test_a_model_span_without_the_form_of_its_label_is_dropped() -> None:
    text = "杨  帆介绍了青山水库工作情况通报和党支部、市住建局的做法"
    spaced = cand("杨  帆", text, "PERSON", 0.7, "model")  # a two-character name padded to three
    not_a_name = cand("水库工作", text, "PERSON", 0.7, "model")
    title_of_a_text = cand("青山水库工作情况通报", text, "UNIT", 0.7, "model")
    bare_suffix = cand("党支部", text, "UNIT", 0.7, "model")
    bureau = cand("市住建局", text, "UNIT", 0.7, "model")
    assert merged([], [spaced, not_a_name, title_of_a_text, bare_suffix, bureau]) == [
        ("杨  帆", "PERSON", "model"), ("市住建局", "UNIT", "model")]


@given(st.text(alphabet="张三。！\n ab", max_size=300), st.integers(min_value=3, max_value=50))
def test_chunks_cover_every_line_in_pieces_no_longer_than_asked(text: str, size: int) -> None:
    pieces = list(chunks(text, size))
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert 0 < len(piece) <= size and "\n" not in piece
    covered = {offset + i for offset, piece in pieces for i in range(len(piece))}
    assert covered == {i for i, ch in enumerate(text) if ch != "\n" and text_line_has_text(text, i)}


def text_line_has_text(text: str, i: int) -> bool:
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return bool(text[start : end if end >= 0 else len(text)].strip())


def ruler_model() -> Language:
    """A character pipeline with an entity ruler, standing in for the trained model."""
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "欧阳明远"},  # type: ignore[attr-defined]
                        {"label": "LOC", "pattern": "东海"}])
    return nlp


def with_model(finder_nlp: Language | None = None) -> Language:
    nlp = build_nlp()
    if "jianbao_model" not in nlp.pipe_names:
        nlp.add_pipe("jianbao_model", before="jianbao_resolver")
    if finder_nlp is not None:
        finder = nlp.get_pipe("jianbao_model")
        assert isinstance(finder, ModelFinder)
        finder._nlp = finder_nlp
    return nlp


def test_the_component_adds_model_spans_with_document_offsets() -> None:
    nlp = with_model(ruler_model())
    text = "一、工作进展\n东海县召开会议。据悉，欧阳明远作了发言。"
    doc = run(nlp, text)
    ents = get_entities(doc)
    people = [e for e in ents if e.label == "PERSON"]
    assert [(e.text, e.source, e.score) for e in people] == [("欧阳明远", "model", 0.7)]
    assert all(text[e.start : e.end] == e.text for e in ents)
    assert not [e for e in ents if e.label == "LOC"]  # the model's LOC is not a product label


@pytest.mark.skipif(not model_available(SHIPPED_MODEL),
                    reason=f"no trained model at {SHIPPED_MODEL} (run `jianbao train`)")
def test_the_shipped_model_finds_a_name_no_rule_knows() -> None:
    text = "张晓梅说，下一步将继续抓好落实。"
    rules_only = get_entities(run(build_nlp(use_model=False), text))
    assert not [e for e in rules_only if e.label == "PERSON"]
    ents = get_entities(run(with_model(), text))
    assert ("张晓梅", "PERSON", "model") in [(e.text, e.label, e.source) for e in ents]


def test_a_saved_pipeline_carries_its_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_model(ruler_model()).to_disk(tmp_path / "pipe")
    monkeypatch.setenv("JIANBAO_MODEL", str(tmp_path / "nowhere"))
    nlp = spacy.load(tmp_path / "pipe")
    ents = get_entities(run(nlp, "据悉，欧阳明远作了发言。"))
    assert [(e.text, e.source) for e in ents if e.label == "PERSON"] == [("欧阳明远", "model")]


def test_a_missing_model_is_named_when_the_component_first_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANBAO_MODEL", str(tmp_path / "nowhere"))
    nlp = with_model()
    assert not model_available()
    with pytest.raises(FileNotFoundError, match="nowhere"):
        run(nlp, "会议召开。")


def test_the_models_names_inside_a_title_or_at_the_head_of_a_doctrine_are_dropped() -> None:
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": p}  # type: ignore[attr-defined]
                        for p in ("欧阳明远", "郑培民", "习近平")])
    text = "欧阳明远组织观看影片《郑培民》，学习习近平新时代中国特色社会主义思想。"
    ents = get_entities(run(with_model(nlp), text))
    assert [(e.text, e.source) for e in ents if e.label == "PERSON"] == [("欧阳明远", "model")]


def test_the_model_is_on_by_default_and_off_with_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIANBAO_USE_MODEL", raising=False)
    assert ("jianbao_model" in build_nlp().pipe_names) == model_available()
    monkeypatch.setenv("JIANBAO_USE_MODEL", "0")
    assert "jianbao_model" not in build_nlp().pipe_names


def test_a_model_name_that_ends_as_a_place_is_no_person() -> None:
    from extractor.components.model import plausible
    from extractor.spans import Candidate

    assert not plausible(Candidate("PERSON", 0, 3, "白水镇"))
    assert plausible(Candidate("PERSON", 0, 3, "白水清"))


def test_a_model_unit_that_runs_over_a_named_person_is_dropped() -> None:
    text = "校长黎某远讲话。会上，黎某远对学校主题教育工作给予肯定。"
    person = cand("黎某远", text, "PERSON", 0.9)
    wrong = Candidate("UNIT", text.rindex("黎某远"), text.rindex("学校") + 2, "黎某远对学校",
                      source="model", score=0.7)
    assert ("黎某远对学校", "UNIT", "model") not in merged([person], [wrong])
