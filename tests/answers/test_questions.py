"""Questions through the inbox: when the bot answers, stays quiet, or passes the question on."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from handlers import texts
from handlers.core.context import CoreConfig
from handlers.core.inbox import Inbox
from handlers.core.messages import ChatRef, Platform
from storage.models import Campaign, Deadline, Ticket
from tests.conftest import ADMIN, TEACHER, default_dispatcher, make_incoming

STAFF_CHAT = ChatRef(Platform.TELEGRAM, "-100999")


def make_inbox(uow_factory, clock, staff_chat=None) -> Inbox:
    config = CoreConfig(admin_ids=frozenset({ADMIN}), staff_chat=staff_chat)
    return Inbox(uow_factory=uow_factory, dispatcher=default_dispatcher(), clock=clock, config=config)


async def ask(inbox: Inbox, text: str, **kwargs):
    return await inbox.handle(make_incoming(text, **kwargs))


async def tickets(uow_factory) -> list[Ticket]:
    async with uow_factory() as uow:
        return list((await uow.session.exec(select(Ticket))).all())


async def set_group_level(inbox: Inbox, level: str) -> None:
    await ask(inbox, f"/nhom {level}", sender=ADMIN)


async def start_campaign(uow_factory) -> None:
    """An active campaign with the letter's teacher-data dates (17h00 in Hà Nội is 10h00 UTC)."""
    early, late = datetime(2023, 6, 8, 10, 0, tzinfo=UTC), datetime(2023, 6, 15, 10, 0, tzinfo=UTC)
    deadlines = [
        Deadline(campaign_id=0, level=level, track="teacher", due_at=early if level in ("MN", "TH", "THCS") else late)
        for level in ("MN", "TH", "THCS", "THPT", "GDTX")
    ]
    async with uow_factory() as uow:
        await uow.campaigns.add_with_deadlines(Campaign(name="Đợt 1"), deadlines)
        await uow.commit()


async def test_a_private_question_is_answered_naming_the_section(uow_factory, clock):
    [reply] = await ask(make_inbox(uow_factory, clock), "cho em hỏi số điện thoại hỗ trợ của Sở ạ", group=False)
    assert "0936001379" in reply.text and reply.text.startswith("Theo")


async def test_the_same_question_without_diacritics_gets_the_same_answer(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock)
    [with_marks] = await ask(inbox, "giáo viên hợp đồng có phải rà soát không ạ?", group=False)
    [without] = await ask(inbox, "giao vien hop dong co phai ra soat khong a?", group=False)
    assert with_marks.text == without.text and "thỉnh giảng" in with_marks.text


async def test_a_clear_question_in_a_group_is_answered_without_being_addressed(uow_factory, clock):
    await start_campaign(uow_factory)
    inbox = make_inbox(uow_factory, clock)
    [reply] = await ask(inbox, "Dạ cho em hỏi hạn chót cập nhật dữ liệu giáo viên cấp THCS là ngày nào ạ?")
    assert "08/06/2023" in reply.text and "15/06/2023" not in reply.text


async def test_group_chatter_and_unclear_questions_get_silence_and_no_ticket(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock)
    for text in ("cảm ơn ạ", "ok", "dạ vâng", "đã nhận", "trường em xong rồi nhé", "có ai biết sửa máy in không ạ?"):
        assert await ask(inbox, text) == [], text
    assert await tickets(uow_factory) == []


async def test_an_addressed_question_outside_the_letter_is_escalated_and_recorded(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock, staff_chat=STAFF_CHAT)
    await set_group_level(inbox, "TH")
    replies = await ask(inbox, "/hoi lương tháng này bao giờ có ạ", message_id="77")
    [ticket] = await tickets(uow_factory)
    assert replies[0].text == texts.ESCALATED.format(ticket=ticket.id)
    assert replies[0].reply_to == "77"
    assert replies[1].chat == STAFF_CHAT and "lương tháng" in replies[1].text
    assert (ticket.user_id, ticket.message_id, ticket.level, ticket.status) == (TEACHER.user_id, "77", "TH", "open")


async def test_a_private_question_outside_the_letter_is_escalated_without_a_staff_chat(uow_factory, clock):
    replies = await ask(make_inbox(uow_factory, clock), "lương tháng này bao giờ có ạ?", group=False)
    assert len(replies) == 1 and "phiếu số 1" in replies[0].text
    assert len(await tickets(uow_factory)) == 1


async def test_hoi_without_a_question_explains_how_to_ask(uow_factory, clock):
    [reply] = await ask(make_inbox(uow_factory, clock), "/hoi")
    assert reply.text == texts.ASK_USAGE


async def test_the_group_level_decides_which_deadline_is_given(uow_factory, clock):
    await start_campaign(uow_factory)
    inbox = make_inbox(uow_factory, clock)
    await set_group_level(inbox, "THPT")
    [reply] = await ask(inbox, "/hoi hạn cập nhật dữ liệu giáo viên là khi nào")
    assert "15/06/2023" in reply.text and "08/06/2023" not in reply.text


async def test_a_question_naming_no_level_in_private_gets_every_level(uow_factory, clock):
    await start_campaign(uow_factory)
    [reply] = await ask(make_inbox(uow_factory, clock), "hạn chót cập nhật dữ liệu giáo viên là khi nào?", group=False)
    assert "08/06/2023" in reply.text and "15/06/2023" in reply.text


