"""Text → spaCy Doc, segmented by a jieba.Tokenizer the project owns.

The global ``jieba.dt`` is never touched: the service and tests share one process, and a user
dictionary loaded into the global tokenizer would leak between them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces, registry
from spacy.vocab import Vocab

try:
    import jieba
    import jieba.posseg
except ImportError:  # pragma: no cover - jieba is a hard dependency
    raise ImportError("Jianbao needs jieba: pip install jieba") from None

from extractor import resources

USERDICT = "userdict.txt"


@functools.cache
def jieba_tokenizer() -> jieba.Tokenizer:
    """The project's jieba tokenizer with its user dictionary, built once per process."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    with resources.path(USERDICT).open("rb") as fh:
        tok.load_userdict(fh)
    return tok


@functools.cache
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """jieba.posseg over the project's tokenizer: one dictionary in memory for both."""
    pos = jieba.posseg.POSTokenizer(jieba_tokenizer())
    pos.makesure_userdict_loaded()  # merges the user dictionary's tags into word_tag_tab
    return pos


@functools.cache
def tag_table() -> dict[str, str]:
    """Word → part-of-speech tag from jieba's dictionary and the project's user dictionary."""
    table: dict[str, str] = pos_tokenizer().word_tag_tab
    return table


@dataclass(frozen=True)
class Token:
    """A jieba word of a text with its offsets and its dictionary tag."""

    text: str
    start: int
    end: int
    tag: str


@functools.lru_cache(maxsize=4)
def tokens(text: str) -> tuple[Token, ...]:
    """jieba words of ``text`` with their dictionary tags ('x' when jieba does not know one).

    The one segmentation of a text: the spaCy tokenizer builds its Doc from it and the unit
    and people rules read the same (cached) words, so a pipeline run cuts a text once.
    """
    table = tag_table()
    out: list[Token] = []
    pos = 0
    for w in jieba_tokenizer().cut(text, HMM=True):
        if not w:
            continue
        tag = table.get(w, "x")
        if tag == "x" and w.isdigit():
            tag = "m"
        out.append(Token(w, pos, pos + len(w), tag))
        pos += len(w)
    return tuple(out)


class JiebaTokenizer(DummyTokenizer):
    """spaCy tokenizer over the project's jieba instance (HMM on, as jieba.posseg uses)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = get_words_and_spaces([t.text for t in tokens(text)], text)
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("jianbao.JiebaTokenizer.v1")
def make_tokenizer() -> Callable[[Language], JiebaTokenizer]:
    def create(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab)

    return create


@functools.cache
def plain_pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """jieba.posseg over jieba's own dictionary only: the model's word features.

    The statistical model is trained from public corpora; its features do not follow the rules'
    user dictionary, so changing that dictionary never changes what the model sees.
    """
    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def word_features(text: str) -> list[tuple[str, str]]:
    """Per character of ``text``: (its place in its jieba word and the word's tag, the word).

    The place is B(egin), M(iddle), E(nd) or S(ingle), so 局 in 公安局/nt gives ``("E-nt", "公安局")``.
    """
    out: list[tuple[str, str]] = []
    for pair in plain_pos_tokenizer().cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        if len(word) == 1:
            out.append((f"S-{flag}", word))
            continue
        out.append((f"B-{flag}", word))
        out.extend((f"M-{flag}", word) for _ in range(len(word) - 2))
        out.append((f"E-{flag}", word))
    return out


ANY_STYLE = "any"  # the annotation style of a document whose corpus's conventions are unknown


def set_style(doc: Doc, style: str) -> None:
    """Mark every token of ``doc`` with an annotation style (its morph: ``Style=msra``).

    A model that embeds ``MORPH`` (``models/configs/ner_styles.cfg``) learns each training
    corpus's conventions under its own style (MSRA writes 埃及政府 as a place, People's Daily as
    a unit) and their common ground under ``any``, which is what a new document gets.
    """
    key = doc.vocab.morphology.add({"Style": style})
    for token in doc:
        token.set_morph(key)  # type: ignore[attr-defined]  # spaCy's Token stub lacks set_morph


class CharWordTokenizer(DummyTokenizer):
    """One token per character, each carrying features of its neighbourhood for a model.

    ``norm_`` is the character with the next one (a bigram), ``lemma_`` its place and tag in
    the jieba word around it (``B-nt``), ``tag_`` that word. The statistical model embeds these
    beside the character itself (see ``models/configs/ner_words.cfg``): the bigram and the word
    tell it where words, and so names, begin and end. With a ``style``, every token also carries
    that annotation style (:func:`set_style`); a caller may change ``tokenizer.style``.
    """

    def __init__(self, vocab: Vocab, style: str | None = None) -> None:
        self.vocab = vocab
        self.style = style

    def __call__(self, text: str) -> Doc:
        words, spaces = get_words_and_spaces(list(text), text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        feats = word_features(text)
        for i, token in enumerate(doc):
            nxt = doc[i + 1].text if i + 1 < len(doc) else "</s>"
            token.norm_ = token.text + nxt
            if token.idx < len(feats):
                token.lemma_, token.tag_ = feats[token.idx]
        if self.style is not None:
            set_style(doc, self.style)
        return doc


@registry.tokenizers("jianbao.CharWordTokenizer.v1")
def make_char_word_tokenizer(style: str | None = None) -> Callable[[Language], CharWordTokenizer]:
    def create(nlp: Language) -> CharWordTokenizer:
        return CharWordTokenizer(nlp.vocab, style)

    return create
