"""What a question asks and about whom: checks made before an entry is allowed to answer.

A knowledge entry answers one kind of question about this letter, in Hải Phòng. Words alone
can match an entry that answers something else: "ở đâu" against an entry that says when,
another province's deadline against Hải Phòng's, one school's figures against the province's.
These checks are pure and work on the normalised syllables (and, for names and numbers, on the
original text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import lru_cache

from handlers.answers.knowledge import Entry
from handlers.answers.matcher import find_levels
from handlers.answers.vietnamese import AnyOfRules, has_phrase, normalize, syllable_pairs


class Asks(StrEnum):
    """The kind of answer a question wants."""

    WHO = "who"
    WHEN = "when"
    WHERE = "where"
    HOW_MANY = "how_many"
    HOW = "how"


# Pairs of folded syllables (after synonym unification: "bao giờ" is "khi nao", "ra sao" is
# "the nao") that say what kind of answer is wanted.
_ASKS_PAIRS: dict[Asks, frozenset[str]] = {
    Asks.WHO: frozenset(
        {"nguoi_nao", "ai_chiu", "ai_phai", "ai_lam", "ai_cap", "ai_ky", "ai_giu", "ai_quan", "bo_phan"}
    ),
    Asks.WHEN: frozenset({"khi_nao", "ngay_nao", "thoi_diem", "ngay_bao"}),
    Asks.WHERE: frozenset(
        {"o_dau", "tai_dau", "noi_nao", "cho_nao", "gui_dau", "lay_dau", "dia_diem", "dau_a", "dau_vay"}
    ),
    Asks.HOW_MANY: frozenset(
        {"bao_nhieu", "ty_le", "phan_tram", "so_luong", "may_buoc", "may_nguoi", "may_can", "may_lan", "so_lieu"}
    ),
    Asks.HOW: frozenset({"the_nao", "cach_nao", "cach_lam", "thao_tac", "bang_cach"}),
}
_WHO_WORDS = frozenset({"ai"})
_IDENTIFIER_PAIRS = frozenset({"dien_thoai", "so_hieu", "ma_so"})
_GROUNDS_PAIRS = frozenset({"cu_vao", "dua_vao", "can_cu"})
# Kinds whose mismatch is telling; "whether" questions fit almost any entry and are not checked.
_CHECKED = (Asks.WHO, Asks.WHEN, Asks.WHERE, Asks.HOW_MANY)


def question_asks(syllables: Sequence[str], text: str = "") -> frozenset[Asks]:
    pairs = set(syllable_pairs(syllables))
    found = {kind for kind, words in _ASKS_PAIRS.items() if pairs & words}
    if set(syllables) & _WHO_WORDS:
        found.add(Asks.WHO)
    if syllables and syllables[-1] == "dau" and len(syllables) > 1 and syllables[-2] != "bat":
        found.add(Asks.WHERE)
    if "%" in text:
        found.add(Asks.HOW_MANY)
    if pairs & _IDENTIFIER_PAIRS:
        found.discard(Asks.HOW_MANY)  # "số điện thoại là bao nhiêu" asks for a number, not a quantity
    if pairs & _GROUNDS_PAIRS:
        found.discard(Asks.WHERE)  # "căn cứ vào đâu", "dựa vào đâu" asks on what grounds, not where
    return frozenset(found)


# What an answer holds that answers a kind of question: a person or body, a date or time, a
# number, a place.
_ANSWER_EVIDENCE: dict[Asks, re.Pattern[str]] = {
    # the people of the procedure; "Sở GDĐT" alone names who wrote, not who does
    Asks.WHO: re.compile(
        r"lãnh đạo|thủ trưởng|hiệu trưởng|giáo viên chủ nhiệm|giáo viên bộ môn|cán bộ phụ trách|trưởng phòng",
        re.IGNORECASE,
    ),
    Asks.WHEN: re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}h\d{2}|sau khi", re.IGNORECASE),
    # a share or a count, not a section number ("mục 2.2")
    Asks.HOW_MANY: re.compile(r"\d+(?:,\d+)?\s*%|\b\d+\s+(?:bước|cán bộ|người|bản|lần|lớp)\b", re.IGNORECASE),
    # a place, or where a report goes ("báo cáo lên đâu": "báo cáo Phòng GDĐT quận/huyện")
    Asks.WHERE: re.compile(r"lưu tại|tổ chức tại|nhóm hỗ trợ|mã QR|báo cáo (?:lên )?(?:Phòng|Sở)", re.IGNORECASE),
}


@lru_cache(maxsize=None)
def entry_asks(entry: Entry) -> frozenset[Asks]:
    """The kinds of question an entry answers: those its questions ask, and those its answer holds."""
    found: set[Asks] = {kind for kind, pattern in _ANSWER_EVIDENCE.items() if pattern.search(entry.answer)}
    for text in entry.texts():
        found |= question_asks(normalize(text).syllables, text)
    return frozenset(found)


def asks_mismatch(question: frozenset[Asks], entry: Entry) -> bool:
    """The question wants who/when/where/how many, and the entry never answers that kind."""
    wanted = question & frozenset(_CHECKED)
    return bool(wanted) and not wanted & entry_asks(entry)


# --- a yes-or-no question about something an entry lists --------------------------------------

_YES_NO_ENDINGS = frozenset({"khong", "chua"})
_ENDING_PARTICLES = frozenset({"a", "ah", "ak", "vay", "nhi", "nhe", "the", "oi", "ad", "admin", "nua", "ha"})


def asks_yes_or_no(syllables: Sequence[str]) -> bool:
    """ "… có … không ạ", "có phải …": a question wanting yes or no."""
    core = list(syllables)
    while core and core[-1] in _ENDING_PARTICLES:
        core.pop()
    return "co" in syllables and bool(core) and core[-1] in _YES_NO_ENDINGS or "co_phai" in syllable_pairs(syllables)


@lru_cache(maxsize=None)
def _listed_phrases(entry: Entry) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """Each listed item: its name as shown, and the folded phrases that name it."""
    items = []
    for item in entry.listed:
        names = [name.strip() for name in item.split("|") if name.strip()]
        items.append((names[0], tuple(normalize(name).syllables for name in names)))
    return tuple(items)


def listed_named(entry: Entry, syllables: Sequence[str]) -> str | None:
    """The item of the entry's list a yes-or-no question names ("trường Khiếm thính có trong danh
    sách kính gửi không"), as the entry shows it; None otherwise."""
    if not entry.listed or not asks_yes_or_no(syllables):
        return None
    for shown, phrases in _listed_phrases(entry):
        if has_phrase(syllables, phrases):
            return shown
    return None


