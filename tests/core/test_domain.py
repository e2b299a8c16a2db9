"""The domain vocabulary: levels and groups, dates as users read them, quotes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.core.domain import (
    Level,
    format_stamp,
    format_when,
    in_level_order,
    levels_served_by,
    parse_group_level,
    parse_level,
    short_quote,
    time_left,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_thpt_group_serves_gdtx_and_other_groups_their_own_level():
    assert levels_served_by("THPT") == {"THPT", "GDTX"}
    assert levels_served_by("THCS") == {"THCS"}
    assert levels_served_by("GDTX") == {"GDTX"}  # no group of its own: the level alone
    assert levels_served_by(None) is None and levels_served_by("ĐH") is None


@pytest.mark.parametrize(
    ("typed", "level"),
    [("thcs", Level.THCS), (" MN ", Level.MN), ("GDTX", Level.THPT), ("THPT/GDTX", Level.THPT), ("thpt - gdtx", Level.THPT), ("ĐH", None)],
)
def test_a_group_level_as_administrators_type_it(typed, level):
    assert parse_group_level(typed) == level


def test_a_level_is_a_level_and_nothing_else():
    assert parse_level("th") == Level.TH and parse_level("Lê Chân") is None


def test_levels_are_listed_from_preschool_up():
    assert in_level_order(["GDTX", "TH", "MN", "X"]) == ("MN", "TH", "GDTX", "X")


def test_time_left_reads_as_people_say_it_in_the_answers_and_the_reminders():
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert time_left(now, now + timedelta(days=2, hours=5, minutes=10)) == "còn 2 ngày 5 giờ"
    assert time_left(now, now + timedelta(days=3)) == "còn 3 ngày"
    assert time_left(now, now + timedelta(hours=3, minutes=20)) == "còn 3 giờ 20 phút"
    assert time_left(now, now + timedelta(minutes=15, seconds=59)) == "còn 15 phút"
    assert time_left(now, now + timedelta(seconds=30)) == "còn 1 phút"  # not yet past: the last minute
    assert time_left(now, now) == "đã hết hạn"
    assert time_left(now, now - timedelta(days=900)) == "đã hết hạn"


def test_times_are_shown_as_17h00_and_dates_as_dd_mm_yyyy_in_the_given_zone():
    moment = datetime(2023, 6, 8, 10, 0, tzinfo=UTC)  # 17h00 in Hà Nội / Hải Phòng
    assert format_when(moment, HCM) == "17h00 ngày 08/06/2023"
    assert format_stamp(moment, HCM) == "08/06/2023 17h00"


def test_a_quote_is_one_short_line_without_links():
    quote = short_quote("Xem tại https://gia-mao.example/x và www.lua-dao.vn nhé\n" + "chữ " * 50)
    assert "http" not in quote and "gia-mao" not in quote and "lua-dao" not in quote
    assert "\n" not in quote and len(quote) <= 61
    assert short_quote("lớp 6A1 xong ạ") == "lớp 6A1 xong ạ"
