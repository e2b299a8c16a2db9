"""Ranking knowledge entries for a staff question, with a calibrated confidence.

Ranking is a hand-written BM25F over folded syllables and adjacent syllable
pairs ("ra_soat"), with two fields: each canonical question or phrasing as its
own document (an entry takes its best one), plus all of an entry's texts as
one document.  Idf is computed over entries, so an entry with many phrasings
does not make its own words look common.  Level names ("cấp THCS") filter the
entries instead of ranking them.  The BM25 score is then multiplied by the
entry's coverage of the question (how much of the question's content the entry
explains), so an entry that matches one rare word cannot beat one that
explains the whole question.

Why this shape (measured with bench/bench_matcher.py on the 177 answerable and
52 out-of-scope messages of tests/data/eval_questions.yaml; "answered" is the
share answered right with the confidence weights and SUGGEST refitted to
escalate 90% of out-of-scope messages):

    configuration                                expected entry first   answered
    final                                        97.2%                  96.0%
    phrasings only (no whole-entry field)        96.6%                  95.5%
    whole-entry field only (phrasings folded)    96.6%                  95.5%
    no coverage factor in the ranking            93.8%                  92.1%
    no syllable pairs                            94.9%                  94.9%
    b = 0.75 instead of 0.3                      96.6%                  94.9%
    no context for coverage (isolated = 1)       96.6%                  94.9%
    no synonym unification (vietnamese.py)       95.5%                  93.2%
    fillers without diacritics (vietnamese.py)   97.2%                  94.4%
    no abbreviation expansion (vietnamese.py)    93.8%                  88.1%

A library (rank-bm25, bm25s) would bring numpy/scipy for ~300 short
documents and would not give per-field maxima nor coverage; this index answers
in about 0.3 ms per question (median, including normalisation).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from handlers.answers.knowledge import DEADLINES_PLACEHOLDER, LEVELS, Entry, KnowledgeBase
from handlers.answers.vietnamese import (
    ABBREVIATIONS,
    FILLERS,
    Normalized,
    TypoCorrector,
    normalize,
    raw_tokens,
    syllable_pairs,
)
from handlers.core.domain import THANKS, levels_served_by

# Longest text we look at: a 100 000-character paste is cut, not scanned.
MAX_QUESTION_CHARS = 1000
# How many entries a ranking keeps (the best, the runner-up, suggestions).
TOP_ENTRIES = 4


@dataclass(frozen=True)
class MatcherParams:
    """Tuning knobs; the defaults are the measured choice (see the module docstring)."""

    k1: float = 1.2
    b: float = 0.3
    pair_weight: float = 1.0
    typo_min_length: int = 4
    typos_only_if_not_vietnamese: bool = True
    answer_coverage_credit: float = 0.5
    coverage_power: float = 1.0
    entry_weight: float = 1.0
    isolated_credit: float = 0.5


@dataclass(frozen=True)
class ScoredEntry:
    entry: Entry
    score: float  # BM25 scaled by coverage; ranks the entries
    coverage: float  # idf-weighted share of the question's content syllables the entry explains
    pair_coverage: float  # share of the question's syllable pairs found in the entry's questions


@dataclass(frozen=True)
class Ranking:
    """The entries that share words with the question, best first."""

    query: Normalized
    ranked: tuple[ScoredEntry, ...]
    confidence: float

    @property
    def best(self) -> ScoredEntry | None:
        return self.ranked[0] if self.ranked else None

    @property
    def margin(self) -> float:
        return _margin(self.ranked)


# --- levels named in a question ---------------------------------------------

# Folded syllable sequences that name a level.  "giáo dục thường xuyên và
# đại học" is the name of the department's office, not the GDTX level.
_LEVEL_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("mam", "non"), "MN"),
    (("mau", "giao"), "MN"),
    (("nha", "tre"), "MN"),
    (("tieu", "hoc"), "TH"),
    (("cap", "1"), "TH"),
    (("trung", "hoc", "co", "so"), "THCS"),
    (("cap", "2"), "THCS"),
    (("trung", "hoc", "pho", "thong"), "THPT"),
    (("cap", "3"), "THPT"),
    (("giao", "duc", "thuong", "xuyen"), "GDTX"),
)
_NOT_A_LEVEL_AFTER = frozenset({"dh", "dai"})
# Words naming the kind of school in front of a level ("trường", "trung tâm",
# "TT GDNN-GDTX", "liên cấp"): part of the level mention, not of the topic.
_LEVEL_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("giao", "duc", "nghe", "nghiep"),
    ("trung", "tam"),
    ("lien", "cap"),
    ("cap", "hoc"),
    ("tt",),
    ("truong",),
    ("cap",),
    ("khoi",),
    ("bac",),
    ("va",),
)


_LEVEL_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
for _phrase, _level in _LEVEL_PHRASES:
    _LEVEL_PHRASES_BY_FIRST[_phrase[0]].append((_phrase, _level))


def find_levels(syllables: Sequence[str]) -> tuple[tuple[str, ...], frozenset[int]]:
    """Levels named in the syllables (in `LEVELS` order) and the positions naming them."""
    syllables = tuple(syllables)
    found: set[str] = set()
    positions: set[int] = set()
    for start, first in enumerate(syllables):
        for phrase, level in _LEVEL_PHRASES_BY_FIRST.get(first, ()):
            end = start + len(phrase)
            if syllables[start:end] != phrase:
                continue
            following = syllables[end] if end < len(syllables) else ""
            if level == "GDTX" and (
                following in _NOT_A_LEVEL_AFTER or syllables[end : end + 3] == ("va", "dai", "hoc")
            ):
                continue
            found.add(level)
            positions.update(range(_prefix_start(syllables, start), end))
    return tuple(level for level in LEVELS if level in found), frozenset(positions)


def _prefix_start(syllables: tuple[str, ...], start: int) -> int:
    """Where the words naming the kind of school before a level begin."""
    moved = True
    while moved:
        moved = False
        for prefix in _LEVEL_PREFIXES:
            begin = start - len(prefix)
            if begin >= 0 and syllables[begin:start] == prefix:
                start, moved = begin, True
                break
    return start


def group_levels(level: str | None) -> frozenset[str] | None:
    """The levels a support group covers: the THPT group serves THPT and GDTX (None: any level)."""
    return levels_served_by(level)


# --- whose data: teachers' (mục 2.2) or students' (mục 2.3) ----------------------

# "dữ liệu giáo viên", "rà soát thông tin học sinh", "dl gv": the data a question is about, as
# a data word followed within two syllables by the people it belongs to.
_DATA_WORDS = frozenset({"du_lieu", "thong_tin", "ra_soat", "cap_nhat", "ho_so"})
_TEACHER_PEOPLE = (("giao", "vien"), ("can", "bo"), ("nhan", "vien"), ("nha", "giao"))
_STUDENT_PEOPLE = (("hoc", "sinh"),)
TEACHER_TRACK = "teacher"
STUDENT_TRACK = "student"


def question_track(syllables: Sequence[str]) -> str | None:
    """Whose data the question is about, when it says so and names only one."""
    words = tuple(syllables)
    found: set[str] = set()
    for index in range(len(words) - 1):
        if f"{words[index]}_{words[index + 1]}" not in _DATA_WORDS:
            continue
        for start in range(index + 2, min(index + 5, len(words) - 1)):
            pair = words[start : start + 2]
            if pair in _TEACHER_PEOPLE and words[start + 2 : start + 3] not in (("chu",), ("bo",)):
                found.add(TEACHER_TRACK)
            elif pair in _STUDENT_PEOPLE:
                found.add(STUDENT_TRACK)
    return found.pop() if len(found) == 1 else None


# "mục 2.3 bước 3 nói gì", "muc 1", "bước 2 của mục 2.2": the letter's own numbering.
_SECTION = re.compile(r"\b(?:mục|muc|phần|phan)\s*(\d(?:\.\d)?)\b", re.IGNORECASE)
_STEP_NUMBER = re.compile(r"\b(?:bước|buoc|b)\s*(\d)\b", re.IGNORECASE)


_NOTE = re.compile(r"\b(?:lưu ý|luu y)\b", re.IGNORECASE)
_NOTE_PART = "lưu ý"
_STEP_ALONE = re.compile(r"\b(?:bước|buoc)\s*(\d)\b", re.IGNORECASE)


def named_section(text: str) -> tuple[str | None, str | None] | None:
    """The section and step of the letter a question names, e.g. ("2.3", "3"), or ("2.3", "lưu ý")
    for its note; a step alone ("bước 1 quy trình học sinh") is (None, "1"), its section left to
    the question's words."""
    section = _SECTION.search(text)
    if section is None:
        step_alone = _STEP_ALONE.search(text)
        return (None, step_alone.group(1)) if step_alone else None
    if _NOTE.search(text):
        return section.group(1), _NOTE_PART  # "Lưu ý trong mục 2.3 nói gì"
    step = _STEP_NUMBER.search(text)
    return section.group(1), step.group(1) if step else None


