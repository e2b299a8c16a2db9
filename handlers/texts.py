"""Every Vietnamese text the bot shows in a chat, in one place for review.

Style: polite, short, addressing "thầy/cô"; dates dd/mm/yyyy, times 17h00.
"""

from __future__ import annotations

BOT_NAME = "Trợ lý CSDL Ngành"

START = (
    f"Kính chào thầy/cô! {BOT_NAME} hỗ trợ các đơn vị rà soát, cập nhật dữ liệu giáo viên "
    "và học sinh trên CSDL Ngành theo hướng dẫn của Sở GDĐT."
)

HELP_HEADER = "Các lệnh thầy/cô dùng được tại đây:"
HELP_LINE = "{usage} — {summary}"
HELP_GROUP_LEVEL = "Nhóm này là nhóm hỗ trợ cấp {level}."
HELP_GROUP_NO_LEVEL = "Nhóm này chưa được đặt cấp học."
HELP_GROUP_LEVEL_HINT = "Quản trị viên đặt cấp học cho nhóm bằng lệnh /nhom, ví dụ: /nhom THCS."
# Why the bot does not read this group's ordinary messages, by what the platform delivers.
GROUP_REACH_ADVICE = {
    "commands_and_replies": (
        "Lưu ý: trợ lý hiện chỉ nhận được lệnh và tin nhắn trả lời trợ lý trong nhóm này. "
        "Để trợ lý đọc được câu hỏi thường, quản trị viên nhóm hãy đặt trợ lý làm quản trị viên nhóm, "
        "hoặc tắt chế độ riêng tư trong BotFather (/setprivacy → Disable) rồi thêm lại trợ lý vào nhóm."
    ),
    "mentions_and_replies": (
        "Lưu ý: trong nhóm này trợ lý chỉ nhận được tin nhắn có nhắc tên trợ lý (@) hoặc trả lời tin nhắn "
        "của trợ lý. Thầy/cô nhắc tên trợ lý trước câu hỏi hoặc báo cáo, ví dụ: @Trợ lý lớp 6A1 đã xong."
    ),
    "every_message": "",
}

COMMAND_SUMMARIES = {
    "start": "giới thiệu trợ lý",
    "help": "xem các lệnh dùng được tại đây",
    "nhom": "đặt cấp học cho nhóm hỗ trợ (quản trị viên của Sở)",
    "hoi": "hỏi về quy trình rà soát, cập nhật dữ liệu trên CSDL Ngành",
    "dangky": "đăng ký với trợ lý bằng mã Sở gửi trường (nhắn riêng)",
    "xong": "báo lớp đã rà soát xong dữ liệu học sinh",
    "xonggv": "báo đã rà soát, đồng bộ xong dữ liệu giáo viên",
    "xacnhan": "lãnh đạo trường xác nhận hoàn thành dữ liệu học sinh",
    "huy": "hủy báo cáo gần nhất của mình",
    "tiendo": "xem tiến độ rà soát trong phạm vi của mình",
    "chuaxong": "xem những lớp, trường chưa xong",
}

