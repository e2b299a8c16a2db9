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

LEVELS: tuple[str, ...] = ("MN", "TH", "THCS", "THPT", "GDTX")
DEADLINE_TRACKS: frozenset[str] = frozenset({"teacher", "student"})
DEADLINES_PLACEHOLDER = "{deadlines}"

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_PLACEHOLDER_PATTERN = re.compile(r"\{[^{}\s]*\}")
_REQUIRED_FIELDS = ("id", "question", "answer", "source")
_OPTIONAL_FIELDS = ("phrasings", "levels", "valid_from", "valid_until", "deadline_track")
_KNOWN_FIELDS = frozenset(_REQUIRED_FIELDS + _OPTIONAL_FIELDS)


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

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
                raise KnowledgeError(f"{where}: duplicate id '{entry.id}' (first defined at {seen[entry.id]})")
            seen[entry.id] = where
            entries.append(entry)
    return KnowledgeBase(entries=tuple(entries))


def _knowledge_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise KnowledgeError(f"{path}: no *.yaml knowledge files in this directory")
        return files
    if not path.is_file():
        raise KnowledgeError(f"{path}: knowledge file not found")
    return [path]


def _where(file: Path, node: yaml.Node) -> str:
    return f"{file}:{node.start_mark.line + 1}"


def _load_file(file: Path) -> list[tuple[Entry, str]]:
    try:
        text = file.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as error:
        raise KnowledgeError(f"{file}: not UTF-8 text ({error})") from error
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        raise KnowledgeError(f"{file}:{line}: invalid YAML: {error.problem}") from error
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{file}: invalid YAML: {error}") from error
    entry_nodes = _entry_nodes(file, root)
    return [(_build_entry(file, node), _where(file, node)) for node in entry_nodes]


def _entry_nodes(file: Path, root: yaml.Node | None) -> Sequence[yaml.Node]:
    if root is None:
        raise KnowledgeError(f"{file}:1: empty file; expected a mapping with the key 'entries'")
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(f"{_where(file, root)}: expected a mapping with the key 'entries'")
    fields = _mapping_fields(file, root)
    unknown = sorted(set(fields) - {"entries"})
    if unknown:
        raise KnowledgeError(f"{_where(file, fields[unknown[0]][0])}: unknown top-level key '{unknown[0]}'")
    if "entries" not in fields:
        raise KnowledgeError(f"{_where(file, root)}: missing top-level key 'entries'")
    entries = fields["entries"][1]
    if not isinstance(entries, yaml.SequenceNode):
        raise KnowledgeError(f"{_where(file, entries)}: 'entries' must be a list")
    nodes: list[yaml.Node] = entries.value
    return nodes


def _mapping_fields(file: Path, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key -> (key node, value node); rejects duplicate and non-string keys."""
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
            raise KnowledgeError(f"{_where(file, key_node)}: field names must be plain text")
        if key in fields:
            raise KnowledgeError(f"{_where(file, key_node)}: field '{key}' appears twice")
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
            raise KnowledgeError(f"{_where(file, node)}: each entry must be a mapping of fields")
        self.fields = _mapping_fields(file, node)
        self.label = "entry"
        id_field = self.fields.get("id")
        if id_field and isinstance(id_field[1], yaml.ScalarNode):
            self.label = f"entry '{id_field[1].value}'"

    def fail(self, node: yaml.Node, message: str) -> KnowledgeError:
        return KnowledgeError(f"{_where(self.file, node)}: {self.label}: {message}")

    def check_field_names(self) -> None:
        for name, (key_node, _) in self.fields.items():
            if name not in _KNOWN_FIELDS:
                hint = _closest_field(name)
                suggestion = f" (did you mean '{hint}'?)" if hint else ""
                known = ", ".join(sorted(_KNOWN_FIELDS))
                raise self.fail(key_node, f"unknown field '{name}'{suggestion}; known fields: {known}")
        for name in _REQUIRED_FIELDS:
            if name not in self.fields:
                raise self.fail(self.node, f"missing required field '{name}'")

    def value(self, name: str) -> tuple[Any, yaml.Node] | None:
        if name not in self.fields:
            return None
        value_node = self.fields[name][1]
        try:
            return _construct(value_node), value_node
        except (ValueError, yaml.YAMLError) as error:
            if value_node.tag.endswith(":timestamp"):
                raise self.fail(value_node, f"'{name}' must be a date YYYY-MM-DD ({error})") from None
            raise self.fail(value_node, f"'{name}' cannot be read: {error}") from None

    def text(self, name: str) -> str:
        found = self.value(name)
        assert found is not None
        value, node = found
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, f"'{name}' must be non-empty text")
        return value.strip()

    def text_list(self, name: str) -> tuple[str, ...]:
        found = self.value(name)
        if found is None:
            return ()
        value, node = found
        if not isinstance(value, list):
            raise self.fail(node, f"'{name}' must be a list of texts")
        for item, item_node in zip(value, node.value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(item_node, f"every item of '{name}' must be non-empty text")
        return tuple(item.strip() for item in value)

    def optional_date(self, name: str) -> date | None:
        found = self.value(name)
        if found is None:
            return None
        value, node = found
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise self.fail(node, f"'{name}' must be a date YYYY-MM-DD") from None
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.fail(node, f"'{name}' must be a date YYYY-MM-DD")
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
        raise reader.fail(reader.fields["valid_from"][1], "'valid_from' is after 'valid_until'")
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
    )


def _read_id(reader: _EntryReader) -> str:
    entry_id = reader.text("id")
    if not _ID_PATTERN.match(entry_id):
        raise reader.fail(reader.fields["id"][1], f"id '{entry_id}' must be a lower-case ascii slug (a-z, 0-9, -, _)")
    return entry_id


def _read_levels(reader: _EntryReader) -> frozenset[str]:
    levels = reader.text_list("levels")
    if "levels" in reader.fields and not levels:
        raise reader.fail(reader.fields["levels"][1], "'levels' must not be empty (omit it for all levels)")
    for level, level_node in zip(levels, reader.fields["levels"][1].value if levels else ()):
        if level not in LEVELS:
            raise reader.fail(level_node, f"unknown level '{level}'; allowed: {', '.join(LEVELS)}")
    return frozenset(levels) if levels else frozenset(LEVELS)


def _read_deadline_track(reader: _EntryReader, answer: str) -> str | None:
    answer_node = reader.fields["answer"][1]
    placeholders = _PLACEHOLDER_PATTERN.findall(answer)
    unknown = sorted(set(placeholders) - {DEADLINES_PLACEHOLDER})
    if unknown:
        raise reader.fail(answer_node, f"unknown placeholder {unknown[0]} in 'answer' (only {DEADLINES_PLACEHOLDER})")
    count = placeholders.count(DEADLINES_PLACEHOLDER)
    if "deadline_track" not in reader.fields:
        if count:
            raise reader.fail(answer_node, f"'answer' contains {DEADLINES_PLACEHOLDER} but 'deadline_track' is not set")
        return None
    track = reader.text("deadline_track")
    if track not in DEADLINE_TRACKS:
        allowed = ", ".join(sorted(DEADLINE_TRACKS))
        raise reader.fail(reader.fields["deadline_track"][1], f"unknown deadline_track '{track}'; allowed: {allowed}")
    if count != 1:
        message = f"'answer' must contain {DEADLINES_PLACEHOLDER} exactly once when 'deadline_track' is set"
        raise reader.fail(answer_node, message)
    return track
