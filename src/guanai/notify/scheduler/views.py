"""The system administrator's jobs page: each job's schedule, last and next run, "run now",
and one job's recent runs. Anyone else is refused (403), as on the other admin pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.requests import request_user
from guanai.notify import jobs
from guanai.notify.scheduler import selectors
from guanai.notify.scheduler.tasks import job_run_task


def _sysadmin(request: HttpRequest) -> User:
    """The system administrator's pages: anyone else is refused (403), as the other
    admin pages are."""
    user = request_user(request)
    scoping.require_role(user, Role.SYSADMIN)
    return user


def _job(name: str) -> jobs.Job:
    job = jobs.get(name)
    if job is None:
        raise Http404
    return job


def job_list(request: HttpRequest) -> HttpResponse:
    _sysadmin(request)
    return render(request, "notify/jobs/list.html", {"lines": selectors.overview(timezone.now())})


def job_detail(request: HttpRequest, name: str) -> HttpResponse:
    _sysadmin(request)
    job = _job(name)
    now = timezone.now()
    runs = selectors.history(job.name)
    return render(
        request,
        "notify/jobs/detail.html",
        {
            "line": selectors.job_line(job, runs[0] if runs else None, now),
            "runs": selectors.run_lines(runs),
        },
    )


@require_POST
def job_run(request: HttpRequest, name: str) -> HttpResponse:
    """Queue the job to run now (the worker runs it; its row appears in the history)."""
    user = _sysadmin(request)
    job = _job(name)
    job_run_task.enqueue(job.name, timezone.now().isoformat(), user.pk)
    messages.success(
        request,
        _("“%(job)s” is queued to run now; its run appears below once the worker has done it.")
        % {"job": job.label},
    )
    return redirect("notify:job", name=job.name)
