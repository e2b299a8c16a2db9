"""Completion reports: classes done, teacher data synchronised, leader confirmation, undo.

Every change is written with an audit event (who, when, which chat and platform); undo marks the
event undone and writes its own event, so the trail keeps both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from handlers import texts
from handlers.core.context import Context
from handlers.core.dispatcher import CommandHandler
from handlers.core.domain import Role, fold_diacritics, format_stamp, short_quote
from handlers.core.messages import ChatRef, Outgoing, Platform
from handlers.core.speech import Utterance
from handlers.reports.class_rules import class_fits, class_parts, plausible_in, refresh_obsolete
from handlers.reports.parsing import (
    ClassDone,
    Report,
    ReportProblem,
    SchoolConfirmed,
    TeacherDone,
    UndoLast,
    class_under_way,
    classes_said_not_done,
    levels_for_class,
    looks_like_report,
    mainly_question,
    own_class_done,
    parse_report_command,
    parse_report_text,
    school_lead,
)
from storage.models import (
    ClassReport,
    Member,
    PendingTeacherReport,
    ReportEvent,
    ReportKind,
    School,
    SchoolConfirmation,
    TeacherReport,
)
from storage.uow import UnitOfWork


@dataclass
class Reporter:
    """The sender as a reporter: a registered member of one school."""

    member: Member
    school: School
    levels: frozenset[str]


def command(name: str) -> CommandHandler:
    """The handler of one report command (/xong, /xonggv, /xacnhan, /huy)."""

    async def run(ctx: Context, args: str) -> list[Outgoing]:
        parsed = parse_report_command(name, args)
        if isinstance(parsed, ReportProblem):
            return [ctx.reply(await range_past_school(ctx, parsed) or parsed.reason)]
        return await apply_report(ctx, parsed)

    return run


async def range_past_school(ctx: Context, problem: ReportProblem) -> str | None:
    """A range running past the sender's school's classes ("6A1-6A100" at a 23-class school):
    the class the school does not have, named; None when that is not the problem."""
    if problem.past_end is None:
        return None
    reporter = await find_reporter(ctx)
    if not isinstance(reporter, Reporter):
        return None
    school = reporter.school
    assert school.id is not None
    class_list = await ctx.uow.schools.class_list(school.id)
    if class_fits(problem.past_end, reporter.levels, school.expected_classes, class_list):
        return None  # the school has that class: the range is only too long
    text = short_quote(problem.range_text.replace("'", ""), 40)
    if class_list:
        return texts.RANGE_PAST_CLASS_LIST.format(
            text=text, school=school.name, name=problem.past_end, count=len(class_list), examples=list_examples(class_list)
        )
    if not school.expected_classes:
        return None
    return texts.RANGE_PAST_SCHOOL.format(
        text=text, school=school.name, name=problem.past_end, expected=school.expected_classes
    )


async def on_text(ctx: Context) -> list[Outgoing] | None:
    """Plain-text reports ("lớp 6A1 đã xong ạ"); anything else is not this handler's business."""
    text = ctx.incoming.text
    report = parse_report_text(text) or parse_first_sentence(text)
    if report is None and own_class_done(text, private=not ctx.incoming.in_group):
        report = ClassDone(())  # the sender's homeroom class (or the usage, when they have none)
    if report is None:
        if mainly_question(text):
            return None  # a question naming a class in passing is for the question desk, not a failed report
        under_way = not ctx.incoming.in_group and class_under_way(text)
        if (looks_like_report(text) or under_way) and ctx.may_say(Utterance.HINT):
            not_done = classes_said_not_done(text)
            reporter = await find_reporter(ctx) if not_done else None
            if isinstance(reporter, Reporter):
                return [ctx.reply(await not_done_reply(ctx, reporter, not_done))]
            # a report the bot cannot read: a hint, never silence (nor a ticket in private)
            return [ctx.reply(await report_not_read_hint(ctx))]
        return None
    return await apply_report(ctx, report, named_school=school_lead(text))


