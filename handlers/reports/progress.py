"""Progress within the asker's scope: staff see their school, a district office its schools,
administrators the whole province per level and district (mục 1: access follows management)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from handlers import texts
from handlers.answers.scope import asks_own_progress
from handlers.answers.vietnamese import normalize
from handlers.core.context import Context
from handlers.core.domain import LEVELS, Role, in_level_order, levels_served_by, parse_level, short_quote
from handlers.core.messages import Outgoing
from handlers.reports.class_rules import class_order
from handlers.schools.directory import find_district
from storage.progress import ProgressScope, SchoolProgress
from storage.uow import UnitOfWork

# Room kept under the platform's message length for the closing "and N more" line.
_LIST_RESERVE_CHARS = 120


@dataclass(frozen=True)
class View:
    scope: ProgressScope
    title: str
    school_view: bool = False
    by_level_and_district: bool = False


async def resolve_view(ctx: Context, args: str, command: str) -> View | str:
    """What the sender may see, narrowed by the arguments; a refusal text otherwise."""
    member, args = ctx.member, args.strip()
    level = parse_level(args) if args else None
    district = await find_district(ctx.uow, args) if args and level is None else None
    if args and level is None and district is None:
        return texts.PROGRESS_UNKNOWN_FILTER.format(text=short_quote(args), command=command)
    # A level named in the command, else the levels of the group it was sent in.
    levels = frozenset({level}) if level else levels_served_by(ctx.group.level if ctx.group else None)
    if ctx.is_admin:
        title = district.name if district else (levels_title(levels) if levels else texts.PROVINCE)
        scope = ProgressScope(district_id=district.id if district else None, levels=levels)
        return View(scope, title, by_level_and_district=district is None)
    if member is None:
        return texts.NOT_REGISTERED
    if member.role == Role.DISTRICT and member.district_id is not None:
        own = await ctx.uow.districts.get(member.district_id)
        if own is None:
            return texts.NOT_REGISTERED
        if district is not None and district.id != own.id:
            return texts.PROGRESS_OTHER_DISTRICT.format(district=texts.DISTRICT_OFFICE.format(district=own.name))
        scope = ProgressScope(district_id=own.id, managed_by_district=True, levels=levels)
        return View(scope, texts.DISTRICT_OFFICE.format(district=own.name))
    if member.school_id is None:
        return texts.NOT_REGISTERED
    if district is not None:
        return texts.PROGRESS_SCHOOL_ONLY
    school = await ctx.uow.schools.get(member.school_id)
    if school is None:
        return texts.NOT_REGISTERED
    return View(ProgressScope(school_id=school.id), school.name, school_view=True)


def levels_title(levels: frozenset[str]) -> str:
    """ "Tiểu học và THCS", "Mầm non, Tiểu học và THCS"."""
    names = [texts.LEVEL_NAMES[level] for level in LEVELS if level in levels]
    if len(names) <= 2:
        return texts.LEVEL_JOINER.join(names)
    return ", ".join(names[:-1]) + texts.LEVEL_JOINER + names[-1]


async def show_progress(ctx: Context, args: str) -> list[Outgoing]:
    return await _respond(ctx, args, "tiendo", describe_progress)


async def on_text(ctx: Context) -> list[Outgoing] | None:
    """In private, a registered person asking for their own progress in words gets /tiendo's answer."""
    incoming = ctx.incoming
    if incoming.in_group or ctx.member is None:
        return None
    if not asks_own_progress(normalize(incoming.text).syllables, incoming.text):
        return None
    return await show_progress(ctx, "")


async def show_pending(ctx: Context, args: str) -> list[Outgoing]:
    return await _respond(ctx, args, "chuaxong", describe_pending)


Describe = Callable[[View, list[SchoolProgress], UnitOfWork, int], Awaitable[str]]


async def _respond(ctx: Context, args: str, command: str, describe: Describe) -> list[Outgoing]:
    view = await resolve_view(ctx, args, command)
    if isinstance(view, str):
        return [ctx.reply(view)]
    rows = await ctx.uow.progress.schools(view.scope)
    # One message, so a long list is cut to what the asker's platform shows at once.
    return [ctx.reply(await describe(view, rows, ctx.uow, ctx.capabilities.max_text_length))]


