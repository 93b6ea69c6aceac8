"""Agreement of two annotators' keys, per field, over the documents both keyed.

    python scripts/key_agreement.py FIRST_DIR [FIRST_DIR ...] SECOND_DIR
    python scripts/key_agreement.py corpora/real/dev corpora/real/test corpora/real/second

The FIRST_DIRs hold the first annotator's *.gold.json keys, SECOND_DIR the second annotator's
for some of the same documents (same file names, written without seeing the first's). See
extractor/evaluation/agreement.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.evaluation.agreement import compare_folders


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        sys.stderr.write(__doc__ or "")
        return 2
    agreement, names = compare_folders([Path(a) for a in argv[:-1]], Path(argv[-1]))
    sys.stdout.write(f"{len(names)} documents: {', '.join(names)}\n")
    for name, text in agreement.rows():
        sys.stdout.write(f"{name:24} {text}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