async def not_done_reply(ctx: Context, reporter: Reporter, names: Sequence[str]) -> str:
    """ "lớp 8A1 chưa xong ạ": for a class the sender reported done, how to undo it (/huy); for a
    colleague's report, who can; for a class not recorded, that there is nothing to undo."""
    school = reporter.school
    assert school.id is not None and reporter.member.id is not None
    reported = {r.class_name: r for r in await ctx.uow.reports.class_reports(school.id)}
    mine = [name for name in names if name in reported and reported[name].member_id == reporter.member.id]
    others = [name for name in names if name in reported and name not in mine]
    missing = [name for name in names if name not in reported]
    lines = []
    if mine:
        event = await ctx.uow.reports.last_undoable_event(reporter.member.id)
        pending = await ctx.uow.reports.pending_teacher(school.id)
        pending_first = pending is not None and pending.member_id == reporter.member.id and (
            event is None or pending.event_id is None or event.id is None or event.id < pending.event_id
        )  # /huy would withdraw the teacher report waiting for the leader first
        last = event.detail.split(",") if event is not None and event.kind == ReportKind.CLASS_DONE else []
        if not pending_first and event is not None and event.school_id == school.id and set(mine) <= set(last):
            together = [name for name in last if name not in mine]
            also = texts.NOT_DONE_UNDO_TOGETHER.format(names=", ".join(together)) if together else ""
            lines.append(texts.NOT_DONE_UNDO_LAST.format(names=", ".join(mine), together=also))
        else:
            lines.append(texts.NOT_DONE_UNDO_EARLIER.format(names=", ".join(mine)))
    by_member: dict[int, list[str]] = {}
    for name in others:
        by_member.setdefault(reported[name].member_id, []).append(name)
    for member_id, classes in by_member.items():
        colleague = await ctx.uow.members.by_id(member_id)
        who = (colleague.display_name if colleague is not None else None) or texts.NOT_DONE_A_COLLEAGUE
        lines.append(texts.NOT_DONE_BY_COLLEAGUE.format(names=", ".join(classes), who=who))
    if missing:
        lines.append(texts.NOT_DONE_NOT_RECORDED.format(names=", ".join(missing), first=missing[0]))
    return "\n".join(lines)


async def report_not_read_hint(ctx: Context) -> str:
    """How to report, with class names of the group's level or the sender's school (a TH group is
    not shown "7A1")."""
    level = ctx.group.level if ctx.group is not None else None
    if level is None and ctx.member is not None and ctx.member.school_id is not None:
        level = next(iter(await ctx.uow.schools.levels_of(ctx.member.school_id)), None)
    one, several = texts.CLASS_EXAMPLES.get(level or "", texts.CLASS_EXAMPLES["THCS"])
    return texts.REPORT_NOT_READ_HINT.format(several=several, one=one)


# Words of a school's name that say what kind of school it is, not which.
_GENERIC_NAME_WORDS = frozenset(
    "truong trg tt trung tam mam non tieu hoc thcs thpt th mn gdtx gdnn co so pho thong lien cap va demo".split()
)


def names_school(named: str, school: School) -> bool:
    """Whether the name or code a report opens with is the reporter's own school: its code, or
    every distinctive word of the name found in the school's name."""
    if named.strip().casefold() == school.code.casefold():
        return True
    words = [w for w in re.findall(r"[a-z0-9]+", fold_diacritics(named).lower()) if w not in _GENERIC_NAME_WORDS]
    own = set(re.findall(r"[a-z0-9]+", fold_diacritics(school.name).lower())) | {school.code.casefold()}
    return all(word in own for word in words)


def parse_first_sentence(text: str) -> Report | None:
    """A report followed by a story ("Dạ báo cáo lớp 6A9 đã xong ạ, em đã rà soát kỹ từng học
    sinh…"): the opening sentence or clause alone, when it reads as a report."""
    for opening in _openings(text):
        if (report := parse_report_text(opening)) is not None:
            return report
    return None


