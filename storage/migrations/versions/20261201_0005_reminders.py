"""campaign source: the letter's, an administrator's or the demo's dates, and the cited document

Revision ID: 0005_reminders
Revises: 0007_zalo
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_reminders"
down_revision = "0007_zalo"  # re-chained at merge (written in parallel on 0004)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("source", sa.String(length=16), nullable=False, server_default="admin"))
        batch.add_column(sa.Column("reference", sa.String(length=200), nullable=False, server_default=""))
    # Campaigns made by `demo` before this revision carry is_demo; never credit them to anyone.
    op.execute("UPDATE campaigns SET source = 'demo' WHERE is_demo")


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("reference")
        batch.drop_column("source")