async def test_deadlines_come_from_the_active_campaign_when_one_is_set(uow_factory, clock):
    due = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # 17h00 in Hà Nội
    async with uow_factory() as uow:
        await uow.campaigns.add_with_deadlines(
            Campaign(name="Đợt 2"), [Deadline(campaign_id=0, level="THCS", track="teacher", due_at=due)]
        )
        await uow.commit()
    [reply] = await ask(make_inbox(uow_factory, clock), "/hoi hạn chót dữ liệu giáo viên cấp THCS là khi nào")
    assert "17h00 ngày 02/12/2026" in reply.text and "2023" not in reply.text
    assert "Theo thông báo của Sở GDĐT" in reply.text and "mục 2.2" not in reply.text


async def test_without_an_active_campaign_no_deadline_is_invented(uow_factory, clock):
    [reply] = await ask(make_inbox(uow_factory, clock), "hạn chót thcs là khi nào ạ", group=False)
    assert reply.text == texts.DEADLINE_NONE_SET
    assert await tickets(uow_factory) == []


async def test_a_campaign_past_its_deadline_says_so(uow_factory, clock):
    await start_campaign(uow_factory)
    [reply] = await ask(make_inbox(uow_factory, clock), "hạn chót thcs là khi nào ạ", group=False)
    assert "- THCS: 17h00 ngày 08/06/2023 (đã hết hạn)" in reply.text


async def test_help_mentions_that_questions_can_be_typed_directly(uow_factory, clock):
    [reply] = await ask(make_inbox(uow_factory, clock), "/help", group=False)
    assert "/hoi <câu hỏi>" in reply.text and texts.ASK_HINT in reply.text


async def test_an_id_number_in_a_group_command_gets_the_warning_instead_of_an_answer(uow_factory, clock):
    [reply] = await ask(make_inbox(uow_factory, clock), "/hoi học sinh có CCCD 001203004567 sửa thế nào")
    assert reply.text == texts.PERSONAL_DATA_WARNING
    assert await tickets(uow_factory) == []


async def test_an_escalated_question_is_stored_and_forwarded_without_id_numbers(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock, staff_chat=STAFF_CHAT)
    replies = await ask(inbox, "học sinh 001203004567 bị sai ngày sinh trên hệ thống thì sửa thế nào ạ?", group=False)
    [ticket] = await tickets(uow_factory)
    assert "001203004567" not in ticket.question and texts.CITIZEN_ID_MASK in ticket.question
    assert all("001203004567" not in reply.text for reply in replies)


async def test_one_person_cannot_flood_the_staff_chat_with_questions(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock, staff_chat=STAFF_CHAT)
    questions = [f"lương tháng {month} bao giờ có ạ?" for month in range(1, 13)]
    replies = [await ask(inbox, question, group=False) for question in questions]
    assert [len(r) for r in replies] == [2] * 10 + [1, 1]  # the reply and the staff copy; then the reply only
    assert replies[-1][0].text == texts.TICKETS_THROTTLED.format(count=10) and "chưa được chuyển" in replies[-1][0].text
    assert len(await tickets(uow_factory)) == 10
    clock.advance(hours=1)
    assert len(await ask(inbox, "phụ cấp tháng 9 bao giờ có ạ?", group=False)) == 2


async def test_what_the_letter_does_not_cover_is_said_plainly_and_still_passed_on(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock, staff_chat=STAFF_CHAT)
    replies = await ask(inbox, "quên mật khẩu tài khoản CSDL ngành thì lấy lại thế nào ạ", group=False)
    [ticket] = await tickets(uow_factory)
    assert replies[0].text.startswith("Công văn không hướng dẫn việc đổi, cấp lại mật khẩu")
    assert replies[0].text.endswith(texts.NOT_COVERED_ESCALATED.format(ticket=ticket.id))
    assert replies[1].chat == STAFF_CHAT and "quên mật khẩu" in replies[1].text


async def test_report_and_progress_messages_in_private_get_a_hint_and_no_ticket(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock, staff_chat=STAFF_CHAT)
    for text in ("xong hết khối 7", "6A3 xong, 6A4 chưa"):
        hint = texts.REPORT_NOT_READ_HINT.format(several="7A1-7A6", one="6A1")  # a stranger: no level known
        assert [r.text for r in await ask(inbox, text, group=False)] == [hint], text
    for text in ("trường em xong bao nhiêu lớp rồi", "xem tiến độ"):
        assert [r.text for r in await ask(inbox, text, group=False)] == [texts.PROGRESS_QUESTION_HINT], text
    assert await tickets(uow_factory) == []


async def test_a_private_message_with_nothing_to_pass_on_gets_a_hint_and_no_ticket(uow_factory, clock):
    inbox = make_inbox(uow_factory, clock, staff_chat=STAFF_CHAT)
    for text in ("có ai không", "<script>alert(1)</script>", "'; DROP TABLE schools; --"):
        assert [r.text for r in await ask(inbox, text, group=False)] == [texts.PRIVATE_NOT_A_QUESTION], text
    assert await tickets(uow_factory) == []
    assert len(await ask(inbox, "phụ cấp tháng 9 bao giờ có ạ?", group=False)) == 2  # a real question still goes


async def test_a_demo_campaigns_date_is_credited_to_nobody(uow_factory, clock):
    due = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    async with uow_factory() as uow:
        await uow.campaigns.add_with_deadlines(
            Campaign(name="Demo", source="demo", is_demo=True), [Deadline(campaign_id=0, level="THCS", track="teacher", due_at=due)]
        )
        await uow.commit()
    [reply] = await ask(make_inbox(uow_factory, clock), "/hoi hạn chót dữ liệu giáo viên cấp THCS là khi nào")
    assert "dùng thử" in reply.text and "Sở GDĐT" not in reply.text.splitlines()[0] and "mục 2.2" not in reply.text