def _openings(text: str) -> list[str]:
    first = re.split(r"[.!?\n;]", text.strip(), maxsplit=1)[0]
    clause = re.split(r"\s*,\s*(?=(?:em|con|cô|thầy|mình|tôi|chúng em|nhà trường|trường)\b)", first, maxsplit=1)[0]
    return [opening for opening in dict.fromkeys((first, clause)) if opening and opening != text.strip()]


async def apply_report(ctx: Context, report: Report, *, named_school: str | None = None) -> list[Outgoing]:
    """Record a report for the sender's school; `named_school` is the school a plain-text report
    opened with ("Trường THCS Trần Phú báo cáo …"), which must be the sender's own."""
    reporter = await find_reporter(ctx)
    if reporter == texts.NOT_REGISTERED:
        return await tell_unregistered(ctx)
    if isinstance(reporter, str):
        return [ctx.reply(reporter)]
    if named_school is not None and not names_school(named_school, reporter.school):
        # never recorded for the sender's school when it names another
        school = reporter.school.name
        return [ctx.reply(texts.REPORT_OTHER_SCHOOL.format(named=short_quote(named_school), school=school))]
    others: list[Outgoing] = []
    if isinstance(report, ClassDone):
        text = await report_classes(ctx, reporter, report)
    elif isinstance(report, TeacherDone):
        text, others = await report_teacher_data(ctx, reporter, report)
    elif isinstance(report, SchoolConfirmed):
        text = await confirm_school(ctx, reporter, anyway=report.anyway)
    else:
        assert isinstance(report, UndoLast)
        text = await undo_last(ctx, reporter)
    return [ctx.reply(text), *others]


async def tell_unregistered(ctx: Context) -> list[Outgoing]:
    """Nothing was recorded: say so and how to register. In a group, once a day per person, so
    a newcomer's reports do not fill the group with the same refusal."""
    incoming = ctx.incoming
    if not incoming.in_group:
        return [ctx.reply(texts.NOT_REGISTERED_PRIVATE)]
    day = ctx.clock.now().astimezone(ctx.config.timezone).date().isoformat()
    key = f"{incoming.platform}:{incoming.sender.user_id}:{day}"[:64]
    if await ctx.uow.updates.is_processed(UNREGISTERED_NOTICE, key) and not incoming.addressed:
        return []
    if not await ctx.uow.updates.is_processed(UNREGISTERED_NOTICE, key):
        ctx.uow.updates.mark_processed(UNREGISTERED_NOTICE, key)
    return [ctx.reply(texts.NOT_REGISTERED_REPORT)]


# The key space of "told this person today that they are not registered" marks.
UNREGISTERED_NOTICE = "unregistered"


async def find_reporter(ctx: Context) -> Reporter | str:
    """The sender's school membership, or the refusal to send."""
    member = ctx.member
    if member is None:
        return texts.NOT_REGISTERED
    if member.school_id is None:
        return texts.REPORT_SCHOOL_STAFF_ONLY
    school = await ctx.uow.schools.get(member.school_id)
    assert school is not None and school.id is not None
    return Reporter(member, school, frozenset(await ctx.uow.schools.levels_of(school.id)))


def class_count(school: School, done: int) -> str:
    return texts.SCHOOL_CLASS_COUNT.format(school=school.name, done=done, expected=school.expected_classes)


async def classes_done(uow: UnitOfWork, school: School) -> int:
    """Classes counted for the school: reports on classes it no longer has are not."""
    assert school.id is not None
    return len(await uow.reports.reported_classes(school.id, current_only=True))


# One report this large, and more than half of the school's classes, is confirmed first.
LARGE_BATCH = 10


def is_large_batch(count: int, expected_classes: int) -> bool:
    return count >= LARGE_BATCH and expected_classes > 0 and count * 2 > expected_classes


def largest_grade(names: Sequence[str]) -> list[str]:
    """The reported classes of the grade with the most of them ("6A1-6A24": all 24)."""
    grades: dict[str, list[str]] = {}
    for name in names:
        parts = class_parts(name)
        grades.setdefault(parts[0] if parts else name, []).append(name)
    return max(grades.values(), key=len, default=[])


