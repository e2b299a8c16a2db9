import ast
import unicodedata
from pathlib import Path

import pytest

from handlers.reports import parsing as report_parsing
from handlers.reports.parsing import (
    MAX_RANGE_CLASSES,
    REPORT_COMMANDS,
    ClassDone,
    ReportProblem,
    SchoolConfirmed,
    TeacherDone,
    UndoLast,
    class_level,
    levels_for_class,
    looks_like_report,
    normalise_class,
    parse_report_command,
    parse_report_text,
)
from handlers.texts import (
    COUNTS_REVIEWED_OVER_TOTAL,
    COUNTS_UNREADABLE,
    COUNTS_ZERO_REVIEWED,
    COUNTS_ZERO_TOTAL,
    HUY_WITH_ARGS,
    RANGE_MISMATCH,
    RANGE_REVERSED,
    RANGE_TOO_LONG,
    RANGE_UNREADABLE,
    REPORT_ARGS_TOO_LONG,
    REPORT_NOT_DONE,
    REPORT_QUESTION,
    TOO_MANY_CLASSES,
    XACNHAN_GOT_CLASS,
    XONG_ALL_CLASSES,
    XONG_TEACHER_DATA,
    XONGGV_GOT_CLASS,
    XONGGV_STUDENT_DATA,
)

# --------------------------------------------------------------------------------------------
# Class names
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("6a1", "6A1"),
        ("6 A1", "6A1"),
        ("6A 1", "6A1"),
        ("6 a 1", "6A1"),
        ("lớp 6A1", "6A1"),
        ("Lớp 6a1", "6A1"),
        ("LOP 6A1", "6A1"),
        ("lớp6A1", "6A1"),
        ("6A01", "6A1"),
        ("10a", "10A"),
        ("12A10", "12A10"),
        ("1a", "1A"),
        ("10ct", "10CT"),
        ("6/1", "6/1"),
        ("lớp 6/01", "6/1"),
        ("12/10", "12/10"),
        ("Lá 1", "Lá 1"),
        ("La1", "Lá 1"),
        ("lá A", "Lá A"),
        ("la 01", "Lá 1"),
        ("Chồi 2", "Chồi 2"),
        ("choi2", "Chồi 2"),
        ("Mầm 3", "Mầm 3"),
        ("mam 3", "Mầm 3"),
        ("Nhà trẻ 1", "Nhà trẻ 1"),
        ("nha tre 1", "Nhà trẻ 1"),
        ("NT1", "Nhà trẻ 1"),
        ("nhà trẻ A", "Nhà trẻ A"),
        ("lớp Lá", "Lá"),
        ("  6A1  ", "6A1"),
    ],
)
def test_normalise_class_reads_the_usual_spellings(typed, name):
    assert normalise_class(typed) == name


@pytest.mark.parametrize(
    "typed",
    ["13A1", "0A1", "6A1B2", "6A0", "6A123", "6A1 6A2", "6", "A1", "abc", "", "lớp", "Mầm non", "là 1",
     "13/1", "6/0", "NT", "phòng 6A1", "6A1-6A5", "6abcd"],
)  # fmt: skip
def test_normalise_class_refuses_what_is_not_one_class(typed):
    assert normalise_class(typed) is None


def test_class_names_do_not_need_composed_unicode():
    assert normalise_class(unicodedata.normalize("NFD", "Chồi 2")) == "Chồi 2"
    assert normalise_class("la\u0301 1") == "Lá 1"


@pytest.mark.parametrize(
    ("name", "level", "levels"),
    [
        ("1A", "TH", {"TH"}),
        ("5A3", "TH", {"TH"}),
        ("6A1", "THCS", {"THCS"}),
        ("9/4", "THCS", {"THCS"}),
        ("10A2", "THPT", {"THPT", "GDTX"}),
        ("12A10", "THPT", {"THPT", "GDTX"}),
        ("Lá 1", "MN", {"MN"}),
        ("Nhà trẻ A", "MN", {"MN"}),
        ("lop 6a1", "THCS", {"THCS"}),
    ],
)
def test_class_level(name, level, levels):
    assert class_level(name) == level
    assert levels_for_class(name) == frozenset(levels)


