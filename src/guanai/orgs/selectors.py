"""Reads of org units. Callers pass querysets already limited by ``accounts.scoping``."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from guanai.orgs.models import OrgUnit, kind_rank


def subtree_q(units: Iterable[OrgUnit], field: str = "path") -> Q:
    """Return a filter matching every unit in the subtrees of ``units`` (by path range).

    ``field`` lets other models filter through a foreign key, e.g. ``org_unit__path``.
    An empty ``units`` gives a filter that matches nothing.
    """
    q = Q(pk__in=[])
    for unit in units:
        low, high = unit.subtree_bounds()
        q |= Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return q


def org_units_in_subtrees(units: Iterable[OrgUnit]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(subtree_q(units))


def is_inside(unit: OrgUnit, ancestor: OrgUnit, *, strictly: bool = False) -> bool:
    """Return whether ``unit`` lies in ``ancestor``'s subtree (below it, if ``strictly``).

    The one place that reads the materialised path for a single pair of units; queries
    use ``subtree_q``.
    """
    inside = unit.path.startswith(ancestor.path)
    return inside and not (strictly and unit.path == ancestor.path)


def ancestors_of(unit: OrgUnit) -> list[OrgUnit]:
    """Return the unit's ancestors and itself, root first (one query)."""
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=unit.ancestor_paths())}
    return [by_path[p] for p in unit.ancestor_paths() if p in by_path]


def children_with_counts(unit: OrgUnit, visible: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Return the visible children of ``unit`` with the number of their own children."""
    return (
        visible.filter(parent=unit)
        .annotate(child_count=Count("children", distinct=True))
        .order_by(kind_rank(), "code", "name")
    )


def breadcrumb_of(unit: OrgUnit, visible: QuerySet[OrgUnit]) -> list[tuple[OrgUnit, bool]]:
    """Return the unit's whole path, root first, each with whether the user may open it."""
    path = ancestors_of(unit)
    openable = set(visible.filter(pk__in=[u.pk for u in path]).values_list("pk", flat=True))
    return [(u, u.pk in openable) for u in path]


def nearest_coded_ancestor(unit: OrgUnit | None) -> OrgUnit | None:
    """Return ``unit`` or its closest ancestor that has a division code."""
    if unit is None:
        return None
    if unit.code:
        return unit
    coded = [u for u in ancestors_of(unit) if u.code]
    return coded[-1] if coded else None