def _span(names: Sequence[str]) -> str:
    return f"{names[0]} … {names[-1]}" if len(names) > 3 else ", ".join(names)


async def report_classes(ctx: Context, reporter: Reporter, report: ClassDone) -> str:
    school = reporter.school
    assert school.id is not None
    classes = report.classes or ((reporter.member.homeroom_class,) if reporter.member.homeroom_class else ())
    if report.unreadable:
        return texts.CLASS_UNREADABLE.format(names=", ".join(report.unreadable))
    if not classes:
        return texts.CLASS_USAGE
    wrong_level = [name for name in classes if not levels_for_class(name) & reporter.levels]
    if wrong_level:
        levels = ", ".join(sorted(reporter.levels))
        return texts.CLASS_WRONG_LEVEL.format(names=", ".join(wrong_level), school=school.name, levels=levels)
    reports = await ctx.uow.reports.class_reports(school.id)
    already = {report.class_name for report in reports}
    counted = [report.class_name for report in reports if not report.obsolete]
    class_list = await ctx.uow.schools.class_list(school.id)
    if class_list:
        # The Sở gave the school's exact classes: they are the only names that count.
        missing = [name for name in classes if name not in class_list]
        if missing:
            return texts.CLASS_NOT_IN_LIST.format(
                names=", ".join(missing), school=school.name, count=len(class_list), examples=list_examples(class_list)
            )
    else:
        implausible = [name for name in classes if not plausible_in(name, school.expected_classes)]
        if implausible:
            return texts.CLASS_NOT_IN_SCHOOL.format(
                names=", ".join(implausible), school=school.name, expected=school.expected_classes
            )
        ambiguous = ambiguous_with(classes, already)
        if ambiguous:
            name, others = ambiguous
            return texts.CLASS_AMBIGUOUS.format(name=name, others=", ".join(others), school=school.name)
    new = [name for name in classes if name not in already]
    crowded = largest_grade(new)
    if not class_list and is_large_batch(len(crowded), school.expected_classes) and not report.anyway:
        # "6A1-6A24" for "6A1-6A4": one grade would hold most of the school, so ask before recording it
        return texts.CLASS_LARGE_BATCH.format(count=len(crowded), names=_span(crowded), expected=school.expected_classes)
    if school.expected_classes and len(counted) + len(new) > school.expected_classes:
        return texts.CLASS_TOO_MANY.format(
            school=school.name, expected=school.expected_classes, done=len(counted), names=", ".join(new)
        )
    lines = []
    if new:
        now = ctx.clock.now()
        for name in new:
            ctx.uow.reports.add_class(
                ClassReport(school_id=school.id, class_name=name, member_id=reporter.member.id, reported_at=now)
            )
        await record_event(ctx, reporter, ReportKind.CLASS_DONE, ",".join(new))
        lines.append(texts.CLASS_RECORDED.format(names=", ".join(new)))
    repeated = [name for name in classes if name in already]
    if repeated:
        lines.append(texts.CLASS_ALREADY.format(names=", ".join(repeated)))
    acknowledgement = "; ".join(lines)
    count = class_count(school, len(counted) + len(new))
    return f"{acknowledgement[0].upper()}{acknowledgement[1:]} — {count}"


def list_examples(class_list: list[str], shown: int = 8) -> str:
    """A few of the school's classes, so the reporter sees how the Sở wrote them."""
    more = f", … ({len(class_list)} lớp)" if len(class_list) > shown else ""
    return ", ".join(class_list[:shown]) + more


def ambiguous_with(classes: Sequence[str], already: set[str]) -> tuple[str, list[str]] | None:
    """'10A' where '10A1' is reported (or the reverse): the same class written two ways, or two
    classes? Counting both would inflate the school's progress, so the reporter is asked."""
    known = list(already) + list(classes)
    for name in classes:
        parts = class_parts(name)
        if parts is None or parts[1] == "/":
            continue
        grade, letters, number = parts
        others = []
        for other in known:
            other_parts = class_parts(other)
            if other == name or other_parts is None:
                continue
            if other_parts[:2] == (grade, letters) and (other_parts[2] is None) != (number is None):
                others.append(other)
        if others:
            return name, sorted(set(others))
    return None


