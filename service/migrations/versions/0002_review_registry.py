"""Review and registry: a record's unit alias and evidence sentence, review notes, milestones.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 08:00:00

Plain ``ADD COLUMN`` on both backends (no batch copy of ``record`` on SQLite: dropping the old
table would fire ``ON DELETE CASCADE`` into ``audit_entry``). The milestone table is seeded from
the default catalogue; ``service.store.progress.sync_milestones`` keeps it in step afterwards.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("note", sa.Text(), nullable=True))
    op.add_column("record", sa.Column("unit_alias", sa.String(length=255), nullable=True))
    op.add_column("record", sa.Column("evidence_text", sa.Text(), nullable=True))
    _seed_milestones()


def _seed_milestones() -> None:
    from extractor.milestones import load_catalogue

    table = sa.table(
        "milestone",
        sa.column("key", sa.String),
        sa.column("name", sa.String),
        sa.column("sort_order", sa.Integer),
    )
    present = set(op.get_bind().scalars(sa.select(table.c.key)))
    rows = [
        {"key": m.key, "name": m.name, "sort_order": m.order}
        for m in load_catalogue().milestones
        if m.key not in present
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35 or newer), for the same reason as above.
    op.drop_column("record", "evidence_text")
    op.drop_column("record", "unit_alias")
    op.drop_column("audit_entry", "note")
