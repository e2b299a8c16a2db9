"""Reading completion reports: the /xong, /xonggv, /xacnhan, /huy commands and plain Vietnamese.

Pure: no database, no network, no clock. Two entry points:

- `parse_report_command(name, args)` reads a report command's arguments and returns a `Report`, or a
  `ReportProblem` whose `reason` the caller shows as is.
- `parse_report_text(text)` reads an ordinary chat message and returns a `ClassDone` or
  `TeacherDone` only when the message is clearly a completion report, else None. It is
  conservative on purpose (a false report is worse than asking for the command): every word of the
  message must belong to a small report vocabulary, so questions, negations, plans and talk about
  other things ("phòng 6A1 mất điện") fall through.

Callers of `ClassDone`: when `unreadable` is non-empty, reply with an error and record nothing;
only when both `classes` and `unreadable` are empty (the bare "/xong") use the sender's homeroom
class. Plain text never returns a `ClassDone` with both empty.

Class names (`normalise_class`):

- grades 1-12: "6a1", "6 A1", "6A 1", "lớp 6A1", "6A01" -> "6A1" (a leading zero in the number
  after the letters is dropped, so "6A01" and "6A1" are one class), "10a" -> "10A", "12A10",
  "10CT" (one to three letters); southern style "6/1", "6/01" -> "6/1";
- preschool groups: "Lá 1", "La1", "lá A" -> "Lá A", "Chồi 2", "Mầm 3", "Nhà trẻ 1"/"NT1"; a bare
  group ("Lá") is a class of its own for a school with one class of that age ("Mầm non" is not);
- ranges "6A1-6A5", "6A1 đến 6A5", "6A1 -> 6A5", "6A1-5" expand over the number; "3A-3E", "3A-E"
  over the letter, following the letters Vietnamese schools use (A B C D E G H I K L M N O P Q R
  S T U V X Y: no F, J, W, Z) unless an end is itself one of F, J, W, Z; both ends must share the
  grade (or preschool group) and the letters; a reversed range or one of more than
  `MAX_RANGE_CLASSES` classes is an error.

Decisions for plain text (commands are more permissive, the command says what is meant):

- a class needs no "lớp" before it when it is a plain grade + one letter (+ number): "6A1 xong";
  multi-letter names ("10CT"), southern "6/1" (also a date), split forms ("6 A1"), bare preschool
  groups and times that read as classes ("12h") need "lớp" before them or a class before them in a
  list ("lớp 6/1, 6/2 xong"); a bare number after "lớp" is an unreadable class;
- student data is done with "xong", "hoàn thành", "hoàn tất" (and a few typos); "đồng bộ" alone is
  not enough for a class (the student procedure has no synchronisation step);
- teacher data is done with those words or "đã đồng bộ"/"đồng bộ rồi", and needs a staff word
  (giáo viên, gv, cán bộ, nhân viên...) with no class, no "lớp" and no student word; "gvcn" and
  "giáo viên chủ nhiệm" are homeroom teachers, not the teacher-data track;
- "45/45", "45 / 45", "45 trên 45" are counts; a count with classes must be complete (35/35);
  counts that are impossible (50/45, x/0) make the message not a report;
- more than `MAX_TEXT_LENGTH` characters is never a report.

Commands: "/xonggv 45" is 45 reviewed with the total unknown (`TeacherDone(45, None)`); a zero
reviewed count is refused; "/xonggv 40/45" is read as is (the caller decides about partial work).
Words of doubt ("chưa", "không", "sẽ", "mai", "đang"...) or a question mark in a report command
make it a `ReportProblem` instead of a report.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from handlers import texts
from handlers.core.domain import fold_diacritics, short_quote

REPORT_COMMANDS = ("xong", "xonggv", "xacnhan", "huy")
MAX_RANGE_CLASSES = 40
MAX_CLASSES_PER_REPORT = 100
MAX_STAFF_COUNT = 9999
MAX_TEXT_LENGTH = 300  # a longer chat message is never read as a report
MAX_ARGS_LENGTH = 500
_QUOTE_LENGTH = 40


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClassDone:
    """Student-data review finished for these classes."""

    classes: tuple[str, ...]  # normalised, deduplicated, in order; empty for "/xong" alone
    unreadable: tuple[str, ...] = ()  # what the user meant as classes but cannot be one, as typed
    anyway: bool = False  # "/xong 6A1-6A24 chac": a batch that large is meant


@dataclass(frozen=True)
class TeacherDone:
    """Teacher data reviewed with every staff member and synchronised."""

    reviewed: int | None = None
    total: int | None = None


@dataclass(frozen=True)
class SchoolConfirmed:
    """A school leader confirms the school's student data and that it was reported upward;
    `anyway`: even though some classes are not reported ("/xacnhan chac")."""

    anyway: bool = False


@dataclass(frozen=True)
class UndoLast:
    """Undo the sender's last report."""


@dataclass(frozen=True)
class ReportProblem:
    """A report command whose arguments cannot be read; `reason` is shown to the user as is.

    `past_end` is the last class of a range that is too long or whose last class cannot exist
    ("6A100" in "6A1-6A100"), and `range_text` the range as typed: a caller that knows the
    sender's school may name the class the school does not have instead."""

    reason: str
    past_end: str | None = field(default=None, compare=False)  # details for the caller, not the problem
    range_text: str = field(default="", compare=False)


Report = ClassDone | TeacherDone | SchoolConfirmed | UndoLast


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------
def _marks(text: str) -> frozenset[str]:
    """The diacritics of a word (tone and vowel marks, and the stroke of đ), position ignored.

    Comparing sets lets "hòan" (old tone placement) match "hoàn", and a word typed with fewer
    marks than the reference ("roi", "rôi") match "rồi", while a different mark ("à" for "ạ",
    "thấy" for "thầy") does not.
    """
    if text.isascii():
        return frozenset()
    found = {ch for ch in unicodedata.normalize("NFD", text) if unicodedata.combining(ch)}
    if "đ" in text:
        found.add("đ")
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class _Tok:
    raw: str  # as typed (NFC)
    low: str
    fold: str
    marks: frozenset[str]
    word: bool
    ascii: bool
    start: int
    end: int


