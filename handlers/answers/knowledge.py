"""The curated knowledge base: entries written from the official letter.

A knowledge file is YAML with one top-level key, ``entries``, a list of
mappings.  `load_knowledge` accepts one file or a directory of ``*.yaml``
files and validates every entry strictly; any problem raises
`KnowledgeError` naming the file and line, so an administrator can fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from handlers.core.domain import LEVELS

DEADLINE_TRACKS: frozenset[str] = frozenset({"teacher", "student"})
DEADLINES_PLACEHOLDER = "{deadlines}"

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_PLACEHOLDER_PATTERN = re.compile(r"\{[^{}\s]*\}")
_REQUIRED_FIELDS = ("id", "question", "answer", "source")
_OPTIONAL_FIELDS = ("phrasings", "levels", "valid_from", "valid_until", "deadline_track", "not_covered", "listed")
_KNOWN_FIELDS = frozenset(_REQUIRED_FIELDS + _OPTIONAL_FIELDS)

# --- Error messages, in one place for review ---
# Read by department staff who edit the YAML by hand; the bot prints them after
# "Cơ sở tri thức có lỗi, trợ lý không khởi động: ".  Every message starts with
# "tệp:dòng: " (added by the code); field names stay as written in the YAML.
ERR_DUPLICATE_ID = "id '{id}' bị trùng, đã dùng ở {first}"
ERR_NO_YAML_FILES = "thư mục này không có tệp tri thức *.yaml nào"
ERR_FILE_NOT_FOUND = "không tìm thấy tệp tri thức"
ERR_NOT_UTF8 = "tệp không phải văn bản UTF-8; hãy lưu lại tệp với bảng mã UTF-8"
ERR_INVALID_YAML = "sai cú pháp YAML (kiểm tra thụt lề, dấu ':', dấu ngoặc, dấu nháy); chi tiết: {problem}"
ERR_EMPTY_FILE = "tệp trống; tệp phải bắt đầu bằng khóa 'entries'"
ERR_NOT_ENTRIES_MAPPING = "tệp phải bắt đầu bằng khóa 'entries', sau đó là danh sách các mục"
ERR_UNKNOWN_TOP_LEVEL_KEY = "khóa '{key}' không có; ở đầu tệp chỉ dùng khóa 'entries'"
ERR_MISSING_ENTRIES = "thiếu khóa 'entries' ở đầu tệp"
ERR_ENTRIES_NOT_LIST = "'entries' phải là danh sách các mục (mỗi mục bắt đầu bằng '- ')"
ERR_FIELD_NAME_NOT_TEXT = "tên trường phải là chữ, ví dụ 'answer'"
ERR_DUPLICATE_FIELD = "trường '{name}' xuất hiện hai lần"
ERR_ENTRY_NOT_MAPPING = "mỗi mục phải gồm các trường dạng 'tên: giá trị'"
ENTRY_LABEL = "mục"
ENTRY_LABEL_WITH_ID = "mục '{id}'"
ERR_UNKNOWN_FIELD = "trường '{name}' không có{hint}; các trường hợp lệ: {known}"
ERR_UNKNOWN_FIELD_HINT = " (có phải ý thầy/cô là '{suggestion}'?)"
ERR_MISSING_FIELD = "thiếu trường bắt buộc '{name}'"
ERR_UNREADABLE_VALUE = "không đọc được giá trị của trường '{name}' ({error})"
ERR_NOT_TEXT = "trường '{name}' phải là văn bản, không được để trống"
ERR_NOT_LIST = "trường '{name}' phải là danh sách (mỗi dòng bắt đầu bằng '- ')"
ERR_LIST_ITEM_NOT_TEXT = "mỗi dòng của '{name}' phải là văn bản, không được để trống"
ERR_NOT_DATE = "trường '{name}' phải là ngày dạng YYYY-MM-DD, ví dụ 2023-06-30"
ERR_NOT_BOOL = "trường '{name}' chỉ nhận giá trị true hoặc false"
ERR_DATES_REVERSED = "ngày 'valid_from' không được sau ngày 'valid_until'"
ERR_BAD_ID = "id '{id}' chỉ được gồm chữ thường không dấu, chữ số, dấu '-' hoặc '_' (ví dụ 'gv-buoc-1')"
ERR_EMPTY_LEVELS = "trường 'levels' không được để trống (bỏ hẳn trường này nếu áp dụng cho mọi cấp học)"
ERR_UNKNOWN_LEVEL = "cấp học '{level}' không hợp lệ; các cấp hợp lệ: {allowed}"
ERR_UNKNOWN_PLACEHOLDER = "chỗ điền {found} trong 'answer' không hợp lệ (chỉ dùng được {placeholder})"
ERR_PLACEHOLDER_WITHOUT_TRACK = "'answer' có {placeholder} nhưng chưa đặt trường 'deadline_track'"
ERR_UNKNOWN_TRACK = "giá trị '{track}' của 'deadline_track' không hợp lệ; các giá trị hợp lệ: {allowed}"
ERR_PLACEHOLDER_COUNT = "khi có 'deadline_track', 'answer' phải chứa {placeholder} đúng một lần"


class KnowledgeError(Exception):
    """A knowledge file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Entry:
    id: str
    question: str
    phrasings: tuple[str, ...]
    answer: str
    source: str
    levels: frozenset[str]
    valid_from: date | None = None
    valid_until: date | None = None
    deadline_track: str | None = None
    # The entry says the letter does not cover the topic; the question still goes to the department.
    not_covered: bool = False
    # What the answer lists (the letter's recipients…): "name as the letter writes it | other name | …".
    # A yes-or-no question naming one of them gets "Có" before the answer.
    listed: tuple[str, ...] = ()

    def applies_to(self, level: str | None) -> bool:
        """Whether the entry concerns the level (None: any level)."""
        return level is None or level in self.levels

    def is_valid_on(self, today: date) -> bool:
        if self.valid_from is not None and today < self.valid_from:
            return False
        return self.valid_until is None or today <= self.valid_until

    def texts(self) -> tuple[str, ...]:
        """The canonical question followed by its phrasings."""
        return (self.question, *self.phrasings)


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    _by_id: dict[str, Entry] = field(init=False, repr=False, compare=False)
    # The ids of the entries about deadlines (their answers are written from the campaign's dates).
    deadline_entries: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})
        object.__setattr__(self, "deadline_entries", frozenset(e.id for e in self.entries if e.deadline_track))

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __getitem__(self, entry_id: str) -> Entry:
        entry = self.get(entry_id)
        if entry is None:
            raise KeyError(entry_id)
        return entry


