"""chat choices: numbered choices offered where a platform has no buttons (Zalo)

Revision ID: 0007_zalo
Revises: 0006_escalation
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0007_zalo"
down_revision = "0006_escalation"  # re-chained at merge (written in parallel on 0004)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_choices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("offered_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("platform", "chat_id", name="uq_chat_choices_platform_chat"),
    )


def downgrade() -> None:
    op.drop_table("chat_choices")
