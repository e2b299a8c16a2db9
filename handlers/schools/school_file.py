"""Reads the school list officials send as .xlsx or .csv (pure: no database, no network).

`read_school_file` returns every row validated, or raises `SchoolFileError` listing every bad
row by the row number a spreadsheet user sees; the caller loads only when nothing is wrong, so
a file is never half-loaded.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import math
import re
import unicodedata
import warnings
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from handlers.core.domain import Level, fold_diacritics
from handlers.reports.parsing import levels_for_class, normalise_class
from storage.models import District, School, SchoolClass

LEVELS: tuple[str, ...] = tuple(level.value for level in Level)
DISTRICT_LEVELS = frozenset({"MN", "TH", "THCS"})  # the district office manages these

MAX_DATA_ROWS = 10_000
MAX_PROBLEMS_SHOWN = 50
MAX_FILE_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 200
MAX_COUNT = 100_000
# Rows read in all, blank ones included: a sheet formatted down to row 1,048,576 ends with one
# clear line instead of minutes of reading.
MAX_SCANNED_ROWS = 200_000
# The database columns' own limits, so that every row that passes here also fits there.
MAX_CODE_LENGTH = School.__table__.c.code.type.length  # type: ignore[attr-defined]
MAX_NAME_LENGTH = School.__table__.c.name.type.length  # type: ignore[attr-defined]
MAX_DISTRICT_LENGTH = District.__table__.c.name.type.length  # type: ignore[attr-defined]
MAX_CLASS_NAME_LENGTH = SchoolClass.__table__.c.class_name.type.length  # type: ignore[attr-defined]
MAX_CLASSES_PER_SCHOOL = 500


@dataclass(frozen=True)
class SchoolRow:
    row: int  # 1-based row number as a spreadsheet user sees it (header is row 1 unless a title sits above)
    code: str
    name: str
    levels: tuple[str, ...]
    district: str | None
    managed_by_district: bool
    classes: int
    staff: int


class SchoolFileError(Exception):
    """The file cannot be loaded; `problems` are Vietnamese lines naming the row and the fault."""

    def __init__(self, problems: Sequence[str], total: int | None = None) -> None:
        problems = list(problems)
        self.total = len(problems) if total is None else total
        shown = list(problems[:MAX_PROBLEMS_SHOWN])
        if self.total > len(shown):
            shown.append(f"... và {self.total - len(shown)} lỗi khác")
        self.problems: list[str] = shown
        super().__init__("\n".join(shown))


# --- headers -------------------------------------------------------------------------------

_CODE, _NAME, _LEVELS, _DISTRICT, _UNIT, _CLASSES, _STAFF = (
    "code",
    "name",
    "levels",
    "district",
    "managing_unit",
    "classes",
    "staff",
)
_CLASS_NAME = "class_name"  # the classes sheet: one class of one school per row
_REQUIRED = (_CODE, _NAME, _LEVELS, _CLASSES, _STAFF)
_CLASS_SHEET_REQUIRED = (_CODE, _CLASS_NAME)
_LABELS = {
    _CODE: "Mã trường",
    _NAME: "Tên trường",
    _LEVELS: "Cấp học",
    _DISTRICT: "Quận/Huyện",
    _UNIT: "Đơn vị quản lý",
    _CLASSES: "Số lớp",
    _STAFF: "Số CB-GV-NV",
    _CLASS_NAME: "Lớp",
}
# Header keys: diacritics folded, lower case, everything but letters and digits removed.
_HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(("matruong", "madonvi", "schoolcode", "code"), _CODE),
    **dict.fromkeys(("tentruong", "tendonvi", "schoolname", "name"), _NAME),
    **dict.fromkeys(("caphoc", "caphocs", "levels", "level"), _LEVELS),
    **dict.fromkeys(("quanhuyen", "huyenquan", "quanhuyenthanhpho", "quanhuyenthixathanhpho", "district"), _DISTRICT),
    **dict.fromkeys(("donviquanly", "coquanquanly", "managingunit", "managedby"), _UNIT),
    **dict.fromkeys(("solop", "solophoc", "tongsolop", "classes"), _CLASSES),
    **dict.fromkeys(("lop", "tenlop", "lophoc", "classname", "class"), _CLASS_NAME),
    **dict.fromkeys(
        (
            "socbgvnv",
            "tongsocbgvnv",
            "socanbogiaoviennhanvien",
            "tongsocanbogiaoviennhanvien",
            "socbqlgvnv",
            "staff",
        ),
        _STAFF,
    ),
}


def _key(text: str) -> str:
    folded = fold_diacritics(unicodedata.normalize("NFC", _strip_invisible(text))).lower()
    return re.sub(r"[^0-9a-z]", "", folded)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True)
class _Header:
    row: int
    columns: dict[str, int]  # role -> 0-based column index
    titles: dict[str, str]  # role -> header text as written in the file
    problems: tuple[str, ...] = ()
    first_row: int | None = None  # a two-row header (merged cells above) starts here


@dataclass(frozen=True)
class SchoolList:
    """A validated file: its schools, the columns it had, and what the reader noticed on the way."""

    rows: list[SchoolRow]
    columns: frozenset[str]  # "district", "managing_unit", ...: which optional columns were present
    notes: tuple[str, ...] = ()
    # School code → its exact classes, when the file came with a classes sheet (None: no sheet;
    # a school missing from a given sheet has no list and keeps the levels × class count rule).
    class_lists: dict[str, tuple[str, ...]] | None = None
    # Rows loaded as written but probably wrong (a THPT school under a district office).
    warnings: tuple[str, ...] = ()

    @property
    def names_districts(self) -> bool:
        return _DISTRICT in self.columns or _UNIT in self.columns


def _read_header(row_number: int, cells: Sequence[object]) -> _Header:
    columns: dict[str, int] = {}
    titles: dict[str, str] = {}
    problems: list[str] = []
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        role = _HEADER_ALIASES.get(_key(str(cell)))
        if role is None:
            continue
        title = " ".join(str(cell).split())
        if role in columns:
            problems.append(
                f"Dòng {row_number}: cột '{_LABELS[role]}' xuất hiện hai lần "
                f"(cột {_column_letter(columns[role])} và {_column_letter(index)}); hãy giữ một cột"
            )
            continue
        columns[role] = index
        titles[role] = title
    return _Header(row_number, columns, titles, tuple(problems))


def _merge_two_rows(upper: Sequence[object], lower: Sequence[object]) -> list[object]:
    """A two-row header as one: the lower row's title where it has one, else the merged one above."""
    width = max(len(upper), len(lower))
    merged: list[object] = []
    for index in range(width):
        below = lower[index] if index < len(lower) else None
        above = upper[index] if index < len(upper) else None
        merged.append(below if not _is_blank(below) else above)
    return merged


