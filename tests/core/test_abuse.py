"""Words the bot did not write, ID numbers, over-long names, concurrent wrong codes, retention."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import func, select

from bot.logs import RedactingFormatter
from handlers import texts
from handlers.core.inbox import NAME_CHARS, Inbox
from handlers.core.personal_data import contains_citizen_id, mask_citizen_ids
from handlers.core.retention import prune_expired
from handlers.core.runner import ExactlyOnceRunner, WorkKey
from handlers.schools.registration import MAX_FAILURES
from storage.models import Group, OutboxMessage, ProcessedUpdate, RegistrationFailure, Ticket
from tests.conftest import ADMIN, default_dispatcher, make_incoming

FAKE_NOTICE = "THÔNG BÁO CỦA SỞ GDĐT: các trường nộp lại dữ liệu tại https://csdl-nganh.example.com/nop ngay hôm nay. "


def make_inbox(uow_factory, clock, config) -> Inbox:
    return Inbox(uow_factory=uow_factory, dispatcher=default_dispatcher(), clock=clock, config=config)


@pytest.mark.parametrize("sender", [ADMIN, make_incoming("x").sender])
async def test_tiendo_never_repeats_a_long_text_or_a_link_in_the_bots_voice(uow_factory, clock, config, sender):
    text = "/tiendo " + (FAKE_NOTICE * 40)[:4000]
    [reply] = await make_inbox(uow_factory, clock, config).handle(make_incoming(text, sender=sender))
    assert "THÔNG BÁO CỦA SỞ GDĐT" in reply.text  # quoted as the user's, but cut short
    assert "http" not in reply.text and "example.com" not in reply.text
    assert len(reply.text) < len(texts.PROGRESS_UNKNOWN_FILTER) + 80


async def test_a_report_problem_quotes_no_link(uow_factory, clock, config):
    replies = await make_inbox(uow_factory, clock, config).handle(make_incoming("/xonggv www.lua-dao.vn/x 45/45 " + "a" * 3000))
    assert all("lua-dao" not in reply.text and len(reply.text) < 600 for reply in replies or [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("001203004567", True),
        ("số 001 203 004 567", True),
        ("CCCD 001-203-004-568 ạ", True),
        ("0012 0300 4569", True),
        ("001.203.004.567", True),
        ("001203004567, 031204005678", True),
        ("sđt 0936001379 hoặc 0902215886", False),
        ("0936001379 0902215886", False),
        ("0936 001 379 0902 215 886", False),
        ("lớp 6A1 xong 45/45", False),
        ("mã 0012030045678", False),
        ("hạn 08.06.2023", False),
    ],
)
def test_citizen_ids_are_found_however_their_digits_are_grouped(text, found):
    assert contains_citizen_id(text) is found
    assert (mask_citizen_ids(text) != text) is found


async def test_id_numbers_with_separators_never_reach_the_ticket_or_the_outbox(uow_factory, clock, config):
    inbox = make_inbox(uow_factory, clock, config)
    await inbox.handle(make_incoming("học sinh 001-203-004-568 và 0012 0300 4569 bị sai ngày sinh thì sửa thế nào ạ?", group=False))
    async with uow_factory() as uow:
        stored = [t.question for t in (await uow.session.exec(select(Ticket))).all()]
        stored += [m.text + m.quote for m in (await uow.session.exec(select(OutboxMessage))).all()]
    assert stored
    assert not any(contains_citizen_id(text) or "568" in text or "4569" in text for text in stored)


def test_the_log_masks_id_numbers_and_tokens():
    formatter = RedactingFormatter("%(message)s", ["123:SECRET"])
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "update 001-203-004-568 via /bot123:SECRET/x", None, None)
    line = formatter.format(record)
    assert "568" not in line and "SECRET" not in line and texts.CITIZEN_ID_MASK in line


async def test_a_name_longer_than_its_column_is_cut_not_refused(uow_factory, clock, config):
    incoming = make_incoming("/help")
    long_title = "Nhóm hỗ trợ " + "rất dài " * 100
    await make_inbox(uow_factory, clock, config).handle(replace(incoming, chat_title=long_title, sender_name="Cô " * 300))
    async with uow_factory() as uow:
        [group] = (await uow.session.exec(select(Group))).all()
    assert len(group.title) == NAME_CHARS and long_title.startswith(group.title)


async def test_fifty_concurrent_wrong_codes_are_not_all_checked(uow_factory, clock, config):
    inbox = make_inbox(uow_factory, clock, config)
    attempts = [make_incoming(f"/dangky SAI{n:03d}-XX", group=False) for n in range(50)]
    results = await asyncio.gather(*(inbox.handle(a) for a in attempts), return_exceptions=True)
    async with uow_factory() as uow:
        failures = (await uow.session.exec(select(func.count()).select_from(RegistrationFailure))).one()
    replies = [r[0].text for r in results if isinstance(r, list) and r]
    assert failures <= MAX_FAILURES
    assert replies.count(texts.REGISTER_WRONG_CODE) <= MAX_FAILURES
    assert texts.REGISTER_THROTTLED.format(minutes=15) in replies


async def test_old_update_marks_and_sent_messages_are_pruned_and_job_marks_kept(uow_factory, clock, config):
    inbox = make_inbox(uow_factory, clock, config)
    runner = ExactlyOnceRunner(uow_factory=uow_factory, clock=clock)
    await inbox.handle(make_incoming("/help", update_id="old"))
    await runner.run(WorkKey.job("reminder-1"), lambda uow: _nothing())
    async with uow_factory() as uow:
        for row in (await uow.session.exec(select(OutboxMessage))).all():
            row.status = "sent"
            uow.outbox.save(row)
        await uow.commit()
    clock.advance(days=31)
    await inbox.handle(make_incoming("/help", update_id="new"))
    pruned = await prune_expired(uow_factory, clock.now(), timedelta(days=30))
    async with uow_factory() as uow:
        marks = sorted(m.update_id for m in (await uow.session.exec(select(ProcessedUpdate))).all())
        left = (await uow.session.exec(select(func.count()).select_from(OutboxMessage))).one()
    assert (pruned.updates, pruned.messages) == (1, 1)
    assert marks == ["new", "reminder-1"]
    assert left == 1  # the new, unsent reply stays


async def _nothing() -> list:
    return []


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("mật khẩu của em là Abc@123 ạ", True),
        ("tài khoản: thcs.leloi, mật khẩu: Abc@123", True),
        ("mk là 12345678", True),
        ("pass = Truong2023", True),
        ("em quên mật khẩu rồi ạ", False),
        ("đổi mật khẩu ở đâu vậy", False),
        ("mật khẩu mặc định là gì ạ", False),
    ],
)
def test_a_password_written_out_is_recognised(text, warned):
    from handlers.core.personal_data import contains_credentials

    assert contains_credentials(text) is warned
