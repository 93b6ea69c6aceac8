"""Score NER checkpoints on the training loop's own dev set, to choose one without a test split.

    .venv/bin/python benchmarks/dev_scores.py MODEL [MODEL ...] [--corpus models/training/corpus]

For each model: spaCy's entity scores on ``dev.spacy`` (overall and per label; a prediction over
tokens the dev set leaves missing, such as a title in MSRA text, is neither right nor wrong),
``f_model_labels``: the micro F1 over the labels the extractor takes from the model (PERSON,
UNIT, TITLE; LOC is only there to tell places from units), which is what a checkpoint is chosen
by; ``f_targets``: the mean F1 of the dev parts of the corpora and labels issue 4 sets targets
for (MSRA PERSON and UNIT, CLUENER PERSON, UNIT and TITLE, People's Daily PERSON and UNIT;
the dev documents are in corpus order, ``stats.json`` says how many of each), with each cell in
``per_corpus``; and
the recall of dev entities whose text never occurs as an entity of that label in ``train.spacy``
("unseen": how well the model finds names it was not shown, which the reporting splits are full
of). A model trained with annotation styles reads each dev part in its corpus's style, or all
of them in ``--style`` (``any``: as the extractor reads a bulletin). Prints one JSON object per
model. The reporting splits are never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LABELS = ("PERSON", "UNIT", "TITLE", "LOC")
MODEL_LABELS = ("PERSON", "UNIT", "TITLE")
# the cells issue 4 sets targets for, by the training corpus whose dev part stands in for each
TARGETS = {"msra": ("PERSON", "UNIT"), "cluener": ("PERSON", "UNIT", "TITLE"), "pd1998": ("PERSON", "UNIT")}


def dev_parts(stats_path: Path, n_docs: int) -> dict[str, tuple[int, int]]:
    """Where each corpus's dev documents lie in ``dev.spacy`` (written in corpus order)."""
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    parts, at = {}, 0
    for source in stats["sources"]:
        parts[source["corpus"]] = (at, at + source["dev_examples"])
        at += source["dev_examples"]
    if at != n_docs:
        raise SystemExit(f"{stats_path} counts {at} dev documents, dev.spacy has {n_docs}")
    return parts


def micro_f(per: dict[str, dict[str, float]], gold: dict[str, int], labels=MODEL_LABELS) -> float:
    """Micro F1 over ``labels`` from per-label precision and recall and the gold counts."""
    tp = pred = total = 0.0
    for label in labels:
        if label not in per or not gold.get(label):
            continue
        p, r = per[label]["p"], per[label]["r"]
        hits = r * gold[label]
        tp, total = tp + hits, total + gold[label]
        pred += hits / p if p else 0.0
    return 2 * tp / (pred + total) if pred + total else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", type=Path, nargs="+")
    ap.add_argument("--corpus", type=Path, default=ROOT / "models" / "training" / "corpus")
    ap.add_argument("--style", default=None, help="read every dev part in this annotation style")
    args = ap.parse_args()

    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    from extractor.training.styles import styled

    blank = spacy.blank("zh")
    seen = {(e.text, e.label_) for d in DocBin().from_disk(args.corpus / "train.spacy").get_docs(blank.vocab)
            for e in d.ents}
    for path in args.models:
        nlp = spacy.load(path)
        gold = list(DocBin().from_disk(args.corpus / "dev.spacy").get_docs(nlp.vocab))
        parts = dev_parts(args.corpus / "stats.json", len(gold))
        predicted = []
        for corpus, (lo, hi) in parts.items():
            styled(nlp, args.style or corpus)
            predicted += nlp.pipe((d.text for d in gold[lo:hi]), batch_size=64)
        examples = [Example(p, g) for p, g in zip(predicted, gold, strict=True)]
        scores = nlp.get_pipe("ner").score(examples)
        unseen: dict[str, float] = {}
        for label in LABELS:
            hit = total = 0
            for p, g in zip(predicted, gold, strict=True):
                found = {(e.start_char, e.end_char) for e in p.ents if e.label_ == label}
                for e in g.ents:
                    if e.label_ == label and (e.text, label) not in seen:
                        total += 1
                        hit += (e.start_char, e.end_char) in found
            if total:
                unseen[label] = round(hit / total, 4)
        per_corpus: dict[str, dict[str, float]] = {}
        for corpus, (lo, hi) in parts.items():
            part = (nlp.get_pipe("ner").score(examples[lo:hi])["ents_per_type"] or {})
            per_corpus[corpus] = {label: round(part[label]["f"], 4) for label in sorted(part)}
        cells = [per_corpus.get(c, {}).get(label, 0.0) for c, labels in TARGETS.items() for label in labels]
        per = scores["ents_per_type"] or {}
        # the scorer's recall is over every gold entity (tp + fn), so these recover its counts
        counts = {label: sum(1 for g in gold for e in g.ents if e.label_ == label) for label in LABELS}
        print(json.dumps({
            "model": str(path), "docs": len(gold), "f": round(scores["ents_f"], 4),
            "f_model_labels": round(micro_f(per, counts), 4),
            "f_targets": round(sum(cells) / len(cells), 4), "per_corpus": per_corpus,
            "per_label": {k: {m: round(v[m], 4) for m in ("p", "r", "f")} for k, v in sorted(per.items())},
            "unseen_recall": unseen,
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
