"""End to end: the real python-telegram-bot Application against a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from bot.app import BotApp, run_platforms
from bot.channels.telegram import TelegramChannel
from bot.logs import setup_logging
from bot.settings import load_settings
from handlers import texts
from tests.fake_telegram import BOT_USERNAME, TOKEN, FakeTelegram


def make_app(telegram: FakeTelegram, engine, clock=None, admin_ids: str = "telegram:1") -> BotApp:
    settings = load_settings(
        telegram_bot_token=TOKEN,
        telegram_api_base_url=telegram.base_url,
        admin_ids=admin_ids,
        database_url="sqlite+aiosqlite:///unused.db",
        _env_file=None,
    )
    return BotApp(settings, engine=engine, clock=clock)


@asynccontextmanager
async def running(app: BotApp) -> AsyncIterator[None]:
    """`python -m bot run` in the background: polling, dispatch, outbox sender."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_a_group_command_gets_a_reply_in_the_same_chat_under_the_message(telegram, engine):
    update = telegram.group_message("/help", chat_id=-100555)
    await telegram.push(update)
    async with running(make_app(telegram, engine)):
        [sent] = await telegram.wait_sent(1)
    assert int(sent["chat_id"]) == -100555
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert texts.HELP_HEADER in sent["text"]


async def test_a_mention_in_a_group_reaches_the_handlers_without_the_bot_name(telegram, engine):
    await telegram.push(telegram.group_message(f"@{BOT_USERNAME} 001203004567"))
    async with running(make_app(telegram, engine)):
        [sent] = await telegram.wait_sent(1)
    assert sent["text"] == texts.PERSONAL_DATA_WARNING


async def test_admin_sets_the_group_level_and_a_teacher_is_refused(telegram, engine):
    await telegram.push(telegram.group_message("/nhom THCS", user_id=1))
    await telegram.push(telegram.group_message("/nhom MN", user_id=777))
    async with running(make_app(telegram, engine)):
        sent = await telegram.wait_sent(2)
    assert [m["text"] for m in sent] == [
        texts.GROUP_LEVEL_SET.format(level="THCS"),
        texts.ADMIN_ONLY.format(name="nhom"),
    ]


async def test_commands_for_another_bot_and_group_chatter_get_no_reply(telegram, engine):
    await telegram.push(telegram.group_message("/help@SomeOtherBot"))
    await telegram.push(telegram.group_message("cảm ơn ạ"))
    await telegram.push(telegram.private_message("/start"))
    async with running(make_app(telegram, engine)):
        sent = await telegram.wait_sent(1)
        await telegram.wait_consumed()
    assert len(sent) == 1 and sent[0]["text"].startswith(texts.START)


async def test_an_update_handed_out_again_after_a_restart_is_handled_once(telegram, engine):
    update = telegram.group_message("/start", update_id=5000)
    await telegram.push(update)
    async with running(make_app(telegram, engine)):
        await telegram.wait_sent(1)
    # Telegram did not get the confirmation before the restart and delivers the update again.
    await telegram.push(update)
    await telegram.push(telegram.private_message("/help"))
    async with running(make_app(telegram, engine)):
        sent = await telegram.wait_sent(2)
        await telegram.wait_consumed()
    assert [texts.START in m["text"] for m in sent] == [True, False]


async def test_an_outbox_row_written_before_a_crash_is_sent_after_the_restart(telegram, engine):
    crashed = make_app(telegram, engine)
    replies = await crashed.inbox.handle(crashed_update := _incoming_private_help())
    assert replies  # committed to the outbox; the process died before the sender ran
    assert telegram.sent == []
    async with running(make_app(telegram, engine)):
        [sent] = await telegram.wait_sent(1)
    assert int(sent["chat_id"]) == int(crashed_update.chat.chat_id)
    assert texts.HELP_HEADER in sent["text"]


async def test_a_flood_wait_from_telegram_is_retried_after_the_wait(telegram, engine, clock):
    telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    app = make_app(telegram, engine, clock=clock)
    channel = TelegramChannel(token=TOKEN, base_url=telegram.base_url, on_incoming=app.receive)
    app.add_channel(channel)
    await channel.application.initialize()
    try:
        await app.inbox.handle(_incoming_private_help())
        await app.outbox.drain()
        assert telegram.sent == []
        clock.advance(seconds=7)
        await app.outbox.drain()
        assert len(telegram.sent) == 1
    finally:
        await channel.application.shutdown()
    async with app.uow_factory() as uow:
        assert await uow.outbox.count_by_status() == {"sent": 1}


