"""Vietnamese text normalisation for matching staff questions.

Pipeline: Unicode NFC -> lower case -> split on anything that is not a letter
or digit (punctuation, emoji and symbols are dropped) -> diacritics folded
(``đ`` -> ``d``) -> abbreviations expanded -> synonymous phrases unified ->
optional typo correction against a vocabulary (`TypoCorrector`).  The original
text is kept alongside for display, and each syllable remembers whether it is
a filler word, which needs its diacritics ("mà" is, "mã" is not).

Everything here is pure and deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from handlers.core.domain import fold_diacritics

_TOKEN = re.compile(r"[^\W_]+")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")

# Abbreviations school staff type in chats, keyed by their folded form (so
# "đc", "dc", "Đc" are one key) and expanded to folded syllables.  Only forms
# that have a single common meaning in this domain are listed; ambiguous ones
# are left alone on purpose:
#   "dt" (điện thoại / đào tạo), "kh" (không / kế hoạch), "hk" (học kỳ),
#   "cn" (chủ nhiệm / chủ nhật), "bt" (biết / bình thường), "qd" (quy định /
#   quyết định), "nh" (những / nhiều), "c"/"a" (chị/cô, anh/ạ).
# "mn", "th", "bn", "bc", "ht", "hd" (hướng dẫn / hợp đồng) and "tt" (thông tin /
# trung tâm / thông tư) depend on their neighbours, see
# `_expand_in_context`; "b1", "b2"... are steps ("bước 1").
ABBREVIATIONS: Mapping[str, str] = {
    # people and roles
    "gv": "giao vien",
    "hs": "hoc sinh",
    "gvcn": "giao vien chu nhiem",
    "gvbm": "giao vien bo mon",
    "cb": "can bo",
    "cbql": "can bo quan ly",
    "cbgv": "can bo giao vien",
    "cbgvnv": "can bo giao vien nhan vien",
    "nv": "nhan vien",
    "bgh": "ban giam hieu",
    "ld": "lanh dao",
    "cmhs": "cha me hoc sinh",
    "phhs": "phu huynh hoc sinh",
    "ph": "phu huynh",
    "ng": "nguoi",
    # offices, levels, documents
    "csdl": "co so du lieu",
    "csdlqg": "co so du lieu quoc gia",
    "ddcn": "dinh danh ca nhan",
    "cccd": "can cuoc cong dan",
    "pgd": "phong giao duc",
    "pgddt": "phong giao duc dao tao",
    "sgd": "so giao duc",
    "sgddt": "so giao duc dao tao",
    "gddt": "giao duc dao tao",
    "gd": "giao duc",
    "gdnn": "giao duc nghe nghiep",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "gdtx": "giao duc thuong xuyen",
    "tp": "thanh pho",
    "dv": "don vi",
    "vb": "van ban",
    "cv": "cong van",
    "bb": "bien ban",
    "bc": "bao cao",
    "xn": "xac nhan",
    "dl": "du lieu",  # not "deadline": staff write "dl gv" for teacher data
    "ql": "quan ly",
    "tk": "tai khoan",
    "mk": "mat khau",  # also teen slang for "mình", rare among staff
    "ds": "danh sach",
    "sl": "so luong",
    "ktra": "kiem tra",
    "sdt": "so dien thoai",
    "dthoai": "dien thoai",
    "tg": "thoi gian",
    "trg": "truong",
    "nhg": "nhung",
    "acc": "tai khoan",
    "pht": "pho hieu truong",
    "dh": "dai hoc",
    "qtri": "quan tri",
    "ttin": "thong tin",
    "cds": "chuyen doi so",
    "bp": "bo phan",
    "yc": "yeu cau",
    "ae": "anh em",
    "vd": "van de",  # "vđ"; "ví dụ" is written "vd" too, but rarely in a question
    "h": "gio",
    # function words
    "ko": "khong",
    "k": "khong",
    "kg": "khong",
    "khg": "khong",
    "hok": "khong",
    "dc": "duoc",
    "dk": "duoc",  # "đk" is also "đăng ký"; "được" is by far the commoner here
    "ntn": "nhu the nao",
    "j": "gi",
    "bh": "bao gio",
    "bgio": "bao gio",
    "bjo": "bao gio",
    "bnhieu": "bao nhieu",
    "lm": "lam",
    "r": "roi",
    "ms": "moi",
    "vs": "voi",
    "cx": "cung",
    "trc": "truoc",
    "hn": "hom nay",
    "v": "vay",
    "e": "em",
    "ad": "admin",
}

# Words before "th" that make it "trường hợp" rather than "tiểu học".
_TH_AS_CASE_AFTER = frozenset({"trong", "cac", "nhung", "moi", "tung"})
# Words around "mn" that make it "mầm non" rather than "mọi người".
_MN_AS_LEVEL_AFTER = frozenset(
    {"cap", "truong", "khoi", "bac", "nganh", "gv", "giao", "vien", "hs", "tre", "lop", "nhom", "cac", "va", "pgd"}
)
_MN_AS_EVERYONE_BEFORE = frozenset({"oi", "cho", "giup", "a", "nhe", "nha", "tham", "xem", "biet"})
# Words before "bc" that make it "bước" rather than "báo cáo".
_BC_AS_STEP_AFTER = frozenset({"cac", "nhung", "may", "tung", "nhieu"})
# Words before "ht" that make it "hoàn thành" rather than "hiệu trưởng".
_HT_AS_DONE_AFTER = frozenset({"da", "chua", "duoc", "se", "xong", "de", "can", "phai", "viec"})
# Words before "hd" that make it "hợp đồng" (a contract teacher) rather than "hướng dẫn".
_NV_AS_TASK_AFTER = frozenset({"giao", "nhan", "lam", "thuc"})
_HD_AS_CONTRACT_AFTER = frozenset({"gv", "vien", "nv", "cb", "dien"})
# Words after "tt" that make it "trung tâm" (a centre): "tt gdnn-gdtx", "tt gdtx hải phòng".
_TT_AS_CENTRE_BEFORE = frozenset({"gdnn", "gdtx", "gddt", "gd", "giao", "gdkt", "gdktth", "hn", "huong"})
# Words after "hn" that make it "hội nghị" rather than "hôm nay".
_HN_AS_CONFERENCE_BEFORE = frozenset({"tap", "tap huan"})
# Words before "ht" that make it "hệ thống": "nhập lên ht", "trên ht".
_HT_AS_SYSTEM_AFTER = frozenset({"len", "tren", "vao"})
_STEP = re.compile(r"^b(\d{1,2})$")

# Phrases with one meaning written several ways, mapped to one form (applied
# to the knowledge base and to questions alike).
PHRASE_SYNONYMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("han", "cuoi"), ("han", "chot")),
    (("het", "han"), ("han", "chot")),
    (("deadline",), ("han", "chot")),
    (("phu", "huynh"), ("cha", "me")),
    # a kindergarten's children: "dữ liệu các cháu" is its students' data
    (("cac", "chau"), ("hoc", "sinh")),
    (("cac", "be"), ("hoc", "sinh")),
    (("ban", "giam", "hieu"), ("lanh", "dao")),
    (("hieu", "truong"), ("lanh", "dao")),
    (("thu", "truong"), ("lanh", "dao")),
    (("sep",), ("lanh", "dao")),
    (("hotline",), ("so", "dien", "thoai", "ho", "tro")),
    (("nha", "truong"), ("truong",)),
    (("nhap", "lieu"), ("cap", "nhat")),
    (("bao", "gio"), ("khi", "nao")),
    (("hom", "nao"), ("khi", "nao")),
    (("luc", "nao"), ("khi", "nao")),
    (("nhu", "the", "nao"), ("the", "nao")),
    (("lam", "the", "nao"), ("the", "nao")),
    (("ra", "sao"), ("the", "nao")),
    (("lam", "sao"), ("the", "nao")),
    (("cai", "gi"), ("gi",)),
    # "quên mất" (forgot) is not "quên mật [khẩu]" (a forgotten password)
    (("quen", "mat", "khau"), ("quen", "mat", "khau")),
    (("quen", "mat"), ("quen",)),
    (("buoc", "thu", "nhat"), ("buoc", "1")),
    (("buoc", "dau", "tien"), ("buoc", "1")),
    (("buoc", "mot"), ("buoc", "1")),
    (("buoc", "hai"), ("buoc", "2")),
    (("buoc", "thu", "hai"), ("buoc", "2")),
    (("buoc", "ba"), ("buoc", "3")),
    (("buoc", "thu", "ba"), ("buoc", "3")),
)
# Syllables spelled with "i" or "y" alike ("kí"/"ký", "quản lí"/"quản lý").
SPELLING_VARIANTS: Mapping[str, str] = {"ki": "ky", "li": "ly", "ti": "ty", "si": "sy", "qui": "quy"}

# Politeness, address and function words that carry no topic.  They are
# ignored when measuring how much of a question the knowledge base covers
# (ranking still sees them).  A syllable typed with its diacritics is a filler
# only in the exact accented form below ("mà" is, "mã" is not; "cần" is,
# "cán" is not); one typed without diacritics, or produced by expanding an
# abbreviation, is a filler when its folded form is (`FILLERS`).
# fmt: off
ACCENTED_FILLERS: frozenset[str] = frozenset(
    {
        # politeness and address
        "ạ", "à", "á", "ơi", "nhé", "nha", "nhỉ", "nhờ", "với", "vậy", "thế", "hả", "hở",
        "ừ", "ừm", "vâng", "dạ", "ah", "ak", "em", "mình", "tôi", "anh", "chị", "thầy", "cô",
        "có", "cho", "hỏi", "xin", "vui", "lòng", "giúp", "giải", "đáp", "làm", "ơn", "cảm",
        # function words
        "là", "thì", "mà", "này", "kia", "nào", "gì", "sao", "không", "chưa", "rồi", "được",
        "cần", "phải", "của", "và", "hay", "hoặc", "ở", "để", "về", "như", "bao", "giờ",
        "nhiêu", "nhiều", "lúc", "khi", "theo", "trong", "những", "các", "lại", "xong",
        "trước", "sau", "mấy", "khác", "lên", "còn", "thứ", "cũng", "cùng", "một", "thôi",
        "nữa", "đang", "sẽ", "bị", "quá", "vừa", "trên", "đến", "từ", "tự", "hết", "tất",
        "cả", "gồm", "việc", "cụ", "mọi", "người", "đã", "ấy", "đó",
    }
)
FILLERS: frozenset[str] = frozenset(
    {
        # politeness and address
        "a", "ah", "ak", "oi", "nhe", "nha", "nhi", "nho", "voi", "vay", "the", "ha",
        "em", "minh", "toi", "anh", "chi", "thay", "co", "admin", "moi", "nguoi",
        "cho", "hoi", "xin", "vui", "long", "giup", "giai", "dap", "lam", "on",
        "cam", "da", "vang", "u", "uh", "ok", "oke", "okie", "ad",
        # function words
        "la", "thi", "ma", "nay", "kia", "nao", "gi", "sao", "khong", "chua", "roi",
        "duoc", "can", "phai", "cua", "va", "hay", "hoac", "o", "de", "ve", "nhu",
        "bao", "gio", "nhieu", "luc", "khi", "theo", "trong", "nhung", "cac", "lai",
        "xong", "truoc", "sau", "may", "khac", "len", "con", "thu", "cung", "mot",
        "thoi", "nua", "dang", "se", "bi", "qua", "vua", "tren", "den", "tu", "het",
        "tat", "ca", "gom", "viec", "cu",
    }
)
# fmt: on


@dataclass(frozen=True)
class _Token:
    """A folded syllable and, when it was typed with diacritics, its accented form."""

    folded: str
    accented: str | None = None

    @property
    def is_filler(self) -> bool:
        if self.accented is not None:
            return self.accented in ACCENTED_FILLERS
        return self.folded in FILLERS


@dataclass(frozen=True)
class Normalized:
    """A text prepared for matching; `original` is kept for display."""

    original: str
    syllables: tuple[str, ...]
    fillers: tuple[bool, ...] = ()  # per syllable; empty means "by folded form"

    def __post_init__(self) -> None:
        if len(self.fillers) != len(self.syllables):
            object.__setattr__(self, "fillers", tuple(s in FILLERS for s in self.syllables))

    @property
    def folded(self) -> str:
        return " ".join(self.syllables)

    def bigrams(self) -> tuple[str, ...]:
        return syllable_pairs(self.syllables)

    def content_syllables(self) -> tuple[str, ...]:
        return tuple(s for s, filler in zip(self.syllables, self.fillers) if not filler)


def _tokens(text: str) -> list[_Token]:
    lowered = unicodedata.normalize("NFC", text).lower()
    tokens: list[_Token] = []
    for word in _TOKEN.findall(lowered):
        folded = _LEADING_ZEROS.sub("", fold_diacritics(word))
        tokens.append(_Token(folded, word if folded != word else None))
    return tokens


def raw_tokens(text: str) -> list[str]:
    """NFC, lower case, punctuation removed, diacritics folded."""
    return [token.folded for token in _tokens(text)]


def _expand_in_context(tokens: Sequence[str], index: int) -> str | None:
    token = tokens[index]
    previous = tokens[index - 1] if index > 0 else ""
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    if token == "mn":
        everyone = previous not in _MN_AS_LEVEL_AFTER and (following in _MN_AS_EVERYONE_BEFORE or not following)
        return "moi nguoi" if everyone else "mam non"
    if token == "th":
        return "truong hop" if previous in _TH_AS_CASE_AFTER else "tieu hoc"
    if token == "dt" and previous in ("so", "sdt", "goi"):
        return "dien thoai"  # "số dt", "gọi dt"
    if token == "hn" and following in _HN_AS_CONFERENCE_BEFORE:
        return "hoi nghi"  # "hn tập huấn 30/5"
    if token == "nv" and previous in _NV_AS_TASK_AFTER:
        return "nhiem vu"  # "giao nv", "nhận nv": a task, not a staff member
    if token == "bn":
        return "ban" if following == "oi" else "bao nhieu"
    if token == "bc":
        return "buoc" if previous in _BC_AS_STEP_AFTER or following.isdigit() else "bao cao"
    if token == "ht":
        if previous in _HT_AS_SYSTEM_AFTER:
            return "he thong"
        return "hoan thanh" if previous in _HT_AS_DONE_AFTER else "hieu truong"
    if token == "hd":
        return "hop dong" if previous in _HD_AS_CONTRACT_AFTER else "huong dan"
    if token == "tt":
        if following in _TT_AS_CENTRE_BEFORE:
            return "trung tam"
        return "thong tu" if following.isdigit() or following == "so" else "thong tin"
    step = _STEP.match(token)
    if step:
        return f"buoc {step.group(1)}"
    return ABBREVIATIONS.get(token, SPELLING_VARIANTS.get(token))


def _expand(tokens: Sequence[_Token]) -> list[_Token]:
    folded = [token.folded for token in tokens]
    expanded: list[_Token] = []
    for index, token in enumerate(tokens):
        replacement = _expand_in_context(folded, index)
        expanded.extend(_Token(s) for s in replacement.split()) if replacement else expanded.append(token)
    return expanded


def expand_abbreviations(tokens: Sequence[str]) -> list[str]:
    """Replace each known abbreviation with its folded syllables."""
    return [token.folded for token in _expand([_Token(t) for t in tokens])]


def _unify(tokens: Sequence[_Token]) -> list[_Token]:
    folded = tuple(token.folded for token in tokens)
    unified: list[_Token] = []
    index = 0
    while index < len(tokens):
        for phrase, replacement in _SYNONYMS_BY_FIRST.get(folded[index], ()):
            if folded[index : index + len(phrase)] == phrase:
                unified.extend(_Token(s) for s in replacement)
                index += len(phrase)
                break
        else:
            unified.append(tokens[index])
            index += 1
    return unified


def unify_phrases(syllables: Sequence[str]) -> list[str]:
    """Rewrite each phrase of `PHRASE_SYNONYMS` to its one form, longest match first."""
    return [token.folded for token in _unify([_Token(s) for s in syllables])]


def _synonyms_by_first_syllable() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for phrase, replacement in sorted(PHRASE_SYNONYMS, key=lambda pair: -len(pair[0])):
        index.setdefault(phrase[0], []).append((phrase, replacement))
    return index


_SYNONYMS_BY_FIRST = _synonyms_by_first_syllable()


def normalize(text: str) -> Normalized:
    """Fold, tokenise, expand abbreviations and unify synonyms (no vocabulary needed)."""
    tokens = _unify(_expand(_tokens(text)))
    return Normalized(
        original=text,
        syllables=tuple(token.folded for token in tokens),
        fillers=tuple(token.is_filler for token in tokens),
    )


def syllable_pairs(syllables: Sequence[str]) -> tuple[str, ...]:
    """Adjacent syllable pairs, joined with "_": ("ra", "soat") -> ("ra_soat",)."""
    return tuple(f"{a}_{b}" for a, b in zip(syllables, syllables[1:]))


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

# A folded Vietnamese syllable: optional onset, a vowel group, optional coda.
# Used to leave real (if unknown) words alone and correct only impossible
# syllables such as "vein", "soats" or "nhta".
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|uoi|uou|ieu|yeu|oai|oay|oao|oeo|uay|uai|uau|ueu|"
    r"ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|a|e|i|o|u|y)"
    r"(?:ch|ng|nh|c|m|n|p|t)?$"
)


def is_vietnamese_syllable(folded: str) -> bool:
    """Whether a folded token could be a Vietnamese syllable ("vien" yes, "vein" no)."""
    return bool(_SYLLABLE.match(folded))


def _edits1(word: str) -> set[str]:
    """All strings at optimal-string-alignment distance 1 from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaces = {left + c + right[1:] for left, right in splits if right for c in _ALPHABET}
    inserts = {left + c + right for left, right in splits for c in _ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


@dataclass(frozen=True)
class TypoCorrector:
    """Maps an unknown syllable to the single vocabulary syllable one edit away.

    Only alphabetic syllables of at least `min_length` letters are corrected,
    and only when exactly one vocabulary syllable is one edit away: "vein" ->
    "vien", "soats" -> "soat"; "lương" stays "luong" when both "luon" and
    "luong" would be candidates, or when the vocabulary has neither.
    """

    vocabulary: frozenset[str]
    protected: frozenset[str] = frozenset()
    min_length: int = 4
    only_if_not_vietnamese: bool = True

    @classmethod
    def from_syllables(cls, syllables: Iterable[str], protected: Collection[str] = ()) -> TypoCorrector:
        return cls(vocabulary=frozenset(syllables), protected=frozenset(protected))

    def correct(self, syllable: str) -> str:
        if syllable in self.vocabulary or syllable in self.protected:
            return syllable
        if len(syllable) < self.min_length or not syllable.isalpha():
            return syllable
        if self.only_if_not_vietnamese and is_vietnamese_syllable(syllable):
            return syllable
        candidates = _edits1(syllable) & self.vocabulary
        return next(iter(candidates)) if len(candidates) == 1 else syllable

    def correct_all(self, normalized: Normalized) -> Normalized:
        corrected = tuple(self.correct(s) for s in normalized.syllables)
        if corrected == normalized.syllables:
            return normalized
        fillers = tuple(
            filler if new == old else new in FILLERS
            for old, new, filler in zip(normalized.syllables, corrected, normalized.fillers)
        )
        return Normalized(original=normalized.original, syllables=corrected, fillers=fillers)


@lru_cache(maxsize=64)
def _phrases_by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(found) for first, found in index.items()}