def cites(entry: Entry, section: tuple[str | None, str | None]) -> bool:
    """Whether the entry's source is the section named (and, when a step is named, that step)."""
    number, step = section
    source = entry.source.casefold()
    if number is not None and not re.search(rf"mục {re.escape(number)}(?![\d.])", source):
        return False
    if step == _NOTE_PART:
        return _NOTE_PART in source
    return step is None or re.search(rf"bước {step}(?!\d)", source) is not None


def entry_track(entry: Entry) -> str | None:
    """Teachers' data for an entry citing only mục 2.2, students' for one citing only mục 2.3's steps."""
    source = entry.source.casefold()
    if entry.not_covered or ("2.2" in source) == ("2.3" in source):
        return None
    if "2.2" in source:
        return TEACHER_TRACK
    return None if "lưu ý" in source else STUDENT_TRACK


# --- is it a question, is it chatter -----------------------------------------

# Question words and pairs, in their unified folded forms ("bao giờ", "lúc
# nào" are "khi nao"; "ra sao", "làm sao", "ntn" are "the nao").
_QUESTION_WORDS = frozenset({"gi", "nao", "sao", "ai", "nhi", "hoi", "khong", "chua"})
# fmt: off
_QUESTION_PAIRS = frozenset(
    {
        "khi_nao", "the_nao", "bao_nhieu", "bao_lau", "o_dau", "dau_a", "dau_vay",
        "co_phai", "phai_khong", "duoc_khong", "hay_khong", "hay_chua", "can_khong",
        "huong_dan", "tu_van", "lam_on", "xin_phep", "giup_em", "giup_toi", "giup_minh",
        "giai_dap", "cho_biet",
    }
)
# fmt: on
# Words that may only end a question ("... không ạ?"), not open it.
_TRAILING_QUESTION_WORDS = frozenset({"khong", "chua", "nhi"})
_TRAILING_PARTICLES = frozenset({"a", "ah", "ak", "vay", "nhi", "nhe", "the", "oi", "ad", "admin", "thay", "co"})

