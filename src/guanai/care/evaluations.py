"""Term evaluations (学期评议) of special-group pupils by their class teacher.

篇二: "有跟踪记录，成长帮助，有阶段或学期评议". Each term the class teacher grades a pupil's
conduct, study, life skills and mental state (优、良、中、差) and writes a comment; one
evaluation per pupil per term, edited (with a version check) rather than written twice.

The class teacher is, in the system, a leader or worker keeping the roster of the pupil's
unit (DESIGN §1: "worker — class teacher"), or an account paired with the pupil in the
role of class teacher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import Grade, HelperRole, Pairing, TermEvaluation
from guanai.care.permissions import can_edit_roster_of
from guanai.care.plans import changed_since
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.text import within
from guanai.registry.models import Person, PersonCategory
from guanai.registry.selectors import persons_visible
from guanai.registry.services import require_open_file

GRADED = ("conduct", "study", "life_skills", "mental_state")
COMMENT_LIMIT = 1000  # the comment is a TextField: this limit is the evaluation's
TERM_PATTERN = re.compile(r"^(\d{4})-(\d{4})-([12])$")


# --- Terms -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Term:
    """A school term: ``start`` is the year the school year begins, ``part`` 1 (autumn,
    September to January) or 2 (spring, February to August)."""

    start: int
    part: int

    def __str__(self) -> str:
        return f"{self.start}-{self.start + 1}-{self.part}"

    @property
    def label(self) -> str:
        values = {"start": self.start, "end": self.start + 1}
        if self.part == 1:
            return _("%(start)s–%(end)s, first term") % values
        return _("%(start)s–%(end)s, second term") % values

    @property
    def first_day(self) -> date:
        return date(self.start, 9, 1) if self.part == 1 else date(self.start + 1, 2, 1)

    @property
    def last_day(self) -> date:
        return date(self.start + 1, 1, 31) if self.part == 1 else date(self.start + 1, 8, 31)

    def previous(self) -> Term:
        return Term(self.start, 1) if self.part == 2 else Term(self.start - 1, 2)


def term_of(day: date) -> Term:
    """Return the term ``day`` falls in: September–January the first term of the school
    year starting in September, February–August the second."""
    if day.month >= 9:
        return Term(day.year, 1)
    if day.month == 1:
        return Term(day.year - 1, 1)
    return Term(day.year - 1, 2)


def term_parse(text: str) -> Term:
    """Read a term written "2025-2026-1"; anything else is refused."""
    match = TERM_PATTERN.match(text.strip())
    if match is None or int(match[2]) != int(match[1]) + 1 or int(match[1]) < 1900:
        raise ValidationFailed(
            _("Write the term as 2025-2026-1 (first term) or 2025-2026-2 (second term)."),
            field="term",
        )
    return Term(int(match[1]), int(match[3]))


def recent_terms(today: date | None = None, count: int = 4) -> list[Term]:
    """Return the current term and the ones before it, the current first."""
    terms = [term_of(today or timezone.localdate())]
    while len(terms) < count:
        terms.append(terms[-1].previous())
    return terms


# --- Who may evaluate --------------------------------------------------------------------


def _class_teacher_of(user: AnyUser) -> QuerySet[Pairing]:
    return Pairing.objects.filter(
        helper_id=user.pk, role=HelperRole.CLASS_TEACHER, ended_on__isnull=True
    )


def can_evaluate(user: AnyUser, person: Person) -> bool:
    """Return whether ``user`` writes the term evaluations of ``person``."""
    if not user.is_authenticated or not scoping.can_see_beneficiary_data(user):
        return False
    if can_edit_roster_of(user, person.org_unit):
        return True
    return _class_teacher_of(user).filter(person=person).exists()


def evaluable_persons(user: AnyUser) -> QuerySet[Person]:
    """Return the special-group pupils the user evaluates: pupils of the roster units the
    user keeps, or paired with the user as class teacher, with a category in force."""
    if not scoping.can_see_beneficiary_data(user):
        return Person.objects.none()
    today = timezone.localdate()
    in_force = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        person=OuterRef("pk"),
        started_on__lte=today,
    )
    mine = Q(org_unit__in=scoping.roster_edit_units(user)) | Q(
        pk__in=_class_teacher_of(user).values("person")
    )
    return persons_visible(user).filter(
        mine, Exists(in_force), school__isnull=False, archived_at__isnull=True
    )


# --- Writes ------------------------------------------------------------------------------


@dataclass
class EvaluationData:
    conduct: str
    study: str
    life_skills: str
    mental_state: str
    comment: str = ""


def grade_label(field: str) -> str:
    """Return the name of a graded field or the comment ("品行", "评语")."""
    return str(getattr(TermEvaluation._meta.get_field(field), "verbose_name", field))


def evaluation_clean(data: EvaluationData) -> EvaluationData:
    for field in GRADED:
        if getattr(data, field) not in Grade.values:
            raise ValidationFailed(
                _("Give a grade for %(what)s.") % {"what": grade_label(field)}, field=field
            )
    data.comment = data.comment.strip()
    within(data.comment, COMMENT_LIMIT, field="comment")
    return data


def _already(person: Person, term: Term) -> ValidationFailed:
    return ValidationFailed(
        _("%(name)s has an evaluation for %(term)s already; edit that one instead.")
        % {"name": person.name, "term": term.label},
        field="term",
    )


@transaction.atomic
def evaluation_create(
    *, acting_user: User, person: Person, term: str, data: EvaluationData
) -> TermEvaluation:
    """Write a pupil's evaluation for a term; a second one for the same term is refused."""
    if not can_evaluate(acting_user, person):
        raise PermissionRefused(_("Only the pupil's class teacher writes term evaluations."))
    require_open_file(person)
    if person.school_id is None:
        raise ValidationFailed(
            _("Term evaluations are for pupils; %(name)s has no school on file.")
            % {"name": person.name}
        )
    parsed = term_parse(term)
    today = timezone.localdate()
    if parsed > term_of(today):
        raise ValidationFailed(
            _("The term %(term)s has not begun yet.") % {"term": parsed.label}, field="term"
        )
    data = evaluation_clean(data)
    if TermEvaluation.objects.filter(person=person, term=str(parsed)).exists():
        raise _already(person, parsed)
    try:
        with transaction.atomic():
            return TermEvaluation.objects.create(
                person=person,
                term=str(parsed),
                conduct=data.conduct,
                study=data.study,
                life_skills=data.life_skills,
                mental_state=data.mental_state,
                comment=data.comment,
                author=acting_user,
                written_on=today,
            )
    except IntegrityError as exc:  # written by someone else at the same moment
        raise _already(person, parsed) from exc


