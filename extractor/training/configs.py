"""The training configs: ``models/configs/base.cfg`` and one small file per run's variant.

A variant holds only what its run changed, under an ``[extends]`` section naming the config it
changes (``base = "base.cfg"``, a path relative to the variant's folder)::

    [extends]
    base = "base.cfg"

    [components]

    [components.tok2vec]

    [components.tok2vec.model]

    [components.tok2vec.model.encode]
    window_size = 2

:func:`load_training_config` merges the two with thinc's ``Config.merge``: the variant's keys
replace the base's, and a block whose registered function (``@tokenizers``, ``@architectures``,
``@readers``) differs from the base's replaces that block whole. Nothing can be removed, so the
base holds no key that a variant lacks outside the blocks it replaces. A file without
``[extends]`` (a full config: a model's ``config.cfg``, a written ``fine_tune.cfg``) loads as
it is. ``python -m extractor.training.configs NAME`` prints a variant's full config, which
``python -m spacy train`` takes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from thinc.api import Config

CONFIGS = Path(__file__).resolve().parents[2] / "models" / "configs"
BASE = CONFIGS / "base.cfg"
EXTENDS = "extends"


def variant_names() -> list[str]:
    """The variants in ``models/configs`` (every config but the base), by name."""
    return sorted(p.stem for p in CONFIGS.glob("*.cfg") if p != BASE)


def config_path(config: str | Path) -> Path:
    """A config's file: ``config`` itself, or a file in ``models/configs`` (``ner_styles``)."""
    path = Path(config)
    if path.is_file():
        return path
    for candidate in (CONFIGS / path, CONFIGS / f"{path}.cfg"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"no training config {config}: give a file or one of {', '.join(variant_names())}")


def _load(path: Path, seen: tuple[Path, ...] = ()) -> Config:
    path = path.resolve()
    if path in seen:
        raise ValueError(f"{path}: [{EXTENDS}] loops back to itself")
    cfg = Config().from_disk(path, interpolate=False)
    extends = cfg.pop(EXTENDS, None)
    if extends is None:
        return cfg
    base = _load(path.parent / extends["base"], (*seen, path))
    merged = base.merge(cfg)
    return Config(_ordered(merged, base), is_interpolated=merged.is_interpolated,
                  section_order=list(base))


def _ordered(cfg: dict[str, Any], like: dict[str, Any]) -> dict[str, Any]:
    """``cfg`` with its keys in ``like``'s order, then its own (so a full config reads as the base)."""
    keys = [k for k in like if k in cfg] + [k for k in cfg if k not in like]
    return {k: _ordered(cfg[k], like[k]) if isinstance(cfg[k], dict) and isinstance(like.get(k), dict)
            else cfg[k] for k in keys}


def load_training_config(
    config: str | Path, overrides: dict[str, Any] | None = None, interpolate: bool = False
) -> Config:
    """A variant (by name or path) merged onto its base, as one full config.

    ``overrides`` and ``interpolate`` mean what they mean to ``spacy.util.load_config``
    (``{"paths.train": "train.spacy"}``), applied to the merged config.
    """
    cfg = _load(config_path(config))
    if not overrides and not interpolate:
        return cfg
    return Config().from_str(cfg.to_str(), overrides=overrides or {}, interpolate=interpolate)


def main(argv: Sequence[str] | None = None) -> None:
    """Print a variant's full config: ``python -m extractor.training.configs ner_styles_wide``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write("usage: python -m extractor.training.configs NAME|FILE > full.cfg\n"
                         f"variants: {', '.join(variant_names())}\n")
        raise SystemExit(2)
    try:
        sys.stdout.write(load_training_config(args[0]).to_str() + "\n")
    except (FileNotFoundError, ValueError) as exc:
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(2) from exc


if __name__ == "__main__":
    main()
