from dataclasses import replace
from datetime import UTC, datetime, timedelta
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
    format_when,
)
from handlers.answers.deadlines import DeadlineFact
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher

FIXTURE = Path(__file__).parent.parent / "data" / "kb_fixture.yaml"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2023, 6, 5, 9, 0, tzinfo=HCM)
EARLY = "- MN, TH, THCS: 17h00 ngày 08/06/2023 (còn 3 ngày 8 giờ)"
LATE = "- THPT, GDTX: 17h00 ngày 15/06/2023 (còn 10 ngày 8 giờ)"
ALL_LEVELS = f"{EARLY}\n{LATE}"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(FIXTURE))


def ask(matcher: Matcher, text: str, level: str | None = None, deadlines=LETTER_DEADLINES, now=NOW) -> AnswerResult:
    return answer_question(matcher, text, level=level, deadlines=deadlines, timezone=HCM, now=now)


def test_letter_deadlines_are_17h00_on_8_and_15_june_2023():
    due = {fact.level: fact.due_at for fact in LETTER_DEADLINES}
    assert due["THCS"] == datetime(2023, 6, 8, 17, 0, tzinfo=HCM)
    assert due["GDTX"] == datetime(2023, 6, 15, 17, 0, tzinfo=HCM)
    assert set(due) == {"MN", "TH", "THCS", "THPT", "GDTX"}
    assert all(fact.track == "teacher" and fact.from_letter for fact in LETTER_DEADLINES)


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
        ("han chot thcs la bao gio a", None, "- THCS: 17h00 ngày 08/06/2023"),
        ("hạn chót là khi nào", "MN", "- MN: 17h00 ngày 08/06/2023"),
        ("bao giờ hết hạn", "TH", "- TH: 17h00 ngày 08/06/2023"),
        ("deadline", "THPT", "- THPT, GDTX: 17h00 ngày 15/06/2023"),
        ("hạn nộp", "THCS", "- THCS: 17h00 ngày 08/06/2023"),
        ("hạn cuối cấp thpt", None, "- THPT: 17h00 ngày 15/06/2023"),
        ("mấy giờ hết hạn ạ", "MN", "- MN: 17h00 ngày 08/06/2023"),
        ("trung tâm GDNN-GDTX hạn chót khi nào", None, "- GDTX: 17h00 ngày 15/06/2023"),
        ("trường liên cấp TH-THCS hạn khi nào", None, "- TH, THCS: 17h00 ngày 08/06/2023"),
        ("trường mầm non tư thục hạn chót thế nào", None, "- MN: 17h00 ngày 08/06/2023"),
    ],
)
def test_deadline_follows_the_level_named_or_the_groups_level(matcher, text, group, expected):
    result = ask(matcher, text, level=group)
    assert result.entry_id == "han-chot-du-lieu-giao-vien" and not result.escalate
    assert expected in result.answer
    assert result.answer.count("17h00") == expected.count("17h00")
    assert "mục 2.2" in result.answer


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("trường mầm non 17h30 ngày 8/6 mới xong có kịp không", "Ngày 08/06/2023 lúc 17h30 đã quá hạn của cấp MN."),
        ("trường TH 15h ngày 8/6 xong có kịp không", "Ngày 08/06/2023 lúc 15h00 vẫn trong hạn của cấp TH."),
    ],
)
def test_an_hour_on_the_deadlines_day_is_judged_by_the_hour(matcher, text, line):
    assert line in ask(matcher, text).answer


@pytest.mark.parametrize(
    "text",
    [
        "hạn trường báo cáo phòng là khi nào ạ",
        "Phòng GD có deadline riêng để kiểm tra các trường không",
        "Bước 1 quy trình cập nhật dữ liệu giáo viên phải xong trước ngày nào ạ?",
    ],
)
def test_a_steps_deadline_is_said_not_to_be_in_the_letter_with_the_data_deadlines(matcher, text):
    result = ask(matcher, text)
    assert result.answer.startswith(texts.DEADLINE_OF_A_STEP) and "08/06/2023" in result.answer
    assert result.escalate and result.declined


