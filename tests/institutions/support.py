"""A care institution of the test region: its unit (coded by a unified social credit code),
its profile, staff account and roster, made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.core.uscc import make_uscc
from guanai.institutions.models import Facility, Institution, Staff
from guanai.institutions.register import ProfileData, institution_profile_save
from guanai.institutions.roster import StaffData, qualification_add, staff_add, training_add
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories

TODAY = date(2026, 12, 6)
# Registered by the civil-affairs office (5) as a social service organisation (2) in 泸定县.
LENGQI_HOME_CODE = make_uscc("5", "2", "513322", "MJ0000001")
XINGLONG_HOME_CODE = make_uscc("5", "2", "513322", "MJ0000002")


@dataclass
class Home:
    unit: OrgUnit
    institution: Institution
    # A worker of the institution itself (its own staff account).
    clerk: User


def home_in(
    township: OrgUnit,
    *,
    name: str = "冷碛镇阳光家园",
    code: str = LENGQI_HOME_CODE,
    **profile: object,
) -> Home:
    """Return a residential institution under ``township`` with every room, barrier-free
    access and a fire-safety certificate, own premises, and no staff yet."""
    unit = factories.org_unit(parent=township, kind=OrgKind.INSTITUTION, name=name, code=code)
    data = ProfileData(
        type="residential",
        operator="social",
        premises="own",
        capacity=30,
        facilities=list(Facility.values),
        barrier_free=True,
        fire_certificate=True,
        registration="民办非企业单位登记证书",
        funding_source="财政补助和服务收费",
    )
    for key, value in profile.items():
        setattr(data, key, value)
    institution = institution_profile_save(acting_user=SYSTEM, unit=unit, data=data)
    clerk = factories.user(unit=unit, role=Role.WORKER, full_name="机构文员")
    return Home(unit=unit, institution=institution, clerk=clerk)


def hire(
    institution: Institution,
    name: str,
    role: str,
    *,
    born: date = date(1980, 3, 1),
    full_time: bool = True,
    relevant_study: str = "",
) -> Staff:
    return staff_add(
        acting_user=SYSTEM,
        institution=institution,
        data=StaffData(
            name=name,
            role=role,
            birth_date=born,
            full_time=full_time,
            relevant_study=relevant_study,
        ),
        today=TODAY,
    )


def compliant_staff(institution: Institution) -> None:
    """Staff that meet every automatic staffing rule except the counsellor's (专业-4)."""
    manager = hire(institution, "王院长", "manager", relevant_study="社会工作专业")
    training_add(
        acting_user=SYSTEM,
        staff=manager,
        on=date(2026, 6, 1),
        title="托养机构管理",
        kind="management",
    )
    financial = hire(institution, "钱会计", "financial")
    qualification_add(acting_user=SYSTEM, staff=financial, title="会计从业资格证")
    hire(institution, "陈康复", "rehabilitation")
    hire(institution, "刘就业", "employment")
