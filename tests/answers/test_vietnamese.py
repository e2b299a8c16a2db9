import re
import unicodedata

import pytest

from handlers.answers.vietnamese import (
    AnyOfRules,
    TypoCorrector,
    _opening_words,
    expand_abbreviations,
    fold_diacritics,
    is_vietnamese_syllable,
    normalize,
    raw_tokens,
    syllable_pairs,
    unify_phrases,
)


def test_fold_diacritics_removes_tones_and_maps_d_with_stroke():
    assert fold_diacritics("Đồng bộ dữ liệu giáo viên") == "Dong bo du lieu giao vien"
    assert fold_diacritics("ươ ỳ Ữ đ") == "uo y U d"


def test_composed_and_decomposed_input_normalise_alike():
    composed = "Hạn chót cập nhật"
    decomposed = unicodedata.normalize("NFD", composed)
    assert normalize(decomposed).syllables == normalize(composed).syllables


def test_punctuation_emoji_and_case_are_dropped():
    assert raw_tokens("Hạn chót???  CSDL-Ngành 👍 (mục 2.2)!") == [
        "han",
        "chot",
        "csdl",
        "nganh",
        "muc",
        "2",
        "2",
    ]


def test_original_text_is_kept_for_display():
    normalized = normalize("Giáo viên hợp đồng?")
    assert normalized.original == "Giáo viên hợp đồng?"
    assert normalized.folded == "giao vien hop dong"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gv", "giao vien"),
        ("GVCN", "giao vien chu nhiem"),
        ("gvbm", "giao vien bo mon"),
        ("hs", "hoc sinh"),
        ("cbql", "can bo quan ly"),
        ("csdl", "co so du lieu"),
        ("đdcn", "dinh danh ca nhan"),
        ("ddcn", "dinh danh ca nhan"),
        ("thcs", "trung hoc co so"),
        ("THPT", "trung hoc pho thong"),
        ("gdtx", "giao duc thuong xuyen"),
        ("pgd", "phong giao duc"),
        ("sđt", "so dien thoai"),
        ("bb", "bien ban"),
        ("ko đc", "khong duoc"),
        ("k dc", "khong duoc"),
        ("hok", "khong"),
        ("ntn", "nhu the nao"),
        ("j", "gi"),
        ("bh", "bao gio"),
        ("b2", "buoc 2"),
        ("kí", "ky"),
    ],
)
def test_abbreviations_staff_type_are_expanded(text, expected):
    assert expand_abbreviations(raw_tokens(text)) == expected.split()


def test_mn_is_preschool_unless_it_addresses_everyone():
    assert normalize("hạn cấp mn").folded == "han cap mam non"
    assert normalize("mn ơi cho hỏi").folded == "moi nguoi oi cho hoi"


def test_th_is_primary_unless_it_means_a_case():
    assert normalize("trường th").folded == "truong tieu hoc"
    assert normalize("trong th gv nghỉ").folded == "trong truong hop giao vien nghi"


def test_ambiguous_abbreviations_are_left_alone():
    assert normalize("dt kh").folded == "dt kh"


def test_context_decides_between_two_common_meanings():
    assert normalize("ht ký biên bản").folded == "lanh dao ky bien ban"  # hiệu trưởng, unified
    assert normalize("đã ht").folded == "da hoan thanh"
    assert normalize("các bc nào").folded == "cac buoc nao"
    assert normalize("bc lên pgd").folded == "bao cao len phong giao duc"
    assert normalize("bn %").folded == "bao nhieu"
    assert normalize("cập nhật tt của gv").folded == "cap nhat thong tin cua giao vien"
    assert normalize("tt gdnn-gdtx").folded.startswith("trung tam giao duc nghe nghiep")
    assert normalize("tt 42").folded == "thong tu 42"
    assert normalize("theo hd gửi kèm").folded == "theo huong dan gui kem"
    assert normalize("gv hđ").folded == "giao vien hop dong"


