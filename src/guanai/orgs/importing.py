"""Import org units from a sheet with columns code, name, kind and parent code.

The import is idempotent: a unit is found by its division code, or — for units without
one (schools, offices) — by its parent and name; a row that matches an existing unit
exactly changes nothing, and one that names it with another name, kind or parent is
reported as an error rather than taken as a change. Rows may come in any order: a row
whose parent appears further down is retried until no more rows can be placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from guanai.core.errors import DomainError
from guanai.orgs import divisions
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_create
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


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _kind_of(word: str) -> str | None:
    """Return the kind a sheet's word names (``学校``, ``school``, ``School``), or None."""
    word = word.strip().lower()
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    with translation.override("en"):
        english = {str(kind.label).lower(): kind.value for kind in OrgKind}
    current = {str(kind.label).lower(): kind.value for kind in OrgKind}
    return current.get(word) or english.get(word)


def _find_existing(*, code: str, name: str, parent: OrgUnit | None) -> OrgUnit | None:
    if code:
        return OrgUnit.objects.filter(code=code).first()
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
) -> None:
    """Refuse a row that names ``existing`` but does not describe it as it is stored.

    A unit outside the importer's units is not described at all: its name is none of
    their business, and telling it would let anyone with an import form probe the tree.
    """
    if roots is not None and not _within(existing, roots):
        raise DomainError(
            _("Code %(code)s belongs to a unit outside the units you manage.") % {"code": code}
        )
    if existing.parent_id != (parent.pk if parent else None):
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


def org_units_import(table: Table, *, roots: Sequence[OrgUnit] | None = None) -> ImportReport:
    """Create the units of ``table`` that do not exist yet and report each bad row.

    With ``roots`` set (an importing sysadmin's units), every parent, and every existing
    unit a row's code names, must lie in one of their subtrees.
    """
    mapping, warnings = find_columns(table.headers, COLUMNS, required={"name", "kind"})
    report = ImportReport(warnings=warnings)
    pending = [
        (row_no, {f: record.get(h, "").strip() for f, h in mapping.items()})
        for row_no, record in table.records()
    ]
    while pending:
        waiting: list[tuple[int, dict[str, str]]] = []
        unresolved: dict[int, str] = {}
        for row_no, row in pending:
            try:
                outcome = _import_row(row, roots=roots)
            except DomainError as exc:
                report.errors.append((row_no, str(exc.message)))
                continue
            if outcome is None:
                waiting.append((row_no, row))
                unresolved[row_no] = row.get("parent_code", "")
            elif outcome:
                report.created += 1
            else:
                report.unchanged += 1
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
    return report


def _import_row(row: dict[str, str], *, roots: Sequence[OrgUnit] | None) -> bool | None:
    """Import one row: True if created, False if it existed, None if its parent is missing."""
    name = row.get("name", "")
    kind = _kind_of(row.get("kind", ""))
    if kind is None:
        raise DomainError(_("Unknown kind “%(kind)s”.") % {"kind": row.get("kind", "")})
    if not name:
        # Said here, not left to org_unit_create: a row without a name would otherwise be
        # compared with the unit its code names, or wait for a parent it cannot use.
        raise DomainError(_("Enter the unit's name."))
    # Check the code's shape now: a row with a bad code and a parent further down would
    # otherwise be reported as missing its parent.
    code = divisions.parse(row["code"]).code if row.get("code") else ""
    parent: OrgUnit | None = None
    if row.get("parent_code"):
        parent_code = divisions.normalise(row["parent_code"])
        parent = OrgUnit.objects.filter(code=parent_code).first()
        if parent is None:
            return None
    if roots is not None and (parent is None or not _within(parent, roots)):
        raise DomainError(_("The parent unit is outside the units you manage."))
    existing = _find_existing(code=code, name=name, parent=parent)
    if existing is not None:
        _check_same(existing, code=code, name=name, kind=kind, parent=parent, roots=roots)
        return False
    with transaction.atomic():
        org_unit_create(parent=parent, kind=kind, name=name, code=code)
    return True
