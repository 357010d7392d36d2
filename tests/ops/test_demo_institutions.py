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
from guanai.ops.demo.institutions_daycare import DAYCARE_CODE, demo_daycare
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
    assert Staff.objects.filter(institution=centre).count() == 12
    assert centre.org_unit.code == CENTRE_CODE
    assert [v.ref for v in found.verdicts if v.status == "not_met"] == []
    # Not applicable: 机构-9 (not run by the government) and 专业-3 (no residents without
    # the roster)
    assert [v.ref for v in found.verdicts if v.status == "not_applicable"] == ["机构-9", "专业-3"]
    printed = json.loads(out.getvalue())
    assert (printed["org"], printed["met"], printed["not_met"]) == (CENTRE_CODE, 18, 0)


@pytest.mark.django_db
def test_the_day_care_centre_lacks_exactly_what_the_issue_names() -> None:
    # A lease of 3 years, no counsellor, a manager without management training this year
    units = demo_build(roster=False)
    with on(TODAY):
        demo_institutions(units, TODAY)
        daycare = demo_daycare(units, TODAY)
        found = checklist(daycare, TODAY)

    assert daycare.org_unit.code == DAYCARE_CODE
    unmet = {v.ref: str(v.reason) for v in found.verdicts if v.status == "not_met"}
    assert list(unmet) == ["机构-2", "管理-5", "专业-4"]
    assert "3" in unmet["机构-2"]
    assert "张德明" in unmet["管理-5"] and "罗春梅" not in unmet["管理-5"]
    assert not Staff.objects.filter(institution=daycare, role="counsellor").exists()