def _find_header(rows: Sequence[tuple[int, Sequence[object]]]) -> _Header | list[str]:
    """The first row (within the first ten) holding every required column, else the problems.

    Official lists often group columns under a merged title ("Số lượng" over "Số lớp" and
    "Số CB-GV-NV"); such a two-row header is read as one, its rows named in the import notes.
    """
    best: _Header | None = None
    for position, (row_number, cells) in enumerate(rows):
        header = _read_header(row_number, cells)
        if all(role in header.columns for role in _REQUIRED):
            return header
        if position + 1 < len(rows):
            next_number, next_cells = rows[position + 1]
            pair = _read_header(next_number, _merge_two_rows(cells, next_cells))
            if all(role in pair.columns for role in _REQUIRED) and header.columns:
                return _Header(next_number, pair.columns, pair.titles, pair.problems, first_row=row_number)
        if header.columns and (best is None or len(header.columns) > len(best.columns)):
            best = header
    if best is None:
        needed = ", ".join(f"'{_LABELS[role]}'" for role in _REQUIRED)
        return [f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của tệp (cần các cột {needed})"]
    return [f"Thiếu cột '{_LABELS[role]}'" for role in _REQUIRED if role not in best.columns]


# --- cell values ---------------------------------------------------------------------------


def _strip_invisible(text: str) -> str:
    """Without format characters: zero-width spaces and joiners, bidirectional marks and
    overrides, soft hyphens, stray byte-order marks. Copied from web pages and chats, they make
    '50011' differ from '50011' without anyone seeing why."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _text(value: object) -> str:
    """A cell as clean text: NFC, invisible characters removed, control characters turned to
    spaces, whitespace collapsed, and Excel's leading apostrophe (its "store as text" mark) gone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", _strip_invisible(str(value)))
    text = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in text)
    return " ".join(text.split()).lstrip("'’").strip()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not _text(value))


