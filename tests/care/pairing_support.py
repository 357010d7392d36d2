"""Helpers shared by the pairing tests: pupils and accounts of the test region."""

from __future__ import annotations

import itertools
from datetime import date

from guanai.accounts.models import Role, User
from guanai.care import pairing
from guanai.care.models import HelperRole, Pairing
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry import services
from guanai.registry.models import Category, Person
from tests import factories
from tests.conftest import Region

# ID numbers must differ across the pupils of one test; 1 … 99 are the other tests'.
# ID numbers have a 3-digit sequence: the counter wraps (each test rolls back).
_sequence = itertools.cycle(range(100, 1000))
START = date(2025, 9, 1)


def pupil(
    worker: User,
    school: OrgUnit,
    name: str,
    *,
    class_name: str = "2班",
    categories: tuple[str, ...] = (Category.LEFT_BEHIND,),
) -> Person:
    """Register a special-group pupil of ``school`` in 三年级 ``class_name``."""
    return services.person_register(
        acting_user=worker,
        org_unit=school,
        data=services.PersonData(
            name=name,
            id_number=make_id("513322", date(2015, 5, 5), next(_sequence)),
            school=school,
            grade="三年级",
            class_name=class_name,
        ),
        categories=[(c, date(2024, 9, 1)) for c in categories],
    )


def pupils(worker: User, school: OrgUnit, count: int, *, prefix: str = "学生") -> list[Person]:
    return [pupil(worker, school, f"{prefix}{n}") for n in range(count)]


def pair(
    worker: User, person: Person, helper: User, role: str = HelperRole.SUBJECT_TEACHER
) -> Pairing:
    return pairing.pairing_start(
        acting_user=worker, person=person, helper=helper, role=role, started_on=START
    )


def other_county(region: Region) -> tuple[OrgUnit, OrgUnit]:
    """Return another county of the prefecture (泸定县's neighbour) and a school in it."""
    county = factories.org_unit(
        parent=region.prefecture, kind=OrgKind.COUNTY, name="康定市", code="513301"
    )
    township = factories.org_unit(
        parent=county, kind=OrgKind.TOWNSHIP, name="姑咱镇", code="513301100000"
    )
    return county, factories.org_unit(parent=township, kind=OrgKind.SCHOOL, name="姑咱小学")


def account(unit: OrgUnit, role: Role, full_name: str) -> User:
    return factories.user(unit=unit, role=role, full_name=full_name)