def test_class_level_refuses_what_is_not_a_class():
    with pytest.raises(ValueError):
        class_level("13A1")
    with pytest.raises(ValueError):
        levels_for_class("phòng họp")


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "classes"),
    [
        ("6A1", ("6A1",)),
        ("6a1", ("6A1",)),
        ("6A1 6A2", ("6A1", "6A2")),
        ("6A1, 6A2 và 6A3", ("6A1", "6A2", "6A3")),
        ("6A1,6A2;6A3 & 6A4 + 6A5", ("6A1", "6A2", "6A3", "6A4", "6A5")),
        ("6A1 6A2 6A1", ("6A1", "6A2")),
        ("6A2 6A1", ("6A2", "6A1")),
        ("lớp 6A1 và lớp 6A2 ạ", ("6A1", "6A2")),
        ("6A1-6A5", ("6A1", "6A2", "6A3", "6A4", "6A5")),
        ("6A1 - 6A3", ("6A1", "6A2", "6A3")),
        ("6A1–6A3", ("6A1", "6A2", "6A3")),
        ("6A1 đến 6A3", ("6A1", "6A2", "6A3")),
        ("6a1 den 6a3", ("6A1", "6A2", "6A3")),
        ("6A1 -> 6A3", ("6A1", "6A2", "6A3")),
        ("6A1 → 6A3", ("6A1", "6A2", "6A3")),
        ("6A1-3", ("6A1", "6A2", "6A3")),
        ("6A1-6A3, 7A1", ("6A1", "6A2", "6A3", "7A1")),
        ("6A2 6A1-6A3", ("6A2", "6A1", "6A3")),
        ("3A-3E", ("3A", "3B", "3C", "3D", "3E")),
        ("3A-E", ("3A", "3B", "3C", "3D", "3E")),
        ("3A-3H", ("3A", "3B", "3C", "3D", "3E", "3G", "3H")),  # Vietnamese class letters: no F
        ("3E-3F", ("3E", "3F")),  # a school that does use F
        ("6/1-6/4", ("6/1", "6/2", "6/3", "6/4")),
        ("lớp 6/1, 6/2", ("6/1", "6/2")),
        ("Lá 1, lá 2 và Chồi A", ("Lá 1", "Lá 2", "Chồi A")),
        ("Lá 1-Lá 3", ("Lá 1", "Lá 2", "Lá 3")),
        ("lá A - lá C", ("Lá A", "Lá B", "Lá C")),
        ("NT1 nhà trẻ 2", ("Nhà trẻ 1", "Nhà trẻ 2")),
        ("10 A1 12a10", ("10A1", "12A10")),
        ("6A1 đã hoàn thành rà soát dữ liệu học sinh", ("6A1",)),
        ("6A1 gvcn báo cáo", ("6A1",)),
        ("6A1-6A40", tuple(f"6A{n}" for n in range(1, 41))),
    ],
)
def test_xong_reads_classes(args, classes):
    assert parse_report_command("xong", args) == ClassDone(classes, ())


@pytest.mark.parametrize("args", ["", "   ", "lớp em", "ạ", "xong rồi nhé"])
def test_xong_without_a_class_means_the_homeroom_class(args):
    assert parse_report_command("xong", args) == ClassDone((), ())


