"""A reminder reaches people: on Telegram through the real PTB against the fake Bot API, and in
the console, when the bot starts at (or after) the reminder's time."""

from __future__ import annotations

from bot.app import BotApp, run_console
from bot.settings import load_settings
from handlers.admin.groups import assign_group_level
from handlers.core.domain import Level
from handlers.core.messages import ChatKind, ChatRef, Platform
from tests.bot.channels.test_telegram import make_app, running
from tests.bot.test_console import identity, scripted
from tests.reminders.conftest import THCS_GROUP, province  # noqa: F401  (fixture)


async def first_thcs_reminder(province):
    _, plan = await province.desk.plan()
    return next(r for r in plan if r.group_level == "THCS")


async def test_a_due_reminder_is_posted_to_the_telegram_group_and_to_the_staff(telegram, engine, province):
    reminder = await first_thcs_reminder(province)
    province.clock.current = reminder.at
    app = make_app(telegram, engine, clock=province.clock)
    async with running(app):
        sent = await telegram.wait_sent(4)
    by_chat = {str(message["chat_id"]): message["text"] for message in sent}
    assert by_chat[THCS_GROUP.chat_id].startswith("⏰ Nhắc hạn: dữ liệu giáo viên cấp THCS phải xong trước 17h00 ngày 08/12/2026")
    assert {"5001", "5002", "6001"} <= set(by_chat)


async def test_the_console_shows_the_reminder_of_its_group(engine, province, uow_factory):
    reminder = await first_thcs_reminder(province)
    province.clock.current = reminder.at
    console_group = ChatRef(Platform.CONSOLE, "nhom-THCS")
    async with uow_factory() as uow:
        await assign_group_level(uow, console_group, "Nhóm THCS", Level.THCS, province.clock.now())
        await uow.commit()
    app = BotApp(load_settings(_env_file=None), engine=engine, clock=province.clock)
    printed: list[str] = []
    await run_console(app, identity(ChatKind.GROUP, "co-lan"), read_line=scripted("/hanchot"), write=printed.append)
    reminders = [line for line in printed if "⏰ Nhắc hạn" in line]
    assert len(reminders) == 1 and "(còn 3 ngày)" in reminders[0]
    assert any("Hạn chót — Đợt rà soát tháng 12/2026" in line for line in printed)
