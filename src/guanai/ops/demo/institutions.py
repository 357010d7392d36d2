"""The care institutions demo (issue 17): the county's residential care centre for
disabled persons, meeting the national service standard; then the day-care centre with gaps
(``institutions_daycare``) and the residents, services and township elder home
(``institutions_residents``).

泸定县残疾人托养中心 (a demo unit from the start) gets its unified social credit code, its
profile (residential, run by a social organisation on its own premises, 40 beds, every room
of 五 (一) 6, barrier-free, fire-safety certificate, a medical department, Sunshine Home
funding), a staff roster that meets every staffing rule (managers trained this year,
certified financial staff, a doctor and nurse, a rehabilitation therapist, an employment
instructor, a counsellor, a mental-health doctor for its residents with a mental
disability, a social worker and caregivers, all full-time), and evidence of every item
checked by hand. Everything goes through the services as the system. It runs once: when
the centre has a profile it changes nothing.
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
from guanai.ops.demo.institutions_daycare import demo_daycare
from guanai.ops.demo.institutions_residents import demo_residents
from guanai.orgs.models import OrgUnit
from guanai.orgs.services import org_unit_update

# Registered by the civil-affairs office (5) as a social service organisation (2) in 泸定县.
CENTRE_CODE = make_uscc("5", "2", "513322", "MJ1000012")

# (name, role, birth date, relevant study); 王秀英 and 李建国 are the managers.
STAFF = [
    ("王秀英", "manager", date(1972, 3, 14), "社会工作专业本科"),
    ("李建国", "manager", date(1978, 9, 2), "康复治疗学专业专科"),
    ("赵会计", "financial", date(1985, 6, 20), ""),
    ("陈医生", "doctor", date(1976, 1, 8), ""),
    ("刘护士", "nurse", date(1990, 11, 30), ""),
    ("杨康复", "rehabilitation", date(1988, 4, 17), ""),
    ("周就业", "employment", date(1986, 2, 5), ""),
    ("吴心理", "counsellor", date(1984, 7, 23), ""),
    ("孙医师", "mental_health", date(1981, 3, 30), "精神病学专业本科"),
    ("格桑卓玛", "social_worker", date(1992, 10, 10), ""),
    ("泽仁多吉", "caregiver", date(1980, 5, 1), ""),
    ("马大姐", "caregiver", date(1975, 12, 12), ""),
]
EVIDENCE = {
    "机构-1": "独立院落，距泸桥镇公交站约300米。",
    "机构-3": "民办非企业单位登记证书、托养机构备案手续齐全。",
    "机构-4": "服务项目、服务指南和工作流程张贴在一楼大厅。",
    "机构-5": "县财政托养补贴、阳光家园计划资金和服务收费，年度预算已批复。",
    "机构-10": "大门和大厅悬挂“阳光家园计划”专用标识。",
    "管理-2": "两名管理人员参加县残联政策法规学习，考试合格。",
}


@transaction.atomic
def demo_institutions(units: dict[str, OrgUnit], today: date) -> Institution:
    """Fill the county's care centre as above (once); return its profile."""
    unit = units["institution"]
    done = Institution.objects.filter(org_unit=unit).first()
    if done is not None:
        return done
    if not unit.code:
        unit = org_unit_update(
            unit=unit, version=unit.version, name=unit.name, code=CENTRE_CODE, is_active=True
        )
        units["institution"] = unit
    centre = institution_profile_save(
        acting_user=SYSTEM,
        unit=unit,
        data=ProfileData(
            type="residential",
            operator="social",
            premises="own",
            capacity=40,
            registration="民办非企业单位登记证书",
            funding_source="县财政托养补贴、阳光家园计划资金、服务收费",
            sunshine_home=True,
            facilities=list(Facility.values),
            barrier_free=True,
            fire_certificate=True,
            medical_department=True,
        ),
    )
    a_while_ago = year_before(today, 4)
    for name, role, born, study in STAFF:
        staff = staff_add(
            acting_user=SYSTEM,
            institution=centre,
            data=StaffData(name=name, role=role, birth_date=born, relevant_study=study),
            today=today,
        )
        if role == "manager":
            training_add(
                acting_user=SYSTEM,
                staff=staff,
                on=a_while_ago,
                title="甘孜州残疾人托养机构管理人员培训班",
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
    daycare = demo_daycare(units, today)
    demo_residents(units, centre, daycare, today)
    return centre
