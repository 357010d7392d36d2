"""Writes of org units. Permission is checked by the caller through ``accounts.scoping``
(``access_org_unit(..., manage=True)``), which sits above this app in the layering."""

from __future__ import annotations

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.phone import parse_phone
from guanai.core.uscc import parse_uscc
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
    """Return the normalised code after checking its shape, its level and its parent.

    A care institution's code is its unified social credit code (issue 17), checked by its
    check character; its division part names the registering office, which need not be
    the unit above, so it is not compared with the tree.
    """
    if not code:
        return ""
    if kind == OrgKind.INSTITUTION:
        return parse_uscc(code)
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


def _check_codes_inside(units: QuerySet[OrgUnit], outer_code: str) -> None:
    """Refuse when a coded unit of ``units`` lies outside ``outer_code``.

    Placement already keeps every coded unit below a division one level or more deeper, so
    only the prefix needs checking, and that is one query however large the subtree.
    """
    if not outer_code:
        return
    outer = divisions.parse(outer_code)
    divisions_only = units.exclude(code="").exclude(kind=OrgKind.INSTITUTION)
    stray = divisions_only.exclude(code__startswith=outer.prefix).order_by("path").first()
    if stray is not None:
        divisions.check_child(divisions.parse(stray.code), outer)


def _current(unit: OrgUnit) -> OrgUnit:
    """Return ``unit`` as stored now, locked until the transaction ends.

    Callers pass objects loaded earlier; had the unit moved since, its old path would put
    new children, or a moved subtree, in the wrong place.
    """
    return OrgUnit.objects.select_for_update().get(pk=unit.pk)


def code_of(kind: str, raw: str) -> str:
    """Return a unit's code normalised by its kind's rule (for the import's early check)."""
    return parse_uscc(raw) if kind == OrgKind.INSTITUTION else divisions.parse(raw).code


def _province_digits(code: str) -> str:
    # A unified social credit code (18 characters) holds the division in characters 3–8.
    return code[2:4] if len(code) == 18 else code[:2]


def _province_of(*, code: str, parent: OrgUnit | None) -> str:
    if parent is not None and parent.province_code and len(code) == 18:
        return parent.province_code
    return _province_digits(code) if code else (parent.province_code if parent else "")


def _subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    low, high = unit.subtree_bounds()
    return OrgUnit.objects.filter(path__gte=low, path__lt=high)


def _lock_subtree(unit: OrgUnit) -> set[str]:
    """Lock every unit of ``unit``'s subtree until the transaction ends; return their paths.

    A unit created below meanwhile would otherwise keep a path under the old place (the
    subtree's UPDATE only sees rows committed before it starts) and escape the depth
    check. A create locks its parent first, so once every row is locked no new one can
    appear; but a SELECT ... FOR UPDATE that waited for a create does not see the row that
    create added, hence the repeat until no further row turns up (twice, usually). The
    rows are locked in path order, so two moves take their locks in the same order.
    """
    paths: set[str] = set()
    while True:
        locked = set(
            _subtree(unit).select_for_update().order_by("path").values_list("path", flat=True)
        )
        if locked == paths:
            return paths
        paths = locked


def _set_subtree_province(unit: OrgUnit, province: str) -> None:
    """File ``unit`` and its subtree under ``province``, the sharding key (DESIGN §3).

    A unit's province comes from its nearest code. Every coded unit below lies inside that
    code, so with a province known the whole subtree shares it (one UPDATE). With no code
    above, each unit takes the province of the nearest code inside the subtree, if any.
    """
    if province:
        _subtree(unit).update(province_code=province)
        return
    by_path: dict[str, str] = {}
    changed: dict[str, list[int]] = defaultdict(list)
    rows = _subtree(unit).order_by("path").values_list("pk", "path", "code", "province_code")
    for pk, path, code, old in rows:
        new = _province_digits(code) if code else by_path.get(path[:-PATH_STEP], "")
        by_path[path] = new
        if new != old:
            changed[new].append(pk)
    for new, pks in changed.items():
        OrgUnit.objects.filter(pk__in=pks).update(province_code=new)


def _check_unique(*, code: str, name: str, parent: OrgUnit | None, exclude: int | None) -> None:
    others = OrgUnit.objects.all() if exclude is None else OrgUnit.objects.exclude(pk=exclude)
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
    if parent is not None:
        parent = _current(parent)
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
    unit.province_code = _province_of(code=code, parent=parent)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, province_code=unit.province_code)
    return unit


@transaction.atomic
def org_unit_update(
    *,
    unit: OrgUnit,
    version: int,
    name: str,
    code: str,
    is_active: bool,
    phone: str | None = None,
) -> OrgUnit:
    """Rename, recode or (de)activate a unit; a stale ``version`` is refused."""
    # Check the version first, so that a clerk working from an old page is told to reload
    # rather than shown a rule broken by data they have not seen.
    current = _current(unit)
    refuse_stale(
        current,
        version,
        message=_("Someone else changed this unit after you opened it. Reload and try again."),
    )
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Enter the unit's name."), field="name")
    parent = current.parent
    code = _check_code(kind=current.kind, code=code, parent=parent)
    _check_unique(code=code, name=name, parent=parent, exclude=current.pk)
    # An institution's code is no division's, and nothing lies below an institution.
    if code != current.code and current.kind != OrgKind.INSTITUTION:
        # Coded units below, also under uncoded ones, must stay inside the new code. Without
        # a code they stay inside the code above, as they already were.
        _check_codes_inside(_subtree(current).exclude(pk=current.pk), code)
    old_province = current.province_code
    current.name, current.code, current.is_active = name, code, is_active
    if phone is not None:
        current.phone = parse_phone(phone) if phone.strip() else ""
    current.province_code = _province_of(code=code, parent=parent)
    bump(current)
    current.save()  # through save(), so django-auditlog records the change
    if current.province_code != old_province:
        _set_subtree_province(current, current.province_code)
    return current


@transaction.atomic
def org_unit_move(*, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Move a unit and its subtree under ``new_parent`` (one UPDATE for the subtree)."""
    current, new_parent = _current(unit), _current(new_parent)
    if new_parent.path.startswith(current.path):
        raise ValidationFailed(_("A unit cannot be moved under itself."), field="parent")
    deepest = max(len(path) for path in _lock_subtree(current))
    _check_placement(kind=current.kind, parent=new_parent)
    _check_code(kind=current.kind, code=current.code, parent=new_parent)
    # The unit's own code may be empty while units below it have codes; they must fit too.
    outer = nearest_coded_ancestor(new_parent)
    _check_codes_inside(_subtree(current), outer.code if outer else "")
    _check_unique(code=current.code, name=current.name, parent=new_parent, exclude=current.pk)
    old_path, new_path = current.path, new_parent.path + str(current.pk).zfill(PATH_STEP)
    max_length = OrgUnit._meta.get_field("path").max_length or 0
    if len(new_path) + deepest - len(old_path) > max_length:
        raise ValidationFailed(
            _(
                "The unit cannot be moved there: units below it would be more than "
                "%(levels)d levels deep."
            )
            % {"levels": max_length // PATH_STEP},
            field="parent",
        )
    depth_change = new_parent.depth + 1 - current.depth
    _subtree(current).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    moved = OrgUnit.objects.get(pk=current.pk)
    moved.parent = new_parent
    moved.province_code = _province_of(code=moved.code, parent=new_parent)
    bump(moved)
    moved.save()  # through save(), so django-auditlog records the new parent
    if moved.province_code != current.province_code:
        _set_subtree_province(moved, moved.province_code)
    return moved