def teacher_complete(reviewed: int | None, total: int | None) -> bool:
    """Done when every staff member was reviewed, or when the report gave no counts."""
    return reviewed is None or total is None or reviewed >= total


def parse_counts(detail: str) -> tuple[int | None, int | None]:
    """'40/45' → (40, 45); '' → (None, None): the form teacher events store their counts in."""
    reviewed, _, total = detail.partition("/")
    return (int(reviewed) if reviewed else None, int(total) if total else None)


async def set_teacher_status(
    uow: UnitOfWork, school_id: int, reviewed: int | None, total: int | None, member_id: int, at: datetime
) -> None:
    status = await uow.reports.teacher_status(school_id) or TeacherReport(school_id=school_id, member_id=member_id)
    status.reviewed, status.total, status.complete = reviewed, total, teacher_complete(reviewed, total)
    status.member_id, status.reported_at = member_id, at
    uow.reports.put(status)


async def report_teacher_data(ctx: Context, reporter: Reporter, report: TeacherDone) -> tuple[str, list[Outgoing]]:
    """The reply, and the messages to others (the leaders asked to confirm a total above the list)."""
    school = reporter.school
    assert school.id is not None and reporter.member.id is not None
    # "/xonggv 45" gives the reviewed count only: the total is the school's staff on the Sở's list.
    total = report.total if report.total is not None else (school.expected_staff or None if report.reviewed else None)
    if report.reviewed is not None and total is not None and report.reviewed > total:
        return texts.TEACHER_OVER_TOTAL.format(reviewed=report.reviewed, total=total, school=school.name), []
    off_list = total is not None and school.expected_staff and total != school.expected_staff
    pending = await ctx.uow.reports.pending_teacher(school.id)
    if off_list and reporter.member.role != Role.LEADER:
        # A total other than the Sở's list would silently change the school's figure ("45/45" where the
        # list says 52 would count as done with 7 people unreviewed): a leader decides.
        assert total is not None
        return await ask_leader(ctx, reporter, report.reviewed, total, pending)
    complete = teacher_complete(report.reviewed, total)
    counts = f"{report.reviewed}/{total}" if report.reviewed is not None and total else ""
    status = await ctx.uow.reports.teacher_status(school.id)
    superseded = ""
    if pending is not None:
        # A report within the list replaces the one waiting for the leader.
        superseded = " " + texts.TEACHER_PENDING_SUPERSEDED.format(counts=pending_counts(pending))
        await ctx.uow.reports.delete(pending)
    elif status is not None and status.complete == complete and (
        (report.reviewed is None and total is None and complete) or (status.reviewed, status.total) == (report.reviewed, total)
    ):
        # The same status again: nothing new to record, and the reporter is told so.
        shown = f" ({status.reviewed}/{status.total})" if status.reviewed is not None and status.total else ""
        return texts.TEACHER_ALREADY_RECORDED.format(school=school.name, counts=shown), []
    before = ""
    if status is not None:  # read before the row is updated in place
        was = f"{status.reviewed}/{status.total}" if status.reviewed is not None and status.total else texts.TEACHER_NO_COUNTS
        before = " " + texts.TEACHER_UPDATED_FROM.format(before=was)
    updated = status is not None
    await set_teacher_status(ctx.uow, school.id, report.reviewed, total, reporter.member.id, ctx.clock.now())
    await record_event(ctx, reporter, ReportKind.TEACHER_DONE, counts)
    if not complete:
        return texts.TEACHER_PARTIAL.format(school=school.name, counts=counts) + before + superseded, []
    template = texts.TEACHER_UPDATED if updated else texts.TEACHER_RECORDED
    reply = template.format(school=school.name, counts=f" ({counts})" if counts else "") + before
    if total and school.expected_staff and total != school.expected_staff:
        reply += " " + texts.TEACHER_COUNT_DIFFERS.format(expected=school.expected_staff)
    return reply + superseded, []


