"""A care institution's unit is coded by its unified social credit code (issue 17): checked,
normalised, found by the import; other units keep division codes only."""

from __future__ import annotations

import pytest

from guanai.core.errors import ValidationFailed
from guanai.core.uscc import make_uscc
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_create, org_unit_update
from tests.conftest import Region

# Registered in 贵州 (52): the division part names the registering office, not the tree.
ELSEWHERE = make_uscc("5", "2", "520102", "MJ1234567")


def test_an_institution_takes_a_code_typed_in_lower_case_and_full_width(region: Region) -> None:
    typed = "".join(chr(ord(c) + 0xFEE0) for c in ELSEWHERE.lower())
    unit = org_unit_create(
        parent=region.lengqi, kind=OrgKind.INSTITUTION, name="托养中心", code=typed
    )
    stored = OrgUnit.objects.get(pk=unit.pk)
    assert stored.code == ELSEWHERE
    # The province of the tree, not of the registering office (the sharding key)
    assert stored.province_code == "51"


def test_a_mistyped_institution_code_is_refused(region: Region) -> None:
    wrong = ELSEWHERE[:-1] + ("0" if ELSEWHERE[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as refused:
        org_unit_create(parent=region.lengqi, kind=OrgKind.INSTITUTION, name="托养中心", code=wrong)
    assert refused.value.field == "code"
    assert not OrgUnit.objects.filter(kind=OrgKind.INSTITUTION).exists()


def test_a_school_takes_no_credit_code(region: Region) -> None:
    with pytest.raises(ValidationFailed):
        org_unit_create(parent=region.lengqi, kind=OrgKind.SCHOOL, name="新学校", code=ELSEWHERE)


def test_a_township_recoded_keeps_its_institution(region: Region) -> None:
    org_unit_create(parent=region.lengqi, kind=OrgKind.INSTITUTION, name="托养中心", code=ELSEWHERE)
    township = OrgUnit.objects.get(pk=region.lengqi.pk)
    # The institution's code does not start with the township's: it is not a division
    org_unit_update(
        unit=township, version=township.version, name="冷碛镇", code="513322101000", is_active=True
    )
    assert OrgUnit.objects.get(code=ELSEWHERE).province_code == "51"


def test_an_institution_is_given_its_code_later(region: Region) -> None:
    unit = org_unit_create(parent=region.lengqi, kind=OrgKind.INSTITUTION, name="托养中心")
    org_unit_update(unit=unit, version=unit.version, name=unit.name, code=ELSEWHERE, is_active=True)
    stored = OrgUnit.objects.get(pk=unit.pk)
    assert (stored.code, stored.province_code) == (ELSEWHERE, "51")
