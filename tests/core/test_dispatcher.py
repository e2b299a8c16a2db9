"""Routing of commands and free text, with no network."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handlers import texts
from handlers.core.context import Context, CoreConfig
from handlers.core.dispatcher import GROUPS, PRIVATE, Command, Dispatcher, parse_command, split_glued_command
from handlers.core.domain import clean_text
from handlers.core.messages import DEFAULT_CAPABILITIES, ChannelCapabilities, GroupReach, Outgoing
from handlers.core.personal_data import contains_citizen_id
from tests.conftest import ADMIN, TEACHER, FakeClock, default_dispatcher, make_incoming


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/help", ("help", "")),
        ("/nhom THCS", ("nhom", "THCS")),
        ("/NHOM  thcs ", ("nhom", "thcs")),
        ("/xong@TroLyBot 6A1, 6A2", None),  # channels strip their own bot's @name first
        ("/dangky ABC\n6A1", ("dangky", "ABC\n6A1")),
        ("hạn chót là khi nào", None),
        ("  / help", None),
        ("/đăngký", None),
    ],
)
def test_parse_command_splits_name_and_arguments(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/xong6A5", ("xong", "6A5")),
        ("/XONG6a5, 6A6", ("xong", "6a5, 6A6")),
        ("/xonggv45/45", ("xonggv", "45/45")),  # the longer name: "gv45" is no argument of /xong
        ("/dong12 câu hỏi trùng", ("dong", "12 câu hỏi trùng")),
        ("/xongA5", None),  # the rest must start with a digit
        ("/xonggvx", None),
        ("/xong", None),
        ("xong6A5", None),
        ("/ab12", None),  # "ab1" and "ab" both fit: ambiguous, left alone
    ],
)
def test_a_known_command_glued_to_a_number_is_split(text, expected):
    assert split_glued_command(text, ["xong", "xonggv", "dong", "ab", "ab1"]) == expected


async def dispatch(
    uow_factory, text: str, *, sender=TEACHER, group=True, dispatcher=None, capabilities=DEFAULT_CAPABILITIES, **kwargs
) -> list[Outgoing]:
    dispatcher = dispatcher or default_dispatcher()
    incoming = make_incoming(text, sender=sender, group=group, **kwargs)
    clock = FakeClock()
    async with uow_factory() as uow:
        group_row = await uow.groups.get_or_add(incoming.platform, incoming.chat.chat_id, "Nhóm", clock.now()) if group else None
        ctx = Context(
            uow=uow, clock=clock, config=CoreConfig(admin_ids=frozenset({ADMIN})), incoming=incoming,
            group=group_row, capabilities=capabilities,
        )
        replies = await dispatcher.dispatch(ctx)
        await uow.commit()
    return replies


async def test_help_lists_what_a_teacher_can_do_without_admin_commands(uow_factory):
    [reply] = await dispatch(uow_factory, "/help")
    assert "/help" in reply.text and "/start" in reply.text
    assert "/nhom" not in reply.text
    assert texts.HELP_GROUP_NO_LEVEL in reply.text


async def test_help_for_an_admin_in_a_group_includes_the_group_level_command(uow_factory):
    [reply] = await dispatch(uow_factory, "/help", sender=ADMIN)
    assert "/nhom <MN|TH|THCS|THPT>" in reply.text


async def test_help_in_a_private_chat_leaves_out_group_only_commands(uow_factory):
    [reply] = await dispatch(uow_factory, "/help", sender=ADMIN, group=False)
    assert "/nhom" not in reply.text


TELEGRAM_PRIVACY_MODE = replace(DEFAULT_CAPABILITIES, group_reach=GroupReach.COMMANDS_AND_REPLIES)
ZALO_LIKE = ChannelCapabilities(
    max_text_length=2000, can_reply_to=False, can_show_buttons=False, group_reach=GroupReach.MENTIONS_AND_REPLIES
)


async def test_help_warns_when_the_bot_cannot_read_group_messages(uow_factory):
    [reply] = await dispatch(uow_factory, "/help", sees_group_chatter=False, capabilities=TELEGRAM_PRIVACY_MODE)
    assert texts.GROUP_REACH_ADVICE[GroupReach.COMMANDS_AND_REPLIES] in reply.text
    assert "BotFather" in reply.text


async def test_help_on_a_mentions_only_platform_explains_mentioning_not_botfather(uow_factory):
    [reply] = await dispatch(uow_factory, "/help", sees_group_chatter=False, capabilities=ZALO_LIKE)
    assert texts.GROUP_REACH_ADVICE[GroupReach.MENTIONS_AND_REPLIES] in reply.text
    assert "BotFather" not in reply.text


async def test_start_introduces_the_bot_and_replies_to_the_message(uow_factory):
    [reply] = await dispatch(uow_factory, "/start", group=False, message_id="55")
    assert reply.text.startswith(texts.START)
    assert reply.reply_to == "55"
    assert reply.chat.chat_id == TEACHER.user_id


async def test_admin_sets_group_level_and_help_shows_it(uow_factory):
    [reply] = await dispatch(uow_factory, "/nhom thcs", sender=ADMIN)
    assert reply.text == texts.GROUP_LEVEL_SET.format(level="THCS")
    [help_reply] = await dispatch(uow_factory, "/help")
    assert texts.HELP_GROUP_LEVEL.format(level="THCS") in help_reply.text
    async with uow_factory() as uow:
        group = await uow.groups.get("telegram", "-100123")
    assert group is not None and group.level == "THCS"


async def test_gdtx_names_the_thpt_group(uow_factory):
    [reply] = await dispatch(uow_factory, "/nhom GDTX", sender=ADMIN)
    assert reply.text == texts.GROUP_LEVEL_SET.format(level=texts.GROUP_NAMES["THPT"])


async def test_group_level_command_is_refused_politely_for_a_teacher_and_changes_nothing(uow_factory):
    [reply] = await dispatch(uow_factory, "/nhom THCS")
    assert reply.text == texts.ADMIN_ONLY.format(name="nhom")
    async with uow_factory() as uow:
        group = await uow.groups.get("telegram", "-100123")
    assert group is not None and group.level is None


async def test_group_level_command_with_a_wrong_level_explains_the_choices(uow_factory):
    [reply] = await dispatch(uow_factory, "/nhom ABC", sender=ADMIN)
    assert reply.text == texts.GROUP_LEVEL_USAGE


async def test_group_level_command_in_a_private_chat_points_to_the_group(uow_factory):
    [reply] = await dispatch(uow_factory, "/nhom THCS", sender=ADMIN, group=False)
    assert reply.text == texts.GROUP_ONLY.format(name="nhom")


async def test_unknown_command_points_to_help_in_private_or_when_it_names_the_bot(uow_factory):
    [reply] = await dispatch(uow_factory, "/xyz", group=False)
    assert reply.text == texts.UNKNOWN_COMMAND.format(name="xyz")
    [reply] = await dispatch(uow_factory, "/xyz", mentioned=True)  # "/xyz@TroLyBot", the @name stripped
    assert reply.text == texts.UNKNOWN_COMMAND.format(name="xyz")


async def test_an_unknown_command_in_a_group_gets_silence(uow_factory):
    assert await dispatch(uow_factory, "/rules") == []


async def test_group_chatter_gets_silence_and_private_text_a_pointer(uow_factory):
    assert await dispatch(uow_factory, "cảm ơn ạ") == []
    [reply] = await dispatch(uow_factory, "👍👍", group=False)
    assert reply.text == texts.PRIVATE_FALLBACK


async def test_thanks_and_greetings_to_the_bot_get_a_courteous_reply(uow_factory):
    [reply] = await dispatch(uow_factory, "cảm ơn ạ", group=False)
    assert reply.text == texts.COURTESY_THANKS
    [reply] = await dispatch(uow_factory, "xin chào", group=False)  # someone the bot does not know yet
    assert reply.text == f"{texts.COURTESY_GREETING}\n{texts.COURTESY_REGISTER_HINT}"


async def test_citizen_id_in_a_group_gets_a_warning(uow_factory):
    [reply] = await dispatch(uow_factory, "CCCD của em 001203004567 ạ")
    assert reply.text == texts.PERSONAL_DATA_WARNING


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("001203004567", True),
        ("số 001 203 004 567", True),
        ("001203004567, 031204005678", True),
        ("sđt 0936001379 hoặc 0902215886", False),
        ("lớp 6A1 xong 45/45", False),
        ("mã 0012030045678", False),
    ],
)
def test_citizen_id_detection(text, found):
    assert contains_citizen_id(text) is found


async def test_text_handlers_run_in_order_until_one_answers(uow_factory):
    seen = []

    async def first(ctx):
        seen.append("first")
        return None

    async def second(ctx):
        seen.append("second")
        return [ctx.reply("second")]

    async def third(ctx):  # pragma: no cover - must not run
        seen.append("third")
        return []

    dispatcher = Dispatcher([], [first, second, third])
    [reply] = await dispatch(uow_factory, "câu hỏi", dispatcher=dispatcher)
    assert reply.text == "second" and seen == ["first", "second"]


async def test_private_only_command_is_refused_in_a_group(uow_factory):
    async def secret(ctx, args):  # pragma: no cover - must not run
        return [ctx.reply("code")]

    dispatcher = Dispatcher([Command("dangky", secret, "đăng ký", where=PRIVATE)])
    [reply] = await dispatch(uow_factory, "/dangky ABC", dispatcher=dispatcher)
    assert reply.text == texts.PRIVATE_ONLY.format(name="dangky")
    assert GROUPS != PRIVATE


def test_clean_text_removes_control_characters_and_bounds_length():
    assert clean_text("  lớp\x00 6A1\x1b  xong \u200b ") == "lớp 6A1 xong"
    assert clean_text("a\nb") == "a\nb"
    assert len(clean_text("x" * 100_000)) == 4000
    assert clean_text("Lơ\u0301p") == "Lớp"  # decomposed diacritics become NFC


async def test_a_password_posted_in_a_group_gets_a_warning(uow_factory):
    [reply] = await dispatch(uow_factory, "tài khoản: thcs.leloi, mật khẩu: Abc@123")
    assert reply.text == texts.CREDENTIALS_WARNING