# --- Registration (/dangky) ---
REGISTER_USAGE = (
    "Thầy/cô gõ /dangky kèm mã Sở gửi trường, ví dụ: /dangky ABCDE-FGHJK. Giáo viên chủ nhiệm "
    "thêm tên lớp: /dangky ABCDE-FGHJK 6A1."
)
REGISTER_IN_PRIVATE = (
    "Để giữ bí mật mã đăng ký, thầy/cô vui lòng nhắn riêng cho trợ lý: /dangky MÃ. "
    "Nếu vừa gửi mã vào nhóm, thầy/cô nên thu hồi tin nhắn đó."
)
REGISTER_WRONG_CODE = "Mã đăng ký không đúng. Thầy/cô kiểm tra lại mã Sở gửi trường (không phân biệt chữ hoa, thường)."
REGISTER_THROTTLED = "Thầy/cô đã nhập sai mã nhiều lần. Vui lòng thử lại sau {minutes} phút."
REGISTER_BAD_CLASS = "Lớp '{name}' không hợp lệ với {school}. Thầy/cô gõ lại, ví dụ: /dangky MÃ 6A1."
REGISTERED_SCHOOL = "Đã đăng ký: thầy/cô là {role} của {school}."
REGISTERED_HOMEROOM = " Lớp chủ nhiệm: {name}."
REGISTERED_DISTRICT = "Đã đăng ký: thầy/cô là cán bộ Phòng GDĐT {district}; thầy/cô xem tiến độ các trường bằng /tiendo."
REGISTERED_NEXT = (
    "Khi lớp rà soát xong, thầy/cô báo bằng /xong {example} (hoặc nhắn \"lớp {example} đã xong\"); "
    "gõ /help để xem thêm."
)
REGISTERED_NEXT_LEADER = (
    "Sau khi kiểm tra dữ liệu từng lớp, thầy/cô xác nhận hoàn thành bằng /xacnhan; xem tiến độ bằng /tiendo."
)
# A class name of each level, for examples.
EXAMPLE_CLASS = {"MN": "Lá 1", "TH": "3A", "THCS": "6A1", "THPT": "10A1", "GDTX": "10A1"}
ROLE_NAMES = {
    "staff": "cán bộ, giáo viên",
    "leader": "lãnh đạo",
    "district": "cán bộ Phòng GDĐT",
    "admin": "quản trị viên của Sở",
}
# --- Reports (/xong, /xonggv, /xacnhan, /huy and plain-text reports) ---
REPORT_SCHOOL_STAFF_ONLY = "Báo cáo hoàn thành do cán bộ, giáo viên của trường gửi; tài khoản của thầy/cô không gắn với trường nào."
SCHOOL_CLASS_COUNT = "{school}: {done}/{expected} lớp"
CLASS_USAGE = "Thầy/cô ghi tên lớp, ví dụ: /xong 6A1, hoặc nhiều lớp: /xong 6A1, 6A2, 6A3 (hoặc 6A1-6A5)."
CLASS_UNREADABLE = "Trợ lý chưa đọc được tên lớp: {names}. Thầy/cô ghi lại, ví dụ: 6A1, 10A2, Lá 1."
CLASS_WRONG_LEVEL = "Lớp {names} không thuộc cấp học của {school} ({levels}). Thầy/cô kiểm tra lại tên lớp."
CLASS_TOO_MANY = (
    "{school} có {expected} lớp và đã ghi nhận {done} lớp, nên chưa ghi thêm được lớp {names}. "
    "Thầy/cô kiểm tra lại tên lớp; nếu số lớp của trường đã thay đổi, đề nghị báo Sở cập nhật."
)
CLASS_RECORDED = "Đã ghi nhận lớp {names}"
CLASS_ALREADY = "lớp {names} đã được ghi nhận trước đó"
TEACHER_RECORDED = "Đã ghi nhận: {school} đã rà soát, đồng bộ dữ liệu giáo viên{counts}."
TEACHER_PARTIAL = (
    "Đã ghi nhận {school} rà soát {counts} cán bộ, giáo viên. Theo mục 2.2, cần rà soát 100% cán bộ, "
    "giáo viên (kể cả hợp đồng, thỉnh giảng) rồi đồng bộ; khi xong thầy/cô báo lại bằng /xonggv."
)
TEACHER_OVER_TOTAL = (
    "Số đã rà soát ({reviewed}) lớn hơn tổng số CB-GV-NV ({total}) của {school}. Thầy/cô gõ lại, "
    "ví dụ: /xonggv 45/45."
)
TEACHER_COUNT_DIFFERS = "Lưu ý: danh sách của Sở ghi trường có {expected} CB-GV-NV."
CONFIRM_LEADERS_ONLY = (
    "Theo mục 2.3, Bước 3, lãnh đạo cơ sở giáo dục xác nhận hoàn thành; lệnh /xacnhan chỉ dành cho lãnh đạo trường "
    "(đăng ký bằng mã lãnh đạo)."
)
CONFIRM_RECORDED = "Đã ghi nhận lãnh đạo {school} xác nhận hoàn thành rà soát dữ liệu học sinh và đã báo cáo theo phân cấp."
CONFIRM_CLASSES_MISSING = "Lưu ý: trường mới báo xong {done}/{expected} lớp trên trợ lý."
CONFIRM_ALREADY = "Trường đã được lãnh đạo xác nhận trước đó"
UNDO_NOTHING = "Thầy/cô chưa có báo cáo nào để hủy."
UNDO_DONE = "Đã hủy báo cáo {what}"
UNDO_WHAT_CLASSES = "lớp {names}"
UNDO_WHAT_TEACHER = "dữ liệu giáo viên"
UNDO_WHAT_CONFIRMATION = "xác nhận của lãnh đạo"

