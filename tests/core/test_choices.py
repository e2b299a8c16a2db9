"""Numbered choices where a platform has no buttons: a lone number reads as the choice's text."""

from __future__ import annotations

import pytest

from handlers.core.context import Context
from handlers.core.dispatcher import Command, Dispatcher
from handlers.core.inbox import Inbox
from handlers.core.messages import ChannelCapabilities, GroupReach, Outgoing, Platform, UserRef
from tests.conftest import make_incoming

ZALO_USER = UserRef(Platform.ZALO, "z1")
TELEGRAM_USER = UserRef(Platform.TELEGRAM, "t1")
NO_BUTTONS = ChannelCapabilities(2000, can_reply_to=False, can_show_buttons=False,
                                 group_reach=GroupReach.MENTIONS_AND_REPLIES)
WITH_BUTTONS = ChannelCapabilities(4096, can_reply_to=True, can_show_buttons=True)


async def offer(ctx: Context, args: str) -> list[Outgoing]:
    return [Outgoing(chat=ctx.incoming.chat, text="Thầy/cô chọn:", buttons=("Dữ liệu giáo viên", "Dữ liệu học sinh"))]


async def echo(ctx: Context) -> list[Outgoing]:
    return [ctx.reply(f"nhận: {ctx.incoming.text}")]


@pytest.fixture
def inbox(uow_factory, clock, config) -> Inbox:
    dispatcher = Dispatcher([Command("chon", offer, "chọn")], [echo])
    return Inbox(uow_factory=uow_factory, dispatcher=dispatcher, clock=clock, config=config,
                 capabilities={Platform.ZALO: NO_BUTTONS, Platform.TELEGRAM: WITH_BUTTONS})


async def say(inbox: Inbox, user: UserRef, text: str) -> str:
    replies = await inbox.handle(make_incoming(text, sender=user, group=False))
    assert replies is not None
    return replies[0].text


async def test_a_digit_after_numbered_choices_reads_as_that_choice_once(inbox):
    await say(inbox, ZALO_USER, "/chon")
    assert await say(inbox, ZALO_USER, "2") == "nhận: Dữ liệu học sinh"
    assert await say(inbox, ZALO_USER, "2") == "nhận: 2"  # used up: a later number means itself


@pytest.mark.parametrize("answer", ["3", "0", "2 lớp", "12"])
async def test_a_number_outside_the_choices_or_with_words_is_ordinary_text(inbox, answer):
    await say(inbox, ZALO_USER, "/chon")
    assert await say(inbox, ZALO_USER, answer) == f"nhận: {answer}"


async def test_choices_are_remembered_per_chat(inbox):
    await say(inbox, ZALO_USER, "/chon")
    other = UserRef(Platform.ZALO, "z2")
    assert await say(inbox, other, "1") == "nhận: 1"
    assert await say(inbox, ZALO_USER, "1.") == "nhận: Dữ liệu giáo viên"


async def test_where_buttons_exist_a_typed_digit_keeps_its_meaning(inbox):
    await say(inbox, TELEGRAM_USER, "/chon")
    assert await say(inbox, TELEGRAM_USER, "1") == "nhận: 1"
