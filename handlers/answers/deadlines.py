"""Deadline questions as a structured intent: which levels, which track, relative to when.

"hạn chót thcs là bao giờ", "bao giờ hết hạn", "17h ngày 8/6 là hạn của cấp nào", "hôm nay
10/6 trường THCS còn hạn không": any question about a deadline is recognised by its words,
not matched against phrasings, and answered from the deadlines in force (a campaign's, or the
letter's) with the time left. Pure: the moment `now` is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.answers.knowledge import LEVELS
from handlers.answers.vietnamese import Normalized, has_phrase, syllable_pairs

if TYPE_CHECKING:
    from storage.uow import UnitOfWork
from handlers.core import domain

TEACHER = "teacher"
STUDENT = "student"
LETTER_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LETTER_SECTION = "mục 2.2"  # where the letter sets the teacher-data deadlines


@dataclass(frozen=True)
class DeadlineFact:
    """One deadline: a level's track is due at `due_at`; `from_letter` says whether the letter set it."""

    level: str
    track: str  # "teacher" | "student"
    due_at: datetime  # aware
    from_letter: bool
    demo: bool = False  # a demo campaign's date: nobody's announcement


_EARLY = datetime(2023, 6, 8, 17, 0, tzinfo=LETTER_TIMEZONE)
_LATE = datetime(2023, 6, 15, 17, 0, tzinfo=LETTER_TIMEZONE)
# Letter section 2.2: teacher data is due 17h00 08/06/2023 for MN, TH, THCS and 17h00 15/06/2023
# for the other levels. The letter sets no deadline for student data.
LETTER_DEADLINES: tuple[DeadlineFact, ...] = tuple(
    DeadlineFact(level, TEACHER, _EARLY if level in ("MN", "TH", "THCS") else _LATE, from_letter=True)
    for level in LEVELS
)
LETTER_YEAR = _EARLY.year
_LETTER_DAYS = frozenset((fact.due_at.day, fact.due_at.month) for fact in LETTER_DEADLINES)


# --- recognising a deadline question -------------------------------------------------------

