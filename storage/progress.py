"""The read side of reports: progress per school, in one query for any scope.

Class reports are counted per school by a correlated subquery that the unique index on
class_reports (school_id, class_name) answers alone, so a district's or one school's progress
counts only its own schools; teacher status and confirmation are one row per school. Only the
columns shown are selected: building full School rows cost more than the SQL
(bench/bench_reports.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    ClassReport,
    District,
    PendingTeacherReport,
    School,
    SchoolConfirmation,
    SchoolLevel,
    TeacherReport,
)


@dataclass(frozen=True)
class SchoolProgress:
    school_id: int
    code: str
    name: str
    district_id: int | None
    district_name: str | None
    managed_by_district: bool
    levels: frozenset[str]  # unordered: whoever shows them orders them (in_level_order)
    expected_classes: int
    classes_done: int
    expected_staff: int
    teacher_reviewed: int | None
    teacher_total: int | None
    teacher_complete: bool
    confirmed: bool
    # Reports on classes the school no longer has (an import lowered its count or changed its
    # list): not in classes_done, named apart.
    classes_gone: int = 0
    teacher_awaiting_leader: bool = False  # a teacher-data total above the Sở's list awaits the leader

    @property
    def students_complete(self) -> bool:
        """Every class reported and a leader's confirmation: a confirmation alone does not finish
        a school whose classes are still missing."""
        return self.confirmed and self.classes_done >= self.expected_classes

    @property
    def complete(self) -> bool:
        """Both tracks done: teacher data synchronised, student data complete and confirmed."""
        return self.teacher_complete and self.students_complete


@dataclass(frozen=True)
class ProgressScope:
    """Which schools to report on; every field narrows the set (None: no restriction)."""

    school_id: int | None = None
    district_id: int | None = None
    managed_by_district: bool | None = None
    # The schools teaching any of these levels (the THPT group's scope is THPT and GDTX).
    levels: frozenset[str] | None = None


async def schools_progress(session: AsyncSession, scope: ProgressScope = ProgressScope()) -> list[SchoolProgress]:
    classes_done = (
        select(func.count())
        .select_from(ClassReport)
        .where(ClassReport.school_id == School.id, ClassReport.obsolete == False)  # noqa: E712
        .scalar_subquery()
    )
    classes_gone = (
        select(func.count())
        .select_from(ClassReport)
        .where(ClassReport.school_id == School.id, ClassReport.obsolete == True)  # noqa: E712
        .scalar_subquery()
    )
    query = (
        select(
            School.id,
            School.code,
            School.name,
            School.district_id,
            School.managed_by_district,
            School.expected_classes,
            School.expected_staff,
            District.name,
            classes_done,
            TeacherReport.reviewed,
            TeacherReport.total,
            TeacherReport.complete,
            SchoolConfirmation.school_id,
            classes_gone,
            PendingTeacherReport.school_id,
        )
        .outerjoin(District, District.id == School.district_id)  # type: ignore[arg-type]
        .outerjoin(TeacherReport, TeacherReport.school_id == School.id)  # type: ignore[arg-type]
        .outerjoin(SchoolConfirmation, SchoolConfirmation.school_id == School.id)  # type: ignore[arg-type]
        .outerjoin(PendingTeacherReport, PendingTeacherReport.school_id == School.id)  # type: ignore[arg-type]
        .order_by(School.code)  # type: ignore[arg-type]
    )
    levels_query = select(SchoolLevel.school_id, SchoolLevel.level)
    if scope.school_id is not None:
        query = query.where(School.id == scope.school_id)
        levels_query = levels_query.where(SchoolLevel.school_id == scope.school_id)
    if scope.district_id is not None:
        query = query.where(School.district_id == scope.district_id)
    if scope.managed_by_district is not None:
        query = query.where(School.managed_by_district == scope.managed_by_district)
    if scope.levels is not None:
        with_level = select(SchoolLevel.school_id).where(SchoolLevel.level.in_(sorted(scope.levels)))  # type: ignore[attr-defined]
        query = query.where(School.id.in_(with_level))  # type: ignore[union-attr]
    levels: dict[int, set[str]] = defaultdict(set)
    for school_id, level in (await session.exec(levels_query)).all():
        levels[school_id].add(level)
    rows = (await session.exec(query)).all()
    return [
        SchoolProgress(
            school_id=school_id,
            code=code,
            name=name,
            district_id=district_id,
            district_name=district_name,
            managed_by_district=managed_by_district,
            levels=frozenset(levels[school_id]),
            expected_classes=expected_classes,
            # Never more classes done than the school has, even for reports an import did not re-check.
            classes_done=min(done, expected_classes) if expected_classes else done,
            expected_staff=expected_staff,
            teacher_reviewed=reviewed,
            teacher_total=total,
            teacher_complete=bool(complete),
            confirmed=confirmed is not None,
            classes_gone=gone + (max(done - expected_classes, 0) if expected_classes else 0),
            teacher_awaiting_leader=pending is not None,
        )
        for (
            school_id, code, name, district_id, managed_by_district, expected_classes, expected_staff,
            district_name, done, reviewed, total, complete, confirmed, gone, pending,
        ) in rows
    ]


class ProgressRepository:
    """The read side as a repository of the unit of work."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def schools(self, scope: ProgressScope = ProgressScope()) -> list[SchoolProgress]:
        return await schools_progress(self.session, scope)
