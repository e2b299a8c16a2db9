"""Webhook mode: `run` with WEBHOOK_BASE_URL serves Telegram and Zalo from one server, against
the fake Bot APIs on 127.0.0.1; deliveries are posted to the server over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlmodel import select

from bot.app import BotApp, run_platforms
from bot.channels.webhook import (
    TELEGRAM_SECRET_HEADER,
    ZALO_SECRET_HEADER,
    WebhookRoute,
    WebhookServer,
    health_report,
    webhook_path,
)
from bot.settings import load_settings
from handlers import texts
from storage.models import ProcessedUpdate
from tests.fake_telegram import TOKEN as TELEGRAM_TOKEN
from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import BOT_NAME, GROUP_ID, USER_ID, FakeZalo
from tests.fake_zalo import TOKEN as ZALO_TOKEN

SECRET = "s3cret-Webhook_value-42"
PUBLIC = "https://bot.example.invalid"  # only told to the fake APIs; nothing connects to it


def make_app(engine, *, zalo: FakeZalo | None = None, telegram: FakeTelegram | None = None) -> BotApp:
    values: dict[str, object] = {
        "webhook_base_url": PUBLIC, "webhook_secret": SECRET, "port": 0,
        "admin_ids": f"zalo:{USER_ID}", "database_url": "sqlite+aiosqlite:///unused.db", "_env_file": None,
    }
    if zalo is not None:
        values |= {"zalo_bot_token": ZALO_TOKEN, "zalo_api_base_url": zalo.base_url}
    if telegram is not None:
        values |= {"telegram_bot_token": TELEGRAM_TOKEN, "telegram_api_base_url": telegram.base_url}
    return BotApp(load_settings(**values), engine=engine)


@asynccontextmanager
async def serving(app: BotApp) -> AsyncIterator[httpx.AsyncClient]:
    """`python -m bot run` in webhook mode, and a client pointed at its server."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop))
    try:
        ready = asyncio.create_task(app.ready.wait())
        await asyncio.wait([ready, task], timeout=30, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        assert app.webhooks is not None, task
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{app.webhooks.port}") as client:
            yield client
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def zalo_post(client: httpx.AsyncClient, body: object, *, secret: str | None = SECRET, raw: bytes | None = None):
    headers = {ZALO_SECRET_HEADER: secret} if secret is not None else {}
    if raw is not None:
        return client.post(webhook_path("zalo", SECRET), content=raw, headers=headers)
    return client.post(webhook_path("zalo", SECRET), json=body, headers=headers)


async def processed(app: BotApp) -> int:
    async with app.uow_factory() as uow:
        return len((await uow.session.exec(select(ProcessedUpdate))).all())


async def test_zalo_webhook_is_registered_and_takes_wrapped_and_flat_bodies(zalo, engine):
    app = make_app(engine, zalo=zalo)
    async with serving(app) as client:
        assert zalo.webhooks == [{"url": PUBLIC + webhook_path("zalo", SECRET), "secret_token": SECRET}]
        assert "getUpdates" not in zalo.calls and "deleteWebhook" not in zalo.calls
        wrapped = await zalo_post(client, {"ok": True, "result": zalo.text_update("/help")})
        flat = await zalo_post(client, zalo.text_update(f"@{BOT_NAME} /start", group=True))
        sent = await zalo.wait_sent(2)
    assert wrapped.status_code == flat.status_code == 200
    assert {m["chat_id"] for m in sent} == {USER_ID, GROUP_ID}


async def test_a_zalo_delivery_is_committed_before_the_200(zalo, engine):
    app = make_app(engine, zalo=zalo)
    async with serving(app) as client:
        response = await zalo_post(client, zalo.text_update("/help"))
        assert response.status_code == 200
        assert await processed(app) == 1  # already marked when the platform hears "ok"


async def test_wrong_or_missing_secret_is_refused_and_changes_nothing(zalo, engine):
    app = make_app(engine, zalo=zalo)
    async with serving(app) as client:
        wrong = await zalo_post(client, zalo.text_update("/help"), secret="not-the-secret")
        missing = await zalo_post(client, zalo.text_update("/help"), secret=None)
        other_path = await client.post("/webhook/zalo/guess", json=zalo.text_update("/help"),
                                       headers={ZALO_SECRET_HEADER: SECRET})
        telegram_header = await client.post(webhook_path("zalo", SECRET), json=zalo.text_update("/help"),
                                            headers={TELEGRAM_SECRET_HEADER: SECRET})
    assert wrong.status_code == missing.status_code == telegram_header.status_code == 403
    assert other_path.status_code == 404
    assert await processed(app) == 0 and zalo.sent == []


async def test_an_empty_probe_and_a_malformed_body_get_200_and_do_nothing(zalo, engine):
    app = make_app(engine, zalo=zalo)
    async with serving(app) as client:
        probe = await zalo_post(client, None, raw=b"")
        garbage = await zalo_post(client, None, raw=b"{not json")
        unknown = await zalo_post(client, {"event_name": "bot.added.somewhere"})
    assert probe.status_code == garbage.status_code == unknown.status_code == 200
    assert await processed(app) == 0 and zalo.sent == []


async def test_a_duplicate_zalo_delivery_is_answered_once(zalo, engine):
    app = make_app(engine, zalo=zalo)
    update = zalo.text_update("/help", message_id="0000000000000000dupe")
    async with serving(app) as client:
        first = await zalo_post(client, update)
        second = await zalo_post(client, {"ok": True, "result": update})
        await zalo_post(client, zalo.text_update("/start"))
        sent = await zalo.wait_sent(2)
    assert first.status_code == second.status_code == 200
    assert texts.HELP_HEADER in sent[0]["text"] and texts.START in sent[1]["text"]
    assert len(zalo.sent) == 2


async def test_healthz_reports_database_channels_and_backlog(zalo, engine):
    app = make_app(engine, zalo=zalo)
    async with serving(app) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["ok"] and report["database"] and report["channels"] == {"zalo": True}
    assert report["outbox_pending"] == 0


async def test_a_handler_failure_answers_500_so_the_platform_delivers_again():
    async def broken(body: object) -> None:
        raise ConnectionError("database down")

    async def unhealthy() -> dict:
        async def count() -> dict:
            raise ConnectionError("database down")

        return await health_report(count, {"zalo": lambda: True})

    server = WebhookServer(secret=SECRET, routes=[WebhookRoute("zalo", ZALO_SECRET_HEADER, broken)], health=unhealthy, port=0)
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
            response = await client.post(webhook_path("zalo", SECRET), json={"event_name": "x"},
                                         headers={ZALO_SECRET_HEADER: SECRET})
            health = await client.get("/healthz")
    finally:
        await server.stop()
    assert response.status_code == 500
    assert health.status_code == 503 and health.json()["database"] is False


async def test_telegram_webhook_is_registered_and_a_delivery_is_answered(telegram, engine):
    app = make_app(engine, telegram=telegram)
    update = telegram.group_message("/help", chat_id=-100777)
    async with serving(app) as client:
        assert "setWebhook" in telegram.calls
        refused = await client.post(webhook_path("telegram", SECRET), json=update,
                                    headers={TELEGRAM_SECRET_HEADER: "wrong-secret"})
        accepted = await client.post(webhook_path("telegram", SECRET), json=update,
                                     headers={TELEGRAM_SECRET_HEADER: SECRET})
        again = await client.post(webhook_path("telegram", SECRET), json=update,
                                  headers={TELEGRAM_SECRET_HEADER: SECRET})
        [sent] = await telegram.wait_sent(1)
    assert refused.status_code == 403 and accepted.status_code == again.status_code == 200
    assert int(sent["chat_id"]) == -100777 and texts.HELP_HEADER in sent["text"]
    assert len(telegram.sent) == 1


async def test_both_platforms_share_one_server_and_one_database(telegram, zalo, engine):
    app = make_app(engine, telegram=telegram, zalo=zalo)
    async with serving(app) as client:
        await client.post(webhook_path("telegram", SECRET), json=telegram.private_message("/help"),
                          headers={TELEGRAM_SECRET_HEADER: SECRET})
        await zalo_post(client, zalo.text_update("/help"))
        await telegram.wait_sent(1)
        await zalo.wait_sent(1)
        health = (await client.get("/healthz")).json()
    assert health["channels"] == {"telegram": True, "zalo": True}
    assert await processed(app) == 2


def test_webhook_mode_needs_a_well_formed_secret_and_an_https_address():
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings(webhook_base_url=PUBLIC, _env_file=None)
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings(webhook_base_url=PUBLIC, webhook_secret="short", _env_file=None)
    with pytest.raises(SettingsError, match="WEBHOOK_BASE_URL"):
        load_settings(webhook_base_url="http://bot.example.invalid", webhook_secret=SECRET, _env_file=None)
    assert load_settings(zalo_api_base_url="https://bot-api.zaloplatforms.com/bot", _env_file=None).zalo_api_base_url == (
        "https://bot-api.zaloplatforms.com"
    )


async def test_a_token_refused_while_sending_stops_the_channel_and_keeps_the_message(zalo, engine):
    from bot.app import build_channels

    app = make_app(engine, zalo=zalo)
    [channel] = build_channels(app)
    zalo.fail_next("sendMessage", 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop, [channel]))
    await app.ready.wait()
    assert app.webhooks is not None
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{app.webhooks.port}") as client:
        await zalo_post(client, zalo.text_update("/help"))
        await zalo.wait_calls("sendMessage", 1)
    stop.set()
    await asyncio.wait_for(task, 30)  # the sender finishes its round: the refusal is recorded
    assert not channel.running  # what /healthz reports as "zalo": false
    async with app.uow_factory() as uow:
        counts = await uow.outbox.count_by_status()
    assert counts == {"pending": 1}  # kept for when the token is fixed
    assert zalo.calls.count("sendMessage") == 1
