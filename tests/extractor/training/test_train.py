"""The training wrapper and the model's scores (the big model is never trained in tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.util import load_config

from extractor.corpora import Example
from extractor.training.configs import load_training_config
from extractor.training.exports import write_docbin, write_spans_jsonl
from extractor.training.train import (
    CONFIG,
    evaluate_examples,
    evaluate_model,
    fine_tune_config,
    predict_model,
    prune_strings,
    train_from_corpora,
    train_from_reviewed,
)

SENTENCES = [
    ("新华社记者张建华报道", [(0, 3, "UNIT"), (5, 8, "PERSON")]),
    ("国务院总理李鹏会见外宾", [(0, 3, "UNIT"), (3, 5, "TITLE"), (5, 7, "PERSON")]),
    ("省工商局局长王海涛到会", [(0, 4, "UNIT"), (4, 6, "TITLE"), (6, 9, "PERSON")]),
    ("北京大学校长陈立新讲话", [(0, 4, "UNIT"), (4, 6, "TITLE"), (6, 9, "PERSON")]),
]


def examples(n: int) -> list[Example]:
    return [Example(t, s, f"s-{i}") for i, (t, s) in
            enumerate(SENTENCES[i % len(SENTENCES)] for i in range(n))]


def ruler() -> spacy.language.Language:
    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_ruler").add_patterns(  # type: ignore[attr-defined]
        [{"label": "PERSON", "pattern": "李鹏"}, {"label": "UNIT", "pattern": "新华社"},
         {"label": "LOC", "pattern": "北京"}])
    return nlp


def test_predictions_are_character_spans_of_the_model_labels() -> None:
    assert predict_model(ruler(), ["北京：新华社记者李鹏报道"]) == [
        [(3, 6, "UNIT"), (8, 10, "PERSON")]]


def test_evaluate_examples_scores_exact_spans_per_label() -> None:
    ev = evaluate_examples(ruler(), examples(4), ["PERSON", "UNIT", "TITLE"])
    assert ev.examples == 4
    assert (ev.scores["PERSON"]["tp"], ev.scores["PERSON"]["fn"]) == (1, 3)
    assert ev.scores["UNIT"]["p"] == 1.0 and ev.scores["UNIT"]["r"] == 0.25
    assert ev.scores["TITLE"]["f"] == 0.0


def test_fine_tune_config_sources_the_trained_components(tmp_path: Path) -> None:
    cfg = fine_tune_config(CONFIG, tmp_path / "base")
    assert cfg["components"]["ner"] == {"source": str(tmp_path / "base")}
    assert cfg["components"]["tok2vec"] == {"source": str(tmp_path / "base")}
    assert cfg["nlp"]["pipeline"] == ["tok2vec", "ner"]


def test_fine_tune_config_keeps_the_base_models_tokenizer(tmp_path: Path) -> None:
    spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "jianbao.CharWordTokenizer.v1"}}}
                ).to_disk(tmp_path / "base")
    chars = CONFIG.with_name("ner.cfg")
    cfg = fine_tune_config(chars, tmp_path / "base")
    assert cfg["nlp"]["tokenizer"]["@tokenizers"] == "jianbao.CharWordTokenizer.v1"
    assert fine_tune_config(chars, tmp_path / "none")["nlp"]["tokenizer"]["segmenter"] == "char"


def test_pruned_model_loads_and_predicts_the_same(tmp_path: Path) -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "jianbao.CharWordTokenizer.v1"}}})
    ner = nlp.add_pipe("ner")
    for label in ("PERSON", "UNIT", "TITLE"):
        ner.add_label(label)  # type: ignore[attr-defined]
    nlp.initialize()
    nlp.to_disk(tmp_path / "m")
    texts = [t for t, _ in SENTENCES]
    model = spacy.load(tmp_path / "m")
    before = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in model.pipe(texts)]
    assert prune_strings(tmp_path / "m") > 0
    assert (tmp_path / "m" / "vocab" / "strings.json").read_text() == "[]"
    again = spacy.load(tmp_path / "m")
    assert set(again.get_pipe("ner").labels) == {"PERSON", "UNIT", "TITLE"}  # type: ignore[attr-defined]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in again.pipe(texts)] == before


def test_fine_tuning_needs_a_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no model"):
        train_from_reviewed(tmp_path / "r.jsonl", base_model=tmp_path / "none")


@pytest.fixture
def spacy_train_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, dict]]:
    """``train_command`` with spaCy's training and the corpus conversion stubbed out: the list
    of ``(config, overrides)`` it hands to ``spacy train``."""
    from extractor.training import train as training

    seen: list[tuple[Path, dict]] = []
    monkeypatch.setattr(training, "_spacy_train",
                        lambda config, output, overrides: seen.append((config, overrides)) or output)
    monkeypatch.setattr(training, "build_corpus", lambda corpus, limit=None: None)
    return seen


def test_train_command_passes_the_learning_rate_to_spacy_train(
    tmp_path: Path, spacy_train_calls: list[tuple[Path, dict]]
) -> None:
    from extractor.training import train as training

    training.train_command(output=tmp_path / "out", ship=False, learn_rate=0.0003)
    assert spacy_train_calls[-1][1]["training.optimizer.learn_rate"] == 0.0003
    training.train_command(output=tmp_path / "out", ship=False)
    assert "training.optimizer.learn_rate" not in spacy_train_calls[-1][1]


def test_training_hands_spacy_the_full_config_of_a_variant(
    tmp_path: Path, spacy_train_calls: list[tuple[Path, dict]]
) -> None:
    from extractor.training import train as training

    training.train_command(config=Path("ner_lexicon"), output=tmp_path / "out", ship=False)
    config = spacy_train_calls[-1][0]
    assert config == tmp_path / "out" / "train.cfg"
    assert load_config(config, interpolate=False) == load_training_config("ner_lexicon")


SMOKE_CONFIGS = [
    *(CONFIG.with_name(n) for n in ("ner.cfg", "ner_words.cfg", "ner_styles.cfg",
                                    "ner_styles_wide.cfg", "ner_lexicon.cfg", "ner_lexicon_wide.cfg")),
    "ner_styles_small",  # a variant by name, as --config takes it
]


@pytest.mark.slow
@pytest.mark.parametrize("config", SMOKE_CONFIGS, ids=["chars", "words", "styles", "styles-wide",
                                                       "lexicon", "lexicon-wide", "styles-small"])
def test_spacy_train_smoke_run_and_fine_tune(tmp_path: Path, config: Path | str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_docbin(examples(20), corpus / "train.spacy")
    write_docbin(examples(4), corpus / "dev.spacy")
    best = train_from_corpora(config, output=tmp_path / "out", corpus=corpus, ship_to=None,
                              extra={"training.max_epochs": 1, "training.eval_frequency": 5})
    nlp = spacy.load(best)
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "UNIT", "TITLE"}  # type: ignore[attr-defined]
    reviewed = tmp_path / "reviewed.jsonl"
    write_spans_jsonl(examples(8), reviewed)
    tuned = train_from_reviewed(reviewed, base_model=best, output=tmp_path / "tuned", max_steps=4)
    assert spacy.load(tuned).pipe_names == ["tok2vec", "ner"]


def test_evaluate_model_scores_a_saved_model_on_a_corpus_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpora" / "msra-ner"
    folder.mkdir(parents=True)
    sentences = ["李\tB-PER\n鹏\tI-PER\n在\tO\n新\tB-ORG\n华\tI-ORG\n社\tI-ORG\n",
                 "王\tB-PER\n五\tI-PER\n到\tO\n北\tB-LOC\n京\tI-LOC\n"]
    (folder / "msra_test_bio").write_text("\n".join(sentences), encoding="utf-8")
    monkeypatch.setenv("JIANBAO_CORPORA", str(tmp_path / "corpora"))
    ruler().to_disk(tmp_path / "model")
    ev = evaluate_model(tmp_path / "model", "msra", "test")
    assert ev.examples == 2
    assert set(ev.scores) == {"PERSON", "UNIT", "ALL"}  # MSRA has no TITLE; LOC is not scored
    assert (ev.scores["PERSON"]["tp"], ev.scores["PERSON"]["fn"]) == (1, 1)
    assert ev.scores["UNIT"]["f"] == 1.0
