"""The reminder plan, a pure function of the deadlines and the policy."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.reminders.deadlines import LETTER_DEADLINES, DeadlineFact, parse_track, parse_when
from handlers.reminders.planning import (
    Due,
    ReminderPolicy,
    decide,
    next_allowed,
    parse_offset,
    parse_offsets,
    plan_reminders,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def letter_facts() -> list[DeadlineFact]:
    return [DeadlineFact(level, track, due, True) for (level, track), due in LETTER_DEADLINES.items()]


def local(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=HANOI)


def test_the_letters_dates_give_four_reminders_per_group_at_the_default_offsets():
    plan = plan_reminders(1, letter_facts(), ReminderPolicy(), HANOI)
    by_group = {}
    for reminder in plan:
        by_group.setdefault(reminder.group_level, []).append(reminder)
    # The THPT group serves THPT and GDTX, both due 15/06: one reminder each time, not two.
    assert sorted(by_group) == ["MN", "TH", "THCS", "THPT"]
    assert [f"{r.at:%d/%m/%Y %H:%M}" for r in by_group["THCS"]] == [
        "05/06/2023 17:00", "07/06/2023 17:00", "08/06/2023 08:00", "08/06/2023 15:00",
    ]
    assert [f"{r.at:%d/%m %H:%M}" for r in by_group["THPT"]] == ["12/06 17:00", "14/06 17:00", "15/06 08:00", "15/06 15:00"]
    assert by_group["THPT"][0].levels == ("THPT", "GDTX")
    assert all(r.track == "teacher" and r.from_letter and not r.deferred for r in plan)
    assert len({r.key for r in plan}) == len(plan) and all(len(r.key) <= 64 for r in plan)


def test_a_reminder_in_quiet_hours_waits_for_the_morning():
    due = local("10/12/2026 07:00")
    policy = ReminderPolicy(offsets=parse_offsets("3d,2h"))
    [three_days, two_hours] = plan_reminders(1, [DeadlineFact("TH", "teacher", due, False)], policy, HANOI)
    # 3 days before is 07h00, outside quiet hours; 2 hours before is 05h00, inside them (21h-6h).
    assert three_days.at == local("07/12/2026 07:00") and not three_days.deferred
    assert two_hours.at == local("10/12/2026 06:00") and two_hours.nominal_at == local("10/12/2026 05:00")


def test_an_evening_reminder_moves_to_the_next_morning_across_midnight():
    policy = ReminderPolicy()
    assert next_allowed(local("04/12/2026 22:30"), policy, HANOI) == local("05/12/2026 06:00")
    assert next_allowed(local("05/12/2026 03:00"), policy, HANOI) == local("05/12/2026 06:00")
    assert next_allowed(local("05/12/2026 12:00"), policy, HANOI) == local("05/12/2026 12:00")


def test_quiet_days_hold_reminders_until_the_first_working_morning():
    # 05/12/2026 is a Saturday; 07/12 a Monday declared a holiday for the test.
    policy = ReminderPolicy(quiet_weekends=True, holidays=frozenset({date(2026, 12, 7)}))
    assert next_allowed(local("05/12/2026 17:00"), policy, HANOI) == local("08/12/2026 06:00")
    [reminder] = plan_reminders(
        1, [DeadlineFact("THCS", "teacher", local("10/12/2026 17:00"), False)],
        ReminderPolicy(offsets=parse_offsets("5d"), quiet_weekends=True), HANOI,
    )
    assert reminder.at == local("07/12/2026 06:00")


def test_quiet_days_are_off_by_default():
    assert next_allowed(local("05/12/2026 17:00"), ReminderPolicy(), HANOI) == local("05/12/2026 17:00")


def test_when_the_deadline_comes_before_the_quiet_time_ends_the_reminder_is_not_held():
    due = local("10/12/2026 05:30")  # a deadline inside quiet hours
    [reminder] = plan_reminders(1, [DeadlineFact("MN", "teacher", due, False)], ReminderPolicy(offsets=parse_offsets("2h")), HANOI)
    assert reminder.at == local("10/12/2026 03:30")


def test_a_morning_reminder_is_dropped_when_the_deadline_is_earlier_that_day():
    due = local("10/12/2026 07:00")
    plan = plan_reminders(1, [DeadlineFact("MN", "teacher", due, False)], ReminderPolicy(offsets=parse_offsets("08:00")), HANOI)
    assert plan == []


def test_moving_a_deadline_gives_new_keys():
    first = plan_reminders(1, [DeadlineFact("TH", "student", local("10/12/2026 17:00"), False)], ReminderPolicy(), HANOI)
    moved = plan_reminders(1, [DeadlineFact("TH", "student", local("12/12/2026 17:00"), False)], ReminderPolicy(), HANOI)
    assert not {r.key for r in first} & {r.key for r in moved}


def test_what_to_do_with_a_reminder_depends_on_the_time_the_grace_and_the_deadline():
    [reminder] = plan_reminders(
        1, [DeadlineFact("TH", "teacher", local("10/12/2026 17:00"), False)], ReminderPolicy(offsets=parse_offsets("1d")), HANOI
    )
    policy = ReminderPolicy()
    assert decide(reminder, reminder.at - timedelta(seconds=1), policy, HANOI) == Due.WAIT
    assert decide(reminder, reminder.at, policy, HANOI) == Due.SEND
    assert decide(reminder, reminder.at + timedelta(hours=3), policy, HANOI) == Due.SEND_LATE
    assert decide(reminder, reminder.at + timedelta(hours=5), policy, HANOI) == Due.WAIT  # 22h00: quiet hours
    assert decide(reminder, reminder.at + timedelta(hours=7), policy, HANOI) == Due.SKIP
    [late_one] = plan_reminders(
        1, [DeadlineFact("TH", "teacher", local("10/12/2026 17:00"), False)], ReminderPolicy(offsets=parse_offsets("2h")), HANOI
    )
    assert decide(late_one, local("10/12/2026 17:00"), policy, HANOI) == Due.SKIP  # within grace, but the deadline passed


@pytest.mark.parametrize("text", ["3x", "", "25:00", "d3"])
def test_bad_offsets_are_refused_with_the_text(text):
    with pytest.raises(ValueError):
        parse_offset(text)


def test_deadline_times_are_read_in_the_local_form_and_iso_8601():
    assert parse_when("08/06/2023 17:00", HANOI) == local("08/06/2023 17:00")
    assert parse_when("8/6/2023 17h", HANOI) == local("08/06/2023 17:00")
    assert parse_when("08/06/2023", HANOI) == local("08/06/2023 17:00")
    assert parse_when("2023-06-08T17:00", HANOI) == local("08/06/2023 17:00")
    assert parse_when("2023-06-08T10:00+00:00", HANOI) == local("08/06/2023 17:00")
    assert parse_when("31/02/2023 17:00", HANOI) is None
    assert parse_when("mai", HANOI) is None
    assert (parse_track("teachers"), parse_track("HS"), parse_track("x")) == ("teacher", "student", None)
