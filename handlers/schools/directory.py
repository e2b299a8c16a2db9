"""Loading the school list into the database: a plan of every change first, then the writes.

`plan_import` compares a validated file with the database and says, school by school and field
by field, what would be added, changed and removed, and which changes contradict reports already
recorded (fewer classes than reported, a level dropped that has reports). `apply_import` writes a
plan; it refuses contradictions unless forced, and then writes what the import overrode into the
audit trail. Nothing here commits: the caller commits all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from handlers import texts
from handlers.core.domain import Level, fold_diacritics
from handlers.reports.class_rules import refresh_obsolete, split_current
from handlers.reports.parsing import levels_for_class
from handlers.schools.join_codes import ensure_codes
from handlers.schools.school_file import SchoolList, SchoolRow
from storage.models import District, ReportEvent, School
from storage.uow import UnitOfWork

IMPORT_OVERRIDE = "import_override"  # audit kind: an import changed a school against its reports


class DemoDataPresent(Exception):
    """Real schools are not mixed with the demo: the demo has to be cleared first."""

    def __init__(self, demo_schools: int) -> None:
        super().__init__(demo_schools)
        self.demo_schools = demo_schools


class ImportRefused(Exception):
    """The file cannot be imported as it is; `problems` are Vietnamese lines."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class FieldChange:
    label: str  # Vietnamese field name, as in the file
    old: str
    new: str


@dataclass(frozen=True)
class SchoolChange:
    row: SchoolRow
    school_id: int
    changes: tuple[FieldChange, ...]
    conflicts: tuple[str, ...] = ()  # why the change contradicts recorded reports
    dropped_classes: tuple[str, ...] = ()  # class reports of a level the school no longer has
    class_list: tuple[str, ...] | None = None  # the exact classes to write (None: leave as stored)


@dataclass(frozen=True)
class Removal:
    code: str
    name: str
    school_id: int
    kept_because: str | None  # members or reports: an import never deletes those


@dataclass
class ImportPlan:
    added: list[SchoolRow] = field(default_factory=list)
    changed: list[SchoolChange] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    unchanged: int = 0
    new_districts: list[str] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # rows loaded as written but probably wrong
    first_import: bool = False
    class_lists: dict[str, tuple[str, ...]] | None = None  # from the file's classes sheet, if it had one

    @property
    def conflicts(self) -> list[SchoolChange]:
        return [change for change in self.changed if change.conflicts]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or [r for r in self.removed if r.kept_because is None])


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    removed: int
    districts_created: int
    codes_issued: int


# --- districts -----------------------------------------------------------------------------

# Full and abbreviated ("Q. Ngô Quyền", "H. An Dương", "TX. ...") forms of the unit word.
_DISTRICT_PREFIXES = ("thanh pho ", "tp ", "quan ", "huyen ", "thi xa ", "thi tran ", "q ", "h ", "tx ")


def district_key(name: str) -> str:
    """'Quận Lê Chân', 'quan le chan', 'Lê-Chân', 'Lê Chân' → 'le chan'."""
    folded = " ".join(re.sub(r"[^0-9a-z]+", " ", fold_diacritics(name).lower()).split())
    for prefix in _DISTRICT_PREFIXES:
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


async def find_district(uow: UnitOfWork, name: str) -> District | None:
    key = district_key(name)
    return next((d for d in await uow.districts.all() if district_key(d.name) == key), None)


def district_code(name: str) -> str:
    """A stable code for a district named in a file: 'Quận Lê Chân' → 'LE-CHAN'."""
    return re.sub(r"[^A-Z0-9]+", "-", district_key(name).upper()).strip("-")[:32]


async def district_for(uow: UnitOfWork, name: str, known: dict[str, District]) -> tuple[District, bool]:
    """The district with this name (any spelling of 'Quận/Huyện'), created when new."""
    key = district_key(name)
    if key in known:
        return known[key], False
    code, serial = district_code(name), 1
    taken = {d.code for d in known.values()}
    while code in taken:  # two keys can fold to one code only through truncation; stay unique anyway
        serial += 1
        code = f"{district_code(name)[:28]}-{serial}"
    district = District(code=code, name=" ".join(name.split()))
    uow.districts.add(district)
    await uow.flush()
    known[key] = district
    return district, True


# --- planning ------------------------------------------------------------------------------


