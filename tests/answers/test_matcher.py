from datetime import date
from pathlib import Path

import pytest

from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import (
    SUGGEST,
    TOP_ENTRIES,
    Matcher,
    confidence_from,
    find_levels,
    group_levels,
    is_chatter,
    looks_like_question,
)
from handlers.answers.vietnamese import normalize

FIXTURE = Path(__file__).parent.parent / "data" / "kb_fixture.yaml"
TODAY = date(2023, 6, 5)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(FIXTURE))


def best_id(matcher: Matcher, text: str, levels=None) -> str | None:
    ranking = matcher.rank(text, today=TODAY, levels=levels)
    return ranking.best.entry.id if ranking.best else None


@pytest.mark.parametrize(
    "text",
    [
        "Giáo viên hợp đồng có phải rà soát dữ liệu không ạ?",
        "giao vien hop dong co phai ra soat du lieu khong a",
        "gv hđ có phải rà soát dl ko ạ",
        "GV HỢP ĐỒNG CÓ PHẢI RÀ SOÁT KHÔNG???",
    ],
)
def test_diacritics_plain_and_abbreviated_questions_find_the_same_entry(matcher, text):
    assert best_id(matcher, text) == "giao-vien-hop-dong"


def test_a_typo_in_a_long_syllable_is_tolerated(matcher):
    assert best_id(matcher, "han chot cap nhat du lieu giao vein") == "han-chot-du-lieu-giao-vien"


def test_entry_excluding_the_askers_level_does_not_win(matcher):
    question = "Phòng giáo dục phân quyền truy cập CSDL Ngành thế nào?"
    assert best_id(matcher, question) == "phong-gd-phan-quyen"
    ranking = matcher.rank(question, today=TODAY, levels=group_levels("THPT"))
    assert "phong-gd-phan-quyen" not in {scored.entry.id for scored in ranking.ranked}


def test_a_level_named_in_the_question_replaces_the_group_level(matcher):
    question = "Phòng giáo dục phân quyền cho cán bộ phụ trách cấp THCS ra sao?"
    assert best_id(matcher, question, levels=group_levels("THPT")) == "phong-gd-phan-quyen"


def test_entries_outside_their_validity_window_are_not_answered(matcher):
    question = "Đợt rà soát năm 2022 nộp biên bản ở đâu?"
    assert best_id(matcher, question) != "dot-ra-soat-cu"
    assert Matcher(load_knowledge(FIXTURE)).rank(question, today=date(2022, 6, 1)).best.entry.id == "dot-ra-soat-cu"


def test_out_of_scope_question_has_low_confidence(matcher):
    assert matcher.rank("lương giáo viên tháng này bao giờ có?", today=TODAY).confidence < SUGGEST
    assert matcher.rank("có ai biết sửa máy in không", today=TODAY).confidence < SUGGEST


def test_clear_question_has_higher_confidence_than_a_vague_one(matcher):
    clear = matcher.rank("Giáo viên thỉnh giảng có phải cập nhật không?", today=TODAY).confidence
    vague = matcher.rank("giáo viên thì sao", today=TODAY).confidence
    assert 0.0 <= vague < clear <= 1.0


def test_ranking_keeps_the_best_few_entries_in_order(matcher):
    ranking = matcher.rank("cập nhật dữ liệu giáo viên học sinh", today=TODAY)
    scores = [scored.score for scored in ranking.ranked]
    assert 1 < len(scores) <= TOP_ENTRIES
    assert scores == sorted(scores, reverse=True)
    assert 0.0 <= ranking.margin <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "👍👍", "?!...", "\x00\x07\x1b[31m"])
def test_empty_or_symbol_only_text_ranks_nothing(matcher, text):
    ranking = matcher.rank(text, today=TODAY)
    assert ranking.best is None and ranking.confidence == 0.0


def test_very_long_text_is_cut_not_scanned(matcher):
    ranking = matcher.rank("hạn chót dữ liệu giáo viên " + "xin chào " * 50_000, today=TODAY)
    assert ranking.best.entry.id == "han-chot-du-lieu-giao-vien"


def test_confidence_grows_with_coverage_and_stays_in_range():
    low = confidence_from(0.2, 0.1, 0.1, 5.0)
    high = confidence_from(0.9, 0.8, 0.5, 20.0)
    assert 0.0 < low < high < 1.0
    assert confidence_from(0.0, 0.0, 0.0, 0.0) == 0.0


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("hạn chót cấp THCS", ("THCS",)),
        ("trường tiểu học", ("TH",)),
        ("cap 2", ("THCS",)),
        ("mầm non và tiểu học", ("MN", "TH")),
        ("trường TH&THCS", ("TH", "THCS")),
        ("trung tâm GDTX quận", ("GDTX",)),
        ("tt gdnn-gdtx", ("GDTX",)),
        ("phòng GDTX&ĐH của Sở", ()),
        ("Phòng Giáo dục thường xuyên và Đại học", ()),
        ("hạn chót dữ liệu giáo viên", ()),
    ],
)
def test_levels_named_in_a_question_are_found(text, levels):
    assert find_levels(normalize(text).syllables)[0] == levels


def test_the_thpt_group_serves_thpt_and_gdtx():
    assert group_levels("THPT") == {"THPT", "GDTX"}
    assert group_levels("TH") == {"TH"}
    assert group_levels(None) is None


@pytest.mark.parametrize(
    "text",
    [
        "Hạn chót cập nhật dữ liệu giáo viên là khi nào?",
        "han chot du lieu gv la bh a",
        "gv hợp đồng có phải rà soát ko ạ",
        "cho em hỏi về đồng bộ dữ liệu",
        "hướng dẫn em cách đồng bộ dữ liệu giáo viên",
        "đồng bộ dl gv ntn",
        "ai là người ký biên bản",
        "đã xong chưa ạ",
    ],
)
def test_questions_and_requests_look_like_questions(text):
    assert looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    ["lớp 6A1 đã xong ạ", "trường em đã đồng bộ 45/45", "cảm ơn ạ", "ok", "👍", "", "hạn chót dữ liệu giáo viên"],
)
def test_statements_and_acknowledgements_do_not_look_like_questions(text):
    assert not looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "cảm ơn ạ",
        "em cam on a",
        "ok",
        "oke ạ",
        "dạ vâng",
        "đã nhận",
        "Đã nhận được rồi ạ",
        "👍👍👍",
        "🙏",
        "hi",
        "chào mọi người",
        "tks ad",
        "thanks mn",
        "đã rõ ạ",
        "haha",
        "",
        "   ",
    ],
)
def test_thanks_greetings_and_acknowledgements_are_chatter(text):
    assert is_chatter(text)


@pytest.mark.parametrize(
    "text",
    [
        "cảm ơn ạ, cho em hỏi hạn chót là khi nào?",
        "ok, vậy giáo viên hợp đồng có phải rà soát không",
        "hạn chót dữ liệu giáo viên",
    ],
)
def test_questions_and_topics_are_not_chatter(text):
    assert not is_chatter(text)
