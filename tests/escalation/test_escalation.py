"""Escalation end to end through the handlers: ask, forward, answer from the staff chat, relay."""

from __future__ import annotations

import pytest
from sqlmodel import select

from handlers import texts
from handlers.core.messages import ChatRef, Platform, UserRef
from storage.models import District, Member, School, Ticket
from tests.conftest import TEACHER
from tests.escalation.harness import GROUP, STAFF_CHAT, Bot

QUESTION = "Trường em có học sinh khuyết tật học hòa nhập thì có phải cập nhật trên phần mềm không ạ?"
SAME_WORDS = "truong em co hs khuyet tat hoc hoa nhap thi co phai cap nhat tren phan mem ko a"
PARAPHRASE = "hs khuyet tat hoa nhap co phai cap nhat ko a"
OTHER_QUESTION = "Máy chủ bị lỗi 502 khi đăng nhập thì làm sao ạ?"
ANSWER = "Học sinh khuyết tật học hòa nhập vẫn là học sinh của lớp; thầy/cô cập nhật đủ như các em khác."
GROUP_CHAT = ChatRef(Platform.TELEGRAM, GROUP)
OTHER_TEACHER = UserRef(Platform.TELEGRAM, "888")


async def all_tickets(uow_factory) -> list[Ticket]:
    async with uow_factory() as uow:
        return list((await uow.session.exec(select(Ticket).order_by(Ticket.id))).all())


async def register_teacher(uow_factory, user: UserRef = TEACHER, *colleagues: UserRef) -> None:
    async with uow_factory() as uow:
        district = District(code="HB", name="Hồng Bàng")
        uow.districts.add(district)
        await uow.flush()
        school = await uow.schools.add_with_levels(
            School(code="31000001", name="Trường THCS Lý Tự Trọng", district_id=district.id), ["THCS"]
        )
        for person in (user, *colleagues):
            uow.members.add(Member(platform=person.platform, user_id=person.user_id, role="staff", school_id=school.id))
        await uow.commit()


async def test_the_forward_carries_who_where_when_and_the_bots_guess(uow_factory, clock):
    await register_teacher(uow_factory)
    bot = Bot(uow_factory, clock)
    [notice, forward] = await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    assert notice.chat == GROUP_CHAT and notice.reply_to == "10" and "phiếu số 1" in notice.text
    assert forward.chat == STAFF_CHAT and forward.ticket_id == 1
    for part in ("Phiếu số 1", "Nguyễn Thị Lan", "cán bộ, giáo viên", "Trường THCS Lý Tự Trọng (31000001)", "Hồng Bàng",
                 "Cấp học: THCS", "Telegram, nhóm «Nhóm hỗ trợ THCS»", "15h00 ngày 01/06/2026", QUESTION, "độ tin cậy",
                 "/traloi 1"):
        assert part in forward.text, part
    assert forward.buttons == (texts.STAFF_GUESS_BUTTON.format(ticket=1),)


