"""The console channel and the command line, as an operator uses them."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bot.app import BotApp, run_console
from bot.channels.console import BOT_HANDLE, ConsoleChannel, ConsoleIdentity
from bot.cli.chat import console_identity, console_settings, console_user
from bot.settings import load_settings
from handlers import texts
from handlers.admin.demo import load_demo
from handlers.core.messages import ChatKind, ChatRef, Platform, UserRef

ROOT = Path(__file__).resolve().parents[2]


def scripted(*lines: str):
    pending = list(lines)

    async def read_line(prompt: str) -> str | None:
        return pending.pop(0) if pending else None

    return read_line


def identity(kind: ChatKind, user: str = "co-lan") -> ConsoleIdentity:
    chat = ChatRef(Platform.CONSOLE, "nhom-THCS" if kind is ChatKind.GROUP else f"rieng-{user}")
    return ConsoleIdentity(UserRef(Platform.CONSOLE, user), "Cô Lan", chat, kind, "Nhóm THCS")


async def test_the_console_holds_a_conversation_through_the_same_handlers(engine):
    app = BotApp(load_settings(_env_file=None, admin_ids="console:quan-tri"), engine=engine)
    printed: list[str] = []
    await run_console(
        app,
        identity(ChatKind.GROUP, "quan-tri"),
        read_line=scripted("/help", "/nhom THCS", "cảm ơn ạ", f"{BOT_HANDLE} 001203004567", "/khongco"),
        write=printed.append,
    )
    assert len(printed) == 3  # chatter and an unknown command (maybe another bot's) got silence
    assert texts.HELP_HEADER in printed[0] and "/nhom" in printed[0]
    assert texts.GROUP_LEVEL_SET.format(level="THCS") in printed[1]
    assert texts.PERSONAL_DATA_WARNING in printed[2]


def test_a_console_line_becomes_a_neutral_message():
    async def ignore(incoming):  # pragma: no cover - not called
        pass

    group = ConsoleChannel(identity(ChatKind.GROUP), ignore)
    assert group.to_incoming("cảm ơn ạ").addressed is False
    mention = group.to_incoming("@bot hạn chót là khi nào")
    assert mention.addressed and mention.text == "hạn chót là khi nào"
    first, second = group.to_incoming("/help"), group.to_incoming("/help")
    assert first.update_id != second.update_id and first.message_id != second.message_id
    assert ConsoleChannel(identity(ChatKind.PRIVATE), ignore).to_incoming("xin chào").addressed
    # a command written as Telegram's command menu writes it in a group
    assert group.to_incoming("/xong@bot 6A9").text == "/xong 6A9"
    assert group.to_incoming("/hanchot@bot").text == "/hanchot"
    assert group.to_incoming("/xong@botkhac 6A9").text == "/xong@botkhac 6A9"


def run_cli(*args: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, input=stdin, capture_output=True, text=True,
        env=environment, timeout=120,
    )


def test_help_names_every_command(tmp_path):
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("run", "console", "demo", "ask", "schools", "deadline", "progress", "members", "faq"):
        assert f"    {command} " in result.stdout


def test_demo_then_console_on_a_fresh_folder(tmp_path):
    first = run_cli("demo", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "40 trường" in first.stdout and (tmp_path / "data" / "tro_ly_csdl.db").exists()
    chat = run_cli("console", "--level", "THCS", cwd=tmp_path, stdin="/help\n")
    assert chat.returncode == 0, chat.stderr
    assert texts.HELP_GROUP_LEVEL.format(level="THCS") in chat.stdout
    assert "Traceback" not in chat.stderr


def test_run_without_a_token_opens_the_console(tmp_path):
    result = run_cli("run", cwd=tmp_path, stdin="/start\n")
    assert result.returncode == 0, result.stderr
    assert "console" in result.stdout and texts.START in result.stdout


def test_a_malformed_setting_stops_start_up_with_one_line(tmp_path):
    result = run_cli("run", cwd=tmp_path, ADMIN_IDS="12345")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "ADMIN_IDS" in result.stderr


def test_schools_from_a_file_codes_registration_report_and_progress_workbook(tmp_path):
    import openpyxl

    (tmp_path / "truong.csv").write_text(
        "STT;Mã trường;Tên trường;Cấp học;Quận/Huyện;Số lớp;Số CB-GV-NV\n"
        "1;31001;Trường THCS Lê Lợi;THCS;Quận Lê Chân;30;45\n"
        "2;31002;Trường TH và THCS Ngô Quyền;TH, THCS;Quận Ngô Quyền;40;60\n",
        encoding="utf-8-sig",
    )
    loaded = run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "Không có thay đổi: 2 trường giữ nguyên." in run_cli("schools", "import", "truong.csv", cwd=tmp_path).stdout
    codes = run_cli("schools", "codes", "--format", "csv", cwd=tmp_path).stdout.splitlines()
    assert codes[0] == "school_code,school_name,staff_join_code,leader_join_code" and len(codes) == 3
    staff_code = codes[1].split(",")[2]
    chat = run_cli("console", cwd=tmp_path, stdin=f"/dangky {staff_code} 6A1\nlớp 6A1 đã xong ạ\n")
    assert "Đã ghi nhận lớp 6A1 — Trường THCS Lê Lợi: 1/30 lớp" in chat.stdout, chat.stdout + chat.stderr
    written = run_cli("progress", "--out", "tien-do.xlsx", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    sheet = openpyxl.load_workbook(tmp_path / "tien-do.xlsx").active
    headers = [cell.value for cell in sheet[2]]
    assert headers[:3] == ["Mã trường", "Tên trường", "Cấp học"]
    assert [cell.value for cell in sheet[3]][:2] == ["31001", "Trường THCS Lê Lợi"]


def test_a_school_file_with_a_bad_row_loads_nothing(tmp_path):
    (tmp_path / "truong.csv").write_text(
        "Mã trường,Tên trường,Cấp học,Quận/Huyện,Số lớp,Số CB-GV-NV\n"
        "31001,Trường THCS Lê Lợi,THCS,Lê Chân,30,45\n"
        "31002,Trường TH Kiến An,TH,Kiến An,-3,20\n",
        encoding="utf-8",
    )
    result = run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    assert result.returncode == 1 and "Dòng 3" in result.stderr
    assert run_cli("schools", "codes", "--format", "csv", cwd=tmp_path).stdout.strip().count("\n") == 0


def test_the_whole_question_loop_can_be_tried_in_the_console_with_the_staff_group(tmp_path):
    assert run_cli("demo", cwd=tmp_path).returncode == 0
    asked = run_cli("console", cwd=tmp_path, stdin="Trường em có học sinh khuyết tật học hòa nhập thì có phải cập nhật trên phần mềm không ạ?\n")
    assert "phiếu số 1" in asked.stdout, asked.stdout + asked.stderr
    assert "Trợ lý → nhóm cán bộ Sở › ❓ Phiếu số 1: câu hỏi chờ trả lời" in asked.stdout
    answered = run_cli("console", "--staff", cwd=tmp_path, stdin="/traloi 1 Thầy/cô cập nhật đủ như các em khác.\n")
    assert "Đã gửi câu trả lời phiếu số 1" in answered.stdout, answered.stdout + answered.stderr
    again = run_cli("console", cwd=tmp_path, stdin="")
    assert "Thầy/cô cập nhật đủ như các em khác." in again.stdout + answered.stdout
    both = run_cli("console", "--staff", "--level", "THCS", cwd=tmp_path)
    assert both.returncode != 0 and "không cả hai" in both.stderr


def console_args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {"user": None, "role": None, "school": None, "level": None, "name": None, "staff": False}
    return argparse.Namespace(**{**values, **given})


async def demo_console(engine, args: argparse.Namespace) -> BotApp:
    app = BotApp(console_settings(load_settings(_env_file=None), args), engine=engine)
    async with app.uow_factory() as uow:
        await load_demo(uow, now=app.clock.now(), timezone=app.config.timezone)
        await uow.commit()
    return app


async def chat(app: BotApp, args: argparse.Namespace, *lines: str) -> tuple[ConsoleIdentity, list[str]]:
    identity = await console_identity(app, args)
    printed: list[str] = []
    await run_console(app, identity, read_line=scripted(*lines), write=printed.append)
    return identity, printed


async def test_the_district_console_is_an_officer_of_the_demo_data_s_first_district(engine):
    args = console_args(role="district")
    app = await demo_console(engine, args)
    identity, printed = await chat(app, args, "/tiendo", "/thanhvien")
    async with app.uow_factory() as uow:
        member = await uow.members.get(identity.user.platform, identity.user.user_id)
        assert member is not None and member.district_id is not None
        district = await uow.districts.get(member.district_id)
    assert member.role == "district" and member.school_id is None and district is not None and district.is_demo
    output = "\n".join(printed)
    assert texts.NOT_REGISTERED not in output and texts.MEMBERS_NOT_ALLOWED not in output, output
    # /tiendo covers the officer's district, which has demo schools
    assert texts.PROGRESS_HEADER.split("{")[0] + f"Phòng GDĐT {district.name}" in printed[0], printed[0]


async def test_the_district_console_with_a_school_is_an_officer_of_that_school_s_district(engine):
    args = console_args(role="district", school="DEMO-TH-03")
    app = await demo_console(engine, args)
    identity = await console_identity(app, args)
    async with app.uow_factory() as uow:
        member = await uow.members.get(identity.user.platform, identity.user.user_id)
        school = await uow.schools.by_code("DEMO-TH-03")
    assert member is not None and school is not None
    assert (member.role, member.district_id, member.school_id) == ("district", school.district_id, None)


async def test_the_staff_console_is_a_department_staff_member_not_the_demo_teacher(engine):
    teacher = console_args()
    app = await demo_console(engine, teacher)
    _, asked = await chat(app, teacher, "Máy chủ bị lỗi 502 khi đăng nhập thì làm sao ạ?")
    assert any("phiếu số 1" in line for line in asked)
    staff = console_args(staff=True)
    app = BotApp(console_settings(load_settings(_env_file=None), staff), engine=engine)
    identity, printed = await chat(app, staff, "/ve 1")
    assert identity.user != console_user(teacher) and identity.name == "Cán bộ Sở (thử)"
    assert texts.STAFF_TAKEN.format(ticket=1, holder="Cán bộ Sở (thử)") in "\n".join(printed)
    async with app.uow_factory() as uow:
        assert await uow.members.get(identity.user.platform, identity.user.user_id) is None
    app = BotApp(console_settings(load_settings(_env_file=None), teacher), engine=engine)
    _, mine = await chat(app, teacher, "/phieu")
    assert "Phiếu số 1" in "\n".join(mine)  # the teacher's own ticket, still theirs


async def test_without_user_each_role_of_each_school_is_its_own_trial_person(engine):
    teacher = console_args(level="THCS")
    app = await demo_console(engine, teacher)
    teacher_identity, reported = await chat(app, teacher, "/xonggv 50/50")
    assert "chờ lãnh đạo trường xác nhận" in reported[0]
    leader = console_args(role="leader", school="DEMO-THCS-01")
    leader_app = BotApp(console_settings(load_settings(_env_file=None), leader), engine=engine)
    leader_identity, decided = await chat(leader_app, leader, "/duyetgv", "/thanhvien")
    assert leader_identity.user != teacher_identity.user
    output = "\n".join(decided)
    assert "Đã xác nhận báo cáo dữ liệu giáo viên 50/50" in output
    assert f"tin nhắn riêng ({teacher_identity.user.user_id})" in output  # the teacher, another person, is told
    assert "Người đã đăng ký (2)" in output and "Giáo viên thử" in output and "Lãnh đạo thử" in output
    async with app.uow_factory() as uow:
        first = await uow.members.get(teacher_identity.user.platform, teacher_identity.user.user_id)
        second = await uow.members.get(leader_identity.user.platform, leader_identity.user.user_id)
    assert first is not None and second is not None
    assert (first.role, second.role) == ("staff", "leader") and first.school_id == second.school_id
    # the same role at the same school is the same person on the next run; another school's teacher is not
    again, _ = await chat(app, console_args(level="THCS"))
    assert again.user == teacher_identity.user
    other, _ = await chat(app, console_args(school="DEMO-TH-03"))
    assert other.user not in (teacher_identity.user, leader_identity.user)


def test_console_help_says_each_role_is_its_own_person(tmp_path):
    result = run_cli("console", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "riêng cho từng vai trò và từng trường" in " ".join(result.stdout.split())
