"""escalation: tickets answered, taken, closed and joined; forwards linked to their ticket; FAQ additions

Revision ID: 0006_escalation
Revises: 0004
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models

revision = "0006_escalation"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("chat_title", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False, server_default=""))
        batch.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("joined_to", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("suggestion", sa.Text(), nullable=True))
        batch.add_column(sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False, server_default=""))
        batch.add_column(sa.Column("answer", sa.Text(), nullable=True))
        batch.add_column(sa.Column("answered_by", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False, server_default=""))
        batch.add_column(sa.Column("closed_at", storage.models.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("close_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False, server_default=""))
        batch.create_index("ix_tickets_school_id", ["school_id"], unique=False)
        batch.create_index("ix_tickets_joined_to", ["joined_to"], unique=False)
        batch.create_foreign_key("fk_tickets_school_id", "schools", ["school_id"], ["id"], ondelete="SET NULL")
        batch.create_foreign_key("fk_tickets_joined_to", "tickets", ["joined_to"], ["id"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("fallback_chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch.create_index("ix_outbox_ticket_id", ["ticket_id"], unique=False)
        batch.create_foreign_key("fk_outbox_ticket_id", "tickets", ["ticket_id"], ["id"])
    op.create_table(
        "faq_additions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("phrasings", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ticket_id"),
    )


def downgrade() -> None:
    op.drop_table("faq_additions")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("fk_outbox_ticket_id", type_="foreignkey")
        batch.drop_index("ix_outbox_ticket_id")
        batch.drop_column("fallback_chat_id")
        batch.drop_column("ticket_id")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint("fk_tickets_joined_to", type_="foreignkey")
        batch.drop_constraint("fk_tickets_school_id", type_="foreignkey")
        batch.drop_index("ix_tickets_joined_to")
        batch.drop_index("ix_tickets_school_id")
        for column in ("close_reason", "closed_at", "answered_by", "answer", "holder", "suggestion", "joined_to", "school_id", "chat_title"):
            batch.drop_column(column)
