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
HELP_PRIVACY_WARNING = (
    "Lưu ý: trợ lý hiện chỉ nhận được lệnh và tin nhắn trả lời trợ lý trong nhóm này. "
    "Để trợ lý đọc được câu hỏi thường, quản trị viên nhóm hãy đặt trợ lý làm quản trị viên nhóm, "
    "hoặc tắt chế độ riêng tư trong BotFather (/setprivacy → Disable) rồi thêm lại trợ lý vào nhóm."
)

COMMAND_SUMMARIES = {
    "start": "giới thiệu trợ lý",
    "help": "xem các lệnh dùng được tại đây",
    "nhom": "đặt cấp học cho nhóm hỗ trợ (quản trị viên của Sở)",
    "hoi": "hỏi về quy trình rà soát, cập nhật dữ liệu trên CSDL Ngành",
}

ASK_USAGE = "Thầy/cô gõ /hoi kèm câu hỏi, ví dụ: /hoi hạn chót cập nhật dữ liệu giáo viên là khi nào?"
ASK_HINT = "Thầy/cô cũng có thể nhắn câu hỏi trực tiếp, có dấu hay không dấu đều được."
ESCALATED = (
    "Câu hỏi này trợ lý chưa trả lời chắc chắn được nên đã chuyển tới cán bộ Sở GDĐT (phiếu số {ticket}); "
    "câu trả lời sẽ được gửi lại cho thầy/cô. Trường hợp cần gấp, thầy/cô liên hệ Phòng Giáo dục thường "
    "xuyên và Đại học, Sở GDĐT: 0936001379 hoặc 0902215886."
)
PRIVATE_CHAT_NAME = "tin nhắn riêng"
STAFF_FORWARD = "Câu hỏi chờ trả lời (phiếu số {ticket}) của {sender}, trong {where}:\n{question}"

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

INTERNAL_ERROR = "Xin lỗi thầy/cô, trợ lý gặp sự cố khi xử lý tin nhắn này. Thầy/cô vui lòng thử lại sau ít phút."

LEVEL_NAMES = {
    "MN": "Mầm non",
    "TH": "Tiểu học",
    "THCS": "THCS",
    "THPT": "THPT và GDTX",
    "GDTX": "GDTX",
}

# --- Answers from the knowledge base (handlers/answers.py) ---
# Appended to an answer that does not already cite its section of the letter.
SOURCE_LINE = "(Nguồn: công văn hướng dẫn quy trình rà soát, cập nhật CSDL Ngành của Sở GDĐT, {source}.)"

# Added under a likely but uncertain answer.
SUGGESTIONS_HEADER = "Có phải thầy/cô muốn hỏi:"
SUGGESTION_LINE = "- {question}"
UNCERTAIN_FOOTER = "Nếu chưa đúng ý, thầy/cô vui lòng nêu cụ thể hơn câu hỏi để trợ lý hỗ trợ."

# One line per group of levels sharing a deadline, filling {deadlines}.
DEADLINE_LINE = "- {levels}: {when}"
DEADLINE_WHEN = "{hour:02d}h{minute:02d} ngày {day:02d}/{month}/{year}"
DEADLINE_LEVEL_SEPARATOR = ", "
DEADLINE_UNKNOWN = "- Sở GDĐT chưa công bố hạn chót cho cấp học này; thầy/cô vui lòng theo dõi thông báo của Sở."