def teacher_status(row: SchoolProgress) -> str:
    if row.teacher_complete:
        counts = f" ({row.teacher_reviewed}/{row.teacher_total})" if row.teacher_total else ""
        status = texts.TEACHER_STATUS_DONE.format(counts=counts)
    elif row.teacher_reviewed is not None:
        status = texts.TEACHER_STATUS_PARTIAL.format(reviewed=row.teacher_reviewed, total=row.teacher_total)
    else:
        status = texts.TEACHER_STATUS_NONE
    if row.teacher_awaiting_leader:
        if not row.teacher_complete and row.teacher_reviewed is None:
            return texts.TEACHER_STATUS_AWAITING_LEADER
        return f"{status}; {texts.TEACHER_STATUS_NEWER_AWAITING_LEADER}"
    return status


def student_status(row: SchoolProgress) -> str:
    confirmed = texts.STUDENT_CONFIRMED if row.confirmed else texts.STUDENT_NOT_CONFIRMED
    status = texts.STUDENT_STATUS.format(done=row.classes_done, expected=row.expected_classes, confirmed=confirmed)
    if row.classes_gone:
        status += texts.STUDENT_CLASSES_GONE.format(gone=row.classes_gone)
    return status


async def gone_classes(uow: UnitOfWork, school_id: int) -> list[str]:
    """Classes reported that the school no longer has (after an import changed its classes)."""
    return [report.class_name for report in await uow.reports.class_reports(school_id) if report.obsolete]


def summary_line(label: str, rows: Sequence[SchoolProgress]) -> str:
    return texts.PROGRESS_SUMMARY_LINE.format(
        label=label,
        complete=sum(r.complete for r in rows),
        confirmed=sum(r.confirmed for r in rows),
        teacher=sum(r.teacher_complete for r in rows),
        total=len(rows),
    )


async def describe_progress(view: View, rows: list[SchoolProgress], uow: UnitOfWork, max_chars: int) -> str:
    if not rows:
        return texts.PROGRESS_NO_SCHOOLS.format(title=view.title)
    if view.school_view:
        row = rows[0]
        text = texts.SCHOOL_PROGRESS.format(school=row.name, student=student_status(row), teacher=teacher_status(row))
        gone = await gone_classes(uow, row.school_id) if row.classes_gone else []
        if gone:
            text += "\n" + texts.SCHOOL_GONE_CLASSES.format(names=", ".join(gone))
        return text
    lines = [texts.PROGRESS_HEADER.format(title=view.title, total=len(rows)), summary_line(texts.ALL_SCHOOLS, rows)]
    lines.append(texts.PROGRESS_CLASSES.format(done=sum(r.classes_done for r in rows), expected=sum(r.expected_classes for r in rows)))
    if view.by_level_and_district:
        shown = view.scope.levels or LEVELS  # a level filter shows that level's line only
        for level in (level for level in LEVELS if level in shown):
            at_level = [r for r in rows if level in r.levels]
            if at_level:
                lines.append(summary_line(texts.LEVEL_NAMES[level], at_level))
        for name in sorted({r.district_name or texts.NO_DISTRICT for r in rows}):
            lines.append(summary_line(name, [r for r in rows if (r.district_name or texts.NO_DISTRICT) == name]))
    lines.append(texts.PROGRESS_LEGEND)
    return "\n".join(lines)


