"""Rich tables for evaluation results."""

from __future__ import annotations

from rich.table import Table

from extractor.evaluation.keys import STRUCTURE_FIELDS, KeyScore

_COLUMNS = ["UNIT", "PERSON", "DATE", "COUNT", "DATEval", "COUNTval", "officials", "titles",
            "roles", "metrics", "events", "sections", "distribution", "structure", "forbidden"]


def key_table(rows: list[tuple[str, KeyScore]], total: KeyScore) -> Table:
    table = Table(title="answer keys (F1 per label; values right/required; micro totals)")
    table.add_column("document")
    for c in _COLUMNS:
        table.add_column(c.replace("distribution", "distr").replace("officials", "offic"),
                         justify="right", no_wrap=True)
    for name, s in [*rows, ("TOTAL", total)]:
        summ = s.summary()
        table.add_row(name[:24], *(_fmt(summ.get(c, "-")) for c in _COLUMNS))
    return table


def _fmt(v: object) -> str:
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def structure_table(total: KeyScore) -> Table:
    """Each structure field the keys judge: how many documents have it right, and the share."""
    table = Table(title="structure fields (documents right / judged)")
    for c in ("field", "right", "share"):
        table.add_column(c, justify="left" if c == "field" else "right")
    fields = [f for f in STRUCTURE_FIELDS if f in total.structure_fields]
    for name in fields:
        ok, n = total.structure_fields[name]
        table.add_row(name, f"{ok}/{n}", f"{ok / n:.2f}" if n else "-")
    ok, n = total.structure
    table.add_row("all", f"{ok}/{n}", f"{ok / n:.2f}" if n else "-")
    return table
