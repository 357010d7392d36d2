"""The giving demo (issue 16, point 9 — needs, donations, the charity fund).

Plan 四's special-education school lacks four large-capacity washing machines and new
dining tables and stools: a shop gives two machines (the need is partly met) and a company
ten sets of tables and stools (met). Plan 八's county charity fund takes cash from persons,
a company and anonymous givers, most of it on its charity day (11-19) — a campaign with its
own total — and makes three grants approved by the county's leader; 冷碛镇's fund has a
worker's request waiting for a leader. Everything goes through the services as the system
(and the township's worker for the request). It runs once: when the county's fund is on
file it changes nothing. Dates count back from ``today``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import User
from guanai.community import giving
from guanai.community.models.giving import Campaign, CharityFund, DonationMatch, Need, Urgency
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.orgs.services import org_unit_create
from guanai.registry.models import Category, Person

SPECIAL_SCHOOL = "泸定县特殊教育学校"


def _special_school(county: OrgUnit) -> OrgUnit:
    found = OrgUnit.objects.filter(parent=county, name=SPECIAL_SCHOOL).first()
    return found or org_unit_create(parent=county, kind=OrgKind.SCHOOL, name=SPECIAL_SCHOOL)


def _charity_day_year(today: date) -> int:
    """The last charity day on or before today: this year's, or last year's."""
    return today.year if date(today.year, 11, 19) <= today else today.year - 1


def _goods(
    need: Need,
    donor: str,
    item: str,
    quantity: int,
    measure: str,
    value: str,
    on: date,
    receipt: str,
) -> None:
    giving.donation_record(
        acting_user=SYSTEM,
        data=giving.DonationData(
            donor_kind="company",
            donor_name=donor,
            kind="in_kind",
            destination="need",
            item=item,
            quantity=quantity,
            measure=measure,
            value=value,
            on=on,
            receipt_number=receipt,
            acknowledged_on=on + timedelta(days=3),
        ),
        to=giving.Destined(need=need),
    )


def _cash(
    fund: CharityFund,
    donor_kind: str,
    donor: str,
    amount: str,
    on: date,
    receipt: str,
    campaign: Campaign | None = None,
    phone: str = "",
) -> None:
    giving.donation_record(
        acting_user=SYSTEM,
        data=giving.DonationData(
            donor_kind=donor_kind,
            donor_name=donor,
            donor_phone=phone,
            kind="cash",
            destination="fund",
            amount=amount,
            on=on,
            receipt_number=receipt,
        ),
        to=giving.Destined(fund=fund, campaign=campaign),
    )


@transaction.atomic
def demo_giving(units: dict[str, OrgUnit], today: date) -> int:
    """Add the needs, donations, funds and grants; return how many donations were made."""
    county = units["luding"]
    if CharityFund.objects.filter(org_unit=county).exists():
        return 0
    school = _special_school(county)
    posted = today - timedelta(days=75)
    machines = giving.need_post(
        acting_user=SYSTEM,
        org_unit=school,
        item="大容量洗衣机",
        quantity=4,
        measure="台",
        estimated_value="12000",
        urgency=Urgency.URGENT,
        posted_on=posted,
        why="学生住校，床单衣物每天要洗，现有洗衣机年久损坏，急需四台大容量的洗衣机。",
    )
    tables = giving.need_post(
        acting_user=SYSTEM,
        org_unit=school,
        item="新餐桌和凳子",
        quantity=10,
        measure="套",
        estimated_value="8000",
        urgency=Urgency.SOON,
        posted_on=posted,
        why="食堂餐桌凳子破旧，学生就餐不便。",
    )
    giving.need_post(
        acting_user=SYSTEM,
        org_unit=units["lengqi_school"],
        item="冬季棉被",
        quantity=30,
        measure="床",
        estimated_value="4500",
        urgency=Urgency.SOON,
        posted_on=posted,
        why="住校留守儿童过冬。",
    )
    _goods(
        machines,
        "泸定县兴达家电商行",
        "大容量洗衣机",
        2,
        "台",
        "6000",
        posted + timedelta(days=20),
        "TJ-2026-001",
    )
    _goods(
        tables,
        "四川康定某建材有限公司",
        "餐桌凳子",
        10,
        "套",
        "8000",
        posted + timedelta(days=30),
        "TJ-2026-002",
    )
    # The goods were matched to the needs the day they came, not the day the demo was built:
    # the monthly figures count a need met in the month its last item arrived.
    for match in DonationMatch.objects.filter(need__in=[machines, tables]).select_related(
        "donation"
    ):
        arrived = timezone.make_aware(datetime.combine(match.donation.on, time(10)))
        DonationMatch.objects.filter(pk=match.pk).update(created_at=arrived)

    year = _charity_day_year(today)
    fund = giving.fund_open(
        acting_user=SYSTEM, org_unit=county, name="泸定县慈善救助基金", opened_on=date(year, 1, 2)
    )
    day = giving.campaign_charity_day(acting_user=SYSTEM, fund=fund, year=year)
    _cash(fund, "person", "李明", "500", date(year, 3, 12), "CS-001", phone="13908141234")
    _cash(fund, "company", "泸定县农村商业银行", "10000", day.on, "CS-002", campaign=day)
    _cash(fund, "anonymous", "", "2000", day.on, "CS-003", campaign=day)
    _cash(fund, "person", "王芳", "200", day.on, "CS-004", campaign=day)
    _cash(fund, "company", "泸定县红樱桃餐饮有限公司", "3000", day.on, "CS-005", campaign=day)
    grants = [
        (3000, "重大疾病住院自付部分救助", day.on + timedelta(days=3)),
        (4000, "为住校学生购置冬季棉被和洗衣用品", day.on + timedelta(days=6)),
        (1500, "特困老人冬季取暖", day.on + timedelta(days=9)),
    ]
    person = (
        Person.objects.filter(
            subtree_q([county], field="org_unit__path"),
            archived_at__isnull=True,
            categories__category=Category.MAJOR_ILLNESS,
        )
        .order_by("pk")
        .first()
    )
    # The first grant goes to a major-illness patient of the county when the roster is
    # loaded, else to a township; the second to the special school, the third to 兴隆镇.
    recipients: list[tuple[Person | None, OrgUnit | None]] = [
        (person, None) if person is not None else (None, units["luqiao"]),
        (None, school),
        (None, units["xinglong"]),
    ]
    for (amount, reason, on), (to_person, to_unit) in zip(grants, recipients, strict=True):
        giving.grant_request(
            acting_user=SYSTEM,
            fund=fund,
            amount=str(amount),
            reason=reason,
            person=to_person,
            org_unit=to_unit,
            on=min(on, today),
        )

    township = giving.fund_open(
        acting_user=SYSTEM,
        org_unit=units["lengqi"],
        name="冷碛镇慈善救助基金",
        opened_on=date(year, 1, 2),
    )
    _cash(township, "company", "冷碛镇商会", "3000", day.on, "LQ-001")
    worker = User.objects.filter(username="township_worker").first()
    giving.grant_request(
        acting_user=worker or SYSTEM,
        fund=township,
        amount="800",
        reason="为留守儿童购置冬衣",
        org_unit=units["lengqi_school"],
        on=min(day.on + timedelta(days=10), today),
    )
    return 10
