"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

Real HTTP: python-telegram-bot talks to it through TELEGRAM_API_BASE_URL exactly as it talks to
Telegram. It serves the methods the bot uses, records what the bot sends, and queues updates for
getUpdates the way Telegram does: an update stays until a call's `offset` passes it (an offset
confirms every earlier update), a batch holds at most `limit` updates (100 by default), and a
second poller holding a long poll at the same time is refused with 409 when
`refuse_second_poller` is set. It can be told to answer a method with an error (fail_next), or to
answer a share of sendMessage calls with 429 and 502 (flaky_sends), deterministically.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

from aiohttp import web

from tests.fake_server import FakeBotApi

BOT_ID = 4242
BOT_USERNAME = "TroLyCSDLTestBot"
TOKEN = "4242:TEST-token-never-logged"


@dataclass
class FakeTelegram(FakeBotApi):
    BASE_PATH: ClassVar[str] = "/bot"  # python-telegram-bot's base_url ends in /bot

    can_read_all_group_messages: bool = True
    admin_chats: set[int] = field(default_factory=set)
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    refuse_second_poller: bool = False
    confirmed_offset: int = 0  # the highest offset a getUpdates call has sent
    _polling: int = 0
    _send_faults: list[int] = field(default_factory=list)  # status per coming sendMessage; 200 = ok
    _send_fault_cycle: tuple[int, ...] = ()
    _send_calls: int = 0
    retry_after: int = 1

    # --- what tests call ---------------------------------------------------------------
    def group_message(self, text: str, *, chat_id: int = -100123, user_id: int = 777, reply_to_bot: int | None = None,
                      title: str = "Nhóm hỗ trợ THCS", update_id: int | None = None) -> dict[str, Any]:
        message = self._message(text, chat={"id": chat_id, "type": "supergroup", "title": title}, user_id=user_id)
        if reply_to_bot is not None:
            message["reply_to_message"] = {
                "message_id": reply_to_bot, "date": int(time.time()), "text": "…",
                "chat": {"id": chat_id, "type": "supergroup", "title": title},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Trợ lý", "username": BOT_USERNAME},
            }
        return self._update(message, update_id)

    def private_message(self, text: str, *, user_id: int = 777, update_id: int | None = None) -> dict[str, Any]:
        message = self._message(text, chat={"id": user_id, "type": "private", "first_name": "Cô"}, user_id=user_id)
        return self._update(message, update_id)

    def fail_next(self, method: str, status: int, description: str, **parameters: Any) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self._queue_failure(method, status, body)

    def flaky_sends(self, pattern: tuple[int, ...]) -> None:
        """Answer sendMessage calls by `pattern`, cycled: 200 accepts, 429 asks to wait
        `retry_after` seconds, 502 is a bad gateway (the message is not delivered)."""
        self._send_fault_cycle = pattern

    def updates_left(self) -> int:
        return len(self._updates)

    # --- the Bot API ------------------------------------------------------------------
    def _message(self, text: str, *, chat: dict[str, Any], user_id: int) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "text": text,
            "from": {"id": user_id, "is_bot": False, "first_name": "Lan", "last_name": "Nguyễn"},
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        elif f"@{BOT_USERNAME}" in text:
            message["entities"] = [{"type": "mention", "offset": text.index("@"), "length": len(BOT_USERNAME) + 1}]
        return message

    def _update(self, message: dict[str, Any], update_id: int | None) -> dict[str, Any]:
        return {"update_id": update_id if update_id is not None else next(self._update_ids), "message": message}

    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await _parameters(request)
        self.calls.append(method)
        failure = self._next_failure(method)
        if failure is not None:
            return failure
        if method == "sendMessage" and self._send_fault_cycle:
            status = self._send_fault_cycle[self._send_calls % len(self._send_fault_cycle)]
            self._send_calls += 1
            if status == 429:
                return web.json_response(
                    {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {self.retry_after}",
                     "parameters": {"retry_after": self.retry_after}}, status=429)
            if status == 502:
                return web.Response(status=502, text="<html>502 Bad Gateway</html>", content_type="text/html")
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return web.json_response({"ok": True, "result": True})
        result = await handler(params)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID, "is_bot": True, "first_name": "Trợ lý CSDL Ngành", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]] | web.Response:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        if self.refuse_second_poller and self._polling:
            return web.json_response(
                {"ok": False, "error_code": 409,
                 "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"},
                status=409)
        self._polling += 1
        try:
            async with self._changed:
                # An offset confirms every update below it: Telegram forgets them for good.
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                self._changed.notify_all()
                if not self._updates and timeout:
                    await self._wait_for_updates(timeout)
                return list(self._updates[:limit])
        finally:
            self._polling -= 1

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids), "date": int(time.time()), "text": params["text"],
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Trợ lý", "username": BOT_USERNAME},
        }
        await self._record_sent(params)
        return message

    async def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        status = "administrator" if int(params["chat_id"]) in self.admin_chats else "member"
        user = {"id": int(params["user_id"]), "is_bot": True, "first_name": "Trợ lý"}
        if status == "administrator":
            return {"status": status, "user": user, "can_be_edited": False, "is_anonymous": False,
                    "can_manage_chat": True, "can_delete_messages": True, "can_manage_video_chats": True,
                    "can_restrict_members": True, "can_promote_members": False, "can_change_info": True,
                    "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
                    "can_delete_stories": False}
        return {"status": status, "user": user}


async def _parameters(request: web.Request) -> dict[str, Any]:
    """PTB posts form fields whose complex values are JSON; accept JSON bodies too."""
    if request.content_type == "application/json":
        return await request.json()
    params: dict[str, Any] = dict(await request.post())
    for key, value in params.items():
        if isinstance(value, str) and value[:1] in "[{":
            params[key] = json.loads(value)
    return params