# --- entities the letter does not cover -----------------------------------------------------


class OutOfScope(StrEnum):
    OTHER_PROVINCE = "other_province"
    OTHER_DOCUMENT = "other_document"
    OTHER_YEAR = "other_year"
    LOCAL_FIGURES = "local_figures"  # one district's or one school's statistics
    LOCAL_FACT = "local_fact"  # what one district or school has done
    SCHOOL_PROGRESS = "school_progress"  # has a school, or my school, finished: /tiendo
    OTHER_ACTIVITY = "other_activity"  # exams, salaries, year-end reports...


def _phrases(*names: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(name.split()) for name in names)


# Provinces and cities other than Hải Phòng, folded.
_PROVINCES = _phrases(
    "an giang", "ba ria", "vung tau", "bac giang", "bac kan", "bac lieu", "bac ninh", "ben tre", "binh dinh",
    "binh duong", "binh phuoc", "binh thuan", "ca mau", "can tho", "cao bang", "da nang", "dak lak", "dac lac",
    "dak nong", "dong nai", "dong thap", "ha giang", "ha nam", "ha noi", "ha tinh", "hai duong",
    "hau giang", "hoa binh", "hung yen", "khanh hoa", "kien giang", "kon tum", "lai chau", "lam dong", "lang son",
    "lao cai", "long an", "nam dinh", "nghe an", "ninh binh", "ninh thuan", "phu tho", "phu yen", "quang binh",
    "quang nam", "quang ngai", "quang ninh", "quang tri", "soc trang", "son la", "tay ninh", "thai binh",
    "thai nguyen", "thanh hoa", "thua thien", "tien giang", "ho chi minh", "sai gon", "tra vinh", "tuyen quang",
    "vinh long", "vinh phuc", "yen bai", "tinh khac", "tinh ban", "cac tinh", "tinh thanh khac",
)  # fmt: skip
# Districts of Hải Phòng: the letter gives only province-wide figures.
_DISTRICTS = _phrases(
    "hong bang", "ngo quyen", "le chan", "hai an", "kien an", "do son", "duong kinh", "thuy nguyen", "an duong",
    "an lao", "kien thuy", "tien lang", "vinh bao", "cat hai", "bach long vi", "quan huyen em", "quan em",
    "huyen em", "quan minh", "huyen minh",
)  # fmt: skip
_OWN_SCHOOL = _phrases("truong em", "truong minh", "truong toi", "don vi em", "don vi minh", "truong chung em")
_OTHER_DOCUMENT_WORDS = _phrases(
    "thong tu", "nghi dinh", "quyet dinh", "chi thi", "van cu", "ban cu", "nam ngoai", "nam truoc", "dot truoc",
    "dot cu", "lan truoc", "nam hoc truoc", "cong van truoc", "van ban truoc", "cv truoc", "cong van khac",
    "van ban khac", "van ban nao khac", "cong van nao khac",
)  # fmt: skip
_OTHER_ACTIVITIES = _phrases(
    "tong ket", "tot nghiep", "tuyen sinh", "du thi", "ky thi", "lich thi", "hoc phi", "thi dua", "khen thuong",
    "nang luong", "bao hiem", "sach giao khoa", "ke hoach nam", "hoc ba", "chuyen truong", "tien luong", "luong thang",
    "nhan luong", "tra luong", "thi lai", "ren luyen he",

    "kiem dinh", "dat chuan", "boi duong thuong xuyen", "dang ky thi", "nghi he", "khai giang", "hop to",
    "hop hoi dong", "hop phu huynh", "chuan nghe nghiep", "danh gia chuan", "danh gia xep loai",
)  # fmt: skip