_TOTAL_KEYS = ("tongcong", "tongso", "tong", "cong", "total", "tongtoanthanhpho", "tongtoantinh")


def _is_total_row(*values: object) -> bool:
    """'Tổng cộng', 'Tổng số', 'Cộng' in any cell (the STT, code or name column): a sum row, not a school."""
    for value in values:
        key = _key(_text(value))
        if key and (key in _TOTAL_KEYS or key.startswith(("tongcong", "tongso"))):
            return True
    return False


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def _is_numbering_row(values: Sequence[object]) -> bool:
    """'(1) (2) (3) …' or '1 2 3 …' under a header: the column numbering of official forms."""
    texts = [_text(v) for v in values if not _is_blank(v)]
    return len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts)


_INTEGER_TEXT = re.compile(r"^[+]?(\d+)(?:\.0*)?$")


def _count(value: object, where: str) -> tuple[int | None, str | None]:
    """A whole number >= 0, or the problem with it."""
    if _is_blank(value):
        return None, f"{where} còn trống"
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            number = None
        elif not value.is_integer():
            return None, f"{where}: '{_text(value)}' không phải số nguyên"
        else:
            number = int(value)
    else:
        text = _text(value)
        match = _INTEGER_TEXT.match(text)
        if match:
            number = int(match.group(1))
        elif re.match(r"^-\s*\d+(?:\.\d+)?$", text):
            return None, f"{where}: '{text}' là số âm"
        elif re.match(r"^[+]?\d+[.,]\d+$", text):
            return None, f"{where}: '{text}' không phải số nguyên"
    if number is None:
        return None, f"{where}: '{_text(value)}' không phải số"
    if number < 0:
        return None, f"{where}: '{number}' là số âm"
    if number > MAX_COUNT:
        return None, f"{where}: '{number}' quá lớn"
    return number, None


# --- levels --------------------------------------------------------------------------------

_LEVEL_NAMES: dict[str, str] = {
    "mn": "MN",
    "mam non": "MN",
    "mau giao": "MN",
    "nha tre": "MN",
    "th": "TH",
    "tieu hoc": "TH",
    "thcs": "THCS",
    "trung hoc co so": "THCS",
    "thpt": "THPT",
    "ptth": "THPT",  # the old name, still seen on older lists
    "trung hoc pho thong": "THPT",
    "pho thong trung hoc": "THPT",
    "gdtx": "GDTX",
    "giao duc thuong xuyen": "GDTX",
}
_GDNN = frozenset({"gdnn", "giao duc nghe nghiep"})  # accepted only beside GDTX ("GDNN-GDTX")
_LEVEL_SEPARATORS = re.compile(r"\s*(?:[,;&/+\n\-\u2013\u2014]|\bvà\b|\bva\b)\s*", re.IGNORECASE)  # also en/em dash
_MIXED_LEVELS = re.compile(r"^(?:truong\s+)?lien\s+cap\b\s*:?\s*", re.IGNORECASE)
_LEVEL_HINT = "dùng MN, TH, THCS, THPT, GDTX"


