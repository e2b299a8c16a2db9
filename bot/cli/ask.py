"""`ask`: what the bot would answer, to check the knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from bot.app import Database
from bot.cli.base import CliCommand
from bot.settings import Settings
from handlers.answers.answering import AnswerResult, answer_question
from handlers.answers.deadlines import DeadlineFact
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher
from handlers.answers.questions import current_deadlines
from handlers.core.context import SystemClock
from handlers.core.domain import LEVELS
from handlers.escalation.faq import FaqAdditions
from storage.errors import DatabaseUnavailable, Unavailability


def add_arguments(ask: argparse.ArgumentParser) -> None:
    ask.add_argument("question", metavar="CÂU_HỎI", help='câu hỏi; "-" để đọc mỗi dòng một tin nhắn (chữ thường hoặc JSON)')
    ask.add_argument("--level", type=str.upper, choices=LEVELS, help="cấp học của nhóm")
    ask.add_argument("--group", action="store_true", help="như tin nhắn đăng trong nhóm mà không gọi trợ lý")
    ask.add_argument("--json", action="store_true", help="in một đối tượng JSON mỗi dòng")


def ask_messages(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    """(question, level) pairs: the argument, or one per input line (text or JSON)."""
    if args.question != "-":
        return [(args.question, args.level)]
    messages = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                item = json.loads(line)
                messages.append((str(item["question"]), (item.get("level") or args.level or None)))
                continue
            except (json.JSONDecodeError, KeyError, TypeError):
                pass  # not a message object: take the line as the question itself
        messages.append((line, args.level))
    return messages


async def open_if_set_up(settings: Settings) -> Database | None:
    """The database, or None when none was set up yet (checking the knowledge base needs no data)."""
    database = Database(settings)
    try:
        await database.open(migrate=False)
    except DatabaseUnavailable as error:
        await database.close()
        if error.kind not in (Unavailability.NO_FILE, Unavailability.NOT_INITIALISED):
            raise
        return None
    return database


def describe_answer(result: AnswerResult, *, group: bool) -> str:
    if group and not result.speak:
        return "(Trong nhóm, trợ lý im lặng với tin nhắn này.)"
    if result.answer is not None:
        body = result.answer
    elif result.escalate:
        body = "(Trợ lý chuyển câu hỏi này tới cán bộ Sở GDĐT.)"
    else:
        body = "(Trợ lý không trả lời: tin nhắn không phải câu hỏi.)"
    return f"{body}\n— độ tin cậy {result.confidence:.2f}; nguồn: {result.source or 'không có'}"


async def run(settings: Settings, args: argparse.Namespace) -> int:
    matcher = Matcher(load_knowledge(settings.knowledge_path))
    database = await open_if_set_up(settings)
    try:
        await answer_all(settings, args, matcher, database)
    finally:
        if database is not None:
            await database.close()
    return 0


async def answer_all(settings: Settings, args: argparse.Namespace, matcher: Matcher, database: Database | None) -> None:
    """Each message as the bot would answer it: the letter, the campaign's deadlines and the
    department's additions (/themfaq) when a database is set up."""
    deadlines: list[DeadlineFact] = []
    if database is not None:
        async with database.uow_factory() as uow:
            deadlines = await current_deadlines(uow)
    additions = FaqAdditions()
    timezone = settings.timezone
    now = SystemClock().now()
    as_json = args.json or args.question == "-"
    for question, level in ask_messages(args):
        result = answer_question(matcher, question, level=level, deadlines=deadlines, timezone=timezone, now=now)
        if database is not None:
            async with database.uow_factory() as uow:
                added = await additions.find(uow, question, result, now.astimezone(timezone).date())
            if added is not None:
                result = replace(result, answer=added.answer, escalate=False, source=added.source, entry_id=added.id)
        if as_json:
            record = {
                "question": result.question,
                "answer": result.answer,
                "escalate": result.escalate,
                "confidence": round(result.confidence, 3),
                "source": result.source,
                "speak": result.speak,
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(describe_answer(result, group=args.group))


COMMAND = CliCommand("ask", "hỏi thử: in câu trả lời trợ lý sẽ đưa ra (kiểm tra cơ sở tri thức)", add_arguments, run)
