"""durability: outbox leases, a per-chat index, and an index for pruning processed updates

Revision ID: 0008_durability
Revises: 0009_data
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0008_durability"
down_revision = "0009_data"  # re-chained at merge (written in parallel on 0004)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(length=96), nullable=True))
        batch.add_column(sa.Column("lease_until", UTCDateTime(), nullable=True))
    op.create_index("ix_outbox_chat_status_id", "outbox", ["platform", "chat_id", "status", "id"])
    op.create_index("ix_processed_updates_processed_at", "processed_updates", ["processed_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_updates_processed_at", table_name="processed_updates")
    op.drop_index("ix_outbox_chat_status_id", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
