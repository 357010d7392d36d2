"""Import org units from a sheet with columns code, name, kind and parent code.

The import is idempotent: a unit is found by its division code, or — for units without
one (schools, offices) — by its parent and name; a row that matches an existing unit
exactly changes nothing, and one that names it with another name, kind or parent is
reported as an error rather than taken as a change. Rows may come in any order: a row
whose parent appears further down is retried until no more rows can be placed.

A dry run (the preview, issue 12) writes nothing: the units it would create are kept in
memory (``Planned``), so that rows below them are checked as they would be, and every
rule of ``org_unit_create`` is checked against them. Names longer than the model allows
and formula cells are row errors, never stored cut short or as a cached value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from guanai.core.errors import DomainError
from guanai.orgs import divisions
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import (
    _check_code,
    _check_placement,
    _check_unique,
    code_of,
    org_unit_create,
)
from guanai.sheets.limits import Limits
from guanai.sheets.reading import Table, find_columns

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("代码", "code", "区划代码", "行政区划代码"),
    "name": ("名称", "name", "单位名称"),
    "kind": ("类型", "kind", "单位类型"),
    "parent_code": ("上级代码", "parent_code", "parent code", "上级区划代码"),
}

# The kinds' labels are added when a file is read (``_kind_of``), in English and in the
# language of the request: translating them here would freeze whichever language was
# active when the module was first imported.
KIND_WORDS: dict[str, str] = {kind.value: kind.value for kind in OrgKind}
KIND_WORDS.update(
    {
        "省": "province",
        "市": "prefecture",
        "州": "prefecture",
        "地区": "prefecture",
        "县": "county",
        "区": "county",
        "乡": "township",
        "镇": "township",
        "乡镇": "township",
        "街道": "township",
        "村": "village",
        "社区": "village",
        "村/社区": "village",
        "学校": "school",
        "小学": "school",
        "中学": "school",
        "幼儿园": "kindergarten",
        "托养机构": "institution",
        "机构": "institution",
        "志愿者组织": "volunteer_group",
        "志愿者团队": "volunteer_group",
        "机关": "office",
        "部门": "office",
    }
)


# An org-unit sheet has its four columns and perhaps a few of the clerk's own.
READ_LIMITS = Limits(columns=len(COLUMNS) + 20)
NAME_MAX = OrgUnit._meta.get_field("name").max_length or 100
# progress(done, total): rows settled (placed or refused) of the file's rows.
Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (row, name, kind label, parent's name) of each unit created, or to create in a dry run.
    units: list[tuple[int, str, str, str]] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class Planned:
    """A unit a dry run would create: enough of it to check the rows below it."""

    code: str
    name: str
    kind: str
    parent: OrgUnit | Planned | None

    def as_unit(self) -> OrgUnit:
        """Return an unsaved unit with its kind, name and code, for the services' checks."""
        return OrgUnit(kind=self.kind, name=self.name, code=self.code)


@dataclass
class _Memory:
    """The units a dry run would have created so far, by code and by (parent, name)."""

    by_code: dict[str, Planned] = field(default_factory=dict)
    by_name: dict[tuple[int, str], Planned] = field(default_factory=dict)

    @staticmethod
    def key(parent: OrgUnit | Planned | None) -> int:
        if parent is None:
            return 0
        return parent.pk if isinstance(parent, OrgUnit) else -id(parent)


def _folded(word: str) -> str:
    # The reader gives cells in NFKC (full-width brackets become ASCII ones), so the labels
    # it is compared with are folded the same way: 村（社区） as shown on the pages matches.
    return unicodedata.normalize("NFKC", word).strip().lower()


def _kind_of(word: str) -> str | None:
    """Return the kind a sheet's word names (``学校``, ``school``, ``村（社区）``), or None."""
    word = _folded(word)
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    with translation.override("en"):
        english = {_folded(str(kind.label)): kind.value for kind in OrgKind}
    current = {_folded(str(kind.label)): kind.value for kind in OrgKind}
    return current.get(word) or english.get(word)


