"""Which classes a school has: its exact class list when the import gave one, else its levels and
class count. Pure, except `refresh_obsolete`, which marks the reports on classes that no longer
exist so that progress never counts more classes than the school has."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from handlers.reports.parsing import levels_for_class
from storage.models import School
from storage.uow import UnitOfWork

_CLASS_PARTS = re.compile(r"^(?P<grade>\d{1,2})(?:/(?P<slash>\d{1,3})|(?P<letters>[A-ZĐ]{1,3})(?P<number>\d{0,3}))$")


def class_parts(name: str) -> tuple[str, str, int | None] | None:
    """'6A12' → ('6', 'A', 12); '10CT' → ('10', 'CT', None); '6/3' → ('6', '/', 3); preschool → None."""
    match = _CLASS_PARTS.match(name)
    if match is None:
        return None
    if match["slash"]:
        return match["grade"], "/", int(match["slash"])
    return match["grade"], match["letters"], int(match["number"]) if match["number"] else None


def class_order(name: str) -> tuple[int, str, int, str]:
    """A key listing classes as a school does: 6A1, 6A2, 6A10, 7A1 (unreadable names last)."""
    parts = class_parts(name)
    if parts is None or not parts[0].isdigit():
        return (99, "", 0, name)
    grade, letters, number = parts
    return (int(grade), letters, number or 0, name)


def plausible_in(name: str, expected_classes: int) -> bool:
    """A class's sequence number cannot exceed the school's class count: a 20-class school
    has no 6A99, and a 5-class primary school no 3G. Unknown counts (0) allow anything."""
    parts = class_parts(name)
    if parts is None or not expected_classes:
        return True
    _, letters, number = parts
    if number is not None:
        return number <= expected_classes
    if len(letters) == 1:  # "3A".."3E": the letter is the sequence
        return ord(letters) - ord("A") + 1 <= expected_classes
    return True


def class_fits(name: str, levels: Collection[str], expected_classes: int, class_list: Collection[str] | None) -> bool:
    """Whether the school has this class: in its exact list, or within its levels and class count."""
    try:
        if not levels_for_class(name) & set(levels):
            return False
    except ValueError:  # not a class name at all (an old report's odd spelling)
        return False
    if class_list:
        return name in class_list
    return plausible_in(name, expected_classes)


def split_current(
    reported: Sequence[str], levels: Collection[str], expected_classes: int, class_list: Collection[str] | None
) -> tuple[list[str], list[str]]:
    """(classes counted, classes reported that the school no longer has), in report order.

    Classes that still fit are counted up to the school's class total, earliest reports first:
    after an import lowered the count, "16/5" cannot appear; the rest are named apart."""
    counted: list[str] = []
    gone: list[str] = []
    limit = len(class_list) if class_list else expected_classes
    for name in reported:
        if class_fits(name, levels, expected_classes, class_list) and (not limit or len(counted) < limit):
            counted.append(name)
        else:
            gone.append(name)
    return counted, gone


async def refresh_obsolete(uow: UnitOfWork, schools: Iterable[School]) -> int:
    """Mark each report on a class the school no longer has (after an import, or an undo that
    freed room); returns how many reports changed state."""
    changed = 0
    for school in schools:
        assert school.id is not None
        reports = await uow.reports.class_reports(school.id)
        if not reports:
            continue
        levels = await uow.schools.levels_of(school.id)
        class_list = await uow.schools.class_list(school.id)
        _, gone = split_current([r.class_name for r in reports], levels, school.expected_classes, class_list)
        gone_set = set(gone)
        for report in reports:
            obsolete = report.class_name in gone_set
            if report.obsolete != obsolete:
                report.obsolete = obsolete
                uow.reports.save(report)
                changed += 1
    return changed
