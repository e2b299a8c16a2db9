"""Use cases on the in-memory unit of work: no database, same behaviour."""

from __future__ import annotations

from handlers import texts
from handlers.core.inbox import Inbox
from handlers.core.messages import Platform
from storage.models import JoinCode, School
from tests.conftest import ADMIN, TEACHER, default_dispatcher, make_incoming
from tests.fakes import FakeDatabase, add_school


def make_inbox(db: FakeDatabase, clock, config) -> Inbox:
    return Inbox(uow_factory=db.uow_factory, dispatcher=default_dispatcher(), clock=clock, config=config)


async def test_an_administrator_binds_a_group_to_its_level(clock, config):
    db = FakeDatabase()
    replies = await make_inbox(db, clock, config).handle(make_incoming("/nhom thcs", sender=ADMIN, chat_id="-1007"))
    assert [r.text for r in replies] == [texts.GROUP_LEVEL_SET.format(level="THCS")]
    assert [(g.chat_id, g.level) for g in db.groups] == [("-1007", "THCS")]
    assert [row.text for row in db.outbox] == [replies[0].text]


async def test_a_teacher_cannot_bind_a_group_and_nothing_changes_but_the_reply(clock, config):
    db = FakeDatabase()
    [reply] = await make_inbox(db, clock, config).handle(make_incoming("/nhom THCS", sender=TEACHER))
    assert reply.text == texts.ADMIN_ONLY.format(name="nhom")
    assert [g.level for g in db.groups] == [None]


async def test_a_redelivered_update_is_handled_once(clock, config):
    db = FakeDatabase()
    inbox = make_inbox(db, clock, config)
    update = make_incoming("/help", update_id="u-1")
    assert await inbox.handle(update) and await inbox.handle(update) is None
    assert len(db.outbox) == 1 and db.processed == {(Platform.TELEGRAM, "u-1")}


async def test_registration_with_a_staff_code_links_the_teacher_to_the_school(clock, config):
    db = FakeDatabase()
    school = add_school(db, School(code="31001", name="Trường THCS Lê Lợi", expected_classes=30), ["THCS"])
    db.join_codes.append(JoinCode(id=99, code="ABCDEFGHJK", role="staff", school_id=school.id))
    [reply] = await make_inbox(db, clock, config).handle(make_incoming("/dangky abcde-fghjk 6a1", group=False))
    assert reply.text.startswith(texts.REGISTERED_SCHOOL.format(role="cán bộ, giáo viên", school="Trường THCS Lê Lợi"))
    [member] = db.members
    assert (member.school_id, member.homeroom_class, member.registered_at) == (school.id, "6A1", clock.now())


async def test_a_wrong_code_is_counted_and_refused(clock, config):
    db = FakeDatabase()
    [reply] = await make_inbox(db, clock, config).handle(make_incoming("/dangky ZZZZZ-ZZZZZ", group=False))
    assert reply.text == texts.REGISTER_WRONG_CODE
    assert len(db.registration_failures) == 1 and db.members == []
