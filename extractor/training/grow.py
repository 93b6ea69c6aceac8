"""Deepen a trained model's encoder without losing what it learned.

The tok2vec encoder (``spacy.MaxoutWindowEncoder.v2``) is a chain of residual blocks, each
seeing one more character on either side; a model of depth 4 sees ±4 characters, too few for
long organisation names (中华人民共和国驻…大使馆). :func:`grow_depth` builds the same pipeline
with more blocks, copies every trained weight across, and sets the gain of each new block's
layer norm to zero, so that the new blocks add nothing yet: the grown model predicts exactly
what the old one did, and further training (``jianbao train --resume-from``) teaches the new
blocks to use the wider context.

    jianbao train --resume-from models/jianbao_ner --grow-depth 8 ...
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer, Tok2Vec
from spacy.training import Example
from thinc.api import Model


def _encoder_blocks(tok2vec: Model) -> list[Model]:
    """The residual blocks of a ``Tok2Vec.v2`` model (embed >> with_array(chain(blocks)))."""
    encoder = tok2vec.layers[-1]
    inner = encoder.layers[0] if encoder.layers else encoder
    blocks = [layer for layer in inner.layers if layer.name.startswith("residual")]
    if not blocks:
        raise ValueError(f"no residual encoder blocks in {tok2vec.name!r}")
    return blocks


def _copy_params(source: Model, target: Model) -> None:
    """Copy every parameter of ``source`` into the identically shaped ``target``."""
    pairs = list(zip(source.walk(), target.walk(), strict=True))
    for src, dst in pairs:
        if src.name != dst.name:
            raise ValueError(f"layers differ: {src.name!r} vs {dst.name!r}")
        for name in src.param_names:
            if src.has_param(name) and src.get_param(name) is not None:
                dst.set_param(name, src.get_param(name).copy())


def _tok2vec(nlp: Language) -> Tok2Vec:
    return cast(Tok2Vec, nlp.get_pipe("tok2vec"))


def _ner(nlp: Language) -> EntityRecognizer:
    return cast(EntityRecognizer, nlp.get_pipe("ner"))


def encoder_depth(nlp: Language) -> int:
    return len(_encoder_blocks(_tok2vec(nlp).model))


def grow_depth(model_dir: Path, out_dir: Path, depth: int) -> Path:
    """Write to ``out_dir`` the model of ``model_dir`` with ``depth`` encoder blocks.

    The first blocks, the embeddings and the NER are the trained ones; the new blocks start as
    identities (layer-norm gain zero), so the grown model's predictions equal the old ones.
    """
    old = spacy.load(model_dir)
    old_depth = encoder_depth(old)
    if depth <= old_depth:
        raise ValueError(f"{model_dir} already has {old_depth} encoder blocks; ask for more")
    config = copy.deepcopy(old.config)
    config["components"]["tok2vec"]["model"]["encode"]["depth"] = depth
    new = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    ner = _ner(new)
    for label in _ner(old).labels:
        ner.add_label(label)
    sample = new.make_doc("初始化")
    new.initialize(lambda: [Example(sample, sample.copy())])

    old_t2v, new_t2v = _tok2vec(old).model, _tok2vec(new).model
    _copy_params(old_t2v.layers[0], new_t2v.layers[0])  # the embeddings
    new_blocks = _encoder_blocks(new_t2v)
    for old_block, new_block in zip(_encoder_blocks(old_t2v), new_blocks, strict=False):
        _copy_params(old_block, new_block)
    for block in new_blocks[old_depth:]:
        for layer in block.walk():
            if layer.name == "layernorm":
                layer.set_param("G", layer.ops.alloc1f(layer.get_param("G").shape[0]))
    ner.from_bytes(_ner(old).to_bytes())
    out_dir.mkdir(parents=True, exist_ok=True)
    new.to_disk(out_dir)
    return out_dir
