"""Term evaluations (学期评议) of special-group pupils by their class teacher.

篇二: "有跟踪记录，成长帮助，有阶段或学期评议". Each term the class teacher grades a pupil's
conduct, study, life skills and mental state (优、良、中、差) and writes a comment; one
evaluation per pupil per term, edited (with a version check) rather than written twice.

The class teacher is, in the system, a leader or worker keeping the roster of the pupil's
unit (DESIGN §1: "worker — class teacher"), or an account paired with the pupil in the
role of class teacher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
from guanai.care.plans.terms import Term, term_of, term_parse
from guanai.core.errors import DomainError, PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import within
from guanai.registry.models import Person, PersonCategory
from guanai.registry.selectors import persons_visible
from guanai.registry.services import require_open_file

GRADED = ("conduct", "study", "life_skills", "mental_state")
EVALUATED = (*GRADED, "comment")
COMMENT_LIMIT = 1000  # the comment is a TextField: this limit is the evaluation's


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
    refuse_stale(
        current,
        version,
        message=_(
            "Someone else saved this evaluation after you opened it (changed: %(fields)s). "
            "Reload it and make your change again."
        ),
        fields=EVALUATED,
        nothing_named=_("the evaluation"),
    )
    for field in (*GRADED, "comment"):
        setattr(current, field, getattr(data, field))
    current.author = acting_user
    current.written_on = timezone.localdate()
    bump(current)
    current.save()
    return current


@dataclass(frozen=True)
class ClassRow:
    """One pupil's row of the class page: the stored evaluation and what was typed.

    ``data`` is None when the row's input could not be read (the page marks it itself).
    """

    person: Person
    stored: TermEvaluation | None
    data: EvaluationData | None
    version: int = 0


class RowsRefused(ValidationFailed):
    """Rows of a class page were refused, so none was saved; ``errors`` by person id."""

    def __init__(self, errors: dict[int, DomainError]) -> None:
        super().__init__(_("Nothing was saved: correct the marked rows and save again."))
        self.errors = errors


def _unchanged(stored: TermEvaluation | None, data: EvaluationData) -> bool:
    """Return whether a row has nothing to save: left blank, or as it is stored."""
    if stored is None:
        return not any(getattr(data, f) for f in EVALUATED)
    return all(getattr(stored, f) == getattr(data, f) for f in EVALUATED)


@transaction.atomic
def evaluations_class_save(*, acting_user: User, term: Term, rows: Sequence[ClassRow]) -> int:
    """Save the filled rows of a class page, all or none; return how many were saved.

    A blank row, or one unchanged from what is stored, is passed over. Every row is
    checked, so that the page marks every mistake at once; if any row was refused (or
    could not be read), nothing is saved and ``RowsRefused`` names each refused row.
    """
    saved, unreadable, errors = 0, False, {}
    for row in rows:
        if row.data is None:
            unreadable = True
            continue
        if _unchanged(row.stored, row.data):
            continue
        try:
            if row.stored is None:
                evaluation_create(
                    acting_user=acting_user, person=row.person, term=str(term), data=row.data
                )
            else:
                evaluation_update(
                    acting_user=acting_user,
                    evaluation=row.stored,
                    version=row.version,
                    data=row.data,
                )
        except DomainError as exc:
            errors[row.person.pk] = exc
        else:
            saved += 1
    if errors or unreadable:
        raise RowsRefused(errors)
    return saved


# --- Reads -------------------------------------------------------------------------------


def evaluations_visible(user: AnyUser) -> QuerySet[TermEvaluation]:
    return TermEvaluation.objects.filter(scoping.persons_q(user, prefix="person__")).select_related(
        "person__org_unit", "person__school", "author"
    )


def evaluations_search(
    user: AnyUser, *, person: Person | None = None, term: str = ""
) -> QuerySet[TermEvaluation]:
    """Return the visible evaluations, of ``person`` and ``term`` if given, latest term first."""
    found = evaluations_visible(user)
    if person is not None:
        found = found.filter(person=person)
    if term:
        found = found.filter(term=term)
    return found.order_by("-term", "person__name_pinyin", "pk")


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