_PIECE = re.compile(r"->|=>|[^\W_]+|\S")
_GLUED_LOP = re.compile(r"lop(?=\d)")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            out.append(" ")
        elif category != "Cf":  # zero-width and direction marks
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=4096)
def _word_forms(raw: str) -> tuple[str, str, frozenset[str]]:
    low = raw.lower()
    return low, fold_diacritics(low), _marks(low)


def _make_tok(raw: str, start: int) -> _Tok:
    low, fold, marks = _word_forms(raw) if len(raw) <= 20 else _word_forms.__wrapped__(raw)
    return _Tok(raw, low, fold, marks, raw[0].isalnum(), raw.isascii(), start, start + len(raw))


def _tokenise(text: str) -> tuple[str, list[_Tok]]:
    text = _clean(text)
    tokens: list[_Tok] = []
    for match in _PIECE.finditer(text):
        raw, start = match.group(), match.start()
        tok = _make_tok(raw, start)
        glued = _GLUED_LOP.match(tok.fold) if tok.word else None
        if glued and len(tok.fold) == len(raw):  # "lớp6A1"
            tokens.append(_make_tok(raw[:3], start))
            tokens.append(_make_tok(raw[3:], start + 3))
        else:
            tokens.append(tok)
    return text, tokens


def _span(text: str, tokens: Sequence[_Tok], first: int, stop: int) -> str:
    return text[tokens[first].start : tokens[stop - 1].end]


def _quote(fragment: str) -> str:
    # Short, one line, no link: the bot never republishes someone's words in its own voice.
    return short_quote(fragment.replace("'", ""), _QUOTE_LENGTH)


# ---------------------------------------------------------------------------------------------
# Vocabulary: every phrase a plain-text report may contain besides classes and counts.
# Written with diacritics; a word typed without some of them matches, one with other marks does not.
# ---------------------------------------------------------------------------------------------
_LOP = "lop"  # "lớp": the next token is meant as a class
_DONE = "done"  # "đã", "rồi"
_COMPLETE = "complete"  # xong, hoàn thành...
_SYNC = "sync"  # đồng bộ
_TEACHER = "teacher"  # the teacher-data track
_STUDENT = "student"  # the student-data track
_ALL = "all"  # tất cả, toàn bộ: no class named
_DOUBT = "doubt"  # negation, question, plan
_SEP = "sep"  # joins classes in a list

_PHRASES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (phrase, frozenset(tags.split()))
    for phrases, tags in (
        (("lớp",), _LOP),
        (("đã", "rồi", "r"), _DONE),
        (("đã ht",), f"{_DONE} {_COMPLETE}"),
        (
            (
                "xong", "xog", "xonh", "xongg", "done", "hoàn thành", "hoàn thàn", "hoàng thành",
                "hoàn thah", "hoàn tành", "hoanthanh", "hoàn tất", "xong xuôi",
            ),
            _COMPLETE,
        ),
        (("đồng bộ",), _SYNC),
        (
            (
                "giáo viên", "gv", "cbgv", "cbgvnv", "cán bộ", "cb", "nhân viên", "nv", "cbql",
                "cán bộ quản lý", "cán bộ quản lí", "cán bộ giáo viên",
            ),
            _TEACHER,
        ),
        (("học sinh", "hs", "hsinh"), _STUDENT),
        (("tất cả", "toàn bộ", "cả", "hết"), _ALL),
        (("và", "với"), _SEP),
        (
            (
                "chưa", "không", "ko", "k", "kg", "khg", "hok", "hông", "chẳng", "sẽ", "sắp", "mai",
                "đang", "gần", "nếu", "thiếu", "lỗi", "nhầm", "định", "dự kiến", "gì", "j", "sao",
                "nào", "ntn", "bh", "bao giờ", "bao nhiêu", "khi nào", "thế nào",
            ),
            _DOUBT,
        ),
        (
            (
                # politeness, address, people
                "dạ", "ạ", "a", "vâng", "nhé", "nha", "nhe", "nhá", "ak", "ah", "ơi", "ok", "oke",
                "okie", "okay", "em", "e", "mình", "tôi", "chúng em", "chúng tôi", "bên em", "thầy",
                "cô", "có", "anh", "chị", "ad", "admin", "trợ lý", "trợ lí", "xin", "thưa", "kính báo",
                "báo cáo", "bc", "gửi", "trường", "trg", "đơn vị", "của", "các", "cùng", "cũng",
                "mầm non", "tiểu học", "thcs", "thpt", "gdtx", "trung học cơ sở", "trung học phổ thông",
                "hôm nay",
                # the work
                "rà soát", "cập nhật", "dữ liệu", "dl", "thông tin", "csdl", "cơ sở dữ liệu", "ngành",
                "hệ thống", "lên", "trên hệ thống", "đầy đủ", "đủ", "được", "đc", "chủ nhiệm", "gvcn",
                "giáo viên chủ nhiệm", "gvbm", "giáo viên bộ môn", "phụ trách", "cán bộ phụ trách", "hợp đồng",
                "thỉnh giảng", "100 %",
            ),
            "",
        ),
    )
    for phrase in phrases
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Phrase:
    syllables: tuple[tuple[str, frozenset[str]], ...]  # (folded, marks)
    tags: frozenset[str]


def _phrase_index() -> dict[str, list[_Phrase]]:
    index: dict[str, list[_Phrase]] = {}
    for text, tags in _PHRASES:
        syllables = tuple((fold_diacritics(s), _marks(s)) for s in text.split())
        index.setdefault(syllables[0][0], []).append(_Phrase(syllables, tags))
    for phrases in index.values():
        phrases.sort(key=lambda p: -len(p.syllables))
    return index


