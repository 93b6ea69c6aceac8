"""The thin wrapper around ``spacy train`` behind ``jianbao train``, and the model's scores.

    jianbao train                               # corpora → models/jianbao_ner (models/README.md)
    jianbao train --from-reviewed reviewed.jsonl  # fine-tune the shipped model on reviewed records

:func:`train_command` is the body of the Typer command; :func:`evaluate_model` scores a model
alone on a corpus split with the same exact-span scorer as the rule extractor.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from thinc.api import Config

from extractor.corpora import Example, ReadStats, Span, read_corpus
from extractor.evaluation.ner import Evaluation, corpus_labels, score_spans
from extractor.training.configs import CONFIGS, load_training_config
from extractor.training.convert import ConvertStats, build_corpus, char_nlp, example_to_doc
from extractor.training.exports import read_spans_jsonl

ROOT = Path(__file__).resolve().parents[2]
# the shipped model's lineage: characters with word features and annotation styles (a variant
# of models/configs/base.cfg; any config loads through extractor.training.configs)
CONFIG = CONFIGS / "ner_styles_wide.cfg"
SHIPPED = ROOT / "models" / "jianbao_ner"
WORK = ROOT / "models" / "training"
MODEL_LABELS = ("PERSON", "UNIT", "TITLE")
FINE_TUNE_STEPS = 600


def _spacy_train(config: Path, output: Path, overrides: dict[str, Any]) -> Path:
    from spacy.cli.train import train as spacy_train

    spacy_train(config, output, overrides=overrides)
    return output / "model-best"


def _ship(best: Path, ship_to: Path) -> None:
    if ship_to.exists():
        shutil.rmtree(ship_to)
    shutil.copytree(best, ship_to)
    prune_strings(ship_to)


def prune_strings(model_dir: Path) -> int:
    """Empty a saved model's string store; returns how many strings were dropped.

    Training leaves every string it saw in ``vocab/strings.json`` (with word features, half a
    million bigrams and words, 9 MB). Nothing at run time reads them: hash embeddings hash the
    feature strings the tokenizer makes, and the entity labels are saved with the ``ner``
    component, so the shipped model carries none.
    """
    path = Path(model_dir) / "vocab" / "strings.json"
    if not path.is_file():
        return 0
    dropped = len(json.loads(path.read_text(encoding="utf-8")))
    path.write_text("[]", encoding="utf-8")
    return dropped


def train_from_corpora(
    config: str | Path = CONFIG,
    output: Path = WORK / "output",
    corpus: Path = WORK / "corpus",
    limit: int | None = None,
    max_steps: int | None = None,
    ship_to: Path | None = SHIPPED,
    extra: dict[str, Any] | None = None,
    resume_from: Path | None = None,
    seed: int = 2,
) -> Path:
    """Convert the training splits (unless ``corpus`` holds them), train, copy model-best.

    ``config`` is a variant's name or a config file (:func:`load_training_config`); the full
    config spaCy trains from is written to ``output/train.cfg`` (``resume.cfg`` when resuming).
    ``extra`` holds further config overrides (``{"training.max_epochs": 1}``); ``resume_from``
    continues training a model (its components sourced) with ``seed`` for the shuffle.
    """
    if not (corpus / "train.spacy").is_file():
        build_corpus(corpus, limit=limit)
    overrides: dict[str, Any] = {
        "paths.train": str(corpus / "train.spacy"),
        "paths.dev": str(corpus / "dev.spacy"),
    }
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    if resume_from is not None:
        # Continue from a trained model; another seed, so the shuffle shows other examples first.
        cfg = fine_tune_config(config, resume_from, max_steps or 2500, eval_frequency=500)
        overrides["system.seed"] = seed
    else:
        cfg = load_training_config(config)
    output.mkdir(parents=True, exist_ok=True)
    cfg_path = output / ("resume.cfg" if resume_from is not None else "train.cfg")
    cfg.to_disk(cfg_path)
    best = _spacy_train(cfg_path, output, overrides | (extra or {}))
    if ship_to is not None:
        _ship(best, ship_to)
    return best


def fine_tune_config(
    config: str | Path, base_model: Path, max_steps: int = FINE_TUNE_STEPS, eval_frequency: int = 100
) -> Config:
    """The training config with tok2vec and ner sourced from ``base_model``.

    The tokenizer is the base model's own (where it has a config): a model trained on
    characters with word features must go on seeing those features, whatever ``config`` says.
    """
    cfg = load_training_config(config)
    for name in ("tok2vec", "ner"):
        cfg["components"][name] = {"source": str(base_model)}
    saved = Path(base_model) / "config.cfg"
    if saved.is_file():
        cfg["nlp"]["tokenizer"] = Config().from_disk(saved, interpolate=False)["nlp"]["tokenizer"]
    cfg["training"]["max_steps"] = max_steps
    cfg["training"]["eval_frequency"] = eval_frequency
    return cfg


def train_from_reviewed(
    reviewed: Path,
    base_model: Path = SHIPPED,
    config: str | Path = CONFIG,
    output: Path = WORK / "reviewed",
    dev_fraction: float = 0.1,
    max_steps: int | None = None,
    ship_to: Path | None = None,
    seed: int = 1998,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Fine-tune ``base_model`` on reviewed records (JSONL spans or a ``.spacy`` DocBin)."""
    if not base_model.is_dir():
        raise FileNotFoundError(f"no model to fine-tune at {base_model}")
    output.mkdir(parents=True, exist_ok=True)
    nlp = char_nlp()
    if reviewed.suffix == ".spacy":
        docs = list(DocBin().from_disk(reviewed).get_docs(nlp.vocab))
    else:
        stats = ConvertStats()
        docs = [example_to_doc(nlp.make_doc, ex, stats) for ex in read_spans_jsonl(reviewed)]
        (output / "convert_stats.json").write_text(json.dumps(stats.to_dict(), ensure_ascii=False))
    if len(docs) < 2:
        raise ValueError(f"{reviewed}: need at least 2 reviewed documents, found {len(docs)}")
    random.Random(seed).shuffle(docs)
    n_dev = max(1, int(len(docs) * dev_fraction))
    DocBin(docs=docs[n_dev:]).to_disk(output / "train.spacy")
    DocBin(docs=docs[:n_dev]).to_disk(output / "dev.spacy")
    cfg = fine_tune_config(config, base_model)
    cfg_path = output / "fine_tune.cfg"
    cfg.to_disk(cfg_path)
    overrides: dict[str, Any] = {
        "paths.train": str(output / "train.spacy"),
        "paths.dev": str(output / "dev.spacy"),
    }
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    best = _spacy_train(cfg_path, output / "output", overrides | (extra or {}))
    if ship_to is not None:
        _ship(best, ship_to)
    return best


