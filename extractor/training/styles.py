"""Annotation styles: one model, trained on corpora that disagree, told which corpus it reads.

The four training corpora draw a unit's edges differently: MSRA writes 埃及政府 as the place 埃及
and tags brands and teams (奔驰, 国安) as organisations; People's Daily and CLUENER make the whole
埃及政府 a unit. A model shown all four at once learns the average and hits none of them. With
styles, every training token carries its corpus's name (``Style=msra``, the token's morph, which
``models/configs/ner_styles.cfg`` embeds beside the character), and a seeded share of documents
carries ``any`` instead, so the model also learns the conventions they share: what a document
from outside the four (a bulletin) is read with. A corpus's own test split is read in its own
style, and scores are reported both ways (``benchmarks/train.py``).

The training reader is ``jianbao.StyledCorpus.v1``: spaCy's own corpus reader, then each
example's predicted doc marked with the style of the corpus ``convert`` wrote in its user data.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.training import Corpus, Example
from spacy.util import load_config, registry

from extractor.segment import ANY_STYLE, CharWordTokenizer, set_style
from extractor.training.convert import CORPUS_KEY, TRAIN_SOURCES


class StyledCorpus:
    """spaCy's :class:`~spacy.training.Corpus`, each predicted doc marked with its corpus's style.

    ``any_fraction`` of the examples (drawn anew at each pass, from ``seed``) get ``any``
    instead; a document with no corpus in its user data (a reviewed record) always does.
    """

    def __init__(self, corpus: Corpus, any_fraction: float = 0.0, seed: int = 0) -> None:
        if not 0.0 <= any_fraction <= 1.0:
            raise ValueError(f"any_fraction must lie in [0, 1], not {any_fraction}")
        self.corpus = corpus
        self.any_fraction = any_fraction
        self.rng = random.Random(seed)

    def __call__(self, nlp: Language) -> Iterator[Example]:
        for eg in self.corpus(nlp):
            style = eg.reference.user_data.get(CORPUS_KEY, ANY_STYLE)
            if self.any_fraction and self.rng.random() < self.any_fraction:
                style = ANY_STYLE
            set_style(eg.predicted, style)
            yield eg


@registry.readers("jianbao.StyledCorpus.v1")
def create_styled_reader(
    path: Path,
    any_fraction: float = 0.0,
    seed: int = 0,
    max_length: int = 0,
    limit: int = 0,
) -> Callable[[Language], Iterator[Example]]:
    return StyledCorpus(Corpus(path, max_length=max_length, limit=limit), any_fraction, seed)


def corpus_style(corpus: str) -> str:
    """The style a corpus is read in: its own name if a model was trained on it, else ``any``."""
    return corpus if corpus in {name for name, _ in TRAIN_SOURCES} else ANY_STYLE


def model_styles(nlp: Language) -> bool:
    """Whether ``nlp`` reads annotation styles (its tokenizer carries one)."""
    return getattr(nlp.tokenizer, "style", None) is not None


def set_model_style(model_dir: Path | str, style: str) -> None:
    """Make a saved styled model read new text in ``style`` (its ``config.cfg``'s tokenizer).

    The extractor reads bulletins in the style the shipped model's config names; ``any`` as
    trained, or the corpus whose conventions suit bulletins best (models/README.md).
    """
    path = Path(model_dir) / "config.cfg"
    config = load_config(path, interpolate=False)
    if "style" not in config["nlp"]["tokenizer"]:
        raise ValueError(f"{model_dir} was not trained with annotation styles")
    config["nlp"]["tokenizer"]["style"] = style
    config.to_disk(path)


def styled(nlp: Language, style: str) -> Language:
    """Set the style ``nlp`` reads new text in, where it reads styles; returns ``nlp``."""
    if model_styles(nlp):
        tokenizer = nlp.tokenizer
        if isinstance(tokenizer, CharWordTokenizer):
            tokenizer.style = style
    return nlp