_PHRASE_INDEX = _phrase_index()


def _matches(tok: _Tok, fold: str, marks: frozenset[str]) -> bool:
    return tok.fold == fold and tok.marks <= marks


def _match_phrase(tokens: Sequence[_Tok], i: int) -> tuple[_Phrase, int] | None:
    for phrase in _PHRASE_INDEX.get(tokens[i].fold, ()):
        stop = i + len(phrase.syllables)
        if stop <= len(tokens) and all(
            _matches(tokens[i + k], fold, marks) for k, (fold, marks) in enumerate(phrase.syllables)
        ):
            return phrase, stop
    return None


# ---------------------------------------------------------------------------------------------
# Class names
# ---------------------------------------------------------------------------------------------
_SCHOOL_KIND, _SLASH_KIND, _MN_KIND = "school", "slash", "mn"
# The letters Vietnamese schools name parallel classes with (the Vietnamese alphabet has no F J W Z).
VIETNAMESE_CLASS_LETTERS = "ABCDEGHIKLMNOPQRSTUVXY"


@dataclass(frozen=True, slots=True)
class _Class:
    kind: str
    grade: int  # 0 for preschool
    letters: str  # "A", "CT"; for preschool the letter after the group, or ""
    number: int | None
    prefix: str = ""  # preschool group: "Lá", "Chồi", "Mầm", "Nhà trẻ"

    @property
    def name(self) -> str:
        if self.kind == _SLASH_KIND:
            return f"{self.grade}/{self.number}"
        if self.kind == _MN_KIND:
            parts = [self.prefix, self.letters, str(self.number) if self.number is not None else ""]
            return " ".join(p for p in parts if p)
        return f"{self.grade}{self.letters}{self.number if self.number is not None else ''}"


_SCHOOL_WORD = re.compile(r"(\d+)([a-z]+)(\d*)")
_DIGITS = re.compile(r"\d+")
_LETTER_SUFFIX = re.compile(r"([a-z])(\d*)")
_TIME = re.compile(r"\d{1,2}h(?:\d{2})?")
_SHAPED = re.compile(r"(\d+)[a-z][a-z0-9]*")
_MN_GLUED = re.compile(r"(la|choi|mam|nt)(\d+)")
_MN_GROUPS = {
    "la": ("Lá", _marks("lá")),
    "choi": ("Chồi", _marks("chồi")),
    "mam": ("Mầm", _marks("mầm")),
    "nt": ("Nhà trẻ", frozenset()),
}
_NHA, _TRE = _marks("nhà"), _marks("trẻ")
_RANGE_SYMBOLS = frozenset({"-", "–", "—", "->", "=>", "→", "~"})
_RANGE_WORDS = (("den", _marks("đến")), ("toi", _marks("tới")))
_LIST_SYMBOLS = frozenset({",", ";", "&", "+", "/", "、"})


def _number(raw: str) -> int | None:
    """A class number after the letters: 1-99, at most two digits once leading zeros go."""
    if not raw or len(raw) > 3 or len(raw.lstrip("0")) > 2:
        return None
    value = int(raw)
    return value if value >= 1 else None


def _grade(raw: str) -> int | None:
    if len(raw) > 2:
        return None
    value = int(raw)
    return value if 1 <= value <= 12 else None


def _school_class(grade_raw: str, letters: str, number_raw: str) -> _Class | None:
    grade = _grade(grade_raw)
    if grade is None or len(letters) > 3:
        return None
    number = _number(number_raw) if number_raw else None
    if number_raw and number is None:
        return None
    return _Class(_SCHOOL_KIND, grade, letters.upper(), number)


def _slash_class(grade_raw: str, number_raw: str) -> _Class | None:
    grade, number = _grade(grade_raw), _number(number_raw)
    if grade is None or number is None or len(number_raw) > 2:
        return None
    return _Class(_SLASH_KIND, grade, "", number)


def _is_digits(tok: _Tok | None) -> bool:
    return tok is not None and tok.word and tok.ascii and tok.low.isdigit()


def _adjacent(left: _Tok, right: _Tok) -> bool:
    return left.end == right.start


def _followed_by_slash(tokens: Sequence[_Tok], i: int) -> bool:
    """Whether the number at `i` is the first half of "45/45"."""
    return i + 1 < len(tokens) and tokens[i + 1].raw == "/"


# An atom: (class, or None when it is meant as a class but is not one; index after it).
_Atom = tuple[_Class | None, int]


def _read_preschool(tokens: Sequence[_Tok], i: int, *, text: bool, anchored: bool) -> _Atom | None:
    tok = tokens[i]
    glued = _MN_GLUED.fullmatch(tok.fold)
    if glued:  # "La1", "NT1", "lá1"
        prefix, marks = _MN_GROUPS[glued[1]]
        if not tok.marks <= marks:
            return None
        number = _number(glued[2])
        return (_Class(_MN_KIND, 0, "", number, prefix) if number else None), i + 1
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if tok.fold in _MN_GROUPS and tok.marks <= _MN_GROUPS[tok.fold][1]:
        prefix, stop = _MN_GROUPS[tok.fold][0], i + 1
    elif tok.fold == "nha" and tok.marks <= _NHA and nxt is not None and _matches(nxt, "tre", _TRE):
        prefix, stop = "Nhà trẻ", i + 2
    else:
        return None
    suffix = tokens[stop] if stop < len(tokens) else None
    if suffix is not None and suffix.word and suffix.ascii:
        if suffix.low.isdigit():
            number = _number(suffix.low)
            return (_Class(_MN_KIND, 0, "", number, prefix) if number else None), stop + 1
        if len(suffix.low) == 1 and suffix.low.isalpha():
            return _Class(_MN_KIND, 0, suffix.low.upper(), None, prefix), stop + 1
    if tok.fold == "nt" or (prefix == "Mầm" and suffix is not None and suffix.fold == "non"):
        return None
    if text and not anchored:
        return None
    return _Class(_MN_KIND, 0, "", None, prefix), stop