def _levels_text(levels: Sequence[str]) -> str:
    order = [level.value for level in Level]
    return ", ".join(sorted(levels, key=order.index)) or "—"


def _unit_text(by_district: bool) -> str:
    return texts.IMPORT_UNIT_DISTRICT if by_district else texts.IMPORT_UNIT_DEPARTMENT


async def plan_import(uow: UnitOfWork, school_list: SchoolList) -> ImportPlan:
    """What importing this file would do, without writing anything."""
    demo = await uow.schools.count(demo=True)
    if demo:
        raise DemoDataPresent(demo)
    existing = {school.code: school for school in await uow.schools.all()}
    districts = {d.id: d for d in await uow.districts.all()}
    known_keys = {district_key(d.name) for d in districts.values()}
    plan = ImportPlan(
        notes=school_list.notes, warnings=school_list.warnings, first_import=not existing,
        class_lists=school_list.class_lists,
    )
    if existing and not school_list.names_districts:
        placed = [s for s in existing.values() if s.district_id is not None]
        if placed:
            raise ImportRefused([texts.IMPORT_DISTRICT_COLUMN_MISSING.format(count=len(placed))])
    facts = await _SchoolFacts.load(uow)
    new_district_keys: dict[str, str] = {}
    in_file = set()
    for row in school_list.rows:
        in_file.add(row.code)
        if row.district and district_key(row.district) not in known_keys:
            new_district_keys.setdefault(district_key(row.district), row.district)
        school = existing.get(row.code)
        if school is None:
            plan.added.append(row)
            continue
        new_list = _new_class_list(school_list, school, row, facts)
        if new_list is not None and school_list.class_lists is None and new_list and len(new_list) != row.classes:
            # No classes sheet this time: the stored list stands, and with it the school's class total.
            plan.notes += (texts.IMPORT_CLASS_LIST_KEPT.format(row=row.row, code=row.code, count=len(new_list)),)
            row = replace(row, classes=len(new_list))
        change = _compare(facts, school, row, districts, keeps_unit=_keeps_unit(school_list), class_list=new_list)
        if change.changes:
            plan.changed.append(change)
        else:
            plan.unchanged += 1
    plan.new_districts = list(new_district_keys.values())
    for code, school in existing.items():
        if code not in in_file:
            plan.removed.append(_removal(facts, school))
    return plan


def _keeps_unit(school_list: SchoolList) -> bool:
    """Without a 'Đơn vị quản lý' column the file says nothing about it: keep what is stored."""
    return "managing_unit" not in school_list.columns


@dataclass(frozen=True)
class _SchoolFacts:
    """What a plan compares against, read in a few queries for every school at once."""

    levels: dict[int, list[str]]
    classes: dict[int, list[str]]  # reports counted now (not on classes an earlier import removed)
    teacher_totals: dict[int, int | None]
    members: dict[int, int]
    class_lists: dict[int, list[str]]
    all_classes: dict[int, list[str]]  # every class report, obsolete ones included

    @classmethod
    async def load(cls, uow: UnitOfWork) -> _SchoolFacts:
        statuses = await uow.reports.teacher_statuses()
        return cls(
            await uow.schools.levels_by_school(),
            await uow.reports.class_names_by_school(current_only=True),
            {school_id: status.total for school_id, status in statuses.items()},
            await uow.members.count_by_school(),
            await uow.schools.class_lists(),
            await uow.reports.class_names_by_school(),
        )


def _new_class_list(school_list: SchoolList, school: School, row: SchoolRow, facts: _SchoolFacts) -> tuple[str, ...]:
    """The exact classes the school will have: the file's classes sheet when it has one (a school
    not in it has none), else what is stored."""
    if school_list.class_lists is not None:
        return school_list.class_lists.get(row.code, ())
    assert school.id is not None
    return tuple(facts.class_lists.get(school.id, ()))


def _list_text(names: Sequence[str], before: Sequence[str] = ()) -> str:
    if not names:
        return texts.IMPORT_NO_CLASS_LIST
    text = texts.IMPORT_CLASS_LIST_SIZE.format(count=len(names))
    added = [n for n in names if n not in before]
    removed = [n for n in before if n not in names]
    details = []
    if before and added:
        details.append(texts.IMPORT_CLASS_LIST_ADDED.format(names=", ".join(added)))
    if removed:
        details.append(texts.IMPORT_CLASS_LIST_REMOVED.format(names=", ".join(removed)))
    return f"{text} ({'; '.join(details)})" if details else text


