"""/themfaq: an answered ticket answers the next identical or paraphrased question at once;
python -m bot faq lists, exports and withdraws the additions."""

from __future__ import annotations

import argparse

from bot.app import Database
from bot.cli.faq import faq_command
from bot.settings import load_settings
from handlers import texts
from handlers.answers.knowledge import load_knowledge
from tests.conftest import TEACHER
from tests.escalation.harness import Bot
from tests.escalation.test_escalation import ANSWER, OTHER_QUESTION, OTHER_TEACHER, PARAPHRASE, QUESTION, all_tickets

SECOND_WORDING = "học sinh khuyết tật hòa nhập có phải cập nhật trên phần mềm không"


async def answered_and_promoted(bot: Bot) -> None:
    await bot.say(f"/hoi {QUESTION}", sender=TEACHER)
    await bot.say(f"/hoi {SECOND_WORDING}", sender=OTHER_TEACHER, group=False)
    await bot.staff(f"/traloi 1 {ANSWER}")
    [added] = await bot.staff("/themfaq 1")
    assert added.text == texts.FAQ_ADDED.format(ticket=1, addition=1, phrasings=2)


async def test_a_promoted_answer_answers_the_same_and_a_paraphrased_question_at_once(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await answered_and_promoted(bot)
    newcomer = OTHER_TEACHER.__class__(OTHER_TEACHER.platform, "999")
    for question in (QUESTION, PARAPHRASE):
        [reply] = await bot.say(f"/hoi {question}", sender=newcomer, group=False)
        assert ANSWER in reply.text and "Câu trả lời của cán bộ Sở GDĐT, bổ sung từ phiếu số 1" in reply.text
    assert len(await all_tickets(uow_factory)) == 2  # no new ticket
    [notice, _] = await bot.say(f"/hoi {OTHER_QUESTION}", sender=newcomer, group=False)
    assert "phiếu số 3" in notice.text  # an unrelated question still goes to staff


async def test_an_addition_counts_in_another_process_without_a_restart(uow_factory, clock):
    asking = Bot(uow_factory, clock)  # its desk has looked at the (empty) additions already
    [_, _] = await asking.say(f"/hoi {QUESTION}", sender=TEACHER, group=False)
    staff_side = Bot(uow_factory, clock)
    await staff_side.staff(f"/traloi 1 {ANSWER}")
    await staff_side.staff("/themfaq 1")
    [reply] = await asking.say(f"/hoi {PARAPHRASE}", sender=OTHER_TEACHER, group=False)
    assert ANSWER in reply.text


async def test_promotion_twice_or_of_an_open_ticket_is_refused(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    await answered_and_promoted(bot)
    [again] = await bot.staff("/themfaq 1")
    assert again.text == texts.FAQ_ALREADY.format(ticket=1, addition=1)
    [missing] = await bot.staff("/themfaq 7")
    assert missing.text == texts.STAFF_TICKET_NOT_FOUND.format(ticket=7)


def faq_args(action: str, **extra) -> argparse.Namespace:
    return argparse.Namespace(action=action, **extra)


async def test_faq_list_export_and_withdraw(uow_factory, clock, engine, tmp_path, capsys):
    bot = Bot(uow_factory, clock)
    database = Database(load_settings(database_url="sqlite+aiosqlite:///unused.db", _env_file=None), engine=engine)
    assert await faq_command(database, faq_args("list")) == 0
    assert texts.FAQ_CLI_NONE in capsys.readouterr().out
    await answered_and_promoted(bot)

    assert await faq_command(database, faq_args("list")) == 0
    listing = capsys.readouterr().out
    assert "Trần Văn Sở" in listing and texts.FAQ_CLI_IN_FORCE in listing and "01/06/2026" in listing

    out = tmp_path / "bo-sung.yaml"
    assert await faq_command(database, faq_args("export", out=out)) == 0
    [entry] = load_knowledge(out).entries  # a valid knowledge file
    assert (entry.id, entry.question, entry.answer) == ("bo-sung-1", QUESTION, ANSWER)
    assert entry.phrasings == (SECOND_WORDING,) and "phiếu số 1" in entry.source

    assert await faq_command(database, faq_args("withdraw", number=1)) == 0
    assert texts.FAQ_CLI_WITHDRAWN_DONE.format(addition=1, ticket=1) in capsys.readouterr().out
    assert await faq_command(database, faq_args("withdraw", number=5)) == 1
    assert texts.FAQ_CLI_NOT_FOUND.format(addition=5) in capsys.readouterr().err
    [notice, _] = await bot.say(f"/hoi {PARAPHRASE}", sender=OTHER_TEACHER.__class__(OTHER_TEACHER.platform, "999"),
                                group=False)
    assert "phiếu số 3" in notice.text  # withdrawn: escalated again


async def test_python_m_bot_ask_answers_with_the_additions_too(uow_factory, clock, engine, capsys):
    from bot.cli.ask import answer_all
    from handlers.answers.matcher import Matcher

    bot = Bot(uow_factory, clock)
    settings = load_settings(database_url="sqlite+aiosqlite:///unused.db", _env_file=None)
    database = Database(settings, engine=engine)
    matcher = Matcher(load_knowledge(settings.knowledge_path))
    args = argparse.Namespace(question=PARAPHRASE, level=None, group=False, json=False)
    await answer_all(settings, args, matcher, None)
    assert ANSWER not in capsys.readouterr().out  # no database: the letter alone

    await answered_and_promoted(bot)
    await answer_all(settings, args, matcher, database)
    out = capsys.readouterr().out
    assert ANSWER in out and "phiếu số 1" in out


async def test_an_introduction_before_the_question_is_not_kept_as_a_wording(uow_factory, clock):
    bot = Bot(uow_factory, clock)
    long_question = f"Dạ em chào anh chị ạ, em là Hương, cán bộ phụ trách CSDL trường THCS. Cho em hỏi {QUESTION}"
    await bot.say(f"/hoi {long_question}", sender=TEACHER, group=False)
    await bot.staff(f"/traloi 1 {ANSWER}")
    await bot.staff("/themfaq 1")
    async with uow_factory() as uow:
        [addition] = await uow.faq_additions.all()
    assert addition.question == QUESTION
    # someone else introducing themselves the same way, asking something the letter answers
    newcomer = OTHER_TEACHER.__class__(OTHER_TEACHER.platform, "999")
    intro = "Dạ em chào anh chị ạ, em là cán bộ phụ trách CSDL trường THCS. Cho em hỏi ai ký công văn ạ"
    [reply] = await bot.say(f"/hoi {intro}", sender=newcomer, group=False)
    assert ANSWER not in reply.text and "Bùi Văn Kiệm" in reply.text