def _read_atom(tokens: Sequence[_Tok], i: int, *, text: bool, anchored: bool) -> _Atom | None:
    """One class name at `i`; None when nothing there is meant as a class.

    `text` is plain-text reading, where only forms that cannot be anything else count unless
    `anchored` ("lớp" or a class came just before).
    """
    tok = tokens[i]
    if not tok.word:
        return None
    preschool = _read_preschool(tokens, i, text=text, anchored=anchored)
    if preschool is not None:
        return preschool
    if not tok.ascii:
        return None
    strict = text and not anchored
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    school = _SCHOOL_WORD.fullmatch(tok.low)
    if school:
        grade_raw, letters, number_raw = school.groups()
        if strict and (_TIME.fullmatch(tok.low) or len(letters) > 1 or _grade(grade_raw) is None):
            return None
        stop = i + 1
        if not number_raw and not strict and _is_digits(nxt) and not _followed_by_slash(tokens, i + 1):
            assert nxt is not None
            number_raw, stop = nxt.low, i + 2  # "6A 1"
        return _school_class(grade_raw, letters, number_raw), stop
    if tok.low.isdigit():
        if nxt is not None and nxt.raw == "/" and _adjacent(tok, nxt) and _is_digits(after):
            assert after is not None
            if not _adjacent(nxt, after) or strict:
                return None
            return _slash_class(tok.low, after.low), i + 3  # "6/1"
        if strict:
            return None
        if nxt is not None and nxt.word and nxt.ascii:
            suffix = _LETTER_SUFFIX.fullmatch(nxt.low)
            if suffix:  # "6 A1", "6 a", "6 a 1"
                if not suffix[2] and _is_digits(after) and not _followed_by_slash(tokens, i + 2):
                    assert after is not None
                    return _school_class(tok.low, suffix[1], after.low), i + 3
                return _school_class(tok.low, suffix[1], suffix[2]), i + 2
        return None, i + 1  # a bare number where a class was expected
    shaped = _SHAPED.fullmatch(tok.low)
    if shaped:  # "6A1B2"
        if strict and _grade(shaped[1]) is None:
            return None
        return None, i + 1
    return None


def _is_range_connector(tok: _Tok) -> bool:
    if not tok.word:
        return tok.raw in _RANGE_SYMBOLS
    return any(_matches(tok, fold, marks) for fold, marks in _RANGE_WORDS)


def _range_end(first: _Class | None, tokens: Sequence[_Tok], j: int, *, text: bool) -> _Atom | None:
    """The class after a range connector at `j - 1`: a full name, or "5" / "E" for short."""
    atom = _read_atom(tokens, j, text=text, anchored=True)
    if atom is not None and (atom[0] is not None or atom[1] != j + 1 or first is None):
        return atom
    tok = tokens[j]
    if first is not None and tok.word and tok.ascii:
        if tok.low.isdigit() and first.number is not None:
            number = _number(tok.low)
            return (replace(first, number=number) if number else None), j + 1
        if len(tok.low) == 1 and tok.low.isalpha() and first.number is None and len(first.letters) == 1:
            return replace(first, letters=tok.low.upper()), j + 1
    return atom


def _expand(first: _Class | None, last: _Class | None, quoted: str) -> list[_Class] | str:
    """The classes of a range, or the reason it is not one."""
    if first is None or last is None:
        return texts.RANGE_UNREADABLE.format(text=quoted)
    if (first.kind, first.grade, first.prefix) != (last.kind, last.grade, last.prefix):
        return texts.RANGE_MISMATCH.format(text=quoted)
    if first.number is not None and last.number is not None and first.letters == last.letters:
        low, high = first.number, last.number
        members = [_Class(first.kind, first.grade, first.letters, n, first.prefix) for n in range(low, high + 1)]
    elif first.number is None and last.number is None and len(first.letters) == len(last.letters) == 1:
        alphabet = VIETNAMESE_CLASS_LETTERS
        if first.letters not in alphabet or last.letters not in alphabet:
            alphabet = string.ascii_uppercase
        low, high = alphabet.index(first.letters), alphabet.index(last.letters)
        members = [_Class(first.kind, first.grade, letter, None, first.prefix) for letter in alphabet[low : high + 1]]
    else:
        return texts.RANGE_MISMATCH.format(text=quoted)
    if high < low:
        return texts.RANGE_REVERSED.format(text=quoted)
    if len(members) > MAX_RANGE_CLASSES:
        return texts.RANGE_TOO_LONG.format(text=quoted, count=len(members), limit=MAX_RANGE_CLASSES)
    return members


@dataclass(frozen=True, slots=True)
class _ClassExpr:
    classes: list[_Class]
    raw: str  # as typed
    invalid: bool  # an unreadable name or a bad range
    problem: str | None  # why a range is bad
    stop: int
    past_end: str | None = None  # the last class of a range too long, or one that cannot exist


def _impossible_end(first: _Class | None, tokens: Sequence[_Tok], j: int, stop: int) -> str | None:
    """The name of a range's last class that reads as a class but whose number no class has
    ("6A100", or "100" for short after "6A1-"), when the first class is fine; else None."""
    if first is None or first.kind != _SCHOOL_KIND or first.number is None or stop != j + 1:
        return None
    tok = tokens[j]
    if not (tok.word and tok.ascii):
        return None
    whole = _SCHOOL_WORD.fullmatch(tok.low)
    if whole and whole[3] and _grade(whole[1]) == first.grade and whole[2].upper() == first.letters:
        number = int(whole[3])
    elif tok.low.isdigit():
        number = int(tok.low)
    else:
        return None
    return f"{first.grade}{first.letters}{number}" if number > 99 else None