def _find_existing(
    *, code: str, name: str, parent: OrgUnit | Planned | None, memory: _Memory | None
) -> OrgUnit | Planned | None:
    if code:
        found: OrgUnit | Planned | None = OrgUnit.objects.filter(code=code).first()
        if found is None and memory is not None:
            found = memory.by_code.get(code)
        return found
    planned = memory.by_name.get((memory.key(parent), name)) if memory is not None else None
    if planned is not None or isinstance(parent, Planned):
        return planned  # nothing is stored under a unit still to be created
    return OrgUnit.objects.filter(parent=parent, name=name).first()


def _within(unit: OrgUnit, roots: Sequence[OrgUnit]) -> bool:
    return any(unit.path.startswith(root.path) for root in roots)


def _check_same(
    existing: OrgUnit,
    *,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None,
    roots: Sequence[OrgUnit] | None,
    other_parent: bool = False,
) -> None:
    """Refuse a row that names ``existing`` but does not describe it as it is stored.

    ``other_parent``: the row's parent is a unit still to be created, so not its parent.

    A unit outside the importer's units is not described at all: its name is none of
    their business, and telling it would let anyone with an import form probe the tree.
    """
    if roots is not None and not _within(existing, roots):
        raise DomainError(
            _("Code %(code)s belongs to a unit outside the units you manage.") % {"code": code}
        )
    if other_parent or existing.parent_id != (parent.pk if parent else None):
        raise DomainError(
            _("Code %(code)s already belongs to “%(name)s” under another parent.")
            % {"code": code, "name": existing.name}
        )
    # A unit without a code was found by its name, so only a coded one can differ there.
    differences: list[str] = []
    if existing.name != name:
        differences.append(
            _("Code %(code)s belongs to “%(existing)s” in the database, not “%(name)s”.")
            % {"code": code, "existing": existing.name, "name": name}
        )
    if existing.kind != kind:
        differences.append(
            _("“%(name)s” is a %(existing)s in the database, not a %(kind)s.")
            % {
                "name": existing.name,
                "existing": existing.get_kind_display(),
                "kind": OrgKind(kind).label,
            }
        )
    if differences:
        raise DomainError(" ".join(differences))