def test_the_data_deadline_asked_by_a_district_office_is_still_answered(matcher):
    result = ask(matcher, "Phòng GD chúng tôi cần nhắc các trường tiểu học, vậy hạn dữ liệu giáo viên là lúc nào?")
    assert not result.escalate and "08/06/2023" in result.answer


def test_a_date_question_names_the_levels_due_that_day(matcher):
    result = ask(matcher, "17h ngày 8/6 là hạn của cấp nào")
    assert "Ngày 08/06/2023 là hạn của cấp MN, TH, THCS (đến 17h00)." in result.answer
    assert "Ngày 08/06/2023 vẫn trong hạn của cấp THPT, GDTX." in result.answer


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("trường tiểu học xong giáo viên ngày 10/6 có bị trễ không", "Ngày 10/06/2023 đã quá hạn của cấp TH."),
        ("bên gdtx 12/6 mới xong gv có kịp không", "Ngày 12/06/2023 vẫn trong hạn của cấp GDTX."),
    ],
)
def test_a_completion_date_is_checked_against_the_levels_deadline(matcher, text, line):
    result = ask(matcher, text)
    assert line in result.answer and not result.escalate


@pytest.mark.parametrize("text", ["quá hạn thì có bị kỷ luật không", "sau 15/6 sở có gia hạn thêm không"])
def test_what_the_letter_does_not_say_about_deadlines_is_passed_on_with_the_dates(matcher, text):
    result = ask(matcher, text)
    assert result.escalate and result.declined and texts.DEADLINE_BEYOND_LETTER in result.answer
    assert "17h00 ngày 15/06/2023" in result.answer


def test_a_time_question_about_something_else_is_not_a_deadline(matcher):
    assert not ask(matcher, "Chiều nay mấy giờ họp tổ vậy mọi người?", level="THCS").speak


def test_the_asker_today_decides_whether_time_is_left(matcher):
    result = ask(matcher, "hôm nay 10/6 trường THCS còn hạn không")
    assert "- THCS: 17h00 ngày 08/06/2023 (đã hết hạn)" in result.answer
    late = ask(matcher, "trường THPT còn hạn không", now=datetime(2023, 6, 15, 15, 30, tzinfo=HCM))
    assert "(còn 1 giờ 30 phút)" in late.answer


@pytest.mark.parametrize("text", ["hạn gv MN, TH, THCS với các cấp còn lại khác nhau thế nào", "hạn chót từng cấp"])
def test_a_question_comparing_levels_gets_every_levels_date_whatever_the_group(matcher, text):
    answer = ask(matcher, text, level="THCS").answer
    assert "08/06/2023" in answer and "15/06/2023" in answer


@pytest.mark.parametrize("text", ["Trường nuôi dạy trẻ khiếm thị thì hạn dữ liệu gv là khi nào", "trường khiếm thính hạn gv"])
def test_a_special_schools_deadline_is_not_the_groups_level(matcher, text):
    answer = ask(matcher, text, level="MN").answer
    assert "08/06/2023" in answer and "15/06/2023" in answer


def test_a_multi_level_school_gets_each_levels_date(matcher):
    result = answer_question(
        matcher, "hạn chót khi nào ạ", level=None, deadlines=LETTER_DEADLINES, timezone=HCM, now=NOW,
        asker_levels=("THCS", "THPT"),
    )
    assert "- THCS: 17h00 ngày 08/06/2023" in result.answer and "- THPT: 17h00 ngày 15/06/2023" in result.answer


def test_student_data_has_no_deadline_in_the_letter_and_gives_the_contacts(matcher):
    result = ask(matcher, "hạn nhập điểm học sinh là khi nào", level="THCS")
    assert "không quy định hạn riêng" in result.answer and "0936001379" in result.answer