def _numbered_range_too_long(first: _Class | None, last: _Class | None) -> bool:
    """"6A1-6A50": one grade and letters, numbered, more classes than a range may hold."""
    if first is None or last is None or first.number is None or last.number is None:
        return False
    same = (first.kind, first.grade, first.prefix, first.letters) == (last.kind, last.grade, last.prefix, last.letters)
    return same and last.number - first.number + 1 > MAX_RANGE_CLASSES


def _read_class_expr(text: str, tokens: Sequence[_Tok], i: int, *, plain: bool, anchored: bool) -> _ClassExpr | None:
    atom = _read_atom(tokens, i, text=plain, anchored=anchored)
    if atom is None:
        return None
    first, stop = atom
    if stop + 1 < len(tokens) and _is_range_connector(tokens[stop]):
        end = _range_end(first, tokens, stop + 1, text=plain)
        if end is not None:
            last, range_stop = end
            raw = _span(text, tokens, i, range_stop)
            beyond = _impossible_end(first, tokens, stop + 1, range_stop) if last is None else None
            if beyond is not None:  # "6A1-6A100": no school has a 6A100
                return _ClassExpr([], raw, True, texts.RANGE_END_NO_CLASS.format(text=_quote(raw), name=beyond),
                                  range_stop, beyond)
            members = _expand(first, last, _quote(raw))
            if isinstance(members, str):
                # a range too long may also run past the school's classes ("6A1-6A50"): the caller knows
                past_end = last.name if _numbered_range_too_long(first, last) and last is not None else None
                return _ClassExpr([], raw, True, members, range_stop, past_end)
            return _ClassExpr(members, raw, False, None, range_stop)
    raw = _span(text, tokens, i, stop)
    return _ClassExpr([first] if first else [], raw, first is None, None, stop)


def _read_count(text: str, tokens: Sequence[_Tok], i: int) -> tuple[int, int, str, int] | None:
    """ "45/45", "45 / 45", "45 trên 45" at `i`: (reviewed, total, as typed, index after)."""
    if i + 2 >= len(tokens) or not _is_digits(tokens[i]) or not _is_digits(tokens[i + 2]):
        return None
    middle = tokens[i + 1]
    if middle.raw != "/" and not _matches(middle, "tren", _TREN):
        return None
    reviewed, total = int(tokens[i].low), int(tokens[i + 2].low)
    return reviewed, total, _span(text, tokens, i, i + 3), i + 3


_TREN = _marks("trên")


def _parse_class(name: str) -> _Class | None:
    if len(name) > 40:
        return None
    _, tokens = _tokenise(name)
    i = 0
    if tokens:
        phrase = _match_phrase(tokens, 0)
        if phrase is not None and _LOP in phrase[0].tags:
            i = phrase[1]
    if i >= len(tokens):
        return None
    atom = _read_atom(tokens, i, text=False, anchored=True)
    if atom is None or atom[1] != len(tokens):
        return None
    return atom[0]


def normalise_class(token: str) -> str | None:
    """The canonical name of one class ("lớp 6a01" -> "6A1", "la1" -> "Lá 1"), or None."""
    parsed = _parse_class(token)
    return parsed.name if parsed else None


def class_level(name: str) -> str:
    """The level a class belongs to: "MN", "TH" (grades 1-5), "THCS" (6-9), "THPT" (10-12)."""
    parsed = _parse_class(name)
    if parsed is None:
        raise ValueError(f"not a class name: {name!r}")
    if parsed.kind == _MN_KIND:
        return "MN"
    if parsed.grade <= 5:
        return "TH"
    return "THCS" if parsed.grade <= 9 else "THPT"


def levels_for_class(name: str) -> frozenset[str]:
    """Every level whose schools may have this class: grades 10-12 are THPT and GDTX."""
    level = class_level(name)
    return frozenset({"THPT", "GDTX"}) if level == "THPT" else frozenset({level})


# ---------------------------------------------------------------------------------------------
# Scanning a message
# ---------------------------------------------------------------------------------------------
_PLAIN, _CLASS_ARGS, _OTHER_ARGS = "plain", "class-args", "other-args"


@dataclass
class _Scan:
    classes: list[_Class] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # (position, as typed)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # runs of words outside the vocabulary
    problem: str | None = None
    tags: set[str] = field(default_factory=set)
    counts: list[tuple[int, int, str]] = field(default_factory=list)
    numbers: list[tuple[int, str]] = field(default_factory=list)
    doubt: str | None = None
    question: bool = False
    too_many: bool = False
    past_end: tuple[str, str] | None = None  # (last class, range as typed) of the range in `problem`

    def class_names(self) -> list[str]:
        return list(dict.fromkeys(c.name for c in self.classes))

    def unreadable_texts(self, *, with_unknown: bool) -> tuple[str, ...]:
        found = self.unreadable + (self.unknown if with_unknown else [])
        return tuple(dict.fromkeys(raw for _, raw in sorted(found, key=lambda item: item[0])))


