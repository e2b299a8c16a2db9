import io
from datetime import date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook

from handlers.core.spreadsheets import Sheet, sheet_title, write_csv, write_workbook

HEADERS = ["Mã trường", "Tên trường", "Cấp học", "Số lớp đã xong", "Cập nhật lúc"]


def test_written_workbook_reads_back_with_vietnamese_headers_and_values(tmp_path):
    path = tmp_path / "tien-do.xlsx"
    updated = datetime(2026, 11, 29, 17, 0, tzinfo=timezone(timedelta(hours=7)))
    write_workbook(
        path,
        [
            Sheet(
                title="Tiến độ",
                headers=HEADERS,
                rows=[
                    ["HP01", "Trường Tiểu học Lê Lợi", "TH", 12, updated],
                    ["HP02", "Trường THCS Ngô Quyền", "THCS", 0.5, None],
                ],
            )
        ],
    )
    worksheet = load_workbook(path).active
    assert worksheet.title == "Tiến độ"
    assert list(worksheet.values) == [
        tuple(HEADERS),
        ("HP01", "Trường Tiểu học Lê Lợi", "TH", 12, datetime(2026, 11, 29, 17, 0)),
        ("HP02", "Trường THCS Ngô Quyền", "THCS", 0.5, None),
    ]
    assert worksheet["E2"].number_format == "dd/mm/yyyy hh:mm"
    assert all(cell.font.bold for cell in worksheet[1])
    assert not worksheet["A2"].font.bold
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == "A1:E3"


def test_caption_sits_above_the_header_bold_and_merged(tmp_path):
    path = tmp_path / "tien-do.xlsx"
    caption = "Tiến độ rà soát CSDL Ngành — 29/11/2026 17h00"
    write_workbook(path, [Sheet("Tiến độ", HEADERS, [["HP01", "Trường A", "TH", 1, None]], caption=caption)])
    worksheet = load_workbook(path).active
    assert worksheet["A1"].value == caption
    assert worksheet["A1"].font.bold
    assert [str(merged) for merged in worksheet.merged_cells.ranges] == ["A1:E1"]
    assert [cell.value for cell in worksheet[2]] == HEADERS
    assert worksheet["A2"].font.bold
    assert worksheet.freeze_panes == "A3"
    assert worksheet.auto_filter.ref == "A2:E3"


def test_several_sheets_with_unsafe_and_duplicate_titles(tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    write_workbook(
        path,
        [
            Sheet("Tiến độ: THCS/THPT [2026]?", ["A"], [[1]]),
            Sheet("Chưa xong", ["A"], []),
            Sheet("chưa xong", ["A"], []),
            Sheet("Danh sách các trường chưa hoàn thành rà soát dữ liệu", ["A"], []),
        ],
    )
    titles = load_workbook(path).sheetnames
    assert titles == [
        "Tiến độ THCS-THPT 2026",
        "Chưa xong",
        "chưa xong (2)",
        "Danh sách các trường chưa hoàn",
    ]
    assert all(len(title) <= 31 for title in titles)


@pytest.mark.parametrize(
    ("title", "expected"),
    [("", "Trang"), ("'Tiến độ'", "Tiến độ"), ("History", "History 1"), ("a\\b*c", "a-b c"), ("x" * 40, "x" * 31)],
)
def test_sheet_title_is_made_valid(title, expected):
    assert sheet_title(title) == expected


def test_sheet_title_stays_within_the_limit_when_made_unique():
    assert sheet_title("x" * 40, ["x" * 31]) == "x" * 27 + " (2)"


def test_text_is_never_written_as_a_formula(tmp_path):
    path = tmp_path / "a.xlsx"
    write_workbook(path, [Sheet("A", ["Ghi chú"], [['=HYPERLINK("http://x","bấm")'], ["+84 912"]])])
    worksheet = load_workbook(path).active
    assert worksheet["A2"].value == '=HYPERLINK("http://x","bấm")'
    assert worksheet["A2"].data_type == "s"


def test_column_widths_follow_content_with_a_cap(tmp_path):
    path = tmp_path / "a.xlsx"
    write_workbook(path, [Sheet("A", ["Mã", "Tên trường", "Ghi chú"], [["HP01", "Trường Tiểu học Lê Lợi", "x" * 500]])])
    dimensions = load_workbook(path).active.column_dimensions
    assert dimensions["A"].width == 8
    assert dimensions["B"].width == len("Trường Tiểu học Lê Lợi") + 2
    assert dimensions["C"].width == 60


def test_other_values_are_written_readably(tmp_path):
    path = tmp_path / "a.xlsx"
    write_workbook(path, [Sheet("A", ["Ngày", "Đã xác nhận", "Ghi chú"], [[date(2026, 6, 8), True, "a\x01b"]])])
    worksheet = load_workbook(path).active
    assert worksheet["A2"].value == datetime(2026, 6, 8)
    assert worksheet["A2"].number_format == "dd/mm/yyyy"
    assert worksheet["B2"].value == "Có"
    assert worksheet["C2"].value == "ab"


def test_an_existing_file_is_replaced_and_no_temporary_file_is_left(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_text("old", encoding="utf-8")
    write_workbook(path, [Sheet("A", ["Mã"], [["HP01"]])])
    assert load_workbook(path).active["A2"].value == "HP01"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_a_workbook_needs_a_sheet(tmp_path):
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "a.xlsx", [])


def test_write_csv():
    stream = io.StringIO()
    write_csv(
        stream,
        ["Mã trường", "Tên trường", "Cập nhật lúc", "Đã xác nhận"],
        [
            ["HP01", "Trường Tiểu học Lê Lợi, cơ sở 2", datetime(2026, 11, 29, 17, 0), False],
            ["HP02", None, None, True],
        ],
    )
    assert stream.getvalue() == (
        "Mã trường,Tên trường,Cập nhật lúc,Đã xác nhận\n"
        'HP01,"Trường Tiểu học Lê Lợi, cơ sở 2",29/11/2026 17:00,Không\n'
        "HP02,,,Có\n"
    )