def test_deadlines_are_shown_in_the_given_timezone(matcher):
    utc = [replace(fact, due_at=fact.due_at.astimezone(UTC)) for fact in LETTER_DEADLINES]
    result = ask(matcher, "hạn chót dữ liệu giáo viên là khi nào?", deadlines=utc)
    assert ALL_LEVELS in result.answer


def test_no_deadline_at_all_says_none_is_set_and_gives_the_contacts(matcher):
    result = ask(matcher, "hạn chót dữ liệu giáo viên là khi nào?", level="MN", deadlines=[])
    assert result.answer == texts.DEADLINE_NONE_SET
    assert "0902215886" in result.answer and "mục 2.2" not in result.answer


def test_a_campaign_deadline_is_the_departments_and_never_cites_the_letter(matcher):
    due = datetime(2024, 9, 20, 17, 0, tzinfo=HCM)
    campaign = [DeadlineFact("THCS", "teacher", due, from_letter=False)]
    result = ask(matcher, "hạn chót thcs", deadlines=campaign, now=datetime(2024, 9, 18, 12, 0, tzinfo=HCM))
    assert "Theo thông báo của Sở GDĐT" in result.answer
    assert "- THCS: 17h00 ngày 20/09/2024 (còn 2 ngày 5 giờ)" in result.answer
    assert "mục 2.2" not in result.answer and "công văn" not in result.answer
    assert result.source == "thông báo của Sở GDĐT"


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


def test_fill_answer_restricts_levels_to_the_entry(matcher):
    entry = matcher.knowledge["han-chot-du-lieu-giao-vien"]
    assert ALL_LEVELS in fill_answer(entry, (), LETTER_DEADLINES, HCM, NOW)
    plain = matcher.knowledge["giao-vien-hop-dong"]
    assert fill_answer(plain, ("MN",), LETTER_DEADLINES, HCM, NOW) == plain.answer


ISSUE_DEADLINE_PHRASINGS = [
    "han chot la bao gio a", "hạn chót là khi nào", "bao giờ hết hạn", "deadline", "hạn nộp", "hạn cuối",
    # a new user's phrasings (issue 9's check from a fresh clone)
    "hôm nay còn kịp không", "còn kịp ko", "khi nào phải xong", "muộn nhất ngày nào phải xong",
]  # fmt: skip
LETTER_DATE = {"MN": "08/06/2023", "TH": "08/06/2023", "THCS": "08/06/2023", "THPT": "15/06/2023", "GDTX": "15/06/2023"}


@pytest.mark.parametrize("text", ISSUE_DEADLINE_PHRASINGS)
@pytest.mark.parametrize("level", ["MN", "TH", "THCS", "THPT", "GDTX"])
def test_every_deadline_phrasing_of_the_issue_answers_right_for_every_level(matcher, text, level):
    for asked, group in ((f"{text} {level}", None), (text, level)):
        result = ask(matcher, asked, level=group)
        assert not result.escalate and f"- {level}" in result.answer, (asked, group)
        assert f"{level}" in result.answer and f"17h00 ngày {LETTER_DATE[level]}" in result.answer, (asked, group)
        assert "không quy định hạn riêng" not in result.answer.split("\n")[0]


def test_a_department_announcement_cites_the_letter_only_for_the_letters_own_dates(matcher):
    moved = DeadlineFact("THCS", "teacher", datetime(2023, 6, 12, 17, 0, tzinfo=HCM), from_letter=False)
    deadlines = [fact for fact in LETTER_DEADLINES if fact.level != "THCS"] + [moved]
    answer = ask(matcher, "hạn chót là khi nào", deadlines=deadlines).answer
    assert answer.startswith("Theo thông báo của Sở GDĐT")
    assert "- THCS: 17h00 ngày 12/06/2023 (còn 7 ngày 8 giờ)\n" in answer
    assert "- MN, TH: 17h00 ngày 08/06/2023 (còn 3 ngày 8 giờ) (theo mục 2.2 của công văn)" in answer


