"""Whether the bot speaks in a group: one policy, every case in one table."""

from __future__ import annotations

import pytest

from handlers.core.messages import DEFAULT_CAPABILITIES, ChannelCapabilities, GroupReach
from handlers.core.speech import Utterance, speaks
from tests.conftest import make_incoming

EVERY_MESSAGE = DEFAULT_CAPABILITIES
MENTIONS_ONLY = ChannelCapabilities(
    max_text_length=2000, can_reply_to=False, can_show_buttons=False, group_reach=GroupReach.MENTIONS_AND_REPLIES
)
U = Utterance

# (utterance, addressed, mentioned, platform delivers, speaks in a group?)
TABLE = [
    # Plain text nobody addressed to the bot, on a platform that delivers every group message.
    (U.CONFIDENT_ANSWER, False, False, EVERY_MESSAGE, True),
    (U.TENTATIVE_ANSWER, False, False, EVERY_MESSAGE, False),
    (U.ESCALATION, False, False, EVERY_MESSAGE, False),
    (U.REPORT, False, False, EVERY_MESSAGE, True),
    (U.HINT, False, False, EVERY_MESSAGE, True),
    (U.WARNING, False, False, EVERY_MESSAGE, True),
    (U.FALLBACK, False, False, EVERY_MESSAGE, False),
    # A command (addressed), which may be meant for another bot unless it names this one.
    (U.COMMAND_REPLY, True, False, EVERY_MESSAGE, True),
    (U.UNKNOWN_COMMAND, True, False, EVERY_MESSAGE, False),
    (U.UNKNOWN_COMMAND, True, True, EVERY_MESSAGE, True),
    # A mention or a reply to the bot: it was asked, so uncertain answers and tickets are welcome.
    (U.TENTATIVE_ANSWER, True, True, EVERY_MESSAGE, True),
    (U.ESCALATION, True, True, EVERY_MESSAGE, True),
    (U.CONFIDENT_ANSWER, True, True, EVERY_MESSAGE, True),
    (U.FALLBACK, True, True, EVERY_MESSAGE, True),  # "@bot xong" not understood: point to /help
    # A platform that delivers only mentions and replies: whatever arrives was meant for the bot.
    (U.TENTATIVE_ANSWER, False, False, MENTIONS_ONLY, True),
    (U.ESCALATION, False, False, MENTIONS_ONLY, True),
    (U.UNKNOWN_COMMAND, True, False, MENTIONS_ONLY, True),
    (U.FALLBACK, False, False, MENTIONS_ONLY, True),  # Zalo delivers only what is meant for the bot
]


@pytest.mark.parametrize(("utterance", "addressed", "mentioned", "capabilities", "expected"), TABLE)
def test_group_speech_follows_the_table(utterance, addressed, mentioned, capabilities, expected):
    incoming = make_incoming("x", group=True, addressed=addressed, mentioned=mentioned)
    assert speaks(utterance, incoming, capabilities) is expected


@pytest.mark.parametrize("utterance", list(Utterance))
@pytest.mark.parametrize("capabilities", [EVERY_MESSAGE, MENTIONS_ONLY])
def test_in_a_private_chat_the_bot_always_answers(utterance, capabilities):
    assert speaks(utterance, make_incoming("x", group=False), capabilities) is True


def test_every_utterance_is_covered_by_the_group_table():
    assert {row[0] for row in TABLE} == set(Utterance)