def load_knowledge(path: Path) -> KnowledgeBase:
    """Load and validate a knowledge file or a directory of ``*.yaml`` files."""
    files = _knowledge_files(Path(path))
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for file in files:
        for entry, where in _load_file(file):
            if entry.id in seen:
                raise KnowledgeError(f"{where}: " + ERR_DUPLICATE_ID.format(id=entry.id, first=seen[entry.id]))
            seen[entry.id] = where
            entries.append(entry)
    return KnowledgeBase(entries=tuple(entries))


def _knowledge_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise KnowledgeError(f"{path}: {ERR_NO_YAML_FILES}")
        return files
    if not path.is_file():
        raise KnowledgeError(f"{path}: {ERR_FILE_NOT_FOUND}")
    return [path]


def _where(file: Path, node: yaml.Node) -> str:
    return f"{file}:{node.start_mark.line + 1}"


def _load_file(file: Path) -> list[tuple[Entry, str]]:
    try:
        text = file.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise KnowledgeError(f"{file}:{line}: {ERR_NOT_UTF8}") from error
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        raise KnowledgeError(f"{file}:{line}: " + ERR_INVALID_YAML.format(problem=error.problem)) from error
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{file}: " + ERR_INVALID_YAML.format(problem=error)) from error
    entry_nodes = _entry_nodes(file, root)
    return [(_build_entry(file, node), _where(file, node)) for node in entry_nodes]