def _level_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_diacritics(text).lower()).split())


def _parse_levels(value: object, where: str) -> tuple[tuple[str, ...] | None, list[str]]:
    text = _text(value)
    if not text:
        return None, [f"{where}: thiếu cấp học ({_LEVEL_HINT})"]
    mixed = _MIXED_LEVELS.match(fold_diacritics(text))
    if mixed:
        text = text[mixed.end() :].strip()
        if not _level_key(text):
            return None, [
                f"{where}: cấp học 'Liên cấp' chưa rõ gồm những cấp nào; hãy ghi rõ các cấp, ví dụ 'TH, THCS'"
            ]
    found: set[str] = set()
    gdnn = False
    problems: list[str] = []
    for part in _LEVEL_SEPARATORS.split(text):
        key = _level_key(part)
        if not key:
            continue
        if key in _LEVEL_NAMES:
            found.add(_LEVEL_NAMES[key])
        elif key in _GDNN:
            gdnn = True
        elif all(word in _LEVEL_NAMES for word in key.split()):  # "TH THCS"
            found.update(_LEVEL_NAMES[word] for word in key.split())
        else:
            problems.append(f"{where}: cấp học '{part.strip()}' không hợp lệ ({_LEVEL_HINT})")
    if gdnn and "GDTX" not in found:
        problems.append(f"{where}: cấp học 'GDNN' không hợp lệ ({_LEVEL_HINT}; trung tâm GDNN-GDTX ghi GDTX)")
    if problems:
        return None, problems
    if not found:
        return None, [f"{where}: thiếu cấp học ({_LEVEL_HINT})"]
    return tuple(level for level in LEVELS if level in found), []


# --- managing unit -------------------------------------------------------------------------

_DEPARTMENT_FIRST_WORDS = frozenset({"so", "sgd", "sgddt"})
_DISTRICT_OFFICE_FIRST_WORDS = frozenset({"phong", "pgd", "pgddt"})
_DEPARTMENT_SECTIONS = ("gdtx", "gdtr", "gdth", "gdpt")  # first word after "Phòng" in the Sở's own sections
_DEPARTMENT_SECTION_NAMES = ("mam non", "tieu hoc", "trung hoc", "pho thong", "thuong xuyen", "chuyen nghiep")
_OFFICE_WORDS = frozenset({"phong", "pgd", "pgddt", "gd", "dt", "gddt", "giao", "duc", "va", "dao", "tao"})
_WORD = re.compile(r"\w+")


def _parse_managing_unit(value: object, where: str) -> tuple[bool | None, str | None, str | None]:
    """(managed_by_district, district named in it, problem); (None, None, None) when blank."""
    text = _text(value)
    if not text:
        return None, None, None
    words = list(_WORD.finditer(text))
    folded = [fold_diacritics(match.group()).lower() for match in words]
    if folded and folded[0] in _DEPARTMENT_FIRST_WORDS:
        return False, None, None
    if folded[:1] == ["phong"] and len(folded) > 1 and folded[1] not in _OFFICE_WORDS:
        # "Phòng GDTX&ĐH", "Phòng GD Trung học": sections of the Sở, not a district office
        if folded[1].startswith(_DEPARTMENT_SECTIONS):
            return False, None, None
    elif folded and folded[0] in _DISTRICT_OFFICE_FIRST_WORDS:
        rest = next((i for i, word in enumerate(folded) if word not in _OFFICE_WORDS), None)
        district = text[words[rest].start() :].strip() if rest is not None else None
        if district and _level_key(district).startswith(_DEPARTMENT_SECTION_NAMES):
            return False, None, None  # "Phòng GD Trung học", "Phòng Giáo dục Mầm non": the Sở's own sections
        return True, district or None, None
    return (
        None,
        None,
        f"{where}: đơn vị quản lý '{text}' không rõ (ghi 'Sở GDĐT' hoặc 'Phòng GDĐT' kèm tên quận/huyện)",
    )


