"""What real lists carry besides schools: invisible characters, totals, two-row headers, UTF-16,
damaged sheets, sheets formatted down to the last row, districts spelt two ways."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from handlers.schools.directory import district_code, district_key
from handlers.schools.school_file import MAX_SCANNED_ROWS, SchoolFileError, read_school_list

HEADERS = ["Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Số lớp", "Số CB-GV-NV"]


def write_xlsx(path: Path, rows: list[list[object]], merge: str | None = None) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    if merge:
        workbook.active.merge_cells(merge)
    workbook.save(path)
    return path


def test_invisible_and_bidirectional_characters_and_the_text_apostrophe_are_removed(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        HEADERS,
        ["'50011\u200b", "\u200eTrường THCS\u00a0Lê\u200d Lợi\u202c", "THCS\ufeff", "Lê Chân\u2069", "\u200b20", "30"],
    ])
    [school] = read_school_list(path).rows
    assert (school.code, school.name, school.levels, school.district) == ("50011", "Trường THCS Lê Lợi", ("THCS",), "Lê Chân")
    assert (school.classes, school.staff) == (20, 30)


def test_a_total_row_is_recognised_and_named(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        HEADERS,
        ["50011", "Trường THCS Lê Lợi", "THCS", "Lê Chân", 20, 30],
        ["", "Tổng cộng", "", "", 20, 30],
    ])
    result = read_school_list(path)
    assert [s.code for s in result.rows] == ["50011"]
    assert result.notes == ("Dòng 3: dòng tổng cộng ('Tổng cộng'), đã bỏ qua",)


def test_a_two_row_merged_header_and_a_column_numbering_row_are_read(tmp_path):
    path = write_xlsx(
        tmp_path / "t.xlsx",
        [
            ["Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Quy mô", None],
            [None, None, None, None, "Số lớp", "Số CB-GV-NV"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["50011", "Trường THCS Lê Lợi", "THCS", "Lê Chân", 20, 30],
        ],
        merge="E1:F1",
    )
    result = read_school_list(path)
    assert [(s.row, s.classes, s.staff) for s in result.rows] == [(4, 20, 30)]
    assert result.notes == (
        "Dòng 1–2: tiêu đề hai dòng (ô gộp), đã đọc như một dòng tiêu đề",
        "Dòng 3: dòng đánh số cột, đã bỏ qua",
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_utf8_with_bom_are_read(tmp_path, encoding):
    text = ";".join(HEADERS) + "\r\n50011;Trường THCS Lê Lợi;THCS;Lê Chân;20;30\r\n"
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding))
    [school] = read_school_list(path).rows
    assert (school.code, school.name) == ("50011", "Trường THCS Lê Lợi")


def test_a_file_without_a_district_column_says_so(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [[h for h in HEADERS if h != "Quận/Huyện"], ["50011", "THCS Lê Lợi", "THCS", 20, 30]])
    result = read_school_list(path)
    assert not result.names_districts and result.rows[0].district is None


def test_damaged_sheet_xml_ends_with_one_line(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [HEADERS, ["50011", "Trường THCS Lê Lợi", "THCS", "Lê Chân", 20, 30]])
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of an element
            target.writestr(item, data)
    with pytest.raises(SchoolFileError) as caught:
        read_school_list(damaged)
    assert len(caught.value.problems) == 1 and "bị hỏng" in caught.value.problems[0]


def test_a_million_blank_rows_end_with_one_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(",".join(HEADERS) + "\n50011,THCS Lê Lợi,THCS,Lê Chân,20,30\n" + ",,,,,\n" * 1_000_000, encoding="utf-8")
    with pytest.raises(SchoolFileError) as caught:
        read_school_list(path)
    [problem] = caught.value.problems
    assert f"{MAX_SCANNED_ROWS:,}".replace(",", ".") in problem and "dòng trống" in problem


def test_district_names_that_fold_together_are_one_district():
    assert district_key("Lê Chân") == district_key("Lê-Chân") == district_key("Quận  lê chân")
    assert district_code("Lê-Chân") == district_code("Quận Lê Chân") == "LE-CHAN"


def test_a_school_with_no_classes_and_no_staff_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [HEADERS, ["50011", "Trường THCS Lê Lợi", "THCS", "Lê Chân", 0, 0]])
    with pytest.raises(SchoolFileError) as caught:
        read_school_list(path)
    assert caught.value.problems == ["Dòng 2: số lớp và số CB-GV-NV đều bằng 0"]


def test_a_total_row_written_in_the_stt_column_is_recognised_too(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["STT", *HEADERS],
        [1, "50011", "Trường THCS Lê Lợi", "THCS", "Lê Chân", 20, 30],
        ["Tổng cộng", "", "", "", "", 20, 30],
    ])
    result = read_school_list(path)
    assert [s.code for s in result.rows] == ["50011"]
    assert result.notes == ("Dòng 3: dòng tổng cộng ('Tổng cộng'), đã bỏ qua",)


def test_schools_a_district_office_would_manage_but_given_no_district_are_warned_about(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["Mã trường", "Tên trường", "Cấp học", "Số lớp", "Số CB-GV-NV"],
        ["50011", "Trường THCS Lê Lợi", "THCS", 20, 30],
        ["50012", "Trường THPT Trần Phú", "THPT", 30, 60],
    ])
    result = read_school_list(path)
    [warning] = result.warnings
    assert warning.startswith("1 trường mầm non, tiểu học, THCS không có quận/huyện (50011)")
