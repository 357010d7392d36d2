"""Pages of assistance plans and reviews, term evaluations, progress entries and the
progress archive (进步档案). Forms parse input; the services in ``plans``, ``evaluations``
and ``progress`` decide.

A person or plan outside the user's scope is a 404; so is a form the user may not use for
an object they can read (a viewer reads a plan but does not get its edit form).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.forms import ServiceErrorsMixin
from guanai.accounts.models import DATA_ROLES, User
from guanai.accounts.requests import request_user
from guanai.care import evaluations, plans, progress
from guanai.care.models import (
    AssistancePlan,
    Grade,
    PlanDomain,
    PlanProgress,
    PlanStatus,
    ProgressKind,
    TermEvaluation,
)
from guanai.care.permissions import can_care_for
from guanai.core.audit import access_log
from guanai.core.errors import DomainError
from guanai.core.models import AuditAction
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.registry.selectors import access_person

PAGE_SIZE = 50
BLANK: list[tuple[str, Any]] = [("", "---------")]


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _text_field(label: Any, *, required: bool = True, rows: int = 3, **kwargs: Any) -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=True,
        **kwargs,
    )


# --- Forms -------------------------------------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonNameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class PlanFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=gettext_lazy("All units"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *PlanStatus.choices],
    )
    domain = forms.ChoiceField(
        label=gettext_lazy("Domain"),
        required=False,
        choices=[("", gettext_lazy("Any domain")), *PlanDomain.choices],
    )
    overdue = forms.ChoiceField(
        label=gettext_lazy("Past the end"),
        required=False,
        choices=[
            ("", gettext_lazy("All plans")),
            ("1", gettext_lazy("Past the end, not reviewed")),
        ],
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_filter(self, *, waiting: bool) -> plans.PlanFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return plans.PlanFilter(
            unit=data.get("unit"),
            status=data.get("status") or "",
            domain=data.get("domain") or "",
            overdue=data.get("overdue") == "1",
            waiting=waiting,
        )


class PlanForm(ServiceErrorsMixin, forms.Form):
    domain = forms.ChoiceField(label=gettext_lazy("Domain"), choices=BLANK + PlanDomain.choices)
    goals = _text_field(
        gettext_lazy("Goals"), help_text=gettext_lazy("What should be better when the plan ends.")
    )
    measures = _text_field(
        gettext_lazy("Measures"),
        help_text=gettext_lazy("What will be done, by whom, how often (辅导、谈心、家访 …)."),
    )
    phase_targets = _text_field(
        gettext_lazy("Phase targets"),
        required=False,
        help_text=gettext_lazy("What should be reached by when, e.g. by mid-term (阶段性效果)."),
    )
    starts_on = _date_field(gettext_lazy("From"))
    ends_on = _date_field(gettext_lazy("Until"))
    responsible = PersonNameChoiceField(
        label=gettext_lazy("Responsible helper"), queryset=User.objects.none()
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = candidates  # type: ignore[attr-defined]

    def to_data(self) -> plans.PlanData:
        values = {f: self.cleaned_data[f] for f in plans.PLAN_FIELDS}
        return plans.PlanData(**values)


class CloseForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("How the plan ends"),
        choices=[
            (PlanStatus.COMPLETED.value, gettext_lazy("Completed: the plan ran its course")),
            (PlanStatus.CLOSED.value, gettext_lazy("Closed early, or withdrawn")),
        ],
    )
    closing_note = forms.CharField(
        label=gettext_lazy("Closing note"),
        required=False,
        max_length=plans.CLOSING_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when the plan is closed: say why."),
    )


class ReviewForm(ServiceErrorsMixin, forms.Form):
    reviewed_on = _date_field(gettext_lazy("Date"))
    progress = forms.ChoiceField(
        label=gettext_lazy("Progress"), choices=BLANK + PlanProgress.choices
    )
    notes = _text_field(gettext_lazy("What you found"))
    next_step = _text_field(gettext_lazy("Next step"), required=False, rows=2)


class ProgressForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ProgressKind.choices)
    on = _date_field(gettext_lazy("Date"))
    title = forms.CharField(
        label=gettext_lazy("What"),
        max_length=progress.TITLE_LIMIT,
        help_text=gettext_lazy("E.g. 期中数学 92 分, 校级三好学生, 能独立完成作业."),
    )
    detail = _text_field(gettext_lazy("Details"), required=False, rows=2)


GRADE_CHOICES = BLANK + Grade.choices


class EvaluationForm(ServiceErrorsMixin, forms.Form):
    conduct = forms.ChoiceField(label=gettext_lazy("Conduct"), choices=GRADE_CHOICES)
    study = forms.ChoiceField(label=gettext_lazy("Study"), choices=GRADE_CHOICES)
    life_skills = forms.ChoiceField(label=gettext_lazy("Life skills"), choices=GRADE_CHOICES)
    mental_state = forms.ChoiceField(label=gettext_lazy("Mental state"), choices=GRADE_CHOICES)
    comment = _text_field(gettext_lazy("Comment"), required=False, rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_data(self) -> evaluations.EvaluationData:
        return evaluations.EvaluationData(
            **{f: self.cleaned_data[f] for f in (*evaluations.GRADED, "comment")}
        )


class EvaluationRowForm(EvaluationForm):
    """One pupil's row of the class page: a row left empty is not saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(f) for f in (*evaluations.GRADED, "comment"))

    def same_as(self, stored: TermEvaluation) -> bool:
        data = self.to_data()
        return all(getattr(stored, f) == getattr(data, f) for f in (*evaluations.GRADED, "comment"))