def _scan(text: str, tokens: Sequence[_Tok], mode: str) -> _Scan:
    scan = _Scan()
    plain = mode == _PLAIN
    strict = mode != _CLASS_ARGS  # only /xong arguments are all meant as classes
    anchored = False
    last_unknown = -2
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.word and tok.raw in ("?", "？"):
            scan.question, anchored = True, False
            i += 1
            continue
        phrase = _match_phrase(tokens, i) if _is_digits(tok) else None  # "100 %"
        if mode == _OTHER_ARGS and phrase is None:
            count = _read_count(text, tokens, i)
            if count is not None:
                scan.counts.append(count[:3])
                i = count[3]
                continue
            if _is_digits(tok):
                scan.numbers.append((int(tok.low), tok.raw))
                i += 1
                continue
        expr = None
        if phrase is None:
            expr = _read_class_expr(text, tokens, i, plain=strict, anchored=anchored or not strict)
        if expr is not None:
            scan.classes.extend(expr.classes)
            if len(scan.classes) > MAX_CLASSES_PER_REPORT:  # counting repeats: refused either way
                scan.too_many = True
                break
            if expr.invalid:
                scan.unreadable.append((tok.start, expr.raw))
            if expr.problem and scan.problem is None:
                scan.problem = expr.problem
                scan.past_end = (expr.past_end, expr.raw) if expr.past_end else None
            anchored, i = True, expr.stop
            continue
        if plain:
            count = _read_count(text, tokens, i)
            if count is not None:
                scan.counts.append(count[:3])
                anchored, i = False, count[3]
                continue
        phrase = phrase or _match_phrase(tokens, i)
        if phrase is not None:
            matched, stop = phrase
            scan.tags |= matched.tags
            if _DOUBT in matched.tags and scan.doubt is None:
                scan.doubt = _span(text, tokens, i, stop)
            anchored = _LOP in matched.tags or (anchored and _SEP in matched.tags)
            i = stop
            continue
        if not tok.word:
            anchored = anchored and tok.raw in _LIST_SYMBOLS
            i += 1
            continue
        if mode == _OTHER_ARGS and any(ch.isdigit() for ch in tok.low):  # "45gv": a count gone wrong
            scan.unreadable.append((tok.start, tok.raw))
            i += 1
            continue
        if last_unknown == i - 1 and scan.unknown:
            position, _ = scan.unknown[-1]
            scan.unknown[-1] = (position, text[position : tok.end])
        else:
            scan.unknown.append((tok.start, tok.raw))
        last_unknown, anchored = i, False
        i += 1
    return scan


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------
def _command_name(name: str) -> str:
    return name.strip().lstrip("/").split("@", 1)[0].lower()


def _class_list(names: Iterable[str]) -> str:
    return ", ".join(names)


# "/xacnhan chac", "/xacnhan chắc chắn", "/xacnhan van": confirm with classes still unreported.
_CONFIRM_ANYWAY = re.compile(r"\b(?:chac|chắc|van|vẫn)\b", re.IGNORECASE)


def parse_report_command(name: str, args: str) -> Report | ReportProblem:
    """Read a report command (`name` in REPORT_COMMANDS, with or without "/") and its arguments."""
    command = _command_name(name)
    if command not in REPORT_COMMANDS:
        raise ValueError(f"not a report command: {name!r}")
    if len(args) > MAX_ARGS_LENGTH:
        return ReportProblem(texts.REPORT_ARGS_TOO_LONG.format(command=command))
    text, tokens = _tokenise(args)
    if command == "xong":
        anyway = _CONFIRM_ANYWAY.search(args) is not None
        if anyway:
            text, tokens = _tokenise(_CONFIRM_ANYWAY.sub(" ", args))
        parsed = _class_command(_scan(text, tokens, _CLASS_ARGS))
        return replace(parsed, anyway=True) if anyway and isinstance(parsed, ClassDone) else parsed
    scan = _scan(text, tokens, _OTHER_ARGS)
    if scan.question:
        return ReportProblem(texts.REPORT_QUESTION.format(command=command))
    names = scan.class_names()
    if command == "huy":
        if names or scan.unreadable or scan.counts or scan.numbers:
            return ReportProblem(texts.HUY_WITH_ARGS)
        return UndoLast()
    if scan.doubt is not None:
        return ReportProblem(texts.REPORT_NOT_DONE.format(command=command, text=_quote(scan.doubt)))
    if command == "xacnhan":
        if names:
            return ReportProblem(texts.XACNHAN_GOT_CLASS.format(classes=_class_list(names), args=" ".join(names)))
        return SchoolConfirmed(anyway=_CONFIRM_ANYWAY.search(args) is not None)
    if names:
        return ReportProblem(texts.XONGGV_GOT_CLASS.format(classes=_class_list(names), args=" ".join(names)))
    if _STUDENT in scan.tags:
        return ReportProblem(texts.XONGGV_STUDENT_DATA)
    return _teacher_counts(scan, text)


def _class_command(scan: _Scan) -> ClassDone | ReportProblem:
    if scan.question:
        return ReportProblem(texts.REPORT_QUESTION.format(command="xong"))
    if scan.doubt is not None:
        return ReportProblem(texts.REPORT_NOT_DONE.format(command="xong", text=_quote(scan.doubt)))
    if scan.problem is not None:
        if scan.past_end is not None:
            return ReportProblem(scan.problem, past_end=scan.past_end[0], range_text=scan.past_end[1])
        return ReportProblem(scan.problem)
    if _TEACHER in scan.tags:
        return ReportProblem(texts.XONG_TEACHER_DATA)
    if scan.too_many:
        return ReportProblem(texts.TOO_MANY_CLASSES.format(limit=MAX_CLASSES_PER_REPORT))
    names = scan.class_names()
    unreadable = tuple(_quote(raw) for raw in scan.unreadable_texts(with_unknown=True))
    if not names and not unreadable and _ALL in scan.tags:
        return ReportProblem(texts.XONG_ALL_CLASSES)
    return ClassDone(tuple(names), unreadable)


def _count_problem(reviewed: int, total: int | None, raw: str) -> str | None:
    quoted = _quote(raw)
    if reviewed > MAX_STAFF_COUNT or (total is not None and total > MAX_STAFF_COUNT):
        return texts.COUNTS_TOO_LARGE.format(text=quoted, limit=MAX_STAFF_COUNT)
    if total == 0:
        return texts.COUNTS_ZERO_TOTAL.format(text=quoted)
    if total is not None and reviewed > total:
        return texts.COUNTS_REVIEWED_OVER_TOTAL.format(text=quoted)
    if reviewed == 0:
        return texts.COUNTS_ZERO_REVIEWED.format(text=quoted)
    return None


