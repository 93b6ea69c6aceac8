"""The NER model's figures: size, load time, characters/s, and scores on the reporting splits.

    .venv/bin/python benchmarks/train.py [--model models/jianbao_ner] [--limit N] [--no-scores]

Size is the model folder on disk; load time is ``spacy.load`` in this process; characters/s is
the model alone (``extractor.components.model.find_with_model``, the chunking the extractor
uses) over the seven 2026 provincial work reports, median of --repeat passes. Scores are exact
spans of the model alone (``extractor.training.train.evaluate_model``) on MSRA test, CLUENER
dev and People's Daily 1998 days 26–31, with jieba.posseg on the same PD examples for
comparison; a model trained with annotation styles (``extractor.training.styles``) is scored
reading each split in its corpus's own style (``model``) and in ``any``, as the extractor reads a
bulletin (``model_any``). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPORTING = (("msra", "test"), ("cluener", "dev"), ("pd1998", "test"))


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "jianbao_ner")
    ap.add_argument("--corpora", default=os.environ.get("JIANBAO_CORPORA",
                                                        ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="examples per reporting split")
    ap.add_argument("--no-scores", action="store_true")
    args = ap.parse_args()
    os.environ["JIANBAO_CORPORA"] = str(args.corpora)

    import spacy

    from extractor.components.model import find_with_model

    t0 = time.perf_counter()
    nlp = spacy.load(args.model)
    nlp("预热")
    out: dict[str, object] = {"model": str(args.model), "size_mb": round(folder_mb(args.model), 2),
                              "load_s": round(time.perf_counter() - t0, 2)}
    files = sorted((Path(args.corpora) / "gov-work-reports-2026").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    chars = sum(len(t) for t in texts)
    times: list[float] = []
    found = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        found = sum(len(find_with_model(nlp, text)) for text in texts)
        times.append(time.perf_counter() - t)
    out |= {"reports": len(files), "chars": chars, "entities": found,
            "chars_per_s": round(chars / statistics.median(times))}
    if not args.no_scores:
        from extractor.corpora import read_corpus
        from extractor.evaluation.ner import corpus_labels, evaluate_posseg_baseline
        from extractor.training.styles import ANY_STYLE, corpus_style, model_styles, styled
        from extractor.training.train import evaluate_examples

        scores: dict[str, object] = {}
        for corpus, split in REPORTING:
            examples = list(read_corpus(corpus, split, args.limit))
            labels = corpus_labels(corpus, ("PERSON", "UNIT", "TITLE"))
            ev = evaluate_examples(styled(nlp, corpus_style(corpus)), examples, labels)
            row: dict[str, object] = {"examples": ev.examples, "seconds": round(ev.seconds, 1),
                                      "model": _f(ev.scores)}
            if model_styles(nlp):
                row["model_any"] = _f(evaluate_examples(styled(nlp, ANY_STYLE), examples, labels).scores)
            if corpus == "pd1998":
                row["jieba.posseg"] = _f(evaluate_posseg_baseline(examples).scores)
            scores[f"{corpus}-{split}"] = row
        out["scores"] = scores
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, ensure_ascii=False, indent=1))


def _f(scores: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {label: {k: round(s[k], 4) for k in ("p", "r", "f")} for label, s in scores.items()}


if __name__ == "__main__":
    main()