def _form_page(
    request: HttpRequest, form: forms.Form, *, title: str, cancel: str, submit: str = ""
) -> HttpResponse:
    return render(
        request,
        "care/plans/form.html",
        {"form": form, "title": title, "cancel_url": cancel, "submit_label": submit},
    )


# --- Plans -------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans of the user's units (or paired persons), filtered; leaders also get the
    drafts waiting for their approval (``?waiting=1``)."""
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    waiting = request.GET.get("waiting") == "1"
    form = PlanFilterForm(request.GET or None, units=scoping.org_units_with_data(user))
    search = form.to_filter(waiting=waiting)
    page = Paginator(plans.plans_search(user, search), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [{"plan": p, "overdue": plans.is_overdue(p, today)} for p in page]
    return render(
        request,
        "care/plans/plan_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "waiting": waiting,
            "waiting_count": plans.plans_waiting_count(user),
        },
    )


def _plan_initial(user: User, candidates: QuerySet[User]) -> dict[str, Any]:
    """Start today, end with the term, the user responsible if they may be."""
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "starts_on": today,
        "ends_on": evaluations.term_of(today).last_day,
    }
    if candidates.filter(pk=user.pk).exists():
        initial["responsible"] = user.pk
    return initial


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """Draft a plan for ``?person=<pk>``, a person the user may care for."""
    user = request_user(request)
    raw = request.GET.get("person", "")
    if not raw.isdigit():
        messages.info(request, _("Open a person's progress archive and draft the plan there."))
        return redirect("care:plan_list")
    person = access_person(user, int(raw))
    if not can_care_for(user, person):
        raise Http404
    candidates = plans.responsible_candidates(person)
    form = PlanForm(
        request.POST or None,
        candidates=candidates,
        initial=_plan_initial(user, candidates),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_create(acting_user=user, person=person, data=form.to_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was saved as a draft; a leader approves it."))
            return redirect("care:plan_detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        title=_("New assistance plan for %(name)s") % {"name": person.name},
        cancel=reverse("care:progress_archive", args=[person.pk]),
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    is_open = plan.status in (PlanStatus.DRAFT, PlanStatus.ACTIVE)
    may_edit = is_open and plans.can_edit_plan(user, plan)
    started = plans.review_opens(plan, timezone.localdate())
    return render(
        request,
        "care/plans/plan_detail.html",
        {
            "plan": plan,
            "reviews": plans.reviews_of(plan),
            "overdue": plans.is_overdue(plan),
            "can_edit": may_edit,
            "can_close": may_edit,
            "can_approve": plan.status == PlanStatus.DRAFT and plans.can_approve_plan(user, plan),
            "can_review": plan.status == PlanStatus.ACTIVE
            and started
            and plans.can_review_plan(user, plan),
            "reviews_from": None if started else plan.starts_on,
        },
    )


def _ended(request: HttpRequest, plan: AssistancePlan) -> HttpResponse:
    messages.error(
        request,
        _("This plan is %(status)s and can no longer be changed.")
        % {"status": plan.get_status_display()},
    )
    return redirect("care:plan_detail", pk=plan.pk)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    if not plans.can_edit_plan(user, plan):
        raise Http404
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.ACTIVE):
        return _ended(request, plan)
    initial = {f: getattr(plan, f) for f in plans.PLAN_FIELDS}
    initial.update({"responsible": plan.responsible_id, "version": plan.version})
    form = PlanForm(
        request.POST or None,
        candidates=plans.responsible_candidates(plan.person),
        initial=initial,
    )
    if plan.status == PlanStatus.ACTIVE and not plans.can_approve_plan(user, plan):
        # An approved plan's goals and span are the leader's: shown, not editable.
        for name in plans.LEADER_FIELDS:
            form.fields[name].disabled = True
            form.fields[name].help_text = _("Changed only by a leader once the plan is approved.")
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_update(
                acting_user=user,
                plan=plan,
                version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("care:plan_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Edit the plan for %(name)s") % {"name": plan.person.name},
        cancel=reverse("care:plan_detail", args=[pk]),
    )


def _next_or(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    try:
        plans.plan_approve(acting_user=user, plan=plan)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The plan for %(name)s was approved and is now active.") % {"name": plan.person.name},
        )
    return _next_or(request, reverse("care:plan_detail", args=[pk]))


@login_required
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    if not plans.can_edit_plan(user, plan):
        raise Http404
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.ACTIVE):
        return _ended(request, plan)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_close(
                acting_user=user,
                plan=plan,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["closing_note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was ended."))
            return redirect("care:plan_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("End the plan for %(name)s") % {"name": plan.person.name},
        cancel=reverse("care:plan_detail", args=[pk]),
        submit=_("End the plan"),
    )


@login_required
def plan_review_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    if not plans.can_review_plan(user, plan):
        raise Http404
    if plan.status != PlanStatus.ACTIVE:
        messages.error(
            request,
            _("Only an approved plan that is running is reviewed; this one is %(status)s.")
            % {"status": plan.get_status_display()},
        )
        return redirect("care:plan_detail", pk=pk)
    today = timezone.localdate()
    if not plans.review_opens(plan, today):
        messages.info(
            request,
            _("The plan starts on %(date)s; it is reviewed from that day on.")
            % {"date": f"{plan.starts_on:%Y-%m-%d}"},
        )
        return redirect("care:plan_detail", pk=pk)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            plans.review_add(acting_user=user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("care:plan_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Review the plan for %(name)s") % {"name": plan.person.name},
        cancel=reverse("care:plan_detail", args=[pk]),
    )


# --- Term evaluations --------------------------------------------------------------------


def _class_url(school_class: evaluations.SchoolClass, term: evaluations.Term) -> str:
    query = urlencode({"class": school_class.key, "term": str(term)})
    return f"{reverse('care:evaluation_class')}?{query}"


def _chosen_term(raw: str, terms: list[evaluations.Term]) -> evaluations.Term:
    try:
        term = evaluations.term_parse(raw)
    except DomainError:
        return terms[0]
    return term if term in terms else terms[0]


def _save_rows(
    user: User,
    term: evaluations.Term,
    rows: list[tuple[Person, TermEvaluation | None, EvaluationRowForm]],
) -> tuple[int, bool]:
    """Save the class page's filled rows, all or none; return (rows saved, any errors)."""
    saved, failed = 0, False
    with transaction.atomic():
        for person, stored, form in rows:
            if not form.is_valid():
                failed = True
                continue
            if (stored is None and form.is_blank()) or (
                stored is not None and form.same_as(stored)
            ):
                continue
            try:
                if stored is None:
                    evaluations.evaluation_create(
                        acting_user=user, person=person, term=str(term), data=form.to_data()
                    )
                else:
                    evaluations.evaluation_update(
                        acting_user=user,
                        evaluation=stored,
                        version=form.cleaned_data["version"] or 0,
                        data=form.to_data(),
                    )
            except DomainError as exc:
                form.add_domain_error(exc)
                failed = True
            else:
                saved += 1
        if failed:
            transaction.set_rollback(True)
    return saved, failed