# Words of thanks, greetings and acknowledgements ("dạ vâng", "đã nhận",
# "ok ạ", "em cảm ơn thầy"): a message made only of these is chatter.
# fmt: off
_CHATTER_WORDS = frozenset(
    {
        # thanks and acknowledgements
        "cam", "on", "camon", "thank", "thanks", "thankyou", "tks", "thks", "thx", "ty",
        "ok", "oke", "okie", "okay", "oki", "uk", "uh", "um", "u", "vang", "da", "a", "ah",
        "nhan", "duoc", "roi", "ro", "hieu", "biet", "noted", "yes", "dung", "chuan", "tot",
        "tuan", "lenh", "luon", "het", "la", "nhat",
        # greetings and address
        "chao", "xin", "hello", "hi", "alo", "em", "thay", "co", "anh", "chi", "moi", "nguoi",
        "ca", "nha", "admin", "minh", "tat", "oi", "nhe", "the", "vay", "voi", "qua", "nhieu",
        "buoi", "sang", "chieu", "toi", "trua", "ngay", "dang",
        # laughter and praise
        "hihi", "haha", "hehe", "kaka", "tuyet", "like", "good", "great", "nice", "trai", "tim",
    }
)
# fmt: on
_SHORT_ACKNOWLEDGEMENT_SYLLABLES = 2


