"""Laying a neutral message out within what a platform can do: length, replies, buttons."""

from __future__ import annotations

from bot.channels.base import message_pieces, render_text, split_text
from bot.delivery import OutboxSender
from handlers import texts
from handlers.core.messages import ChannelCapabilities, ChatRef, GroupReach, Outgoing, Platform
from handlers.core.runner import to_outbox

NARROW = ChannelCapabilities(
    max_text_length=2000, can_reply_to=False, can_show_buttons=False, group_reach=GroupReach.MENTIONS_AND_REPLIES
)
WIDE = ChannelCapabilities(max_text_length=4096, can_reply_to=True, can_show_buttons=True)
CHAT = ChatRef(Platform.ZALO, "nhom-1")


class NarrowChannelSender:
    """A platform of 2,000 characters without replies or buttons: records each piece it sends."""

    platform = Platform.ZALO

    def __init__(self) -> None:
        self.pieces: list[str] = []

    async def send(self, message: Outgoing) -> str | None:
        self.pieces += message_pieces(message, NARROW)
        return str(len(self.pieces))


def long_answer(lines: int = 60) -> str:
    return "\n".join(f"Bước {i}: " + ", ".join(["rà soát, cập nhật dữ liệu"] * 3) for i in range(lines))


def test_long_texts_are_split_at_line_breaks_within_the_limit():
    text = "\n".join(f"Dòng {i}: " + "x" * 90 for i in range(100))
    pieces = split_text(text, 4096)
    assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
    assert "\n".join(pieces) == text


def test_a_line_longer_than_the_limit_is_cut_at_a_space():
    text = "từ " * 1000
    pieces = split_text(text, 2000)
    assert all(len(p) <= 2000 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_a_reply_quotes_the_question_where_replies_cannot_be_threaded():
    reply = Outgoing(chat=CHAT, text="Hạn là 17h00 ngày 08/06/2023.", reply_to="7", quote="hạn chót THCS là khi nào")
    assert render_text(reply, NARROW).splitlines()[0] == texts.REPLY_QUOTE.format(quote="hạn chót THCS là khi nào")
    assert render_text(reply, WIDE) == "Hạn là 17h00 ngày 08/06/2023."


def test_buttons_become_numbered_choices_where_there_are_none():
    question = Outgoing(chat=CHAT, text="Thầy/cô muốn báo lớp nào?", buttons=("10A", "10A1"))
    lines = render_text(question, NARROW).splitlines()
    assert lines[1:3] == ["1. 10A", "2. 10A1"] and lines[3] == texts.NUMBERED_CHOICES_HINT
    assert render_text(question, WIDE) == "Thầy/cô muốn báo lớp nào?"


async def test_a_5000_character_reply_reaches_a_2000_character_platform_in_order(uow_factory, clock):
    channel = NarrowChannelSender()
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.ZALO: channel}, clock=clock)
    first, second = long_answer(), "Cảm ơn thầy/cô."
    assert len(first) > 5000
    async with uow_factory() as uow:
        for text in (first, second):
            uow.outbox.add(to_outbox(Outgoing(chat=CHAT, text=text), clock.now()))
        await uow.commit()
    await sender.drain()
    assert len(channel.pieces) == 4 and all(len(piece) <= 2000 for piece in channel.pieces)
    assert all(piece.startswith("Bước ") for piece in channel.pieces[:3])  # cut on line boundaries
    assert "\n".join(channel.pieces[:3]) == first
    assert channel.pieces[3] == second