def test_synonymous_phrases_are_unified():
    assert normalize("hạn cuối").folded == normalize("deadline").folded == "han chot"
    assert normalize("bao giờ").folded == normalize("hôm nào").folded == "khi nao"
    assert normalize("ntn").folded == normalize("ra sao").folded == "the nao"
    assert normalize("phụ huynh").folded == "cha me"
    assert normalize("bước thứ nhất").folded == normalize("b1").folded == "buoc 1"
    assert unify_phrases(["han", "cuoi", "gv"]) == ["han", "chot", "gv"]


def test_syllable_pairs_join_adjacent_syllables():
    assert syllable_pairs(("ra", "soat", "du", "lieu")) == ("ra_soat", "soat_du", "du_lieu")
    assert normalize("rà soát").bigrams() == ("ra_soat",)


def test_fillers_are_not_content():
    assert normalize("cho em hỏi hạn chót ạ").content_syllables() == ("han", "chot")


def test_diacritics_tell_fillers_from_content_words():
    assert normalize("mã trường là gì").content_syllables() == ("ma", "truong")  # "mã", not "mà"
    assert normalize("cán bộ cần báo cáo").content_syllables() == ("can", "bo", "bao", "cao")
    assert normalize("ma truong la gi").content_syllables() == ("truong",)  # without diacritics: ambiguous


@pytest.mark.parametrize("word", ["vien", "nghieng", "khuyu", "thuong", "nguoi", "luong"])
def test_real_syllables_are_recognised(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["vein", "soats", "nhta", "caapj", "deadline"])
def test_impossible_syllables_are_rejected(word):
    assert not is_vietnamese_syllable(word)


def test_typo_one_edit_from_a_single_vocabulary_syllable_is_corrected():
    corrector = TypoCorrector.from_syllables({"giao", "vien", "soat", "dong"})
    assert corrector.correct("vein") == "vien"
    assert corrector.correct("soats") == "soat"
    assert corrector.correct_all(normalize("giao vein")).folded == "giao vien"


def test_typo_correction_leaves_ambiguous_short_and_real_words_alone():
    corrector = TypoCorrector.from_syllables({"bien", "bieu", "han", "luon"})
    assert corrector.correct("bie") == "bie"  # too short
    assert corrector.correct("bienu") == "bienu"  # one edit from both "bien" and "bieu"
    assert corrector.correct("luong") == "luong"  # a real syllable, not a typo of "luon"
    assert corrector.correct("x2y3") == "x2y3"  # not a word


def test_protected_words_are_never_corrected():
    corrector = TypoCorrector.from_syllables({"cham"}, protected={"chao"})
    assert corrector.correct("chao") == "chao"


def test_any_of_rules_finds_what_the_whole_alternation_finds():
    pattern = r"(?<!han )\bchot (?:den|vao)\b|\b(?:in|lam)\s+may\s+ban\b|\bnao(?: \w+){0,3} nhieu nhat\b|\b\d{8,11}\b co ai"
    rules, whole = AnyOfRules(pattern), re.compile(pattern)
    for text in [
        "so lieu chot den ngay nao", "han chot den ngay nao", "bien ban in may ban", "quan nao con nhieu nhat",
        "0936001379 co ai nghe", "hom nay troi dep", "",
    ]:
        assert bool(rules.search(text)) == bool(whole.search(text)), text


@pytest.mark.parametrize(
    ("alternative", "words"),
    [
        (r"(?<!han )\bchot (?:den|vao)\b", ("chot",)),
        (r"\b(?:in|lam|photo)\s+may\s+ban\b", ("in", "lam", "photo")),
        (r"\bdong dau\b", ("dong dau",)),
        (r"\b(?:dien thoai|\d{8,11})\b", ()),  # a number may open it: always tried
    ],
)
def test_an_alternative_is_tried_only_when_its_opening_words_occur(alternative, words):
    assert _opening_words(alternative) == words
