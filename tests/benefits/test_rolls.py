"""Payment rolls: generation in SQL, local standards, review, locking, adjustments, scope."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone, translation
from zeal import zeal_context

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.benefits.entitlements import entitlement_grant, payment_account_set
from guanai.benefits.models import LineKind, PaymentRoll, RollLine, RollStatus
from guanai.benefits.policies import policy_rate_add
from guanai.benefits.rolls import (
    RollLinesPaginator,
    access_roll,
    roll_accounts_missing,
    roll_adjustment_add,
    roll_approve,
    roll_gaps,
    roll_gaps_count,
    roll_generate,
    roll_lines,
    roll_return,
    roll_submit,
    roll_summary,
    rolls_visible,
)
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.registry.models import Person
from tests.benefits.fixtures_rolls import (
    EARLIER,
    MONTH,
    SINCE,
    approved_roll,
    person,
    scattered_orphan,
)
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

# The named users of the benefits tests (township_leader, county_worker, county_viewer).
pytest_plugins = ["tests.benefits.fixtures_rolls"]


def _lines(roll: PaymentRoll) -> list[tuple[Any, ...]]:
    return [
        (line.person.name, line.item, line.kind, line.quantity, line.rate, line.amount)
        for line in roll_lines(roll)
    ]


def _snapshot(roll: PaymentRoll) -> tuple[Any, ...]:
    roll.refresh_from_db()
    lines = list(RollLine.objects.filter(roll=roll).order_by("pk").values())
    return (roll.status, roll.version, roll.lines_count, roll.total, roll.review_note, lines)


# --- Generation --------------------------------------------------------------------------


def test_generate_pays_the_subtree_in_unit_and_name_order(
    region: Region, township_worker: User
) -> None:
    # Given persons in the township, its village and school, another township, archived
    scattered_orphan(region.ganlusi, "王芳")
    person(
        region.lengqi,
        "李明",
        ("orphan", SINCE, {"support": "centralised"}),
        ("disabled", SINCE, {"type": 5}),
    )
    person(region.lengqi_school, "赵红", ("disabled", SINCE, {"grade": 1}))
    scattered_orphan(region.shencun, "沈村人")
    person(region.ganlusi, "故人", ("orphan", SINCE, {"support": "scattered"}), archived=True)
    # When the township's roll is generated
    roll = roll_generate(
        acting_user=township_worker, org_unit=region.lengqi, month=date(2025, 3, 9)
    )
    # Then only the township's living persons are on it, at the national standards
    assert roll.month == MONTH and roll.status == RollStatus.DRAFT
    assert _lines(roll) == [
        ("李明", "orphan_centralised", "regular", 1, Decimal("1000.00"), Decimal("1000.00")),
        ("王芳", "orphan_scattered", "regular", 1, Decimal("600.00"), Decimal("600.00")),
        ("赵红", "sunshine_home", "regular", 1, Decimal("50.00"), Decimal("50.00")),
    ]
    assert (roll.lines_count, roll.persons_count, roll.total) == (3, 3, Decimal("1650.00"))
    assert roll.generated_by == township_worker and roll.generated_at is not None


def test_local_standards_raise_the_lines_of_their_subtree(
    region: Region, county_leader: User, township_leader: User, county_worker: User
) -> None:
    policy_rate_add(
        acting_user=county_leader,
        org_unit=region.county,
        item="orphan_scattered",
        effective_from=SINCE,
        amount="650",
    )
    lengqi = policy_rate_add(
        acting_user=township_leader,
        org_unit=region.lengqi,
        item="orphan_scattered",
        effective_from=date(2025, 1, 1),
        amount="700",
    )
    # A village standard that takes effect after the month's first day is not applied.
    policy_rate_add(
        acting_user=county_leader,
        org_unit=region.ganlusi,
        item="orphan_scattered",
        effective_from=date(2025, 3, 2),
        amount="800",
    )
    scattered_orphan(region.ganlusi, "甲")
    scattered_orphan(region.shencun, "乙")
    parent = person(region.lengqi, "丙")
    entitlement_grant(
        acting_user=county_worker,
        person=parent,
        item="one_child_aid",
        quantity=2,
        started_on=SINCE,
        reason="独生子女死亡",
    )
    roll = roll_generate(acting_user=county_worker, org_unit=region.county, month=MONTH)
    by_name = {line.person.name: line for line in roll_lines(roll)}
    assert (by_name["甲"].rate, by_name["甲"].policy_rate) == (Decimal("700.00"), lengqi)
    assert by_name["乙"].rate == Decimal("650.00")
    assert by_name["乙"].policy_rate is not None
    assert by_name["乙"].policy_rate.org_unit == region.county
    assert (by_name["丙"].quantity, by_name["丙"].amount) == (2, Decimal("220.00"))
    assert roll.total == Decimal("1570.00")
    assert roll_summary(roll) == [
        ("orphan_scattered", 2, Decimal("1350.00")),
        ("one_child_aid", 1, Decimal("220.00")),
    ]


def test_generation_statement_count_is_fixed(region: Region, county_worker: User) -> None:
    scattered_orphan(region.ganlusi, "一")
    scoping.memberships(county_worker)  # read once per request, as in a view
    with count_queries() as small:
        roll_generate(acting_user=county_worker, org_unit=region.lengqi, month=MONTH)
    for n in range(20):
        person(region.shencun, f"多{n}", ("orphan", SINCE, {"support": "scattered"}))
    with count_queries() as large:
        roll = roll_generate(acting_user=county_worker, org_unit=region.xinglong, month=MONTH)
    assert roll.lines_count == 20
    assert_same_query_count(small, large)


def test_regenerating_a_draft_replaces_regular_lines_and_keeps_adjustments(
    region: Region, township_worker: User, township_leader: User
) -> None:
    orphan = scattered_orphan(region.ganlusi, "甲")
    approved_roll(township_worker, township_leader, region.lengqi, EARLIER)
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    roll_adjustment_add(
        acting_user=township_worker,
        roll=roll,
        person=orphan,
        item="orphan_scattered",
        amount="100.00",
        note="二月少发补发",
    )
    newcomer = scattered_orphan(region.ganlusi, "乙")
    roll.refresh_from_db()
    before = roll.version
    again = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    assert again.pk == roll.pk and again.version > before
    kinds = sorted((line.person.name, line.kind) for line in roll_lines(again))
    assert kinds == [("乙", "regular"), ("甲", "adjustment"), ("甲", "regular")]
    assert again.total == Decimal("1300.00") and again.persons_count == 2
    assert newcomer.pk in {line.person_id for line in roll_lines(again)}


def test_a_person_is_on_one_roll_a_month(region: Region, county_worker: User) -> None:
    roll_generate(acting_user=county_worker, org_unit=region.lengqi, month=MONTH)
    with pytest.raises(ValidationFailed, match="冷碛镇"):
        roll_generate(acting_user=county_worker, org_unit=region.county, month=MONTH)
    with pytest.raises(ValidationFailed, match="冷碛镇"):
        roll_generate(acting_user=county_worker, org_unit=region.ganlusi, month=MONTH)
    # A unit beside it is fine, and so is another month.
    roll_generate(acting_user=county_worker, org_unit=region.xinglong, month=MONTH)
    roll_generate(acting_user=county_worker, org_unit=region.county, month=EARLIER)


def test_a_person_who_moved_is_not_paid_twice(region: Region, county_worker: User) -> None:
    mover = scattered_orphan(region.ganlusi, "迁")
    roll_generate(acting_user=county_worker, org_unit=region.lengqi, month=MONTH)
    Person.objects.filter(pk=mover.pk).update(org_unit=region.shencun)
    other = roll_generate(acting_user=county_worker, org_unit=region.xinglong, month=MONTH)
    assert other.lines_count == 0


def test_month_after_next_is_refused(region: Region, county_worker: User) -> None:
    later = timezone.localdate().replace(day=1) + timedelta(days=70)
    with pytest.raises(ValidationFailed) as error:
        roll_generate(acting_user=county_worker, org_unit=region.lengqi, month=later)
    assert error.value.field == "month"
    assert not PaymentRoll.objects.exists()


@pytest.mark.parametrize("who", ["county_viewer", "school_helper", "other_township_worker"])
def test_only_editors_of_the_unit_generate(region: Region, who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionRefused):
        roll_generate(acting_user=user, org_unit=region.lengqi, month=MONTH)
    assert not PaymentRoll.objects.exists()


# --- Review and locking ------------------------------------------------------------------


def test_submit_return_submit_approve(
    region: Region, township_worker: User, township_leader: User
) -> None:
    scattered_orphan(region.ganlusi)
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    roll = roll_submit(acting_user=township_worker, roll=roll, version=roll.version)
    assert roll.status == RollStatus.SUBMITTED and roll.submitted_by == township_worker
    with pytest.raises(ValidationFailed):
        roll_return(acting_user=township_leader, roll=roll, note="  ")
    roll = roll_return(acting_user=township_leader, roll=roll, note="请核对王小芳的供养方式")
    assert (roll.status, roll.review_note) == (RollStatus.DRAFT, "请核对王小芳的供养方式")
    roll = roll_submit(acting_user=township_worker, roll=roll, version=roll.version)
    assert roll.review_note == ""
    roll = roll_approve(acting_user=township_leader, roll=roll, version=roll.version)
    assert roll.status == RollStatus.APPROVED and roll.locked
    assert roll.approved_by == township_leader


def test_stale_versions_are_refused(
    region: Region, township_worker: User, township_leader: User
) -> None:
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    seen = roll.version
    roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    with pytest.raises(StaleEdit):
        roll_submit(acting_user=township_worker, roll=roll, version=seen)
    roll.refresh_from_db()
    roll = roll_submit(acting_user=township_worker, roll=roll, version=roll.version)
    with pytest.raises(StaleEdit):
        roll_approve(acting_user=township_leader, roll=roll, version=roll.version - 1)
    roll.refresh_from_db()
    assert roll.status == RollStatus.SUBMITTED


def test_workers_do_not_approve_and_leaders_only_below_them(
    region: Region, township_worker: User, township_leader: User, county_worker: User
) -> None:
    roll = roll_generate(acting_user=county_worker, org_unit=region.county, month=MONTH)
    roll = roll_submit(acting_user=county_worker, roll=roll, version=roll.version)
    with pytest.raises(PermissionRefused):
        roll_approve(acting_user=county_worker, roll=roll, version=roll.version)
    with pytest.raises(PermissionRefused):
        roll_approve(acting_user=township_leader, roll=roll, version=roll.version)
    with pytest.raises(PermissionRefused):
        roll_return(acting_user=township_worker, roll=roll, note="不对")


def test_a_draft_cannot_be_approved_or_returned(
    region: Region, township_worker: User, township_leader: User
) -> None:
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    with pytest.raises(ValidationFailed):
        roll_approve(acting_user=township_leader, roll=roll, version=roll.version)
    with pytest.raises(ValidationFailed):
        roll_return(acting_user=township_leader, roll=roll, note="x")


def test_a_submitted_roll_cannot_be_regenerated_or_adjusted(
    region: Region, township_worker: User
) -> None:
    orphan = scattered_orphan(region.ganlusi)
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    roll = roll_submit(acting_user=township_worker, roll=roll, version=roll.version)
    before = _snapshot(roll)
    with pytest.raises(ValidationFailed):
        roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    with pytest.raises(ValidationFailed):
        roll_adjustment_add(
            acting_user=township_worker,
            roll=roll,
            person=orphan,
            item="orphan_scattered",
            amount="5",
            note="x",
        )
    assert _snapshot(roll) == before


def test_an_approved_roll_is_locked(
    region: Region, township_worker: User, township_leader: User
) -> None:
    orphan = scattered_orphan(region.ganlusi)
    roll = approved_roll(township_worker, township_leader, region.lengqi, MONTH)
    before = _snapshot(roll)
    # A change in the registry does not reach it either.
    scattered_orphan(region.ganlusi, "新来的")
    attempts = [
        lambda: roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH),
        lambda: roll_adjustment_add(
            acting_user=township_worker,
            roll=roll,
            person=orphan,
            item="orphan_scattered",
            amount="-600",
            note="多发",
        ),
        lambda: roll_submit(acting_user=township_worker, roll=roll, version=roll.version),
        lambda: roll_return(acting_user=township_leader, roll=roll, note="重做"),
        lambda: roll_approve(acting_user=township_leader, roll=roll, version=roll.version),
    ]
    for attempt in attempts:
        with translation.override("en"), pytest.raises(ValidationFailed, match="locked"):
            attempt()
    assert _snapshot(roll) == before


# --- Adjustments -------------------------------------------------------------------------


@pytest.fixture
def paid_line(region: Region, township_worker: User, township_leader: User) -> RollLine:
    scattered_orphan(region.ganlusi, "多发")
    roll = approved_roll(township_worker, township_leader, region.lengqi, EARLIER)
    return RollLine.objects.get(roll=roll)


def test_a_correction_takes_back_an_approved_line_in_a_later_roll(
    region: Region, township_worker: User, paid_line: RollLine
) -> None:
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    line = roll_adjustment_add(
        acting_user=township_worker,
        roll=roll,
        person=paid_line.person,
        item="orphan_scattered",
        amount="-600.00",
        note="二月已死亡，多发追回",
        adjusts=paid_line,
    )
    assert (line.kind, line.amount, line.adjusts) == (
        LineKind.ADJUSTMENT,
        Decimal("-600"),
        paid_line,
    )
    roll.refresh_from_db()
    assert roll.total == Decimal("0.00") and roll.lines_count == 2
    # Nothing is left of that line to take back.
    with pytest.raises(ValidationFailed) as error:
        roll_adjustment_add(
            acting_user=township_worker,
            roll=roll,
            person=paid_line.person,
            item="orphan_scattered",
            amount="-0.01",
            note="再扣",
            adjusts=paid_line,
        )
    assert error.value.field == "amount"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"amount": "-10"}, "adjusts"),  # negative without the line it corrects
        ({"amount": "0"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"note": "  "}, "note"),
        ({"item": "medical_ratio"}, "item"),
        ({"item": "sunshine_home", "adjusts": True}, "adjusts"),  # another item
        ({"amount": "-700", "adjusts": True}, "amount"),  # more than was paid
    ],
)
def test_bad_adjustments_are_refused(
    region: Region,
    township_worker: User,
    paid_line: RollLine,
    values: dict[str, Any],
    field: str,
) -> None:
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    arguments: dict[str, Any] = {
        "person": paid_line.person,
        "item": "orphan_scattered",
        "amount": "50",
        "note": "补发",
        **values,
    }
    if arguments.get("adjusts"):
        arguments["adjusts"] = paid_line
    before = _snapshot(roll)
    with pytest.raises(ValidationFailed) as error:
        roll_adjustment_add(acting_user=township_worker, roll=roll, **arguments)
    assert error.value.field == field
    assert _snapshot(roll) == before


def test_a_correction_must_be_of_an_earlier_approved_roll(
    region: Region, township_worker: User, township_leader: User, paid_line: RollLine
) -> None:
    draft = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    draft_line = RollLine.objects.get(roll=draft, kind=LineKind.REGULAR)
    with pytest.raises(ValidationFailed):
        roll_adjustment_add(
            acting_user=township_worker,
            roll=draft,
            person=draft_line.person,
            item="orphan_scattered",
            amount="-1",
            note="x",
            adjusts=draft_line,
        )
    # An approved roll of a later month cannot be corrected from an earlier one.
    earlier = roll_generate(
        acting_user=township_worker, org_unit=region.lengqi, month=date(2025, 1, 1)
    )
    with pytest.raises(ValidationFailed):
        roll_adjustment_add(
            acting_user=township_worker,
            roll=earlier,
            person=paid_line.person,
            item="orphan_scattered",
            amount="-1",
            note="x",
            adjusts=paid_line,
        )


def test_an_adjustment_is_for_a_person_of_the_roll(region: Region, county_worker: User) -> None:
    outsider = scattered_orphan(region.shencun, "外人")
    roll = roll_generate(acting_user=county_worker, org_unit=region.lengqi, month=MONTH)
    with pytest.raises(ValidationFailed) as error:
        roll_adjustment_add(
            acting_user=county_worker,
            roll=roll,
            person=outsider,
            item="orphan_scattered",
            amount="600",
            note="补发",
        )
    assert error.value.field == "person"


def test_a_roll_with_no_one_acting_is_refused_and_nothing_is_made(region: Region) -> None:
    with pytest.raises(PermissionRefused):
        roll_generate(acting_user=None, org_unit=region.lengqi, month=MONTH)  # type: ignore[arg-type]
    assert not PaymentRoll.objects.exists()


# --- Reads -------------------------------------------------------------------------------


def test_rolls_are_visible_to_the_roster_roles_of_their_subtree(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_viewer: User,
    county_sysadmin: User,
    school_helper: User,
) -> None:
    roll = roll_generate(acting_user=SYSTEM, org_unit=region.lengqi, month=MONTH)
    other = roll_generate(acting_user=SYSTEM, org_unit=region.xinglong, month=EARLIER)
    assert set(rolls_visible(township_worker)) == {roll}
    assert set(rolls_visible(county_viewer)) == {roll, other}
    assert access_roll(county_viewer, roll.pk) == roll
    assert set(rolls_visible(other_township_worker)) == {other}
    for outsider in (county_sysadmin, school_helper):
        assert not rolls_visible(outsider).exists()
    for outsider in (other_township_worker, county_sysadmin, school_helper):
        with pytest.raises(Http404):
            access_roll(outsider, roll.pk)


@pytest.mark.parametrize("count", [1, 50])
def test_roll_lines_page_runs_a_fixed_number_of_queries(
    region: Region,
    township_worker: User,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(count):
        orphan = scattered_orphan(region.ganlusi, f"孤{n}")
        if n % 2:
            payment_account_set(
                acting_user=SYSTEM,
                person=orphan,
                bank="农业银行泸定支行",
                account_number=f"62284800{n:08d}",
                holder=f"监护人{n}",
            )
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    roll = access_roll(township_worker, roll.pk)
    with zeal_context(), django_assert_num_queries(2):
        page = Paginator(roll_lines(roll), 50).page(1)
        shown = [
            (
                line.person.name,
                line.org_unit.name,
                line.policy_rate.org_unit.name if line.policy_rate else "",
                getattr(getattr(line.person, "payment_account", None), "bank", ""),
            )
            for line in page
        ]
    assert len(shown) == count
    # Paged with the roll's own line count, the page is one statement.
    with zeal_context(), django_assert_num_queries(1):
        paginator = RollLinesPaginator(roll)
        names = [line.person.name for line in paginator.page(1)]
    assert paginator.count == count and paginator.num_pages == 1
    assert names == [name for name, *_rest in shown]


def test_summary_gaps_and_missing_accounts(region: Region, county_worker: User) -> None:
    with_account = scattered_orphan(region.ganlusi, "有账户")
    payment_account_set(
        acting_user=county_worker,
        person=with_account,
        bank="信用社",
        account_number="6230 1234 5678 9012",
        holder="有账户",
    )
    scattered_orphan(region.ganlusi, "无账户")
    person(region.ganlusi, "未登记供养", ("orphan", SINCE, {}))
    person(region.lengqi_school, "未登记等级", ("disabled", SINCE, {"type": 1}))
    person(region.shencun, "别处的", ("orphan", SINCE, {}))
    roll = roll_generate(acting_user=county_worker, org_unit=region.lengqi, month=MONTH)
    assert roll_summary(roll) == [("orphan_scattered", 2, Decimal("1200.00"))]
    assert roll_accounts_missing(roll) == 1
    with translation.override("en"):
        gaps = {(gap.person.name, gap.reason) for gap in roll_gaps(roll)}
    assert gaps == {
        ("未登记供养", "Orphan: the support mode (centralised or scattered) is not recorded."),
        (
            "未登记等级",
            "Disabled person: neither the disability type nor the grade is recorded.",
        ),
    }
    assert roll_gaps_count(roll) == 2
    assert len(roll_gaps(roll, limit=1)) == 1


def test_a_viewer_reads_but_does_not_submit(
    region: Region, county_viewer: User, township_worker: User
) -> None:
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    assert access_roll(county_viewer, roll.pk) == roll
    with pytest.raises(PermissionRefused):
        roll_submit(acting_user=county_viewer, roll=roll, version=roll.version)