# How long something takes ("bao lâu", "trong mấy ngày"): a deadline question asks it of the deadline.
_DURATION = re.compile(r"\bbao lau\b|\bmat may ngay\b|\btrong (?:vong )?(?:may|bao nhieu|\d+) (?:ngay|tuan|gio)\b")
# Sanctions: a deadline question about them gets the dates and the note that the letter names none.
_SANCTIONS = re.compile(r"\bche tai\b|\bky luat\b|\bxu phat\b")
# Which term's marks, data deleted: a deadline question about them ("hạn nhập điểm học kỳ 2",
# "quá hạn dữ liệu có bị xóa không") gets the dates, and the rest is said to be beyond the letter.
_TERMS_AND_DELETION = re.compile(
    r"\b(?:hoc ky|hk) ?(?:1|2|i|ii|mot|hai)\b|\bdiem (?:\w+ )?ca nam\b|\bbi xoa\b|\bxoa (?:du lieu|het|mat)\b"
)
# "viết tắt của gì": the letter spells out only GDĐT, CSDL Ngành and ĐDCN.
_ABBREVIATION = re.compile(r"\bviet tat\b")
_SPELLED_OUT = re.compile(r"\bco so du lieu\b|\bdinh danh\b|\bgiao duc dao tao\b")
# Kinds of detail the letter never gives about anything, whatever entry the words match (a
# fitting not_covered entry still gives its plain reply): how many copies, a stamp or a signature,
# a file to send, someone's name, phone or Zalo, the date figures were counted, later campaigns,
# which district has most, cards and accounts expiring, combined classes, a board's members; which
# screen or button, recordings of the training, online or not, scoring criteria ("phân quyền theo
# tiêu chí gì" is the letter's), which person, other software or the Ministry, what happens to staff
# who retire, quit or die. How long something takes, sanctions, terms and deleted data count only
# outside deadline questions (see `never_said`). Matched on the folded text.
_NEVER_SAID = AnyOfRules(
    r"\b(?:in|lam|photo|nop|lap|thanh)\s+(?:may|bao nhieu|bn)\s+ban\b"
    r"|\bdong dau\b|\bdau do\b|\bcon dau\b|\bdong moc\b|\bchu ky so\b|\bky so\b|\bky dien tu\b"
    r"|\bchu ky (?:cua )?(?:phhs|phu huynh|cha me)\b"
    r"|\bco file\b|\bxin file\b"
    r"|(?<!nhom )\bzalo cua\b|\btinh den (?:ngay|thoi diem|luc)\b|\banh the\b"
    r"|\bnam hoc (?:sau|toi|moi)\b|\bdau nam hoc\b|\bnam sau\b"
    r"|\bdot (?:ra soat )?(?:moi|tiep theo|tiep|nua|sau)\b|\bco dot (?:ra soat )?nao nua\b"
    # which district or school has most or fewest: the letter gives province-wide figures only
    r"|\bnao(?: \w+){0,3} (?:nhieu|it|cao|thap) nhat\b"
    # a card, account, password or contract expiring ("CCCD hết hạn"): not the review's deadline
    r"|\b(?:can cuoc|cmnd|chung minh)(?: \w+){0,5} (?:han chot|qua han)\b"
    r"|\b(?:tai khoan|mat khau|chung chi|hop dong)(?: \w+){0,5} (?:han chot|qua han|het han)\b"
    # special cases: combined classes, a teacher of two schools or a school of two sites
    r"|\blop ghep\b|\b(?:2|hai) (?:truong|co so|diem truong)\b"
    # who sits on a board or group, a school's own phone: the letter names neither
    r"|\bthanh vien\b|\bdien thoai (?:cua )?(?:truong|trung tam|hieu truong)\b"
    # who answers the phone: the letter gives the numbers and the office, not people
    r"|\b(?:dien thoai|\d{8,11})\b(?: \w+){0,8} (?:ten (?:la )?gi|anh chi nao|ai nghe|ai truc|(?:la )?cua (?:anh|chi|thay|ong|ba|co(?! quan))\b)"
    r"|\bso nao (?:cho|danh cho|phu trach|cua)\b"
    r"|\bmenu\b|\b(?:muc|tab|nut) nao tren\b|\bo (?:muc|tab|nut) nao\b|\bbam (?:vao )?(?:dau|nut)\b|\bclick\b"
    r"|\bvideo\b|\bslide\b|\bghi hinh\b|\bonline\b|\boffline\b"
    r"|\bcham (?:\w+ ){0,2}tieu chi\b|\btieu chi cham\b|\bcham diem\b|\bthang diem\b"
    r"|\b(?:thay|co) nao\b|\bthay hay co\b|\bbao cao vien\b|\badmin nhom\b|\bquan tri vien nhom\b"
    r"|\bsmas\b|\bvnedu\b|(?<!can )\bbo giao duc\b"
    r"|\bnghi huu\b|\bnghi viec\b|\bqua doi\b|\bhe so luong\b|\bkhuyet lanh dao\b|\bchua co lanh dao\b"
    # a teacher of several classes, parents signing, a board's members, exact counts, the national
    # education database, error messages, what the Sở itself will do next
    r"|\b(?:chu nhiem|kiem nhiem|day|phu trach) (?:2|3|hai|ba|\d\d) lop\b|\bcha me(?: \w+){0,3} ky\b"
    r"|\bban chi dao(?: \w+){0,6} gom\b|\bso cu the\b|\btheo so nguoi\b|\bquoc gia ve giao duc\b|\bvan bao\b|\bbao loi\b"
    r"|\bso co (?:gui (?:xac nhan|lai)|kiem tra lai|cu (?:can bo|nguoi)|xuong|cong bo|xep hang)\b"
    r"|\bbao truoc\b|\blich kiem tra\b"
    # what happens to someone who does not sign, report or finish (not being able to is the letter's)
    r"|\bneu\b(?: \w+){0,5} (?:khong|chua) (?:chiu |dong y )?(?:ky|xac nhan|bao cao|dong bo|ban giao|hoan thanh|lam|xong)"
    r"\b(?! duoc)(?: \w+){0,6} thi (?:sao|the nao|xu ly|bi)\b"
    # which support group a combined school joins (the letter has one QR code per level)
    r"|\blien cap\b(?: \w+){0,12} (?:nhom|tai khoan|tk)\b|\bnhom\b(?: \w+){0,8} lien cap\b"
    # messages to the support numbers, the groups' hours, admins and platform; a QR code expired
    r"|\b(?:so|dien thoai|zalo)(?: \w+){0,6} nhan tin\b|\btin nhan zalo\b|\bnguoi truc\b|\btruc (?:den|tu|toi) (?:\w+ )?gio\b|\bmay gio toi\b"
    r"|\bquan tri vien\b|\btelegram\b|\bzalo hay\b|\bhay (?:la )?(?:nhom )?zalo\b"
    r"|\b(?:qr|ma nhom)(?: \w+){0,8} han chot\b|\bma (?:qr )?moi\b"
    # surprise inspections, interns, leaving a field empty, a report's or pledge's contents, the
    # Phòng's own staff's data
    r"|\bdot xuat\b|\bco (?:kiem tra|ktra) ca\b|\bthuc tap\b|\bgiao sinh\b|\bsinh vien\b|\bde trong\b"
    r"|\b(?:bao cao|cam ket)\b(?: \w+){0,6} gom (?:nhung )?(?:noi dung|muc|thong tin) (?:gi|nao)\b"
    r"|\b(?:du lieu|thong tin)(?: ca nhan)? cua (?:chinh )?(?:can bo|chuyen vien) (?:phong|so)\b"
    r"|\b(?:can bo|chuyen vien) phong(?: \w+){0,4} (?:co )?(?:phai )?ky (?:bien ban )?xac nhan\b"
    # particular students and data: dropping out, repeating, no birth certificate, disability,
    # optional subjects, health, parents' own papers, parents looking data up
    r"|\bbo hoc\b|\bluu ban\b|\bo lai lop\b|\bgiay khai sinh\b|\bkhuyet tat\b|\btu chon\b"
    r"|\bchieu cao\b|\bcan nang\b|\bcan do\b|\bsuc khoe\b|\b(?:phu huynh|cha me)(?: \w+){0,4} (?:tu )?tra cuu\b"
    r"|\b(?:can cuoc|so dien thoai|nghe nghiep)\b(?: \w+){0,2} cua (?:cha me|phu huynh|bo me)\b"
    # whether a private school must follow it, when to name the support group's member, the
    # training's documents
    r"|\b(?:tu thuc|dan lap|ngoai cong lap)\b(?: \w+){0,6} (?:co )?phai (?:thuc hien|lam|ap dung|ky)\b"
    r"|\b(?:bao gio|khi nao|han)\b(?: \w+){0,6} (?:cu|phan cong)(?: \w+){0,4} nhom\b"
    r"|\btai lieu (?:\w+ ){0,2}(?:hoi nghi|tap huan)\b"
    r"|\bphu trach mang\b"
    # how the Phòng checks (sampling), a newly appointed head redoing the handover, a training
    # held again, a QR code that will not show
    r"|\bxac suat\b|\bmoi (?:duoc )?bo nhiem\b|\blam lai bien ban\b|\btap huan lai\b|\bto chuc lai\b"
    r"|\bxin link\b|\bkhong hien thi\b"
    # a change of the person in charge, data sent on to the Ministry, parents logging in, a report form
    r"|\bdoi nguoi\b|\btai khoan cu\b|\b(?:day|gui|chuyen) len bo\b|\blen bo luon\b"
    r"|\b(?:phu huynh|cha me)(?: \w+){0,4} (?:tu )?dang nhap\b|\bbao cao(?: \w+){0,4} co mau\b"
    # how long a document is in force, when figures were counted, approvals, passwords changed,
    # formats, reduced teaching hours, pay data, duplicate records, inspection dates, notarising,
    # rankings, the names of the Sở's staff, district councils' reports, vocational data
    r"|\bhieu luc (?:den|toi)\b|(?<!han )\bchot (?:den|vao|ngay|luc)\b|\bso lieu chot\b|\b(?:de|xin|trinh)(?: \w+){0,3} duyet\b"
    r"|\bdoi mat khau\b|\bdinh dang\b|\bgiam tiet\b|\btinh (?:gio|cong)\b|\bbac luong\b|\bthong tin luong\b"
    r"|\bbang luong\b|\bbi trung\b|\btrung (?:du lieu|thong tin)\b|\bdoan kiem tra\b(?: \w+){0,14} (?:thang nao|khi nao|bao gio)\b"
    r"|\bcong chung\b|\bchung thuc\b|\bxep hang\b|\bgap ai\b|\bten (?:can bo|nguoi|chuyen vien)\b"
    r"|\bubnd\b(?: \w+){0,4} (?:co )?phai (?:bao cao|lam|thuc hien)\b|\bhoc nghe\b|\bvao muc nao\b"
    r"|\bhe thong (?:cua )?bo\b(?! phan| mon| giao)|\bbien ban kiem tra\b|\bmau so\b|\bbang diem\b"
    r"|\bthu lao\b|\bphu cap\b|\bhoc sinh(?: \w+){0,3} (?:duoc )?cap tai khoan\b|\btu xem\b"
    r"|\bnhom\b(?: \w+){0,6} hay (?:nhom )?(?:mam non|tieu hoc|trung hoc)\b"
    # a target rate, how long records are kept, money, closing the mark book, the Sở's officers,
    # parents out of reach, meetings, pupils who finished exams, other uses of the data
    r"|\bmoi dat\b|\bmay nam\b|\bho tro tien\b|\bduoc tien\b|\bkhoa so\b|\blich hop\b"
    r"|\bai la chuyen vien\b|\bchuyen vien phu trach\b(?: \w+){0,6} (?:tren|cua|o) so\b|\bbcd\b(?: \w+){0,6} gom\b"
    r"|\bkhong lien lac (?:duoc|dc)\b|\bthi xong\b|\b(?:dung|su dung) de (?:tinh|xet)\b"
    r"|\b(?:\d{8,11}|so nay)(?: \w+){0,2} ho tro cap nao\b|\btrong (?:hai|2) so\b"
    # lists of who is not yet verified, counts worked out from the rates, compensation, the police,
    # permission to correct data, templates, a pledge's term, facilities data, certificates, a pace
    # of work, certificates of completion, extra pay, which software, replies from the Phòng,
    # e-mail, documents to check against, visiting in person, Zalo friends, sanctions on units,
    # meetings to launch it, weekends
    r"|\bgui (?:ds|danh sach)\b|\btinh ra\b|\bkhoang bao nhieu\b|\bboi thuong\b|\bcong an\b"
    r"|\b(?:duoc|dc) (?:tu )?sua\b|\bmau nao\b|\btheo mau\b|\bcam ket(?: \w+){0,4} (?:thoi han|hieu luc)\b"
    r"|\bco so vat chat\b|\bchung chi\b|\bmoi buoi\b|\bcap giay\b|\bgiay (?:xac nhan|chung nhan)\b"
    r"|\btra (?:them )?tien\b|\bthem tien\b|\bphan mem nao\b|\bqua phan mem\b|\b(?:gui|co) (?:cong van )?phan hoi\b"
    r"|\bemail\b|\bmail\b|\bdoi chieu\b(?: \w+){0,3} giay to\b|\bphong so\b|\bden truc tiep\b|\bket ban\b|\bbi xu ly\b"
    r"|\bhop trien khai\b|\bthu (?:bay|7)\b|\bchu nhat\b|\bcuoi tuan\b"
    r"|\bneu ten\b|\bke hoach trien khai\b|\bnop ke hoach\b|\bkem theo quyet dinh\b"
    r"|\btai khoan quan tri thu (?:2|hai)\b|\btao them\b|\bky nhay\b|\btung trang\b|\bngoai gio\b|\btinh them gio\b"
    r"|\bnhan xet\b|\bin phieu\b|\bnhan zalo\b|\bnghi hoc\b|\bwebsite\b"
    r"|\bap dung cho (?:\w+ ){0,2}(?:tu thuc|dan lap|ngoai cong lap)\b|\bai lam quan tri\b|\bnoi quy\b"
    r"|\bbao nhieu nam\b|\bbao cao(?: \w+){0,4} cho ubnd\b|\btang may\b|\bdia chi\b"
    r"|\bve may truong\b|\bthem (?:buoi )?tap huan\b|\bma so thue\b|\bkiem nhiem\b|\bphai la giao vien\b"
    r"|\bnguoi moi\b|\bgui don\b|\btruong ban\b"
    r"|\bhet hieu luc\b|\bmay tieng\b|\bkeo dai\b|\b(?:vi sao|tai sao) (?:so )?chon\b|\bnhap du diem\b"
    r"|\b(?:can|phai)(?: \w+){0,3} duyet\b|\bthoi han bao lau\b|\bai ky (?:van ban |cong van )?1329\b|\b1329(?: \w+){0,3} do ai ky\b"
    r"|\bthay doi gi\b|\bso voi nam\b|\bin ho so\b|\bnop ve so\b|\bdi tap huan\b|\bmo lai\b|\bgiu lai tai khoan\b"
    r"|\btra cong cho\b|\bscan len\b|\bphong nao cua bo\b|\bngoai ngu\b|\btu nhan\b"
    r"|\b(?:nhom|qr)(?: \w+){0,4} cho (?:phu huynh|cha me)\b"
    r"|\bbao nhieu (?:phan tram )?(?:truong|don vi)\b(?: \w+){0,8} (?:da|xong|hoan thanh)\b|\b(?:so dien thoai|sdt) rieng\b"
    # who issues a unit its admin account (the letter says who manages it, not who issues it)
    r"|\bcap (?:\w+ ){0,2}tai khoan quan tri\b|\btai khoan quan tri(?: \w+){0,3} (?:duoc|xin) cap\b"
    # an account lost, locked or taken over
    r"|\btai khoan(?: \w+){0,5} bi (?:mat|khoa|hack|lo|chiem)\b"
    # someone who will not cooperate or disagrees (not being able to is the letter's)
    r"|\bkhong (?:chiu )?(?:phoi hop|hop tac|tra loi|phan hoi|dong y|cung cap)\b(?: \w+){0,14} (?:thi )?(?:sao|lam sao|xu ly|the nao|co bi|co tinh|co phai)\b"
    r"|\bkhong chiu (?:ky|xac nhan|lam|cap nhat)\b(?! duoc)(?: \w+){0,14} (?:thi )?(?:sao|lam sao|xu ly|the nao|co bi)\b"
    # a standard template, exact limits or targets, a QR code that will not scan, a
    # recording's link, exporting to a file, who approves: none of them is in the letter
    r"|\bmau (?:chuan|chung)\b|\btoi da\b|\btoi thieu\b|\bmuc tieu\b|\bchi tieu\b"
    r"|\bkhong quet (?:duoc|dc)\b|\bquet khong (?:duoc|dc|ra)\b|\blink (?:xem lai|khac)\b"
    r"|\bxuat\b(?: \w+){0,4} (?:ra )?(?:excel|file)\b|\bai (?:se )?duyet\b|\bduyet (?:bao cao|ket qua)\b"
    # how to enter one item of data ("trường dân tộc nhập thế nào"), allowances
    r"|\bnhap (?:nhu )?(?:the nao|ra sao)\b(?! (?:thi )?(?:xem|o van ban))|\b(?:duoc|tien|che do) boi duong\b"
    # which option to choose in the software; phones and apps; how the homeroom teacher informs
    # parents (Zalo, paper, a meeting): the letter says that, not how
    r"|\bchon (?:\w+ ){0,4}nao\b|\bapp\b|\bung dung (?:nao|tren|dien thoai)\b|\b(?:cap nhat|nhap|lam|vao|dang nhap|dung|su dung)(?: \w+){0,4} (?:bang|tren) (?:dien thoai|dt|smartphone)\b"
    r"|\b(?:bao|gui|thong tin|thong bao)(?: \w+){0,5} qua zalo\b|\bin (?:ra )?giay\b|\bban giay\b|\bban cung\b|\bban mem\b"
)