async def test_privacy_mode_is_warned_at_start_and_in_help(telegram, engine, caplog):
    telegram.can_read_all_group_messages = False
    await telegram.push(telegram.group_message("/help", chat_id=-100777))
    with caplog.at_level(logging.WARNING):
        async with running(make_app(telegram, engine)):
            [sent] = await telegram.wait_sent(1)
    assert texts.GROUP_REACH_ADVICE["commands_and_replies"] in sent["text"]
    assert any("setprivacy" in record.getMessage() for record in caplog.records)


async def test_help_does_not_warn_in_a_group_where_the_bot_is_admin(telegram, engine):
    telegram.can_read_all_group_messages = False
    telegram.admin_chats.add(-100888)
    await telegram.push(telegram.group_message("/help", chat_id=-100888))
    async with running(make_app(telegram, engine)):
        [sent] = await telegram.wait_sent(1)
    assert texts.GROUP_REACH_ADVICE["commands_and_replies"] not in sent["text"]


async def test_the_token_never_reaches_the_log(telegram, engine, capsys):
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    setup_logging([TOKEN], level=logging.DEBUG)
    try:
        await telegram.push(telegram.private_message("/start"))
        async with running(make_app(telegram, engine)):
            await telegram.wait_sent(1)
        logging.getLogger("test").info("url was %s/getMe", TOKEN)
    finally:
        root.handlers[:], root.level = saved_handlers, saved_level
    err = capsys.readouterr().err
    assert "getMe" in err and TOKEN not in err


def _incoming_private_help():
    from tests.conftest import make_incoming

    return make_incoming("/help", group=False)