# Folded syllable pairs (after synonym unification: "hạn cuối", "hết hạn", "deadline" are
# "han chot"; "bao giờ", "lúc nào" are "khi nao") that make a message a deadline question.
_DEADLINE_PAIRS = frozenset(
    {
        "han_chot", "thoi_han", "gia_han", "qua_han", "tre_han", "con_han", "han_nop", "han_cap",
        "han_ra", "han_dong", "han_hoan", "han_bao", "han_du", "han_cua", "han_la", "han_a",
        "han_giao", "han_hoc", "han_cho", "han_ngay", "han_thi", "han_den", "nop_han", "dung_han",
        "kip_han", "han_gio", "han_may", "han_khi", "han_trung", "han_tieu", "han_mam", "han_bac",
        "han_khoi", "ngay_han", "han_the", "han_rieng", "co_han", "han_nao", "cung_han", "theo_han",
    }
)  # fmt: skip
# Pairs that ask about a deadline only when the message is about the review ("mấy giờ họp tổ" is not).
_WEAK_DEADLINE_PAIRS = frozenset({"may_gio", "den_khi", "den_ngay", "truoc_ngay"})
# "còn mấy ngày (để làm xong)": the time left.
_TIME_LEFT = ("con", "may", "ngay")
# "còn kịp không", "hôm nay còn kịp ko": in these groups, being in time is about the deadline.
_IN_TIME_PAIRS = frozenset({"con_kip", "kip_khong", "kip_ko", "con_han"})
# "khi nào phải xong", "muộn nhất ngày nào phải xong": when something must be finished.
_WHEN_PAIRS = frozenset({"khi_nao", "ngay_nao", "muon_nhat", "cham_nhat", "may_gio"})
_FINISH_SYLLABLES = frozenset({"xong"})
# Steps with a moment of their own in the letter ("khi nào thì đồng bộ", "khi nào báo cáo"): not deadlines.
_STEP_PAIRS = frozenset({"dong_bo", "bao_cao", "ban_giao", "xac_nhan", "phan_quyen", "ky_nhan"})
# "hạn của cấp nào", "những cấp nào", "cấp học nào": the question asks which levels.
_WHICH_LEVEL_PAIRS = frozenset({"cap_nao", "nhung_cap", "cac_cap"})
_WHICH_LEVEL = ("cap", "hoc", "nao")
# "MN, TH, THCS với các cấp còn lại khác nhau thế nào", "hạn từng cấp": every level's date.
_EVERY_LEVEL_PAIRS = frozenset({"con_lai", "khac_nhau", "so_sanh", "tung_cap", "moi_cap"})
# The special schools: the letter does not say which levels they teach, so they get every date,
# not the date of the group they ask in.
_SPECIAL_SCHOOLS = (("khiem", "thi"), ("khiem", "thinh"))
# Words that refer the question to the letter itself: "theo công văn hạn là ngày nào".
_LETTER_PAIRS = frozenset({"cong_van", "van_ban", "huong_dan"})
_REVIEW_WORDS = frozenset(
    {"ra_soat", "cap_nhat", "du_lieu", "dong_bo", "hoan_thanh", "co_so", "giao_vien", "hoc_sinh", "nhap_diem"}
)
_REVIEW_SYLLABLES = frozenset({"xong", "nop", "han"})
# With a date, these make a question about being on time: "10/6 mới xong có trễ không".
_LATE_SYLLABLES = frozenset({"tre", "muon", "kip"})
_ON_TIME_PAIRS = frozenset({"duoc_khong", "nua_khong", "duoc_nua", "co_sao", "con_duoc"})
# What the letter does not say about its deadlines: further extensions, penalties, the original
# deadline of letter 1329.
_BEYOND_LETTER_PAIRS = frozenset(
    {
        "han_them", "han_tiep", "han_nua", "ky_luat", "xu_ly", "bi_phat", "ban_dau", "xu_phat",
        "bi_khoa", "co_khoa", "khoa_khong", "bi_loi", "gap_loi", "han_cu", "xin_gia", "lan_cuoi", "neu_ten",
        "bi_xoa", "con_sua", "sua_duoc", "sua_lai", "lan_thu", "bi_nghen", "thong_nghen", "nghen_khong",
        "khong_vao", "bi_sap", "thong_loi", "tinh_luc", "luc_bam",
    }
)
# "hạn" that is not a deadline: "hạn chế", "quyền hạn", "giới hạn", "hạn mức".
_NOT_DEADLINE_PAIRS = frozenset({"han_che", "quyen_han", "gioi_han", "han_muc", "han_hep", "dan_han"})
_TEACHER_WORDS = frozenset({"giao_vien", "can_bo", "nhan_vien", "nha_giao", "quan_ly", "doi_ngu"})
_STUDENT_WORDS = frozenset(
    {"hoc_sinh", "nhap_diem", "cap_diem", "diem_so", "bo_mon", "chu_nhiem", "lop_hoc", "hoc_vien"}
)
# "17h30", "17 giờ 30", "17:30": an hour, with its minutes when given.
_CLOCK = re.compile(r"(?<![\d/])(\d{1,2})\s*(?:h|giờ|gio|:)\s*(\d{2})?(?![\d/])", re.IGNORECASE)
_HOUR = re.compile(r"(?<![\d/])\d{1,2}\s*(?:h|giờ|gio)(?:\s*\d{2})?\b", re.IGNORECASE)
_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?(?![\d/])")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})", re.IGNORECASE)
_TODAY_DATE = re.compile(
    r"(?:hôm nay|hom nay|hnay|\bhn\b|bây giờ|bay gio)\D{0,12}?(\d{1,2})\s*[/.-]\s*(\d{1,2})", re.IGNORECASE
)
# Grades name a level: "khối 6", "lớp 10".
_GRADE = re.compile(r"(?:khối|khoi|lớp|lop)\s*(\d{1,2})(?![\d/])", re.IGNORECASE)
# Kinds of school that name a level without naming it: centres fall under "the other levels" of
# the letter, with THPT and GDTX. The special schools (khiếm thị, khiếm thính) are not here: the
# letter does not say which levels they teach, so their question gets every level's date.
_SCHOOL_KINDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("huong", "nghiep"), ("GDTX",)),
    (("nghe", "nghiep"), ("GDTX",)),
    (("pho", "thong", "truc", "thuoc"), ("THPT",)),
    (("truc", "thuoc", "so"), ("THPT",)),
    (("lien", "cap", "1", "2"), ("TH", "THCS")),
    (("lien", "cap", "2", "3"), ("THCS", "THPT")),
    (("cap", "1", "2"), ("TH", "THCS")),
    (("cap", "2", "3"), ("THCS", "THPT")),
)


