"""The progress table orders a school's levels from MN to GDTX: storage hands them over as a set."""

from __future__ import annotations

from handlers.reports.progress import PROGRESS_HEADERS, progress_table
from storage.progress import SchoolProgress


def test_a_school_with_several_levels_lists_them_from_mn_to_gdtx():
    row = SchoolProgress(
        school_id=1, code="00001", name="Trường TH&THCS Lê Lợi", district_id=None, district_name=None,
        managed_by_district=False, levels=frozenset({"THCS", "TH"}), expected_classes=20, classes_done=3,
        expected_staff=40, teacher_reviewed=None, teacher_total=None, teacher_complete=False, confirmed=False,
    )
    [line] = progress_table([row])
    assert line[PROGRESS_HEADERS.index("Cấp học")] == "TH, THCS"
