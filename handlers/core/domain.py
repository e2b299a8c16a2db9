"""The domain's vocabulary in one place: levels, roles, tracks, support groups, dates as users
read them, and the cleaning every text gets.

Pure: only the standard library, so every capability can share it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class Level(StrEnum):
    """Cấp học."""

    MN = "MN"
    TH = "TH"
    THCS = "THCS"
    THPT = "THPT"
    GDTX = "GDTX"


LEVELS: tuple[str, ...] = tuple(level.value for level in Level)
_LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}

# The district office (Phòng GDĐT) manages these levels; the others report to the Sở.
DISTRICT_LEVELS = frozenset({Level.MN.value, Level.TH.value, Level.THCS.value})


class Role(StrEnum):
    STAFF = "staff"  # cán bộ, giáo viên của trường
    LEADER = "leader"  # lãnh đạo trường
    DISTRICT = "district"  # cán bộ Phòng GDĐT quận/huyện
    ADMIN = "admin"  # cán bộ Sở (also granted by ADMIN_IDS)


class Track(StrEnum):
    TEACHER = "teacher"  # dữ liệu giáo viên (mục 2.2)
    STUDENT = "student"  # dữ liệu học sinh (mục 2.3)


# --- support groups: one per level, except that the THPT group also serves GDTX -------------

_GROUP_OF_LEVEL = {Level.GDTX: Level.THPT}
_GROUP_ALIASES = {"THPT/GDTX": Level.THPT, "THPT-GDTX": Level.THPT, "THPT&GDTX": Level.THPT}


def group_level_of(level: str) -> Level:
    """The support group a level's schools belong to: GDTX schools are in the THPT group."""
    return _GROUP_OF_LEVEL.get(Level(level), Level(level))


def levels_served_by(group_level: str | None) -> frozenset[str] | None:
    """The levels a support group covers: the THPT group also GDTX (None when the group has no
    level: any level). A level that has no group of its own (GDTX) stands for itself."""
    if group_level not in _LEVEL_ORDER:
        return None
    if group_level_of(group_level) != group_level:  # type: ignore[arg-type]
        return frozenset({group_level})  # type: ignore[arg-type]
    return frozenset(level for level in LEVELS if group_level_of(level) == group_level)


def parse_level(text: str) -> Level | None:
    """'thcs', ' THPT ' → the level; anything else → None."""
    word = text.strip().upper().replace(" ", "")
    return Level(word) if word in _LEVEL_ORDER else None


def parse_group_level(text: str) -> Level | None:
    """A group's level as an administrator types it: MN, TH, THCS, THPT, GDTX or THPT/GDTX."""
    word = text.strip().upper().replace(" ", "")
    level = _GROUP_ALIASES.get(word) or parse_level(word)
    return group_level_of(level) if level is not None else None


def in_level_order(levels: Iterable[str]) -> tuple[str, ...]:
    """Levels from MN to GDTX (unknown names last)."""
    return tuple(sorted(levels, key=lambda level: _LEVEL_ORDER.get(level, len(_LEVEL_ORDER))))


# --- dates and times as users read them: 17h00, 08/06/2023 -----------------------------------


def format_time(moment: datetime, timezone: ZoneInfo) -> str:
    local = moment.astimezone(timezone)
    return f"{local:%H}h{local:%M}"


def format_date(moment: datetime, timezone: ZoneInfo) -> str:
    return f"{moment.astimezone(timezone):%d/%m/%Y}"


def format_when(moment: datetime, timezone: ZoneInfo) -> str:
    """'17h00 ngày 08/06/2023', as a deadline is written."""
    return f"{format_time(moment, timezone)} ngày {format_date(moment, timezone)}"


def format_stamp(moment: datetime, timezone: ZoneInfo) -> str:
    """'08/06/2023 17h00', for captions and tables."""
    return f"{format_date(moment, timezone)} {format_time(moment, timezone)}"


def time_left(now: datetime, due: datetime) -> str:
    """'còn 2 ngày 5 giờ', 'còn 3 giờ 20 phút', 'còn 15 phút', or 'đã hết hạn' once `due` is reached.

    Two units at most: nobody acts on the seconds, and a short phrase reads well on a phone.
    Rounded down, so the bot never promises more time than there is, except that the last minute
    before `due` still reads 'còn 1 phút': the deadline has not passed yet.
    Callers put it in their sentence, in the chat as "(còn 2 ngày 5 giờ)".
    """
    if due <= now:
        return "đã hết hạn"
    minutes = max(int((due - now).total_seconds() // 60), 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"còn {days} ngày {hours} giờ" if hours else f"còn {days} ngày"
    if hours:
        return f"còn {hours} giờ {minutes} phút" if minutes else f"còn {hours} giờ"
    return f"còn {minutes} phút"


# --- text as it arrives from a chat ---------------------------------------------------------

# Longer messages are cut before anything reads them; nobody types a procedure question this long.
MAX_TEXT_CHARS = 4000
_SPACES = re.compile(r"[ \t]+")


def clean_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """NFC, no control or invisible format characters (newlines kept), spaces collapsed, bounded."""
    text = unicodedata.normalize("NFC", text[: limit * 2])
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", text).strip()[:limit]


QUOTE_CHARS = 60
_LINK = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:vn|com|net|org|me|io|ly)(?:/\S*)?\b", re.IGNORECASE)


def short_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The first words of a message, to show what a reply answers: one line, bounded, no link
    (the bot never republishes a link someone else posted)."""
    line = " ".join(_LINK.sub("…", clean_text(text)).split())
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"


# Words of thanks, folded and lower-cased ("cảm ơn", "cám ơn", "thanks", "tks"): one list for
# chatter detection, the courteous reply and the closing thanks cut from a long question.
THANKS_WORDS = r"(?:cam on|cam ong|camon|thank|thanks|thankyou|tks|thks|thx)"
THANKS = re.compile(rf"\b{THANKS_WORDS}\b")


# "cho em hỏi", "em muốn hỏi là", "xin hỏi", "e hỏi" (not "hội nghị", "hỏi đáp"), on folded text.
ASKING = re.compile(
    r"(?:\b(?:cho|xin)\s+(?:(?:em|e|minh|toi|tui|con|chau)\s+)?(?:xin\s+)?(?:duoc\s+)?hoi"
    r"|\b(?:em|e|minh|toi|tui)\s+(?:muon\s+|xin\s+|can\s+|dinh\s+|co\s+)?hoi)"
    r"(?!\s+(?:nghi|dong|thao|vien|dap|y|kien))\b"
    r"(?:\s+(?:la|a|voi|chut|xiu|ti|nhe|nha|them|ve|anh chi|cac anh chi|ad|mn|moi nguoi|thay co|so|ca nha))*"
    r"\s*[:,.]?\s*"
)


def fold_in_place(text: str) -> str:
    """`text` (NFC) folded and lower-cased one character for one, so that positions in it are
    positions in the text."""
    folded = fold_diacritics(text).casefold()
    if len(folded) == len(text):
        return folded  # the usual case: each character folds to one, so fold the whole text at once
    return "".join(fold_diacritics(ch).casefold()[:1] or " " for ch in text)


def fold_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics: "Đồng bộ" -> "Dong bo"."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")