def never_said(syllables: Sequence[str], *, deadline_question: bool) -> bool:
    """A kind of detail the letter gives about nothing (see `_NEVER_SAID`); how long something
    takes or what sanctions follow, unless the question is about the deadline ("còn bao lâu nữa
    là hết hạn", "quá hạn có bị kỷ luật không" get the dates)."""
    folded = " ".join(syllables)
    if _NEVER_SAID.search(folded):
        return True
    if _ABBREVIATION.search(folded) and not _SPELLED_OUT.search(folded):
        return True
    if deadline_question:
        return False
    return any(rule.search(folded) for rule in (_DURATION, _SANCTIONS, _TERMS_AND_DELETION))


# "văn bản trước đó": the letter's own reference to document 1329.
_EARLIER_1329 = _phrases("truoc do", "1329", "quy dinh ve du lieu", "quy dinh du lieu")
_STATUS_PAIRS = frozenset(
    {"xong_chua", "thanh_chua", "da_xong", "da_hoan", "tien_do", "xong_bao", "duoc_bao", "xong_may"}
)
# Progress asked about without naming a school ("xem tiến độ", "còn lớp nào chưa xong").
_PROGRESS_PAIRS = frozenset({"tien_do", "chua_xong"})
# "ngày bao nhiêu" asks for a date, "số điện thoại bao nhiêu" for a number.
_NOT_FIGURES_PAIRS = frozenset({"ngay_bao", "dien_thoai", "thang_bao", "cu_bao", "giao_bao", "cu_may", "giao_may"})
_IDENTITY_PAIRS = frozenset({"dinh_danh", "xac_thuc"})
_WHOLE_PROVINCE = _phrases("toan thanh pho", "ca thanh pho", "toan tinh", "ca tinh")
_GRADE_NAMED = re.compile(r"\b(?:khối|khoi|lớp|lop)\s*\d{1,2}\b", re.IGNORECASE)
_STATE_PAIRS = frozenset({"da_phan", "da_giao", "da_cap", "da_bao", "da_gui", "da_lap", "da_ky", "da_dong"})
_FIGURES_PAIRS = frozenset({"bao_nhieu", "ty_le", "phan_tram", "so_lieu", "so_luong", "con_bao"})
_DOCUMENT_NUMBER = re.compile(
    r"(?:công văn|cong van|văn bản|van ban|\bcv|\bvb|quyết định|quyet dinh|\bqđ|\bqd)"
    r"\s*(?:số|so)?\s*(\d{3,5})(?!\s*/\s*\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_NAMED_SCHOOL = re.compile(
    r"(?:trường|truong|trg)\s+(?:(?:THCS|THPT|TH|MN|mầm non|mam non|tiểu học|tieu hoc|tiểu|liên cấp)\s+)+"
    r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|\d+)",
)
_LETTER_NUMBERS = frozenset({"1329"})