@pytest.mark.parametrize(
    ("args", "classes", "unreadable"),
    [
        ("6A1B2", (), ("6A1B2",)),
        ("13A1", (), ("13A1",)),
        ("6A1 13A1", ("6A1",), ("13A1",)),
        ("6A0 6A1", ("6A1",), ("6A0",)),
        ("6", (), ("6",)),
        ("khối 6", (), ("khối", "6")),
        ("6A1 hôm qua", ("6A1",), ("hôm qua",)),
        ("a1", (), ("a1",)),
        ("45/45", (), ("45/45",)),
    ],
)
def test_xong_reports_tokens_it_cannot_read_as_classes(args, classes, unreadable):
    assert parse_report_command("xong", args) == ClassDone(classes, unreadable)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ("6A5-6A1", RANGE_REVERSED.format(text="6A5-6A1")),
        ("3E-3A", RANGE_REVERSED.format(text="3E-3A")),
        ("6A1-6A41", RANGE_TOO_LONG.format(text="6A1-6A41", count=41, limit=MAX_RANGE_CLASSES)),
        ("6A1-7A3", RANGE_MISMATCH.format(text="6A1-7A3")),
        ("6A1-6B3", RANGE_MISMATCH.format(text="6A1-6B3")),
        ("6/1-6A3", RANGE_MISMATCH.format(text="6/1-6A3")),
        ("Lá 1-Chồi 3", RANGE_MISMATCH.format(text="Lá 1-Chồi 3")),
        ("6A-6A3", RANGE_MISMATCH.format(text="6A-6A3")),
        ("6A1-13A5", RANGE_UNREADABLE.format(text="6A1-13A5")),
        ("6A1 chưa", REPORT_NOT_DONE.format(command="xong", text="chưa")),
        ("6A1 ko", REPORT_NOT_DONE.format(command="xong", text="ko")),
        ("mai 6A1 sẽ xong", REPORT_NOT_DONE.format(command="xong", text="mai")),
        ("6A1?", REPORT_QUESTION.format(command="xong")),
        ("dữ liệu giáo viên", XONG_TEACHER_DATA),
        ("dl gv", XONG_TEACHER_DATA),
        ("tất cả", XONG_ALL_CLASSES),
        ("toàn bộ các lớp", XONG_ALL_CLASSES),
        ("6A1-6A40 7A1-7A40 8A1-8A40", TOO_MANY_CLASSES.format(limit=report_parsing.MAX_CLASSES_PER_REPORT)),
        ("6A1 " * 200, REPORT_ARGS_TOO_LONG.format(command="xong")),
    ],
)
def test_xong_problems(args, reason):
    assert parse_report_command("xong", args) == ReportProblem(reason)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", TeacherDone(None, None)),
        ("45/45", TeacherDone(45, 45)),
        ("45 / 45", TeacherDone(45, 45)),
        ("45 trên 45", TeacherDone(45, 45)),
        ("45 tren 45", TeacherDone(45, 45)),
        ("đủ 45/45", TeacherDone(45, 45)),
        ("45", TeacherDone(45, None)),
        ("40/45", TeacherDone(40, 45)),
        ("045/045", TeacherDone(45, 45)),
        ("đã đồng bộ 45/45 gv ạ", TeacherDone(45, 45)),
        ("100%", TeacherDone(None, None)),
        ("gồm cả hợp đồng, thỉnh giảng", TeacherDone(None, None)),
    ],
)
def test_xonggv_reads_counts(args, expected):
    assert parse_report_command("xonggv", args) == expected


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ("50/45", COUNTS_REVIEWED_OVER_TOTAL.format(text="50/45")),
        ("45/0", COUNTS_ZERO_TOTAL.format(text="45/0")),
        ("0/45", COUNTS_ZERO_REVIEWED.format(text="0/45")),
        ("45/45 46", COUNTS_UNREADABLE.format(text="45/45 46")),
        ("45gv", COUNTS_UNREADABLE.format(text="45gv")),
        ("6A1", XONGGV_GOT_CLASS.format(classes="6A1", args="6A1")),
        ("lớp 6A1, 6A2", XONGGV_GOT_CLASS.format(classes="6A1, 6A2", args="6A1 6A2")),
        ("dữ liệu học sinh", XONGGV_STUDENT_DATA),
        ("chưa đồng bộ được", REPORT_NOT_DONE.format(command="xonggv", text="chưa")),
        ("mai sẽ xong", REPORT_NOT_DONE.format(command="xonggv", text="mai")),
        ("là gì", REPORT_NOT_DONE.format(command="xonggv", text="gì")),
        ("xong chưa?", REPORT_QUESTION.format(command="xonggv")),
    ],
)
def test_xonggv_problems(args, reason):
    assert parse_report_command("xonggv", args) == ReportProblem(reason)


