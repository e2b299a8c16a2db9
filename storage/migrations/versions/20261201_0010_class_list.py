"""class lists: a school's exact classes, reports on classes that no longer exist, and teacher-data
reports waiting for the school's leader

Revision ID: 0010_class_list
Revises: 0008_durability
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.models import UTCDateTime

revision = "0010_class_list"
down_revision = "0008_durability"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_classes",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("class_name", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("school_id", "class_name"),
    )
    with op.batch_alter_table("class_reports") as batch:
        batch.add_column(sa.Column("obsolete", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "pending_teacher_reports",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("reviewed", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["report_events.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("school_id"),
    )


def downgrade() -> None:
    op.drop_table("pending_teacher_reports")
    with op.batch_alter_table("class_reports") as batch:
        batch.drop_column("obsolete")
    op.drop_table("school_classes")
