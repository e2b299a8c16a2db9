"""Registration slips with the Zalo link: a second QR per code that decodes to the bot's share
link, the instruction to send /dangky CODE there, and class examples that fit the school."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from handlers import texts
from handlers.schools.slips import Slip, SlipCode, example_class, render_slip
from tests.schools.test_slips_and_members import LEADER_CODE, STAFF_CODE, _SlipReader, decode_png_qr

ZALO = "https://zalo.me/2345678901234567890"


def primary_slip(example: str) -> Slip:
    return Slip("50012", "Trường Tiểu học Trần Phú", "cấp TH", (
        SlipCode(texts.SLIP_ROLE_STAFF, texts.SLIP_PURPOSE_STAFF.format(example=example), STAFF_CODE,
                 homeroom_example=example),
        SlipCode(texts.SLIP_ROLE_LEADER, texts.SLIP_PURPOSE_LEADER, LEADER_CODE),
    ))


def test_with_the_zalo_link_each_code_gets_a_zalo_qr_and_the_dangky_instruction():
    page = render_slip(primary_slip("5A2"), "TroLyCSDLBot", ZALO)
    reader = _SlipReader()
    reader.feed(page)
    decoded = [decode_png_qr(png) for _, png in reader.images]
    assert decoded == [
        "https://t.me/TroLyCSDLBot?start=ABCDEFGHJK", ZALO,
        "https://t.me/TroLyCSDLBot?start=MNPQRSTUVW", ZALO,
    ]
    assert page.count('data-platform="zalo"') == 2
    for code in (STAFF_CODE, LEADER_CODE):
        assert texts.SLIP_ZALO_STEPS[1].format(code=code) in page
    assert f'<a href="{ZALO}">{ZALO}</a>' in page and texts.SLIP_TELEGRAM_HEADING in page


def test_zalo_only_slips_work_without_the_telegram_username():
    reader = _SlipReader()
    reader.feed(render_slip(primary_slip("5A2"), None, ZALO))
    assert [decode_png_qr(png) for _, png in reader.images] == [ZALO, ZALO]


def test_class_examples_fit_the_school_and_only_the_staff_block_has_one():
    page = render_slip(primary_slip(example_class(["TH"])), "TroLyCSDLBot")
    assert "6A1" not in page and "/xong 5A2" in page
    assert page.count(texts.SLIP_HOMEROOM_HINT.format(code=STAFF_CODE, example="5A2")) == 1
    assert f"/dangky {LEADER_CODE} " not in page  # the leader's block names no class
    assert example_class(["MN"]) == "Chồi 1" and example_class(["THPT"]) == "10A1"
    assert example_class(["THCS"]) == "6A1" and example_class(["THCS", "TH"]) == "5A2"
    assert example_class(["THCS"], ["7B", "8C"]) == "7B"  # the school's own list first


def test_the_zalo_link_setting_is_validated(monkeypatch):
    assert Settings(_env_file=None, zalo_bot_link=f" {ZALO}/ ").zalo_bot_link == ZALO
    assert Settings(_env_file=None, zalo_bot_link="").zalo_bot_link is None
    assert Settings(_env_file=None, zalo_bot_link="https://bot.zaloplatforms.com/bots/abc123").zalo_bot_link
    for wrong in ("http://zalo.me/123456", "https://evil.example/zalo.me/123", "zalo.me/123456", "https://zalo.me/g/abc def"):
        with pytest.raises(ValidationError):
            Settings(_env_file=None, zalo_bot_link=wrong)