@dataclass(frozen=True)
class DeadlineQuestion:
    """The slots of a deadline question."""

    levels: tuple[str, ...]  # levels named or implied by the words (empty: none named)
    track: str | None  # TEACHER, STUDENT, or None when the question does not say
    asked_date: date | None  # a date the question asks about ("17h ngày 8/6 là hạn của cấp nào")
    reference: datetime | None  # "hôm nay 10/6": the moment to count from, when the asker gives it
    # "8/6 là hạn của cấp nào": the levels are what is asked, so the group's or asker's do not narrow it
    asks_which_levels: bool = False
    asked_time: time | None = None  # "17h30 ngày 8/6 mới xong": the hour on the asked date


def is_deadline_question(normalized: Normalized, text: str, deadline_dates: Sequence[date] = ()) -> bool:
    """Deadline words; weaker words ("mấy giờ", "đến khi nào") about the review; a date that is one
    of the deadlines' dates; or a date with a word of lateness ("10/6 mới xong có trễ không")."""
    syllables = normalized.syllables
    pairs = set(syllable_pairs(syllables))
    if pairs & _NOT_DEADLINE_PAIRS and not pairs & (_DEADLINE_PAIRS - {"han_la", "han_cua", "han_a"}):
        return False
    if pairs & _DEADLINE_PAIRS or syllables[-1:] == ("han",) or syllables[:1] == ("han",):
        return True
    if "deadline" in text.casefold():
        return True
    about_review = bool(pairs & _REVIEW_WORDS or set(syllables) & _REVIEW_SYLLABLES)
    if pairs & _WEAK_DEADLINE_PAIRS and about_review or pairs & _IN_TIME_PAIRS:
        return True
    if about_review and _HOUR.search(text):
        return True  # "dl gv thcs 17h ngày 8 đúng ko"
    if about_review and has_phrase(syllables, (_TIME_LEFT,)):
        return True
    if set(syllables) & _LATE_SYLLABLES and pairs & _BEYOND_LETTER_PAIRS:
        return True  # "không rà soát kịp thì bị xử lý thế nào": a deadline question beyond the letter
    finish = set(syllables) & _FINISH_SYLLABLES or "hoan_thanh" in pairs
    if pairs & _WHEN_PAIRS and finish and not pairs & _STEP_PAIRS:
        return True
    dates = _dates_in(text)
    wanted = {(d.day, d.month) for d in deadline_dates}
    if any((day, month) in wanted for day, month, _ in dates):
        return True
    on_time = set(syllables) & _LATE_SYLLABLES or (pairs & _ON_TIME_PAIRS and about_review)
    return bool(dates and on_time)


def refers_to_the_letter(normalized: Normalized, text: str) -> bool:
    """ "theo công văn hạn là ngày nào", "15/6/2023 là hạn của cấp nào", "8/6 hay 15/6": the
    question asks what the letter set, not (only) what the current campaign says."""
    pairs = set(syllable_pairs(normalized.syllables))
    years = (None, LETTER_YEAR % 100, LETTER_YEAR)
    return (
        bool(pairs & _LETTER_PAIRS)
        or str(LETTER_YEAR) in text
        or any((day, month) in _LETTER_DAYS and year in years for day, month, year in _dates_in(text))
    )


