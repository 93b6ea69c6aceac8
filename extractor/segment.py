"""Text → spaCy Doc, segmented by a jieba.Tokenizer the project owns.

The global ``jieba.dt`` is never touched: the service and tests share one process, and a user
dictionary loaded into the global tokenizer would leak between them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from importlib.resources import files

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces, registry
from spacy.vocab import Vocab

try:
    import jieba
    import jieba.posseg
except ImportError:  # pragma: no cover - jieba is a hard dependency
    raise ImportError("Jianbao needs jieba: pip install jieba") from None

USERDICT = "userdict.txt"


@functools.cache
def jieba_tokenizer() -> jieba.Tokenizer:
    """The project's jieba tokenizer with its user dictionary, built once per process."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    path = files("extractor") / "data" / USERDICT
    with path.open("rb") as fh:
        tok.load_userdict(fh)
    return tok


@functools.cache
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """jieba.posseg over the project's tokenizer: one dictionary in memory for both."""
    pos = jieba.posseg.POSTokenizer(jieba_tokenizer())
    pos.makesure_userdict_loaded()  # merges the user dictionary's tags into word_tag_tab
    return pos


class JiebaTokenizer(DummyTokenizer):
    """spaCy tokenizer over the project's jieba instance (HMM on, as jieba.posseg uses)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = [w for w in jieba_tokenizer().cut(text, HMM=True) if w]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("jianbao.JiebaTokenizer.v1")
def make_tokenizer() -> Callable[[Language], JiebaTokenizer]:
    def create(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab)

    return create