def test_xonggv_refuses_impossible_large_counts():
    result = parse_report_command("xonggv", "99999/99999")
    assert isinstance(result, ReportProblem) and "99999/99999" in result.reason


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("xacnhan", "", SchoolConfirmed()),
        ("xacnhan", "đã kiểm tra và báo cáo phòng", SchoolConfirmed()),
        ("xacnhan", "chac", SchoolConfirmed(anyway=True)),
        ("xacnhan", "6A1", ReportProblem(XACNHAN_GOT_CLASS.format(classes="6A1", args="6A1"))),
        ("xacnhan", "chưa", ReportProblem(REPORT_NOT_DONE.format(command="xacnhan", text="chưa"))),
        ("huy", "", UndoLast()),
        ("huy", "báo cáo vừa rồi nhé", UndoLast()),
        ("huy", "6A1", ReportProblem(HUY_WITH_ARGS)),
        ("huy", "45/45", ReportProblem(HUY_WITH_ARGS)),
        ("huy", "được không?", ReportProblem(REPORT_QUESTION.format(command="huy"))),
        ("/XONG@TroLyBot", "6a1", ClassDone(("6A1",), ())),
        ("XongGV", "45/45", TeacherDone(45, 45)),
    ],
)
def test_other_report_commands(name, args, expected):
    assert parse_report_command(name, args) == expected


def test_unknown_command_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_report_command("tiendo", "")


def test_every_problem_is_polite_vietnamese_addressed_to_thay_co():
    problems = [
        parse_report_command(name, args)
        for name, args in [
            ("xong", "6A5-6A1"), ("xong", "6A1-6A99"), ("xong", "6A1-7A3"), ("xong", "6A1-13A5"),
            ("xong", "6A1 chưa"), ("xong", "6A1?"), ("xong", "gv"), ("xong", "tất cả"), ("xong", "x" * 600),
            ("xong", "6A1-6A40 7A1-7A40 8A1-8A40"), ("xonggv", "50/45"), ("xonggv", "45/0"),
            ("xonggv", "0/45"), ("xonggv", "1 2"), ("xonggv", "6A1"), ("xonggv", "hs"), ("xonggv", "99999"),
            ("xacnhan", "6A1"), ("huy", "6A1"),
        ]
    ]  # fmt: skip
    for problem in problems:
        assert isinstance(problem, ReportProblem)
        assert "thầy/cô" in problem.reason.lower()
        assert problem.reason == unicodedata.normalize("NFC", problem.reason)


def test_report_commands_are_the_four_ascii_names():
    assert REPORT_COMMANDS == ("xong", "xonggv", "xacnhan", "huy")
    assert all(name.isascii() and name.isalpha() for name in REPORT_COMMANDS)


