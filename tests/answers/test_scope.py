"""Checks made before an entry may answer: what the question asks, and about whom."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers import texts
from handlers.answers.answering import LETTER_DEADLINES, AnswerResult, answer_question
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher
from handlers.answers.scope import Asks, OutOfScope, foreign_topic, local_subject, question_asks
from handlers.answers.vietnamese import normalize

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2023, 6, 5, 9, 0, tzinfo=HCM)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(KNOWLEDGE))


def ask(matcher: Matcher, text: str) -> AnswerResult:
    return answer_question(matcher, text, level=None, deadlines=LETTER_DEADLINES, timezone=HCM, now=NOW)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ai ký công văn", Asks.WHO),
        ("hội nghị tổ chức ở đâu", Asks.WHERE),
        ("tập huấn hôm nào", Asks.WHEN),
        ("còn bao nhiêu % học sinh", Asks.HOW_MANY),
        ("đồng bộ ra sao", Asks.HOW),
    ],
)
def test_what_a_question_asks_is_read_from_its_words(text, kind):
    assert kind in question_asks(normalize(text).syllables, text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hạn chót của Hà Nội là khi nào", OutOfScope.OTHER_PROVINCE),
        ("ai ký công văn 1200", OutOfScope.OTHER_DOCUMENT),
        ("ai ký công văn trước", OutOfScope.OTHER_DOCUMENT),
        ("hạn rà soát năm 2022 là ngày nào", OutOfScope.OTHER_YEAR),
        ("hạn nộp báo cáo tổng kết năm học", OutOfScope.OTHER_ACTIVITY),
    ],
)
def test_foreign_topics_are_recognised(text, reason):
    assert foreign_topic(normalize(text).syllables, text) is reason


def test_the_letters_own_references_are_not_foreign():
    for text in ("văn bản 1329 ngày 18/5/2023 nói gì", "văn bản chỉ đạo trước đó là văn bản nào", "tham gia lại nhóm"):
        assert foreign_topic(normalize(text).syllables, text) is None, text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("trường THCS Lê Lợi xong chưa", OutOfScope.SCHOOL_PROGRESS),
        ("trường em xong bao nhiêu lớp rồi", OutOfScope.SCHOOL_PROGRESS),
        ("quận Lê Chân còn bao nhiêu % học sinh chưa định danh", OutOfScope.LOCAL_FIGURES),
        ("trường THCS Lê Lợi còn bao nhiêu giáo viên chưa xác thực", OutOfScope.LOCAL_FIGURES),
    ],
)
def test_one_schools_or_districts_subject_is_recognised(text, reason):
    assert local_subject(normalize(text).syllables, text) is reason


@pytest.mark.parametrize(
    "text",
    [
        "hội nghị tập huấn tổ chức ở đâu",
        "ai ký công văn trước",
        "hạn chót của Hà Nội là khi nào",
        "quận Lê Chân còn bao nhiêu % học sinh chưa định danh",
        "trường THCS Lê Lợi còn bao nhiêu giáo viên chưa xác thực",
        # details the letter never gives
        "Tỉ lệ 1,4% học sinh chưa xác thực thì quận huyện nào nhiều nhất ạ?",
        "cccd của gv hết hạn thì có xác thực đdcn đc ko",
        "tai khoan quan tri het han su dung thi gia han o dau",
        "lop ghep 2 trinh do thi phan quyen GVCN nhu the nao",
        "em la gv thinh giang day 2 truong thi ra soat o truong nao",
        "so 0902215886 la cua anh chi nao a, ten gi",
    ],
)
def test_the_issues_confident_wrong_answers_are_now_escalated(matcher, text):
    result = ask(matcher, text)
    # passed on, either silently or with the plain "the letter does not say" of a not_covered entry
    assert result.escalate and not result.speak and (result.answer is None or result.declined)


@pytest.mark.parametrize(
    "text",
    [
        "báo cáo hoàn thành có cần đóng dấu đỏ không",
        "lãnh đạo xác nhận trên hệ thống có phải ký số không",
        "phụ huynh không chịu phối hợp với gvcn thì xử lý thế nào",
        "tỷ lệ giáo viên chưa định danh của cấp tiểu học là bao nhiêu",
        "gvbm nhập điểm học kỳ 1 hay học kỳ 2",
        "mã qr nhóm thcs em quét không được",
        "xuất danh sách học sinh ra file excel được không",
        "mỗi trường được tối đa mấy tài khoản",
        "phòng gd duyệt báo cáo của trường trong mấy ngày",
        "gvcn cập nhật học sinh bằng điện thoại được không",
        "gửi dữ liệu cho phụ huynh qua zalo được không",
        "biên bản xác nhận lập thành mấy bản",
        "vi phạm cam kết an ninh dữ liệu thì chế tài thế nào",
        "ai cấp tài khoản quản trị cho trường mới thành lập",
        "gv ko chịu ký biên bản xác nhận thì xử lý sao",
        "số 0902215886 là của chị nào ạ",
        "sđt hỗ trợ có nhận tin nhắn zalo không",
        "giáo sinh thực tập có phải ký biên bản xác nhận không",
        "CBQL trong công văn là viết tắt của gì",
        "quá hạn mà chưa đồng bộ thì dữ liệu có bị xóa không",
        "Phòng GD kiểm tra dữ liệu các trường theo xác suất hay toàn bộ",
        "hiệu trưởng mới được bổ nhiệm có phải làm lại biên bản bàn giao không",
        "học sinh bỏ học giữa chừng có phải rà soát không",
        "chiều cao cân nặng của trẻ có phải nhập không",
        "biên bản bàn giao tài khoản có cần công chứng không",
        "văn bản 1329 có hiệu lực đến ngày nào",
        "mục 2.1 quy định ngày sinh nhập định dạng thế nào",
        "trường liên cấp thì vào nhóm hỗ trợ tiểu học hay nhóm trung học cơ sở",
        "trường liên cấp 1-2 thì vào nhóm hỗ trợ nào",
    ],
)
def test_details_the_letter_never_gives_are_passed_on(matcher, text):
    result = ask(matcher, text)
    assert result.escalate and not result.speak


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("trường khiếm thính có trong danh sách kính gửi không ạ", "trường Khiếm thính HP"),
        ("tt gdnn-gdtx quận huyện có phải làm theo cv này ko", "các TT GDNN-GDTX quận/huyện"),
        ("Trung tâm kỹ thuật tổng hợp hướng nghiệp có phải thực hiện không?", "TT Giáo dục kỹ thuật tổng hợp"),
        ("Ban Chỉ đạo chuyển đổi số của Sở có nhận công văn này không ạ?", "Ban Chỉ đạo CDS Sở GDĐT"),
    ],
)
def test_a_yes_or_no_question_naming_a_recipient_is_answered_yes_first(matcher, text, name):
    result = ask(matcher, text)
    assert result.answer.startswith(texts.LISTED_YES.format(name=name).rstrip(".")) and not result.escalate


def test_only_a_yes_or_no_question_naming_a_listed_item_gets_a_yes(matcher):
    assert not ask(matcher, "công văn gửi cho những đơn vị nào").answer.startswith("Dạ có")
    assert not (ask(matcher, "trung tâm ngoại ngữ có phải làm theo công văn không").answer or "").startswith("Dạ có")


def test_a_deadline_question_about_terms_gets_the_student_deadline_reply_not_a_ticket(matcher):
    result = ask(matcher, "Nhập điểm học kỳ 2 hạn khi nào ạ")
    assert result.entry_id == "han-chot-hoc-sinh" and not result.escalate


def test_what_the_letter_spells_out_is_still_answered(matcher):
    assert ask(matcher, "ĐDCN trong công văn là viết tắt của gì").entry_id == "csdl-nganh-la-gi"


def test_the_issues_misrouted_questions_now_reach_the_right_entry(matcher):
    assert ask(matcher, "ai cấp tài khoản cho giáo viên").entry_id == "tai-khoan-ca-nhan"
    assert ask(matcher, "rà soát bao nhiêu % gv").entry_id == "giao-vien-100-phan-tram"


def test_whether_a_school_has_finished_points_to_the_progress_command(matcher):
    result = ask(matcher, "trường THCS Lê Lợi xong chưa")
    assert result.answer == texts.PROGRESS_QUESTION_HINT and result.declined and not result.escalate


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("mẫu biên bản bàn giao ở đâu", "khong-co-bieu-mau"),
        ("quên mật khẩu tài khoản csdl thì làm sao", "khong-quy-dinh-mat-khau"),
        ("số công văn này là bao nhiêu", "so-ngay-cong-van"),
        ("giáo viên có được phụ cấp khi rà soát không", "khong-quy-dinh-kinh-phi"),
        ("đồng bộ dữ liệu bấm nút nào trên phần mềm", "khong-huong-dan-thao-tac"),
        ("chủ nhật gọi số hỗ trợ có ai nghe không", "khong-quy-dinh-gio-ho-tro"),
        ("có app csdl ngành trên điện thoại không", "khong-quy-dinh-thiet-bi-ung-dung"),
        ("cô giáo nghỉ thai sản thì ai ký biên bản xác nhận thay", "khong-quy-dinh-truong-hop-rieng"),
        ("báo cáo hoàn thành gửi phòng gd qua email hay văn bản giấy", "khong-quy-dinh-cach-gui-bao-cao"),
        ("tình trạng hôn nhân của giáo viên có bắt buộc nhập không", "khong-liet-ke-truong-du-lieu"),
        ("không thấy file hướng dẫn đồng bộ gửi kèm", "khong-co-huong-dan-gui-kem"),
        ("bao giờ Sở tập huấn lại ạ, hôm đó em không đi được", "khong-tap-huan-lai"),
    ],
)
def test_what_the_letter_does_not_say_is_said_plainly_and_still_escalated(matcher, text, entry):
    result = ask(matcher, text)
    assert result.entry_id == entry and result.escalate and result.declined
    assert result.answer.startswith(("Công văn không", "Bản công văn", "Trợ lý không có")) and not result.speak


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("em là gvcn thì cần làm những gì ạ", "nhiem-vu-gvcn"),
        ("hiệu trưởng có nhiệm vụ gì theo công văn", "nhiem-vu-lanh-dao"),
        ("các đơn vị trong công văn là ai", "cac-don-vi"),
        ("cập nhật xong tt thì gv phải làm j", "giao-vien-ky-xac-nhan"),
    ],
)
def test_duties_and_terms_of_the_letter_have_their_own_answers(matcher, text, entry):
    result = ask(matcher, text)
    assert result.entry_id == entry and not result.escalate


def test_a_question_naming_a_section_and_step_is_answered_from_it(matcher):
    result = ask(matcher, "mục 2.3 bước 3 nói gì ạ")
    assert result.entry_id == "hoc-sinh-buoc-3" and not result.escalate


@pytest.mark.parametrize(
    ("text", "entry"), [("Bước 1 quy trình HS làm những gì ạ", "hoc-sinh-buoc-1"), ("buoc 3 gv lam gi", "giao-vien-buoc-3")]
)
def test_a_step_named_without_its_section_is_answered_from_that_step(matcher, text, entry):
    assert ask(matcher, text).entry_id == entry


def test_teachers_data_is_never_answered_from_the_students_steps(matcher):
    result = ask(matcher, "ai rà soát dữ liệu giáo viên")
    assert result.source is not None and "2.3" not in result.source