_NEGATIVE_COUNT = re.compile(r"(?:^|[\s(:])[-\u2212\u2013]\s*\d")


def _teacher_counts(scan: _Scan, text: str) -> TeacherDone | ReportProblem:
    if scan.unreadable:
        return ReportProblem(texts.COUNTS_UNREADABLE.format(text=_quote(scan.unreadable[0][1])))
    if _NEGATIVE_COUNT.search(text):  # "-5/52" is not 5/52
        return ReportProblem(texts.COUNTS_NEGATIVE.format(text=_quote(text.strip())))
    if scan.unknown and not scan.tags and not scan.counts and not scan.numbers:  # "/xonggv abc"
        return ReportProblem(texts.COUNTS_UNREADABLE.format(text=_quote(scan.unknown[0][1])))
    if len(scan.counts) + len(scan.numbers) > 1:
        return ReportProblem(texts.COUNTS_UNREADABLE.format(text=_quote(text)))
    if scan.counts:
        reviewed, total, raw = scan.counts[0]
    elif scan.numbers:
        (reviewed, raw), total = scan.numbers[0], None
    else:
        return TeacherDone(None, None)
    problem = _count_problem(reviewed, total, raw)
    return ReportProblem(problem) if problem else TeacherDone(reviewed, total)


# ---------------------------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------------------------
# A report may open with the school's name or code: "Trường THCS Lê Lợi báo cáo lớp 6A1 đã xong",
# "THCS Lê Lợi: 6A8 xong", "31001: 6A1 xong". The name is not checked: a report always counts
# for the sender's own school.
_SCHOOL_LEAD = re.compile(
    r"^\s*(?:(?:trường|truong|trg|trung\s+tâm|trung\s+tam|tt)\s+)?"
    r"(?:mầm\s+non|mam\s+non|tiểu\s+học|tieu\s+hoc|th\s*&\s*thcs|th-thcs|thcs-thpt|gdnn-gdtx|thcs|thpt|gdtx|th|mn)\s+"
    r"|^\s*(?:trường|truong|trg)\s+"
    r"|^\s*(?:mã\s+trường\s+|ma\s+truong\s+)?[a-z]*-?[a-z]*-?\d{2,}\s*:",
    re.IGNORECASE,
)
_SCHOOL_LEAD_END = re.compile(
    r":\s*|\b(?:xin\s+)?(?:báo\s+cáo|bao\s+cao|bc)\b\s*:?\s*|(?=\b(?:lớp|lop|khối|khoi)\b)|(?=\b\d{1,2}[a-z]\d*\b)",
    re.IGNORECASE,
)
_MAX_SCHOOL_NAME = 60
# What an attempted report looks like: a class or grade, and a word of completion.
# "6A3", "khối 7", "lớp 9"; "27 lớp", "hết các lớp": a count or all of the classes.
_CLASS_OR_GRADE = re.compile(
    r"\b\d{1,2}[a-z]\d*\b|\b(?:khối|khoi|lớp|lop)\s*\d{1,2}\b|\b\d{1,3}\s*(?:lớp|lop)\b"
    r"|\b(?:hết|het|tất cả|tat ca)\s+(?:các\s+|cac\s+)?(?:lớp|lop)\b",
    re.IGNORECASE,
)
_COMPLETION = re.compile(r"\b(?:xong|hoàn\s+thành|hoan\s+thanh|hoàn\s+tất|hoan\s+tat)\b", re.IGNORECASE)
_ASKING = re.compile(r"\?|\b(?:gì|gi|nào|sao|bao\s+giờ|bao\s+nhiêu|thế\s+nào|ai|không\s+ạ|ko\s+ạ)\b", re.IGNORECASE)


def _school_lead_end(text: str) -> re.Match[str] | None:
    """Where a leading school name or code ends (its separator), or None without one."""
    lead = _SCHOOL_LEAD.match(text)
    if lead is None:
        return None
    end = _SCHOOL_LEAD_END.search(text, lead.end())
    if end is None or end.start() - lead.end() > _MAX_SCHOOL_NAME:
        return None
    return end


def without_school_lead(text: str) -> str | None:
    """The message after a leading school name or code, or None when it does not open with one."""
    end = _school_lead_end(text)
    return (text[end.end() :].strip() or None) if end else None


def school_lead(text: str) -> str | None:
    """The school name or code a report opens with ("Trường THCS Trần Phú báo cáo …" gives
    "Trường THCS Trần Phú", "31001: 6A1 xong" gives "31001"), or None."""
    end = _school_lead_end(text)
    return (text[: end.start()].strip(" :") or None) if end else None


# "lớp em xong rồi ạ", "lớp mình đã xong": a homeroom teacher reporting their own class; in a
# private chat also "em xong rồi", "xong", "đã hoàn thành".
_OWN_CLASS_DONE = re.compile(
    r"^\s*(?:dạ|da)?\s*(?:báo cáo\s+|bao cao\s+)?(?:lớp|lop)\s+(?:em|mình|minh|chủ nhiệm|chu nhiem|tôi|toi)\s+"
    r"(?:đã\s+|da\s+)?(?:xong|hoàn thành|hoan thanh|hoàn tất|hoan tat)(?:\s+(?:rồi|roi|hết|het))?"
    r"(?:\s+(?:ạ|a|nhé|nhe|nha|thầy|cô|ad))*\s*[.!]*\s*$",
    re.IGNORECASE,
)
_SELF_DONE = re.compile(
    r"^\s*(?:dạ|da)?\s*(?:em|mình|minh)?\s*(?:đã\s+|da\s+)?(?:xong|hoàn thành|hoan thanh|hoàn tất|hoan tat)"
    r"(?:\s+(?:rồi|roi|hết|het))?(?:\s+(?:ạ|a|nhé|nhe|nha))*\s*[.!]*\s*$",
    re.IGNORECASE,
)


