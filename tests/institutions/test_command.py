"""``guanai institution-check --org CODE --json``: the fixed shape other tools read, the
counts equal to the items, and bad input refused on stderr with nothing on stdout."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guanai.institutions.models import ItemStatus
from tests.conftest import Region
from tests.institutions.support import LENGQI_HOME_CODE, compliant_staff, hire, home_in

REFS = [
    *(f"机构-{n}" for n in range(1, 11)),
    *(f"管理-{n}" for n in range(1, 6)),
    *(f"专业-{n}" for n in range(1, 6)),
]


def check(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("institution_check", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_json_names_every_item_by_the_standards_numbering(region: Region) -> None:
    home = home_in(region.lengqi, premises="leased", lease_years=3)
    compliant_staff(home.institution)

    found = check("--org", LENGQI_HOME_CODE, "--json")

    assert list(found) == ["org", "met", "not_met", "not_applicable", "items"]
    assert found["org"] == LENGQI_HOME_CODE
    items = found["items"]
    assert isinstance(items, list)
    assert [i["ref"] for i in items] == REFS
    assert all(list(i) == ["ref", "status", "reason"] for i in items)
    assert all(i["status"] in ItemStatus.values and i["reason"] for i in items)
    for status in ItemStatus.values:
        assert found[status] == sum(1 for i in items if i["status"] == status)
    by_ref = {i["ref"]: i for i in items}
    # The lease decided it, and the reason names the years
    assert by_ref["机构-2"]["status"] == "not_met"
    assert "3" in by_ref["机构-2"]["reason"] and "5" in by_ref["机构-2"]["reason"]
    assert by_ref["专业-4"]["status"] == "not_met"


def test_the_counsellor_added_shows_in_the_next_check(region: Region) -> None:
    home = home_in(region.lengqi)
    compliant_staff(home.institution)
    before = check("--org", LENGQI_HOME_CODE, "--json")
    hire(home.institution, "张咨询", "counsellor")
    after = check("--org", LENGQI_HOME_CODE.lower(), "--json")
    assert after["met"] == before["met"] + 1  # type: ignore[operator]
    assert after["not_met"] == before["not_met"] - 1  # type: ignore[operator]


def test_without_json_one_line_per_item(region: Region) -> None:
    home_in(region.lengqi)
    out = StringIO()
    call_command("institution_check", "--org", LENGQI_HOME_CODE, stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split("\t")[0] for line in lines[1:-1]] == REFS


@pytest.mark.parametrize("code", ["", "91440300715267", "513322101000"])
def test_a_code_of_no_institution_is_refused(region: Region, code: str) -> None:
    home_in(region.lengqi)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("institution_check", "--org", code, "--json", stdout=out)
    assert out.getvalue() == ""


def test_an_institution_without_its_profile_is_refused(region: Region) -> None:
    from guanai.core.uscc import make_uscc
    from guanai.orgs.models import OrgKind
    from tests import factories

    code = make_uscc("5", "2", "513322", "MJ0000099")
    factories.org_unit(parent=region.lengqi, kind=OrgKind.INSTITUTION, name="新机构", code=code)
    with pytest.raises(CommandError) as refused:
        call_command("institution_check", "--org", code, "--json", stdout=StringIO())
    assert "新机构" in str(refused.value)
