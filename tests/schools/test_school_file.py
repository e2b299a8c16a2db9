import csv
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from handlers.schools.school_file import MAX_DATA_ROWS, SchoolFileError, SchoolRow, read_school_file

VI_HEADERS = ["STT", "Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Số lớp", "Số CB-GV-NV", "Ghi chú"]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, sheets: int = 1) -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    for _ in range(sheets - 1):  # empty sheets before the one with data
        worksheet.title = "Hướng dẫn"
        worksheet.append(["Điền danh sách ở trang sau"])
        worksheet = workbook.create_sheet("Danh sách")
    for row in rows:
        worksheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SchoolFileError) as caught:
        read_school_file(path)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def test_vietnamese_headers_with_diacritics(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            VI_HEADERS,
            [1, " hp-th01 ", "Trường  Tiểu học   Lê Lợi", "TH", "Lê Chân", 30, 45, ""],
            [2, "HP-THPT01", "Trường THPT Trần Phú", "THPT", "Quận Lê Chân", "20", " 80 ", "Sở quản lý"],
        ],
    )
    assert read_school_file(path) == [
        SchoolRow(
            row=2,
            code="HP-TH01",
            name="Trường Tiểu học Lê Lợi",
            levels=("TH",),
            district="Lê Chân",
            managed_by_district=True,
            classes=30,
            staff=45,
        ),
        SchoolRow(
            row=3,
            code="HP-THPT01",
            name="Trường THPT Trần Phú",
            levels=("THPT",),
            district="Quận Lê Chân",
            managed_by_district=False,
            classes=20,
            staff=80,
        ),
    ]


def test_headers_without_diacritics_and_in_other_spellings(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["ma truong", "TEN TRUONG", "Cap hoc", "Quan, huyen", "So lop", "So can bo, giao vien, nhan vien"],
            ["MN01", "Trường Mầm non Hoa Sen", "Mầm non", "An Dương", 12, 30],
        ],
    )
    [school] = read_school_file(path)
    assert (school.code, school.levels, school.district, school.classes, school.staff) == (
        "MN01",
        ("MN",),
        "An Dương",
        12,
        30,
    )


@pytest.mark.parametrize("staff_header", ["Số CBGVNV", "Số cán bộ, giáo viên, nhân viên", "SỐ CB - GV - NV (*)"])
def test_staff_header_variants(tmp_path, staff_header):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [["Mã trường", "Tên trường", "Cấp học", "Số lớp", staff_header], ["A1", "Trường A", "TH", 5, 9]],
    )
    assert read_school_file(path)[0].staff == 9


def test_english_headers(tmp_path):
    path = write_csv(
        tmp_path / "schools.csv",
        [
            ["school_code", "school_name", "levels", "district", "classes", "staff"],
            ["thcs01", "Trường THCS Chu Văn An", "THCS", "Ngô Quyền", "18", "40"],
        ],
    )
    [school] = read_school_file(path)
    assert school == SchoolRow(2, "THCS01", "Trường THCS Chu Văn An", ("THCS",), "Ngô Quyền", True, 18, 40)


def test_title_rows_above_the_header_keep_spreadsheet_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["DANH SÁCH CÁC CƠ SỞ GIÁO DỤC NĂM HỌC 2026-2027"],
            ["(Kèm theo Công văn số 123/SGDĐT-GDTX&ĐH)"],
            [],
            VI_HEADERS,
            [1, "TH01", "Trường Tiểu học A", "TH", "Kiến An", 10, 20, None],
            [2, "TH02", "Trường Tiểu học B", "TH", "Kiến An", -1, 20, None],
        ],
    )
    assert problems_of(path) == ["Dòng 6: cột 'Số lớp': '-1' là số âm"]


def test_header_beyond_the_tenth_row_is_not_found(tmp_path):
    path = write_xlsx(tmp_path / "truong.xlsx", [["Tiêu đề"]] * 10 + [VI_HEADERS, [1, "A", "B", "TH", "", 1, 1]])
    [problem] = problems_of(path)
    assert problem.startswith("Không tìm thấy dòng tiêu đề trong 10 dòng đầu")


