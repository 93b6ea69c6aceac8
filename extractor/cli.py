"""The library's commands of ``jianbao`` (CONTRACT.md): extract, evaluate, train.

The console script is ``service.cli:app``, which adds the store and server commands (serve,
load, batch, worker, token) to this app; the library never imports the service.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from extractor.errors import ExtractionError

app = typer.Typer(help="Jianbao: extract units, officials, dates and counts from bulletins.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def _root() -> None:
    """Jianbao: extract units, officials, dates and counts from bulletins."""


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value}") from None


@app.command()
def evaluate(
    keys: Annotated[Path | None, typer.Option(help="a folder of *.gold.json answer keys")] = None,
    docs: Annotated[Path | None, typer.Option(help="where the keyed documents are (default: "
                                              "beside each key, else ../bulletins beside the "
                                              "keys)")] = None,
    unresolved: Annotated[bool, typer.Option("--unresolved", help="score DATE values without "
                                             "the key's reference date")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list every miss")] = False,
    corpus: Annotated[str | None, typer.Option(
        help="an annotated corpus: pd1998, msra, cluener, resume, peoples-daily or weibo")] = None,
    split: Annotated[str, typer.Option(
        help="its split (pd1998: train = days 1-25, test = days 26-31)")] = "test",
    limit: Annotated[int | None, typer.Option(min=1, help="score the first N examples only")] = None,
    baseline: Annotated[bool, typer.Option("--baseline",
                                           help="also score the jieba.posseg baseline")] = False,
    model: Annotated[Path | None, typer.Option(
        help="with --corpus: score this trained NER model alone")] = None,
    style: Annotated[str | None, typer.Option(
        help="with --model, for a model trained with annotation styles: the style to read in "
             "(default: the corpus's own; 'any' is how the extractor reads a bulletin)")] = None,
) -> None:
    """Score the extractor against answer keys (or, with --corpus, an annotated corpus)."""
    from rich.console import Console

    if corpus is not None and model is not None:
        from extractor.corpora import ReadStats
        from extractor.evaluation.ner import scores_table
        from extractor.training.train import evaluate_model

        stats = ReadStats()
        try:
            ev = evaluate_model(model, corpus, split, limit, stats=stats, style=style)
        except (ValueError, FileNotFoundError, OSError) as exc:
            fail(str(exc))
            return
        Console(width=max(Console().width, 120)).print(scores_table(f"{corpus} {split}", [ev], stats))
        return
    if corpus is not None:
        from extractor.evaluation.ner import evaluate_corpus_command

        try:
            table = evaluate_corpus_command(corpus, split, limit=limit, baseline=baseline)
        except (ValueError, FileNotFoundError) as exc:
            fail(str(exc))
            return
        Console(width=max(Console().width, 120)).print(table)
        return

    from extractor.evaluation.keys import evaluate_keys
    from extractor.evaluation.report import key_table, structure_table

    if keys is None:
        fail("give --keys DIR (answer keys) or --corpus NAME")
        return
    rows, total = evaluate_keys(docs, keys, resolved=not unresolved)
    console = Console(width=max(Console().width, 200))
    console.print(key_table(rows, total))
    if total.structure_fields:
        console.print(structure_table(total))
    if verbose:
        for name, s in rows:
            for note in s.notes:
                console.print(f"{name}: {note}", markup=False)


@app.command()
def train(
    from_reviewed: Annotated[Path | None, typer.Option(
        "--from-reviewed",
        help="fine-tune the shipped model on reviewed records (JSONL spans or .spacy)")] = None,
    resume_from: Annotated[Path | None, typer.Option(
        "--resume-from", help="continue training this model on the corpora")] = None,
    config: Annotated[Path | None, typer.Option(
        help="training config: a file, or a variant in models/configs by name (ner_styles) "
             "(default models/configs/ner_styles_wide.cfg)")] = None,
    output: Annotated[Path | None, typer.Option(
        help="training output folder (default under models/training/)")] = None,
    limit: Annotated[int | None, typer.Option(help="examples per corpus (a sample)")] = None,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="stop after N steps")] = None,
    ship: Annotated[bool | None, typer.Option(
        "--ship/--no-ship",
        help="copy model-best to models/jianbao_ner (default: yes from corpora, no from reviewed)")] = None,
    learn_rate: Annotated[float | None, typer.Option(
        "--learn-rate", min=0.0, help="the optimizer's learning rate (default: the config's)")] = None,
    grow_depth: Annotated[int | None, typer.Option(
        "--grow-depth", min=1,
        help="with --resume-from: first deepen its encoder to N blocks "
             "(new blocks start as identities)")] = None,
) -> None:
    """Train the statistical NER model from the corpora, or fine-tune it on reviewed records."""
    from extractor.training.train import CONFIG, train_command

    if grow_depth is not None and resume_from is None:
        fail("--grow-depth needs --resume-from (the model to deepen)")
    best = train_command(from_reviewed, config or CONFIG, output, limit, max_steps, ship, resume_from,
                         learn_rate, grow_depth)
    typer.echo(f"model-best: {best}")


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, then exit (2 = unreadable input, per the contract)."""
    print(f"jianbao: {message}", file=sys.stderr)  # noqa: T201
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="a .txt, .docx, .doc or .pdf file")],
    reference_date: Annotated[
        str | None,
        typer.Option("--reference-date", callback=_check_date,
                     help="YYYY-MM-DD: gives a year to dates written without one"),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="json or table")] = OutputFormat.json,
) -> None:
    """Parse one file and print its extraction."""
    from extractor.extraction import extract_file

    try:
        result = extract_file(file, reference_date=reference_date)
    except ExtractionError as exc:
        fail(f"{file}: {exc}")
        return
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        from extractor.report import print_table

        print_table(result)

