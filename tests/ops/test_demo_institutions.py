"""The institutions demo: the county's care centre, coded, meeting every item of the
national standard that applies (issue 17, first step)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from guanai.institutions.checklist import checklist
from guanai.institutions.models import Staff
from guanai.ops.demo import demo_build
from guanai.ops.demo.institutions import CENTRE_CODE, demo_institutions
from tests.care.log_support import on

TODAY = date(2026, 12, 6)


@pytest.mark.django_db
def test_the_care_centre_meets_the_standard_and_is_made_once() -> None:
    units = demo_build(roster=False)
    with on(TODAY):
        centre = demo_institutions(units, TODAY)
        again = demo_institutions(units, TODAY)
        found = checklist(centre, TODAY)
        out = StringIO()
        call_command("institution_check", "--org", CENTRE_CODE, "--json", stdout=out)

    assert again.pk == centre.pk
    assert Staff.objects.filter(institution=centre).count() == 11
    assert centre.org_unit.code == CENTRE_CODE
    assert [v.ref for v in found.verdicts if v.status == "not_met"] == []
    # Not applicable: 机构-9 (not run by the government) and 专业-3 (no residents yet)
    assert [v.ref for v in found.verdicts if v.status == "not_applicable"] == ["机构-9", "专业-3"]
    printed = json.loads(out.getvalue())
    assert (printed["org"], printed["met"], printed["not_met"]) == (CENTRE_CODE, 18, 0)