def _is_question_shaped(syllables: Sequence[str]) -> bool:
    if not syllables:
        return False
    pairs = set(syllable_pairs(syllables))
    if pairs & _QUESTION_PAIRS:
        return True
    core = list(syllables)
    while len(core) > 1 and core[-1] in _TRAILING_PARTICLES:
        core.pop()
    if core[-1] in _TRAILING_QUESTION_WORDS:
        return True
    return bool(set(syllables) & (_QUESTION_WORDS - _TRAILING_QUESTION_WORDS))


@dataclass(frozen=True)
class Message:
    """A message normalised once (text cut to `MAX_QUESTION_CHARS`)."""

    text: str
    normalized: Normalized

    @classmethod
    def of(cls, text: str) -> Message:
        text = text[:MAX_QUESTION_CHARS]
        return cls(text, normalize(text))

    @property
    def is_question(self) -> bool:
        """A question mark, a question word (gì, nào, sao, bao giờ…) or a request (hướng dẫn, giúp…)."""
        syllables = self.normalized.syllables
        return bool(syllables) and ("?" in self.text or _is_question_shaped(syllables))

    @property
    def is_chatter(self) -> bool:
        """Thanks, greetings, acknowledgements, emoji only, or a very short remark."""
        syllables = self.normalized.syllables
        if not syllables:
            return True
        if self.is_question:
            return False
        if THANKS.search(" ".join(syllables)):
            return True  # "em cảm ơn ạ, chúc ad buổi tối vui vẻ": thanks, whatever else it wishes
        if all(s in _CHATTER_WORDS for s in raw_tokens(self.text)) or all(s in _CHATTER_WORDS for s in syllables):
            return True
        return len(syllables) <= _SHORT_ACKNOWLEDGEMENT_SYLLABLES


def looks_like_question(text: str) -> bool:
    """A question mark, a question word (gì, nào, sao, bao giờ…) or a request (hướng dẫn, giúp…)."""
    return Message.of(text).is_question


def is_chatter(text: str) -> bool:
    """Thanks, greetings, acknowledgements, emoji only, or a very short remark."""
    return Message.of(text).is_chatter


# --- confidence --------------------------------------------------------------

# Confidence is a logistic function of four features of the best entry:
#   coverage:      idf-weighted share of the question's content syllables
#                  (fillers and level names left out) that the entry explains;
#   pair coverage: share of the question's syllable pairs found in the entry;
#   margin:        (best - runner-up) / best score, the runner-up being another entry;
#   strength:      best score / (best score + STRENGTH_HALF).
# Weights fitted by logistic regression (classes weighted equally, light L2) on
# tests/data/eval_questions.yaml: positives are answerable messages whose
# expected entry ranks first (172 of 177), negatives the other answerable
# messages and the 52 out-of-scope ones.  `python bench/bench_matcher.py --fit`
# refits them and prints the table below.
CONFIDENCE_WEIGHTS = (-4.29, 2.98, 1.99, 0.78, 1.79)  # bias, coverage, pair coverage, margin, strength
STRENGTH_HALF = 6.0

# Thresholds on confidence, from the eval set with the weights above:
#   threshold   answerable right   answerable wrong   out-of-scope
#               and above          and above          escalated (below)
#     0.30         96.0%              1.7%               88.5%
#     0.32         96.0%              1.7%               90.4%   <- SUGGEST
#     0.40         94.9%              1.7%               92.3%
#     0.50         91.0%              1.1%               92.3%
#     0.60         87.6%              1.1%               94.2%
#     0.70         80.2%              0.6%              100.0%   <- CONFIDENT
#     0.75         73.4%              0.0%              100.0%
# SUGGEST is the lowest threshold that escalates 90% of out-of-scope questions
# (5-fold cross-validation of weights and threshold: 96.0% answered right,
# 88.9% escalated).  CONFIDENT, above which the bot may speak unasked in a
# group, is the lowest threshold no out-of-scope question reached.
CONFIDENT = 0.70
SUGGEST = 0.32


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _margin(ranked: Sequence[ScoredEntry]) -> float:
    if not ranked or ranked[0].score <= 0:
        return 0.0
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return (ranked[0].score - runner_up) / ranked[0].score


def confidence_features(coverage: float, pair_coverage: float, margin: float, score: float) -> tuple[float, ...]:
    return (coverage, pair_coverage, margin, score / (score + STRENGTH_HALF))