def pending_counts(pending: PendingTeacherReport) -> str:
    return f"{pending.reviewed}/{pending.total}" if pending.reviewed is not None else f"…/{pending.total}"


async def school_leaders(uow: UnitOfWork, school_id: int) -> list[Member]:
    return [m for m in await uow.members.listed(school_ids=(school_id,)) if m.role == Role.LEADER]


def private_chat(member: Member) -> ChatRef:
    return ChatRef(Platform(member.platform), member.user_id)


async def ask_leader(
    ctx: Context, reporter: Reporter, reviewed: int | None, total: int, pending: PendingTeacherReport | None
) -> tuple[str, list[Outgoing]]:
    """A total other than the Sở's list waits for the school's leader: recorded as pending (not
    done), the leaders asked privately, the reporter told who decides."""
    school, member = reporter.school, reporter.member
    assert school.id is not None and member.id is not None
    counts = f"{reviewed}/{total}" if reviewed is not None else f"…/{total}"
    event = await record_event(ctx, reporter, ReportKind.TEACHER_PENDING, counts)
    now = ctx.clock.now()
    replaced = pending is not None
    if pending is None:
        pending = PendingTeacherReport(
            school_id=school.id, total=total, member_id=member.id, platform=ctx.incoming.platform,
            chat_id=ctx.incoming.chat.chat_id,
        )
    pending.reviewed, pending.total, pending.member_id, pending.event_id = reviewed, total, member.id, event.id
    pending.platform, pending.chat_id, pending.requested_at = ctx.incoming.platform, ctx.incoming.chat.chat_id, now
    ctx.uow.reports.put(pending)
    leaders = await school_leaders(ctx.uow, school.id)
    name = ctx.incoming.sender_name or member.display_name or texts.MEMBERS_NO_NAME
    compared, more_or_fewer = texts.TEACHER_TOTAL_COMPARED[total > (school.expected_staff or 0)]
    ask = texts.TEACHER_LEADER_ASKED.format(
        name=name, school=school.name, counts=counts, total=total, expected=school.expected_staff,
        more_or_fewer=more_or_fewer,
    )
    partial = reviewed is not None and not teacher_complete(reviewed, total)
    if partial:
        assert reviewed is not None
        ask += " " + texts.TEACHER_LEADER_ASKED_PARTIAL.format(left=total - reviewed)
    notes = [
        Outgoing(chat=private_chat(leader), text=ask, buttons=(texts.APPROVE_TEACHER_BUTTON, texts.REJECT_TEACHER_BUTTON))
        for leader in leaders
    ]
    template = texts.TEACHER_AWAITING_LEADER if leaders else texts.TEACHER_AWAITING_NO_LEADER
    reply = template.format(
        counts=counts, total=total, expected=school.expected_staff, school=school.name, compared=compared
    )
    if partial:
        # "40/45" is unfinished whatever the leader decides about 45, as a partial report within the list says
        assert reviewed is not None
        reply += " " + texts.TEACHER_PENDING_PARTIAL.format(counts=counts, left=total - reviewed)
    if replaced:
        reply = f"{texts.TEACHER_PENDING_REPLACED} {reply}"
    return reply, notes