def test_the_sheet_holding_the_header_is_used(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx", [VI_HEADERS, [1, "TH01", "Trường A", "TH", "Hải An", 8, 15, None]], sheets=2
    )
    assert [school.code for school in read_school_file(path)] == ["TH01"]


@pytest.mark.parametrize(
    ("cell", "levels"),
    [
        ("TH, THCS", ("TH", "THCS")),
        ("TH&THCS", ("TH", "THCS")),
        ("TH và THCS", ("TH", "THCS")),
        ("TH-THCS", ("TH", "THCS")),
        ("TH; THCS", ("TH", "THCS")),
        ("THCS, TH", ("TH", "THCS")),
        ("th thcs", ("TH", "THCS")),
        ("Tiểu học và Trung học cơ sở", ("TH", "THCS")),
        ("Mam non", ("MN",)),
        ("Trung học phổ thông", ("THPT",)),
        ("PTTH", ("THPT",)),
        ("THCS&THPT", ("THCS", "THPT")),
        ("GDTX", ("GDTX",)),
        ("GDNN-GDTX", ("GDTX",)),
        ("GDTX-GDNN", ("GDTX",)),
        ("Giáo dục thường xuyên", ("GDTX",)),
        ("Liên cấp TH-THCS", ("TH", "THCS")),
        (unicodedata.normalize("NFD", "Tiểu học"), ("TH",)),
    ],
)
def test_levels_written_many_ways(tmp_path, cell, levels):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"], ["X1", "Trường X", cell, 10, 20]],
    )
    assert read_school_file(path)[0].levels == levels


def test_without_a_managing_unit_column_the_levels_decide_who_manages(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"],
            ["THPT01", "Trường THPT Ngô Quyền", "THPT", 40, 100],
            ["GDTX01", "Trung tâm GDNN-GDTX Lê Chân", "GDNN-GDTX", 10, 25],
            ["LC01", "Trường TH&THCS Lý Tự Trọng", "TH&THCS", 20, 40],
            ["LC02", "Trường THCS&THPT Nguyễn Bỉnh Khiêm", "THCS, THPT", 25, 60],
        ],
    )
    managed = {school.code: (school.managed_by_district, school.district) for school in read_school_file(path)}
    assert managed == {
        "THPT01": (False, None),
        "GDTX01": (False, None),
        "LC01": (True, None),
        "LC02": (True, None),
    }


def test_managing_unit_column_names_the_department_or_a_district_office(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Đơn vị quản lý", "Số lớp", "Số CB-GV-NV"],
            ["A", "Trường THCS A", "THCS", "Phòng GDĐT Lê Chân", 1, 1],
            ["B", "Trường THCS B", "THCS", "PGD Hồng Bàng", 1, 1],
            ["C", "Trường TH C", "TH", "Phòng GD&ĐT quận Ngô Quyền", 1, 1],
            ["D", "Trường THCS D", "THCS", "Phòng Giáo dục và Đào tạo huyện Vĩnh Bảo", 1, 1],
            ["E", "Trường THPT E", "THPT", "Sở GDĐT", 1, 1],
            ["F", "Trường chuyên F", "THCS, THPT", "SGDĐT", 1, 1],
            ["G", "Trường THPT G", "THPT", "so gd&dt", 1, 1],
            ["H", "Trường THPT H", "THPT", "Sở", 1, 1],
            ["I", "Trường MN I", "MN", None, 1, 1],
            ["J", "Trung tâm GDTX J", "GDTX", "Phòng GDTX&ĐH", 1, 1],
            ["K", "Trường THPT K", "THPT", "Phòng GD Trung học", 1, 1],
        ],
    )
    managed = {school.code: (school.managed_by_district, school.district) for school in read_school_file(path)}
    assert managed == {
        "A": (True, "Lê Chân"),
        "B": (True, "Hồng Bàng"),
        "C": (True, "quận Ngô Quyền"),
        "D": (True, "huyện Vĩnh Bảo"),
        "E": (False, None),
        "F": (False, None),
        "G": (False, None),
        "H": (False, None),
        "I": (True, None),  # blank: the levels decide
        "J": (False, None),  # a section of the Sở, not a district office
        "K": (False, None),
    }


