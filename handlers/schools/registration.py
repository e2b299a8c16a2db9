"""/dangky MÃ [lớp]: link a platform user to a school (staff or leader) or a district office."""

from __future__ import annotations

from datetime import timedelta

from handlers import texts
from handlers.core import guidance
from handlers.core.context import Context
from handlers.core.domain import Role, short_quote
from handlers.core.messages import Outgoing
from handlers.reports.parsing import levels_for_class, normalise_class
from handlers.schools.join_codes import normalise_code
from handlers.schools.membership import link_member

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


async def register(ctx: Context, args: str) -> list[Outgoing]:
    incoming = ctx.incoming
    if incoming.in_group:
        # Never echo or use a code posted where others can read it.
        return [ctx.reply(texts.REGISTER_IN_PRIVATE)]
    code_text, _, class_text = args.strip().partition(" ")
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
    if join_code.district_id is not None:
        district = await ctx.uow.districts.get(join_code.district_id)
        assert district is not None
        await link_member(ctx.uow, user, role=role, name=incoming.sender_name, district=district, now=now)
        return [ctx.reply(texts.REGISTERED_DISTRICT.format(district=district.name))]
    assert join_code.school_id is not None
    school = await ctx.uow.schools.get(join_code.school_id)
    assert school is not None
    homeroom = None
    if class_text.strip():
        homeroom = normalise_class(class_text.strip())
        school_levels = set(await ctx.uow.schools.levels_of(school.id))  # type: ignore[arg-type]
        if homeroom is None or not levels_for_class(homeroom) & school_levels:
            return [ctx.reply(texts.REGISTER_BAD_CLASS.format(name=short_quote(class_text), school=school.name))]
    await link_member(ctx.uow, user, role=role, name=incoming.sender_name, school=school, homeroom_class=homeroom, now=now)
    reply = texts.REGISTERED_SCHOOL.format(role=texts.ROLE_NAMES[role], school=school.name)
    if homeroom:
        reply += texts.REGISTERED_HOMEROOM.format(name=homeroom)
    return [ctx.reply(f"{reply}\n{await next_step(ctx, role, school.id, homeroom)}")]


async def next_step(ctx: Context, role: Role, school_id: int | None, homeroom: str | None) -> str:
    """What to do next: a leader confirms; staff report classes, shown with a class of their level."""
    if role == Role.LEADER:
        return texts.REGISTERED_NEXT_LEADER
    levels = await ctx.uow.schools.levels_of(school_id) if school_id is not None else []
    example = homeroom or texts.EXAMPLE_CLASS[levels[0] if levels else "THCS"]
    return texts.REGISTERED_NEXT.format(example=example)