# --- reading files -------------------------------------------------------------------------

_Rows = Iterator[tuple[int, Sequence[object]]]


def _xlsx_sheets(path: Path) -> Generator[_Rows, None, None]:
    from openpyxl import load_workbook  # imported here: only .xlsx needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about harmless unsupported extensions
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a damaged or foreign file can fail in many ways inside openpyxl
        raise SchoolFileError(
            ["Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx); hãy mở bằng Excel và lưu lại dạng .xlsx"]
        ) from error
    try:
        for sheet in workbook.worksheets:
            # Some programs write a wrong size into the file; trusting it would drop rows silently.
            sheet.reset_dimensions()
            yield _sheet_rows(sheet)
    finally:
        workbook.close()


def _sheet_rows(sheet: object) -> _Rows:
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
            yield number, cells[:MAX_COLUMNS]
    except SchoolFileError:
        raise
    except Exception as error:  # a damaged sheet inside a valid zip fails while it is read
        title = getattr(sheet, "title", "")
        raise SchoolFileError(
            [f"Trang '{title}' của tệp Excel bị hỏng, không đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx"]
        ) from error


def _decode(data: bytes) -> str:
    # Excel's "Unicode text" and some exports write UTF-16 (with a byte-order mark, or without
    # one but then with a NUL in every other byte of Vietnamese-free ASCII headers).
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SchoolFileError(["Không đọc được tệp CSV UTF-16; hãy lưu lại dạng CSV UTF-8"]) from error
    head = data[:200]
    if head and head.count(0) * 3 > len(head):
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise SchoolFileError(["Không đọc được bảng mã của tệp CSV; hãy lưu lại dạng CSV UTF-8"]) from error


def _csv_rows(text: str, delimiter: str) -> _Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [cell if cell.strip() else None for cell in cells[:MAX_COLUMNS]]
    except csv.Error as error:
        raise SchoolFileError([f"Dòng {reader.line_num}: tệp CSV sai định dạng ({error})"]) from error


def _csv_sheets(path: Path) -> Generator[_Rows, None, None]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SchoolFileError([f"Không mở được tệp '{path.name}'"]) from error
    text = _decode(data)
    # Sniff the delimiter: the one whose first rows hold a header wins (";" is Excel's choice
    # on Vietnamese Windows, "," elsewhere).
    best_delimiter, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            head = list(itertools.islice(_csv_rows(text, delimiter), HEADER_SEARCH_ROWS))
        except SchoolFileError:
            continue
        scores = [len(_read_header(n, cells).columns) for n, cells in head]
        score = max(scores, default=0)
        if score > best_score:
            best_delimiter, best_score = delimiter, score
    yield _csv_rows(text, best_delimiter)


def read_school_file(path: Path) -> list[SchoolRow]:
    """Every school in the file, validated; or `SchoolFileError` listing every problem."""
    return read_school_list(path).rows


def _open_sheets(path: Path) -> Generator[_Rows, None, None]:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SchoolFileError([f"Tệp '{path.name}' không phải .xlsx hoặc .csv; hãy lưu danh sách trường dạng .xlsx"])
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SchoolFileError([f"Không mở được tệp '{path.name}'"]) from error
    if size > MAX_FILE_BYTES:
        raise SchoolFileError([f"Tệp '{path.name}' quá lớn (tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB)"])
    return _xlsx_sheets(path) if suffix == ".xlsx" else _csv_sheets(path)


