"""The command registry: one line per command; free-text handlers in the order they try."""

from __future__ import annotations

from handlers import groups, guidance, personal_data, texts
from handlers.dispatcher import GROUPS, Command, Dispatcher, TextHandler
from handlers.questions import QuestionDesk

# Names reserved by design.md for capabilities that arrive with their issues; until then they
# get the same "unknown command" pointer as any other name.
RESERVED_COMMANDS = (
    "dangky", "xong", "xonggv", "xacnhan", "huy", "tiendo", "chuaxong", "hanchot", "nhacnho", "thongbao",
)


def build_dispatcher(questions: QuestionDesk) -> Dispatcher:
    commands = [
        Command("start", guidance.start, texts.COMMAND_SUMMARIES["start"]),
        Command("help", guidance.show_help, texts.COMMAND_SUMMARIES["help"]),
        Command("hoi", questions.on_command, texts.COMMAND_SUMMARIES["hoi"], usage="/hoi <câu hỏi>"),
        Command(
            "nhom",
            groups.set_group_level,
            texts.COMMAND_SUMMARIES["nhom"],
            usage="/nhom <MN|TH|THCS|THPT>",
            admin_only=True,
            where=GROUPS,
        ),
    ]
    text_handlers: list[TextHandler] = [personal_data.warn_personal_data, questions.on_text, guidance.point_to_help]
    return Dispatcher(commands, text_handlers)
