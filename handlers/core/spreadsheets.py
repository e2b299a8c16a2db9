"""Writes tables as Excel workbooks or CSV (pure: files and streams only, no database).

Exports for department staff and inspection teams: progress tables, school join codes.
Headers are bold with a frozen header row and an auto-filter; columns are sized to content.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from handlers.core.os_errors import os_reason

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
TIME_FORMAT = "hh:mm"
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 8
MAX_TITLE_LENGTH = 31  # Excel's limit on a sheet name
MAX_CELL_TEXT = 32_767  # Excel's limit on the text of one cell
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    caption: str | None = None


def sheet_title(title: str, taken: Sequence[str] = ()) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\, no leading/trailing quote, at most 31 characters."""
    clean = re.sub(r"[/\\]", "-", unicodedata.normalize("NFC", title))
    clean = _TITLE_FORBIDDEN.sub(" ", clean)
    clean = ILLEGAL_CHARACTERS_RE.sub("", " ".join(clean.split())).strip("'").strip()
    if not clean or clean.lower() == "history":  # Excel reserves "History"
        clean = f"{clean} 1".strip() if clean else "Trang"
    clean = clean[:MAX_TITLE_LENGTH].rstrip("' ")
    used = {name.lower() for name in taken}
    candidate, number = clean, 1
    while candidate.lower() in used:
        number += 1
        suffix = f" ({number})"
        candidate = clean[: MAX_TITLE_LENGTH - len(suffix)].rstrip("' ") + suffix
    return candidate


def _cell_value(value: object) -> object:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if value is None or isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, (datetime, time)):
        return value.replace(tzinfo=None)  # the caller has converted it to local time
    if isinstance(value, date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", str(value)))
    return text[:MAX_CELL_TEXT]


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("00/00/0000 00:00")
    if isinstance(value, date):
        return len("00/00/0000")
    if isinstance(value, time):
        return len("00:00")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fill_sheet(worksheet: Worksheet, sheet: Sheet) -> None:
    width = max([len(sheet.headers), *(len(row) for row in sheet.rows)], default=0) or 1
    row_number = 1
    if sheet.caption:
        caption = worksheet.cell(row=1, column=1, value=_cell_value(sheet.caption))
        caption.data_type = "s"
        caption.font = Font(bold=True, size=13)
        caption.alignment = Alignment(horizontal="left", vertical="center")
        if width > 1:
            worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        row_number = 2
    header_row = row_number
    widths = [0] * width
    for column, header in enumerate(sheet.headers, start=1):
        value = _cell_value(header)
        cell = worksheet.cell(row=header_row, column=column, value=value)
        cell.font = Font(bold=True)
        if isinstance(value, str):
            cell.data_type = "s"  # a header is text, never a formula
        widths[column - 1] = max(widths[column - 1], _display_width(header))
    for values in sheet.rows:
        row_number += 1
        for column, raw in enumerate(values, start=1):
            value = _cell_value(raw)
            cell = worksheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=..." is text from a user, never a formula
            elif isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, time):
                cell.number_format = TIME_FORMAT
            widths[column - 1] = max(widths[column - 1], _display_width(value))
    if sheet.headers:
        worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
        last = get_column_letter(max(len(sheet.headers), 1))
        worksheet.auto_filter.ref = f"A{header_row}:{last}{max(row_number, header_row)}"
    for column, content in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = min(
            max(content + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH
        )


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    """Writes the sheets to an .xlsx file, replacing it only once the whole workbook is written."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    titles: list[str] = []
    for sheet in sheets:
        title = sheet_title(sheet.title, titles)
        titles.append(title)
        _fill_sheet(workbook.create_sheet(title), sheet)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# A cell starting with one of these is run as a formula by Excel and LibreOffice when a CSV is
# opened ("=HYPERLINK(...)" in a school name); a leading apostrophe keeps it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, str):
        return neutralise_formula(unicodedata.normalize("NFC", value))
    return value


def write_csv(stream: TextIO, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Writes a header line and the rows as CSV ("," delimiter, "\\n" line ends) to `stream`."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([_csv_value(header) for header in headers])
    writer.writerows([_csv_value(value) for value in row] for row in rows)


class OutputError(Exception):
    """The file cannot be written; the message is one Vietnamese line saying why."""


OUTPUT_FORMATS = (".xlsx", ".csv")


def check_output(path: Path, *, sheets: int = 1) -> Path:
    """The path to write, its folder created; or `OutputError` saying in one line why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise OutputError(f"Không ghi được '{path}': chọn tên tệp kết thúc bằng .xlsx (Excel) hoặc .csv")
    if suffix == ".csv" and sheets > 1:
        raise OutputError(f"Không ghi được '{path}': nội dung gồm {sheets} bảng, tệp .csv chỉ chứa một; hãy dùng .xlsx")
    if path.is_dir():
        raise OutputError(f"Không ghi được '{path}': đó là một thư mục; hãy ghi kèm tên tệp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"Không tạo được thư mục '{path.parent}': {os_reason(error)}") from error
    return path


# Why a file could not be written, in the officer's words (the OS says it in English).
def write_table_file(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Writes the sheets in the format the file name asks for: .xlsx, or .csv (one sheet,
    UTF-8 with a BOM so Excel shows Vietnamese, cells that look like formulas kept as text)."""
    path = check_output(path, sheets=len(sheets))
    try:
        if path.suffix.lower() == ".xlsx":
            write_workbook(path, sheets)
        else:
            [sheet] = sheets
            temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
            try:
                with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
                    write_csv(stream, sheet.headers, sheet.rows)
                os.replace(temporary, path)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
    except OSError as error:
        raise OutputError(f"Không ghi được '{path}': {os_reason(error)}") from error
    return path
