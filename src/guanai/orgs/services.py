"""Writes of org units. Permission is checked by the caller through ``accounts.scoping``
(``access_org_unit(..., manage=True)``), which sits above this app in the layering."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from guanai.core.errors import StaleEdit, ValidationFailed
from guanai.orgs import divisions
from guanai.orgs.models import ADMIN_LEVEL, PATH_STEP, OrgKind, OrgUnit
from guanai.orgs.selectors import nearest_coded_ancestor


def _check_placement(*, kind: str, parent: OrgUnit | None) -> None:
    """Refuse a unit that cannot sit under ``parent`` (a county under a village, say)."""
    if parent is None:
        if kind not in ADMIN_LEVEL:
            raise ValidationFailed(
                _("Only an administrative division can be a top-level unit."), field="parent"
            )
        return
    if parent.kind not in ADMIN_LEVEL:
        raise ValidationFailed(
            _("“%(parent)s” is a %(kind)s; units can only be placed under a division.")
            % {"parent": parent.name, "kind": parent.get_kind_display()},
            field="parent",
        )
    if kind in ADMIN_LEVEL and ADMIN_LEVEL[OrgKind(kind)] <= ADMIN_LEVEL[OrgKind(parent.kind)]:
        raise ValidationFailed(
            _("A %(kind)s cannot be placed under a %(parent_kind)s.")
            % {"kind": OrgKind(kind).label, "parent_kind": parent.get_kind_display()},
            field="parent",
        )


def _check_code(*, kind: str, code: str, parent: OrgUnit | None) -> str:
    """Return the normalised code after checking its shape, its level and its parent."""
    if not code:
        return ""
    if kind not in ADMIN_LEVEL:
        raise ValidationFailed(
            _("Only administrative divisions have a division code; leave it empty."),
            field="code",
        )
    parsed = divisions.parse(code)
    if parsed.level != ADMIN_LEVEL[OrgKind(kind)]:
        raise ValidationFailed(
            _("Code %(code)s is not the code of a %(kind)s.")
            % {"code": parsed.code, "kind": OrgKind(kind).label},
            field="code",
        )
    ancestor = nearest_coded_ancestor(parent)
    if ancestor is not None:
        divisions.check_child(parsed, divisions.parse(ancestor.code))
    return parsed.code


def _check_unique(*, code: str, name: str, parent: OrgUnit | None, exclude: int | None) -> None:
    others = OrgUnit.objects.exclude(pk=exclude)
    if code and others.filter(code=code).exists():
        raise ValidationFailed(
            _("Another unit already has the code %(code)s.") % {"code": code}, field="code"
        )
    if others.filter(parent=parent, name=name).exists():
        raise ValidationFailed(
            _("“%(name)s” already exists under this unit.") % {"name": name}, field="name"
        )


@transaction.atomic
def org_unit_create(*, parent: OrgUnit | None, kind: str, name: str, code: str = "") -> OrgUnit:
    """Create an org unit under ``parent`` after checking its kind, name and code."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Enter the unit's name."), field="name")
    if kind not in OrgKind.values:
        raise ValidationFailed(_("Unknown kind of unit: %(kind)s.") % {"kind": kind}, field="kind")
    _check_placement(kind=kind, parent=parent)
    code = _check_code(kind=kind, code=code, parent=parent)
    _check_unique(code=code, name=name, parent=parent, exclude=None)
    unit = OrgUnit(kind=kind, name=name, code=code, parent=parent)
    unit.depth = parent.depth + 1 if parent else 0
    unit.path = "pending"
    try:
        unit.save()
    except IntegrityError as exc:  # a concurrent create of the same code or name
        raise ValidationFailed(_("This unit was just created by someone else.")) from exc
    unit.path = (parent.path if parent else "") + str(unit.pk).zfill(PATH_STEP)
    unit.province_code = (code or (parent.province_code if parent else ""))[:2]
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, province_code=unit.province_code)
    return unit


@transaction.atomic
def org_unit_update(
    *, unit: OrgUnit, version: int, name: str, code: str, is_active: bool
) -> OrgUnit:
    """Rename, recode or (de)activate a unit; a stale ``version`` is refused."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Enter the unit's name."), field="name")
    code = _check_code(kind=unit.kind, code=code, parent=unit.parent)
    if code != unit.code:
        child_codes = OrgUnit.objects.filter(parent=unit).exclude(code="")
        for child in child_codes:
            divisions.check_child(divisions.parse(child.code), divisions.parse(code))
    _check_unique(code=code, name=name, parent=unit.parent, exclude=unit.pk)
    # Lock the row and compare versions, then save() so django-auditlog records the change.
    current = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if current.version != version:
        raise StaleEdit(
            _("Someone else changed this unit after you opened it. Reload and try again.")
        )
    current.name, current.code, current.is_active = name, code, is_active
    current.version += 1
    current.save()
    return current


@transaction.atomic
def org_unit_move(*, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Move a unit and its subtree under ``new_parent`` (one UPDATE for the subtree)."""
    if new_parent.path.startswith(unit.path):
        raise ValidationFailed(_("A unit cannot be moved under itself."), field="parent")
    _check_placement(kind=unit.kind, parent=new_parent)
    _check_code(kind=unit.kind, code=unit.code, parent=new_parent)
    _check_unique(code=unit.code, name=unit.name, parent=new_parent, exclude=unit.pk)
    old_path, new_path = unit.path, new_parent.path + str(unit.pk).zfill(PATH_STEP)
    depth_change = new_parent.depth + 1 - unit.depth
    low, high = unit.subtree_bounds()
    OrgUnit.objects.filter(path__gte=low, path__lt=high).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    moved = OrgUnit.objects.get(pk=unit.pk)
    moved.parent = new_parent
    moved.version += 1
    moved.save()  # through save(), so django-auditlog records the new parent
    return moved
