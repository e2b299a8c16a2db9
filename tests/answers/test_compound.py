"""Long messages and messages that ask two things (handlers/answers/compound.py)."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers import texts
from handlers.answers.answering import LETTER_DEADLINES, AnswerResult, answer_question
from handlers.answers.compound import asked_part, question_parts
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2023, 6, 5, 9, 0, tzinfo=HCM)
PHONE = "0936001379"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(KNOWLEDGE))


def ask(matcher: Matcher, text: str, level: str | None = None) -> AnswerResult:
    return answer_question(matcher, text, level=level, deadlines=LETTER_DEADLINES, timezone=HCM, now=NOW)


def part_header(part: str) -> str:
    return texts.ANSWER_PART_HEADER.format(part=part)


def test_parts_split_at_commas_question_marks_and_va_but_not_inside_numbers():
    assert question_parts("hạn 17:00 ngày 8/6 đúng không, tỉ lệ 1,4% là gì") == [
        "hạn 17:00 ngày 8/6 đúng không",
        "tỉ lệ 1,4% là gì",
    ]
    assert question_parts("hạn gv thcs và sđt hỗ trợ") == ["hạn gv thcs", "sđt hỗ trợ"]
    # "vs"/"với" mostly mean "with"; a conjunction after a comma is dropped; fragments are not parts
    assert question_parts("bb bàn giao giữa ht vs gv lưu ở đâu") == ["bb bàn giao giữa ht vs gv lưu ở đâu"]
    assert question_parts("hạn gv là bh, vs gv thỉnh giảng có tính ko") == ["hạn gv là bh", "gv thỉnh giảng có tính ko"]
    assert question_parts("ai ạ, ok") == []


def test_a_deadline_asked_with_the_support_phone_gets_both(matcher):
    result = ask(matcher, "hạn gv thcs và sđt hỗ trợ")
    assert not result.escalate
    assert "08/06/2023" in result.answer
    assert part_header("sđt hỗ trợ") in result.answer and PHONE in result.answer


def test_a_message_escalated_as_a_whole_is_answered_when_each_part_is(matcher):
    result = ask(matcher, "ai ky cv, sdt ho tro la gi")
    assert not result.escalate
    assert "Bùi Văn Kiệm" in result.answer and PHONE in result.answer


def test_a_single_question_gets_no_second_part(matcher):
    result = ask(matcher, "Giáo viên hợp đồng có phải rà soát dữ liệu không ạ?")
    assert "Về ý «" not in result.answer
    # the second clause is explained by the first answer's entry: no repeated answer under a heading
    result = ask(matcher, "hạn gv và hs của mầm non")
    assert "Về ý «" not in result.answer


def test_an_out_of_scope_part_keeps_the_whole_message_passed_on(matcher):
    result = ask(matcher, "ai ký công văn, phụ cấp cho người phụ trách csdl là bao nhiêu")
    assert result.escalate or result.declined


def test_the_question_after_cho_em_hoi_is_what_is_answered():
    text = (
        "Dạ em chào anh chị, trường em là trường mầm non tư thục, em mới được giao phụ trách CSDL. "
        "Cho em hỏi giáo viên hợp đồng có phải rà soát không ạ? Em cảm ơn ạ."
    )
    assert asked_part(text) == "giáo viên hợp đồng có phải rà soát không ạ?"
    assert asked_part("e là PHT trường TH, các cô bên e hỏi là có phải báo phụ huynh ko ạ") == (
        "có phải báo phụ huynh ko ạ"
    )
    # "hội nghị" folds like "hỏi"; a short question is its own focus
    assert asked_part("em hội nghị tập huấn ngày nào") is None
    assert asked_part("cho em hỏi") is None


def test_a_long_polite_message_is_answered_from_its_question(matcher):
    text = (
        "Dạ em chào anh chị ạ, em là phó hiệu trưởng trường tiểu học ở huyện, trường em có khoảng 40 thầy cô, "
        "em định gửi file excel cho các thầy cô tự điền. Cho em hỏi cán bộ phụ trách có phải làm việc trực "
        "tiếp với từng giáo viên không ạ?"
    )
    result = ask(matcher, text)
    assert not result.escalate and "trực tiếp" in result.answer
    assert result.question == text


def test_the_levels_of_the_introduction_hold_for_the_question(matcher):
    text = "Dạ em ở trường THPT ạ, cho em hỏi hạn cập nhật dữ liệu giáo viên là khi nào ạ"
    result = ask(matcher, text, level="MN")
    assert "15/06/2023" in result.answer and "08/06/2023" not in result.answer


def test_the_deadline_before_the_extension_is_beyond_the_letter(matcher):
    result = ask(matcher, "truoc khi gia han thi han cu la ngay nao")
    assert result.escalate and result.answer.startswith(texts.DEADLINE_BEYOND_LETTER)


def test_the_student_deadline_reply_says_plainly_there_is_none(matcher):
    result = ask(matcher, "Hạn cập nhật dữ liệu học sinh là ngày nào ạ?")
    assert result.declined and not result.escalate
    assert result.answer.startswith("Theo mục 2.3, công văn không quy định hạn riêng")


def test_a_part_the_letter_does_not_cover_is_said_so_and_the_message_passed_on(matcher):
    result = ask(matcher, "quên mật khẩu thì làm sao, và hạn gv thcs là khi nào")
    assert "08/06/2023" in result.answer
    assert part_header("quên mật khẩu thì làm sao") in result.answer
    assert result.escalate and result.declined and not result.speak


def test_lists_are_not_parts():
    assert question_parts("bước 3 dl gv: đồng bộ + báo cáo ld + bàn giao xác nhận, đúng v ko ạ")[:1] == [
        "bước 3 dl gv"
    ]
    assert question_parts("hs là con Việt kiều ko có CCCD thì nhập thế nào") == [
        "hs là con Việt kiều ko có CCCD thì nhập thế nào"
    ]


def test_which_levels_a_date_is_the_deadline_of_is_not_narrowed_to_the_group(matcher):
    result = ask(matcher, "17h ngày 8/6 là hạn của cấp nào", level="THCS")
    assert result.answer.startswith("Ngày 08/06/2023 là hạn của cấp MN, TH, THCS (đến 17h00).")


def test_a_date_asked_about_is_judged_before_the_deadlines_are_listed(matcher):
    result = ask(matcher, "trường tiểu học xong giáo viên ngày 10/6 có bị trễ không")
    assert result.answer.startswith("Ngày 10/06/2023 đã quá hạn của cấp TH.")
    assert "học sinh" not in result.answer  # a date question: no student-data note


def test_a_part_a_scope_rule_rules_out_is_named_and_the_message_passed_on(matcher):
    result = ask(matcher, "gv thỉnh giảng có phải rà soát ko, và lịch kiểm tra của Sở khi nào có ạ")
    assert "thỉnh giảng" in result.answer
    assert f"{part_header('lịch kiểm tra của Sở khi nào có ạ')}\n{texts.ANSWER_PART_NOT_IN_LETTER}" in result.answer
    assert result.escalate and not result.speak


@pytest.mark.parametrize("thanks", ["em cảm ơn ạ", "cám ơn ad", "thx ad", "em camon ạ"])
def test_thanks_with_wishes_is_chatter_not_a_question(matcher, thanks):
    result = ask(matcher, f"{thanks}, chúc ad buổi tối vui vẻ")
    assert result.answer is None and not result.escalate


def test_in_a_message_of_several_sentences_the_last_question_is_what_is_asked(matcher):
    text = (
        "Em chào các thầy cô, em là kế toán kiêm phụ trách CSDL ở trường mầm non tư thục, trường em mới "
        "thành lập nên em chưa rõ lắm. Em muốn gọi điện hỏi Sở thì gọi số nào ạ? Em cảm ơn."
    )
    assert asked_part(text) == "Em muốn gọi điện hỏi Sở thì gọi số nào ạ?"
    assert "0936001379" in ask(matcher, text).answer
    # one sentence, or no question among the later ones: the whole message stands
    assert asked_part("Trường em có 1,4% học sinh chưa xác thực là sao ạ?") is None
    assert asked_part("Hạn chót là khi nào ạ? Em đang rất gấp.") is None


@pytest.mark.parametrize("thanks", ["Em cảm ơn ạ.", "cám ơn ad", "thx ạ"])
def test_closing_thanks_of_any_spelling_is_cut_from_the_question(thanks):
    text = f"Dạ em là GVCN lớp 6A1. Cho em hỏi giáo viên hợp đồng có phải rà soát không ạ? {thanks}"
    assert asked_part(text) == "giáo viên hợp đồng có phải rà soát không ạ?"


def test_a_question_put_to_a_colleague_by_name_is_not_answered_unasked_in_a_group(matcher):
    assert not ask(matcher, "chị Lan ơi hạn chót thcs là bao giờ thế").speak
    assert ask(matcher, "anh chị ơi hạn chót thcs là bao giờ thế").speak
