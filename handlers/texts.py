"""Every Vietnamese text the bot shows in a chat, in one place for review.

Style: polite, short, addressing "thầy/cô"; dates dd/mm/yyyy, times 17h00.
"""

from __future__ import annotations

BOT_NAME = "Trợ lý CSDL Ngành"

START = (
    f"Kính chào thầy/cô! {BOT_NAME} hỗ trợ các đơn vị rà soát, cập nhật dữ liệu giáo viên "
    "và học sinh trên CSDL Ngành theo hướng dẫn của Sở GDĐT."
)

# "bạn là ai", "bot này làm được gì": who answers, and what it can do.
BOT_INTRO = (
    f"Dạ, {BOT_NAME} là trợ lý tự động của Sở GDĐT: trả lời câu hỏi về quy trình rà soát, cập nhật dữ liệu "
    "giáo viên và học sinh trên CSDL Ngành theo công văn hướng dẫn, nhận báo cáo hoàn thành (/xong, /xonggv), "
    "nhắc hạn chót (/hanchot) và chuyển câu hỏi chưa trả lời được tới cán bộ Sở. Thầy/cô gõ /help để xem các lệnh."
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
    "thanhvien": "xem ai đã đăng ký (lãnh đạo: trường mình; Phòng GDĐT: các trường mình quản lý)",
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
# Class names of each level for examples (replies, slips, hints): one class, and several in a row.
CLASS_EXAMPLES = {
    "MN": ("Chồi 1", "Lá 1-Lá 3"),
    "TH": ("5A2", "3A-3E"),
    "THCS": ("6A1", "7A1-7A6"),
    "THPT": ("10A1", "11A1-11A6"),
    "GDTX": ("10A1", "11A1-11A3"),
}
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
CLASS_LARGE_BATCH = (
    "Thầy/cô đang báo {count} lớp cùng một khối ({names}), hơn một nửa trong {expected} lớp của trường, nên trợ lý "
    "chưa ghi. Nếu đúng, thầy/cô gõ lại lệnh kèm chữ chac ở cuối, ví dụ /xong 6A1-6A12 chac; nếu nhầm, gõ lại "
    "cho đúng các lớp đã xong."
)
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
CONFIRM_ASK_CLASSES_MISSING = (
    "Trường mới báo xong {done}/{expected} lớp trên trợ lý (còn {missing} lớp chưa báo), nên trợ lý chưa ghi xác nhận. "
    "Thầy/cô xem lớp nào chưa xong bằng /chuaxong. Nếu các lớp đã xong thật (chỉ chưa báo trên trợ lý) và thầy/cô "
    "vẫn xác nhận, gõ /xacnhan chac."
)
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
PROGRESS_UNKNOWN_FILTER = (
    "Trợ lý chưa hiểu «{text}». Thầy/cô gõ /{command}, hoặc kèm cấp học (MN, TH, THCS, THPT, GDTX) hay tên quận/huyện, "
    "ví dụ: /{command} THCS."
)
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
SCHOOL_REPORTED_CLASSES = "  (Các lớp đã báo xong: {names}.)"
SCHOOL_UNREPORTED_CLASSES = "  Các lớp chưa báo: {names}."
SCHOOL_PENDING_CONFIRMATION = "• Lãnh đạo trường chưa xác nhận (/xacnhan) sau khi kiểm tra từng lớp."
SCHOOL_PENDING_TEACHER = "• Dữ liệu giáo viên: {status}."
ALL_SCHOOLS_DONE = "Tất cả {total} trường thuộc {title} đã hoàn thành cả hai phần."
PENDING_HEADER = "Các trường chưa xong — {title}: {pending}/{total} trường"
PENDING_DISTRICT = "{district}:"
PENDING_LINE = "- {school}: HS {student}; GV {teacher}"
PENDING_MORE = "... và {more} trường khác — gõ /chuaxong kèm cấp học hoặc tên quận/huyện để xem riêng."

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
NOT_REGISTERED_PRIVATE = "Thầy/cô chưa đăng ký với trợ lý nên báo cáo chưa được ghi nhận. Thầy/cô gõ /dangky MÃ (mã do Sở gửi trường), rồi báo lại."
NOT_REGISTERED_REPORT = (
    "Báo cáo chưa được ghi nhận vì thầy/cô chưa đăng ký với trợ lý. Vui lòng nhắn riêng cho trợ lý: /dangky MÃ "
    "(mã do Sở gửi trường), rồi báo lại."
)

ASK_USAGE = "Thầy/cô gõ /hoi kèm câu hỏi, ví dụ: /hoi hạn chót cập nhật dữ liệu giáo viên là khi nào?"
ASK_HINT = "Thầy/cô cũng có thể nhắn câu hỏi trực tiếp, có dấu hay không dấu đều được."
ESCALATED = (
    "Câu hỏi này trợ lý chưa trả lời chắc chắn được nên đã chuyển tới cán bộ Sở GDĐT (phiếu số {ticket}); "
    "câu trả lời sẽ được gửi lại cho thầy/cô. Trường hợp cần gấp, thầy/cô liên hệ Phòng Giáo dục thường "
    "xuyên và Đại học, Sở GDĐT: 0936001379 hoặc 0902215886."
)
TICKETS_THROTTLED = (
    "Thầy/cô đã gửi {count} câu hỏi tới Sở trong một giờ qua (mỗi người tối đa {count} câu mỗi giờ) nên câu "
    "hỏi này chưa được chuyển; các câu trước vẫn đang được xử lý (xem /phieu). Thầy/cô gửi lại sau ít phút, "
    "hoặc nếu cần gấp xin liên hệ Phòng Giáo dục thường xuyên và Đại học, Sở GDĐT: 0936001379 hoặc 0902215886."
)
# A private message with nothing to pass on ("có ai không", "alo", symbols): no ticket.
PRIVATE_NOT_A_QUESTION = (
    "Dạ, trợ lý đây ạ. Thầy/cô gõ câu hỏi về việc rà soát dữ liệu trên CSDL Ngành (ví dụ: \"hạn chót cấp THCS "
    "là khi nào?\"), hoặc /help để xem các lệnh."
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
DEADLINE_SET_ADMIN_ONLY = (
    "Xin lỗi, chỉ quản trị viên của Sở GDĐT đặt được hạn chót. Thầy/cô xem hạn bằng /hanchot (hoặc /hanchot THCS)."
)
GROUP_ONLY = "Lệnh /{name} dùng trong nhóm hỗ trợ, thầy/cô vui lòng gõ lệnh trong nhóm."
PRIVATE_ONLY = "Lệnh /{name} dùng trong tin nhắn riêng với trợ lý, thầy/cô vui lòng nhắn riêng."

GROUP_LEVEL_USAGE = "Thầy/cô gõ: /nhom MN, /nhom TH, /nhom THCS hoặc /nhom THPT (nhóm THPT và GDTX)."
GROUP_LEVEL_SET = "Đã đặt nhóm này là nhóm hỗ trợ cấp {level}."

PRIVATE_FALLBACK = "Thầy/cô gõ /help để xem những việc trợ lý có thể hỗ trợ."

PERSONAL_DATA_WARNING = (
    "Xin thầy/cô lưu ý: tin nhắn vừa gửi có dạng số định danh cá nhân (CCCD). Dữ liệu cá nhân của "
    "giáo viên, học sinh không đăng trong nhóm; đề nghị thầy/cô thu hồi tin nhắn."
)

CREDENTIALS_WARNING = (
    "Xin thầy/cô lưu ý: tin nhắn vừa gửi có dạng mật khẩu tài khoản. Mật khẩu không đăng trong nhóm; đề nghị "
    "thầy/cô thu hồi tin nhắn và đổi mật khẩu tài khoản đó."
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
# --- Deadline questions (handlers/answers/deadlines.py) ---
DEADLINE_TRACK_NAMES = {
    "teacher": "cập nhật, rà soát dữ liệu giáo viên (CBQL, GV, NV)",
    "student": "cập nhật, rà soát dữ liệu học sinh",
}
DEADLINE_HEADER_LETTER = "Theo {section} của công văn, Sở GDĐT gia hạn việc {track} trên CSDL Ngành đến hết:"
DEADLINE_HEADER_DEMO = "Hạn {track} trên CSDL Ngành trong đợt dùng thử (dữ liệu demo, không phải hạn thật):"
DEADLINE_HEADER_DEPARTMENT = "Theo thông báo của Sở GDĐT, hạn {track} trên CSDL Ngành:"
DEADLINE_CURRENT_CAMPAIGN = "Đợt rà soát hiện tại:"
DEADLINE_LETTER_CITE = "(theo {section} của công văn)"
DEADLINE_DATE_IS_DEADLINE_OF = "Ngày {day} là hạn của cấp {levels} (đến {time})."
DEADLINE_DATE_AT = " lúc {time}"  # "Ngày 08/06/2023 lúc 17h30 đã quá hạn của cấp MN."
DEADLINE_DATE_IN_TIME = "Ngày {day} vẫn trong hạn của cấp {levels}."
DEADLINE_DATE_UNRELATED = "Ngày {day} không phải hạn chót nào trong đợt rà soát hiện tại; các hạn đang áp dụng:"
DEADLINE_DATE_LATE = "Ngày {day} đã quá hạn của cấp {levels}."
DEADLINE_TIME = "{hour:02d}h{minute:02d}"
DEADLINE_OF_A_STEP = (
    "Công văn không đặt hạn riêng cho việc báo cáo, xác nhận hoàn thành hay kiểm tra; hạn công văn nêu là hạn "
    "cập nhật, rà soát dữ liệu:"
)
DEADLINE_BEYOND_LETTER = (
    "Công văn không nói về việc gia hạn thêm, hạn ban đầu hay việc xử lý khi quá hạn. Hạn hiện tại:"
)
DEADLINE_CONTACT = (
    "Thầy/cô cần hướng dẫn thêm xin liên hệ Phòng Giáo dục thường xuyên và Đại học, Sở GDĐT: "
    "0936001379 hoặc 0902215886."
)
DEADLINE_STUDENT_NOT_SET = (
    "Theo mục 2.3, công văn không quy định hạn riêng cho việc cập nhật, rà soát dữ liệu học sinh (kể cả "
    "nhập điểm); hạn ở mục 2.2 chỉ áp dụng cho dữ liệu giáo viên. " + DEADLINE_CONTACT
)
DEADLINE_STUDENT_NOT_SET_NOTE = "Công văn không quy định hạn riêng cho dữ liệu học sinh."
DEADLINE_LEVEL_NOT_SET = "Sở GDĐT chưa đặt hạn chót cho cấp {levels}."
DEADLINE_NONE_SET = (
    "Hiện Sở GDĐT chưa đặt hạn chót nào cho đợt rà soát này; khi có, trợ lý sẽ thông báo trong nhóm. "
    + DEADLINE_CONTACT
)

# --- Questions the letter cannot answer (handlers/answers/answering.py) ---
PROGRESS_QUESTION_HINT = (
    "Tiến độ của từng trường, từng lớp không có trong công văn; trợ lý ghi nhận theo báo cáo của các "
    "trường. Thầy/cô gõ /tiendo để xem tiến độ trong phạm vi của mình (trường mình; Phòng GDĐT: các trường "
    "trong quận/huyện), /chuaxong để xem những việc còn thiếu. Tiến độ của trường khác do Phòng GDĐT hoặc Sở "
    "theo dõi."
)
NOT_COVERED_ESCALATED = (
    "Trợ lý đã chuyển câu hỏi tới cán bộ Sở GDĐT (phiếu số {ticket}); câu trả lời sẽ được gửi lại cho thầy/cô. "
    "Trường hợp cần gấp, thầy/cô liên hệ Phòng Giáo dục thường xuyên và Đại học, Sở GDĐT: 0936001379 hoặc "
    "0902215886."
)

# --- Reports the bot could not read (handlers/reports/recording.py) ---
REPORT_NOT_READ_HINT = (
    "Trợ lý chưa ghi nhận được báo cáo này. Thầy/cô báo các lớp đã xong bằng lệnh /xong kèm tên lớp, ví dụ: "
    "/xong {several} (nhiều lớp liền nhau) hoặc /xong {one} (lớp chưa xong thì báo sau); dữ liệu giáo viên: "
    "/xonggv. Xem tiến độ: /tiendo."
)


# --- Escalation: tickets, the staff chat, relayed answers, FAQ additions (handlers/escalation/) ---
PLATFORM_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "console"}
TICKET_JOINED = (
    "Câu hỏi này đã được chuyển tới cán bộ Sở GDĐT (phiếu số {ticket}); khi có câu trả lời, trợ lý sẽ gửi "
    "tới thầy/cô. Trường hợp cần gấp, thầy/cô liên hệ Phòng Giáo dục thường xuyên và Đại học, Sở GDĐT: "
    "0936001379 hoặc 0902215886."
)
TICKET_ALREADY_ASKED = "Thầy/cô đã hỏi câu này (phiếu số {ticket}); cán bộ Sở đang xử lý, câu trả lời sẽ được gửi tới thầy/cô."

# The forward to the staff chat.
STAFF_TICKET_HEADER = "❓ Phiếu số {ticket}: câu hỏi chờ trả lời"
STAFF_TICKET_ASKER = "Người hỏi: {name}"
STAFF_TICKET_ASKER_ROLE = "Vai trò: {role}"
STAFF_TICKET_SCHOOL = "Đơn vị: {school}"
STAFF_TICKET_DISTRICT = "Quận/huyện: {district}"
STAFF_TICKET_UNREGISTERED = "Người hỏi chưa đăng ký với trợ lý."
STAFF_TICKET_LEVEL = "Cấp học: {level}"
STAFF_TICKET_WHERE_GROUP = "Nơi hỏi: {platform}, nhóm «{title}»"
STAFF_TICKET_WHERE_PRIVATE = "Nơi hỏi: {platform}, tin nhắn riêng"
STAFF_TICKET_WHEN = "Lúc: {when}"
STAFF_TICKET_QUESTION = "Câu hỏi: {question}"
STAFF_TICKET_GUESS = "Trợ lý đoán (độ tin cậy {percent}%): «{guess}»\nGõ /goiy {ticket} để gửi câu trả lời gợi ý này."
STAFF_TICKET_NO_GUESS = "Trợ lý không tìm được mục nào gần với câu hỏi trong công văn."
STAFF_TICKET_HOW = "Trả lời (reply) tin nhắn này để gửi câu trả lời cho người hỏi, hoặc gõ /traloi {ticket} <nội dung>."
STAFF_GUESS_BUTTON = "✅ Gửi câu trả lời gợi ý (phiếu {ticket})"
STAFF_TICKET_OVERDUE = "⏰ Phiếu số {ticket} đã chờ {hours} giờ làm việc mà chưa có câu trả lời{holder}."
STAFF_TICKET_OVERDUE_HOLDER = " ({holder} đang nhận)"

# The answer, as the asker sees it.
TICKET_ANSWER = "Trả lời câu hỏi của thầy/cô (phiếu số {ticket}), từ cán bộ Sở GDĐT:\n{answer}"
TICKET_ANSWER_PRIVATE = "Trả lời câu hỏi của thầy/cô (phiếu số {ticket}: «{question}»), từ cán bộ Sở GDĐT:\n{answer}"

# Staff actions, as the staff chat sees their result.
STAFF_ANSWER_QUEUED = (
    "Đã gửi câu trả lời phiếu số {ticket} tới {count} người hỏi: {askers}. "
    "Nếu tin nhắn không tới được người hỏi, trợ lý sẽ báo lại tại đây."
)
STAFF_ASKER_IN_GROUP = "{name} (nhóm «{title}», {platform})"
STAFF_ASKER_IN_PRIVATE = "{name} (tin nhắn riêng, {platform})"
STAFF_TICKET_NOT_FOUND = "Không có phiếu số {ticket}. Gõ /mo để xem các phiếu đang mở."
STAFF_TICKET_ALREADY_ANSWERED = (
    "Phiếu số {ticket} đã được {by} trả lời; câu trả lời không được gửi lại. Muốn đính chính, gõ /traloi {ticket} "
    "kèm nội dung đúng."
)
TICKET_CORRECTION = "Đính chính câu trả lời phiếu số {ticket}, từ cán bộ Sở GDĐT:\n{answer}"
STAFF_CORRECTION_QUEUED = "Đã gửi đính chính phiếu số {ticket} tới {count} người hỏi: {askers}."
STAFF_TICKET_ALREADY_CLOSED = "Phiếu số {ticket} đã đóng ({reason}); câu trả lời không được gửi."
STAFF_TICKET_IS_JOINED = "Phiếu số {ticket} đã gộp vào phiếu số {primary}; thầy/cô thao tác trên phiếu số {primary}."
STAFF_REPLY_NOT_A_TICKET = (
    "Tin nhắn thầy/cô trả lời không phải là một phiếu câu hỏi. Hãy trả lời (reply) đúng tin nhắn chuyển phiếu, "
    "hoặc gõ /traloi <số phiếu> <nội dung>."
)
STAFF_ANSWER_EMPTY = "Câu trả lời đang trống. Thầy/cô gõ nội dung trả lời, ví dụ: /traloi {ticket} Thầy/cô vào mục …"
STAFF_TRALOI_USAGE = "Thầy/cô gõ /traloi <số phiếu> <nội dung trả lời>, ví dụ: /traloi 12 Thầy/cô vào mục Hồ sơ giáo viên …"
STAFF_NUMBER_USAGE = "Thầy/cô gõ /{command} <số phiếu>, ví dụ: /{command} 12."
STAFF_DONG_USAGE = "Thầy/cô gõ /dong <số phiếu> [lý do], ví dụ: /dong 12 câu hỏi trùng."
STAFF_NO_GUESS = "Phiếu số {ticket} không có câu trả lời gợi ý; thầy/cô trả lời bằng /traloi {ticket} <nội dung>."
STAFF_TAKEN = "Phiếu số {ticket}: {holder} đã nhận trả lời."
STAFF_TAKEN_ALREADY = "Phiếu số {ticket} đang do {holder} nhận; nay chuyển cho {new_holder}."
STAFF_CLOSED = "Đã đóng phiếu số {ticket} mà không trả lời{reason}."
STAFF_CLOSED_REASON = " (lý do: {reason})"
STAFF_CLOSE_NO_REASON = "không nêu lý do"
STAFF_OPEN_HEADER = "Phiếu đang mở ({count}), cũ nhất trước:"
STAFF_OPEN_LINE = "• Số {ticket} · chờ {age} · {holder} · {asker}: {quote}"
STAFF_OPEN_JOINED = " (+{count} người hỏi cùng)"
STAFF_OPEN_NOBODY = "chưa ai nhận"
STAFF_OPEN_MORE = "… và {count} phiếu khác."
STAFF_OPEN_NONE = "Không còn phiếu nào đang mở."
STAFF_AGE_MINUTES = "{minutes} phút"
STAFF_AGE_HOURS = "{hours} giờ"
STAFF_AGE_DAYS = "{days} ngày"
STAFF_CHAT_NOT_FOR_QUESTIONS = (
    "Nhóm cán bộ Sở dùng để trả lời phiếu, không để hỏi trợ lý. Để thử một câu hỏi, thầy/cô nhắn riêng cho trợ lý."
)
STAFF_ONLY_COMMAND = "Lệnh /{name} chỉ dùng trong nhóm cán bộ Sở."
STAFF_HELP = (
    "Trong nhóm cán bộ Sở:\n"
    "• Trả lời (reply) tin nhắn chuyển phiếu: gửi câu trả lời cho người hỏi\n"
    "• /traloi <số> <nội dung>: trả lời phiếu\n"
    "• /goiy <số>: gửi câu trả lời trợ lý gợi ý\n"
    "• /ve <số>: nhận trả lời phiếu\n"
    "• /dong <số> [lý do]: đóng phiếu không trả lời\n"
    "• /gop <số> <số phiếu gốc>: gộp phiếu trùng vào phiếu gốc (người hỏi nhận câu trả lời của phiếu gốc)\n"
    "• /mo: các phiếu đang mở\n"
    "• /themfaq <số>: đưa câu trả lời của phiếu vào cơ sở tri thức"
)

# /themfaq
FAQ_ADDED = (
    "Đã thêm câu trả lời phiếu số {ticket} vào cơ sở tri thức (bổ sung số {addition}, {phrasings} cách hỏi). "
    "Trợ lý sẽ trả lời ngay những câu hỏi tương tự."
)
FAQ_NOT_ANSWERED = "Phiếu số {ticket} chưa có câu trả lời; chỉ phiếu đã trả lời mới thêm được vào cơ sở tri thức."
FAQ_ALREADY = "Câu trả lời phiếu số {ticket} đã có trong cơ sở tri thức (bổ sung số {addition})."
FAQ_SOURCE = "câu trả lời của cán bộ Sở GDĐT, phiếu số {ticket}"
FAQ_ANSWER = "{answer}\n\n(Câu trả lời của cán bộ Sở GDĐT, bổ sung từ phiếu số {ticket}.)"

# /phieu, for the asker
MY_TICKETS_HEADER = "Các câu hỏi thầy/cô đã gửi tới Sở:"
MY_TICKET_LINE = "• Phiếu số {ticket} ({when}): «{quote}», {state}"
MY_TICKETS_NONE = "Thầy/cô chưa có câu hỏi nào được chuyển tới cán bộ Sở."
TICKET_STATES = {
    "open": "đang chờ cán bộ Sở trả lời",
    "taken": "cán bộ Sở đang xử lý",
    "answered": "đã trả lời",
    "closed": "đã đóng",
}
PHIEU_SUMMARY = "xem các câu hỏi đã chuyển tới Sở và tình trạng trả lời"

# python -m bot faq
FAQ_CLI_HEADERS = ("Số", "Phiếu", "Ngày thêm", "Người thêm", "Tình trạng", "Câu hỏi")
FAQ_CLI_IN_FORCE = "đang dùng"
FAQ_CLI_WITHDRAWN = "đã rút {when}"
FAQ_CLI_NONE = "Chưa có câu trả lời nào được bổ sung vào cơ sở tri thức (dùng /themfaq <số phiếu> trong nhóm cán bộ Sở)."
FAQ_CLI_WITHDRAWN_DONE = "Đã rút bổ sung số {addition} (phiếu số {ticket}); trợ lý không dùng câu trả lời này nữa."
FAQ_CLI_NOT_FOUND = "Không có bổ sung số {addition}. Xem danh sách: python -m bot faq list."
FAQ_CLI_ALREADY_WITHDRAWN = "Bổ sung số {addition} đã được rút trước đó."
FAQ_CLI_EXPORTED = "Đã ghi {count} bổ sung vào {path}."
STAFF_COMMAND_SUMMARIES = {
    "traloi": "trả lời phiếu câu hỏi (trong nhóm cán bộ Sở)",
    "goiy": "gửi câu trả lời trợ lý gợi ý cho phiếu (trong nhóm cán bộ Sở)",
    "ve": "nhận trả lời phiếu (trong nhóm cán bộ Sở)",
    "dong": "đóng phiếu không trả lời (trong nhóm cán bộ Sở)",
    "gop": "gộp phiếu trùng vào phiếu gốc (trong nhóm cán bộ Sở)",
    "mo": "xem các phiếu đang mở (trong nhóm cán bộ Sở)",
    "themfaq": "đưa câu trả lời của phiếu vào cơ sở tri thức (trong nhóm cán bộ Sở)",
}
STAFF_ANSWER_UNDELIVERED = (
    "⚠️ Không gửi được tin nhắn của phiếu số {ticket} tới {platform} {chat}: {reason}. "
    "Thầy/cô vui lòng liên hệ trực tiếp người hỏi."
)

# --- Zalo and other platforms without buttons or with quotas (issue 12) ---
# Zalo withholds the content of messages from protected users (children, among others).
UNREADABLE_MESSAGE = (
    "Xin lỗi, trợ lý không đọc được nội dung tin nhắn này (nền tảng không chuyển nội dung cho trợ lý). "
    "Thầy/cô vui lòng gõ lại bằng chữ, hoặc liên hệ Sở GDĐT qua Phòng GDTX&ĐH."
)
QUOTA_NEARLY_SPENT = (
    "Lưu ý: trợ lý đã gửi {count}/{limit} tin nhắn {platform} trong tháng {month}. Khi hết hạn mức, tin nhắn "
    "sẽ phải chờ đến tháng sau. Cán bộ Sở cân nhắc nâng gói hoặc chuyển bớt nhóm sang Telegram."
)
QUOTA_EXCEEDED = (
    "{platform} báo trợ lý đã hết hạn mức tin nhắn tháng {month}. Các tin chưa gửi được giữ lại và sẽ được "
    "gửi lại sau; cán bộ Sở cân nhắc nâng gói hoặc chuyển nhóm sang Telegram."
)
TOKEN_REFUSED = {
    "zalo": (
        "Zalo từ chối token của trợ lý nên trợ lý đã ngừng nhận tin Zalo. Quản trị viên kiểm tra ZALO_BOT_TOKEN "
        "(lấy lại trong Zalo Bot Creator) rồi khởi động lại trợ lý."
    ),
    "telegram": (
        "Telegram từ chối token của trợ lý. Quản trị viên kiểm tra TELEGRAM_BOT_TOKEN rồi khởi động lại trợ lý."
    ),
    "console": "",
}

# --- Campaigns, deadlines and reminders (handlers/reminders/, handlers/admin/campaigns.py) ---
TRACK_NAMES = {"teacher": "dữ liệu giáo viên", "student": "dữ liệu học sinh"}
# Where a date comes from, by the campaign's source; a demo date is credited to nobody.
DEADLINE_SOURCES = {
    "letter": "theo công văn hướng dẫn của Sở GDĐT (mục 2.2)",
    "admin": "theo thông báo của Sở",
    "demo": "dữ liệu dùng thử, không phải hạn thật",
}
CONTACTS = "Phòng Giáo dục thường xuyên và Đại học, Sở GDĐT: 0936001379 hoặc 0902215886"
NO_DEADLINE = "Hiện Sở GDĐT chưa đặt hạn chót cho đợt rà soát nào. Thầy/cô vui lòng theo dõi thông báo của Sở; cần hỗ trợ, liên hệ " + CONTACTS + "."
NO_DEADLINE_FOR = "Hiện chưa có hạn chót cho {what}. Thầy/cô vui lòng theo dõi thông báo của Sở; cần hỗ trợ, liên hệ " + CONTACTS + "."
DEADLINES_HEADER = "Hạn chót — {campaign}:"
DEADLINE_ITEM = "- {track}, {levels}: {when} ({left}), {source}"
DEADLINE_PAST_NOTE = "Các hạn đã qua được ghi là đã hết hạn; thầy/cô theo dõi thông báo mới của Sở."
DEADLINE_SCHOOL_HEADER = "Hạn chót của {school} — {campaign}:"
DEADLINE_SCHOOL_EARLIEST = "Trường có nhiều cấp học nên cần hoàn thành trước hạn sớm nhất: {when}."
DEADLINE_USAGE = (
    "Cách dùng: /hanchot xem hạn chót. Quản trị viên đặt hạn: /hanchot <cấp> <gv|hs> <dd/mm/yyyy> <HH:MM>, "
    "ví dụ /hanchot THCS gv 08/06/2027 17:00; bỏ hạn: /hanchot xoa <cấp> <gv|hs>."
)
DEADLINE_BAD_LEVEL = "Không rõ cấp học '{text}'. Chọn một trong: MN, TH, THCS, THPT, GDTX."
DEADLINE_BAD_TRACK = "Không rõ loại dữ liệu '{text}'. Gõ gv (dữ liệu giáo viên) hoặc hs (dữ liệu học sinh)."
DEADLINE_BAD_WHEN = "Không đọc được thời điểm '{text}'. Viết theo dạng dd/mm/yyyy HH:MM, ví dụ 08/06/2027 17:00."
DEADLINE_NO_CAMPAIGN = "Chưa có đợt rà soát nào đang áp dụng. Tạo đợt bằng lệnh: python -m bot campaign new TÊN [--from-letter]."
DEADLINE_CONFIRM = (
    "Đặt hạn {track} cấp {level}: {when} ({left}), đợt «{campaign}»{previous}.\n"
    "Thầy/cô chọn lệnh xác nhận bên dưới (hoặc gõ lại lệnh kèm chữ xacnhan); trợ lý sẽ lên lịch nhắc lại ngay."
)
DEADLINE_CONFIRM_PREVIOUS = ", thay cho {when}"
DEADLINE_CONFIRM_PAST = "\nLưu ý: thời điểm này đã qua."
DEADLINE_SET = "Đã đặt hạn {track} cấp {level}: {when} ({left}), đợt «{campaign}». Lịch nhắc đã được cập nhật."
DEADLINE_REMOVE_CONFIRM = "Bỏ hạn {track} cấp {level} ({when}) của đợt «{campaign}»? Thầy/cô chọn lệnh xác nhận bên dưới."
DEADLINE_REMOVED = "Đã bỏ hạn {track} cấp {level} của đợt «{campaign}»."
DEADLINE_NOT_FOUND = "Đợt «{campaign}» chưa có hạn {track} cấp {level}."

REMINDER_HEADER = "⏰ Nhắc hạn: {track} cấp {levels} phải xong trước {when} ({left}), {source}."
REMINDER_LATE = "(Tin nhắc này gửi muộn so với lịch: lẽ ra gửi lúc {when}.)"
REMINDER_PENDING = "Còn {pending}/{total} trường chưa báo xong:"
REMINDER_DISTRICT_LINE = "• {district} ({count}): {schools}"
REMINDER_MORE = "và {more} trường khác — xem /chuaxong"
REMINDER_HOW = {
    "teacher": "Cách báo xong: cán bộ phụ trách CSDL gõ /xonggv (ví dụ /xonggv 45/45) sau khi đồng bộ dữ liệu giáo viên.",
    "student": "Cách báo xong: GVCN gõ /xong <lớp> (ví dụ /xong 6A1) cho từng lớp; lãnh đạo trường gõ /xacnhan khi cả trường xong.",
}
REMINDER_ALL_DONE = "🎉 Tất cả {total} trường cấp {levels} đã báo xong {track} trước hạn {when}. Cảm ơn thầy/cô!"
REMINDER_PRIVATE = "⏰ Kính gửi thầy/cô, {school} chưa báo xong {track}. Hạn: {when} ({left}), {source}."
REMINDER_PRIVATE_CLASS = "⏰ Kính gửi thầy/cô, lớp {classes} của {school} chưa báo xong {track}. Hạn: {when} ({left}), {source}."
REMINDER_DISTRICT = "⏰ {office}: còn {pending} trường cấp {levels} chưa báo xong {track} (hạn {when}, {left}):"
REMINDER_DISTRICT_SCHOOL = "• {school}"
REMINDER_NONE_DUE = "Không có hạn chót nào sắp tới cho {what}, nên không có tin nhắc nào để gửi."
REMINDER_NOTHING_TO_SEND = (
    "Không có tin nhắc nào để gửi ({track} cấp {levels}, hạn {when}): {groups} nhóm được đặt cấp học này, "
    "{private} người cần nhắc riêng, {district} cán bộ Phòng GDĐT. Kiểm tra nhóm đã được đặt cấp bằng /nhom "
    "và các trường đã có người đăng ký."
)
REMINDER_SENT_NOW = "Đã gửi nhắc hạn ({track} cấp {levels}, hạn {when}): {groups} nhóm, {private} tin riêng, {district} tin cho Phòng GDĐT."

DIGEST_HEADER = "📋 Tổng hợp ngày {date} — {campaign}"
DIGEST_LEVEL_LINE = "- {level}: GV xong {teacher}/{total}, HS xác nhận {confirmed}/{total}"
DIGEST_DISTRICTS = "Theo quận/huyện (trường chưa xong cả hai loại dữ liệu):"
DIGEST_DISTRICT_LINE = "- {district}: còn {pending}/{total}"
DIGEST_REPORTED = "Trường có báo cáo từ hôm qua ({count}): {schools}"
DIGEST_REPORTED_NONE = "Từ hôm qua chưa có trường nào báo cáo."
DIGEST_TICKETS = "Câu hỏi chưa trả lời: {count}"
DIGEST_NEXT = "Hạn sắp tới: {track} cấp {levels}, {when} ({left})"
DIGEST_NO_NEXT = "Không còn hạn chót nào sắp tới trong đợt này."

CONFIRM_WORD = "xacnhan"
HANCHOT_SUMMARY = "xem hạn chót và thời gian còn lại"
HANCHOT_USAGE = "/hanchot [cấp]"
NHACNHO_SUMMARY = "gửi ngay tin nhắc hạn hiện tại (quản trị viên của Sở)"
NHACNHO_USAGE = "/nhacnho [cấp] [gv|hs]"
NHACNHO_UNKNOWN_WORD = (
    "Không rõ '{word}'. Cách dùng: /nhacnho [cấp] [gv|hs], cấp là MN, TH, THCS, THPT hoặc GDTX; "
    "ví dụ /nhacnho THCS gv. Chưa có tin nhắc nào được gửi."
)
NHACNHO_LEVEL_NEEDED = (
    "Thầy/cô ghi cấp học cần nhắc, ví dụ /nhacnho THCS (hoặc gõ /nhacnho trong nhóm của cấp đó). "
    "Chưa có tin nhắc nào được gửi."
)


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
    "xong (/xong {example}), báo dữ liệu giáo viên (/xonggv 45/45), xem tiến độ của trường (/tiendo)."
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
    "Nếu trợ lý chưa nhận mã, nhắn riêng cho trợ lý: /dangky {code}.",
    "Đợi trợ lý trả lời \"Đã đăng ký\", rồi gõ /help để xem các lệnh.",
)
SLIP_STEPS_NO_QR = (
    "Mở trợ lý CSDL Ngành trên Telegram (hỏi Sở tên trợ lý) và nhắn riêng cho trợ lý.",
    "Gõ /dangky {code}.",
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
TEACHER_STATE_NONE = "{school}: dữ liệu giáo viên chưa được báo."
TEACHER_STATE_DONE = "{school}: dữ liệu giáo viên đã rà soát, đồng bộ xong{counts}."
TEACHER_STATE_PARTIAL = "{school}: dữ liệu giáo viên mới rà soát{counts}."


# --- Campaign data, continued: class lists, THPT placement, leader confirmation of teacher totals,
# Zalo links on slips (issue 13, remainder) ---------------------------------------------------
IMPORT_FIELD_CLASS_LIST = "Danh sách lớp"
IMPORT_NO_CLASS_LIST = "không có (theo cấp học và số lớp)"
IMPORT_CLASS_LIST_SIZE = "{count} lớp"
IMPORT_CLASS_LIST_ADDED = "thêm {names}"
IMPORT_CLASS_LIST_REMOVED = "bỏ {names}"
IMPORT_CONFLICT_CLASS_LIST = "đã có báo cáo lớp {classes} nhưng danh sách lớp mới không có lớp này"
IMPORT_CONFLICT_CLASS_RANGE = "đã có báo cáo lớp {classes}, không còn hợp lệ với số lớp mới {new}"
IMPORT_CLASS_LIST_KEPT = (
    "Dòng {row}: trường {code} đã có danh sách {count} lớp từ lần nạp trước (tệp này không có trang danh sách lớp); "
    "giữ danh sách đó và tổng {count} lớp"
)
CLASS_NOT_IN_LIST = (
    "Lớp {names} không có trong danh sách {count} lớp của {school} do Sở nạp ({examples}). Thầy/cô kiểm tra lại "
    "tên lớp; nếu danh sách lớp của trường đã thay đổi, đề nghị báo Sở cập nhật."
)
STUDENT_CLASSES_GONE = " (thêm {gone} lớp đã báo nhưng không còn trong danh sách lớp của trường, không tính)"
SCHOOL_GONE_CLASSES = (
    "• Báo cáo của lớp không còn trong danh sách lớp hiện tại của trường (vẫn lưu trong nhật ký, không tính vào tiến độ): "
    "{names}."
)
TEACHER_STATUS_AWAITING_LEADER = "chờ lãnh đạo trường xác nhận (tổng số vượt danh sách của Sở), chưa tính là xong"
TEACHER_STATUS_NEWER_AWAITING_LEADER = "có báo cáo mới chờ lãnh đạo trường xác nhận"
DUYETGV_SUMMARY = "lãnh đạo trường xác nhận số liệu dữ liệu giáo viên đang chờ (tổng vượt danh sách của Sở)"
TUCHOIGV_SUMMARY = "lãnh đạo trường không xác nhận số liệu dữ liệu giáo viên đang chờ"
APPROVE_TEACHER_BUTTON = "/duyetgv"
REJECT_TEACHER_BUTTON = "/tuchoigv"
TEACHER_ALREADY_RECORDED = (
    "Dữ liệu giáo viên của {school} đã được ghi nhận trước đó{counts}; không có gì thay đổi nên trợ lý không ghi thêm."
)
TEACHER_NO_COUNTS = "không kèm số liệu"
TEACHER_UPDATED = "Đã cập nhật: {school} đã rà soát, đồng bộ dữ liệu giáo viên{counts}."
TEACHER_UPDATED_FROM = "(Trước đó: {before}.)"
TEACHER_PENDING_SUPERSEDED = "Báo cáo {counts} đang chờ lãnh đạo xác nhận được thay bằng báo cáo này."
TEACHER_PENDING_REPLACED = "Đã thay báo cáo đang chờ trước đó."
TEACHER_AWAITING_LEADER = (
    "Tổng {total} {compared} số {expected} CB-GV-NV của {school} trong danh sách của Sở, nên báo cáo {counts} đang chờ "
    "lãnh đạo trường xác nhận (chưa tính là xong); trợ lý đã nhắn riêng lãnh đạo trường và sẽ báo lại thầy/cô. "
    "Nếu nhầm, thầy/cô gõ /huy rồi báo lại, ví dụ /xonggv {expected}/{expected}."
)
TEACHER_AWAITING_NO_LEADER = (
    "Tổng {total} {compared} số {expected} CB-GV-NV của {school} trong danh sách của Sở, nên báo cáo {counts} đang chờ "
    "lãnh đạo trường xác nhận (chưa tính là xong). Trường chưa có lãnh đạo nào đăng ký với trợ lý: đề nghị lãnh đạo "
    "đăng ký bằng mã lãnh đạo rồi gõ /duyetgv. Nếu nhầm, thầy/cô gõ /huy rồi báo lại, ví dụ /xonggv {expected}/{expected}."
)
TEACHER_LEADER_ASKED = (
    "{name} báo {school} đã rà soát dữ liệu giáo viên {counts}, tổng {total} người — {more_or_fewer} {expected} CB-GV-NV "
    "trong danh sách của Sở. Báo cáo đang chờ thầy/cô: xác nhận bằng /duyetgv, không xác nhận bằng /tuchoigv."
)
TEACHER_DECIDE_LEADERS_ONLY = (
    "Lệnh này dành cho lãnh đạo trường (đăng ký bằng mã lãnh đạo): lãnh đạo xác nhận số liệu giáo viên vượt danh sách của Sở."
)
TEACHER_NOTHING_PENDING = "{school} không có báo cáo dữ liệu giáo viên nào đang chờ thầy/cô xác nhận."
TEACHER_APPROVED = "Đã xác nhận báo cáo dữ liệu giáo viên {counts}; trợ lý đã báo người gửi"
TEACHER_APPROVED_TO_REPORTER = (
    "Lãnh đạo {school} đã xác nhận báo cáo dữ liệu giáo viên {counts} của thầy/cô; trợ lý đã ghi nhận."
)
TEACHER_REJECTED = (
    "Đã ghi nhận: thầy/cô không xác nhận báo cáo dữ liệu giáo viên {counts} của {school}; báo cáo này không được "
    "tính và trợ lý đã báo người gửi."
)
TEACHER_REJECTED_TO_REPORTER = (
    "Lãnh đạo {school} không xác nhận báo cáo dữ liệu giáo viên {counts} của thầy/cô, nên báo cáo không được tính. "
    "Thầy/cô kiểm tra lại số liệu rồi báo lại, ví dụ /xonggv {expected}/{expected}."
)
UNDO_WHAT_TEACHER_REPORT = "dữ liệu giáo viên {counts} (gửi lúc {when})"
UNDO_TEACHER_OVERTAKEN = "; tình trạng hiện tại theo báo cáo sau đó của đồng nghiệp nên không đổi"
UNDO_WHAT_PENDING_TEACHER = "dữ liệu giáo viên {counts} đang chờ lãnh đạo xác nhận"
SLIP_HOMEROOM_HINT = "Giáo viên chủ nhiệm đăng ký kèm lớp của mình, ví dụ: /dangky {code} {example}."
SLIP_ZALO_HEADING = "Trên Zalo"
SLIP_TELEGRAM_HEADING = "Trên Telegram"
SLIP_ZALO_QR_ALT = "Mã QR mở trợ lý trên Zalo"
SLIP_ZALO_STEPS = (
    "Quét mã QR Zalo bằng ứng dụng Zalo (hoặc mở {link}) để mở cuộc trò chuyện với trợ lý.",
    "Zalo không điền sẵn mã: thầy/cô gửi cho trợ lý tin nhắn /dangky {code}",
    "Đợi trợ lý trả lời \"Đã đăng ký\", rồi gõ /help để xem các lệnh.",
)
REGISTER_CHANGED_UNIT = "Trước đây thầy/cô đăng ký với {old}; đăng ký cũ được thay bằng đăng ký này."
REGISTER_CLASS_DROPPED = "Lớp chủ nhiệm cũ {name} không còn gắn với thầy/cô."
REGISTER_CHANGED_ROLE = "Vai trò đổi từ {old} sang {new}."
REGISTER_CHANGED_CLASS = "Lớp chủ nhiệm đổi từ {old} sang {new}."
REGISTER_KEPT_CLASS = "Lớp chủ nhiệm {name} giữ nguyên (muốn đổi lớp: gõ /dangky MÃ kèm lớp mới)."
REGISTER_ADDED_CLASS = "Đã thêm lớp chủ nhiệm {name}."
REGISTER_NOTHING_CHANGED = "Thầy/cô đã đăng ký như vậy từ trước; không có gì thay đổi."
MEMBERS_ADMIN_UNIT = "Sở GDĐT (quản trị viên)"
REGISTERED_LEADER_PENDING = (
    "Trường có báo cáo dữ liệu giáo viên {counts} (tổng vượt danh sách của Sở) đang chờ thầy/cô: xác nhận bằng "
    "/duyetgv, không xác nhận bằng /tuchoigv."
)

# A report that opens with another school's name than the sender's: nothing is recorded.
REPORT_OTHER_SCHOOL = (
    "Thầy/cô đăng ký với {school}, còn báo cáo này ghi «{named}», nên trợ lý chưa ghi nhận. Nếu là lớp của "
    "{school}, thầy/cô gõ lại không kèm tên trường, ví dụ /xong 6A1; nếu là trường khác, đề nghị người của "
    "trường đó báo."
)

# members remove: what stops counting with the person removed
MEMBER_REMOVED_CONFIRMATION = (
    "Xác nhận hoàn thành của người này cho {school} đã được bỏ: trường chờ lãnh đạo (đã đăng ký hợp lệ) xác nhận lại."
)
MEMBER_REMOVED_PENDING = "Số liệu giáo viên người này báo cho {school} (đang chờ lãnh đạo xác nhận) đã được bỏ."
MY_TICKET_ANSWER = "   ↳ Trả lời: {answer}"

# A question that asks two things: the answer to its second part, under the words it was asked in.
ANSWER_PART_HEADER = "Về ý «{part}»:"
# A yes-or-no question naming something the answer lists ("trường Khiếm thính có trong danh sách không").
LISTED_YES = "Dạ có: công văn có nêu {name}."

# /dong N [lý do], as the asker sees it (and again in /phieu)
TICKET_CLOSED_NOTICE = "Câu hỏi của thầy/cô (phiếu số {ticket}) đã được cán bộ Sở GDĐT đóng{reason}. Xin cảm ơn thầy/cô."
TICKET_CLOSED_NOTICE_REASON = ", lý do: {reason}"
STAFF_CLOSED_TOLD = "Đã báo cho {count} người hỏi: {askers}."
MY_TICKET_CLOSE_REASON = "   ↳ Lý do đóng: {reason}"

# /dangky with the staff code by someone registered as a school leader: asked before the role changes.
REGISTER_ASK_DEMOTE = (
    "Thầy/cô đang đăng ký là lãnh đạo {school}. Mã vừa gõ là mã cán bộ, giáo viên: đăng ký bằng mã này sẽ đổi "
    "vai trò của thầy/cô sang cán bộ, giáo viên (không xác nhận hoàn thành được nữa), nên trợ lý chưa đổi. "
    "Nếu đúng, thầy/cô gõ lại lệnh kèm chữ chac ở cuối: {command}; nếu nhầm, thầy/cô không cần làm gì."
)

# Thanks and greetings sent to the bot itself (handlers/core/guidance.py).
COURTESY_THANKS = "Dạ, không có gì ạ. Thầy/cô cần hỏi thêm về việc rà soát dữ liệu trên CSDL Ngành cứ nhắn trợ lý ạ."
COURTESY_GREETING = (
    "Dạ, trợ lý chào thầy/cô ạ. Thầy/cô cứ nhắn câu hỏi về việc rà soát dữ liệu trên CSDL Ngành (ví dụ: \"hạn "
    "chót cấp THCS là khi nào?\"), hoặc gõ /help để xem các lệnh."
)
COURTESY_REGISTER_HINT = (
    "Để báo cáo tiến độ của trường, thầy/cô đăng ký bằng /dangky MÃ (mã trên phiếu Sở gửi về trường)."
)
ANSWER_PART_NOT_IN_LETTER = "Công văn không nêu nội dung này."
# The same question from a district officer or the Sở, who oversee many schools.
PROGRESS_QUESTION_HINT_OVERSEER = (
    "Tiến độ của từng trường không có trong công văn; trợ lý ghi nhận theo báo cáo của các trường. Thầy/cô "
    "gõ /tiendo để xem tiến độ các trường trong phạm vi của mình, /chuaxong để xem trường nào còn thiếu."
)

# /gop N M: a ticket asking what another asks joins it (handlers/escalation/queue.py).
STAFF_GOP_USAGE = "Cách dùng: /gop <số phiếu trùng> <số phiếu gốc>, ví dụ /gop 7 5."
STAFF_GOP_SAME = "Phiếu số {ticket} đã là phiếu gốc của câu hỏi này; thầy/cô kiểm tra lại số phiếu."
STAFF_MERGED = (
    "Đã gộp phiếu số {ticket} vào phiếu số {target}; {count} người hỏi ({askers}) {outcome}."
)
STAFF_MERGED_ANSWERED = "đã nhận câu trả lời của phiếu số {target}"
STAFF_MERGED_WAITING = "sẽ nhận câu trả lời khi phiếu số {target} được trả lời"
TICKET_MERGED_NOTICE = (
    "Câu hỏi của thầy/cô (phiếu số {ticket}) trùng với một câu hỏi cán bộ Sở GDĐT đang xử lý (phiếu số "
    "{target}); khi có câu trả lời, trợ lý sẽ gửi tới thầy/cô."
)

# A teacher total that differs from the Sở's list, in TEACHER_AWAITING_* and TEACHER_LEADER_ASKED.
TEACHER_TOTAL_COMPARED = {True: ("lớn hơn", "nhiều hơn"), False: ("nhỏ hơn", "ít hơn")}


# /dangky CODE CLASS with a class the school does not have: the same rules as /xong (the Sở's class
# list, else the school's levels and class count); nothing is registered.
REGISTER_CLASS_NOT_IN_LIST = (
    "Lớp {name} không có trong danh sách {count} lớp của {school} do Sở nạp ({examples}), nên trợ lý chưa đăng ký. "
    "Thầy/cô gõ lại kèm đúng lớp chủ nhiệm, ví dụ /dangky {code} {example}; nếu không chủ nhiệm lớp nào, thầy/cô "
    "đăng ký không kèm lớp: /dangky {code}."
)
REGISTER_CLASS_NOT_IN_SCHOOL = (
    "Lớp {name} không có ở {school}: theo danh sách của Sở, trường có {expected} lớp ({grades}), nên số thứ tự "
    "lớp không quá {expected} và trợ lý chưa đăng ký. Thầy/cô gõ lại kèm đúng lớp chủ nhiệm, ví dụ /dangky {code} "
    "{example}; nếu không chủ nhiệm lớp nào, thầy/cô đăng ký không kèm lớp: /dangky {code}."
)
# The grades of each level, as the reply above lists them.
LEVEL_GRADES = {
    "MN": "nhóm trẻ, lớp mẫu giáo",
    "TH": "khối 1–5",
    "THCS": "khối 6–9",
    "THPT": "khối 10–12",
    "GDTX": "khối 10–12",
}

# /xong with a range whose last class does not exist ("6A1-6A100"): the class is named; with the
# sender's school known, what the school has.
RANGE_END_NO_CLASS = (
    "Dãy lớp '{text}' không hợp lệ: không có lớp {name}. Thầy/cô kiểm tra lại lớp cuối của dãy rồi gõ lại, "
    "ví dụ: /xong 6A1-6A5."
)
RANGE_PAST_SCHOOL = (
    "Dãy lớp '{text}' vượt quá các lớp của {school}: trường không có lớp {name} (theo danh sách của Sở, trường "
    "có {expected} lớp). Thầy/cô kiểm tra lại lớp cuối của dãy rồi gõ lại; chưa ghi nhận lớp nào."
)
RANGE_PAST_CLASS_LIST = (
    "Dãy lớp '{text}' vượt quá các lớp của {school}: lớp {name} không có trong danh sách {count} lớp do Sở nạp "
    "({examples}). Thầy/cô kiểm tra lại lớp cuối của dãy rồi gõ lại; chưa ghi nhận lớp nào."
)

# A teacher report whose total differs from the Sở's list and which is partial too ("40/45" where
# the list says 52): besides waiting for the leader, it is not finished.
TEACHER_PENDING_PARTIAL = (
    "Báo cáo {counts} cũng chưa xong: còn {left} cán bộ, giáo viên chưa rà soát. Theo mục 2.2, cần rà soát 100% cán "
    "bộ, giáo viên (kể cả hợp đồng, thỉnh giảng) rồi đồng bộ; khi xong thầy/cô báo lại bằng /xonggv."
)
TEACHER_LEADER_ASKED_PARTIAL = "Báo cáo này chưa xong: còn {left} người chưa rà soát."

# "lớp 8A1 chưa xong ạ": what stands for the classes named (handlers/reports/recording.py).
NOT_DONE_UNDO_LAST = (
    "Lớp {names} đã được thầy/cô báo xong trước đó. Nếu lớp chưa xong, thầy/cô gõ /huy để hủy báo cáo đó{together}, "
    "rồi báo lại khi lớp xong."
)
NOT_DONE_UNDO_TOGETHER = " (báo cáo đó có cả lớp {names}: /huy hủy cả các lớp này)"
NOT_DONE_UNDO_EARLIER = (
    "Lớp {names} đã được thầy/cô báo xong trước đó, nhưng không phải trong báo cáo gần nhất của thầy/cô: lệnh /huy "
    "hủy báo cáo gần nhất trước. Nếu lớp chưa xong, thầy/cô gõ /huy lần lượt tới báo cáo có lớp {names}, rồi báo lại "
    "những báo cáo khác vừa hủy nếu vẫn đúng."
)
NOT_DONE_BY_COLLEAGUE = (
    "Lớp {names} do {who} báo xong; nếu lớp chưa xong, đề nghị người đã báo gõ /huy để hủy báo cáo đó."
)
NOT_DONE_NOT_RECORDED = (
    "Lớp {names} chưa được ghi nhận là xong trên trợ lý, nên thầy/cô không cần hủy gì; khi lớp xong, thầy/cô báo "
    "bằng /xong {first}."
)
NOT_DONE_A_COLLEAGUE = "một đồng nghiệp cùng trường"