async def test_an_unregistered_private_asker_is_named_as_such(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    [_, forward] = await bot.say(OTHER_QUESTION, sender=TEACHER, group=False)
    assert texts.STAFF_TICKET_UNREGISTERED in forward.text and "Telegram, tin nhắn riêng" in forward.text


async def test_a_staff_reply_to_the_forward_reaches_the_asker_under_the_question(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="42")
    queued = await bot.staff(ANSWER, reply_to=bot.id_of("Phiếu số 1"))
    [answer] = bot.sent_to(GROUP_CHAT)[1:]
    assert answer.reply_to == "42" and ANSWER in answer.text and "phiếu số 1" in answer.text
    assert answer.quote.startswith("Trường em có học sinh")
    [confirmation] = [m for m in queued if m.chat == STAFF_CHAT]
    assert "Đã gửi câu trả lời phiếu số 1 tới 1 người hỏi" in confirmation.text
    [ticket] = await all_tickets(uow_factory)
    assert (ticket.status, ticket.answer, ticket.answered_by) == ("answered", ANSWER, "Trần Văn Sở")


async def test_traloi_answers_a_ticket_far_up_and_a_second_answer_is_a_marked_correction(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="42")
    await bot.staff(f"/traloi 1 {ANSWER}")
    assert [m.reply_to for m in bot.sent_to(GROUP_CHAT)] == ["42", "42"]
    [same] = await bot.staff(f"/traloi 1 {ANSWER}")  # the same words again: nothing resent
    assert same.text == texts.STAFF_TICKET_ALREADY_ANSWERED.format(ticket=1, by="Trần Văn Sở")
    [correction, confirmation] = await bot.staff("/traloi 1 Trả lời đúng là thế này")
    assert correction.text == texts.TICKET_CORRECTION.format(ticket=1, answer="Trả lời đúng là thế này")
    assert correction.reply_to == "42" and confirmation.text.startswith("Đã gửi đính chính phiếu số 1")
    [guess] = await bot.staff("/goiy 1")  # a guess is never sent after an answer
    assert guess.text == texts.STAFF_TICKET_ALREADY_ANSWERED.format(ticket=1, by="Trần Văn Sở")


async def test_bad_staff_input_gets_a_polite_message_and_changes_nothing(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    assert (await bot.staff("/traloi"))[0].text == texts.STAFF_TRALOI_USAGE
    assert (await bot.staff("/traloi abc"))[0].text == texts.STAFF_TRALOI_USAGE
    assert (await bot.staff("/traloi 99 xin chào"))[0].text == texts.STAFF_TICKET_NOT_FOUND.format(ticket=99)
    assert (await bot.staff("/traloi 1"))[0].text == texts.STAFF_ANSWER_EMPTY.format(ticket=1)
    assert (await bot.staff("/ve"))[0].text == texts.STAFF_NUMBER_USAGE.format(command="ve")
    assert (await bot.staff("/themfaq 1"))[0].text == texts.FAQ_NOT_ANSWERED.format(ticket=1)
    [ticket] = await all_tickets(uow_factory)
    assert ticket.status == "open" and ticket.answer is None


async def test_nothing_said_in_the_staff_chat_becomes_a_ticket(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    assert await bot.staff("Ai trả lời phiếu này được không các anh chị?") == []
    assert await bot.staff(OTHER_QUESTION) == []
    [said] = await bot.staff(f"/hoi {OTHER_QUESTION}")
    assert said.text == texts.STAFF_CHAT_NOT_FOR_QUESTIONS
    # A reply to a staff colleague's message is their conversation, not the bot's.
    colleague = UserRef(Platform.TELEGRAM, "502")
    assert await bot.say("đồng ý", sender=colleague, chat=STAFF_CHAT, reply_to="77", title="Cán bộ Sở", to_bot=False) == []
    assert len(await all_tickets(uow_factory)) == 1
    assert len(bot.sent_to(STAFF_CHAT)) == 2  # the one forward, the /hoi refusal


async def test_help_in_the_staff_chat_lists_the_staff_actions(uow_factory, clock):
    [said] = await Bot(uow_factory, clock).staff("/help")
    assert said.text == texts.STAFF_HELP


async def test_a_reply_to_a_bot_message_that_is_not_a_forward_is_explained(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.staff("/mo")
    [said] = await bot.staff(ANSWER, reply_to=bot.id_of(texts.STAFF_OPEN_NONE))
    assert said.text == texts.STAFF_REPLY_NOT_A_TICKET
    assert await all_tickets(uow_factory) == []


async def test_staff_commands_outside_the_staff_chat_say_where_they_work(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    [said] = await bot.say("/traloi 1 abc", sender=TEACHER)
    assert said.text == texts.ADMIN_ONLY.format(name="traloi")
    from tests.conftest import ADMIN

    [said] = await bot.say("/mo", sender=ADMIN)
    assert said.text == texts.STAFF_ONLY_COMMAND.format(name="mo")


async def test_two_askers_of_the_same_question_share_one_ticket_and_both_get_the_answer(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    other_group = ChatRef(Platform.TELEGRAM, "-100777")
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="42")
    [joined] = await bot.say(f"/hoi {SAME_WORDS}", sender=OTHER_TEACHER, chat=other_group, message_id="7", title="Nhóm TH")
    assert joined.text == texts.TICKET_JOINED.format(ticket=1)
    assert len(bot.sent_to(STAFF_CHAT)) == 1  # staff were not pinged twice
    await bot.staff(ANSWER, reply_to=bot.id_of("Phiếu số 1"))
    assert [(m.reply_to, ANSWER in m.text) for m in bot.sent_to(GROUP_CHAT)[1:]] == [("42", True)]
    assert [(m.reply_to, ANSWER in m.text) for m in bot.sent_to(other_group)[1:]] == [("7", True)]
    assert "tới 2 người hỏi" in bot.sent_to(STAFF_CHAT)[-1].text
    assert {t.status for t in await all_tickets(uow_factory)} == {"answered"}


async def test_a_paraphrase_joins_the_open_ticket_and_another_question_does_not(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    [joined] = await bot.say(f"/hoi {PARAPHRASE}", sender=OTHER_TEACHER, group=False)
    assert joined.text == texts.TICKET_JOINED.format(ticket=1)
    [notice, forward] = await bot.say(f"/hoi {OTHER_QUESTION}", sender=OTHER_TEACHER, group=False)
    assert "phiếu số 3" in notice.text and forward.ticket_id == 3


async def test_a_looser_rewording_joins_only_from_the_same_school(uow_factory, clock):
    colleague, stranger = UserRef(Platform.TELEGRAM, "601"), UserRef(Platform.TELEGRAM, "602")
    await register_teacher(uow_factory, TEACHER, colleague)
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    rewording = "học sinh đang học hòa nhập thì trường có phải cập nhật không ạ"
    [joined] = await bot.say(f"/hoi {rewording}", sender=colleague, group=False)
    assert joined.text == texts.TICKET_JOINED.format(ticket=1)
    [notice, _] = await bot.say(f"/hoi {rewording}?", sender=stranger, group=False)
    assert "phiếu số 3" in notice.text


async def test_the_same_asker_asking_again_is_told_the_ticket_is_in_hand(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    [said] = await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    assert said.text == texts.TICKET_ALREADY_ASKED.format(ticket=1)
    assert len(await all_tickets(uow_factory)) == 1


async def test_take_close_and_list_the_queue(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    clock.advance(hours=3)
    await bot.say(f"/hoi {OTHER_QUESTION}", sender=OTHER_TEACHER, name="Phạm Minh")
    clock.advance(minutes=20)
    [taken] = await bot.staff("/ve 1")
    assert taken.text == texts.STAFF_TAKEN.format(ticket=1, holder="Trần Văn Sở")
    [listing] = await bot.staff("/mo")
    lines = listing.text.splitlines()
    assert lines[0] == texts.STAFF_OPEN_HEADER.format(count=2)
    assert "Số 1 · chờ 3 giờ · Trần Văn Sở · Nguyễn Thị Lan" in lines[1]
    assert "Số 2 · chờ 20 phút · chưa ai nhận · Phạm Minh" in lines[2]
    [told, closed] = await bot.staff("/dong 2 không thuộc phạm vi công văn")
    assert closed.text.startswith(texts.STAFF_CLOSED.format(ticket=2, reason=" (lý do: không thuộc phạm vi công văn)"))
    assert told.chat == GROUP_CHAT and "phiếu số 2" in told.text
    [listing] = await bot.staff("/mo")
    assert "Số 2" not in listing.text
    [refused] = await bot.staff(f"/traloi 2 {ANSWER}")
    assert "đã đóng (không thuộc phạm vi công văn)" in refused.text
    [mine] = await bot.say("/phieu", sender=OTHER_TEACHER, group=False)
    assert "Phiếu số 2" in mine.text and "đã đóng" in mine.text


async def test_closing_a_ticket_tells_every_asker_why_under_their_question(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="10")
    await bot.say(f"/hoi {SAME_WORDS}", sender=OTHER_TEACHER, name="Phạm Minh", group=False, message_id="77")
    [to_first, to_second, confirmation] = await bot.staff("/dong 1 câu hỏi đã có trong hướng dẫn mới.")
    reason = texts.TICKET_CLOSED_NOTICE_REASON.format(reason="câu hỏi đã có trong hướng dẫn mới")
    notice = texts.TICKET_CLOSED_NOTICE.format(ticket=1, reason=reason)
    assert (to_first.chat, to_first.reply_to, to_first.text) == (GROUP_CHAT, "10", notice)
    assert (to_second.chat, to_second.reply_to, to_second.text) == (ChatRef(Platform.TELEGRAM, "888"), "77", notice)
    assert "Nguyễn Thị Lan" in confirmation.text and "Phạm Minh" in confirmation.text
    assert notice in [m.text for m in bot.sent_to(GROUP_CHAT)]  # really sent, not only queued
    for asker in (TEACHER, OTHER_TEACHER):
        [mine] = await bot.say("/phieu", sender=asker, group=False)
        assert "đã đóng" in mine.text
        assert texts.MY_TICKET_CLOSE_REASON.format(reason="câu hỏi đã có trong hướng dẫn mới.") in mine.text


async def test_closing_without_a_reason_still_tells_the_asker(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    [told, _] = await bot.staff("/dong 1")
    assert told.text == texts.TICKET_CLOSED_NOTICE.format(ticket=1, reason="") and told.chat == GROUP_CHAT
    [mine] = await bot.say("/phieu", sender=TEACHER, group=False)
    assert "Lý do đóng" not in mine.text


async def test_phieu_shows_the_asker_where_each_ticket_stands(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    [empty] = await bot.say("/phieu", sender=TEACHER, group=False)
    assert empty.text == texts.MY_TICKETS_NONE
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    await bot.say(f"/hoi {OTHER_QUESTION}", sender=TEACHER)
    await bot.staff("/ve 2")
    await bot.staff(f"/traloi 1 {ANSWER}")
    [mine] = await bot.say("/phieu", sender=TEACHER, group=False)
    lines = mine.text.splitlines()
    assert lines[0] == texts.MY_TICKETS_HEADER
    assert "Phiếu số 2" in lines[1] and "cán bộ Sở đang xử lý" in lines[1]
    assert "Phiếu số 1" in lines[2] and "đã trả lời" in lines[2] and "01/06/2026" in lines[2]
    assert lines[3] == texts.MY_TICKET_ANSWER.format(answer=ANSWER)  # the answer, to read again


async def test_the_guess_is_confirmed_with_one_tap(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    [_, forward] = await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    await bot.staff(forward.buttons[0])  # a pressed button reads as its text
    [_, answer] = bot.sent_to(GROUP_CHAT)
    [ticket] = await all_tickets(uow_factory)
    assert ticket.status == "answered" and ticket.answer and ticket.answer in answer.text


@pytest.mark.parametrize("platform", [Platform.CONSOLE, Platform.ZALO])
async def test_an_answer_is_relayed_across_platforms(uow_factory, clock, platform):
    """A question from the console or a Zalo group answered from a Telegram staff chat."""
    bot = Bot(uow_factory, clock)
    asker = UserRef(platform, "local")
    other_group = ChatRef(platform, "group-THCS")
    await bot.say(f"/hoi {QUESTION}", sender=asker, chat=other_group, message_id="c5")
    await bot.staff(ANSWER, reply_to=bot.id_of("Phiếu số 1"))
    [_, answer] = bot.sent_to(other_group)
    # Threaded under the question; where the platform cannot thread (Zalo), the quote is shown.
    assert answer.reply_to == "c5" and ANSWER in answer.text and answer.quote
    assert platform.value in bot.sent_to(STAFF_CHAT)[-1].text.lower()


async def test_when_the_group_is_gone_the_answer_goes_to_the_asker_privately(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="42")
    bot.channels[Platform.TELEGRAM].gone.add(GROUP)
    await bot.staff(ANSWER, reply_to=bot.id_of("Phiếu số 1"))
    [answer] = bot.sent_to(ChatRef(Platform.TELEGRAM, TEACHER.user_id))
    assert answer.reply_to is None and ANSWER in answer.text
    assert answer.text.startswith(texts.REPLY_QUOTE.format(quote="Trường em có học sinh khuyết tật học hòa nhập thì có phải…"))


async def test_the_staff_chat_is_told_when_the_answer_cannot_reach_the_asker_at_all(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="42")
    bot.channels[Platform.TELEGRAM].gone |= {GROUP, TEACHER.user_id}  # removed from the group, blocked in private
    await bot.staff(ANSWER, reply_to=bot.id_of("Phiếu số 1"))
    notice = bot.sent_to(STAFF_CHAT)[-1]
    assert notice.text.startswith("⚠️ Không gửi được tin nhắn của phiếu số 1 tới Telegram 777: Forbidden")
    assert bot.sent_to(ChatRef(Platform.TELEGRAM, TEACHER.user_id)) == []


async def test_nothing_is_lost_when_the_bot_restarts_between_question_and_answer(uow_factory, clock):
    before = Bot(uow_factory, clock)
    await before.say(f"/hoi {QUESTION}", sender=TEACHER, message_id="42")
    forward_id = before.id_of("Phiếu số 1")
    after = Bot(uow_factory, clock)  # a new process: nothing kept in memory
    await after.staff(ANSWER, reply_to=forward_id)
    [answer] = after.sent_to(GROUP_CHAT)
    assert answer.reply_to == "42" and ANSWER in answer.text


async def test_without_a_staff_chat_the_ticket_is_kept_for_later(uow_factory, clock):
    bot = Bot(uow_factory, clock, staff_chat=None)
    [notice] = await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    assert "phiếu số 1" in notice.text
    assert len(await all_tickets(uow_factory)) == 1


async def test_a_staff_command_glued_to_its_number_works_in_the_staff_chat(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    [taken] = await bot.staff("/ve1")
    assert taken.text == texts.STAFF_TAKEN.format(ticket=1, holder="Trần Văn Sở")
    [told, _] = await bot.staff("/dong1 trùng")
    assert told.chat == GROUP_CHAT and "phiếu số 1" in told.text


async def test_a_duplicate_ticket_merged_into_another_gets_its_answer(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    await bot.say(f"/hoi {OTHER_QUESTION}", sender=OTHER_TEACHER, name="Phạm Minh", group=False)
    [told, merged] = await bot.staff("/gop 2 1")
    assert told.text == texts.TICKET_MERGED_NOTICE.format(ticket=2, target=1)
    assert merged.text.startswith("Đã gộp phiếu số 2 vào phiếu số 1")
    [listing] = await bot.staff("/mo")
    assert "Số 2" not in listing.text
    replies = await bot.staff(f"/traloi 1 {ANSWER}")
    assert sum(ANSWER in r.text for r in replies) == 2  # both askers
    [mine] = await bot.say("/phieu", sender=OTHER_TEACHER, group=False)
    assert ANSWER in mine.text


async def test_a_ticket_merged_into_an_answered_one_gets_the_answer_at_once(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    await bot.staff(f"/traloi 1 {ANSWER}")
    await bot.say(f"/hoi {OTHER_QUESTION}", sender=OTHER_TEACHER, name="Phạm Minh", group=False)
    [told, merged] = await bot.staff("/gop 2 1")
    assert ANSWER in told.text and "đã nhận câu trả lời của phiếu số 1" in merged.text
    assert (await bot.staff("/gop 2 1"))[0].text == texts.STAFF_GOP_SAME.format(ticket=1)
    assert (await bot.staff("/gop 2"))[0].text == texts.STAFF_GOP_USAGE
    assert (await bot.staff("/gop 9 1"))[0].text == texts.STAFF_TICKET_NOT_FOUND.format(ticket=9)