# --------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "classes"),
    [
        ("lớp 6A1 đã xong ạ", ("6A1",)),
        ("lop 3b xong roi a", ("3B",)),
        ("6A1, 6A2, 6A3 đã hoàn thành", ("6A1", "6A2", "6A3")),
        ("Lớp 10A2 rà soát xong rồi ạ", ("10A2",)),
        ("lớp 6a1 hoàn thành rà soát dữ liệu học sinh", ("6A1",)),
        ("6A1-6A5 xong", ("6A1", "6A2", "6A3", "6A4", "6A5")),
        ("lớp 6A1 đến 6A3 đã xong", ("6A1", "6A2", "6A3")),
        ("LỚP 6A1 ĐÃ XONG", ("6A1",)),
        ("lop 6a1 da hoan thanh", ("6A1",)),
        ("lớp 6A1 hòan thành", ("6A1",)),  # old-style tone placement
        ("Em báo cáo lớp 6A1 đã hoàn thành rà soát, cập nhật dữ liệu học sinh ạ", ("6A1",)),
        ("gvcn lớp 7A2 báo cáo đã xong dl hs", ("7A2",)),
        ("6A1 xog r", ("6A1",)),
        ("lớp 6A1 hoàng thành", ("6A1",)),
        ("lớp 6A1 hoàn thàn", ("6A1",)),
        ("lớp 6A1 đã ht", ("6A1",)),
        ("lớp 6A1 hoàn tất ạ", ("6A1",)),
        ("lop6a1 xong", ("6A1",)),
        ("lớp 6 A1 xong", ("6A1",)),
        ("lớp 6/1 xong rồi", ("6/1",)),
        ("lớp 6/1, 6/2 đã xong", ("6/1", "6/2")),
        ("lớp 10CT xong rồi ạ", ("10CT",)),
        ("lớp 12h xong", ("12H",)),
        ("Lá 1 xong rồi ạ", ("Lá 1",)),
        ("lop la 2 xong", ("Lá 2",)),
        ("lớp lá xong rồi", ("Lá",)),
        ("lớp Chồi 2 và Mầm 3 đã hoàn thành", ("Chồi 2", "Mầm 3")),
        ("nhà trẻ A đã hoàn thành", ("Nhà trẻ A",)),
        ("NT1 xong rồi", ("Nhà trẻ 1",)),
        ("lớp 6A1 xong 35/35 em", ("6A1",)),
        ("lớp 6A1 xong 100% ạ", ("6A1",)),
        ("ad ơi lớp 6A1 xong rồi nhé 👍", ("6A1",)),
        ("lớp 6A1\nđã xong", ("6A1",)),
    ],
)
def test_plain_class_reports(text, classes):
    assert parse_report_text(text) == ClassDone(classes, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đã đồng bộ xong dữ liệu giáo viên", TeacherDone(None, None)),
        ("trường em đã rà soát xong dữ liệu gv 45/45 ạ", TeacherDone(45, 45)),
        ("dữ liệu giáo viên đã đồng bộ", TeacherDone(None, None)),
        ("xong dl gv roi a", TeacherDone(None, None)),
        ("đã đồng bộ xong dữ liệu giáo viên 45/45 ạ", TeacherDone(45, 45)),
        ("da dong bo du lieu giao vien", TeacherDone(None, None)),
        ("dữ liệu gv đồng bộ rồi", TeacherDone(None, None)),
        ("trường em xong dl cbgv 45 / 45", TeacherDone(45, 45)),
        ("đã rà soát xong đủ 45 trên 45 giáo viên", TeacherDone(45, 45)),
        ("dữ liệu gv đã rà soát xong 40/45", TeacherDone(40, 45)),
        ("trường mầm non em đã xong dl gv", TeacherDone(None, None)),
        ("trường THCS em đã hoàn thành dữ liệu cán bộ, giáo viên, nhân viên", TeacherDone(None, None)),
        ("đã rà soát 100% gv xong", TeacherDone(None, None)),
    ],
)
def test_plain_teacher_reports(text, expected):
    assert parse_report_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # questions
        "lớp 6A1 xong chưa ạ?",
        "lớp 6A1 xong chưa ạ",
        "rà soát xong thì làm gì tiếp?",
        "đồng bộ dữ liệu giáo viên như thế nào",
        "khi nào phải xong dữ liệu giáo viên?",
        "bao giờ hết hạn",
        "lớp 6A1 xong k",
        "xong rồi à",
        "dl gv đồng bộ xong ko ạ",
        # negations
        "lớp 6A1 chưa xong",
        "6A2 vẫn chưa hoàn thành ạ",
        "chưa đồng bộ được",
        "lop 6a1 chua xong",
        "dữ liệu gv không đồng bộ được",
        "lớp 6A1 xong nhưng còn 2 em sai",
        # chatter and ambiguity
        "ok",
        "cảm ơn ạ",
        "xong rồi ạ",
        "lớp em xong rồi ạ",
        "đã xong 45/45",
        "khối 6 xong rồi",
        "đã xong dữ liệu học sinh",
        "",
        "   ",
        "👍",
        # plans and partial work
        "mai lớp 6A1 sẽ xong",
        "lớp 6A1 đang rà soát",
        "lớp 6A1 sắp xong",
        "lớp 6A1 gần xong rồi",
        "dữ liệu giáo viên đang đồng bộ",
        "đồng bộ dữ liệu giáo viên",
        "lớp 6A1 đã đồng bộ",
        # other things with a class-like token
        "phòng 6A1 mất điện",
        "phòng 6A1 sửa xong rồi",
        "6A1 nghỉ học",
        "xong trước 8/6",
        "6/1 xong",
        "12h xong",
        "17h00 xong",
        "13A1 xong",
        "xong 45gv",
        # mixed or impossible
        "lớp 6A1 và dữ liệu giáo viên đã xong",
        "dữ liệu gv và hs đã xong",
        "đã xong dữ liệu gv 50/45",
        "đã xong dữ liệu gv 45/0",
        "lớp 6A1 xong 30/35 em",
        "trường mầm non lá 1",
        "đây là 1 lớp xong",
        # commands are not plain text
        "/xong 6A1",
        # too long to be a report
        "lớp 6A1 đã xong ạ " + "x" * 400,
        "lớp 6A1 đã xong " + "6A1 " * 100_000,
    ],
)
def test_not_reports(text):
    assert parse_report_text(text) is None