def _compare(
    facts: _SchoolFacts,
    school: School,
    row: SchoolRow,
    districts: dict[int | None, District],
    *,
    keeps_unit: bool,
    class_list: tuple[str, ...] = (),
) -> SchoolChange:
    assert school.id is not None
    changes: list[FieldChange] = []
    conflicts: list[str] = []
    if school.name != row.name:
        changes.append(FieldChange(texts.IMPORT_FIELD_NAME, school.name, row.name))
    old_levels = facts.levels.get(school.id, [])
    if set(old_levels) != set(row.levels):
        changes.append(FieldChange(texts.IMPORT_FIELD_LEVELS, _levels_text(old_levels), _levels_text(row.levels)))
    old_district = districts.get(school.district_id)
    old_key = district_key(old_district.name) if old_district else None
    new_key = district_key(row.district) if row.district else None
    if old_key != new_key:
        changes.append(
            FieldChange(
                texts.IMPORT_FIELD_DISTRICT,
                old_district.name if old_district else "—",
                row.district or "—",
            )
        )
    if not keeps_unit and school.managed_by_district != row.managed_by_district:
        changes.append(
            FieldChange(
                texts.IMPORT_FIELD_UNIT, _unit_text(school.managed_by_district), _unit_text(row.managed_by_district)
            )
        )
    if school.expected_classes != row.classes:
        changes.append(FieldChange(texts.IMPORT_FIELD_CLASSES, str(school.expected_classes), str(row.classes)))
    if school.expected_staff != row.staff:
        changes.append(FieldChange(texts.IMPORT_FIELD_STAFF, str(school.expected_staff), str(row.staff)))
    old_list = facts.class_lists.get(school.id, [])
    if set(old_list) != set(class_list):
        changes.append(FieldChange(texts.IMPORT_FIELD_CLASS_LIST, _list_text(old_list), _list_text(class_list, old_list)))
    reported = facts.classes.get(school.id, [])
    dropped = tuple(name for name in facts.all_classes.get(school.id, []) if not _of_levels(name, row.levels))
    if dropped:
        conflicts.append(texts.IMPORT_CONFLICT_LEVELS.format(classes=", ".join(dropped)))
    remaining = [name for name in reported if name not in dropped]
    _, gone = split_current(remaining, row.levels, row.classes, class_list)
    if gone and class_list:
        conflicts.append(texts.IMPORT_CONFLICT_CLASS_LIST.format(classes=", ".join(gone)))
    elif row.classes < len(reported):
        conflicts.append(texts.IMPORT_CONFLICT_CLASSES.format(new=row.classes, done=len(reported)))
    elif gone:
        conflicts.append(texts.IMPORT_CONFLICT_CLASS_RANGE.format(classes=", ".join(gone), new=row.classes))
    total = facts.teacher_totals.get(school.id)
    if total is not None and row.staff < total:
        conflicts.append(texts.IMPORT_CONFLICT_STAFF.format(new=row.staff, total=total))
    return SchoolChange(row, school.id, tuple(changes), tuple(conflicts), dropped, class_list)


def _of_levels(name: str, levels: Sequence[str]) -> bool:
    try:
        return bool(levels_for_class(name) & set(levels))
    except ValueError:
        return True  # not a class name the bot reads today: left to the count rule


def _removal(facts: _SchoolFacts, school: School) -> Removal:
    assert school.id is not None
    members = facts.members.get(school.id, 0)
    reports = len(facts.classes.get(school.id, [])) + (school.id in facts.teacher_totals)
    kept = None
    if members or reports:
        kept = texts.IMPORT_KEPT_BECAUSE.format(members=members, reports=reports)
    return Removal(school.code, school.name, school.id, kept)


# --- applying ------------------------------------------------------------------------------


