"""End to end through the real python-telegram-bot against the fake Bot API on 127.0.0.1:
a question in a group, its forward in the staff chat, a staff reply, the answer under the question."""

from __future__ import annotations

from sqlmodel import select

from bot.app import BotApp
from bot.settings import load_settings
from handlers import texts
from storage.models import OutboxMessage
from tests.bot.channels.test_telegram import running
from tests.escalation.test_escalation import ANSWER, QUESTION
from tests.fake_telegram import BOT_USERNAME, TOKEN, FakeTelegram

GROUP_ID, STAFF_ID = -100123, -100999


def make_app(telegram: FakeTelegram, engine) -> BotApp:
    settings = load_settings(
        telegram_bot_token=TOKEN,
        telegram_api_base_url=telegram.base_url,
        admin_ids="telegram:1",
        staff_chat=f"telegram:{STAFF_ID}",
        database_url="sqlite+aiosqlite:///unused.db",
        _env_file=None,
    )
    return BotApp(settings, engine=engine)


async def sent_id_in(app: BotApp, chat_id: int) -> int:
    """The Bot API's id of the message the bot sent to `chat_id` (kept on its outbox row)."""
    async with app.uow_factory() as uow:
        rows = (await uow.session.exec(select(OutboxMessage).where(OutboxMessage.chat_id == str(chat_id)))).all()
    [row] = [r for r in rows if r.sent_message_id is not None]
    return int(row.sent_message_id)


def to_chat(sent: list[dict], chat_id: int) -> list[dict]:
    return [m for m in sent if int(m["chat_id"]) == chat_id]


async def test_a_staff_reply_appears_under_the_question_in_the_group_across_a_restart(telegram, engine):
    question = telegram.group_message(f"@{BOT_USERNAME} {QUESTION}", chat_id=GROUP_ID, user_id=777)
    await telegram.push(question)
    first = make_app(telegram, engine)
    async with running(first):
        sent = await telegram.wait_sent(2)
    forward_id = await sent_id_in(first, STAFF_ID)  # recorded by the time the sender has stopped
    [notice] = to_chat(sent, GROUP_ID)
    [forward] = to_chat(sent, STAFF_ID)
    assert "phiếu số 1" in notice["text"] and "Phiếu số 1" in forward["text"] and "Nhóm hỗ trợ THCS" in forward["text"]

    # The bot restarts; a staff member replies to the forward in the staff chat.
    staff_reply = telegram.group_message(ANSWER, chat_id=STAFF_ID, user_id=501, reply_to_bot=forward_id, title="Cán bộ Sở")
    await telegram.push(staff_reply)
    async with running(make_app(telegram, engine)):
        sent = await telegram.wait_sent(4)
    [_, answer] = to_chat(sent, GROUP_ID)
    assert answer["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert ANSWER in answer["text"]
    [_, confirmation] = to_chat(sent, STAFF_ID)
    assert confirmation["text"].startswith("Đã gửi câu trả lời phiếu số 1 tới 1 người hỏi")
    assert confirmation["reply_parameters"]["message_id"] == staff_reply["message"]["message_id"]


async def test_traloi_from_the_staff_chat_and_a_second_asker_both_answered(telegram, engine):
    await telegram.push(telegram.group_message(f"/hoi {QUESTION}", chat_id=GROUP_ID, user_id=777))
    await telegram.push(telegram.private_message(f"/hoi {QUESTION.lower()}", user_id=888))
    await telegram.push(telegram.group_message(f"/traloi 1 {ANSWER}", chat_id=STAFF_ID, user_id=501, title="Cán bộ Sở"))
    async with running(make_app(telegram, engine)):
        sent = await telegram.wait_sent(6)
    assert len(to_chat(sent, STAFF_ID)) == 2  # one forward, one confirmation: no second ping
    assert [ANSWER in m["text"] for m in to_chat(sent, 888)] == [False, True]
    assert to_chat(sent, 888)[0]["text"] == texts.TICKET_JOINED.format(ticket=1)
    assert [ANSWER in m["text"] for m in to_chat(sent, GROUP_ID)] == [False, True]