@pytest.mark.parametrize(
    ("text", "classes", "unreadable"),
    [
        ("lớp 13A1 xong", (), ("13A1",)),
        ("6A1B2 xong", (), ("6A1B2",)),
        ("lớp 6A1, 6A1B2 đã xong", ("6A1",), ("6A1B2",)),
        ("lớp 6 xong rồi", (), ("6",)),
        ("lớp 6A5-6A1 xong", (), ("6A5-6A1",)),
        ("lớp 6A1 - 6A50 đã xong", (), ("6A1 - 6A50",)),
    ],
)
def test_plain_reports_keep_unreadable_class_tokens(text, classes, unreadable):
    assert parse_report_text(text) == ClassDone(classes, unreadable)


def test_plain_text_with_and_without_diacritics_reads_alike():
    pairs = [
        ("lớp 6A1 đã hoàn thành rà soát dữ liệu học sinh ạ", "lop 6a1 da hoan thanh ra soat du lieu hoc sinh a"),
        ("dữ liệu giáo viên đã đồng bộ xong 45/45", "du lieu giao vien da dong bo xong 45/45"),
    ]
    for accented, plain in pairs:
        assert parse_report_text(accented) == parse_report_text(plain) is not None


def test_decomposed_unicode_and_control_characters_are_harmless():
    decomposed = unicodedata.normalize("NFD", "lớp 6A1 đã hoàn thành ạ")
    assert parse_report_text(decomposed) == ClassDone(("6A1",), ())
    assert parse_report_text("lớp 6A1\x00 đã\u200b xong\x07") == ClassDone(("6A1",), ())
    assert parse_report_command("xong", "6A1\x00\x1b[31m") == ClassDone(("6A1",), ("31m",))


def test_a_wrong_diacritic_is_not_the_report_word():
    assert parse_report_text("lớp 6A1 xong rồi à") is None  # "à" asks, "ạ" is polite
    assert parse_report_text("lớp 6A1 xong rồi ạ") == ClassDone(("6A1",), ())


def test_the_module_is_pure():
    source = Path(report_parsing.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert imported <= {"__future__", "re", "string", "unicodedata", "collections.abc", "dataclasses", "functools",
                        "handlers", "handlers.answers.vietnamese", "handlers.core.domain"}  # fmt: skip


def test_results_are_hashable_values():
    assert len({ClassDone(("6A1",)), ClassDone(("6A1",), ()), TeacherDone(), SchoolConfirmed(), UndoLast()}) == 4


@pytest.mark.parametrize(
    ("text", "classes"),
    [
        ("Trường THCS Lê Lợi báo cáo lớp 6A1, 6A2 đã xong ạ", ("6A1", "6A2")),
        ("THCS Lê Lợi: 6A8 xong", ("6A8",)),
        ("31001: 6A1 xong", ("6A1",)),
        ("Trường TH Cát Bi lớp 3A xong", ("3A",)),
    ],
)
def test_a_report_may_open_with_the_schools_name_or_code(text, classes):
    assert parse_report_text(text) == ClassDone(classes, ())


@pytest.mark.parametrize("text", ["xong hết khối 7", "6A3 xong, 6A4 chưa", "Lê Lợi 6A1 6A2 xong hết rồi nha"])
def test_attempted_reports_that_cannot_be_read_are_recognised(text):
    assert parse_report_text(text) is None and looks_like_report(text)


@pytest.mark.parametrize(
    "text", ["trường em xong rồi nhé", "GVCN lớp 6A1 xong rồi thì làm gì tiếp", "6A1 xong chưa ạ?", "cảm ơn ạ"]
)
def test_questions_and_chatter_are_not_attempted_reports(text):
    assert not looks_like_report(text)