# --- Progress (/tiendo, /chuaxong) ---
PROVINCE = "toàn tỉnh/thành phố"
DISTRICT_OFFICE = "Phòng GDĐT {district}"
DEPARTMENT = "Sở GDĐT"
NO_DISTRICT = "Chưa ghi quận/huyện"
ALL_SCHOOLS = "Tất cả"
PROGRESS_UNKNOWN_FILTER = "Trợ lý chưa hiểu '{text}'. Thầy/cô gõ /tiendo, hoặc kèm cấp học (MN, TH, THCS, THPT, GDTX) hay tên quận/huyện."
PROGRESS_OTHER_DISTRICT = "Thầy/cô chỉ xem được tiến độ các trường do {district} quản lý."
PROGRESS_SCHOOL_ONLY = "Thầy/cô xem được tiến độ của trường mình; gõ /tiendo không kèm tên quận/huyện."
PROGRESS_NO_SCHOOLS = "Chưa có trường nào trong phạm vi {title}."
SCHOOL_PROGRESS = "Tiến độ rà soát — {school}:\n• Dữ liệu học sinh: {student}.\n• Dữ liệu giáo viên: {teacher}."
STUDENT_STATUS = "{done}/{expected} lớp đã xong, {confirmed}"
STUDENT_CONFIRMED = "lãnh đạo đã xác nhận"
STUDENT_NOT_CONFIRMED = "lãnh đạo chưa xác nhận"
TEACHER_STATUS_DONE = "đã rà soát, đồng bộ{counts}"
TEACHER_STATUS_PARTIAL = "đã rà soát {reviewed}/{total}, chưa xong"
TEACHER_STATUS_NONE = "chưa báo"
PROGRESS_HEADER = "Tiến độ rà soát — {title} ({total} trường):"
PROGRESS_SUMMARY_LINE = "• {label}: {complete}/{total} trường xong cả hai phần (HS đã xác nhận {confirmed}, GV đã đồng bộ {teacher})"
PROGRESS_CLASSES = "• Số lớp đã báo xong: {done}/{expected}"
PROGRESS_LEGEND = "HS: dữ liệu học sinh; GV: dữ liệu giáo viên. Gõ /chuaxong để xem các trường chưa xong."
SCHOOL_ALL_DONE = "{school} đã hoàn thành cả dữ liệu học sinh (lãnh đạo đã xác nhận) và dữ liệu giáo viên. Cảm ơn thầy/cô!"
SCHOOL_PENDING_HEADER = "Những việc {school} còn phải làm:"
SCHOOL_PENDING_CLASSES = "• Dữ liệu học sinh: còn {missing} lớp chưa báo xong ({done}/{expected})."
SCHOOL_REPORTED_CLASSES = "  Các lớp đã báo: {names}."
SCHOOL_PENDING_CONFIRMATION = "• Lãnh đạo trường chưa xác nhận (/xacnhan) sau khi kiểm tra từng lớp."
SCHOOL_PENDING_TEACHER = "• Dữ liệu giáo viên: {status}."
ALL_SCHOOLS_DONE = "Tất cả {total} trường thuộc {title} đã hoàn thành cả hai phần."
PENDING_HEADER = "Các trường chưa xong — {title}: {pending}/{total} trường"
PENDING_LINE = "- {school}: HS {student}; GV {teacher}"
PENDING_MORE = "... và {more} trường khác."

