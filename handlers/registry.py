"""The command registry: one line per command; free-text handlers in the order they try."""

from __future__ import annotations

from handlers import texts
from handlers.admin import campaigns, groups
from handlers.answers.questions import QuestionDesk
from handlers.core import guidance, personal_data
from handlers.core.dispatcher import GROUPS, Command, Dispatcher, TextHandler
from handlers.escalation import asker, staff
from handlers.reports import mixed, progress
from handlers.reports import recording as reports
from handlers.schools import members, registration

SCHOOL_ROLES = frozenset({"staff", "leader"})
VIEWERS = frozenset({"staff", "leader", "district", "admin"})
MEMBER_VIEWERS = frozenset({"leader", "district", "admin"})


def build_dispatcher(questions: QuestionDesk) -> Dispatcher:
    commands = [
        Command("start", registration.start, texts.COMMAND_SUMMARIES["start"]),
        Command("help", guidance.show_help, texts.COMMAND_SUMMARIES["help"]),
        Command("hoi", questions.on_command, texts.COMMAND_SUMMARIES["hoi"], usage="/hoi <câu hỏi>"),
        Command("dangky", registration.register, texts.COMMAND_SUMMARIES["dangky"], usage="/dangky <mã> [lớp]",
                roles=frozenset({"unregistered"})),
        Command("xong", reports.command("xong"), texts.COMMAND_SUMMARIES["xong"], usage="/xong <lớp>", roles=SCHOOL_ROLES),
        Command("xonggv", reports.command("xonggv"), texts.COMMAND_SUMMARIES["xonggv"], usage="/xonggv [45/45]",
                roles=SCHOOL_ROLES),
        Command("xacnhan", reports.command("xacnhan"), texts.COMMAND_SUMMARIES["xacnhan"], roles=frozenset({"leader"})),
        Command("duyetgv", reports.approve_teacher_total, texts.DUYETGV_SUMMARY, roles=frozenset({"leader"})),
        Command("tuchoigv", reports.reject_teacher_total, texts.TUCHOIGV_SUMMARY, roles=frozenset({"leader"})),
        Command("huy", reports.command("huy"), texts.COMMAND_SUMMARIES["huy"], roles=SCHOOL_ROLES),
        Command("tiendo", progress.show_progress, texts.COMMAND_SUMMARIES["tiendo"], roles=VIEWERS),
        Command("chuaxong", progress.show_pending, texts.COMMAND_SUMMARIES["chuaxong"], roles=VIEWERS),
        Command("phieu", asker.my_tickets, texts.PHIEU_SUMMARY),
        # Staff-chat commands run in the staff chat's guard; elsewhere they say where they work.
        *(Command(name, staff.elsewhere(name), texts.STAFF_COMMAND_SUMMARIES[name], admin_only=True) for name in staff.STAFF_COMMANDS),
        Command("hanchot", campaigns.deadlines_command, texts.HANCHOT_SUMMARY, usage=texts.HANCHOT_USAGE),
        Command("nhacnho", campaigns.remind_now, texts.NHACNHO_SUMMARY, usage=texts.NHACNHO_USAGE, admin_only=True),
        Command("thanhvien", members.show_members, texts.COMMAND_SUMMARIES["thanhvien"], roles=MEMBER_VIEWERS),
        Command(
            "nhom",
            groups.set_group_level,
            texts.COMMAND_SUMMARIES["nhom"],
            usage="/nhom <MN|TH|THCS|THPT>",
            admin_only=True,
            where=GROUPS,
        ),
    ]
    text_handlers: list[TextHandler] = [
        mixed.with_question(questions.answer_text),  # "6A3 xong rồi ạ, cho em hỏi …": both
        reports.on_text,
        progress.on_text,
        questions.on_text,
        guidance.point_to_help,
    ]
    guards = [
        groups.follow_group_move,
        staff.staff_chat_guard,
        guidance.explain_unreadable,
        personal_data.warn_personal_data,
    ]
    return Dispatcher(commands, text_handlers, guards=guards)