async def describe_pending(view: View, rows: list[SchoolProgress], uow: UnitOfWork, max_chars: int) -> str:
    if view.school_view:
        row = rows[0]
        if row.complete:
            return texts.SCHOOL_ALL_DONE.format(school=row.name)
        reported = await uow.reports.reported_classes(row.school_id, current_only=True)
        parts = [texts.SCHOOL_PENDING_HEADER.format(school=row.name)]
        missing = max(row.expected_classes - row.classes_done, 0)
        if missing or not row.confirmed:
            parts.append(texts.SCHOOL_PENDING_CLASSES.format(missing=missing, done=row.classes_done, expected=row.expected_classes))
            class_list = await uow.schools.class_list(row.school_id)
            unreported = [name for name in class_list if name not in set(reported)]
            if unreported:
                # the Sở gave the school's exact classes: name the ones still missing
                parts.append(texts.SCHOOL_UNREPORTED_CLASSES.format(names=", ".join(sorted(unreported, key=class_order))))
            elif reported:
                parts.append(texts.SCHOOL_REPORTED_CLASSES.format(names=", ".join(sorted(reported, key=class_order))))
            if not row.confirmed:
                parts.append(texts.SCHOOL_PENDING_CONFIRMATION)
        gone = await gone_classes(uow, row.school_id) if row.classes_gone else []
        if gone:
            parts.append(texts.SCHOOL_GONE_CLASSES.format(names=", ".join(gone)))
        if not row.teacher_complete:
            parts.append(texts.SCHOOL_PENDING_TEACHER.format(status=teacher_status(row)))
        return "\n".join(parts)
    pending = [r for r in rows if not r.complete]
    if not pending:
        return texts.ALL_SCHOOLS_DONE.format(title=view.title, total=len(rows))
    header = texts.PENDING_HEADER.format(title=view.title, pending=len(pending), total=len(rows))
    return pending_list(header, pending, max_chars)


def pending_list(header: str, pending: Sequence[SchoolProgress], max_chars: int) -> str:
    """The pending schools grouped by district, cut to fit one message with 'and N more'."""
    lines, listed = [header], 0
    budget = max_chars - _LIST_RESERVE_CHARS
    size = len(header)
    for district, schools in group_by_district(pending):
        block = [texts.PENDING_DISTRICT.format(district=district)]
        for row in schools:
            line = texts.PENDING_LINE.format(school=row.name, student=student_status(row), teacher=teacher_status(row))
            if size + sum(len(b) + 1 for b in block) + len(line) + 1 > budget:
                break
            block.append(line)
        if len(block) == 1:
            break
        lines += block
        size += sum(len(b) + 1 for b in block)
        listed += len(block) - 1
        if len(block) - 1 < len(schools):
            break
    if listed < len(pending):
        lines.append(texts.PENDING_MORE.format(more=len(pending) - listed))
    return "\n".join(lines)


def group_by_district(rows: Sequence[SchoolProgress]) -> list[tuple[str, list[SchoolProgress]]]:
    """Schools under their district's name (those managed by the Sở last), in name order."""
    groups: dict[str, list[SchoolProgress]] = {}
    for row in rows:
        groups.setdefault(row.district_name or texts.NO_DISTRICT, []).append(row)
    return sorted(groups.items(), key=lambda item: (item[0] == texts.NO_DISTRICT, item[0]))


PROGRESS_HEADERS = (
    "Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Đơn vị quản lý", "Số lớp", "Lớp đã xong",
    "Lãnh đạo xác nhận", "GV đã rà soát", "Tổng CB-GV-NV", "Dữ liệu GV đồng bộ xong", "Hoàn thành",
    "Lớp đã báo không còn trong danh sách", "Số liệu GV chờ lãnh đạo xác nhận",
)


def progress_table(rows: Sequence[SchoolProgress]) -> list[list[object]]:
    """Rows for the Excel workbook and the terminal table, in PROGRESS_HEADERS order."""
    yes_no = {True: "Có", False: "Chưa"}
    return [
        [
            r.code, r.name, ", ".join(in_level_order(r.levels)), r.district_name or "",
            texts.DISTRICT_OFFICE.format(district=r.district_name) if r.managed_by_district and r.district_name else texts.DEPARTMENT,
            r.expected_classes, r.classes_done, yes_no[r.confirmed],
            r.teacher_reviewed if r.teacher_reviewed is not None else "", r.teacher_total or r.expected_staff,
            yes_no[r.teacher_complete], yes_no[r.complete], r.classes_gone, yes_no[r.teacher_awaiting_leader],
        ]
        for r in rows
    ]