def org_units_import(
    table: Table,
    *,
    roots: Sequence[OrgUnit] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create the units of ``table`` that do not exist yet and report each bad row.

    With ``roots`` set (an importing sysadmin's units), every parent, and every existing
    unit a row's code names, must lie in one of their subtrees. A dry run writes nothing
    and reports what the import would do. ``progress(done, total)``, if given, is called
    as rows are settled.
    """
    mapping, warnings = find_columns(table.headers, COLUMNS, required={"name", "kind"})
    report = ImportReport(warnings=warnings, dry_run=dry_run)
    memory = _Memory() if dry_run else None
    columns = {f: table.headers.index(h) for f, h in mapping.items()}
    pending: list[tuple[int, dict[str, str]]] = []
    for row_no, record in table.records():
        offset = row_no - table.first_row
        formulas = [h for f, h in mapping.items() if table.is_formula(offset, columns[f])]
        if formulas:
            report.errors.append(
                (
                    row_no,
                    _("“%(column)s” is a formula cell; type the value itself.")
                    % {"column": formulas[0]},
                )
            )
            continue
        pending.append((row_no, {f: record.get(h, "").strip() for f, h in mapping.items()}))
    total = len(pending) + len(report.errors)
    settled = len(report.errors)
    while pending:
        waiting: list[tuple[int, dict[str, str]]] = []
        unresolved: dict[int, str] = {}
        for row_no, row in pending:
            try:
                outcome = _import_row(row, roots=roots, memory=memory)
            except DomainError as exc:
                report.errors.append((row_no, str(exc.message)))
                settled += 1
                continue
            if outcome is None:
                waiting.append((row_no, row))
                unresolved[row_no] = row.get("parent_code", "")
                continue
            settled += 1
            if isinstance(outcome, tuple):
                report.created += 1
                report.units.append((row_no, *outcome))
            else:
                report.unchanged += 1
            if progress is not None and settled % 50 == 0:
                progress(settled, total)
        if len(waiting) == len(pending):
            for row_no, _row in waiting:
                report.errors.append(
                    (
                        row_no,
                        _("No unit with the parent code %(code)s exists or is in this file.")
                        % {"code": unresolved[row_no]},
                    )
                )
            break
        pending = waiting
    report.errors.sort()
    if progress is not None:
        progress(total, total)
    return report


def _import_row(
    row: dict[str, str], *, roots: Sequence[OrgUnit] | None, memory: _Memory | None
) -> tuple[str, str, str] | bool | None:
    """Import one row (plan it, with ``memory``, in a dry run).

    Return (name, kind label, parent's name) if the unit is created, False if it exists,
    None if its parent is missing.
    """
    name = row.get("name", "")
    kind = _kind_of(row.get("kind", ""))
    if kind is None:
        raise DomainError(_("Unknown kind “%(kind)s”.") % {"kind": row.get("kind", "")})
    if not name:
        # Said here, not left to org_unit_create: a row without a name would otherwise be
        # compared with the unit its code names, or wait for a parent it cannot use.
        raise DomainError(_("Enter the unit's name."))
    if len(name) > NAME_MAX:
        raise DomainError(
            _("The name has %(length)s characters; at most %(max)s are allowed.")
            % {"length": len(name), "max": NAME_MAX}
        )
    # Check the code's shape now: a row with a bad code and a parent further down would
    # otherwise be reported as missing its parent.
    code = code_of(kind, row["code"]) if row.get("code") else ""
    parent: OrgUnit | Planned | None = None
    if row.get("parent_code"):
        parent_code = divisions.normalise(row["parent_code"])
        parent = OrgUnit.objects.filter(code=parent_code).first()
        if parent is None and memory is not None:
            parent = memory.by_code.get(parent_code)
        if parent is None:
            return None
    # A planned parent was checked against the roots when it was planned.
    if roots is not None and (
        parent is None or (isinstance(parent, OrgUnit) and not _within(parent, roots))
    ):
        raise DomainError(_("The parent unit is outside the units you manage."))
    existing = _find_existing(code=code, name=name, parent=parent, memory=memory)
    if isinstance(existing, OrgUnit):
        _check_same(
            existing,
            code=code,
            name=name,
            kind=kind,
            parent=parent if not isinstance(parent, Planned) else None,
            roots=roots,
            other_parent=isinstance(parent, Planned),
        )
        return False
    if isinstance(existing, Planned):
        _check_planned_same(existing, code=code, name=name, kind=kind, parent=parent)
        return False
    parent_name = parent.name if parent is not None else ""
    if memory is not None:
        _check_as_created(kind=kind, name=name, code=code, parent=parent)
        planned = Planned(code=code, name=name, kind=kind, parent=parent)
        if code:
            memory.by_code[code] = planned
        memory.by_name[(memory.key(parent), name)] = planned
        return name, str(OrgKind(kind).label), parent_name
    with transaction.atomic():  # without memory, every parent is a stored unit
        org_unit_create(parent=cast(OrgUnit | None, parent), kind=kind, name=name, code=code)
    return name, str(OrgKind(kind).label), parent_name


def _check_as_created(*, kind: str, name: str, code: str, parent: OrgUnit | Planned | None) -> None:
    """Check what ``org_unit_create`` checks, without creating (a dry run)."""
    stand_in = parent.as_unit() if isinstance(parent, Planned) else parent
    _check_placement(kind=kind, parent=stand_in)
    checked = _check_code(kind=kind, code=code, parent=stand_in)
    if isinstance(parent, Planned):
        # Nothing is stored under a unit still to be created; the file's other rows
        # under it were compared by name already.
        if checked and OrgUnit.objects.filter(code=checked).exists():
            raise DomainError(_("Another unit already has the code %(code)s.") % {"code": code})
    else:
        _check_unique(code=checked, name=name, parent=parent, exclude=None)


def _check_planned_same(
    existing: Planned, *, code: str, name: str, kind: str, parent: OrgUnit | Planned | None
) -> None:
    """Refuse a row that names a unit of an earlier row but describes it otherwise."""
    if existing.parent is not parent:
        raise DomainError(
            _("Code %(code)s already belongs to “%(name)s” under another parent.")
            % {"code": code, "name": existing.name}
        )
    if existing.name != name or existing.kind != kind:
        raise DomainError(
            _("Another row of this file describes “%(name)s” otherwise.") % {"name": existing.name}
        )