# --- Report commands whose arguments cannot be read (handlers/report_parsing.py) ---
# {command} is the command name without "/", {text} a quoted fragment of what the user typed.
REPORT_ARGS_TOO_LONG = (
    "Nội dung lệnh /{command} quá dài nên trợ lý chưa đọc được. "
    "Thầy/cô chỉ cần gõ tên lớp hoặc số liệu, ví dụ: /xong 6A1 6A2 hoặc /xonggv 45/45."
)
REPORT_QUESTION = (
    "Lệnh /{command} dùng để báo cáo, không dùng để hỏi. "
    "Thầy/cô nhắn câu hỏi trực tiếp hoặc dùng lệnh /hoi kèm câu hỏi."
)
REPORT_NOT_DONE = (
    "Lệnh /{command} chỉ dùng khi đã hoàn thành; nội dung có từ '{text}' nên trợ lý chưa ghi nhận. "
    "Khi hoàn thành, thầy/cô gõ lại lệnh."
)
RANGE_REVERSED = (
    "Dãy lớp '{text}' không hợp lệ: lớp đầu phải đứng trước lớp cuối. Thầy/cô vui lòng gõ lại, ví dụ: /xong 6A1-6A5."
)
RANGE_TOO_LONG = (
    "Dãy lớp '{text}' gồm {count} lớp, vượt quá {limit} lớp cho một dãy; thầy/cô vui lòng chia thành các dãy ngắn hơn."
)
RANGE_MISMATCH = (
    "Dãy lớp '{text}' không hợp lệ: lớp đầu và lớp cuối phải cùng khối, cùng tên lớp. "
    "Thầy/cô vui lòng gõ lại, ví dụ: /xong 6A1-6A5 hoặc /xong 3A-3E."
)
RANGE_UNREADABLE = (
    "Dãy lớp '{text}' không hợp lệ: trợ lý không đọc được lớp đầu hoặc lớp cuối. "
    "Thầy/cô vui lòng gõ lại, ví dụ: /xong 6A1-6A5."
)
TOO_MANY_CLASSES = "Mỗi lần báo cáo được tối đa {limit} lớp; thầy/cô vui lòng gửi thành nhiều lần."
XONG_TEACHER_DATA = (
    "Lệnh /xong dùng để báo lớp đã xong dữ liệu học sinh. Để báo xong dữ liệu giáo viên, "
    "thầy/cô gõ /xonggv (có thể kèm số liệu, ví dụ: /xonggv 45/45)."
)
XONG_ALL_CLASSES = "Thầy/cô vui lòng ghi rõ tên các lớp đã xong, ví dụ: /xong 6A1-6A5 hoặc /xong 6A1 6A2."
_COUNTS_RETRY = " Thầy/cô vui lòng gõ lại theo mẫu /xonggv 45/45 (số đã rà soát/tổng số)."
COUNTS_REVIEWED_OVER_TOTAL = "Số liệu '{text}' không hợp lệ: số đã rà soát không được lớn hơn tổng số." + _COUNTS_RETRY
COUNTS_ZERO_TOTAL = "Số liệu '{text}' không hợp lệ: tổng số cán bộ, giáo viên phải lớn hơn 0." + _COUNTS_RETRY
COUNTS_ZERO_REVIEWED = "Số liệu '{text}' không hợp lệ: số cán bộ, giáo viên đã rà soát phải lớn hơn 0." + _COUNTS_RETRY
COUNTS_TOO_LARGE = "Số liệu '{text}' không hợp lệ: số cán bộ, giáo viên không vượt quá {limit}." + _COUNTS_RETRY
COUNTS_UNREADABLE = (
    "Trợ lý chưa đọc được số liệu '{text}'. Thầy/cô gõ theo mẫu /xonggv 45/45 "
    "(số đã rà soát/tổng số), /xonggv 45 hoặc chỉ /xonggv."
)
XONGGV_GOT_CLASS = (
    "Lệnh /xonggv dùng để báo xong dữ liệu giáo viên. Để báo lớp {classes} đã xong dữ liệu học sinh, "
    "thầy/cô gõ /xong {args}."
)
XONGGV_STUDENT_DATA = (
    "Lệnh /xonggv dùng để báo xong dữ liệu giáo viên. Để báo lớp đã xong dữ liệu học sinh, "
    "thầy/cô gõ /xong kèm tên lớp, ví dụ: /xong 6A1."
)
XACNHAN_GOT_CLASS = (
    "Lệnh /xacnhan dành cho lãnh đạo đơn vị xác nhận dữ liệu học sinh của cả đơn vị, không kèm tên lớp. "
    "Để báo lớp {classes} đã xong, thầy/cô gõ /xong {args}."
)
HUY_WITH_ARGS = "Lệnh /huy hủy báo cáo gần nhất của thầy/cô và không kèm tên lớp hay số liệu; thầy/cô chỉ cần gõ /huy."


