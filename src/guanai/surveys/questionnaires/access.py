"""Who sees and edits questionnaires (DESIGN §5).

Every user with a data role sees the questionnaires Guanai ships with (no unit) and those of
the units on their path: their own units, the units above them and the units below them —
a school's teacher uses the county's form, a county worker reads a school's. A leader or
worker (``rounds.access.RUNNERS``) of a county or above, or of a school, edits the
questionnaires of that unit and of the county-or-school units below it; the built-in ones
are copied, never edited. A questionnaire outside is 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.actors import SystemActor
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q
from guanai.surveys.models import FormVersion, Questionnaire
from guanai.surveys.rounds.access import RUNNERS

# The kinds of unit that write questionnaires: a county (or above) and a school.
EDITOR_KINDS = frozenset({*scoping.COUNTY_OR_ABOVE, OrgKind.SCHOOL})


def questionnaires_visible(user: AnyUser) -> QuerySet[Questionnaire]:
    """Return the questionnaires the user sees: built-in, and of the units on their path."""
    if not user.is_authenticated or not scoping.can_see_beneficiary_data(user):
        return Questionnaire.objects.none()
    units = scoping.units_for(user, DATA_ROLES)
    above = {path for unit in units for path in unit.ancestor_paths()}
    return Questionnaire.objects.filter(
        Q(org_unit__isnull=True)
        | Q(org_unit__path__in=sorted(above))
        | subtree_q(units, field="org_unit__path")
    )


def access_questionnaire(user: AnyUser, pk: int) -> Questionnaire:
    """Return questionnaire ``pk`` with its unit if the user sees it, or raise Http404."""
    return get_object_or_404(questionnaires_visible(user).select_related("org_unit"), pk=pk)


def access_version(user: AnyUser, pk: int) -> FormVersion:
    """Return form version ``pk`` with its questionnaire if the user sees it, or Http404."""
    versions = FormVersion.objects.filter(questionnaire__in=questionnaires_visible(user))
    return get_object_or_404(versions.select_related("questionnaire__org_unit"), pk=pk)


def editor_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units in which the user writes questionnaires (counties and schools)."""
    return [u for u in scoping.units_for(user, RUNNERS) if u.kind in EDITOR_KINDS]


def can_write_in(actor: Actor, unit: OrgUnit | None) -> bool:
    """Return whether ``actor`` may create and edit questionnaires of ``unit``."""
    if unit is None or unit.kind not in EDITOR_KINDS:
        return False
    if isinstance(actor, SystemActor):
        return True
    return any(is_inside(unit, own) for own in editor_units(actor))


def can_edit(user: Actor, questionnaire: Questionnaire) -> bool:
    """Return whether the user edits the questionnaire (built-in ones are copied instead)."""
    return can_write_in(user, questionnaire.org_unit)


def can_copy(user: AnyUser) -> bool:
    """Return whether the user may copy a questionnaire into a unit of theirs."""
    return bool(editor_units(user))
