"""The bot collects no personal data, and says so when someone posts an ID number in a group."""

from __future__ import annotations

import re

from handlers import texts
from handlers.core.context import Context
from handlers.core.messages import Outgoing
from handlers.core.speech import Utterance

# A 12-digit citizen ID (CCCD / mã định danh), however its digits are grouped: "001203004567",
# "001 203 004 567", "001-203-004-568", "0012 0300 4569", "001.203.004.567"; alone or in a list.
# Never part of a longer run of digits, such as two phone numbers side by side.
_SEPARATOR = r"[ .\-]"
_CITIZEN_ID = re.compile(
    rf"(?<!\d{_SEPARATOR})(?<![\d.\-])\d(?:{_SEPARATOR}?\d){{11}}(?!\d|{_SEPARATOR}\d)"
)


# An account's password written out: "mật khẩu: Abc@123", "mk là 123456", "pass = ...".
_CREDENTIALS = re.compile(
    r"\b(?:mật\s*khẩu|mat\s*khau|mk|pass(?:word)?|pw)(?:\s+\w+){0,3}?\s*(?::|=|\blà\b|\bla\b)\s*\S{4,}",
    re.IGNORECASE,
)


def contains_credentials(text: str) -> bool:
    return _CREDENTIALS.search(text) is not None


def contains_citizen_id(text: str) -> bool:
    return _CITIZEN_ID.search(text) is not None


def mask_citizen_ids(text: str) -> str:
    """The text with every ID-like number hidden, before it is stored or forwarded."""
    return _CITIZEN_ID.sub(texts.CITIZEN_ID_MASK, text)


async def warn_personal_data(ctx: Context) -> list[Outgoing] | None:
    """A guard on every group message, commands included: warn, and handle it no further."""
    if not ctx.incoming.in_group or not ctx.may_say(Utterance.WARNING):
        return None
    if contains_citizen_id(ctx.incoming.text):
        return [ctx.reply(texts.PERSONAL_DATA_WARNING)]
    if contains_credentials(ctx.incoming.text):
        return [ctx.reply(texts.CREDENTIALS_WARNING)]
    return None
