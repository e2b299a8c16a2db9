"""Support groups: which level a group serves (/nhom, administrators only)."""

from __future__ import annotations

from datetime import datetime

from handlers import texts
from handlers.core.context import Context
from handlers.core.domain import Level, parse_group_level
from handlers.core.messages import ChatRef, Outgoing
from storage.models import Group
from storage.uow import UnitOfWork


async def set_group_level(ctx: Context, args: str) -> list[Outgoing]:
    level = parse_group_level(args)
    if level is None or ctx.group is None:
        return [ctx.reply(texts.GROUP_LEVEL_USAGE)]
    await assign_group_level(ctx.uow, ctx.incoming.chat, ctx.incoming.chat_title, level, ctx.clock.now())
    return [ctx.reply(texts.GROUP_LEVEL_SET.format(level=texts.GROUP_NAMES[level]))]


async def assign_group_level(uow: UnitOfWork, chat: ChatRef, title: str, level: Level, now: datetime) -> Group:
    group = await uow.groups.get_or_add(chat.platform, chat.chat_id, title, now)
    group.level = level
    group.updated_at = now
    uow.groups.save(group)
    return group


async def follow_group_move(ctx: Context) -> list[Outgoing] | None:
    """A guard: when a group moved to a new chat id, it keeps its level; nothing is said."""
    old_chat = ctx.incoming.moved_from_chat
    if old_chat is None:
        return None
    old = await ctx.uow.groups.get(ctx.incoming.platform, old_chat)
    if old is not None and old.level and ctx.group is not None and not ctx.group.level:
        await assign_group_level(ctx.uow, ctx.incoming.chat, ctx.incoming.chat_title, Level(old.level), ctx.clock.now())
    return []
