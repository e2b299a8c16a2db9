"""Tickets open past 4 working hours are re-announced to the staff chat exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.core.messages import ChatRef, Platform
from handlers.escalation.sla import WorkingHours, reannounce_overdue
from tests.conftest import TEACHER
from tests.escalation.harness import GROUP, STAFF_CHAT, Bot
from tests.escalation.test_escalation import ANSWER, OTHER_QUESTION, OTHER_TEACHER, QUESTION

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TEACHER_GROUP = ChatRef(Platform.TELEGRAM, GROUP)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of December 2026 in Hải Phòng (1 December 2026 is a Tuesday)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=HANOI)


def test_working_hours_count_only_weekdays_between_07h30_and_17h00():
    hours = WorkingHours()
    assert hours.between(local(1, 9), local(1, 13)) == timedelta(hours=4)
    assert hours.between(local(1, 6), local(1, 8)) == timedelta(minutes=30)
    assert hours.between(local(1, 16), local(2, 8, 30)) == timedelta(hours=2)  # overnight does not count
    assert hours.between(local(4, 16), local(7, 10, 30)) == timedelta(hours=4)  # Friday to Monday
    assert hours.between(local(5, 9), local(6, 20)) == timedelta(0)  # the weekend
    assert hours.between(local(1, 13), local(1, 9)) == timedelta(0)
    saturday_too = WorkingHours(weekdays=frozenset(range(6)))
    assert saturday_too.between(local(5, 9), local(5, 11)) == timedelta(hours=2)


async def run_job(bot: Bot, now: datetime) -> list[int]:
    return await reannounce_overdue(bot.runner, uow_factory=bot.uow_factory, clock=bot.clock, config=bot.config, now=now)


async def test_an_overdue_ticket_is_reannounced_once_even_after_a_restart(uow_factory, clock):
    clock.current = local(1, 9).astimezone(UTC)
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    clock.current = local(1, 11).astimezone(UTC)
    await bot.say(f"/hoi {OTHER_QUESTION}", sender=OTHER_TEACHER)
    await bot.staff("/ve 1")
    assert await run_job(bot, local(1, 12, 59)) == []  # 3h59 of working time
    assert await run_job(bot, local(1, 13)) == [1]
    assert await run_job(bot, local(1, 13, 5)) == []  # the second run finds it done
    restarted = Bot(uow_factory, clock)
    assert await run_job(restarted, local(1, 14, 59)) == []
    assert await run_job(restarted, local(1, 15)) == [2]
    assert await run_job(restarted, local(2, 9)) == []
    await bot.sender.drain()
    announcements = [m for m in bot.sent_to(STAFF_CHAT) if m.text.startswith("⏰")]
    assert [m.ticket_id for m in announcements] == [1, 2]
    announcement = announcements[0]
    assert announcement.text.startswith("⏰ Phiếu số 1 đã chờ 4 giờ làm việc mà chưa có câu trả lời (Trần Văn Sở đang nhận).")
    assert announcement.ticket_id == 1 and "Câu hỏi: " + QUESTION in announcement.text


async def test_a_reply_to_the_reannouncement_answers_the_ticket(uow_factory, clock):
    clock.current = local(1, 9).astimezone(UTC)
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="42")
    await run_job(bot, local(2, 9))
    await bot.sender.drain()
    await bot.staff(ANSWER, reply_to=bot.id_of("⏰ Phiếu số 1"))
    assert [m.reply_to for m in bot.sent_to(TEACHER_GROUP)] == ["42", "42"]


async def test_answered_and_closed_tickets_are_not_reannounced(uow_factory, clock):
    clock.current = local(1, 9).astimezone(UTC)
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    await bot.say(f"/hoi {OTHER_QUESTION}", sender=OTHER_TEACHER)
    await bot.staff(f"/traloi 1 {ANSWER}")
    await bot.staff("/dong 2")
    assert await run_job(bot, local(3, 9)) == []


async def test_the_waiting_time_and_office_hours_follow_the_settings(uow_factory, clock):
    from dataclasses import replace
    from datetime import time

    clock.current = local(1, 9).astimezone(UTC)
    bot = Bot(uow_factory, clock)
    bot.config = replace(bot.config, ticket_overdue_hours=1.0, office_hours=(time(8, 0), time(9, 30)))
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    assert await run_job(bot, local(1, 16)) == []  # only 30 minutes fell inside office hours
    assert await run_job(bot, local(2, 8, 30)) == [1]  # and 30 more the next morning