@login_required
def evaluation_class(request: HttpRequest) -> HttpResponse:
    """The class teacher's page: pick a class and a term, grade every special-group pupil
    of the class on one page (a table on a desktop, one card per pupil on a phone)."""
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    classes = evaluations.classes_for(user)
    terms = evaluations.recent_terms()
    term = _chosen_term(request.GET.get("term", ""), terms)
    chosen = next((c for c in classes if c.key == request.GET.get("class")), None)
    if chosen is None and len(classes) == 1:
        chosen = classes[0]  # a class teacher with one class goes straight to it
    rows: list[tuple[Person, TermEvaluation | None, EvaluationRowForm]] = []
    if chosen is not None:
        for person, stored in evaluations.class_pupils(user, chosen, term):
            initial = (
                {f: getattr(stored, f) for f in (*evaluations.GRADED, "comment", "version")}
                if stored
                else {}
            )
            form = EvaluationRowForm(request.POST or None, prefix=f"p{person.pk}", initial=initial)
            rows.append((person, stored, form))
    if request.method == "POST" and chosen is not None:
        saved, failed = _save_rows(user, term, rows)
        if not failed:
            messages.success(request, _("%(count)s evaluations were saved.") % {"count": saved})
            return HttpResponseRedirect(_class_url(chosen, term))
        messages.error(request, _("Nothing was saved: correct the marked rows and save again."))
    return render(
        request,
        "care/plans/evaluation_class.html",
        {
            "classes": classes,
            "terms": terms,
            "term": term,
            "chosen": chosen,
            "rows": rows,
            "written": sum(1 for _p, stored, _f in rows if stored is not None),
        },
    )


