"""SQLModel tables. Business rules live in handlers/, not here.

Times are stored in UTC; `UTCDateTime` gives them back timezone-aware on every database
(SQLite keeps no zone). Enumerations are stored as short strings so migrations stay plain.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _time_column(*, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class District(SQLModel, table=True):
    """Quận/huyện, with its Phòng GDĐT."""

    __tablename__ = "districts"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=120)
    is_demo: bool = False


class School(SQLModel, table=True):
    """Cơ sở giáo dục. Managed by its district office, or by the Sở directly (THPT, GDTX...)."""

    __tablename__ = "schools"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    district_id: int | None = Field(default=None, foreign_key="districts.id", index=True)
    managed_by_district: bool = True
    expected_classes: int = 0
    expected_staff: int = 0
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class SchoolLevel(SQLModel, table=True):
    """A level a school teaches; a TH&THCS school has two rows."""

    __tablename__ = "school_levels"

    school_id: int = Field(foreign_key="schools.id", primary_key=True, ondelete="CASCADE")
    level: str = Field(max_length=8, primary_key=True, index=True)


class SchoolClass(SQLModel, table=True):
    """One class of a school whose import gave the exact class list; a school without rows here
    has its classes judged by its levels and class count."""

    __tablename__ = "school_classes"

    school_id: int = Field(foreign_key="schools.id", primary_key=True, ondelete="CASCADE")
    class_name: str = Field(max_length=16, primary_key=True)


class Group(SQLModel, table=True):
    """A support group chat and the level it serves (set by /nhom)."""

    __tablename__ = "groups"
    __table_args__ = (sa.UniqueConstraint("platform", "chat_id", name="uq_groups_platform_chat"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    title: str = Field(default="", max_length=255)
    level: str | None = Field(default=None, max_length=8, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class Member(SQLModel, table=True):
    """A platform user linked to a school (staff, leader) or a district office."""

    __tablename__ = "members"
    __table_args__ = (sa.UniqueConstraint("platform", "user_id", name="uq_members_platform_user"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=255)
    role: str = Field(default="staff", max_length=16)  # handlers.core.domain.Role.STAFF
    school_id: int | None = Field(default=None, foreign_key="schools.id", index=True)
    district_id: int | None = Field(default=None, foreign_key="districts.id", index=True)
    homeroom_class: str | None = Field(default=None, max_length=16)
    registered_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    # Removed members keep their row: their reports stay attributed in the audit trail.
    removed_at: datetime | None = Field(default=None, sa_column=_time_column(nullable=True))


class ProcessedUpdate(SQLModel, table=True):
    """Marks a platform update as handled, in the same transaction as its effects."""

    __tablename__ = "processed_updates"
    __table_args__ = (
        sa.UniqueConstraint("platform", "update_id", name="uq_processed_platform_update"),
        sa.Index("ix_processed_updates_processed_at", "processed_at"),  # retention pruning
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    update_id: str = Field(max_length=64)
    processed_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class OutboxMessage(SQLModel, table=True):
    """A message waiting to be sent (or sent, or given up on), written with its cause."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
        # A chat's pending rows in order: the sender only claims a chat from its earliest one.
        sa.Index("ix_outbox_chat_status_id", "platform", "chat_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    reply_to: str | None = Field(default=None, max_length=64)
    # A short excerpt of the message replied to, shown where the platform cannot thread replies.
    quote: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default=""))
    buttons: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default=""))
    status: str = Field(default=OutboxStatus.PENDING, max_length=16)
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    sent_at: datetime | None = Field(default=None, sa_column=_time_column(nullable=True))
    sent_message_id: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=500)
    # Which sender process holds the row and until when, so two processes never send it both.
    lease_owner: str | None = Field(default=None, max_length=96)
    lease_until: datetime | None = Field(default=None, sa_column=_time_column(nullable=True))
    # The ticket this message forwards or answers: a staff reply to the sent message finds it.
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    # Where to send it instead when the chat is gone (the asker's private chat for a group answer).
    fallback_chat_id: str | None = Field(default=None, max_length=64)


class CampaignSource(StrEnum):
    """Where a campaign's dates come from, so answers credit the letter only for its own dates."""

    LETTER = "letter"  # the seed letter's dates (mục 2.2)
    ADMIN = "admin"  # set by the department ("theo thông báo của Sở")
    DEMO = "demo"  # demo data; never credited to anyone


class Campaign(SQLModel, table=True):
    """Đợt rà soát: a review campaign with its own deadlines."""

    __tablename__ = "campaigns"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    is_active: bool = True
    is_demo: bool = False
    source: str = Field(default=CampaignSource.ADMIN, max_length=16, sa_column_kwargs={"server_default": "admin"})
    # The document the dates come from, as people cite it (a letter's number); may be empty.
    reference: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class Deadline(SQLModel, table=True):
    """When one track of a campaign is due for one level."""

    __tablename__ = "deadlines"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "level", "track", name="uq_deadline_campaign_level_track"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaigns.id", index=True, ondelete="CASCADE")
    level: str = Field(max_length=8)
    track: str = Field(max_length=16)
    due_at: datetime = Field(sa_column=_time_column())


class TicketStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"  # closed by staff without an answer