# A deadline for a step (a report, a confirmation, the Phòng's check, handing in minutes, its
# summary), not for the data: the letter sets none ("hạn trường báo cáo Phòng", "Phòng có deadline
# riêng để kiểm tra"). Only when the question does not name the data work itself.
_STEPS = (("bao", "cao"), ("xac", "nhan", "hoan", "thanh"), ("kiem", "tra"), ("nop", "bien", "ban"), ("tong", "hop"))
_DATA_WORK = (("cap", "nhat"), ("ra", "soat"), ("giao", "vien"), ("hoc", "sinh"))
# "bước 1 phải xong trước ngày nào": one step of the procedure named, whatever data it concerns.
_NAMED_STEPS = (("buoc", "1"), ("buoc", "2"), ("buoc", "3"))


def asks_a_steps_deadline(normalized: Normalized) -> bool:
    """A deadline question about a report, a confirmation or a check rather than the data."""
    syllables = normalized.syllables
    if has_phrase(syllables, _NAMED_STEPS):
        return True
    return has_phrase(syllables, _STEPS) and not has_phrase(syllables, _DATA_WORK)


def asks_beyond_the_letter(normalized: Normalized, text: str) -> bool:
    """A deadline question the letter does not answer: more time, penalties, letter 1329's deadline."""
    pairs = set(syllable_pairs(normalized.syllables))
    return bool(pairs & _BEYOND_LETTER_PAIRS) or "1329" in text


def parse_deadline_question(
    normalized: Normalized, text: str, named_levels: Sequence[str], now: datetime, timezone: ZoneInfo
) -> DeadlineQuestion:
    pairs = set(syllable_pairs(normalized.syllables))
    levels = set(named_levels) | _levels_of_kinds(normalized.syllables) | _levels_of_grades(text)
    teacher = bool(pairs & _TEACHER_WORDS)
    student = bool(pairs & _STUDENT_WORDS) or "diem" in normalized.syllables
    # student data named at all: say it has no deadline of its own, then give the teachers'
    track = STUDENT if student else TEACHER if teacher else None
    local_now = now.astimezone(timezone)
    dates = [_to_date(day, month, year, local_now) for day, month, year in _dates_in(text)]
    dates = [d for d in dates if d is not None]
    reference = _reference_moment(text, local_now)
    asked = next((d for d in dates if reference is None or d != reference.date()), None)
    which = bool(pairs & _WHICH_LEVEL_PAIRS) or has_phrase(normalized.syllables, (_WHICH_LEVEL,))
    if pairs & _EVERY_LEVEL_PAIRS or has_phrase(normalized.syllables, _SPECIAL_SCHOOLS):
        levels, which = set(), True
    ordered = tuple(lv for lv in LEVELS if lv in levels)
    return DeadlineQuestion(ordered, track, asked, reference, which, _clock_time(text) if asked else None)


def _clock_time(text: str) -> time | None:
    """The hour a question names ("17h30 ngày 8/6"), or None."""
    match = _CLOCK.search(text)
    if match is None or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))


def _dates_in(text: str) -> list[tuple[int, int, int | None]]:
    found = [(int(d), int(m), int(y) if y else None) for d, m, y in _DATE.findall(text)]
    found += [(int(d), int(m), None) for d, m in _DATE_WORDS.findall(text)]
    return [(d, m, y) for d, m, y in found if 1 <= d <= 31 and 1 <= m <= 12]


def _to_date(day: int, month: int, year: int | None, now: datetime) -> date | None:
    if year is not None and year < 100:
        year += 2000
    try:
        return date(year or now.year, month, day)
    except ValueError:
        return None


def _reference_moment(text: str, now: datetime) -> datetime | None:
    """ "hôm nay 10/6": the asker's today at the current time of day."""
    match = _TODAY_DATE.search(text)
    if match is None:
        return None
    day = _to_date(int(match.group(1)), int(match.group(2)), None, now)
    return None if day is None else now.replace(year=day.year, month=day.month, day=day.day)


