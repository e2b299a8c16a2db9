"""The data commands as an official runs them: demo then the real list, re-import previews,
slips, members, files written by extension, the console as several people, Ctrl+C."""

from __future__ import annotations

import signal
import subprocess
import sys

from tests.bot.test_console import ROOT, run_cli

SCHOOLS_CSV = (
    "Mã trường;Tên trường;Cấp học;Quận/Huyện;Số lớp;Số CB-GV-NV\n"
    "31001;Trường THCS Lê Lợi;THCS;Quận Lê Chân;30;45\n"
    "31002;Trường TH Ngô Quyền;TH;Quận Ngô Quyền;20;30\n"
)


def one_line(text: str) -> bool:
    return text.strip() != "" and "\n" not in text.strip() and "Traceback" not in text


def test_demo_then_the_real_list_is_refused_with_one_line_until_the_demo_is_cleared(tmp_path):
    (tmp_path / "truong.csv").write_text(SCHOOLS_CSV, encoding="utf-8")
    assert run_cli("demo", cwd=tmp_path).returncode == 0
    refused = run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    assert refused.returncode == 1 and one_line(refused.stderr) and "demo --clear" in refused.stderr
    cleared = run_cli("demo", "--clear", cwd=tmp_path)
    assert cleared.returncode == 0 and "40 trường" in cleared.stdout
    loaded = run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    assert loaded.returncode == 0 and "2 trường mới" in loaded.stdout, loaded.stderr
    listed = run_cli("schools", "codes", "--format", "csv", cwd=tmp_path).stdout
    assert "(demo)" not in listed and listed.count("\n") == 3


def test_a_re_import_previews_and_applies_only_with_apply(tmp_path):
    (tmp_path / "truong.csv").write_text(SCHOOLS_CSV, encoding="utf-8")
    assert run_cli("schools", "import", "truong.csv", cwd=tmp_path).returncode == 0
    (tmp_path / "sua.csv").write_text(SCHOOLS_CSV.replace(";30;45", ";32;45"), encoding="utf-8-sig")
    preview = run_cli("schools", "import", "sua.csv", cwd=tmp_path)
    assert preview.returncode == 0
    assert "Số lớp: 30 → 32" in preview.stdout and "--apply" in preview.stdout
    assert "Số lớp: 30 → 32" in run_cli("schools", "import", "sua.csv", cwd=tmp_path).stdout  # nothing written
    applied = run_cli("schools", "import", "sua.csv", "--apply", cwd=tmp_path)
    assert applied.returncode == 0 and "1 trường cập nhật" in applied.stdout
    assert "Không có thay đổi" in run_cli("schools", "import", "sua.csv", cwd=tmp_path).stdout


def test_codes_out_writes_one_slip_per_school_and_per_district_office(tmp_path):
    (tmp_path / "truong.csv").write_text(SCHOOLS_CSV, encoding="utf-8")
    run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    codes = [line.split(",") for line in run_cli("schools", "codes", "--format", "csv", cwd=tmp_path).stdout.splitlines()[1:]]
    written = run_cli("schools", "codes", "--out", "phieu/dot-1", cwd=tmp_path, TELEGRAM_BOT_USERNAME="@TroLyBot",
                      ZALO_BOT_LINK="https://zalo.me/2345678901")
    assert written.returncode == 0, written.stderr
    slips = sorted((tmp_path / "phieu" / "dot-1").rglob("*.html"))
    school_slips = [p for p in slips if "truong" in p.parts]
    district_slips = [p for p in slips if "phong-gddt" in p.parts]
    assert len(school_slips) == 2 and len(district_slips) == 2
    for code, _, staff, leader in codes:
        [page] = [p.read_text(encoding="utf-8") for p in school_slips if p.name.startswith(code)]
        assert staff in page and leader in page and f"https://t.me/TroLyBot?start={staff.replace('-', '')}" in page
        others = [c for row in codes if row[0] != code for c in row[2:]]
        assert not any(other in page for other in others)  # a school sees only its own codes
        assert 'data-link="https://zalo.me/2345678901"' in page and f"/dangky {staff}" in page
        assert ("/xong 5A2" if code == "31002" else "/xong 6A1") in page  # examples fit the school's level
    no_username = run_cli("schools", "codes", "--out", "phieu2", cwd=tmp_path)
    assert "TELEGRAM_BOT_USERNAME" in no_username.stdout


def test_files_are_written_by_extension_and_bad_paths_fail_in_one_line(tmp_path):
    (tmp_path / "truong.csv").write_text(SCHOOLS_CSV.replace("Trường TH Ngô Quyền", "=HYPERLINK(1)"), encoding="utf-8")
    run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    csv_out = run_cli("progress", "--out", "moi/tien-do.csv", cwd=tmp_path)
    assert csv_out.returncode == 0, csv_out.stderr
    data = (tmp_path / "moi" / "tien-do.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbfPK")
    assert "'=HYPERLINK(1)" in data.decode("utf-8-sig")
    (tmp_path / "tep").write_text("x")
    for args in (("progress", "--out", "tep/x.xlsx"), ("progress", "--out", "x.pdf"),
                 ("schools", "codes", "--workbook", "tep/ma.xlsx"), ("schools", "codes", "--out", "tep"),
                 ("schools", "codes", "--out", "ma.xlsx")):
        failed = run_cli(*args, cwd=tmp_path)
        assert failed.returncode == 1 and one_line(failed.stderr), (args, failed.stderr)