NOT_REGISTERED = "Thầy/cô chưa đăng ký với trợ lý. Vui lòng nhắn riêng cho trợ lý: /dangky MÃ (mã do Sở gửi trường)."

ASK_USAGE = "Thầy/cô gõ /hoi kèm câu hỏi, ví dụ: /hoi hạn chót cập nhật dữ liệu giáo viên là khi nào?"
ASK_HINT = "Thầy/cô cũng có thể nhắn câu hỏi trực tiếp, có dấu hay không dấu đều được."
ESCALATED = (
    "Câu hỏi này trợ lý chưa trả lời chắc chắn được nên đã chuyển tới cán bộ Sở GDĐT (phiếu số {ticket}); "
    "câu trả lời sẽ được gửi lại cho thầy/cô. Trường hợp cần gấp, thầy/cô liên hệ Phòng Giáo dục thường "
    "xuyên và Đại học, Sở GDĐT: 0936001379 hoặc 0902215886."
)
TICKETS_THROTTLED = (
    "Thầy/cô đã gửi nhiều câu hỏi tới Sở trong một giờ qua; cán bộ Sở sẽ trả lời lần lượt. Trường hợp cần "
    "gấp, thầy/cô liên hệ Phòng Giáo dục thường xuyên và Đại học, Sở GDĐT: 0936001379 hoặc 0902215886."
)
PRIVATE_CHAT_NAME = "tin nhắn riêng"
STAFF_FORWARD = "Câu hỏi chờ trả lời (phiếu số {ticket}) của {sender}, trong {where}:\n{question}"

# Shown above a reply on platforms that cannot thread it under the message it answers.
REPLY_QUOTE = "↪ «{quote}»"
# Buttons on platforms without them: numbered choices, answered with the number.
NUMBERED_CHOICE = "{number}. {label}"
NUMBERED_CHOICES_HINT = "Thầy/cô trả lời bằng số thứ tự."

UNKNOWN_COMMAND = "Xin lỗi, trợ lý chưa hiểu lệnh /{name}. Thầy/cô gõ /help để xem các lệnh dùng được."
ADMIN_ONLY = "Xin lỗi, lệnh /{name} chỉ dành cho quản trị viên của Sở GDĐT."
GROUP_ONLY = "Lệnh /{name} dùng trong nhóm hỗ trợ, thầy/cô vui lòng gõ lệnh trong nhóm."
PRIVATE_ONLY = "Lệnh /{name} dùng trong tin nhắn riêng với trợ lý, thầy/cô vui lòng nhắn riêng."

GROUP_LEVEL_USAGE = "Thầy/cô gõ: /nhom MN, /nhom TH, /nhom THCS hoặc /nhom THPT (nhóm THPT và GDTX)."
GROUP_LEVEL_SET = "Đã đặt nhóm này là nhóm hỗ trợ cấp {level}."

