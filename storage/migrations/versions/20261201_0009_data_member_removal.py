"""members.removed_at: a removed member keeps their row (and so their reports in the audit trail)

Revision ID: 0009_data
Revises: 0005_reminders
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0009_data"
down_revision = "0005_reminders"  # re-chained at merge (written in parallel on 0004)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("removed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("removed_at")