def test_members_are_listed_and_removed_from_the_command_line(tmp_path):
    (tmp_path / "truong.csv").write_text(SCHOOLS_CSV, encoding="utf-8")
    run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    staff_code = run_cli("schools", "codes", "--format", "csv", cwd=tmp_path).stdout.splitlines()[1].split(",")[2]
    chat = run_cli("console", "--user", "Cô Lan", cwd=tmp_path, stdin=f"/dangky {staff_code} 6A1\n")
    assert "chưa đăng ký" in chat.stdout and "Đã đăng ký" in chat.stdout, chat.stdout + chat.stderr
    again = run_cli("console", "--user", "Cô Lan", cwd=tmp_path, stdin="/xong\n")
    assert "Đã ghi nhận lớp 6A1" in again.stdout, again.stdout
    listed = run_cli("members", "list", "--school", "31001", cwd=tmp_path)
    assert "Cô Lan" in listed.stdout and "console" in listed.stdout
    assert "Chưa có ai" in run_cli("members", "list", "--school", "31002", cwd=tmp_path).stdout
    member_number = next(line.split()[0] for line in listed.stdout.splitlines() if "Cô Lan" in line)
    removed = run_cli("members", "remove", member_number, cwd=tmp_path)
    assert removed.returncode == 0 and "vẫn được giữ" in removed.stdout
    assert "Cô Lan" not in run_cli("members", "list", cwd=tmp_path).stdout
    assert "chưa đăng ký" in run_cli("console", "--user", "Cô Lan", cwd=tmp_path, stdin="").stdout


def test_ctrl_c_leaves_the_console_at_once(tmp_path):
    assert run_cli("demo", cwd=tmp_path).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"], cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
    )
    try:
        assert "Kênh console" in process.stdout.readline()  # ready and waiting for a line
        process.stdout.readline()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)  # stdin stays open, as a terminal's does: only Ctrl+C can end it
        stderr = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
        process.stdin.close()
    assert process.returncode == 0 and "Traceback" not in stderr


def test_help_and_usage_errors_are_in_vietnamese(tmp_path):
    helped = run_cli("schools", "import", "--help", cwd=tmp_path)
    assert "tuỳ chọn" in helped.stdout and "Số CB-GV-NV" in helped.stdout and "UTF-16" in helped.stdout
    assert "show this help" not in helped.stdout and "positional arguments" not in helped.stdout
    missing = run_cli("schools", "import", cwd=tmp_path)
    assert missing.returncode == 2 and "lỗi: còn thiếu: TỆP" in missing.stderr
    for command in ("members list", "members remove", "demo", "progress", "schools codes", "console"):
        text = run_cli(*command.split(), "--help", cwd=tmp_path).stdout
        assert "hiện hướng dẫn này rồi thoát" in text, command


def test_the_combined_workbook_is_written_for_administrators(tmp_path):
    import openpyxl

    (tmp_path / "truong.csv").write_text(SCHOOLS_CSV, encoding="utf-8")
    run_cli("schools", "import", "truong.csv", cwd=tmp_path)
    written = run_cli("schools", "codes", "--workbook", "quan-tri/ma.xlsx", cwd=tmp_path)
    assert written.returncode == 0 and "chỉ dành cho quản trị viên" in written.stdout
    workbook = openpyxl.load_workbook(tmp_path / "quan-tri" / "ma.xlsx")
    assert workbook.sheetnames == ["Mã đăng ký các trường", "Mã Phòng GDĐT"]


def test_a_school_the_so_manages_gets_its_slip_in_the_so_folder_even_inside_a_district(tmp_path):
    (tmp_path / "truong.csv").write_text(
        "Mã trường;Tên trường;Cấp học;Quận/Huyện;Đơn vị quản lý;Số lớp;Số CB-GV-NV\n"
        "31001;Trường THCS Lê Lợi;THCS;Quận Ngô Quyền;Phòng GDĐT;30;45\n"
        "31005;Trường THPT Ngô Quyền;THPT;Quận Ngô Quyền;Sở GDĐT;30;60\n",
        encoding="utf-8",
    )
    assert run_cli("schools", "import", "truong.csv", cwd=tmp_path).returncode == 0
    assert run_cli("schools", "codes", "--out", "phieu", cwd=tmp_path).returncode == 0
    [thpt] = (tmp_path / "phieu").rglob("31005*.html")
    [thcs] = (tmp_path / "phieu").rglob("31001*.html")
    assert thpt.parent.name == "so-gddt" and thcs.parent.name != "so-gddt"