def has_phrase(syllables: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of the phrases (tuples of folded syllables) occurs in the syllables, as consecutive syllables."""
    words = tuple(syllables)
    index = _phrases_by_first(phrases)
    for start, word in enumerate(words):
        for phrase in index.get(word, ()):
            if words[start : start + len(phrase)] == phrase:
                return True
    return False


class AnyOfRules:
    """A long alternation of regular expressions, searched fast: each alternative is compiled on
    its own and tried only when a word it cannot match without occurs in the text. Python's `re`
    tries every alternative at every position; most of a long list's alternatives open with a word
    the text does not have."""

    def __init__(self, pattern: str) -> None:
        self._rules = [(_opening_words(part), re.compile(part)) for part in _top_level_alternatives(pattern)]

    def search(self, text: str) -> re.Match[str] | None:
        for words, rule in self._rules:
            if words and not any(word in text for word in words):
                continue
            found = rule.search(text)
            if found is not None:
                return found
        return None


def _top_level_alternatives(pattern: str) -> list[str]:
    """The pattern split at its "|" outside groups and character classes."""
    parts, depth, in_class, current, index = [], 0, False, [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif not in_class and char == "(":
            depth += 1
        elif not in_class and char == ")":
            depth -= 1
        if char == "|" and depth == 0 and not in_class:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


_LOOKBEHIND = re.compile(r"^\(\?<!?[^)]*\)")
_PLAIN = re.compile(r"^[a-z0-9 ]+$")


def _opening_words(alternative: str) -> tuple[str, ...]:
    """Literal texts one of which any match of the alternative contains (its opening word, or the
    words of its opening group); empty when none can be told."""
    rest = alternative
    while True:
        stripped = _LOOKBEHIND.sub("", rest.removeprefix("\\b"))
        if stripped == rest:
            break
        rest = stripped
    if rest.startswith("(?:"):
        close = rest.find(")")
        options = rest[3:close].split("|") if close > 0 else []
        nested = "(" in rest[3:close]
        if options and not nested and all(_PLAIN.match(option) for option in options):
            return tuple(options)
        return ()
    word = re.match(r"[a-z0-9]+(?: [a-z0-9]+)*", rest)
    if word is None:
        return ()
    following = rest[word.end() : word.end() + 1]
    text = word.group()
    if following in ("?", "*", "{"):
        text = text[:-1]  # "bn?" : the last letter is optional
    return (text,) if text.strip() else ()

