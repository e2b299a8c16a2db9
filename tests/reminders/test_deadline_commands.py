"""/hanchot and /nhacnho through the inbox: reading deadlines with their source and time left,
setting them with a confirmation, reminding now."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from handlers import texts
from handlers.admin.campaigns import create_campaign
from handlers.answers.deadlines import current_deadlines as current_deadline_facts
from handlers.core.context import CoreConfig
from handlers.core.inbox import Inbox
from handlers.core.messages import Platform, UserRef
from storage.models import Group, Member
from tests.conftest import ADMIN, FakeClock, default_dispatcher, make_incoming
from tests.reminders.conftest import HANOI, THCS_GROUP, local

LEADER = UserRef(Platform.TELEGRAM, "5001")


def inbox_for(uow_factory, clock) -> Inbox:
    config = CoreConfig(admin_ids=frozenset({ADMIN}), timezone=HANOI)
    return Inbox(uow_factory=uow_factory, dispatcher=default_dispatcher(), clock=clock, config=config)


async def say(inbox, text, *, sender=ADMIN, group=True, chat_id=THCS_GROUP.chat_id):
    return await inbox.handle(make_incoming(text, sender=sender, group=group, chat_id=chat_id))


async def test_without_a_campaign_the_bot_says_no_deadline_is_set_and_gives_the_contacts(uow_factory):
    inbox = inbox_for(uow_factory, FakeClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC)))
    [reply] = await say(inbox, "/hanchot", sender=LEADER, group=False)
    assert reply.text == texts.NO_DEADLINE
    assert "0936001379" in reply.text


async def test_the_letters_dates_are_credited_to_the_letter_and_said_to_be_past(uow_factory):
    clock = FakeClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    async with uow_factory() as uow:
        await create_campaign(uow, "Theo công văn", from_letter=True, now=clock.now())
        await uow.commit()
    [reply] = await say(inbox_for(uow_factory, clock), "/hanchot", sender=LEADER, group=False)
    assert "- Dữ liệu giáo viên, Mầm non, Tiểu học và THCS: 17h00 ngày 08/06/2023 (đã hết hạn), theo công văn hướng dẫn của Sở GDĐT (mục 2.2)" in reply.text
    assert "17h00 ngày 15/06/2023 (đã hết hạn)" in reply.text
    assert texts.DEADLINE_PAST_NOTE in reply.text


async def test_in_a_group_the_groups_levels_are_shown_with_the_time_left_and_the_departments_word(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    [reply] = await say(inbox, "/hanchot", sender=LEADER)
    assert reply.text.splitlines()[1] == (
        "- Dữ liệu giáo viên, THCS: 17h00 ngày 08/12/2026 (còn 7 ngày 8 giờ), theo thông báo của Sở"
    )
    assert "công văn" not in reply.text and "Tiểu học" not in reply.text


async def test_in_private_a_member_sees_the_earliest_deadline_of_their_school(uow_factory, province):
    [reply] = await say(inbox_for(uow_factory, province.clock), "/hanchot", sender=LEADER, group=False)
    assert reply.text.startswith("Hạn chót của Trường THCS")
    assert "17h00 ngày 08/12/2026 (còn 7 ngày 8 giờ)" in reply.text


async def test_a_demo_date_is_never_credited_to_the_letter(uow_factory):
    from handlers.admin.demo import load_demo

    clock = FakeClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    async with uow_factory() as uow:
        await load_demo(uow, now=clock.now(), timezone=HANOI)
        await uow.commit()
    [reply] = await say(inbox_for(uow_factory, clock), "/hanchot", sender=LEADER, group=False)
    assert "công văn" not in reply.text and texts.DEADLINE_SOURCES["demo"] in reply.text
    async with uow_factory() as uow:
        assert not any(fact.from_letter for fact in await current_deadline_facts(uow))


async def test_an_administrator_sets_a_deadline_only_after_confirming(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    [preview] = await say(inbox, "/hanchot THCS gv 20/12/2026 17:00")
    assert preview.text.startswith("Đặt hạn dữ liệu giáo viên cấp THCS: 17h00 ngày 20/12/2026 (còn 19 ngày 8 giờ)")
    assert "thay cho 17h00 ngày 08/12/2026" in preview.text
    assert preview.buttons == ("/hanchot THCS gv 20/12/2026 17:00 xacnhan",)
    async with uow_factory() as uow:
        assert (await uow.campaigns.active_deadlines())[("teacher", "THCS")] == local("08/12/2026 17:00")
    [done] = await say(inbox, preview.buttons[0])  # pressing the button sends its text
    assert done.text.startswith("Đã đặt hạn dữ liệu giáo viên cấp THCS: 17h00 ngày 20/12/2026")
    async with uow_factory() as uow:
        assert (await uow.campaigns.active_deadlines())[("teacher", "THCS")] == local("20/12/2026 17:00")


async def test_bad_deadline_input_gets_a_polite_message_and_changes_nothing(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    assert (await say(inbox, "/hanchot THCX gv 20/12/2026"))[0].text == texts.DEADLINE_BAD_LEVEL.format(text="THCX")
    assert (await say(inbox, "/hanchot THCS abc 20/12/2026"))[0].text == texts.DEADLINE_BAD_TRACK.format(text="abc")
    assert (await say(inbox, "/hanchot THCS gv 31/02/2026 xacnhan"))[0].text == texts.DEADLINE_BAD_WHEN.format(text="31/02/2026")
    assert (await say(inbox, "/hanchot THCS gv 20/12/2026 17:00 xacnhan", sender=LEADER))[0].text == texts.DEADLINE_SET_ADMIN_ONLY
    async with uow_factory() as uow:
        assert (await uow.campaigns.active_deadlines())[("teacher", "THCS")] == local("08/12/2026 17:00")


async def test_an_administrator_removes_a_deadline_after_confirming(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    [preview] = await say(inbox, "/hanchot xoa MN gv")
    assert preview.buttons == ("/hanchot xoa MN gv xacnhan",)
    [done] = await say(inbox, preview.buttons[0])
    assert done.text == "Đã bỏ hạn dữ liệu giáo viên cấp Mầm non của đợt «Đợt rà soát tháng 12/2026»."
    async with uow_factory() as uow:
        assert ("teacher", "MN") not in await uow.campaigns.active_deadlines()


async def test_nhacnho_sends_the_current_reminder_now_to_the_group_and_the_responsible_staff(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    replies = await say(inbox, "/nhacnho")
    chats = sorted(r.chat.chat_id for r in replies)
    assert chats.count(THCS_GROUP.chat_id) == 2  # the reminder post and the summary for the admin
    assert {"5001", "5002", "6001"} <= set(chats)
    assert replies[-1].text == "Đã gửi nhắc hạn (dữ liệu giáo viên cấp THCS, hạn 17h00 ngày 08/12/2026): 1 nhóm, 2 tin riêng, 1 tin cho Phòng GDĐT."
    assert (await say(inbox, "/nhacnho", sender=LEADER))[0].text == texts.ADMIN_ONLY.format(name="nhacnho")


async def test_nhacnho_with_nobody_to_remind_says_so_instead_of_sent(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    async with uow_factory() as uow:  # nobody registered and no group bound: nobody to remind
        for table in (Member, Group):
            for row in (await uow.session.exec(select(table))).all():
                await uow.session.delete(row)
        await uow.commit()
    [reply] = await say(inbox, "/nhacnho THCS gv", group=False)
    assert reply.text.startswith("Không có tin nhắc nào để gửi (dữ liệu giáo viên cấp THCS")


async def test_nhacnho_with_an_unknown_word_or_no_level_in_private_sends_nothing(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    [unknown] = await say(inbox, "/nhacnho XYZ")
    assert unknown.text == texts.NHACNHO_UNKNOWN_WORD.format(word="XYZ")
    [no_level] = await say(inbox, "/nhacnho", group=False)
    assert no_level.text == texts.NHACNHO_LEVEL_NEEDED


async def test_a_school_with_several_levels_sees_each_levels_date_and_the_earliest_it_must_meet(uow_factory):
    from handlers.admin.demo import load_demo
    from storage.models import Deadline, School

    clock = FakeClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    async with uow_factory() as uow:
        await load_demo(uow, now=clock.now(), timezone=HANOI)
        [school] = (await uow.session.exec(select(School).where(School.code == "DEMO-TH-THCS-01"))).all()
        uow.session.add(Member(platform="telegram", user_id="7777", role="staff", school_id=school.id))
        for deadline in (await uow.session.exec(select(Deadline).where(Deadline.level == "THCS"))).all():
            deadline.due_at = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # 17h00 local
        await uow.commit()
    [reply] = await say(inbox_for(uow_factory, clock), "/hanchot", sender=UserRef(Platform.TELEGRAM, "7777"), group=False)
    lines = reply.text.splitlines()
    assert any("Tiểu học" in line and "04/12/2026" in line for line in lines), reply.text
    assert any("THCS" in line and "10/12/2026" in line for line in lines), reply.text
    assert lines[-1] == texts.DEADLINE_SCHOOL_EARLIEST.format(when="17h00 ngày 04/12/2026")


async def test_someone_else_setting_a_deadline_is_told_it_is_for_administrators(uow_factory, province):
    inbox = inbox_for(uow_factory, province.clock)
    [reply] = await say(inbox, "/hanchot THCS gv 10/12/2026 17:00", sender=LEADER, group=False)
    assert reply.text == texts.DEADLINE_SET_ADMIN_ONLY


async def test_in_a_group_a_member_sees_their_own_schools_deadline_as_the_answers_give_it(uow_factory, province):
    # a THPT teacher asking in the THCS group: her school's date, not the group's (answers do the same)
    async with uow_factory() as uow:
        school = await uow.schools.by_code("DEMO-THPT-01")
        assert school is not None
        uow.members.add(Member(platform="telegram", user_id="5009", role="staff", school_id=school.id))
        await uow.commit()
    [reply] = await say(inbox_for(uow_factory, province.clock), "/hanchot", sender=UserRef(Platform.TELEGRAM, "5009"))
    assert reply.text.startswith("Hạn chót của Trường THPT")
    assert "08/12/2026" not in reply.text
