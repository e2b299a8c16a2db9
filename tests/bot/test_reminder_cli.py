"""`campaign`, `deadline` and `reminders plan` as an operator runs them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from tests.bot.test_console import run_cli


def test_a_campaign_from_the_letter_its_dates_moved_and_the_plan(tmp_path):
    assert run_cli("demo", cwd=tmp_path).returncode == 0
    created = run_cli("campaign", "new", "Đợt rà soát tháng 12", "--from-letter", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert "đang được áp dụng" in created.stdout
    listed = run_cli("deadline", "list", cwd=tmp_path).stdout
    assert "17h00 ngày 08/06/2023" in listed and "đã hết hạn" in listed and "công văn" in listed
    due = (datetime.now() + timedelta(days=10)).strftime("%d/%m/%Y")
    moved = run_cli("deadline", "set", "--level", "THCS", "--track", "teachers", "--at", f"{due} 17:00", cwd=tmp_path)
    assert moved.returncode == 0, moved.stderr
    assert f"17h00 ngày {due}" in moved.stdout and "trước đây: 17h00 ngày 08/06/2023" in moved.stdout
    assert "thông báo của Sở" in run_cli("deadline", "list", cwd=tmp_path).stdout
    plan = run_cli("reminders", "plan", "--json", cwd=tmp_path, STAFF_CHAT="console:so")
    assert plan.returncode == 0, plan.stderr
    entries = [json.loads(line) for line in plan.stdout.splitlines()]
    reminders = [e for e in entries if e["kind"] == "group"]
    assert [e["level"] for e in reminders] == ["THCS"] * 4  # the other dates are the letter's, past
    assert reminders[0]["at"].endswith("+07:00") and reminders[0]["track"] == "teacher"
    assert {e["kind"] for e in entries} == {"group", "private", "district", "digest"}
    assert next(e for e in entries if e["kind"] == "digest")["chats"] == ["console:so"]
    table = run_cli("reminders", "plan", cwd=tmp_path)
    assert "nhóm" in table.stdout and "THCS" in table.stdout


def test_campaigns_are_listed_and_one_is_activated(tmp_path):
    run_cli("campaign", "new", "Đợt 1", cwd=tmp_path)
    run_cli("campaign", "new", "Đợt 2", cwd=tmp_path)
    assert run_cli("campaign", "activate", "1", cwd=tmp_path).returncode == 0
    listed = run_cli("campaign", "list", cwd=tmp_path).stdout.splitlines()
    assert next(line for line in listed if line.startswith("1 ")).endswith("đang áp dụng")
    assert "đang áp dụng" not in next(line for line in listed if line.startswith("2 "))


def test_bad_input_is_refused_politely_and_changes_nothing(tmp_path):
    run_cli("campaign", "new", "Đợt 1", cwd=tmp_path)
    for args in (
        ("deadline", "set", "--level", "THCS", "--track", "giao", "--at", "08/06/2027 17:00"),
        ("deadline", "set", "--level", "THCS", "--track", "teachers", "--at", "31/02/2027 17:00"),
        ("deadline", "remove", "--level", "MN", "--track", "students"),
        ("campaign", "activate", "99"),
    ):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 1 and result.stderr.strip() and "Traceback" not in result.stderr, args
    assert "chưa có hạn chót nào" in run_cli("deadline", "list", cwd=tmp_path).stdout
    assert run_cli("deadline", "set", "--level", "XX", "--track", "teachers", "--at", "1/1/2027", cwd=tmp_path).returncode == 2