def test_a_district_column_wins_over_the_district_named_in_the_managing_unit(tmp_path):
    path = write_csv(
        tmp_path / "truong.csv",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Đơn vị quản lý", "Số lớp", "Số CB-GV-NV"],
            ["A", "Trường THCS A", "THCS", "Quận Lê Chân", "PGD Lê Chân", 1, 1],
            ["B", "Trường THCS B", "THCS", "", "PGD Kiến An", 1, 1],
        ],
    )
    assert [school.district for school in read_school_file(path)] == ["Quận Lê Chân", "Kiến An"]


def test_numbers_from_excel_floats_and_text(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"],
            [1001.0, "Trường A", "TH", 30.0, "30.0"],
            ["B", "Trường B", "TH", " 30 ", 0],
        ],
    )
    schools = read_school_file(path)
    assert [(school.code, school.classes, school.staff) for school in schools] == [("1001", 30, 30), ("B", 30, 0)]


def test_every_bad_value_is_reported_with_its_row(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["STT", "Mã trường", "Tên trường", "Cấp học", "Đơn vị quản lý", "Số lớp", "Số CB-GV-NV", "Ghi chú"],
            [1, "OK1", "Trường tốt", "TH", "PGD Lê Chân", 10, 20, None],
            [2, None, "Trường thiếu mã", "TH", None, 10, 20, None],
            [3, "A3", None, "TH", None, 10, 20, None],
            [4, "A4", "Trường A4", None, None, 10, 20, None],
            [5, "A5", "Trường A5", "PTCS", None, 10, 20, None],
            [6, "A6", "Trường A6", "Liên cấp", None, 10, 20, None],
            [7, "A7", "Trường A7", "TH", "UBND tỉnh", 10, 20, None],
            [8, "A8", "Trường A8", "TH", None, -3, 20, None],
            [9, "A9", "Trường A9", "TH", None, 2.5, "ba mươi", None],
            [10, "A10", "Trường A10", "TH", None, None, "12,5", None],
            [11, "A11", "Trường A11", "TH", None, "-4", "", "ghi chú"],
            [12, "A12", "Trường A12", "GDNN", None, True, 20, None],
            [13, "A13", "Trường A13", "TH", "Phòng Tài chính", 1, 1, None],
        ],
    )
    assert problems_of(path) == [
        "Dòng 3: thiếu mã trường",
        "Dòng 4: thiếu tên trường",
        "Dòng 5: thiếu cấp học (dùng MN, TH, THCS, THPT, GDTX)",
        "Dòng 6: cấp học 'PTCS' không hợp lệ (dùng MN, TH, THCS, THPT, GDTX)",
        "Dòng 7: cấp học 'Liên cấp' chưa rõ gồm những cấp nào; hãy ghi rõ các cấp, ví dụ 'TH, THCS'",
        "Dòng 8: đơn vị quản lý 'UBND tỉnh' không rõ (ghi 'Sở GDĐT' hoặc 'Phòng GDĐT' kèm tên quận/huyện)",
        "Dòng 9: cột 'Số lớp': '-3' là số âm",
        "Dòng 10: cột 'Số lớp': '2.5' không phải số nguyên",
        "Dòng 10: cột 'Số CB-GV-NV': 'ba mươi' không phải số",
        "Dòng 11: cột 'Số lớp' còn trống",
        "Dòng 11: cột 'Số CB-GV-NV': '12,5' không phải số nguyên",
        "Dòng 12: cột 'Số lớp': '-4' là số âm",
        "Dòng 12: cột 'Số CB-GV-NV' còn trống",
        "Dòng 13: cấp học 'GDNN' không hợp lệ (dùng MN, TH, THCS, THPT, GDTX; trung tâm GDNN-GDTX ghi GDTX)",
        "Dòng 13: cột 'Số lớp': 'True' không phải số",
        "Dòng 14: đơn vị quản lý 'Phòng Tài chính' không rõ (ghi 'Sở GDĐT' hoặc 'Phòng GDĐT' kèm tên quận/huyện)",
    ]


