"""Work that does not start from a message (a reminder, a re-announcement) runs exactly once."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from handlers.core.messages import ChatRef, Outgoing, Platform
from handlers.core.runner import ExactlyOnceRunner, WorkKey
from storage.models import Group, OutboxMessage
from storage.uow import UnitOfWork

STAFF_GROUP = ChatRef(Platform.TELEGRAM, "-100500")


class Crash(Exception):
    """The process dying between the work's writes and the commit."""


async def outbox_texts(uow_factory) -> list[str]:
    async with uow_factory() as uow:
        rows = (await uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        return [row.text for row in rows]


async def group_titles(uow_factory) -> list[str]:
    async with uow_factory() as uow:
        return [group.title for group in (await uow.session.exec(select(Group))).all()]


def reminder_job(clock, *, crash: bool = False):
    """A job that writes a row and queues a message, like a reminder does."""

    async def work(uow: UnitOfWork) -> list[Outgoing]:
        await uow.groups.get_or_add(STAFF_GROUP.platform, STAFF_GROUP.chat_id, "Nhóm THCS", clock.now())
        if crash:
            await uow.flush()  # the row reached the database, uncommitted
            raise Crash
        return [Outgoing(chat=STAFF_GROUP, text="Còn 3 ngày đến hạn.")]

    return work


async def test_a_job_run_twice_under_one_key_sends_once(uow_factory, clock):
    woken = []
    runner = ExactlyOnceRunner(uow_factory=uow_factory, clock=clock, wake=lambda: woken.append(True))
    key = WorkKey.job("reminder:1:THCS:teacher:3d")
    first = await runner.run(key, reminder_job(clock))
    second = await runner.run(key, reminder_job(clock))
    assert [m.text for m in first] == ["Còn 3 ngày đến hạn."]
    assert second is None
    assert await outbox_texts(uow_factory) == ["Còn 3 ngày đến hạn."]
    assert woken == [True]  # the sender is told once, after the commit
    assert await runner.is_done(key)


async def test_a_crash_before_the_commit_leaves_nothing_and_the_next_run_does_it_all(uow_factory, clock):
    runner = ExactlyOnceRunner(uow_factory=uow_factory, clock=clock)
    key = WorkKey.job("reminder:1:THCS:teacher:1d")
    with pytest.raises(Crash):
        await runner.run(key, reminder_job(clock, crash=True))
    assert await outbox_texts(uow_factory) == [] and await group_titles(uow_factory) == []
    assert not await runner.is_done(key)
    # After the restart the same job runs in full, once.
    assert await runner.run(key, reminder_job(clock)) is not None
    assert await runner.run(key, reminder_job(clock)) is None
    assert await outbox_texts(uow_factory) == ["Còn 3 ngày đến hạn."]
    assert await group_titles(uow_factory) == ["Nhóm THCS"]


async def test_two_processes_running_one_job_at_once_send_it_once(uow_factory, clock):
    runners = [ExactlyOnceRunner(uow_factory=uow_factory, clock=clock) for _ in range(4)]
    key = WorkKey.job("digest:2026-06-01")

    async def digest(uow: UnitOfWork) -> list[Outgoing]:
        await asyncio.sleep(0)  # let the other runs interleave (no wall-clock wait)
        return [Outgoing(chat=STAFF_GROUP, text="Tổng hợp tiến độ")]

    results = await asyncio.gather(*(runner.run(key, digest) for runner in runners))
    assert sum(1 for result in results if result) == 1
    assert await outbox_texts(uow_factory) == ["Tổng hợp tiến độ"]


async def test_job_keys_do_not_collide_with_platform_update_ids(uow_factory, clock):
    runner = ExactlyOnceRunner(uow_factory=uow_factory, clock=clock)

    async def say(uow: UnitOfWork) -> list[Outgoing]:
        return [Outgoing(chat=STAFF_GROUP, text="x")]

    assert await runner.run(WorkKey(Platform.TELEGRAM, "42"), say)
    assert await runner.run(WorkKey.job("42"), say)
