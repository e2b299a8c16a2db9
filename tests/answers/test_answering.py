from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers import texts
from handlers.answers import answering as answers
from handlers.answers.answering import (
    LETTER_DEADLINES,
    AnswerResult,
    answer_question,
    compose_reply,
    fill_answer,
    format_deadlines,
    format_when,
)
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher

FIXTURE = Path(__file__).parent.parent / "data" / "kb_fixture.yaml"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2023, 6, 5)
ALL_LEVELS = "- MN, TH, THCS: 17h00 ngày 08/06/2023\n- THPT, GDTX: 17h00 ngày 15/06/2023"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(FIXTURE))


def ask(matcher: Matcher, text: str, level: str | None = None, deadlines=LETTER_DEADLINES) -> AnswerResult:
    return answer_question(matcher, text, level=level, deadlines=deadlines, timezone=HCM, today=TODAY)


def test_letter_deadlines_are_17h00_on_8_and_15_june_2023():
    assert LETTER_DEADLINES[("teacher", "THCS")] == datetime(2023, 6, 8, 17, 0, tzinfo=HCM)
    assert LETTER_DEADLINES[("teacher", "GDTX")] == datetime(2023, 6, 15, 17, 0, tzinfo=HCM)
    assert {level for _, level in LETTER_DEADLINES} == {"MN", "TH", "THCS", "THPT", "GDTX"}


def test_confident_answer_cites_its_source_and_speaks_in_a_group(matcher):
    result = ask(matcher, "Giáo viên hợp đồng có phải rà soát dữ liệu không ạ?", level="THCS")
    assert result.entry_id == "giao-vien-hop-dong"
    assert not result.escalate and result.speak
    assert result.source == "mục 2.2, Bước 3"
    assert result.answer.startswith("Có. Việc rà soát")
    assert texts.SOURCE_LINE.format(source="mục 2.2, Bước 3") in result.answer
    assert result.suggestions == ()


def test_deadline_without_level_lists_every_level_grouped_by_date(matcher):
    result = ask(matcher, "hạn chót cập nhật dữ liệu giáo viên là khi nào?")
    assert result.entry_id == "han-chot-du-lieu-giao-vien"
    assert ALL_LEVELS in result.answer
    assert "{deadlines}" not in result.answer


@pytest.mark.parametrize(
    ("text", "group", "expected"),
    [
        ("hạn chót dữ liệu giáo viên cấp THCS là khi nào?", None, "- THCS: 17h00 ngày 08/06/2023"),
        ("han chot du lieu giao vien truong tieu hoc la bh", None, "- TH: 17h00 ngày 08/06/2023"),
        ("hạn cập nhật giáo viên mầm non là ngày nào?", None, "- MN: 17h00 ngày 08/06/2023"),
        ("hạn chót dữ liệu gv trung tâm GDTX khi nào?", None, "- GDTX: 17h00 ngày 15/06/2023"),
        ("hạn chót dữ liệu giáo viên là khi nào?", "THPT", "- THPT, GDTX: 17h00 ngày 15/06/2023"),
        ("hạn chót dữ liệu giáo viên là khi nào?", "MN", "- MN: 17h00 ngày 08/06/2023"),
        ("hạn chót dữ liệu giáo viên thpt là khi nào?", "TH", "- THPT: 17h00 ngày 15/06/2023"),
        ("hạn chót dữ liệu giáo viên trường TH&THCS là khi nào?", None, "- TH, THCS: 17h00 ngày 08/06/2023"),
    ],
)
def test_deadline_follows_the_level_named_or_the_groups_level(matcher, text, group, expected):
    result = ask(matcher, text, level=group)
    assert result.entry_id == "han-chot-du-lieu-giao-vien"
    assert expected in result.answer
    assert result.answer.count("17h00") == expected.count("17h00")


def test_deadlines_are_shown_in_the_given_timezone(matcher):
    utc = {key: value.astimezone(UTC) for key, value in LETTER_DEADLINES.items()}
    result = ask(matcher, "hạn chót dữ liệu giáo viên là khi nào?", deadlines=utc)
    assert ALL_LEVELS in result.answer


def test_missing_deadline_says_it_is_not_announced(matcher):
    result = ask(matcher, "hạn chót dữ liệu giáo viên là khi nào?", level="MN", deadlines={})
    assert texts.DEADLINE_UNKNOWN in result.answer


def test_out_of_scope_question_is_escalated_without_an_answer(matcher):
    result = ask(matcher, "lương giáo viên tháng này bao giờ có ạ?", level="THCS")
    assert result.escalate and result.answer is None and result.source is None and result.entry_id is None
    assert not result.speak
    assert 0.0 <= result.confidence < answers.SUGGEST


@pytest.mark.parametrize("text", ["cảm ơn ạ", "ok", "dạ vâng", "👍", "đã nhận", ""])
def test_chatter_is_neither_answered_nor_escalated(matcher, text):
    result = ask(matcher, text, level="TH")
    assert result == AnswerResult(text, None, False, 0.0, None, False, None, ())


def test_a_statement_is_answered_in_private_but_not_spoken_in_a_group(matcher):
    result = ask(matcher, "giáo viên hợp đồng thỉnh giảng rà soát dữ liệu", level="TH")
    assert result.entry_id == "giao-vien-hop-dong" and not result.escalate
    assert not result.speak


def test_uncertain_answer_offers_other_topics(matcher, monkeypatch):
    monkeypatch.setattr(answers, "CONFIDENT", 1.01)
    result = ask(matcher, "ai cập nhật dữ liệu?")
    assert not result.escalate and not result.speak
    assert 1 <= len(result.suggestions) <= 2
    assert texts.SUGGESTIONS_HEADER in result.answer
    for question in result.suggestions:
        assert f"- {question}" in result.answer
    assert result.entry_id not in result.suggestions


def test_reply_lists_suggestions_and_skips_a_source_the_answer_already_cites():
    reply = compose_reply("Theo mục 1, có.", "mục 1", ["Câu A?", "Câu B?"], confident=False)
    assert reply == (f"Theo mục 1, có.\n\nCó phải thầy/cô muốn hỏi:\n- Câu A?\n- Câu B?\n\n{texts.UNCERTAIN_FOOTER}")
    assert compose_reply("Theo mục 1, có.", "mục 1", [], confident=True) == "Theo mục 1, có."


def test_time_and_date_are_written_as_officials_do():
    assert format_when(datetime(2023, 6, 8, 17, 0, tzinfo=HCM)) == "17h00 ngày 08/06/2023"
    assert format_when(datetime(2023, 11, 5, 7, 30, tzinfo=HCM)) == "07h30 ngày 05/11/2023"


def test_deadline_listing_keeps_level_order_and_skips_unknown_levels():
    deadlines = {
        ("teacher", "THPT"): LETTER_DEADLINES[("teacher", "THPT")],
        ("teacher", "MN"): LETTER_DEADLINES[("teacher", "MN")],
    }
    listing = format_deadlines("teacher", ["MN", "TH", "THPT"], deadlines, HCM)
    assert listing == "- MN: 17h00 ngày 08/06/2023\n- THPT: 17h00 ngày 15/06/2023"


def test_fill_answer_restricts_levels_to_the_entry(matcher):
    entry = matcher.knowledge["han-chot-du-lieu-giao-vien"]
    assert ALL_LEVELS in fill_answer(entry, (), LETTER_DEADLINES, HCM)
    plain = matcher.knowledge["giao-vien-hop-dong"]
    assert fill_answer(plain, ("MN",), LETTER_DEADLINES, HCM) == plain.answer