async def decide_pending(ctx: Context, approve: bool) -> list[Outgoing]:
    """/duyetgv, /tuchoigv: the school's leader confirms or rejects the total waiting for them."""
    reporter = await find_reporter(ctx)
    if reporter == texts.NOT_REGISTERED:
        return await tell_unregistered(ctx)
    if isinstance(reporter, str):
        return [ctx.reply(reporter)]
    if reporter.member.role != Role.LEADER:
        return [ctx.reply(texts.TEACHER_DECIDE_LEADERS_ONLY)]
    school = reporter.school
    assert school.id is not None and reporter.member.id is not None
    pending = await ctx.uow.reports.pending_teacher(school.id)
    if pending is None:
        return [ctx.reply(texts.TEACHER_NOTHING_PENDING.format(school=school.name))]
    counts = pending_counts(pending)
    asker = await ctx.uow.members.by_id(pending.member_id)
    await ctx.uow.reports.delete(pending)
    if approve:
        await set_teacher_status(ctx.uow, school.id, pending.reviewed, pending.total, reporter.member.id, ctx.clock.now())
        detail = f"{pending.reviewed}/{pending.total}" if pending.reviewed is not None else ""
        await record_event(ctx, reporter, ReportKind.TEACHER_DONE, detail)
        await ctx.uow.flush()
        reply = f"{texts.TEACHER_APPROVED.format(counts=counts)} — {await teacher_state(ctx.uow, school)}"
        told = texts.TEACHER_APPROVED_TO_REPORTER.format(counts=counts, school=school.name)
    else:
        await record_event(ctx, reporter, ReportKind.TEACHER_REJECTED, counts)
        reply = texts.TEACHER_REJECTED.format(counts=counts, school=school.name)
        told = texts.TEACHER_REJECTED_TO_REPORTER.format(counts=counts, school=school.name, expected=school.expected_staff)
    out = [ctx.reply(reply)]
    if asker is not None and asker.removed_at is None and asker.id != reporter.member.id:
        out.append(Outgoing(chat=private_chat(asker), text=told))
    return out


async def approve_teacher_total(ctx: Context, args: str) -> list[Outgoing]:
    return await decide_pending(ctx, approve=True)


async def reject_teacher_total(ctx: Context, args: str) -> list[Outgoing]:
    return await decide_pending(ctx, approve=False)


async def confirm_school(ctx: Context, reporter: Reporter, *, anyway: bool = False) -> str:
    school = reporter.school
    assert school.id is not None
    if reporter.member.role != Role.LEADER:
        return texts.CONFIRM_LEADERS_ONLY
    done = await classes_done(ctx.uow, school)
    if await ctx.uow.reports.confirmation(school.id) is not None:
        return f"{texts.CONFIRM_ALREADY} — {class_count(school, done)}"
    if school.expected_classes and done < school.expected_classes and not anyway:
        # a leader confirms a finished school: with classes missing, ask before recording it
        return texts.CONFIRM_ASK_CLASSES_MISSING.format(
            done=done, expected=school.expected_classes, missing=school.expected_classes - done
        )
    ctx.uow.reports.put(SchoolConfirmation(school_id=school.id, member_id=reporter.member.id, confirmed_at=ctx.clock.now()))
    await record_event(ctx, reporter, ReportKind.SCHOOL_CONFIRMED, "")
    reply = texts.CONFIRM_RECORDED.format(school=school.name)
    if school.expected_classes and done < school.expected_classes:
        reply += " " + texts.CONFIRM_CLASSES_MISSING.format(done=done, expected=school.expected_classes)
    return reply