PRIVATE_FALLBACK = "Thầy/cô gõ /help để xem những việc trợ lý có thể hỗ trợ."

PERSONAL_DATA_WARNING = (
    "Xin thầy/cô lưu ý: tin nhắn vừa gửi có dạng số định danh cá nhân (CCCD). Dữ liệu cá nhân của "
    "giáo viên, học sinh không đăng trong nhóm; đề nghị thầy/cô thu hồi tin nhắn."
)

CITIZEN_ID_MASK = "[số định danh đã ẩn]"

INTERNAL_ERROR = "Xin lỗi thầy/cô, trợ lý gặp sự cố khi xử lý tin nhắn này. Thầy/cô vui lòng thử lại sau ít phút."

# A level of a school.
LEVEL_NAMES = {
    "MN": "Mầm non",
    "TH": "Tiểu học",
    "THCS": "THCS",
    "THPT": "THPT",
    "GDTX": "GDTX",
}
LEVEL_JOINER = " và "
# A support group: one group serves THPT and GDTX together.
GROUP_NAMES = {**LEVEL_NAMES, "THPT": "THPT và GDTX"}

# --- Answers from the knowledge base (handlers/answers.py) ---
# Appended to an answer that does not already cite its section of the letter.
SOURCE_LINE = "(Nguồn: công văn hướng dẫn quy trình rà soát, cập nhật CSDL Ngành của Sở GDĐT, {source}.)"

# Added under a likely but uncertain answer.
SUGGESTIONS_HEADER = "Có phải thầy/cô muốn hỏi:"
SUGGESTION_LINE = "- {question}"
UNCERTAIN_FOOTER = "Nếu chưa đúng ý, thầy/cô vui lòng nêu cụ thể hơn câu hỏi để trợ lý hỗ trợ."

# One line per group of levels sharing a deadline, filling {deadlines}.
DEADLINE_LINE = "- {levels}: {when}"
DEADLINE_WHEN = "{hour:02d}h{minute:02d} ngày {day:02d}/{month:02d}/{year}"
DEADLINE_LEVEL_SEPARATOR = ", "
DEADLINE_UNKNOWN = "- Sở GDĐT chưa công bố hạn chót cho cấp học này; thầy/cô vui lòng theo dõi thông báo của Sở."

# --- Command line (operators of the Sở) ---
# Why the database cannot be used, by kind (storage.errors.Unavailability); {url} hides the password.
DATABASE_UNAVAILABLE = {
    "unreachable": (
        "Không kết nối được cơ sở dữ liệu DATABASE_URL={url}: {detail}. Kiểm tra máy chủ cơ sở dữ liệu đang chạy, "
        "tên người dùng, mật khẩu và cơ sở dữ liệu đã được tạo (PostgreSQL: createdb <tên>)."
    ),
    "no_file": (
        "Chưa có cơ sở dữ liệu tại {detail} (DATABASE_URL={url}). Thầy/cô nạp danh sách trường trước "
        "(python -m bot schools import FILE) hoặc dùng thử (python -m bot demo); nếu dữ liệu ở thư mục khác, "
        "hãy chạy lệnh từ thư mục đó hoặc đặt DATABASE_URL."
    ),
    "not_initialised": (
        "Cơ sở dữ liệu DATABASE_URL={url} chưa được khởi tạo. Chạy python -m bot schools import FILE "
        "hoặc python -m bot run một lần để tạo bảng."
    ),
    "outdated": (
        "Cơ sở dữ liệu DATABASE_URL={url} cũ hơn phiên bản trợ lý này ({detail}). "
        "Chạy python -m bot run một lần để cập nhật."
    ),
}