def confidence_from(coverage: float, pair_coverage: float, margin: float, score: float) -> float:
    """Probability-like confidence in 0..1 that the best entry answers the question."""
    if score <= 0:
        return 0.0
    bias, *weights = CONFIDENCE_WEIGHTS
    features = confidence_features(coverage, pair_coverage, margin, score)
    return _sigmoid(bias + sum(w * x for w, x in zip(weights, features)))


# --- the index ---------------------------------------------------------------


@dataclass(frozen=True)
class _Query:
    """What ranking needs from a question, computed once."""

    terms: frozenset[str]  # syllables and pairs, level names left out
    pairs: frozenset[str]
    content: tuple[tuple[str, float, tuple[tuple[str, ...], ...]], ...]  # syllable, idf, neighbour pairs per occurrence
    levels: tuple[str, ...]


@dataclass(frozen=True)
class _Field:
    """One BM25 field: postings term -> [(document, weight)], and each document's entry."""

    postings: dict[str, list[tuple[int, float]]]
    document_entries: tuple[int, ...]
    weight: float


def _terms_of(syllables: Sequence[str]) -> Counter[str]:
    return Counter(syllables) + Counter(syllable_pairs(syllables))


def _topic_syllables(text: str) -> tuple[str, ...]:
    """Normalised syllables with level names left out (levels filter, they do not rank)."""
    syllables = normalize(text.replace(DEADLINES_PLACEHOLDER, " ")).syllables
    _, positions = find_levels(syllables)
    return tuple(s for i, s in enumerate(syllables) if i not in positions)


