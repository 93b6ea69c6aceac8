"""Split the collected real documents of corpora/real/incoming/ into dev/ and test/, once.

    python scripts/split_real_corpus.py            # show what would be done
    python scripts/split_real_corpus.py --write    # move the files and write SOURCES.tsv

Each collector's folder (incoming/a, incoming/b, …) holds texts, their keys and a SOURCES.tsv.
Documents are taken in the order of the SHA-256 of their text, within each collector's folder
(so every genre is spread over both parts), and every third one goes to test/, the rest to
dev/: about two thirds for reading and tuning, a third scored only. A text that repeats
another's (the same page found twice) is dropped before the split. The split is recorded in
corpora/README.md and in the `split` column of corpora/real/SOURCES.tsv; it is never redone.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "corpora" / "real"
INCOMING = REAL / "incoming"
TEST_EVERY = 3  # every third document (by text hash) is a test document


def _passages(text: str, size: int = 12) -> set[str]:
    """Every run of ``size`` characters (white space left out): two copies of one page share
    most of them, whatever was trimmed at either end."""
    chars = "".join(ch for ch in text if not ch.isspace())
    return {chars[i:i + size] for i in range(max(len(chars) - size + 1, 1))}


def plan(repeats: list[Path] | None = None) -> list[tuple[str, Path, dict[str, str]]]:
    """(split, text file, its SOURCES row) for every document kept; ``repeats`` gets the texts
    dropped as copies of another (one already split included)."""
    out: list[tuple[str, Path, dict[str, str]]] = []
    seen = [(p, _passages(p.read_text(encoding="utf-8")))
            for part in ("dev", "test") for p in sorted((REAL / part).glob("*.txt"))]
    for folder in sorted(p for p in INCOMING.iterdir() if p.is_dir()):
        with (folder / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
            rows = {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}
        docs = []
        for text_file in sorted(folder.glob("*.txt")):
            key = text_file.with_name(text_file.stem + ".gold.json")
            if not key.is_file() or text_file.name not in rows:
                sys.stderr.write(f"skipped (no key or no source row): {text_file}\n")
                continue
            text = text_file.read_text(encoding="utf-8")
            passages = _passages(text)
            twin = next((p for p, other in seen if len(passages & other) > len(passages) // 2), None)
            if twin is not None:
                sys.stderr.write(f"dropped as a repeat of {twin.name}: {text_file.name}\n")
                if repeats is not None:
                    repeats.append(text_file)
                continue
            seen.append((text_file, passages))
            docs.append((hashlib.sha256(text.encode()).hexdigest(), text_file))
        for i, (_, text_file) in enumerate(sorted(docs)):
            split = "test" if i % TEST_EVERY == TEST_EVERY - 1 else "dev"
            out.append((split, text_file, rows[text_file.name]))
    return out


def write(documents: list[tuple[str, Path, dict[str, str]]]) -> None:
    fields = ["file", "split", "source", "date_read", "issuer", "genre", "level", "province",
              "year", "licence_basis"]
    rows = []
    for split, text_file, row in documents:
        target = REAL / split
        target.mkdir(exist_ok=True)
        key = text_file.with_name(text_file.stem + ".gold.json")
        shutil.move(text_file, target / text_file.name)
        shutil.move(key, target / key.name)
        rows.append({**row, "split": split})
    for folder in {text_file.parent for _, text_file, _ in documents}:
        (folder / "SOURCES.tsv").unlink()
        if not any(folder.glob("*.txt")):
            shutil.rmtree(folder)
    sources = REAL / "SOURCES.tsv"
    if sources.is_file():  # a later collector's folder joins the documents split before
        with sources.open(encoding="utf-8", newline="") as fh:
            done = {r["file"] for r in rows}
            rows += [r for r in csv.DictReader(fh, delimiter="\t") if r["file"] not in done]
    with sources.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=fields, delimiter="\t", extrasaction="ignore")
        out.writeheader()
        out.writerows(sorted(rows, key=lambda r: r["file"]))


def main(argv: list[str]) -> int:
    repeats: list[Path] = []
    documents = plan(repeats)
    for split, text_file, _ in documents:
        sys.stdout.write(f"{split}\t{text_file.relative_to(INCOMING)}\n")
    counts = {s: sum(1 for d in documents if d[0] == s) for s in ("dev", "test")}
    sys.stdout.write(f"dev {counts['dev']}, test {counts['test']}\n")
    if "--write" in argv:
        for text_file in repeats:
            text_file.unlink()
            text_file.with_name(text_file.stem + ".gold.json").unlink()
        write(documents)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