class Ticket(SQLModel, table=True):
    """A question the bot could not answer, passed to department staff."""

    __tablename__ = "tickets"
    __table_args__ = (sa.Index("ix_tickets_status_created", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    is_group: bool = False
    user_id: str = Field(max_length=64)
    sender_name: str = Field(default="", max_length=255)
    message_id: str | None = Field(default=None, max_length=64)
    question: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    level: str | None = Field(default=None, max_length=8)
    confidence: float = 0.0
    status: str = Field(default=TicketStatus.OPEN, max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    chat_title: str = Field(default="", max_length=255)
    school_id: int | None = Field(default=None, foreign_key="schools.id", index=True, ondelete="SET NULL")
    # A repeated question joins the open ticket it repeats: one answer reaches every asker.
    joined_to: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    # What the bot would have answered (its best guess, below confidence), for staff to confirm.
    suggestion: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))
    holder: str = Field(default="", max_length=255)  # the staff member who took it (/ve)
    answer: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))
    answered_by: str = Field(default="", max_length=255)
    closed_at: datetime | None = Field(default=None, sa_column=_time_column(nullable=True))
    close_reason: str = Field(default="", max_length=500)


class FaqAddition(SQLModel, table=True):
    """A staff answer promoted to the knowledge base (/themfaq): a department answer, not the letter's."""

    __tablename__ = "faq_additions"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", unique=True)
    question: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    phrasings: str = Field(default="[]", sa_column=sa.Column(sa.Text(), nullable=False))  # JSON list
    answer: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    added_by: str = Field(default="", max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    withdrawn_at: datetime | None = Field(default=None, sa_column=_time_column(nullable=True))


class JoinCode(SQLModel, table=True):
    """A registration code: staff or leaders of one school, or one district office."""

    __tablename__ = "join_codes"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    role: str = Field(max_length=16)
    school_id: int | None = Field(default=None, foreign_key="schools.id", index=True, ondelete="CASCADE")
    district_id: int | None = Field(default=None, foreign_key="districts.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class RegistrationFailure(SQLModel, table=True):
    """A wrong join code, kept to slow down guessing."""

    __tablename__ = "registration_failures"
    __table_args__ = (sa.Index("ix_registration_failures_user_at", "platform", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class ReportKind(StrEnum):
    CLASS_DONE = "class_done"  # a class finished the student-data review (mục 2.3)
    TEACHER_DONE = "teacher_done"  # teacher data reviewed and synchronised (mục 2.2)
    SCHOOL_CONFIRMED = "school_confirmed"  # a leader confirmed the school's student data
    TEACHER_PENDING = "teacher_pending"  # a teacher-data total above the Sở's list, awaiting the leader
    TEACHER_REJECTED = "teacher_rejected"  # the leader did not confirm a pending teacher-data report


class ClassReport(SQLModel, table=True):
    """A class of a school reported done; one row per class, whoever reported it first."""

    __tablename__ = "class_reports"
    # The unique index also serves per-school counts (school_id is its first column).
    __table_args__ = (sa.UniqueConstraint("school_id", "class_name", name="uq_class_reports_school_class"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="schools.id", ondelete="CASCADE")
    class_name: str = Field(max_length=16)
    member_id: int = Field(foreign_key="members.id")
    reported_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    # The class no longer exists in the school's current list or count (an import changed it):
    # the report is kept for the audit trail but not counted in progress.
    obsolete: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class TeacherReport(SQLModel, table=True):
    """A school's teacher-data status: the latest report, with optional counts."""

    __tablename__ = "teacher_reports"

    school_id: int = Field(foreign_key="schools.id", primary_key=True, ondelete="CASCADE")
    reviewed: int | None = None
    total: int | None = None
    complete: bool = False
    member_id: int = Field(foreign_key="members.id")
    reported_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class PendingTeacherReport(SQLModel, table=True):
    """A teacher-data report whose total exceeds the staff on the Sở's list, waiting for the
    school's leader to confirm or reject it; one per school (a newer one replaces it)."""

    __tablename__ = "pending_teacher_reports"

    school_id: int = Field(foreign_key="schools.id", primary_key=True, ondelete="CASCADE")
    reviewed: int | None = None
    total: int
    member_id: int = Field(foreign_key="members.id")
    event_id: int | None = Field(default=None, foreign_key="report_events.id")
    platform: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)  # where it was reported
    requested_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class SchoolConfirmation(SQLModel, table=True):
    """A leader confirmed the school's student data and reported it upward (mục 2.3, Bước 3)."""

    __tablename__ = "school_confirmations"

    school_id: int = Field(foreign_key="schools.id", primary_key=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="members.id")
    confirmed_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())


class ReportEvent(SQLModel, table=True):
    """The audit trail: every report, undo and confirmation, who, when, from which chat."""

    __tablename__ = "report_events"
    __table_args__ = (sa.Index("ix_report_events_member_at", "member_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="schools.id", index=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="members.id")
    kind: str = Field(max_length=24)
    detail: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False))  # class names, or "45/45"
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    chat_id: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
    undone_at: datetime | None = Field(default=None, sa_column=_time_column(nullable=True))
    undoes_id: int | None = Field(default=None, foreign_key="report_events.id")


class ChatChoice(SQLModel, table=True):
    """The numbered choices last offered in a chat whose platform has no buttons (Zalo):
    a lone digit sent there next reads as that choice's text."""

    __tablename__ = "chat_choices"
    __table_args__ = (sa.UniqueConstraint("platform", "chat_id", name="uq_chat_choices_platform_chat"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    labels: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))  # a JSON list of the choices' texts
    offered_at: datetime = Field(default_factory=utcnow, sa_column=_time_column())