def own_class_done(text: str, *, private: bool) -> bool:
    """ "lớp em xong rồi ạ" (anywhere), "em xong rồi", "xong" (in a private chat only: in a group
    it may answer a colleague about anything)."""
    return bool(_OWN_CLASS_DONE.match(text) or (private and _SELF_DONE.match(text)))


# A class named with what is under way, not done: "6A9 đang làm", "6A3 chưa xong".
_CLASS_UNDER_WAY = re.compile(r"\b\d{1,2}[a-z]\d*\b.*\b(?:đang|dang|chưa|chua)\b", re.IGNORECASE)


def class_under_way(text: str) -> bool:
    return bool(_CLASS_UNDER_WAY.search(text)) and not _ASKING.search(text)


# "chưa xong", "vẫn chưa hoàn thành", "chưa rà soát xong": what is named is not done.
_NOT_DONE = re.compile(
    r"\b(?:vẫn\s+|van\s+)?(?:chưa|chua)\s+(?:rà\s+soát\s+|ra\s+soat\s+|làm\s+|lam\s+)?"
    r"(?:xong|hoàn\s+thành|hoan\s+thanh|hoàn\s+tất|hoan\s+tat)\b",
    re.IGNORECASE,
)
_CLASS_WORD = re.compile(r"\b\d{1,2}[a-z]\d*\b", re.IGNORECASE)


def classes_said_not_done(text: str) -> tuple[str, ...]:
    """The classes a message says are not done ("lớp 8A1 chưa xong ạ" gives ("8A1",)); () when it
    says nothing of the kind, asks something, or also reports something done ("6A3 xong, 6A4 chưa xong")."""
    if not text or len(text) > MAX_TEXT_LENGTH or text.lstrip().startswith("/") or _ASKING.search(text):
        return ()
    if not _NOT_DONE.search(text) or _COMPLETION.search(_NOT_DONE.sub(" ", text)):
        return ()
    names = (normalise_class(match.group()) for match in _CLASS_WORD.finditer(text))
    return tuple(dict.fromkeys(name for name in names if name))


# A message asking something: it ends with a question mark, or asks in words ("cho em hỏi").
_ASKS_IN_WORDS = re.compile(
    r"\b(?:cho\s+(?:(?:em|e|mình|minh|tôi|toi|con|cháu|chau)\s+)?(?:hỏi|hoi)|(?:xin|muốn|muon)\s+(?:hỏi|hoi))\b",
    re.IGNORECASE,
)


def mainly_question(text: str) -> bool:
    """A message that asks something ("…, cho em hỏi …", "… ở đâu ạ?") and reports nothing in any
    of its sentences or clauses: a class it names is mentioned in passing, not reported."""
    if not text:
        return False
    if not (text.rstrip().endswith(("?", "？")) or _ASKS_IN_WORDS.search(text)):
        return False
    pieces = [piece.strip() for piece in re.split(r"[.!?？\n;,]", text)]
    return not any(parse_report_text(piece) for piece in pieces if piece)


def looks_like_report(text: str) -> bool:
    """A message that tries to report a class or grade done ("xong hết khối 7", "6A3 xong, 6A4
    chưa") whether or not it can be read as one; questions are not."""
    if not text or len(text) > MAX_TEXT_LENGTH or text.lstrip().startswith("/"):
        return False
    return bool(_CLASS_OR_GRADE.search(text) and _COMPLETION.search(text)) and not _ASKING.search(text)


def parse_report_text(text: str) -> ClassDone | TeacherDone | None:
    """A plain chat message read as a report, or None when it is not clearly one.

    The caller strips a leading mention of the bot; a message starting with "/" is a command and
    is not read here. A leading school name or code is skipped.
    """
    report = _parse_plain(text)
    if report is None and text:
        rest = without_school_lead(text)
        report = _parse_plain(rest) if rest else None
    return report


def _parse_plain(text: str) -> ClassDone | TeacherDone | None:
    if not text or len(text) > MAX_TEXT_LENGTH or text.lstrip().startswith("/"):
        return None
    cleaned, tokens = _tokenise(text)
    scan = _scan(cleaned, tokens, _PLAIN)
    if scan.question or scan.doubt is not None or scan.unknown:
        return None
    complete = _COMPLETE in scan.tags
    if scan.classes or scan.unreadable:
        if not complete or _TEACHER in scan.tags or any(r != t for r, t, _ in scan.counts):
            return None
        if scan.too_many:
            return None
        return ClassDone(tuple(scan.class_names()), scan.unreadable_texts(with_unknown=False))
    synced = _SYNC in scan.tags and (complete or _DONE in scan.tags)
    if not (complete or synced) or _TEACHER not in scan.tags or scan.tags & {_STUDENT, _LOP}:
        return None
    if len(scan.counts) > 1:
        return None
    if not scan.counts:
        return TeacherDone(None, None)
    reviewed, total, raw = scan.counts[0]
    if _count_problem(reviewed, total, raw) is not None:
        return None
    return TeacherDone(reviewed, total)


__all__ = [
    "MAX_CLASSES_PER_REPORT",
    "MAX_RANGE_CLASSES",
    "REPORT_COMMANDS",
    "VIETNAMESE_CLASS_LETTERS",
    "ClassDone",
    "Report",
    "ReportProblem",
    "SchoolConfirmed",
    "TeacherDone",
    "UndoLast",
    "class_level",
    "levels_for_class",
    "looks_like_report",
    "own_class_done",
    "class_under_way",
    "classes_said_not_done",
    "mainly_question",
    "school_lead",
    "normalise_class",
    "parse_report_command",
    "parse_report_text",
]
