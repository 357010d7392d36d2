"""The demo: 四川省 → 甘孜藏族自治州 → 泸定县, the region plan 篇八 comes from.

Built deterministically and idempotently: running it twice changes nothing the second
time. Every later app adds its own demo records through ``demo_build``'s steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.accounts.services import membership_grant, user_create
from guanai.core.actors import SYSTEM
from guanai.core.bulk import gather_statistics
from guanai.core.crypto import lookup_hash
from guanai.core.idnumber import make_id
from guanai.ops.demo.activities import demo_activities
from guanai.ops.demo.benefits import demo_benefits
from guanai.ops.demo.care import demo_care
from guanai.ops.demo.community_giving import demo_giving
from guanai.ops.demo.community_volunteers import demo_volunteers
from guanai.ops.demo.crosscheck import demo_crosscheck
from guanai.ops.demo.governance import demo_governance
from guanai.ops.demo.inkind import demo_inkind
from guanai.ops.demo.institutions import demo_institutions
from guanai.ops.demo.institutions_daycare import DAYCARE_CODE
from guanai.ops.demo.notify import demo_notify
from guanai.ops.demo.reports import demo_reports
from guanai.ops.demo.roster import demo_roster
from guanai.ops.demo.surveys import demo_surveys
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_create, org_unit_update
from guanai.registry.models import Category, ContactKind, Health, Person, SchoolingStatus
from guanai.registry.services import PersonData, contact_add, person_register

DEMO_PASSWORD = "Guanai@2026"

# Registered by the establishment office (1) as a public institution (2) in 泸定县.
ELDER_HOME_CODE = "12513322MB1000031G"  # core.uscc.make_uscc("1", "2", "513322", "MB1000031")

# (key, parent key, kind, name, code)
UNITS: list[tuple[str, str | None, OrgKind, str, str]] = [
    ("sichuan", None, OrgKind.PROVINCE, "四川省", "510000"),
    ("ganzi", "sichuan", OrgKind.PREFECTURE, "甘孜藏族自治州", "513300"),
    ("luding", "ganzi", OrgKind.COUNTY, "泸定县", "513322"),
    ("luqiao", "luding", OrgKind.TOWNSHIP, "泸桥镇", "513322100000"),
    ("lengqi", "luding", OrgKind.TOWNSHIP, "冷碛镇", "513322101000"),
    ("xinglong", "luding", OrgKind.TOWNSHIP, "兴隆镇", "513322102000"),
    ("zanli", "luqiao", OrgKind.VILLAGE, "咱里村", "513322100201"),
    ("anle", "luqiao", OrgKind.VILLAGE, "安乐社区", "513322100001"),
    ("ganlusi", "lengqi", OrgKind.VILLAGE, "甘露寺村", "513322101201"),
    ("tuanjie", "lengqi", OrgKind.VILLAGE, "团结村", "513322101202"),
    ("shencun", "xinglong", OrgKind.VILLAGE, "沈村", "513322102201"),
    ("hualin", "xinglong", OrgKind.VILLAGE, "化林村", "513322102202"),
    ("luqiao_school", "luqiao", OrgKind.SCHOOL, "泸桥镇中心小学", ""),
    ("second_school", "luqiao", OrgKind.SCHOOL, "泸定县第二小学", ""),
    ("lengqi_school", "lengqi", OrgKind.SCHOOL, "冷碛镇中心小学", ""),
    ("xinglong_school", "xinglong", OrgKind.SCHOOL, "兴隆镇中心小学", ""),
    ("kindergarten", "luqiao", OrgKind.KINDERGARTEN, "泸定县幼儿园", ""),
    ("institution", "luding", OrgKind.INSTITUTION, "泸定县残疾人托养中心", ""),
    ("daycare", "lengqi", OrgKind.INSTITUTION, "冷碛镇残疾人日间照料中心", DAYCARE_CODE),
    ("elder_home", "luqiao", OrgKind.INSTITUTION, "泸桥镇敬老院", ELDER_HOME_CODE),
    ("volunteers", "luding", OrgKind.VOLUNTEER_GROUP, "泸定县关爱志愿者协会", ""),
    ("civil_affairs", "luding", OrgKind.OFFICE, "泸定县民政局", ""),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    unit: str
    role: Role
    what: str


USERS = [
    DemoUser("admin", "杨志强", "luding", Role.SYSADMIN, "系统管理员 · 泸定县"),
    DemoUser("security", "罗晓燕", "luding", Role.SECADMIN, "安全管理员 · 泸定县"),
    DemoUser("auditor", "周明", "luding", Role.AUDITOR, "审计管理员 · 泸定县"),
    DemoUser("county_leader", "高德华", "civil_affairs", Role.LEADER, "负责人 · 泸定县民政局"),
    DemoUser("principal", "陈淑芬", "lengqi_school", Role.LEADER, "校长 · 冷碛镇中心小学"),
    DemoUser("township_worker", "李秀英", "lengqi", Role.WORKER, "工作人员 · 冷碛镇"),
    DemoUser("teacher", "张丽", "lengqi_school", Role.WORKER, "班主任 · 冷碛镇中心小学"),
    DemoUser("helper", "曾强", "lengqi_school", Role.HELPER, "帮扶人 · 冷碛镇中心小学"),
    DemoUser("xinglong_worker", "单文军", "xinglong", Role.WORKER, "工作人员 · 兴隆镇"),
    DemoUser("volunteer", "泽仁拉姆", "volunteers", Role.VOLUNTEER, "志愿者 · 志愿者协会"),
    DemoUser("prefecture_viewer", "格桑", "ganzi", Role.VIEWER, "上级查看 · 甘孜州"),
]


@transaction.atomic
def demo_build(
    *, roster: bool = True, care: bool = True, activities: bool = True
) -> dict[str, OrgUnit]:
    """Create the demo units and accounts that do not exist yet; return units by key.

    ``roster`` adds the 2,000 persons and ``care`` the care work on them (tests of the
    accounts alone leave both out: they take a few seconds). ``activities`` adds plans,
    events and birthdays; it rides with ``care`` (the browser tests' ``care=False`` setup
    needs none of it and stays fast), before the reports, whose facts then count them.
    """
    units: dict[str, OrgUnit] = {}
    for key, parent_key, kind, name, code in UNITS:
        parent = units[parent_key] if parent_key else None
        existing = OrgUnit.objects.filter(parent=parent, name=name).first()
        units[key] = existing or org_unit_create(parent=parent, kind=kind, name=name, code=code)
    # Roles the county leader also holds: leader of the county, for the dashboards.
    for demo in USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = user_create(
                acting_user=SYSTEM,
                username=demo.username,
                full_name=demo.full_name,
                password=DEMO_PASSWORD,
                org_unit=units[demo.unit],
                role=demo.role,
                must_change_password=False,
            )
    leader = User.objects.get(username="county_leader")
    if not leader.memberships.filter(org_unit=units["luding"]).exists():
        membership_grant(
            acting_user=SYSTEM, user=leader, org_unit=units["luding"], role=Role.LEADER
        )
    for n, key in enumerate(["luqiao_school", "second_school", "lengqi_school", "xinglong_school"]):
        school = units[key]
        if not school.phone:
            units[key] = org_unit_update(
                unit=school,
                version=school.version,
                name=school.name,
                code=school.code,
                is_active=True,
                phone=f"0836-31212{n:02d}",
            )
    demo_persons(units)
    if roster:
        demo_roster(units)
    if roster and care:
        # The demo is one transaction: the planner learns the sizes of what it has filled.
        gather_statistics()
        demo_care(units)  # gathers them again for its own records, before its detection
        demo_benefits(units)
        if activities:
            demo_activities(units)
            demo_volunteers(units, timezone.localdate())
            demo_giving(units, timezone.localdate())
            demo_institutions(units, timezone.localdate())
            demo_surveys(units, timezone.localdate())
            demo_inkind(units, timezone.localdate())
            demo_crosscheck(units, timezone.localdate())
        gather_statistics()
        demo_reports(units)
        if activities:
            # After the reports: a visit's checklist and the targets read their figures.
            demo_governance(units, timezone.localdate())
            # Last: the messages are what the other parts left to do.
            demo_notify([demo.username for demo in USERS], timezone.localdate())
    return units


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高罗郑曾单解"
GIVEN = ["子涵", "浩然", "欣怡", "宇轩", "诗琪", "俊杰", "雨萱", "梓豪", "佳怡", "晨阳", "思远"]
TIBETAN = ["泽仁拉姆", "扎西次仁", "卓玛", "格桑曲珍", "益西多吉", "央金"]
CHILD_CATEGORIES = [
    [Category.LEFT_BEHIND],
    [Category.LEFT_BEHIND, Category.SINGLE_PARENT],
    [Category.MIGRANT_CHILD],
    [Category.ORPHAN],
    [Category.UNSUPPORTED_CHILD],
    [Category.DISABLED],
]
ADULT_CATEGORIES = [[Category.DISABLED], [Category.TEKUN], [Category.DIBAO], [Category.SANWU]]


def _demo_name(n: int) -> str:
    if n % 7 == 6:
        return TIBETAN[n % len(TIBETAN)]
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 5) % len(GIVEN)]


def demo_persons(units: dict[str, OrgUnit]) -> int:
    """Register a small, deterministic roster: children at schools, adults in villages.

    Returns how many persons were created (0 when the demo ran before).
    """
    created = 0
    schools = ["luqiao_school", "second_school", "lengqi_school", "xinglong_school"]
    villages = ["zanli", "anle", "ganlusi", "tuanjie", "shencun", "hualin"]
    plan: list[tuple[OrgUnit, OrgUnit | None, date, list[Category]]] = []
    for i, key in enumerate(schools):
        school = units[key]
        for j in range(10):
            birth = date(2013 + (j % 5), 1 + (i + j) % 12, 1 + (j * 3) % 28)
            # Pupils are managed by their school, whose class teachers keep the roster.
            plan.append((school, school, birth, CHILD_CATEGORIES[j % 6]))
    for i, key in enumerate(villages):
        for j in range(5):
            birth = date(1945 + (i * 7 + j * 5) % 50, 1 + j % 12, 10 + i)
            plan.append((units[key], None, birth, ADULT_CATEGORIES[(i + j) % 4]))
    for n, (unit, attends, birth, categories) in enumerate(plan):
        number = make_id(unit.code[:6] if unit.code else "513322", birth, 100 + n)
        if Person.objects.filter(id_hash=lookup_hash(number)).exists():
            continue
        person = person_register(
            acting_user=SYSTEM,
            org_unit=unit,
            data=PersonData(
                name=_demo_name(n),
                id_number=number,
                ethnicity="藏族" if n % 7 == 6 else "汉族",
                school=attends,
                grade=f"{1 + n % 6}年级" if attends else "",
                class_name=f"{1 + n % 3}班" if attends else "",
                schooling_status=SchoolingStatus.IN_SCHOOL if attends else "",
                health=Health.DISABLED if Category.DISABLED in categories else Health.HEALTHY,
                address=f"{unit.name}{1 + n % 9}组",
            ),
            categories=[(c, date(2024, 9, 1)) for c in categories],
        )
        if attends is not None:
            contact_add(
                acting_user=SYSTEM,
                person=person,
                kind=ContactKind.GUARDIAN,
                name=SURNAMES[n % len(SURNAMES)] + "奶奶",
                relation="祖母",
                phone=f"139{n:08d}",
                is_guardian=True,
            )
        created += 1
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    """Return (username, password, what the account is) for the README and the console."""
    return [(u.username, DEMO_PASSWORD, u.what) for u in USERS]