_SCHOOL_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*[-–/]\s*(20\d\d)(?!\d)")


def _years_meant(text: str) -> set[int]:
    """The years a question names; a school year "2022-2023" is the year it ends in."""
    years = {int(end) for _, end in _SCHOOL_YEAR.findall(text)}
    return years | {int(year) for year in _YEAR.findall(_SCHOOL_YEAR.sub(" ", text))}


def foreign_topic(syllables: Sequence[str], text: str, *, known_years: Iterable[int] = (2023,)) -> OutOfScope | None:
    """Another province, document, year or activity: the letter cannot answer, whatever the words match."""
    if has_phrase(syllables, _PROVINCES) and not has_phrase(syllables, _phrases("tham gia lai")):
        return OutOfScope.OTHER_PROVINCE
    numbers = set(_DOCUMENT_NUMBER.findall(text))
    if numbers - _LETTER_NUMBERS or (has_phrase(syllables, _OTHER_DOCUMENT_WORDS) and not has_phrase(syllables, _EARLIER_1329)):
        return OutOfScope.OTHER_DOCUMENT
    if _years_meant(text) - set(known_years):
        return OutOfScope.OTHER_YEAR  # "năm 2024", "năm học 2023-2024": a year the letter is not about
    if has_phrase(syllables, _OTHER_ACTIVITIES):
        return OutOfScope.OTHER_ACTIVITY
    return None