async def start_bot_process(telegram: FakeTelegram, tmp_path, token: str) -> asyncio.subprocess.Process:
    """`python -m bot run` as an operator starts it, against the fake Bot API."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": telegram.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def test_python_m_bot_run_talks_to_the_bot_api_at_the_configured_url(telegram, tmp_path):
    """The real command line, until Ctrl+C."""
    await telegram.push(telegram.group_message("/start", chat_id=-100999))
    process = await start_bot_process(telegram, tmp_path, TOKEN)
    try:
        [sent] = await telegram.wait_sent(1, timeout=60)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 60)
    assert int(sent["chat_id"]) == -100999 and sent["text"].startswith(texts.START)
    assert process.returncode == 0
    log = err.decode()
    assert "Traceback" not in log and TOKEN not in log


async def test_console_and_telegram_answer_a_question_with_the_same_text(telegram, engine):
    from bot.app import run_console
    from bot.channels.console import ConsoleIdentity, render
    from handlers.core.messages import ChatKind, ChatRef, Outgoing, Platform, UserRef

    question = "gv hop dong, thinh giang co phai ra soat ko a"
    await telegram.push(telegram.private_message(question))
    async with running(make_app(telegram, engine)):
        [sent] = await telegram.wait_sent(1)
    assert "thỉnh giảng" in sent["text"]

    lines, printed = [question], []

    async def read_line(prompt):
        return lines.pop() if lines else None

    user = UserRef(Platform.CONSOLE, "co-lan")
    identity = ConsoleIdentity(user, "Cô Lan", ChatRef(Platform.CONSOLE, "rieng"), ChatKind.PRIVATE)
    await run_console(make_app(telegram, engine), identity, read_line=read_line, write=printed.append)
    assert printed == [render(Outgoing(chat=identity.chat, text=sent["text"]))]


async def test_a_teacher_registers_in_private_and_reports_in_the_group(telegram, engine):
    from handlers.schools.directory import import_schools
    from handlers.schools.join_codes import code_table
    from handlers.schools.school_file import SchoolRow

    app = make_app(telegram, engine)
    async with app.uow_factory() as uow:
        await import_schools(uow, [SchoolRow(2, "31001", "Trường THCS Lê Lợi", ("THCS",), "Lê Chân", True, 30, 45)], now=datetime.now(UTC))
        [codes], _ = await code_table(uow)
        await uow.commit()
    await telegram.push(telegram.private_message(f"/dangky {codes.staff_join_code} 6A1", user_id=555))
    await telegram.push(telegram.group_message("lớp 6A1 đã xong ạ", user_id=555, chat_id=-100321))
    async with running(app):
        registered, acknowledged = await telegram.wait_sent(2)
    assert int(registered["chat_id"]) == 555 and "Trường THCS Lê Lợi" in registered["text"]
    assert int(acknowledged["chat_id"]) == -100321
    assert acknowledged["text"] == "Đã ghi nhận lớp 6A1 — Trường THCS Lê Lợi: 1/30 lớp"


async def test_a_refused_token_stops_start_up_with_one_line_that_hides_it(telegram, tmp_path):
    wrong = "4242:WRONG-token-must-not-print"
    process = await start_bot_process(telegram, tmp_path, wrong)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    text = (out + err).decode()
    assert process.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in text and "Traceback" not in text and wrong not in text and "WRONG" not in text


def test_secrets_are_masked_in_tracebacks_too(capsys):
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    setup_logging([TOKEN])
    try:
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            logging.getLogger("test").exception("start failed")
    finally:
        root.handlers[:], root.level = saved_handlers, saved_level
    err = capsys.readouterr().err
    assert "was rejected" in err and TOKEN not in err


async def test_a_pressed_button_reads_as_the_buttons_text_even_in_vietnamese(telegram, engine):
    from handlers.core.messages import ChatRef, Outgoing, Platform
    from handlers.core.runner import to_outbox

    app = make_app(telegram, engine)
    choices = ("Hạn chót cập nhật dữ liệu giáo viên của từng cấp học là khi nào?", "/start")
    async with app.uow_factory() as uow:
        outgoing = Outgoing(chat=ChatRef(Platform.TELEGRAM, "777"), text="Chọn:", buttons=choices)
        uow.outbox.add(to_outbox(outgoing, app.clock.now()))
        await uow.commit()
    async with running(app):
        [offer] = await telegram.wait_sent(1)
        keyboard = offer["reply_markup"]["inline_keyboard"]
        assert [row[0]["text"] for row in keyboard] == list(choices)
        assert all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)
        await telegram.push({
            "update_id": 9001,
            "callback_query": {
                "id": "cb-1", "chat_instance": "ci", "data": keyboard[1][0]["callback_data"],
                "from": {"id": 777, "is_bot": False, "first_name": "Lan"},
                "message": {
                    "message_id": 50, "date": 0, "text": "Chọn:", "chat": {"id": 777, "type": "private"},
                    "from": {"id": 4242, "is_bot": True, "first_name": "Trợ lý"},
                    "reply_markup": offer["reply_markup"],
                },
            },
        })
        _, answered = await telegram.wait_sent(2)
    assert answered["text"].startswith(texts.START)
    assert "answerCallbackQuery" in telegram.calls


async def test_a_group_upgraded_to_a_supergroup_keeps_its_level_and_its_replies(telegram, engine):
    old, new = -100111, -100222
    await telegram.push(telegram.group_message("/nhom THCS", user_id=1, chat_id=old))
    telegram.fail_next(
        "sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat", migrate_to_chat_id=new
    )
    moved = telegram.group_message("", user_id=1, chat_id=new)
    del moved["message"]["text"]
    moved["message"]["migrate_from_chat_id"] = old
    async with running(make_app(telegram, engine)):
        [level_set] = await telegram.wait_sent(1)
        await telegram.push(moved)
        await telegram.push(telegram.group_message("/help", chat_id=new))
        _, helped = await telegram.wait_sent(2)
    assert int(level_set["chat_id"]) == new and level_set["text"] == texts.GROUP_LEVEL_SET.format(level="THCS")
    assert int(helped["chat_id"]) == new and texts.HELP_GROUP_LEVEL.format(level="THCS") in helped["text"]


async def test_a_command_naming_this_bot_is_answered(telegram, engine):
    await telegram.push(telegram.group_message(f"/help@{BOT_USERNAME}"))
    await telegram.push(telegram.group_message(f"/khongco@{BOT_USERNAME}"))
    async with running(make_app(telegram, engine)):
        helped, unknown = await telegram.wait_sent(2)
    assert texts.HELP_HEADER in helped["text"]
    assert unknown["text"] == texts.UNKNOWN_COMMAND.format(name="khongco")