def train_command(
    from_reviewed: Path | None = None,
    config: str | Path = CONFIG,
    output: Path | None = None,
    limit: int | None = None,
    max_steps: int | None = None,
    ship: bool | None = None,
    resume_from: Path | None = None,
    learn_rate: float | None = None,
    grow_depth: int | None = None,
) -> Path:
    """Body of ``jianbao train``: corpora → shipped model, or fine-tune on reviewed records.

    ``ship`` None means: a model trained from the corpora replaces ``models/jianbao_ner``; a
    fine-tuned one stays in ``output`` until the caller asks for ``ship=True``. ``learn_rate``
    replaces the config's (a lower one for the last runs of a long training); ``grow_depth``
    first deepens the ``resume_from`` model's encoder (:mod:`extractor.training.grow`) into the
    output folder and resumes from that.
    """
    if grow_depth is not None and resume_from is not None:
        from extractor.training.grow import grow_depth as grow

        resume_from = grow(resume_from, (output or WORK / "output") / "grown", grow_depth)
    extra = {"training.optimizer.learn_rate": learn_rate} if learn_rate is not None else None
    if from_reviewed is not None:
        return train_from_reviewed(
            from_reviewed, config=config, output=output or WORK / "reviewed",
            max_steps=max_steps, ship_to=SHIPPED if ship else None, extra=extra,
        )
    return train_from_corpora(
        config, output or WORK / "output", limit=limit, max_steps=max_steps,
        ship_to=None if ship is False else SHIPPED, extra=extra, resume_from=resume_from,
    )


# --- scores -----------------------------------------------------------------------------------


def predict_model(
    nlp: Language, texts: Iterable[str], labels: Iterable[str] = MODEL_LABELS
) -> list[list[Span]]:
    """The model's entity spans (character offsets) of ``labels`` for each text."""
    wanted = set(labels)
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in wanted]
        for doc in nlp.pipe(texts, batch_size=64)
    ]


def evaluate_examples(nlp: Language, examples: Sequence[Example], labels: Sequence[str]) -> Evaluation:
    t0 = time.perf_counter()
    predicted = predict_model(nlp, (e.text for e in examples), labels)
    seconds = time.perf_counter() - t0
    return Evaluation("model", score_spans(examples, predicted, labels), len(examples), seconds)


def evaluate_model(
    model_path: Path | str,
    corpus: str,
    split: str,
    limit: int | None = None,
    stats: ReadStats | None = None,
    style: str | None = None,
) -> Evaluation:
    """Score the model alone on a corpus split (PERSON/UNIT, and TITLE where annotated).

    ``stats`` (filled while reading) is what ``extractor.evaluation.ner.scores_table`` shows.
    A model trained with annotation styles reads the split in ``style``, by default its
    corpus's own (:func:`extractor.training.styles.corpus_style`).
    """
    from extractor.training.styles import corpus_style, styled

    nlp = styled(spacy.load(Path(model_path)), style or corpus_style(corpus))
    stats = stats if stats is not None else ReadStats()
    examples = list(read_corpus(corpus, split, limit, purpose="evaluate", stats=stats))
    return evaluate_examples(nlp, examples, corpus_labels(corpus, MODEL_LABELS))