def read_school_list(path: Path, classes_path: Path | None = None) -> SchoolList:
    """The file's schools with the columns it had and notes on rows it recognised and skipped.

    The exact classes of schools come from a second sheet of the workbook with the columns
    'Mã trường' and 'Lớp', or from `classes_path` (a .csv or .xlsx with those columns)."""
    path = Path(path)
    first_problems: list[str] | None = None
    found: SchoolList | None = None
    class_rows: list[tuple[str, int, str, str]] | None = None
    with contextlib.closing(_open_sheets(path)) as sheets:  # closes the workbook whatever happens
        for index, rows in enumerate(sheets):
            head_rows = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
            if found is not None:
                if class_rows is None:
                    class_rows = _class_sheet_rows(head_rows, rows, _sheet_label(path, index))
                continue
            header = _find_header(head_rows)
            if isinstance(header, list):
                if class_rows is None:
                    class_rows = _class_sheet_rows(head_rows, rows, _sheet_label(path, index))
                    if class_rows is not None:
                        continue
                first_problems = header if first_problems is None else first_problems
                continue
            after = [(n, cells) for n, cells in head_rows if n > header.row]
            notes = []
            if header.first_row is not None:
                notes.append(f"Dòng {header.first_row}–{header.row}: tiêu đề hai dòng (ô gộp), đã đọc như một dòng tiêu đề")
            schools, row_notes, warnings = _validate(header, itertools.chain(after, rows))
            found = SchoolList(schools, frozenset(header.columns), tuple(notes + row_notes), warnings=tuple(warnings))
    if found is None:
        raise SchoolFileError(first_problems or ["Tệp trống: không có dòng tiêu đề và dữ liệu"])
    if classes_path is not None:
        if class_rows is not None:
            raise SchoolFileError([
                f"Tệp '{path.name}' đã có trang danh sách lớp; không dùng thêm --classes '{Path(classes_path).name}'. "
                "Hãy giữ một trong hai."
            ])
        class_rows = read_class_rows(Path(classes_path))
    if class_rows is None:
        return found
    return attach_class_lists(found, class_rows)


def _sheet_label(path: Path, index: int) -> str:
    return f"Trang {index + 1}" if path.suffix.lower() == ".xlsx" else f"Tệp '{path.name}'"


def _find_class_header(rows: Sequence[tuple[int, Sequence[object]]]) -> _Header | None:
    for row_number, cells in rows:
        header = _read_header(row_number, cells)
        if all(role in header.columns for role in _CLASS_SHEET_REQUIRED) and _CLASSES not in header.columns:
            return header
    return None


def _class_sheet_rows(
    head_rows: list[tuple[int, Sequence[object]]], rows: _Rows, label: str
) -> list[tuple[str, int, str, str]] | None:
    """(where, row, school code, class as written) for every filled row of a classes sheet; None
    when the sheet is not one."""
    header = _find_class_header(head_rows)
    if header is None:
        return None
    found = []
    code_at, class_at = header.columns[_CODE], header.columns[_CLASS_NAME]
    after = [(n, cells) for n, cells in head_rows if n > header.row]
    for number, cells in itertools.chain(after, rows):
        if number > MAX_SCANNED_ROWS:
            raise SchoolFileError([f"{label}: có quá nhiều dòng; hãy xoá các dòng trống ở cuối bảng rồi lưu lại"])
        code = _text(cells[code_at]) if code_at < len(cells) else ""
        name = _text(cells[class_at]) if class_at < len(cells) else ""
        if not code and not name:
            continue
        found.append((label, number, code.upper(), name))
    return found


def read_class_rows(path: Path) -> list[tuple[str, int, str, str]]:
    """The rows of a separate classes file (.csv or .xlsx with 'Mã trường' and 'Lớp')."""
    with contextlib.closing(_open_sheets(path)) as sheets:
        for index, rows in enumerate(sheets):
            head_rows = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
            found = _class_sheet_rows(head_rows, rows, _sheet_label(path, index))
            if found is not None:
                return found
    raise SchoolFileError([f"Tệp '{path.name}' không có dòng tiêu đề với hai cột 'Mã trường' và 'Lớp'"])