def test_a_department_announcement_never_credits_the_letter_in_its_source_line(matcher):
    moved = [DeadlineFact(f.level, f.track, f.due_at + timedelta(days=365), from_letter=False) for f in LETTER_DEADLINES]
    answer = ask(matcher, "hạn chót thcs", deadlines=moved).answer
    assert answer.startswith("Theo thông báo của Sở GDĐT") and "Nguồn: công văn" not in answer


def test_a_question_about_the_letters_deadline_gets_the_letters_dates_and_then_the_campaigns(matcher):
    later = datetime(2026, 12, 1, 9, 0, tzinfo=HCM)
    campaign = [
        DeadlineFact(f.level, f.track, f.due_at.replace(year=2026, month=12), from_letter=False) for f in LETTER_DEADLINES
    ]
    for text in ("theo công văn năm 2023 hạn là ngày nào", "8/6 hay 15/6", "ngày 15/6/2023 là hạn của cấp nào"):
        answer = ask(matcher, text, deadlines=campaign, now=later).answer
        letter, current = answer.split(texts.DEADLINE_CURRENT_CAMPAIGN)
        assert "17h00 ngày 08/06/2023" in letter and "17h00 ngày 15/06/2023" in letter, text
        assert "không phải hạn chót" not in letter, text
        assert "17h00 ngày 08/12/2026" in current and "Theo thông báo của Sở GDĐT" in current, text
    answer = ask(matcher, "ngày 15/6/2023 là hạn của cấp nào", deadlines=campaign, now=later).answer
    assert "Ngày 15/06/2023 là hạn của cấp THPT, GDTX" in answer


def test_steps_with_a_moment_of_their_own_are_not_deadline_questions(matcher):
    result = ask(matcher, "khi nào thì đồng bộ dữ liệu giáo viên")
    assert result.entry_id == "dong-bo-du-lieu-giao-vien" and "17h00" not in result.answer


def test_a_special_schools_deadline_lists_every_level_since_the_letter_does_not_say_its_levels(matcher):
    answer = ask(matcher, "trường khiếm thính hạn khi nào").answer
    assert "08/06/2023" in answer and "15/06/2023" in answer


@pytest.mark.parametrize(
    ("now", "left"),
    [
        (datetime(2023, 6, 8, 16, 15, tzinfo=HCM), "(còn 45 phút)"),
        (datetime(2023, 6, 8, 14, 0, tzinfo=HCM), "(còn 3 giờ)"),
        (datetime(2023, 6, 6, 17, 0, tzinfo=HCM), "(còn 2 ngày)"),
        (datetime(2023, 6, 8, 17, 0, tzinfo=HCM), "(đã hết hạn)"),
    ],
)
def test_time_left_is_said_in_days_hours_or_minutes(matcher, now, left):
    assert f"- THCS: 17h00 ngày 08/06/2023 {left}" in ask(matcher, "hạn chót thcs", now=now).answer


@pytest.mark.parametrize("text", ["bạn là ai", "bot này làm được gì", "tro ly la ai vay"])
def test_a_question_about_the_bot_itself_gets_its_introduction_not_the_letters_signatory(matcher, text):
    result = ask(matcher, text)
    assert result.answer == texts.BOT_INTRO and not result.escalate and not result.speak


def test_a_message_that_merely_addresses_the_bot_is_not_about_the_bot(matcher):
    assert ask(matcher, "bạn ơi hạn chót là gì").answer != texts.BOT_INTRO


def test_a_level_without_a_student_deadline_says_so_and_gives_its_teacher_deadline(matcher):
    teacher = [f for f in LETTER_DEADLINES]
    student_th = DeadlineFact("TH", "student", datetime(2023, 6, 20, 17, 0, tzinfo=HCM), from_letter=False)
    answer = ask(matcher, "hạn chót học sinh thcs", deadlines=[*teacher, student_th]).answer
    assert answer.startswith(texts.DEADLINE_STUDENT_NOT_SET) and "THCS: 17h00 ngày 08/06/2023" in answer
    assert "chưa đặt hạn chót cho cấp THCS" not in answer