async def undo_last(ctx: Context, reporter: Reporter) -> str:
    event = await ctx.uow.reports.last_undoable_event(reporter.member.id)  # type: ignore[arg-type]
    school = reporter.school
    assert school.id is not None
    pending = await ctx.uow.reports.pending_teacher(school.id)
    if pending is not None and pending.member_id == reporter.member.id and (
        event is None or pending.event_id is None or event.id is None or event.id < pending.event_id
    ):
        return await cancel_pending(ctx, reporter, pending)
    if event is None or event.school_id != school.id:
        return texts.UNDO_NOTHING
    assert school.id is not None and event.id is not None
    if event.kind == ReportKind.CLASS_DONE:
        for name in event.detail.split(","):
            await ctx.uow.reports.remove_class(school.id, name)
        await ctx.uow.flush()
        await refresh_obsolete(ctx.uow, [school])  # a freed place counts a report held over the total
        what = texts.UNDO_WHAT_CLASSES.format(names=event.detail.replace(",", ", "))
    elif event.kind == ReportKind.TEACHER_DONE:
        overtaken = not await restore_teacher_status(ctx.uow, school.id, event)
        what = texts.UNDO_WHAT_TEACHER_REPORT.format(
            counts=event.detail or texts.TEACHER_NO_COUNTS, when=format_stamp(event.at, ctx.config.timezone)
        )
        if overtaken:
            what += texts.UNDO_TEACHER_OVERTAKEN
    else:
        confirmation = await ctx.uow.reports.confirmation(school.id)
        if confirmation is not None:
            await ctx.uow.reports.delete(confirmation)
        what = texts.UNDO_WHAT_CONFIRMATION
    event.undone_at = ctx.clock.now()
    ctx.uow.reports.save(event)
    await record_event(ctx, reporter, event.kind, event.detail, undoes=event.id)
    await ctx.uow.flush()
    if event.kind == ReportKind.TEACHER_DONE:
        return f"{texts.UNDO_DONE.format(what=what)} — {await teacher_state(ctx.uow, school)}"
    return f"{texts.UNDO_DONE.format(what=what)} — {class_count(school, await classes_done(ctx.uow, school))}"


async def teacher_state(uow: UnitOfWork, school: School) -> str:
    """The school's teacher-data status after an undo, so nobody has to ask what stands now."""
    assert school.id is not None
    status = await uow.reports.teacher_status(school.id)
    if status is None:
        return texts.TEACHER_STATE_NONE.format(school=school.name)
    counts = f" ({status.reviewed}/{status.total})" if status.reviewed is not None and status.total else ""
    state = texts.TEACHER_STATE_DONE if status.complete else texts.TEACHER_STATE_PARTIAL
    return state.format(school=school.name, counts=counts)


async def restore_teacher_status(uow: UnitOfWork, school_id: int, undone: ReportEvent) -> bool:
    """Undoing the report in force puts back the one before it (or none); undoing an older
    report, already overtaken by a colleague's, leaves the status as it stands (returns False)."""
    in_force = await uow.reports.teacher_event_in_force(school_id)
    if in_force is None or in_force.id != undone.id:
        return False
    previous = await uow.reports.teacher_event_in_force(school_id, excluding=undone.id)
    status = await uow.reports.teacher_status(school_id)
    if previous is None:
        if status is not None:
            await uow.reports.delete(status)
        return True
    reviewed, total = parse_counts(previous.detail)
    await set_teacher_status(uow, school_id, reviewed, total, previous.member_id, previous.at)
    return True


async def cancel_pending(ctx: Context, reporter: Reporter, pending: PendingTeacherReport) -> str:
    """/huy by whoever sent the report still waiting for the leader: it is withdrawn."""
    school = reporter.school
    counts = pending_counts(pending)
    if pending.event_id is not None:
        asked = await ctx.uow.reports.event(pending.event_id)
        if asked is not None:
            asked.undone_at = ctx.clock.now()
            ctx.uow.reports.save(asked)
    await ctx.uow.reports.delete(pending)
    await record_event(ctx, reporter, ReportKind.TEACHER_PENDING, counts, undoes=pending.event_id)
    await ctx.uow.flush()
    what = texts.UNDO_WHAT_PENDING_TEACHER.format(counts=counts)
    return f"{texts.UNDO_DONE.format(what=what)} — {await teacher_state(ctx.uow, school)}"


async def record_event(
    ctx: Context, reporter: Reporter, kind: str, detail: str, *, undoes: int | None = None
) -> ReportEvent:
    incoming = ctx.incoming
    assert reporter.school.id is not None and reporter.member.id is not None
    return await ctx.uow.reports.add_event(
        ReportEvent(
            school_id=reporter.school.id,
            member_id=reporter.member.id,
            kind=kind,
            detail=detail,
            platform=incoming.platform,
            user_id=incoming.sender.user_id,
            chat_id=incoming.chat.chat_id,
            at=ctx.clock.now(),
            undoes_id=undoes,
        )
    )