def attach_class_lists(school_list: SchoolList, class_rows: Sequence[tuple[str, int, str, str]]) -> SchoolList:
    """The schools with their exact classes: every class named as the bot reads class names
    (6A1, 10A2, Lá 1), of a level the school teaches; a school's class count becomes its list's length."""
    schools = {row.code: row for row in school_list.rows}
    problems: list[str] = []
    notes: list[str] = []
    lists: dict[str, list[str]] = {}
    for label, number, code, written in class_rows:
        where = f"{label}, dòng {number}"
        if _is_total_row(code, written):
            notes.append(f"{where}: dòng tổng cộng, đã bỏ qua")
            continue
        if not code:
            problems.append(f"{where}: thiếu mã trường")
            continue
        school = schools.get(code)
        if school is None:
            problems.append(f"{where}: mã trường '{code}' không có trong danh sách trường")
            continue
        if not written:
            problems.append(f"{where}: thiếu tên lớp")
            continue
        name = normalise_class(written) if len(written) <= 40 else None
        if name is None or len(name) > MAX_CLASS_NAME_LENGTH:
            problems.append(f"{where}: tên lớp '{written[:40]}' không đọc được (ví dụ: 1A1, 6A1, 10A2, Lá 1)")
            continue
        if not levels_for_class(name) & set(school.levels):
            problems.append(
                f"{where}: lớp {name} không thuộc cấp học của trường {code} ({', '.join(school.levels)})"
            )
            continue
        names = lists.setdefault(code, [])
        if name in names:
            notes.append(f"{where}: lớp {name} của trường {code} ghi hai lần, đã bỏ dòng trùng")
            continue
        names.append(name)
        if len(names) > MAX_CLASSES_PER_SCHOOL:
            problems.append(f"{where}: trường {code} có hơn {MAX_CLASSES_PER_SCHOOL} lớp")
    if problems:
        raise SchoolFileError(problems)
    rows = []
    for row in school_list.rows:
        names = lists.get(row.code)
        if names and len(names) != row.classes:
            notes.append(
                f"Dòng {row.row}: trường {row.code} ghi {row.classes} lớp nhưng danh sách lớp có {len(names)} lớp; "
                f"dùng {len(names)} lớp theo danh sách"
            )
            row = replace(row, classes=len(names))
        rows.append(row)
    return replace(
        school_list,
        rows=rows,
        notes=school_list.notes + tuple(notes),
        class_lists={code: tuple(names) for code, names in lists.items()},
    )


# --- validation ----------------------------------------------------------------------------


