"""Zalo: our client and channel against a fake Zalo Bot API on 127.0.0.1 (real HTTP)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import BotApp, run_platforms
from bot.channels.base import RetryLater
from bot.channels.zalo import (
    ZALO_CAPABILITIES,
    ZaloApiError,
    ZaloChannel,
    ZaloClient,
    ZaloQuotaExceeded,
    ZaloUnauthorized,
    update_to_incoming,
    updates_from_body,
)
from bot.settings import load_settings
from handlers import texts
from handlers.core.messages import ChatKind, ChatRef, Outgoing, Platform
from handlers.core.runner import WorkKey
from storage.models import OutboxMessage, OutboxStatus
from tests.fake_zalo import BOT_NAME, GROUP_ID, TOKEN, USER_ID, FakeZalo

STAFF = "telegram:-100999"


def make_app(zalo: FakeZalo, engine, clock=None, **settings: object) -> BotApp:
    values: dict[str, object] = {
        "zalo_bot_token": TOKEN,
        "zalo_api_base_url": zalo.base_url,
        "admin_ids": f"zalo:{USER_ID}",
        "staff_chat": STAFF,
        "database_url": "sqlite+aiosqlite:///unused.db",
        "_env_file": None,
    }
    values.update(settings)
    return BotApp(load_settings(**values), engine=engine, clock=clock)


@asynccontextmanager
async def running(app: BotApp) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def outbox_rows(app: BotApp) -> list[OutboxMessage]:
    async with app.uow_factory() as uow:
        return list((await uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all())


# --- the mapper ------------------------------------------------------------------------------
def test_webhook_bodies_wrapped_flat_or_listed_give_the_same_updates():
    update = {"event_name": "message.text.received", "message": {"message_id": "m1"}}
    assert updates_from_body(update) == [update]
    assert updates_from_body({"ok": True, "result": update}) == [update]
    assert updates_from_body({"ok": True, "result": [update, update]}) == [update, update]
    assert updates_from_body([update]) == [update]
    assert updates_from_body({"ok": True}) == []
    assert updates_from_body("garbage") == []
    assert updates_from_body(None) == []


def test_an_image_with_photo_url_a_name_field_and_a_date_in_milliseconds_maps_to_its_caption():
    update = {
        "event_name": "message.image.received",
        "message": {
            "message_id": "abc", "date": 1_780_000_000_000, "photo_url": "https://x/y.jpg", "caption": "lớp 6A1 xong",
            "message_type": "CHAT_PHOTO", "from": {"id": "u1", "name": "Thầy Nam"}, "chat": {"id": "u1", "chat_type": "PRIVATE"},
        },
    }
    incoming = update_to_incoming(update)
    assert incoming is not None
    assert incoming.text == "lớp 6A1 xong" and incoming.sender_name == "Thầy Nam"
    assert incoming.received_at == datetime.fromtimestamp(1_780_000_000, UTC)
    assert incoming.chat == ChatRef(Platform.ZALO, "u1") and incoming.chat_kind is ChatKind.PRIVATE
    assert incoming.update_id == "abc"


def test_a_group_message_loses_its_leading_mention_and_counts_as_addressed():
    update = FakeZalo().text_update(f"@{BOT_NAME} lớp 6A1 đã xong ạ", group=True)
    incoming = update_to_incoming(update, bot_names=[BOT_NAME, "bot.trolycsdl"])
    assert incoming is not None
    assert incoming.text == "lớp 6A1 đã xong ạ"
    assert incoming.in_group and incoming.addressed and incoming.mentioned and not incoming.sees_group_chatter


def test_an_unknown_mention_before_a_command_still_leaves_the_command():
    update = FakeZalo().text_update("@Bot Khác Tên /help", group=True)
    incoming = update_to_incoming(update, bot_names=[BOT_NAME])
    assert incoming is not None and incoming.text == "/help"


@pytest.mark.parametrize("update", [
    {"event_name": "message.reaction.later", "message": {"message_id": "x", "chat": {"id": "c"}}},
    {"event_name": "message.text.received"},
    {"event_name": "message.unsupported.received"},
    {"event_name": "message.text.received", "message": {"message_id": "x", "text": "hi"}},
    {"event_name": "message.text.received", "message": "not an object"},
])
def test_unknown_events_and_updates_without_a_chat_are_ignored(update):
    assert update_to_incoming(update) is None


def test_an_unsupported_message_with_a_chat_is_marked_unreadable():
    update = {"event_name": "message.unsupported.received",
              "message": {"message_id": "u9", "chat": {"id": "c1", "chat_type": "PRIVATE"}, "from": {"id": "c1"}}}
    incoming = update_to_incoming(update)
    assert incoming is not None and incoming.unreadable and incoming.text == ""


# --- the client --------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "body", "error", "retryable"), [
    (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, ZaloUnauthorized, False),
    (200, {"ok": False, "error_code": 429, "description": "Quota exceeded"}, ZaloQuotaExceeded, True),
    (500, {"ok": False, "error_code": 500, "description": "Internal"}, ZaloApiError, True),
    (502, "<html>Bad gateway</html>", ZaloApiError, True),
    (200, "not json", ZaloApiError, True),
    (200, {"ok": False, "errorCode": 404, "description": "Not found"}, ZaloApiError, False),
])
async def test_a_failed_call_raises_a_typed_error_whatever_the_http_status(zalo, status, body, error, retryable):
    client = ZaloClient(TOKEN, base_url=zalo.base_url)
    zalo.fail_next("sendMessage", status, body)
    try:
        with pytest.raises(error) as raised:
            await client.send_message("c1", "xin chào")
    finally:
        await client.close()
    assert raised.value.retryable is retryable
    assert TOKEN not in str(raised.value)


async def test_an_idle_poll_is_an_empty_list_and_an_update_comes_as_a_list(zalo):
    client = ZaloClient(TOKEN, base_url=zalo.base_url)
    try:
        assert await client.get_updates(timeout=0) == []
        update = zalo.text_update("xin chào")
        await zalo.push(update)
        assert await client.get_updates(timeout=0) == [update]
    finally:
        await client.close()


async def test_an_unreachable_api_is_a_retryable_error_that_hides_the_token():
    client = ZaloClient(TOKEN, base_url="http://127.0.0.1:9")  # nothing listens on the discard port
    try:
        with pytest.raises(ZaloApiError) as raised:
            await client.get_me()
    finally:
        await client.close()
    assert raised.value.retryable and TOKEN not in str(raised.value)


# --- the channel, end to end --------------------------------------------------------------------
async def test_a_question_with_a_mention_in_a_zalo_group_is_answered_in_the_group_with_a_quote(zalo, engine):
    await zalo.push(zalo.text_update(f"@{BOT_NAME} giáo viên hợp đồng có phải rà soát không ạ", group=True))
    async with running(make_app(zalo, engine)):
        [sent] = await zalo.wait_sent(1)
    assert sent["chat_id"] == GROUP_ID
    assert sent["text"].startswith("↪ «giáo viên hợp đồng")
    assert "mục 2.2" in sent["text"]


async def test_help_in_a_zalo_group_explains_mentioning_not_botfather(zalo, engine):
    await zalo.push(zalo.text_update(f"@{BOT_NAME} /help", group=True))
    async with running(make_app(zalo, engine)):
        [sent] = await zalo.wait_sent(1)
    assert texts.GROUP_REACH_ADVICE["mentions_and_replies"] in sent["text"]
    assert "BotFather" not in sent["text"]


async def test_a_teacher_registers_in_a_zalo_private_chat_and_reports_there(zalo, engine):
    from handlers.schools.directory import import_schools
    from handlers.schools.join_codes import code_table
    from handlers.schools.school_file import SchoolRow

    app = make_app(zalo, engine)
    async with app.uow_factory() as uow:
        await import_schools(uow, [SchoolRow(2, "31001", "Trường THCS Lê Lợi", ("THCS",), "Lê Chân", True, 30, 45)],
                             now=datetime.now(UTC))
        [codes], _ = await code_table(uow)
        await uow.commit()
    await zalo.push(zalo.text_update(f"/dangky {codes.staff_join_code} 6A1", user_id="t1"))
    await zalo.push(zalo.text_update("lớp 6A1 đã xong ạ", user_id="t1"))
    async with running(app):
        registered, acknowledged = await zalo.wait_sent(2)
    assert registered["chat_id"] == "t1" and "Trường THCS Lê Lợi" in registered["text"]
    assert acknowledged["chat_id"] == "t1"
    assert acknowledged["text"].endswith("Đã ghi nhận lớp 6A1 — Trường THCS Lê Lợi: 1/30 lớp")


async def test_an_admin_binds_a_zalo_group_to_a_level_with_nhom(zalo, engine):
    await zalo.push(zalo.text_update(f"@{BOT_NAME} /nhom THCS", group=True))
    app = make_app(zalo, engine)
    async with running(app):
        [sent] = await zalo.wait_sent(1)
    assert sent["text"].endswith(texts.GROUP_LEVEL_SET.format(level="THCS"))
    async with app.uow_factory() as uow:
        group = await uow.groups.get(Platform.ZALO, GROUP_ID)
    assert group is not None and group.level == "THCS"


async def test_a_protected_users_message_gets_told_it_cannot_be_read(zalo, engine):
    await zalo.push({"event_name": "message.unsupported.received"})  # no chat: only logged
    await zalo.push({"event_name": "message.unsupported.received",
                     "message": {"message_id": "p1", "date": 1, "chat": {"id": "kid1", "chat_type": "PRIVATE"}}})
    async with running(make_app(zalo, engine)):
        [sent] = await zalo.wait_sent(1)
    assert sent == {"chat_id": "kid1", "text": texts.UNREADABLE_MESSAGE}


async def test_a_redelivered_message_id_is_handled_once(zalo, engine):
    update = zalo.text_update("/help", message_id="dup0000000000000001")
    await zalo.push(update)
    await zalo.push(update)
    await zalo.push(zalo.text_update("/start"))
    async with running(make_app(zalo, engine)):
        sent = await zalo.wait_sent(2)
        await zalo.wait_consumed()
    assert texts.HELP_HEADER in sent[0]["text"] and texts.START in sent[1]["text"]
    assert len(zalo.sent) == 2


async def test_polling_backs_off_after_server_errors_and_malformed_bodies_then_goes_on(zalo, engine):
    zalo.fail_next("getUpdates", 500, {"ok": False, "error_code": 500, "description": "Internal"})
    zalo.fail_next("getUpdates", 200, "<html>oops</html>")
    await zalo.push(zalo.text_update("/help"))
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # recorded, not slept
        waits.append(seconds)

    received = []
    arrived = asyncio.Event()

    async def on_incoming(incoming):
        received.append(incoming)
        arrived.set()

    channel = ZaloChannel(token=TOKEN, base_url=zalo.base_url, on_incoming=on_incoming, poll_timeout=0, sleep=sleep)
    await channel.start()
    try:
        await asyncio.wait_for(arrived.wait(), 10)
    finally:
        await channel.stop()
    assert waits == [1.0, 2.0]
    assert [i.text for i in received] == ["/help"]


async def test_a_refused_token_while_polling_stops_the_channel_and_notes_it_to_staff_once(zalo, engine, caplog):
    app = make_app(zalo, engine)
    noted = asyncio.Event()

    async def on_unauthorized() -> None:
        await app.notices.token_refused(Platform.ZALO)
        noted.set()

    channel = ZaloChannel(token=TOKEN, base_url=zalo.base_url, on_incoming=app.receive, poll_timeout=0,
                          on_unauthorized=on_unauthorized)
    zalo.fail_next("getUpdates", 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    caplog.set_level(logging.INFO)
    await channel.start()
    try:
        await asyncio.wait_for(noted.wait(), 10)
        assert not channel.running
        await app.notices.token_refused(Platform.ZALO)  # a second refusal the same day: no second note
    finally:
        await channel.stop()
    rows = await outbox_rows(app)
    assert [(r.platform, r.chat_id, r.text) for r in rows] == [("telegram", "-100999", texts.TOKEN_REFUSED["zalo"])]
    assert zalo.calls.count("getUpdates") == 1  # stopped, not looping on a dead token
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]
    assert not any(TOKEN in line for line in ours)  # (httpx's own request lines are silenced by bot/logs.py)
    assert any("401" in r.getMessage() and "ZALO_BOT_TOKEN" in r.getMessage() for r in caplog.records)


async def test_a_long_answer_is_split_at_2000_characters_on_line_boundaries(zalo, engine):
    app = make_app(zalo, engine)
    channel = ZaloChannel(token=TOKEN, base_url=zalo.base_url, on_incoming=app.receive)
    lines = [f"Dòng {n}: " + " ".join(["nội dung"] * 20) for n in range(40)]
    try:
        await channel.sender.send(Outgoing(chat=ChatRef(Platform.ZALO, "c1"), text="\n".join(lines)))
    finally:
        await channel.client.close()
    pieces = [m["text"] for m in zalo.sent]
    assert len(pieces) > 1 and all(len(p) <= 2000 for p in pieces)
    assert "\n".join(pieces).split("\n") == lines  # nothing cut mid-line, nothing lost


async def test_buttons_print_as_numbered_choices_on_zalo(zalo, engine):
    app = make_app(zalo, engine)
    channel = ZaloChannel(token=TOKEN, base_url=zalo.base_url, on_incoming=app.receive)
    try:
        await channel.sender.send(Outgoing(chat=ChatRef(Platform.ZALO, "c1"), text="Thầy/cô chọn:", buttons=("Có", "Không")))
    finally:
        await channel.client.close()
    assert zalo.sent[0]["text"] == f"Thầy/cô chọn:\n1. Có\n2. Không\n{texts.NUMBERED_CHOICES_HINT}"
    assert ZALO_CAPABILITIES.max_text_length == 2000 and not ZALO_CAPABILITIES.can_reply_to


async def test_a_quota_429_keeps_the_message_tells_staff_once_and_it_goes_later(zalo, engine, clock):
    app = make_app(zalo, engine, clock=clock)
    channel = ZaloChannel(
        token=TOKEN, base_url=zalo.base_url, on_incoming=app.receive,
        on_quota_exceeded=lambda: app.notices.quota_exceeded(Platform.ZALO),
    )
    app.add_channel(channel)
    to_user = ChatRef(Platform.ZALO, "c1")
    for text in ("một", "hai"):
        await app.runner.run(WorkKey.job(text), lambda uow, text=text: _say(to_user, text))
    quota = {"ok": False, "error_code": 429, "description": "Quota exceeded"}
    zalo.fail_next("sendMessage", 200, quota)
    try:
        await app.outbox.drain()
        assert zalo.sent == []
        clock.advance(seconds=601)
        zalo.fail_next("sendMessage", 200, quota)
        await app.outbox.drain()
        assert zalo.sent == []
        clock.advance(seconds=601)
        await app.outbox.drain()
    finally:
        await channel.client.close()
    assert [m["text"] for m in zalo.sent] == ["một", "hai"]
    rows = await outbox_rows(app)
    staff = [r for r in rows if r.platform == "telegram"]
    assert [r.text for r in staff] == [texts.QUOTA_EXCEEDED.format(platform="Zalo", month="06/2026")]
    assert all(r.status == OutboxStatus.SENT for r in rows if r.platform == "zalo")


async def _say(chat: ChatRef, text: str) -> list[Outgoing]:
    return [Outgoing(chat=chat, text=text)]


async def test_staff_are_warned_once_a_month_at_80_percent_of_the_zalo_quota(engine, clock):
    settings = load_settings(staff_chat=STAFF, zalo_monthly_messages=10, database_url="sqlite+aiosqlite:///unused.db",
                             _env_file=None)
    app = BotApp(settings, engine=engine, clock=clock)

    async def sent_rows(count: int, at: datetime) -> None:
        async with app.uow_factory() as uow:
            for n in range(count):
                uow.outbox.add(OutboxMessage(platform="zalo", chat_id="c", text=f"tin {n}", status=OutboxStatus.SENT,
                                             sent_at=at, created_at=at, next_attempt_at=at))
            await uow.commit()

    await sent_rows(7, clock.now() - timedelta(days=40))  # last month: does not count
    await sent_rows(7, clock.now())
    await app.notices.check_quota(Platform.ZALO)
    assert [r for r in await outbox_rows(app) if r.platform == "telegram"] == []
    await sent_rows(1, clock.now())  # 8 of 10
    await app.notices.check_quota(Platform.ZALO)  # counted on from the last count: 7, no warning yet
    assert [r for r in await outbox_rows(app) if r.platform == "telegram"] == []
    clock.advance(minutes=1)  # time to count again
    await app.notices.check_quota(Platform.ZALO)
    await app.notices.check_quota(Platform.ZALO)
    await app.notices.check_quota(Platform.ZALO, just_sent=1)  # 9 of 10: still one warning this month
    warnings = [r.text for r in await outbox_rows(app) if r.platform == "telegram"]
    assert warnings == [texts.QUOTA_NEARLY_SPENT.format(platform="Zalo", count=8, limit=10, month="06/2026")]


async def test_each_sent_zalo_message_checks_the_quota(zalo, engine):
    app = make_app(zalo, engine, zalo_monthly_messages=1)
    await zalo.push(zalo.text_update("/help"))
    async with running(app):
        await zalo.wait_sent(1)
    # Stopping waits for the sender's round, which checks the quota after each sent message.
    staff = [r for r in await outbox_rows(app) if r.platform == "telegram"]
    assert len(staff) == 1 and "1/1 tin nhắn Zalo" in staff[0].text


async def test_a_sendmessage_error_that_cannot_be_retried_is_undeliverable(zalo):
    from bot.channels.base import Undeliverable
    from bot.channels.zalo import ZaloSender

    client = ZaloClient(TOKEN, base_url=zalo.base_url)
    sender = ZaloSender(client)
    zalo.fail_next("sendMessage", 200, {"ok": False, "error_code": 400, "description": "bad chat"})
    zalo.fail_next("sendMessage", 500, {"ok": False, "error_code": 500, "description": "down"})
    try:
        with pytest.raises(Undeliverable):
            await sender.send(Outgoing(chat=ChatRef(Platform.ZALO, "c1"), text="x"))
        with pytest.raises(RetryLater):
            await sender.send(Outgoing(chat=ChatRef(Platform.ZALO, "c1"), text="x"))
    finally:
        await client.close()


async def test_telegram_and_zalo_poll_side_by_side_in_one_process_and_one_database(zalo, engine):
    from tests.fake_telegram import TOKEN as TELEGRAM_TOKEN
    from tests.fake_telegram import FakeTelegram

    telegram = FakeTelegram()
    await telegram.start()
    try:
        app = make_app(zalo, engine, telegram_bot_token=TELEGRAM_TOKEN, telegram_api_base_url=telegram.base_url)
        await telegram.push(telegram.private_message("/help", user_id=555))
        await zalo.push(zalo.text_update("/help", user_id="z555"))
        async with running(app):
            [to_telegram] = await telegram.wait_sent(1)
            [to_zalo] = await zalo.wait_sent(1)
    finally:
        await telegram.stop()
    assert int(to_telegram["chat_id"]) == 555 and to_zalo["chat_id"] == "z555"
    assert "deleteWebhook" in zalo.calls  # polling clears any webhook first


async def _bot_process(tmp_path, **env: str) -> asyncio.subprocess.Process:
    """`python -m bot run` as an operator starts it."""
    import os
    import sys

    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db", **env}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def test_python_m_bot_run_with_both_tokens_serves_both_platforms(zalo, tmp_path):
    import signal

    from tests.fake_telegram import TOKEN as TELEGRAM_TOKEN
    from tests.fake_telegram import FakeTelegram

    telegram = FakeTelegram()
    await telegram.start()
    await telegram.push(telegram.private_message("/start", user_id=555))
    await zalo.push(zalo.text_update("/start", user_id="z555"))
    process = await _bot_process(
        tmp_path, TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_API_BASE_URL=telegram.base_url,
        ZALO_BOT_TOKEN=TOKEN, ZALO_API_BASE_URL=zalo.base_url,
    )
    try:
        [to_telegram] = await telegram.wait_sent(1, timeout=60)
        [to_zalo] = await zalo.wait_sent(1, timeout=60)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 60)
        await telegram.stop()
    assert to_telegram["text"].startswith(texts.START) and to_zalo["text"].endswith(to_telegram["text"].split("\n")[-1])
    assert process.returncode == 0
    log = err.decode()
    assert "Traceback" not in log and TOKEN not in log and TELEGRAM_TOKEN not in log
    assert "zalo:z555" in log  # how an operator finds a Zalo id for ADMIN_IDS


async def test_a_refused_zalo_token_stops_start_up_with_one_line_that_hides_it(zalo, tmp_path):
    wrong = "999:wrong-zalo-token-secret"
    process = await _bot_process(tmp_path, ZALO_BOT_TOKEN=wrong, ZALO_API_BASE_URL=zalo.base_url)
    _, err = await asyncio.wait_for(process.communicate(), 60)
    log = err.decode()
    assert process.returncode != 0
    assert "ZALO_BOT_TOKEN" in log and wrong not in log and "Traceback" not in log
