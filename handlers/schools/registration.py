"""/dangky MÃ [lớp]: link a platform user to a school (staff or leader) or a district office."""

from __future__ import annotations

import re
from datetime import timedelta

from handlers import texts
from handlers.core import guidance
from handlers.core.context import Context
from handlers.core.domain import Role, short_quote
from handlers.core.messages import Outgoing
from handlers.reports.class_rules import plausible_in
from handlers.reports.parsing import levels_for_class, normalise_class
from handlers.reports.recording import list_examples
from handlers.schools.join_codes import CODE_LENGTH, display_code, normalise_code
from handlers.schools.membership import link_member
from storage.models import School

# "/dangky MÃ chac": yes, change my role (a leader registering with the staff code).
_CONFIRMED = re.compile(r"(?:^|\s)(?:chắc chắn|chac chan|chắc|chac)\s*$", re.IGNORECASE)

# Wrong codes allowed per user in the window before registration is refused for a while.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


async def start(ctx: Context, args: str) -> list[Outgoing]:
    """/start, and '/start CODE' from a slip's QR code (a Telegram deep link): registers in one tap."""
    if not args.strip() or ctx.incoming.in_group:
        return await guidance.start(ctx, "")
    if ctx.member is not None:
        return [ctx.reply(texts.START_CODE_ALREADY_REGISTERED)]
    return await register(ctx, args)


def split_code(args: str) -> tuple[str, str]:
    """The join code and the rest: "7SZGF-QRTG5 6A1", and "7szgf qrtg5 6a1" typed with a space
    where the dash goes (two halves of the code's length)."""
    words = args.split()
    half = CODE_LENGTH // 2
    if len(words) >= 2 and len(words[0]) == half and len(words[1]) == half and (words[0] + words[1]).isalnum():
        return words[0] + words[1], " ".join(words[2:])
    return (words[0], " ".join(words[1:])) if words else ("", "")