def test_the_example_from_the_brief(tmp_path):
    rows = [["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"]]
    rows += [[f"T{n}", f"Trường {n}", "TH", 1, 1] for n in range(2, 7)]
    rows += [["T7", "Trường 7", "PTTH; ĐH", 1, 1]]
    assert problems_of(write_xlsx(tmp_path / "truong.xlsx", rows)) == [
        "Dòng 7: cấp học 'ĐH' không hợp lệ (dùng MN, TH, THCS, THPT, GDTX)"
    ]


def test_duplicate_codes_name_both_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"],
            ["hp01", "Trường A", "TH", 1, 1],
            ["HP02", "Trường B", "TH", 1, 1],
            [" HP01", "Trường C", "TH", 1, 1],
        ],
    )
    assert problems_of(path) == ["Dòng 4: mã trường 'HP01' trùng với dòng 2"]


@pytest.mark.parametrize(
    ("headers", "missing"),
    [
        (["Mã trường", "Tên trường", "Cấp học", "Số CB-GV-NV"], ["Thiếu cột 'Số lớp'"]),
        (
            ["Mã trường", "Cấp học", "Quận/Huyện"],
            ["Thiếu cột 'Tên trường'", "Thiếu cột 'Số lớp'", "Thiếu cột 'Số CB-GV-NV'"],
        ),
    ],
)
def test_missing_columns_are_named(tmp_path, headers, missing):
    path = write_xlsx(tmp_path / "truong.xlsx", [headers, ["A"] * len(headers)])
    assert problems_of(path) == missing


def test_a_column_given_twice_is_an_error(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV", "Số CBGVNV"],
            ["A", "Trường A", "TH", 1, 1, 2],
        ],
    )
    assert problems_of(path) == ["Dòng 1: cột 'Số CB-GV-NV' xuất hiện hai lần (cột E và F); hãy giữ một cột"]


def test_empty_rows_and_rows_with_only_extra_columns_are_skipped(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [
            VI_HEADERS,
            [1, "A", "Trường A", "TH", None, 1, 1, None],
            [None] * 8,
            [2, None, "  ", None, None, None, None, None],
            [3, "B", "Trường B", "TH", None, 1, 1, None],
        ],
    )
    assert [(school.row, school.code) for school in read_school_file(path)] == [(2, "A"), (5, "B")]


def test_a_header_without_schools_is_an_error(tmp_path):
    path = write_xlsx(tmp_path / "truong.xlsx", [VI_HEADERS, [None] * 8])
    assert problems_of(path) == ["Tệp không có trường nào dưới dòng tiêu đề (dòng 1)"]


def test_semicolon_csv_with_bom(tmp_path):
    path = write_csv(
        tmp_path / "truong.csv",
        [
            ["STT", "Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Số lớp", "Số CB-GV-NV"],
            ["1", "TH01", "Trường Tiểu học Đằng Hải, cơ sở 2", "TH, THCS", "Hải An", "12", "30"],
        ],
        delimiter=";",
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    [school] = read_school_file(path)
    assert (school.code, school.name, school.levels, school.district) == (
        "TH01",
        "Trường Tiểu học Đằng Hải, cơ sở 2",
        ("TH", "THCS"),
        "Hải An",
    )


def test_csv_with_a_title_line_and_commas(tmp_path):
    path = write_csv(
        tmp_path / "truong.csv",
        [
            ["Danh sách trường, năm học 2026-2027"],
            ["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"],
            ["A", "Trường A", "MN", "5", "9"],
        ],
    )
    assert [(school.row, school.code) for school in read_school_file(path)] == [(3, "A")]


def to_windows_1258(text: str) -> bytes:
    """Encodes as Windows-1258 does: tone marks as combining characters after the letter."""
    encoded = []
    for char in unicodedata.normalize("NFC", text):
        try:
            encoded.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = "".join(mark for mark in marks if mark in "\u0300\u0301\u0303\u0309\u0323")
            others = "".join(mark for mark in marks if mark not in tones)
            encoded.append((unicodedata.normalize("NFC", base + others) + tones).encode("cp1258"))
    return b"".join(encoded)


def test_windows_1258_csv_is_read_and_normalised(tmp_path):
    path = tmp_path / "truong.csv"
    path.write_bytes(
        to_windows_1258(
            "Mã trường;Tên trường;Cấp học;Quận/Huyện;Số lớp;Số CB-GV-NV\r\n"
            "A;Trường Tiểu học Lê Lợi;Tiểu học;Thủy Nguyên;5;9\r\n"
        )
    )
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    [school] = read_school_file(path)
    assert (school.name, school.levels, school.district) == ("Trường Tiểu học Lê Lợi", ("TH",), "Thủy Nguyên")
    assert unicodedata.is_normalized("NFC", school.name)


@pytest.mark.parametrize("name", ["truong.xls", "truong.txt", "truong"])
def test_other_file_types_are_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"anything")
    [problem] = problems_of(path)
    assert "không phải .xlsx hoặc .csv" in problem


