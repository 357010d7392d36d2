"""The demo's day-care centre with gaps (issue 17): what a county federation finds wrong.

冷碛镇残疾人日间照料中心 is a private day-care centre in a leased building. Its profile and
roster meet the standard except for three things the checklist must show: a lease of 3
years (机构-2 asks 5), no psychological counsellor (专业-4), and a manager, 张德明, whose last
management training was two years ago (管理-5). Every item checked by hand has its evidence,
so those three are the only unmet items. Needs no roster: the browser tests fill it too.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from guanai.core.actors import SYSTEM
from guanai.core.uscc import make_uscc
from guanai.institutions.checklist import item_check_set
from guanai.institutions.models import Facility, Institution
from guanai.institutions.register import ProfileData, institution_profile_save
from guanai.institutions.roster import StaffData, qualification_add, staff_add, training_add
from guanai.institutions.standard import year_before
from guanai.orgs.models import OrgUnit

# Registered by the civil-affairs office (5) as a social service organisation (2) in 泸定县.
DAYCARE_CODE = make_uscc("5", "2", "513322", "MJ1000021")
LEASE_YEARS = 3

# (name, role, birth date, relevant study); 罗春梅 was trained this year, 张德明 two years ago.
STAFF = [
    ("罗春梅", "manager", date(1979, 8, 16), "社会工作专业专科"),
    ("张德明", "manager", date(1968, 4, 3), "康复治疗技术培训班结业"),
    ("李会计", "financial", date(1991, 3, 9), ""),
    ("黄康复", "rehabilitation", date(1993, 12, 1), ""),
    ("何就业", "employment", date(1987, 6, 28), ""),
    ("卓玛", "caregiver", date(1983, 2, 14), ""),
    ("杨阿姨", "caregiver", date(1972, 9, 19), ""),
]
EVIDENCE = {
    "机构-1": "位于冷碛镇场镇，紧邻镇卫生院，步行可达。",
    "机构-3": "民办非企业单位登记证书，县残联托养机构备案。",
    "机构-4": "服务项目和收费标准张贴在活动室门口。",
    "机构-5": "县残联日间照料补贴和服务收费，收支台账齐全。",
    "管理-2": "两名管理人员参加县残联政策法规学习。",
}


@transaction.atomic
def demo_daycare(units: dict[str, OrgUnit], today: date) -> Institution:
    """Fill the day-care centre as above (once); return its profile."""
    unit = units["daycare"]
    done = Institution.objects.filter(org_unit=unit).first()
    if done is not None:
        return done
    centre = institution_profile_save(
        acting_user=SYSTEM,
        unit=unit,
        data=ProfileData(
            type="day_care",
            operator="private",
            premises="leased",
            lease_years=LEASE_YEARS,
            capacity=20,
            registration="民办非企业单位登记证书",
            funding_source="县残联日间照料补贴、服务收费",
            facilities=[f for f in Facility.values if f != Facility.LIVING_ROOMS],
            barrier_free=True,
            fire_certificate=True,
        ),
    )
    for name, role, born, study in STAFF:
        staff = staff_add(
            acting_user=SYSTEM,
            institution=centre,
            data=StaffData(name=name, role=role, birth_date=born, relevant_study=study),
            today=today,
        )
        if role == "manager":
            months = 3 if name == "罗春梅" else 24
            training_add(
                acting_user=SYSTEM,
                staff=staff,
                on=year_before(today, months),
                title="泸定县残疾人托养机构管理人员培训",
                kind="management",
            )
        if role == "financial":
            qualification_add(acting_user=SYSTEM, staff=staff, title="会计专业技术资格证书（初级）")
    for ref, note in EVIDENCE.items():
        item_check_set(
            acting_user=SYSTEM,
            institution=centre,
            ref=ref,
            status="met",
            note=note,
            checked_on=today,
            today=today,
        )
    return centre
