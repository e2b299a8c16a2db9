"""The one place that decides whether the bot speaks in a group.

A busy support group must not be flooded: the bot answers what is addressed to it (a command,
a mention, a reply to it), reports, questions it can answer with confidence, and personal data
that does not belong there; it leaves chatter, uncertain guesses and escalations to the people
in the group unless someone asked it. In a private chat it always answers.
"""

from __future__ import annotations

from enum import StrEnum

from handlers.core.messages import ChannelCapabilities, GroupReach, Incoming


class Utterance(StrEnum):
    """What the bot would say."""

    COMMAND_REPLY = "command_reply"  # the answer of a known command
    UNKNOWN_COMMAND = "unknown_command"  # "this command does not exist"
    REPORT = "report"  # a report's acknowledgement, or why it was not recorded
    CONFIDENT_ANSWER = "confident_answer"  # a question answered from the letter with confidence
    TENTATIVE_ANSWER = "tentative_answer"  # a likely answer with suggestions
    ESCALATION = "escalation"  # "the department will answer": a ticket is opened
    HINT = "hint"  # a message that looks like a report or a progress question: the right command
    FALLBACK = "fallback"  # nothing understood: point to /help
    WARNING = "warning"  # personal data posted in a group


# Said in a group even when nobody addressed the bot.
_UNPROMPTED = frozenset({Utterance.REPORT, Utterance.CONFIDENT_ANSWER, Utterance.HINT, Utterance.WARNING})
# Said in a group only when the message named this bot, not just any bot's command: "@bot xong"
# that nothing understood gets the pointer to /help rather than silence.
_NEEDS_MENTION = frozenset({Utterance.UNKNOWN_COMMAND, Utterance.FALLBACK})


def speaks(utterance: Utterance, incoming: Incoming, capabilities: ChannelCapabilities) -> bool:
    if not incoming.in_group:
        return True
    # Where a platform delivers only mentions and replies, whatever arrives was meant for the bot.
    mentioned = incoming.mentioned or capabilities.group_reach is GroupReach.MENTIONS_AND_REPLIES
    if utterance in _NEEDS_MENTION:
        return mentioned
    addressed = incoming.addressed or mentioned
    return addressed or utterance in _UNPROMPTED