def _validate(header: _Header, rows: _Rows) -> tuple[list[SchoolRow], list[str], list[str]]:
    """(schools, notes on rows recognised and skipped, warnings about rows loaded as they are)."""
    problems = list(header.problems)
    notes: list[str] = []
    warnings: list[str] = []
    no_district: list[str] = []  # codes of schools a district office would manage, given no district
    schools: list[SchoolRow] = []
    first_row_of_code: dict[str, int] = {}
    data_rows = 0
    columns = header.columns

    for number, cells in rows:

        def cell(role: str, cells: Sequence[object] = cells) -> object:
            index = columns.get(role)
            return cells[index] if index is not None and index < len(cells) else None

        if number > MAX_SCANNED_ROWS:
            limit = f"{MAX_SCANNED_ROWS:,}".replace(",", ".")
            raise SchoolFileError(
                [f"Tệp có hơn {limit} dòng (kể cả dòng trống); hãy xoá các dòng trống ở cuối bảng rồi lưu lại"]
            )
        if all(_is_blank(cell(role)) for role in columns):
            continue  # empty, or only extra columns such as "STT" filled
        if _is_total_row(*cells):
            written = next(_text(value) for value in cells if _is_total_row(value))
            notes.append(f"Dòng {number}: dòng tổng cộng ('{written}'), đã bỏ qua")
            continue
        if _is_numbering_row([cell(role) for role in columns]):
            notes.append(f"Dòng {number}: dòng đánh số cột, đã bỏ qua")
            continue
        data_rows += 1
        if data_rows > MAX_DATA_ROWS:
            limit = f"{MAX_DATA_ROWS:,}".replace(",", ".")
            raise SchoolFileError([f"Tệp có hơn {limit} dòng dữ liệu; hãy chia thành nhiều tệp"])
        row_problems: list[str] = []
        where = f"Dòng {number}"

        code = _text(cell(_CODE)).upper()
        if not code:
            row_problems.append(f"{where}: thiếu mã trường")
        elif len(code) > MAX_CODE_LENGTH:
            row_problems.append(f"{where}: mã trường dài quá {MAX_CODE_LENGTH} ký tự")
        elif code in first_row_of_code:
            row_problems.append(f"{where}: mã trường '{code}' trùng với dòng {first_row_of_code[code]}")
        else:
            first_row_of_code[code] = number

        name = _text(cell(_NAME))
        if not name:
            row_problems.append(f"{where}: thiếu tên trường")
        elif len(name) > MAX_NAME_LENGTH:
            row_problems.append(f"{where}: tên trường dài quá {MAX_NAME_LENGTH} ký tự")

        levels, level_problems = _parse_levels(cell(_LEVELS), where)
        row_problems.extend(level_problems)

        district = _text(cell(_DISTRICT)) or None
        managed_by_district: bool | None = None
        if _UNIT in columns:
            managed_by_district, unit_district, unit_problem = _parse_managing_unit(cell(_UNIT), where)
            if unit_problem:
                row_problems.append(unit_problem)
            district = district or unit_district
        if district is not None and len(district) > MAX_DISTRICT_LENGTH:
            row_problems.append(f"{where}: tên quận/huyện dài quá {MAX_DISTRICT_LENGTH} ký tự")

        classes, classes_problem = _count(cell(_CLASSES), f"{where}: cột '{header.titles[_CLASSES]}'")
        staff, staff_problem = _count(cell(_STAFF), f"{where}: cột '{header.titles[_STAFF]}'")
        row_problems.extend(p for p in (classes_problem, staff_problem) if p)
        if classes == 0 and staff == 0:  # an empty school is a row filled in by mistake
            row_problems.append(f"{where}: số lớp và số CB-GV-NV đều bằng 0")

        if row_problems:
            problems.extend(row_problems)
            continue
        assert levels is not None and classes is not None and staff is not None
        if managed_by_district is None:
            managed_by_district = any(level in DISTRICT_LEVELS for level in levels)
        if managed_by_district and not district:
            no_district.append(code)
        elif managed_by_district and Level.THPT.value in levels:
            office = f"Phòng GDĐT {district}"
            warnings.append(
                f"Dòng {number}: {name} (mã {code}) có cấp THPT nhưng được xếp thuộc {office}; "
                "trường có cấp THPT do Sở GDĐT quản lý. Nếu đúng vậy, ghi cột 'Đơn vị quản lý' là 'Sở GDĐT' rồi nạp lại"
            )
        schools.append(
            SchoolRow(
                row=number,
                code=code,
                name=name,
                levels=levels,
                district=district,
                managed_by_district=managed_by_district,
                classes=classes,
                staff=staff,
            )
        )

    if problems:
        raise SchoolFileError(problems + notes)
    if not schools:
        raise SchoolFileError([f"Tệp không có trường nào dưới dòng tiêu đề (dòng {header.row})"])
    if no_district:
        shown = ", ".join(no_district[:5]) + (" …" if len(no_district) > 5 else "")
        warnings.append(
            f"{len(no_district)} trường mầm non, tiểu học, THCS không có quận/huyện ({shown}) nên được xếp thuộc "
            "Sở GDĐT: cán bộ Phòng GDĐT sẽ không thấy các trường này. Nếu không đúng, thêm cột 'Quận/Huyện' rồi nạp lại"
        )
    return schools, notes, warnings
