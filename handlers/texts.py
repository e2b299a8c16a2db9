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
}

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
