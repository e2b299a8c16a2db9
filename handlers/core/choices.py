"""Numbered choices where a platform has no buttons: the reverse of render_text's numbering.

When the bot offers buttons in a chat whose platform cannot show them (Zalo), the choices are
printed as "1. …", "2. …" and remembered for that chat; the next message that is a lone number
reads as the text of that choice, exactly as a button press would on Telegram. The choices are
forgotten once used or replaced, so a later "1" (a count, say) keeps its ordinary meaning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from handlers.core.messages import ChannelCapabilities, Incoming, Outgoing, Platform
from storage.models import ChatChoice
from storage.uow import UnitOfWork

# "2", "2.", "2)", " 2 " — a number and nothing else.
_LONE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


async def read_choice(uow: UnitOfWork, incoming: Incoming) -> Incoming:
    """The message as the choice it picks, or unchanged when it picks none."""
    match = _LONE_NUMBER.match(incoming.text)
    if match is None:
        return incoming
    row = await uow.choices.get(incoming.chat.platform, incoming.chat.chat_id)
    if row is None:
        return incoming
    labels = json.loads(row.labels)
    number = int(match[1])
    if not 1 <= number <= len(labels):
        return incoming
    await uow.choices.forget(row)
    # Picking a choice answers the bot, as pressing its button does.
    return replace(incoming, text=labels[number - 1], addressed=True, mentioned=True)


async def remember_choices(
    uow: UnitOfWork,
    messages: Iterable[Outgoing],
    capabilities: Callable[[Platform], ChannelCapabilities],
    now: datetime,
) -> None:
    """Keep the choices of messages whose platform prints buttons as numbers (the last one wins)."""
    for message in messages:
        if not message.buttons or capabilities(message.chat.platform).can_show_buttons:
            continue
        labels = json.dumps(list(message.buttons), ensure_ascii=False)
        row = await uow.choices.get(message.chat.platform, message.chat.chat_id)
        if row is None:
            row = ChatChoice(platform=message.chat.platform, chat_id=message.chat.chat_id, labels=labels, offered_at=now)
        else:
            row.labels, row.offered_at = labels, now
        uow.choices.save(row)
