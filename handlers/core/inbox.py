"""Handle one incoming update exactly once (see handlers/core/runner.py).

A redelivered update finds its mark and does nothing; a crash before the commit leaves nothing
behind, so the redelivery is handled in full. A handler that fails gets the update marked with
an apology instead, so a poisonous message cannot fail forever; a database that cannot be reached
is no handler's fault: the error goes back to the channel, which keeps the update for a retry.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from handlers import texts
from handlers.core.choices import read_choice, remember_choices
from handlers.core.context import Clock, Context, CoreConfig
from handlers.core.dispatcher import Dispatcher
from handlers.core.domain import clean_text, short_quote
from handlers.core.messages import DEFAULT_CAPABILITIES, ChannelCapabilities, Incoming, Outgoing, Platform
from handlers.core.personal_data import mask_citizen_ids
from handlers.core.runner import ExactlyOnceRunner, WorkKey
from storage.errors import Conflict, is_unavailable
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


NAME_CHARS = 255  # the width of the name columns (members, tickets, groups)


def _stored_name(name: str) -> str:
    """A display name as it may be stored: one line, no ID number, cut to the column."""
    return mask_citizen_ids(" ".join(clean_text(name).split()))[:NAME_CHARS]


class Inbox:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        dispatcher: Dispatcher,
        clock: Clock,
        config: CoreConfig,
        capabilities: Mapping[Platform, ChannelCapabilities] | None = None,
        runner: ExactlyOnceRunner | None = None,
    ) -> None:
        self._runner = runner or ExactlyOnceRunner(uow_factory=uow_factory, clock=clock)
        self._dispatcher = dispatcher
        self._clock = clock
        self._config = config
        # Shared with the application: channels register their capabilities as they start.
        self._capabilities = capabilities if capabilities is not None else {}

    async def handle(self, incoming: Incoming) -> list[Outgoing] | None:
        """The messages queued for sending, or None when this update was handled before."""
        incoming = replace(
            incoming,
            text=clean_text(incoming.text),
            sender_name=_stored_name(incoming.sender_name),
            chat_title=_stored_name(incoming.chat_title),
        )
        key = WorkKey(incoming.platform, incoming.update_id)

        async def dispatch(uow: UnitOfWork) -> list[Outgoing]:
            chosen = await read_choice(uow, incoming)
            outgoing = await self._dispatcher.dispatch(await self._context(chosen, uow))
            await remember_choices(uow, outgoing, self.capabilities_of, self._clock.now())
            return outgoing

        try:
            return await self._runner.run(key, dispatch)
        except Conflict:
            log.exception("update %s kept conflicting", key)
        except Exception as error:
            if is_unavailable(error):
                raise  # the channel keeps the update unconfirmed and hands it over again later
            log.exception("handling update %s failed", key)
        return await self._apologise(key, incoming)

    def capabilities_of(self, platform: Platform) -> ChannelCapabilities:
        return self._capabilities.get(platform, DEFAULT_CAPABILITIES)

    async def _apologise(self, key: WorkKey, incoming: Incoming) -> list[Outgoing] | None:
        """The handler failed: mark the update so it does not fail again, and say sorry."""
        apology = Outgoing(
            chat=incoming.chat, text=texts.INTERNAL_ERROR, reply_to=incoming.message_id, quote=short_quote(incoming.text)
        )

        async def say_sorry(uow: UnitOfWork) -> list[Outgoing]:
            return [apology]

        try:
            return await self._runner.run(key, say_sorry)
        except Conflict:
            return None

    async def _context(self, incoming: Incoming, uow: UnitOfWork) -> Context:
        group = None
        if incoming.in_group:
            group = await uow.groups.get_or_add(incoming.platform, incoming.chat.chat_id, incoming.chat_title, self._clock.now())
        member = await uow.members.get(incoming.sender.platform, incoming.sender.user_id)
        return Context(
            uow=uow,
            clock=self._clock,
            config=self._config,
            incoming=incoming,
            member=member,
            group=group,
            capabilities=self.capabilities_of(incoming.platform),
        )
