"""Rule extractor vs jieba.posseg on the reporting splits of the public corpora.

    .venv/bin/python benchmarks/ner_baseline.py [--limit N]

People's Daily 1998 days 26–31 (PERSON/UNIT/DATE for the rules, PERSON/UNIT for jieba.posseg),
MSRA test and CLUENER dev (the rules; jieba.posseg alongside for reference). Exact spans.
Prints one Rich table per corpus with the running time of each system.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from rich.console import Console

from extractor.corpora import ReadStats, read_corpus
from extractor.evaluation.ner import (
    BASELINE_LABELS,
    EXTRACTOR_LABELS,
    corpus_labels,
    evaluate_extractor,
    evaluate_posseg_baseline,
    scores_table,
)

RUNS = [("pd1998", "test"), ("msra", "test"), ("cluener", "dev")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="examples per corpus")
    args = parser.parse_args()
    console = Console(width=120)
    console.print(f"ner_baseline {dt.datetime.now():%Y-%m-%d %H:%M}, limit={args.limit}")
    t0 = time.perf_counter()
    for name, split in RUNS:
        stats = ReadStats()
        examples = list(read_corpus(name, split, args.limit, stats=stats))
        runs = [
            evaluate_extractor(examples, corpus_labels(name, EXTRACTOR_LABELS)),
            evaluate_posseg_baseline(examples, corpus_labels(name, BASELINE_LABELS)),
        ]
        console.print(scores_table(f"{name} {split}", runs, stats))
        for ev in runs:
            for err in ev.errors[:5]:
                console.print(f"  {ev.system} failed on {err}")
    console.print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