async def register(ctx: Context, args: str) -> list[Outgoing]:
    incoming = ctx.incoming
    if incoming.in_group:
        # Never echo or use a code posted where others can read it.
        return [ctx.reply(texts.REGISTER_IN_PRIVATE)]
    code_text, class_text = split_code(args)
    confirmed = _CONFIRMED.search(class_text) is not None
    class_text = _CONFIRMED.sub("", class_text)
    if not code_text:
        return [ctx.reply(texts.REGISTER_USAGE)]
    now = ctx.clock.now()
    user = incoming.sender
    # Attempts of one user are checked one after another, so concurrent wrong codes cannot all
    # slip under the limit together.
    await ctx.uow.registration_failures.hold_user(user.platform, user.user_id)
    failures = await ctx.uow.registration_failures.count_since(user.platform, user.user_id, now - FAILURE_WINDOW)
    if failures >= MAX_FAILURES:
        return [ctx.reply(texts.REGISTER_THROTTLED.format(minutes=int(FAILURE_WINDOW.total_seconds() // 60)))]
    join_code = await ctx.uow.join_codes.by_code(normalise_code(code_text))
    if join_code is None:
        ctx.uow.registration_failures.add(user.platform, user.user_id, now)
        return [ctx.reply(texts.REGISTER_WRONG_CODE)]
    role = Role(join_code.role)
    previous = ctx.member
    before = (previous.role, previous.school_id, previous.district_id, previous.homeroom_class) if previous else None
    if join_code.district_id is not None:
        district = await ctx.uow.districts.get(join_code.district_id)
        assert district is not None
        await link_member(ctx.uow, user, role=role, name=incoming.sender_name, district=district, now=now)
        reply = texts.REGISTERED_DISTRICT.format(district=district.name)
        changes = await what_changed(ctx, before, role, None, district.id, None)
        return [ctx.reply(f"{reply}{changes}")]
    assert join_code.school_id is not None
    school = await ctx.uow.schools.get(join_code.school_id)
    assert school is not None and school.id is not None
    if previous is not None and previous.role == Role.LEADER and role == Role.STAFF and not confirmed:
        # A leader typing the staff code is more often a slip than a demotion: ask first.
        current = await unit_name(ctx, previous.school_id, previous.district_id)
        command = f"/dangky {' '.join(args.split())} chac"
        return [ctx.reply(texts.REGISTER_ASK_DEMOTE.format(school=current, command=command))]
    homeroom = None
    if class_text.strip():
        homeroom = normalise_class(class_text.strip())
        school_levels = await ctx.uow.schools.levels_of(school.id)
        if homeroom is None or not levels_for_class(homeroom) & set(school_levels):
            return [ctx.reply(texts.REGISTER_BAD_CLASS.format(name=short_quote(class_text), school=school.name))]
        refusal = await homeroom_refusal(ctx, school, school_levels, homeroom, display_code(join_code.code))
        if refusal is not None:
            return [ctx.reply(refusal)]
    elif before is not None and before[1] == school.id and before[3]:
        homeroom = before[3]  # registering again without a class keeps the class, and says so
    await link_member(ctx.uow, user, role=role, name=incoming.sender_name, school=school, homeroom_class=homeroom, now=now)
    reply = texts.REGISTERED_SCHOOL.format(role=texts.ROLE_NAMES[role], school=school.name)
    if homeroom:
        reply += texts.REGISTERED_HOMEROOM.format(name=homeroom)
    reply += await what_changed(ctx, before, role, school.id, school.district_id, homeroom)
    return [ctx.reply(f"{reply}\n{await next_step(ctx, role, school.id, homeroom)}")]


async def homeroom_refusal(ctx: Context, school: School, levels: list[str], homeroom: str, code: str) -> str | None:
    """Why the school has no such class, by the rules /xong applies (so a registered homeroom class
    can always be reported): the Sở's class list when it loaded one, else the levels and class count."""
    assert school.id is not None
    class_list = await ctx.uow.schools.class_list(school.id)
    if class_list:
        if homeroom in class_list:
            return None
        return texts.REGISTER_CLASS_NOT_IN_LIST.format(
            name=homeroom, count=len(class_list), school=school.name, examples=list_examples(class_list),
            code=code, example=class_list[0],
        )
    if plausible_in(homeroom, school.expected_classes):
        return None
    order = list(texts.LEVEL_GRADES)
    levels = sorted(levels, key=lambda level: order.index(level) if level in order else len(order))
    grades = ", ".join(dict.fromkeys(texts.LEVEL_GRADES.get(level, level) for level in levels))
    example = texts.CLASS_EXAMPLES.get(levels[0] if levels else "THCS", texts.CLASS_EXAMPLES["THCS"])[0]
    return texts.REGISTER_CLASS_NOT_IN_SCHOOL.format(
        name=homeroom, school=school.name, expected=school.expected_classes, grades=grades, code=code, example=example
    )


Registration = tuple[str, int | None, int | None, str | None]  # role, school, district, homeroom class


async def what_changed(
    ctx: Context, before: Registration | None, role: str, school_id: int | None, district_id: int | None,
    homeroom: str | None,
) -> str:
    """For someone registering again: what this registration changed, never silently."""
    if before is None:
        return ""
    old_role, old_school, old_district, old_homeroom = before
    lines = []
    if (old_school, old_school is None and old_district) != (school_id, school_id is None and district_id):
        lines.append(texts.REGISTER_CHANGED_UNIT.format(old=await unit_name(ctx, old_school, old_district)))
        if old_homeroom:
            lines.append(texts.REGISTER_CLASS_DROPPED.format(name=old_homeroom))
    else:
        if old_role != role:
            lines.append(texts.REGISTER_CHANGED_ROLE.format(
                old=texts.ROLE_NAMES.get(old_role, old_role), new=texts.ROLE_NAMES.get(role, role)
            ))
        if old_homeroom and homeroom and old_homeroom != homeroom:
            lines.append(texts.REGISTER_CHANGED_CLASS.format(old=old_homeroom, new=homeroom))
        elif old_homeroom and homeroom == old_homeroom:
            lines.append(texts.REGISTER_KEPT_CLASS.format(name=homeroom))
        elif homeroom and not old_homeroom:
            lines.append(texts.REGISTER_ADDED_CLASS.format(name=homeroom))
    return " " + " ".join(lines) if lines else " " + texts.REGISTER_NOTHING_CHANGED


async def unit_name(ctx: Context, school_id: int | None, district_id: int | None) -> str:
    if school_id is not None:
        school = await ctx.uow.schools.get(school_id)
        return school.name if school else "?"
    district = await ctx.uow.districts.get(district_id) if district_id is not None else None
    return texts.MEMBERS_DISTRICT_UNIT.format(district=district.name) if district else texts.DEPARTMENT


async def next_step(ctx: Context, role: Role, school_id: int | None, homeroom: str | None) -> str:
    """What to do next: a leader confirms; staff report classes, shown with a class of their level."""
    if role == Role.LEADER:
        pending = await ctx.uow.reports.pending_teacher(school_id) if school_id is not None else None
        if pending is not None:  # a teacher-data total has been waiting for a leader to register
            counts = f"{pending.reviewed}/{pending.total}" if pending.reviewed is not None else f"…/{pending.total}"
            return f"{texts.REGISTERED_NEXT_LEADER}\n{texts.REGISTERED_LEADER_PENDING.format(counts=counts)}"
        return texts.REGISTERED_NEXT_LEADER
    levels = await ctx.uow.schools.levels_of(school_id) if school_id is not None else []
    example = homeroom or texts.CLASS_EXAMPLES[levels[0] if levels else "THCS"][0]
    return texts.REGISTERED_NEXT.format(example=example)