@login_required
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    evaluation = evaluations.access_evaluation(user, pk)
    person = evaluation.person
    if not evaluations.can_evaluate(user, person):
        raise Http404
    initial = {f: getattr(evaluation, f) for f in (*evaluations.GRADED, "comment", "version")}
    form = EvaluationForm(request.POST or None, initial=initial)
    archive = reverse("care:progress_archive", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        try:
            evaluations.evaluation_update(
                acting_user=user,
                evaluation=evaluation,
                version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The evaluation was saved."))
            return HttpResponseRedirect(archive)
    term = evaluations.term_parse(evaluation.term)
    return _form_page(
        request,
        form,
        title=_("Term evaluation of %(name)s, %(term)s")
        % {"name": person.name, "term": term.label},
        cancel=archive,
    )


# --- Progress entries and the archive ----------------------------------------------------


@login_required
def progress_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access_person(user, pk)
    if not can_care_for(user, person):
        raise Http404
    form = ProgressForm(request.POST or None, initial={"on": timezone.localdate()})
    archive = reverse("care:progress_archive", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        try:
            progress.progress_entry_add(acting_user=user, person=person, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The progress was added to the archive."))
            return HttpResponseRedirect(archive)
    return _form_page(
        request,
        form,
        title=_("Add progress for %(name)s") % {"name": person.name},
        cancel=archive,
    )


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2100 else None


@login_required
def progress_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress archive (进步档案) of a person: one timeline, printable on A4 with the
    class teacher's and the principal's signatures."""
    user = request_user(request)
    person = access_person(user, pk)
    timeline = progress.progress_timeline(person, year=_year(request.GET.get("year", "")))
    # The archive gathers a person's care, evaluations and marks: reading it is audited
    # like opening the case file (PIPL).
    access_log(
        user=user,
        action=AuditAction.READ,
        obj=person,
        request=request,
        detail={"page": "progress_archive"},
    )
    return render(
        request,
        "care/plans/progress_archive.html",
        {
            "person": person,
            "timeline": timeline,
            "today": timezone.localdate(),
            "can_care": can_care_for(user, person),
            "can_evaluate": evaluations.can_evaluate(user, person),
        },
    )
