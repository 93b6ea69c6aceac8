"""Extraction speed and memory over the seven 2026 provincial work reports.

    .venv/bin/python benchmarks/extract.py [--corpora ../shared/corpora] [--repeat 3]

Prints characters/s of the whole extraction (parse + pipeline + records) and, on the same text in
the same run, of jieba.posseg alone (a private tokenizer, HMM on), their ratio, the pipeline's load
time, and the process's peak RSS. Each figure is the median of --repeat passes; the rules' caches
of text they have seen are cleared before each extraction pass, so no pass reuses another's work.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora",
                    default=os.environ.get("JIANBAO_CORPORA", ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = sorted((Path(args.corpora) / "gov-work-reports-2026").glob("*.txt"))
    if not files:
        sys.exit(f"no work reports under {args.corpora}/gov-work-reports-2026")

    t0 = time.perf_counter()
    from extractor.extraction import extract
    from extractor.parse import parse_file
    from extractor.pipeline import load_nlp

    nlp = load_nlp()
    nlp("预热")  # builds jieba's prefix dictionary, as the first real document would
    load_s = time.perf_counter() - t0

    docs = [parse_file(f) for f in files]
    chars = sum(len(d.text) for d in docs)

    from extractor.pipeline import clear_text_caches

    def run_extract() -> float:
        clear_text_caches()  # every pass starts cold, as a new document would
        t = time.perf_counter()
        ents = 0
        for d in docs:
            ents += len(extract(d, nlp=nlp).entities)
        return time.perf_counter() - t

    ex = statistics.median(run_extract() for _ in range(args.repeat))
    # peak RSS of the extraction alone, before the baseline loads a dictionary of its own
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import jieba
    import jieba.posseg

    posseg = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    posseg.lcut("预热")

    def run_posseg() -> float:
        t = time.perf_counter()
        for d in docs:
            posseg.lcut(d.text)
        return time.perf_counter() - t

    ps = statistics.median(run_posseg() for _ in range(args.repeat))
    print(f"documents: {len(docs)}, characters: {chars}")
    print(f"pipeline load (import + build + first call): {load_s:.2f} s")
    print(f"extraction:    {chars / ex:10.0f} chars/s  ({ex:.2f} s per pass, median of {args.repeat})")
    print(f"jieba.posseg:  {chars / ps:10.0f} chars/s  ({ps:.2f} s per pass)")
    print(f"ratio extraction/posseg: {ps / ex:.2f}")
    print(f"peak RSS of the extraction (before the baseline loads): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