# --- Campaign data (issue 13): imports, members, slips, plausible reports ---------------------
IMPORT_UNIT_DISTRICT = "Phòng GDĐT"
IMPORT_UNIT_DEPARTMENT = "Sở GDĐT"
IMPORT_FIELD_NAME = "Tên trường"
IMPORT_FIELD_LEVELS = "Cấp học"
IMPORT_FIELD_DISTRICT = "Quận/Huyện"
IMPORT_FIELD_UNIT = "Đơn vị quản lý"
IMPORT_FIELD_CLASSES = "Số lớp"
IMPORT_FIELD_STAFF = "Số CB-GV-NV"
IMPORT_DISTRICT_COLUMN_MISSING = (
    "Tệp không có cột 'Quận/Huyện' hoặc 'Đơn vị quản lý', nhưng lần nạp trước có ({count} trường đang thuộc một "
    "quận/huyện); nạp tệp này sẽ chuyển các trường đó về Sở GDĐT. Hãy thêm lại cột này rồi nạp lại."
)
IMPORT_CONFLICT_LEVELS = "đã có báo cáo lớp {classes} không thuộc cấp học mới"
IMPORT_CONFLICT_CLASSES = "số lớp mới {new} ít hơn {done} lớp đã báo xong"
IMPORT_CONFLICT_STAFF = "số CB-GV-NV mới {new} ít hơn tổng {total} trường đã báo"
IMPORT_KEPT_BECAUSE = "giữ lại vì có {members} người đăng ký, {reports} báo cáo"
IMPORT_CONFLICTS_REFUSED = (
    "Không nạp gì: {count} trường có thay đổi trái với báo cáo đã ghi nhận (xem ở trên). Sửa tệp, "
    "hoặc thêm --force để vẫn nạp (các báo cáo bị ảnh hưởng được ghi vào nhật ký)."
)
IMPORT_AUDIT_DETAIL = (
    "Nạp danh sách trường (--force): {fields}. Trái với báo cáo: {conflicts}. "
    "Lớp đã báo lúc đó: {classes}. Lớp bị gỡ vì không thuộc cấp học mới: {dropped}."
)
SLIP_TITLE = "Phiếu mã đăng ký Trợ lý CSDL Ngành"
SLIP_SECRET = "Chỉ gửi phiếu này cho đúng đơn vị. Không đăng mã lên nhóm chung."
SLIP_QR_ALT = "Mã QR mở trợ lý với mã đăng ký điền sẵn"
SLIP_CODE_LABEL = "Mã đăng ký:"
SLIP_ROLE_STAFF = "Cán bộ, giáo viên"
SLIP_ROLE_LEADER = "Lãnh đạo trường"
SLIP_ROLE_DISTRICT = "Cán bộ Phòng GDĐT"
SLIP_PURPOSE_STAFF = (
    "Dành cho cán bộ phụ trách CSDL, giáo viên chủ nhiệm, giáo viên bộ môn của trường: báo lớp đã rà soát "
    "xong (/xong 6A1), báo dữ liệu giáo viên (/xonggv 45/45), xem tiến độ của trường (/tiendo)."
)
SLIP_PURPOSE_LEADER = (
    "Chỉ dành cho Hiệu trưởng, Phó Hiệu trưởng: ngoài các việc của giáo viên, xác nhận hoàn thành "
    "(/xacnhan) và xem ai đã đăng ký (/thanhvien)."
)
SLIP_PURPOSE_DISTRICT = (
    "Dành cho cán bộ Phòng GDĐT phụ trách CSDL Ngành: xem tiến độ, danh sách trường chưa xong "
    "và người đăng ký của các trường Phòng quản lý (/tiendo, /chuaxong, /thanhvien)."
)
SLIP_STEPS_QR = (
    "Quét mã QR bằng điện thoại (hoặc tìm {bot} trên Telegram) và bấm Bắt đầu (Start).",
    "Nếu trợ lý chưa nhận mã, nhắn riêng cho trợ lý: /dangky {code} (giáo viên chủ nhiệm thêm tên lớp, ví dụ /dangky {code} 6A1).",
    "Đợi trợ lý trả lời \"Đã đăng ký\", rồi gõ /help để xem các lệnh.",
)
SLIP_STEPS_NO_QR = (
    "Mở trợ lý CSDL Ngành trên Telegram (hỏi Sở tên trợ lý) và nhắn riêng cho trợ lý.",
    "Gõ /dangky {code} (giáo viên chủ nhiệm thêm tên lớp, ví dụ /dangky {code} 6A1).",
    "Đợi trợ lý trả lời \"Đã đăng ký\", rồi gõ /help để xem các lệnh.",
)
SLIP_FOOTER = "Mã bị lộ? Báo Sở GDĐT để cấp mã mới; mã cũ hết hiệu lực ngay."
PLATFORM_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "console"}
MEMBERS_DISTRICT_UNIT = "Phòng GDĐT {district}"
MEMBERS_NO_NAME = "(không có tên)"
MEMBERS_HOMEROOM = ", chủ nhiệm {name}"
MEMBERS_LINE = "• {name} — {role}{homeroom} — {platform}, đăng ký {when}, {reports} báo cáo"
MEMBERS_HEADER = "Người đã đăng ký ({count}):"
MEMBERS_MORE = "… và {count} người nữa (cán bộ Sở xem đủ bằng: python -m bot members list)."
MEMBERS_NONE = "Chưa có ai đăng ký trong phạm vi của thầy/cô."
MEMBERS_NOT_ALLOWED = "Lệnh /thanhvien dành cho lãnh đạo trường và cán bộ Phòng GDĐT đã đăng ký."
MEMBERS_IN_PRIVATE = "Thầy/cô nhắn riêng cho trợ lý lệnh /thanhvien để xem danh sách người đăng ký (không hiện trong nhóm)."
MEMBERS_REMOVE_HINT = (
    "\nThấy người lạ hoặc mã bị lộ? Báo Sở GDĐT để gỡ người đó và cấp mã mới; báo cáo cũ vẫn được lưu."
)
COMMAND_SUMMARIES["thanhvien"] = "xem ai đã đăng ký (lãnh đạo: trường mình; Phòng GDĐT: các trường mình quản lý)"
START_CODE_ALREADY_REGISTERED = (
    "Thầy/cô đã đăng ký rồi nên trợ lý không dùng mã này. Nếu cần đổi trường hoặc vai trò, đề nghị báo Sở GDĐT."
)
COUNTS_NEGATIVE = (
    "Số liệu {text} có số âm. Thầy/cô gõ lại theo mẫu /xonggv 45/45 (số đã rà soát/tổng số), /xonggv 45 hoặc chỉ /xonggv."
)
CLASS_NOT_IN_SCHOOL = (
    "Lớp {names} không có ở {school}: theo danh sách của Sở, trường có {expected} lớp. Thầy/cô kiểm tra lại "
    "tên lớp; nếu danh sách lớp của trường đã thay đổi, đề nghị báo Sở cập nhật."
)
CLASS_AMBIGUOUS = (
    "{school} đã có báo cáo lớp {others}. Lớp {name} thầy/cô vừa báo là một lớp khác, hay chính là lớp {others}? "
    "Thầy/cô gõ lại đúng tên lớp như trên sổ của trường (ví dụ /xong {others}) để trợ lý không đếm một lớp hai lần."
)
TEACHER_TOTAL_NEEDS_LEADER = (
    "Tổng {total} lớn hơn số {expected} CB-GV-NV của {school} trong danh sách của Sở, nên trợ lý chưa ghi. "
    "Nếu trường thật sự có {total} người, đề nghị lãnh đạo trường báo lại (/xonggv …/{total}) để xác nhận; "
    "nếu nhầm, thầy/cô gõ lại, ví dụ /xonggv {expected}/{expected}."
)
TEACHER_STATE_NONE = "{school}: dữ liệu giáo viên chưa được báo."
TEACHER_STATE_DONE = "{school}: dữ liệu giáo viên đã rà soát, đồng bộ xong{counts}."
TEACHER_STATE_PARTIAL = "{school}: dữ liệu giáo viên mới rà soát{counts}."