def local_subject(syllables: Sequence[str], text: str) -> OutOfScope | None:
    """One school's progress (the bot's /tiendo) or one district's or school's figures (not in the letter)."""
    pairs = set(syllable_pairs(syllables))
    named_place = has_phrase(syllables, _DISTRICTS) or bool(_NAMED_SCHOOL.search(text))
    if (named_place or has_phrase(syllables, _OWN_SCHOOL)) and pairs & _STATUS_PAIRS or pairs & _PROGRESS_PAIRS:
        return OutOfScope.SCHOOL_PROGRESS
    if named_place and (pairs & _STATE_PAIRS or "dien_thoai" in pairs):
        return OutOfScope.LOCAL_FACT  # what one district or school has done, or its phone: not in the letter
    # the letter's 1.4% and 4% are the province's, for all levels together
    restricted = named_place or has_phrase(syllables, _OWN_SCHOOL) or "rieng" in syllables
    named_part = find_levels(syllables)[0] or _GRADE_NAMED.search(text)  # a level, or "khối 1", "lớp 6"
    province_wide = has_phrase(syllables, _WHOLE_PROVINCE)
    restricted = restricted or bool(named_part and pairs & _IDENTITY_PAIRS and not province_wide)
    if restricted and pairs & _FIGURES_PAIRS and not pairs & _NOT_FIGURES_PAIRS:
        return OutOfScope.LOCAL_FIGURES
    return None


def asks_own_progress(syllables: Sequence[str], text: str) -> bool:
    """ "trường em xong bao nhiêu lớp rồi", "xem tiến độ": progress within the asker's own scope
    (no other school or district named)."""
    named_place = has_phrase(syllables, _DISTRICTS) or bool(_NAMED_SCHOOL.search(text))
    return not named_place and local_subject(syllables, text) is OutOfScope.SCHOOL_PROGRESS