@dataclass(eq=False)
class Matcher:
    """BM25 index over a knowledge base, built once; `rank` is pure and fast."""

    knowledge: KnowledgeBase
    params: MatcherParams = field(default_factory=MatcherParams)

    def __post_init__(self) -> None:
        self._entries: tuple[Entry, ...] = tuple(self.knowledge)
        self._tracks = tuple(entry_track(entry) for entry in self._entries)
        self._index_of = {entry.id: index for index, entry in enumerate(self._entries)}
        question_docs = [
            (index, _terms_of(_topic_syllables(text)))
            for index, entry in enumerate(self._entries)
            for text in entry.texts()
        ]
        answer_docs = [(index, _terms_of(_topic_syllables(entry.answer))) for index, entry in enumerate(self._entries)]
        entry_docs: list[tuple[int, Counter[str]]] = [(index, Counter()) for index in range(len(self._entries))]
        for index, terms in question_docs:
            entry_docs[index][1].update(terms)
        self._unknown_idf = math.log(1 + (len(self._entries) + 0.5) / 0.5)
        self._idf = self._entry_idf(question_docs)
        self._fields = (
            _Field(self._postings(question_docs), tuple(e for e, _ in question_docs), 1.0),
            _Field(self._postings(entry_docs), tuple(e for e, _ in entry_docs), self.params.entry_weight),
        )
        self._question_syllables = self._syllables_by_entry(question_docs)
        self._answer_syllables = self._syllables_by_entry(answer_docs)
        self._question_pairs = self._pairs_by_entry(question_docs)
        self._named_levels = tuple(
            frozenset(level for text in entry.texts() for level in find_levels(normalize(text).syllables)[0])
            for entry in self._entries
        )
        self._level_idf = {
            level: math.log(1 + (len(self._entries) - df + 0.5) / (df + 0.5))
            for level in LEVELS
            for df in [sum(level in named for named in self._named_levels)]
        }
        self._answer_pairs = self._pairs_by_entry(answer_docs)
        vocabulary = set().union(*self._question_syllables, *self._answer_syllables)
        self._corrector = TypoCorrector(
            vocabulary=frozenset(vocabulary),
            protected=frozenset(FILLERS | set(ABBREVIATIONS) | _CHATTER_WORDS),
            min_length=self.params.typo_min_length,
            only_if_not_vietnamese=self.params.typos_only_if_not_vietnamese,
        )

    # building

    def _entry_idf(self, docs: list[tuple[int, Counter[str]]]) -> dict[str, float]:
        """Idf over entries: a term's document frequency is the number of entries using it."""
        terms_by_entry: dict[int, set[str]] = defaultdict(set)
        for entry_index, terms in docs:
            terms_by_entry[entry_index].update(terms)
        frequency: Counter[str] = Counter()
        for entry_terms in terms_by_entry.values():
            frequency.update(entry_terms)
        n = len(self._entries)
        return {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def _postings(self, docs: list[tuple[int, Counter[str]]]) -> dict[str, list[tuple[int, float]]]:
        k1, b = self.params.k1, self.params.b
        lengths = [float(sum(terms.values())) for _, terms in docs]
        average = sum(lengths) / max(len(lengths), 1)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for doc_index, ((_, terms), length) in enumerate(zip(docs, lengths)):
            norm = k1 * (1 - b + b * length / average)
            for term, tf in terms.items():
                weight = self._idf.get(term, self._unknown_idf) * tf * (k1 + 1) / (tf + norm)
                if "_" in term:
                    weight *= self.params.pair_weight
                postings[term].append((doc_index, weight))
        return dict(postings)

    def _pairs_by_entry(self, docs: list[tuple[int, Counter[str]]]) -> tuple[frozenset[str], ...]:
        pairs: list[set[str]] = [set() for _ in self._entries]
        for entry_index, terms in docs:
            pairs[entry_index].update(term for term in terms if "_" in term)
        return tuple(frozenset(p) for p in pairs)

    def _syllables_by_entry(self, docs: list[tuple[int, Counter[str]]]) -> tuple[frozenset[str], ...]:
        syllables: list[set[str]] = [set() for _ in self._entries]
        for entry_index, terms in docs:
            syllables[entry_index].update(term for term in terms if "_" not in term)
        return tuple(frozenset(s) for s in syllables)

    # querying

    def prepare(self, text: str) -> Normalized:
        """Normalise a question and correct typos against the knowledge vocabulary."""
        return self._corrector.correct_all(Message.of(text).normalized)

    def rank(self, text: str, *, today: date, levels: Collection[str] | None = None) -> Ranking:
        """Entries valid on `today` and concerning one of `levels` (None: any), best first."""
        return self.rank_message(Message.of(text), today=today, levels=levels)

    def rank_message(self, message: Message, *, today: date, levels: Collection[str] | None = None) -> Ranking:
        """The best `TOP_ENTRIES` entries, best first; see `rank`.

        A level named in the question ("cấp THCS", "trường tiểu học") takes
        the place of `levels`.
        """
        normalized = self._corrector.correct_all(message.normalized)
        query = self._query(normalized)
        allowed = self._allowed_entries(today, frozenset(query.levels) or levels, question_track(normalized.syllables))
        section = named_section(message.text)
        if section is not None:
            # "mục 2.3 bước 3 nói gì": the entries citing it, when there are any
            citing = frozenset(i for i in allowed if cites(self._entries[i], section))
            allowed = citing or allowed
        ranked = self._best_entries(self._score(query.terms, allowed), query)
        confidence = 0.0
        if ranked:
            best = ranked[0]
            confidence = confidence_from(best.coverage, best.pair_coverage, _margin(ranked), best.score)
        return Ranking(query=normalized, ranked=tuple(ranked), confidence=confidence)

    def coverages(self, message: Message, entry_ids: Sequence[str | None]) -> tuple[float, ...]:
        """How much of the message each entry explains (see `_coverage`), the message read once;
        0 for an unknown entry or None."""
        query = self._query(self._corrector.correct_all(message.normalized))
        indexes = (self._index_of.get(entry_id) if entry_id else None for entry_id in entry_ids)
        return tuple(0.0 if index is None else self._coverage(query, index) for index in indexes)

    def _query(self, normalized: Normalized) -> _Query:
        levels, level_positions = find_levels(normalized.syllables)
        kept = [i for i in range(len(normalized.syllables)) if i not in level_positions]
        topic = tuple(normalized.syllables[i] for i in kept)
        pairs = syllable_pairs(topic)
        content: dict[str, list[tuple[str, ...]]] = {}
        for position, index in enumerate(kept):
            if normalized.fillers[index]:
                continue
            if topic[position].isdigit() and topic[position] not in self._idf:
                continue  # "trường em có 60 giáo viên": a count of the asker's own, not a topic
            neighbours = tuple(pairs[p] for p in (position - 1, position) if 0 <= p < len(pairs))
            content.setdefault(topic[position], []).append(neighbours)
        return _Query(
            terms=frozenset(topic) | frozenset(pairs),
            pairs=frozenset(pairs),
            content=tuple(
                (syllable, self._idf.get(syllable, self._unknown_idf), tuple(contexts))
                for syllable, contexts in content.items()
            ),
            levels=levels,
        )

    def _best_entries(self, scores: dict[int, float], query: _Query) -> list[ScoredEntry]:
        """Top entries by BM25 x coverage; coverage <= 1, so entries are visited by
        decreasing BM25 and the visit stops once BM25 alone cannot reach the top."""
        best: list[ScoredEntry] = []
        for index, bm25 in sorted(scores.items(), key=lambda item: (-item[1], self._entries[item[0]].id)):
            if len(best) == TOP_ENTRIES and bm25 < best[-1].score:
                break
            best.append(self._scored(index, bm25, query))
            best.sort(key=lambda scored: (-scored.score, scored.entry.id))
            del best[TOP_ENTRIES:]
        return best

    def _scored(self, entry_index: int, bm25: float, query: _Query) -> ScoredEntry:
        coverage = self._coverage(query, entry_index)
        score = bm25 * coverage**self.params.coverage_power
        found = len(query.pairs & self._question_pairs[entry_index])
        pair_coverage = found / len(query.pairs) if query.pairs else 0.0
        return ScoredEntry(self._entries[entry_index], score, coverage, pair_coverage)

    def _allowed_entries(self, today: date, levels: Collection[str] | None, track: str | None) -> frozenset[int]:
        """Entries in force, for one of the levels, and not about the other track's data."""
        wanted = frozenset(levels) if levels else None
        return frozenset(
            index
            for index, entry in enumerate(self._entries)
            if entry.is_valid_on(today)
            and (wanted is None or entry.levels & wanted)
            and (track is None or self._tracks[index] in (None, track))
        )

    def _score(self, terms: Iterable[str], allowed: frozenset[int]) -> dict[int, float]:
        """BM25 per entry: its best question document plus its whole-entry document, weighted."""
        per_entry: dict[int, float] = defaultdict(float)
        for field_ in self._fields:
            if not field_.weight:
                continue
            # every document is scored, and entries not allowed are left out once, at the end
            per_document: dict[int, float] = defaultdict(float)
            for term in terms:
                for doc_index, weight in field_.postings.get(term, ()):
                    per_document[doc_index] += weight
            best: dict[int, float] = {}
            document_entries = field_.document_entries
            for doc_index, score in per_document.items():
                entry_index = document_entries[doc_index]
                if score > best.get(entry_index, 0.0) and entry_index in allowed:
                    best[entry_index] = score
            for entry_index, score in best.items():
                per_entry[entry_index] += field_.weight * score
        return per_entry

    def _coverage(self, query: _Query, entry_index: int) -> float:
        """Idf-weighted share of the question's content syllables the entry explains.

        A syllable counts fully when it occurs in the entry's questions together
        with a neighbour ("đánh giá" does not explain "định danh" through "danh"),
        partly when it occurs there alone or only in the answer.  A level named
        in the question counts only for entries that name it too (for the
        others it is a filter, not part of the topic).
        """
        total = covered = 0.0
        for level in query.levels:
            if level in self._named_levels[entry_index]:
                total += self._level_idf[level]
                covered += self._level_idf[level]
        question_syllables = self._question_syllables[entry_index]
        answer_syllables = self._answer_syllables[entry_index]
        for syllable, weight, contexts in query.content:
            total += weight
            if syllable in question_syllables:
                covered += weight * self._credit(contexts, self._question_pairs[entry_index])
            elif syllable in answer_syllables:
                credit = self._credit(contexts, self._answer_pairs[entry_index])
                covered += weight * credit * self.params.answer_coverage_credit
        return covered / total if total else 0.0

    def _credit(self, contexts: Sequence[tuple[str, ...]], entry_pairs: frozenset[str]) -> float:
        """1 if one occurrence of the syllable shares a neighbour with the entry (or has none)."""
        for neighbours in contexts:
            if not neighbours or any(pair in entry_pairs for pair in neighbours):
                return 1.0
        return self.params.isolated_credit