def _entry_nodes(file: Path, root: yaml.Node | None) -> Sequence[yaml.Node]:
    if root is None:
        raise KnowledgeError(f"{file}:1: {ERR_EMPTY_FILE}")
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(f"{_where(file, root)}: {ERR_NOT_ENTRIES_MAPPING}")
    fields = _mapping_fields(file, root)
    unknown = sorted(set(fields) - {"entries"})
    if unknown:
        where = _where(file, fields[unknown[0]][0])
        raise KnowledgeError(f"{where}: " + ERR_UNKNOWN_TOP_LEVEL_KEY.format(key=unknown[0]))
    if "entries" not in fields:
        raise KnowledgeError(f"{_where(file, root)}: {ERR_MISSING_ENTRIES}")
    entries = fields["entries"][1]
    if not isinstance(entries, yaml.SequenceNode):
        raise KnowledgeError(f"{_where(file, entries)}: {ERR_ENTRIES_NOT_LIST}")
    nodes: list[yaml.Node] = entries.value
    return nodes


def _mapping_fields(file: Path, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key -> (key node, value node); rejects duplicate and non-string keys."""
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
            raise KnowledgeError(f"{_where(file, key_node)}: {ERR_FIELD_NAME_NOT_TEXT}")
        if key in fields:
            raise KnowledgeError(f"{_where(file, key_node)}: " + ERR_DUPLICATE_FIELD.format(name=key))
        fields[key] = (key_node, value_node)
    return fields


def _construct(node: yaml.Node) -> Any:
    return yaml.SafeLoader("").construct_object(node, deep=True)


class _EntryReader:
    """Reads the fields of one entry node, raising errors located in the file."""

    def __init__(self, file: Path, node: yaml.Node) -> None:
        self.file = file
        self.node = node
        if not isinstance(node, yaml.MappingNode):
            raise KnowledgeError(f"{_where(file, node)}: {ERR_ENTRY_NOT_MAPPING}")
        self.fields = _mapping_fields(file, node)
        self.label = ENTRY_LABEL
        id_field = self.fields.get("id")
        if id_field and isinstance(id_field[1], yaml.ScalarNode):
            self.label = ENTRY_LABEL_WITH_ID.format(id=id_field[1].value)

    def fail(self, node: yaml.Node, message: str) -> KnowledgeError:
        return KnowledgeError(f"{_where(self.file, node)}: {self.label}: {message}")

    def check_field_names(self) -> None:
        for name, (key_node, _) in self.fields.items():
            if name not in _KNOWN_FIELDS:
                suggestion = _closest_field(name)
                hint = ERR_UNKNOWN_FIELD_HINT.format(suggestion=suggestion) if suggestion else ""
                known = ", ".join(sorted(_KNOWN_FIELDS))
                raise self.fail(key_node, ERR_UNKNOWN_FIELD.format(name=name, hint=hint, known=known))
        for name in _REQUIRED_FIELDS:
            if name not in self.fields:
                raise self.fail(self.node, ERR_MISSING_FIELD.format(name=name))

    def value(self, name: str) -> tuple[Any, yaml.Node] | None:
        if name not in self.fields:
            return None
        value_node = self.fields[name][1]
        try:
            return _construct(value_node), value_node
        except (ValueError, yaml.YAMLError) as error:
            if value_node.tag.endswith(":timestamp"):
                raise self.fail(value_node, ERR_NOT_DATE.format(name=name)) from None
            detail = error.problem if isinstance(error, yaml.MarkedYAMLError) and error.problem else error
            raise self.fail(value_node, ERR_UNREADABLE_VALUE.format(name=name, error=detail)) from None

    def text(self, name: str) -> str:
        found = self.value(name)
        assert found is not None
        value, node = found
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, ERR_NOT_TEXT.format(name=name))
        return value.strip()

    def text_list(self, name: str) -> tuple[str, ...]:
        found = self.value(name)
        if found is None:
            return ()
        value, node = found
        if not isinstance(value, list):
            raise self.fail(node, ERR_NOT_LIST.format(name=name))
        for item, item_node in zip(value, node.value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(item_node, ERR_LIST_ITEM_NOT_TEXT.format(name=name))
        return tuple(item.strip() for item in value)

    def optional_flag(self, name: str) -> bool:
        found = self.value(name)
        if found is None:
            return False
        value, node = found
        if not isinstance(value, bool):
            raise self.fail(node, ERR_NOT_BOOL.format(name=name))
        return value

    def optional_date(self, name: str) -> date | None:
        found = self.value(name)
        if found is None:
            return None
        value, node = found
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise self.fail(node, ERR_NOT_DATE.format(name=name)) from None
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.fail(node, ERR_NOT_DATE.format(name=name))
        return value


def _closest_field(name: str) -> str | None:
    from difflib import get_close_matches

    matches = get_close_matches(name, sorted(_KNOWN_FIELDS), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _build_entry(file: Path, node: yaml.Node) -> Entry:
    reader = _EntryReader(file, node)
    reader.check_field_names()
    entry_id = _read_id(reader)
    answer = reader.text("answer")
    deadline_track = _read_deadline_track(reader, answer)
    valid_from = reader.optional_date("valid_from")
    valid_until = reader.optional_date("valid_until")
    if valid_from and valid_until and valid_from > valid_until:
        raise reader.fail(reader.fields["valid_from"][1], ERR_DATES_REVERSED)
    return Entry(
        id=entry_id,
        question=reader.text("question"),
        phrasings=reader.text_list("phrasings"),
        answer=answer,
        source=reader.text("source"),
        levels=_read_levels(reader),
        valid_from=valid_from,
        valid_until=valid_until,
        deadline_track=deadline_track,
        not_covered=reader.optional_flag("not_covered"),
        listed=reader.text_list("listed"),
    )


def _read_id(reader: _EntryReader) -> str:
    entry_id = reader.text("id")
    if not _ID_PATTERN.match(entry_id):
        raise reader.fail(reader.fields["id"][1], ERR_BAD_ID.format(id=entry_id))
    return entry_id


def _read_levels(reader: _EntryReader) -> frozenset[str]:
    levels = reader.text_list("levels")
    if "levels" in reader.fields and not levels:
        raise reader.fail(reader.fields["levels"][1], ERR_EMPTY_LEVELS)
    for level, level_node in zip(levels, reader.fields["levels"][1].value if levels else ()):
        if level not in LEVELS:
            raise reader.fail(level_node, ERR_UNKNOWN_LEVEL.format(level=level, allowed=", ".join(LEVELS)))
    return frozenset(levels) if levels else frozenset(LEVELS)


def _read_deadline_track(reader: _EntryReader, answer: str) -> str | None:
    answer_node = reader.fields["answer"][1]
    placeholders = _PLACEHOLDER_PATTERN.findall(answer)
    unknown = sorted(set(placeholders) - {DEADLINES_PLACEHOLDER})
    if unknown:
        message = ERR_UNKNOWN_PLACEHOLDER.format(found=unknown[0], placeholder=DEADLINES_PLACEHOLDER)
        raise reader.fail(answer_node, message)
    count = placeholders.count(DEADLINES_PLACEHOLDER)
    if "deadline_track" not in reader.fields:
        if count:
            raise reader.fail(answer_node, ERR_PLACEHOLDER_WITHOUT_TRACK.format(placeholder=DEADLINES_PLACEHOLDER))
        return None
    track = reader.text("deadline_track")
    if track not in DEADLINE_TRACKS:
        allowed = ", ".join(sorted(DEADLINE_TRACKS))
        raise reader.fail(reader.fields["deadline_track"][1], ERR_UNKNOWN_TRACK.format(track=track, allowed=allowed))
    if count != 1:
        raise reader.fail(answer_node, ERR_PLACEHOLDER_COUNT.format(placeholder=DEADLINES_PLACEHOLDER))
    return track
