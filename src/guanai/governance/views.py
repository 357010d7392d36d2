"""The work organisation's own pages: the unit's page (工作机制) gathering each part's panel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def coming(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/coming.html")
