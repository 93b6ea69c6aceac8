"""The training configs: one base and a small file per variant, merged into full configs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.util import load_config, load_model_from_config
from thinc.api import Config

from extractor.training.configs import (
    BASE,
    CONFIGS,
    config_path,
    load_training_config,
    main,
    variant_names,
)
from extractor.training.train import CONFIG, SHIPPED

VARIANTS = ["ner", "ner_lexicon", "ner_lexicon_wide", "ner_styles", "ner_styles_small",
            "ner_styles_wide", "ner_words"]


def flat(cfg: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in cfg.items():
        if isinstance(value, dict) and value:
            out |= flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def replaced_blocks(override: dict[str, Any], base: dict[str, Any], prefix: str = "") -> list[str]:
    """The blocks ``override`` replaces whole: another registered function than the base's."""
    out = []
    for key, value in override.items():
        if not isinstance(value, dict) or not isinstance(base.get(key), dict):
            continue
        promise = next((k for k in value if k.startswith("@")), None)
        if promise is not None and base[key].get(promise) != value[promise]:
            out.append(f"{prefix}{key}.")
        else:
            out += replaced_blocks(value, base[key], f"{prefix}{key}.")
    return out


def parent(name: str) -> str:
    """The config a variant names in its ``[extends]`` section."""
    extends: str = Config().from_disk(CONFIGS / f"{name}.cfg", interpolate=False)["extends"]["base"]
    return extends


def test_every_config_but_the_base_is_a_variant_that_leads_back_to_it() -> None:
    assert variant_names() == VARIANTS
    for name in VARIANTS:
        chain = [name]
        while chain[-1] != "base.cfg":
            assert len(chain) <= len(VARIANTS), chain
            chain.append(parent(chain[-1].removesuffix(".cfg")))
    assert "extends" not in Config().from_disk(BASE, interpolate=False)


@pytest.mark.parametrize("name", VARIANTS)
def test_a_variant_differs_from_what_it_extends_only_where_its_file_says(name: str) -> None:
    base = load_training_config(CONFIGS / parent(name))
    override = Config().from_disk(CONFIGS / f"{name}.cfg", interpolate=False)
    del override["extends"]
    full, changes, before = flat(load_training_config(name)), flat(override), flat(base)
    whole = replaced_blocks(override, base)
    for key, value in full.items():
        assert value == (changes[key] if key in changes else before[key]), key
    assert set(changes) <= set(full)
    for key in set(before) - set(full):  # gone only with a block the variant replaces whole
        assert any(key.startswith(block) for block in whole), key
    assert "extends" not in full


@pytest.mark.parametrize("name", VARIANTS)
def test_a_variant_is_a_full_config_spacy_assembles(name: str) -> None:
    config = load_training_config(name)
    assert not config.is_interpolated  # spaCy interpolates it, as a file read by spacy train
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    interpolated = load_training_config(name, overrides={"paths.train": "t.spacy"}, interpolate=True)
    assert interpolated["corpora"]["train"]["path"] == "t.spacy"
    assert interpolated["components"]["tok2vec"]["model"]["embed"]["width"] == 96


def test_the_variants_keep_what_each_run_was_about() -> None:
    def get(name: str, key: str) -> Any:
        node: Any = load_training_config(name)
        for part in key.split("."):
            node = node[part]
        return node

    window = "components.tok2vec.model.encode.window_size"
    embed = "components.tok2vec.model.embed"
    assert get("ner", "nlp.tokenizer") == {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "char"}
    assert get("ner_words", "nlp.tokenizer") == {"@tokenizers": "jianbao.CharWordTokenizer.v1"}
    assert get("ner_words", "corpora.train.@readers") == "spacy.Corpus.v1"
    for name in ("ner_styles", "ner_styles_small", "ner_styles_wide", "ner_lexicon", "ner_lexicon_wide"):
        assert get(name, "nlp.tokenizer.style") == "any"
        assert get(name, "corpora.train.@readers") == "jianbao.StyledCorpus.v1"
        assert "gold_preproc" not in get(name, "corpora.dev")
        assert "MORPH" in get(name, f"{embed}.attrs")
        assert get(name, window) == (2 if name.endswith("_wide") else 1)
    assert "TAG" not in get("ner_styles_small", f"{embed}.attrs")
    lexicon = get("ner_lexicon", embed)
    assert lexicon["@architectures"] == "jianbao.LexiconHashEmbed.v1"
    assert "include_static_vectors" not in lexicon and lexicon["lexicon_rows"] == [8000, 8000, 500, 64]


@pytest.mark.skipif(not (SHIPPED / "config.cfg").is_file(), reason="no shipped model")
def test_the_default_config_is_the_shipped_models() -> None:
    shipped = load_config(SHIPPED / "config.cfg", interpolate=False)
    default = load_training_config(CONFIG)
    for section in ("components", "corpora"):
        assert default[section] == shipped[section]
    assert default["nlp"]["tokenizer"] == shipped["nlp"]["tokenizer"]


def test_a_config_is_found_by_name_file_name_or_path(tmp_path: Path) -> None:
    wide = CONFIGS / "ner_styles_wide.cfg"
    assert config_path("ner_styles_wide") == config_path("ner_styles_wide.cfg") == config_path(wide) == wide
    assert load_training_config("ner_styles_wide") == load_training_config(CONFIG)
    with pytest.raises(FileNotFoundError, match="ner_styles_wide"):
        config_path(tmp_path / "nope.cfg")


def test_a_full_config_loads_as_it_is(tmp_path: Path) -> None:
    full = load_training_config("ner")
    full.to_disk(tmp_path / "full.cfg")
    assert load_training_config(tmp_path / "full.cfg") == full
    assert load_config(tmp_path / "full.cfg", interpolate=True) == load_training_config(
        "ner", interpolate=True)


def test_a_variant_may_extend_another_file_but_not_itself(tmp_path: Path) -> None:
    (tmp_path / "parent.cfg").write_text("[a]\nx = 1\ny = 2\n")
    (tmp_path / "child.cfg").write_text('[extends]\nbase = "parent.cfg"\n\n[a]\ny = 3\n')
    assert load_training_config(tmp_path / "child.cfg") == {"a": {"x": 1, "y": 3}}
    (tmp_path / "loop.cfg").write_text('[extends]\nbase = "loop.cfg"\n')
    with pytest.raises(ValueError, match="loops"):
        load_training_config(tmp_path / "loop.cfg")


def test_the_module_prints_a_full_config_for_spacy_train(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["ner_lexicon"])
    (tmp_path / "full.cfg").write_text(capsys.readouterr().out)
    assert load_config(tmp_path / "full.cfg", interpolate=False) == load_training_config("ner_lexicon")
    assert spacy.util.load_model_from_config(load_config(tmp_path / "full.cfg"), auto_fill=True)
    with pytest.raises(SystemExit):
        main(["nope"])