def test_a_damaged_xlsx_is_refused_politely(tmp_path):
    path = tmp_path / "truong.xlsx"
    path.write_text("Mã trường,Tên trường\n", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.startswith("Không đọc được tệp Excel")


def test_a_missing_file_is_refused_politely(tmp_path):
    [problem] = problems_of(tmp_path / "khong-co.csv")
    assert problem == "Không mở được tệp 'khong-co.csv'"


def test_more_than_the_row_cap_is_refused(tmp_path):
    rows = [["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"]]
    rows += [[f"T{n}", "Trường", "TH", 1, 1] for n in range(MAX_DATA_ROWS + 1)]
    assert problems_of(write_csv(tmp_path / "truong.csv", rows)) == [
        "Tệp có hơn 10.000 dòng dữ liệu; hãy chia thành nhiều tệp"
    ]


def test_the_row_cap_itself_is_accepted(tmp_path):
    rows = [["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"]]
    rows += [[f"T{n}", "Trường", "TH", 1, 1] for n in range(MAX_DATA_ROWS)]
    assert len(read_school_file(write_csv(tmp_path / "truong.csv", rows))) == MAX_DATA_ROWS


def test_problems_beyond_fifty_are_summarised(tmp_path):
    rows = [["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"]]
    rows += [[f"T{n}", "Trường", "XX", 1, 1] for n in range(60)]
    error_lines = problems_of(write_csv(tmp_path / "truong.csv", rows))
    assert len(error_lines) == 51
    assert error_lines[0] == "Dòng 2: cấp học 'XX' không hợp lệ (dùng MN, TH, THCS, THPT, GDTX)"
    assert error_lines[-1] == "... và 10 lỗi khác"


def test_control_characters_and_long_text_are_handled(tmp_path):
    path = write_csv(
        tmp_path / "truong.csv",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"],
            ["A", "Trường\x00 A\x07\tmới", "TH", 1, 1],
            ["B", "x" * 100_000, "TH", 1, 1],
        ],
    )
    assert problems_of(path) == ["Dòng 3: tên trường dài quá 200 ký tự"]


def test_rows_beyond_a_wrong_recorded_sheet_size_are_still_read(tmp_path):
    path = write_xlsx(
        tmp_path / "truong.xlsx",
        [["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"], ["A", "Trường A", "TH", 1, 1]]
        + [[f"B{n}", "Trường B", "TH", 1, 1] for n in range(3)],
    )
    # Rewrite the sheet's recorded size as "A1", as some export tools do.
    damaged = tmp_path / "sai-kich-thuoc.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1"/>', data)
                assert b'<dimension ref="A1"/>' in data
            target.writestr(item, data)
    assert [school.row for school in read_school_file(damaged)] == [2, 3, 4, 5]


def test_codes_longer_than_the_database_column_are_refused_with_the_row(tmp_path):
    path = write_csv(
        tmp_path / "truong.csv",
        [["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"], ["X" * 40, "Trường A", "TH", 1, 1]],
    )
    [problem] = problems_of(path)
    assert problem.startswith("Dòng 2:") and "32" in problem