async def apply_import(
    uow: UnitOfWork, school_list: SchoolList, now: datetime, *, force: bool = False
) -> tuple[ImportPlan, ImportSummary]:
    """Plan, then write the plan; contradictions with reports are refused unless `force`."""
    plan = await plan_import(uow, school_list)
    if plan.conflicts and not force:
        raise ImportRefused([texts.IMPORT_CONFLICTS_REFUSED.format(count=len(plan.conflicts))])
    known = {district_key(d.name): d for d in await uow.districts.all()}
    keeps_unit = _keeps_unit(school_list)
    districts_created = 0
    added: list[tuple[School, SchoolRow]] = []
    for row in plan.added:
        district_id, created = await _district_id(uow, row, known)
        districts_created += created
        school = School(code=row.code, name=row.name, created_at=now, updated_at=now, district_id=district_id,
                        managed_by_district=row.managed_by_district, expected_classes=row.classes,
                        expected_staff=row.staff)
        uow.schools.save(school)
        added.append((school, row))
    await uow.flush()  # one flush for every new school, then their levels
    for school, row in added:
        assert school.id is not None
        uow.schools.add_levels(school.id, row.levels)
        if plan.class_lists and plan.class_lists.get(row.code):
            await uow.schools.set_class_list(school.id, plan.class_lists[row.code])
    rechecked: list[School] = []
    for change in plan.changed:
        school = await uow.schools.get(change.school_id)
        assert school is not None
        if change.conflicts:
            await _record_override(uow, school, change, now)
        districts_created += await _write_school(uow, school, change.row, known, now, keep_unit=keeps_unit)
        if change.class_list is not None:
            await uow.schools.set_class_list(change.school_id, change.class_list)
        rechecked.append(school)
    await uow.flush()
    # Reports on classes the school no longer has stay in the trail but stop counting (or count again).
    await refresh_obsolete(uow, rechecked)
    removed = 0
    for removal in plan.removed:
        if removal.kept_because is None:
            school = await uow.schools.get(removal.school_id)
            assert school is not None
            await uow.schools.remove(school)
            removed += 1
    codes_issued = await ensure_codes(uow)
    summary = ImportSummary(len(plan.added), len(plan.changed), removed, districts_created, codes_issued)
    return plan, summary


async def _write_school(
    uow: UnitOfWork, school: School, row: SchoolRow, known: dict[str, District], now: datetime, *, keep_unit: bool = False
) -> int:
    district_id, created = await _district_id(uow, row, known)
    school.name = row.name
    school.district_id = district_id
    if not keep_unit or school.id is None:
        school.managed_by_district = row.managed_by_district
    school.expected_classes = row.classes
    school.expected_staff = row.staff
    school.is_demo = False
    school.updated_at = now
    uow.schools.save(school)
    await uow.flush()
    assert school.id is not None
    await uow.schools.set_levels(school.id, row.levels)
    return created


async def _district_id(uow: UnitOfWork, row: SchoolRow, known: dict[str, District]) -> tuple[int | None, int]:
    if not row.district:
        return None, 0
    district, is_new = await district_for(uow, row.district, known)
    return district.id, int(is_new)


async def _record_override(uow: UnitOfWork, school: School, change: SchoolChange, now: datetime) -> None:
    """A forced import names, in the audit trail, every report it contradicted or removed."""
    assert school.id is not None
    reports = await uow.reports.class_reports(school.id)
    status = await uow.reports.teacher_status(school.id)
    member_id = reports[0].member_id if reports else (status.member_id if status else None)
    if member_id is None:
        return
    fields = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in change.changes)
    reported = ", ".join(report.class_name for report in reports)
    detail = texts.IMPORT_AUDIT_DETAIL.format(
        fields=fields, conflicts="; ".join(change.conflicts), classes=reported or "—",
        dropped=", ".join(change.dropped_classes) or "—",
    )
    for name in change.dropped_classes:
        await uow.reports.remove_class(school.id, name)
    await uow.reports.add_event(
        ReportEvent(
            school_id=school.id, member_id=member_id, kind=IMPORT_OVERRIDE, detail=detail,
            platform="cli", user_id="", chat_id="", at=now,
        )
    )


async def import_schools(
    uow: UnitOfWork,
    rows: Sequence[SchoolRow],
    now: datetime,
    *,
    class_lists: dict[str, tuple[str, ...]] | None = None,
    force: bool = False,
) -> ImportSummary:
    """Write a validated file straight away (the demo and tests); the CLI plans first."""
    columns = frozenset({"district", "managing_unit"})
    _, summary = await apply_import(uow, SchoolList(list(rows), columns, class_lists=class_lists), now, force=force)
    return summary