def _levels_of_kinds(syllables: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for phrase, levels in _SCHOOL_KINDS:
        if has_phrase(syllables, (phrase,)):
            found.update(levels)
    return found


def _levels_of_grades(text: str) -> set[str]:
    found: set[str] = set()
    for grade in (int(g) for g in _GRADE.findall(text)):
        if 1 <= grade <= 5:
            found.add("TH")
        elif 6 <= grade <= 9:
            found.add("THCS")
        elif 10 <= grade <= 12:
            found.add("THPT")
    return found


# --- answering it --------------------------------------------------------------------------


def answer_deadline(
    question: DeadlineQuestion,
    deadlines: Sequence[DeadlineFact],
    *,
    context_levels: Sequence[str],
    now: datetime,
    timezone: ZoneInfo,
) -> str:
    """The deadlines asked about, each with the time left, or why there is none."""
    if not deadlines:
        return texts.DEADLINE_NONE_SET
    levels = list(question.levels or (() if question.asks_which_levels else context_levels) or LEVELS)
    moment = question.reference or now
    if question.track == STUDENT:
        return _student_answer(deadlines, levels, moment, timezone)
    asked = (question.asked_date, question.asked_time) if question.asked_date else None
    parts = [_track_answer(TEACHER, deadlines, levels, moment, timezone, asked=asked)]
    about_a_date = question.asked_date is not None
    if question.track is None and not about_a_date and not any(f.track == STUDENT for f in deadlines):
        parts.append(texts.DEADLINE_STUDENT_NOT_SET_NOTE)
    return "\n".join(parts)


def _student_answer(
    deadlines: Sequence[DeadlineFact], levels: Sequence[str], moment: datetime, timezone: ZoneInfo
) -> str:
    if any(f.track == STUDENT and f.level in levels for f in deadlines):
        return _track_answer(STUDENT, deadlines, levels, moment, timezone, asked=None)
    teacher = _track_answer(TEACHER, deadlines, levels, moment, timezone, asked=None)
    return "\n".join([texts.DEADLINE_STUDENT_NOT_SET, teacher])


def _track_answer(
    track: str,
    deadlines: Sequence[DeadlineFact],
    levels: Sequence[str],
    moment: datetime,
    timezone: ZoneInfo,
    *,
    asked: tuple[date, time | None] | None,
) -> str:
    facts = [f for f in deadlines if f.track == track and f.level in levels]
    if not facts:
        return texts.DEADLINE_LEVEL_NOT_SET.format(levels=_names(levels)) + "\n" + texts.DEADLINE_CONTACT
    from_letter = all(f.from_letter for f in facts)
    if all(f.demo for f in facts):
        header = texts.DEADLINE_HEADER_DEMO
    else:
        header = texts.DEADLINE_HEADER_LETTER if from_letter else texts.DEADLINE_HEADER_DEPARTMENT
    # a date asked about is judged first ("Ngày 10/06 đã quá hạn của cấp TH."), then the deadlines
    lines = _asked_date_lines(*asked, facts, timezone) if asked is not None else []
    lines.append(header.format(track=texts.DEADLINE_TRACK_NAMES[track], section=LETTER_SECTION))
    for due, names, set_by_letter in _grouped(facts, timezone):
        # in a department's announcement, a date that came from the letter still names its section
        lines.append(_line(due, names, moment, cite=not from_letter and set_by_letter))
    return "\n".join(lines)


def _grouped(facts: Sequence[DeadlineFact], timezone: ZoneInfo) -> list[tuple[datetime, list[str], bool]]:
    """Levels sharing a due moment, in level order; whether the letter set that moment."""
    grouped: dict[datetime, tuple[list[str], bool]] = {}
    for level in LEVELS:
        for fact in facts:
            if fact.level == level:
                names, letter = grouped.setdefault(fact.due_at.astimezone(timezone), ([], fact.from_letter))
                names.append(level)
    return sorted(((due, names, letter) for due, (names, letter) in grouped.items()), key=lambda item: item[0])


# A date this far from every deadline is not about this campaign ("10/6" asked in December):
# the answer lists the deadlines instead of judging a date nobody meant.
_UNRELATED_DATE = timedelta(days=60)


def _asked_date_lines(
    asked: date, at: time | None, facts: Sequence[DeadlineFact], timezone: ZoneInfo
) -> list[str]:
    """For a date in the question: whose deadline it is, or whether it is in time or late, each
    verdict once with its levels; on a deadline's own day an hour other than the deadline's
    ("17h30 ngày 8/6 mới xong") is judged by the hour."""
    day = f"{asked.day:02d}/{asked.month:02d}/{asked.year}"
    groups = _grouped(facts, timezone)
    if groups and all(abs(due.date() - asked) > _UNRELATED_DATE for due, _, _ in groups):
        return [texts.DEADLINE_DATE_UNRELATED.format(day=f"{asked.day:02d}/{asked.month:02d}")]
    by_hour = day + texts.DEADLINE_DATE_AT.format(time=_time(datetime.combine(asked, at))) if at else day
    deadline_of: list[str] = []
    verdicts: dict[tuple[str, bool], list[str]] = {}  # (day as said, in time) -> levels
    for due, names, _ in groups:
        if asked == due.date() and (at is None or at == due.time()):
            deadline_of.append(texts.DEADLINE_DATE_IS_DEADLINE_OF.format(day=day, levels=_names(names), time=_time(due)))
        elif asked == due.date():
            verdicts.setdefault((by_hour, at < due.time()), []).extend(names)
        else:
            verdicts.setdefault((day, asked < due.date()), []).extend(names)
    lines = deadline_of
    for in_time in (True, False):
        for (said, ok), names in verdicts.items():
            if ok is in_time:
                verdict = texts.DEADLINE_DATE_IN_TIME if ok else texts.DEADLINE_DATE_LATE
                lines.append(verdict.format(day=said, levels=_names(names)))
    return lines


def _time(moment: datetime) -> str:
    return texts.DEADLINE_TIME.format(hour=moment.hour, minute=moment.minute)


def _line(due: datetime, names: Sequence[str], moment: datetime, *, cite: bool) -> str:
    line = texts.DEADLINE_LINE.format(levels=_names(names), when=format_when(due))
    line += f" ({domain.time_left(moment, due)})"
    return line + (" " + texts.DEADLINE_LETTER_CITE.format(section=LETTER_SECTION) if cite else "")


def _names(levels: Sequence[str]) -> str:
    return texts.DEADLINE_LEVEL_SEPARATOR.join(levels)


def format_when(moment: datetime) -> str:
    """ "17h00 ngày 08/06/2023", in the moment's own zone (callers pass local times)."""
    return domain.format_when(moment, moment.tzinfo)  # type: ignore[arg-type]


# The letter's dates by (level, track), to tell whether a campaign's date is still the letter's.
LETTER_DUE: dict[tuple[str, str], datetime] = {(fact.level, fact.track): fact.due_at for fact in LETTER_DEADLINES}
LETTER_SOURCE = "letter"  # a campaign seeded from the letter (storage.models.CampaignSource.LETTER)
DEMO_SOURCE = "demo"  # the demo campaign (storage.models.CampaignSource.DEMO)


def is_letter_date(source: str, level: str, track: str, due_at: datetime) -> bool:
    """A date counts as the letter's only in a campaign seeded from the letter, and only while it
    is still the letter's own: a moved date is the department's announcement, a demo's nobody's."""
    return source == LETTER_SOURCE and LETTER_DUE.get((level, track)) == _aware(due_at)


async def current_deadlines(uow: UnitOfWork) -> list[DeadlineFact]:
    """The active campaign's deadlines; empty when no campaign is active (never the 2023 letter's
    dates by default), each marked with whether the letter set it."""
    campaign = await uow.campaigns.active()
    if campaign is None or campaign.id is None:
        return []
    rows = await uow.campaigns.deadlines(campaign.id)
    return [
        DeadlineFact(
            d.level,
            d.track,
            _aware(d.due_at),
            is_letter_date(campaign.source, d.level, d.track, d.due_at),
            demo=campaign.source == DEMO_SOURCE,
        )
        for d in sorted(rows, key=lambda d: (d.track, LEVELS.index(d.level) if d.level in LEVELS else len(LEVELS)))
    ]


def _aware(moment: datetime) -> datetime:
    """Stored times are UTC; some databases hand them back without their zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