@transaction.atomic
def evaluation_update(
    *, acting_user: User, evaluation: TermEvaluation, version: int, data: EvaluationData
) -> TermEvaluation:
    """Save an edited evaluation; a stale ``version`` is refused naming what changed."""
    current = (
        TermEvaluation.objects.select_for_update(of=("self",))
        .select_related("person__org_unit")
        .get(pk=evaluation.pk)
    )
    if not can_evaluate(acting_user, current.person):
        raise PermissionRefused(_("Only the pupil's class teacher writes term evaluations."))
    require_open_file(current.person)
    data = evaluation_clean(data)
    if current.version != version:
        fields = (*GRADED, "comment")
        changed = [grade_label(f) for f in changed_since(current, version, fields)] or [
            grade_label(f) for f in fields if getattr(current, f) != getattr(data, f)
        ]
        raise StaleEdit(
            _(
                "Someone else saved this evaluation after you opened it (changed: %(fields)s). "
                "Reload it and make your change again."
            )
            % {"fields": "、".join(changed) or _("the evaluation")}
        )
    for field in (*GRADED, "comment"):
        setattr(current, field, getattr(data, field))
    current.author = acting_user
    current.written_on = timezone.localdate()
    current.version += 1
    current.save()
    return current


# --- Reads -------------------------------------------------------------------------------


def evaluations_visible(user: AnyUser) -> QuerySet[TermEvaluation]:
    return TermEvaluation.objects.filter(scoping.persons_q(user, prefix="person__")).select_related(
        "person__org_unit", "person__school", "author"
    )


def access_evaluation(user: AnyUser, pk: int) -> TermEvaluation:
    """Return an evaluation the user may read, or raise Http404."""
    return get_object_or_404(evaluations_visible(user), pk=pk)


@dataclass(frozen=True)
class SchoolClass:
    """A class of a school, as the pupils' files name it (三年级 2班)."""

    school_id: int
    school_name: str
    grade: str
    class_name: str

    @property
    def key(self) -> str:
        return f"{self.school_id}|{self.grade}|{self.class_name}"

    @property
    def label(self) -> str:
        return f"{self.school_name} {self.grade}{self.class_name}".strip()


def classes_for(user: AnyUser) -> list[SchoolClass]:
    """Return the classes with special-group pupils the user evaluates (one query)."""
    rows = (
        evaluable_persons(user)
        .order_by("school__name", "grade", "class_name")
        .values_list("school_id", "school__name", "grade", "class_name")
        .distinct()
    )
    return [SchoolClass(*row) for row in rows]


def class_pupils(
    user: AnyUser, school_class: SchoolClass, term: Term
) -> list[tuple[Person, TermEvaluation | None]]:
    """Return the class's special-group pupils, each with their evaluation for ``term``."""
    pupils = list(
        evaluable_persons(user)
        .filter(
            school_id=school_class.school_id,
            grade=school_class.grade,
            class_name=school_class.class_name,
        )
        .order_by("name_sort", "pk")
    )
    found = TermEvaluation.objects.filter(person__in=pupils, term=str(term))
    by_person = {e.person_id: e for e in found}
    return [(p, by_person.get(p.pk)) for p in pupils]
