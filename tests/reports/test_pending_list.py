"""The list of pending schools fits one message of the asker's platform, grouped by district."""

from __future__ import annotations

import re

from handlers import texts
from handlers.reports.progress import pending_list
from storage.progress import SchoolProgress


def school(index: int, district: str | None) -> SchoolProgress:
    return SchoolProgress(
        school_id=index, code=f"{index:05d}", name=f"Trường THCS số {index}", district_id=None, district_name=district,
        managed_by_district=district is not None, levels=frozenset({"THCS"}), expected_classes=20, classes_done=3,
        expected_staff=40, teacher_reviewed=None, teacher_total=None, teacher_complete=False, confirmed=False,
    )


def test_a_long_list_is_cut_to_the_platform_length_and_counts_the_rest():
    rows = [school(i, ["Quận Lê Chân", "Huyện An Dương", None][i % 3]) for i in range(90)]
    text = pending_list("Các trường chưa xong:", rows, 2000)
    assert len(text) <= 2000
    listed = [line for line in text.splitlines() if line.startswith("- ")]
    more = int(re.search(r"và (\d+) trường khác", text).group(1))
    assert len(listed) + more == 90 and more > 0


def test_schools_are_grouped_under_their_district_with_the_departments_own_last():
    rows = [school(1, "Quận Lê Chân"), school(2, None), school(3, "Huyện An Dương"), school(4, "Quận Lê Chân")]
    lines = pending_list("Chưa xong:", rows, 4096).splitlines()
    headers = [line for line in lines if line.endswith(":")][1:]
    assert headers == ["Huyện An Dương:", "Quận Lê Chân:", f"{texts.NO_DISTRICT}:"]
    assert not any("khác" in line for line in lines)
