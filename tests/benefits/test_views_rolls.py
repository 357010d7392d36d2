"""Payment-roll pages: list and filters, generating, a roll's lines and gaps, submitting,
returning and approving (then locked), the export, adjusting lines; scoping and counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.benefits.models import PaymentRoll, RollLine, RollStatus
from guanai.benefits.rolls import roll_approve, roll_generate, roll_submit
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.benefits.views_support import EN, orphan, page
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db

LIST = reverse("benefits:roll_list")
GENERATE = reverse("benefits:roll_generate")
MONTH = date(2025, 3, 1)


@pytest.fixture
def lengqi_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")


def _detail(roll: PaymentRoll, action: str = "") -> str:
    return reverse("benefits:roll_detail", args=[roll.pk]) + action


def _draft(region: Region, worker: User) -> PaymentRoll:
    orphan(region.ganlusi, "王小芳")
    return roll_generate(acting_user=worker, org_unit=region.lengqi, month=MONTH)


def test_worker_generates_a_roll_and_sees_its_lines(region: Region, township_worker: User) -> None:
    orphan(region.ganlusi, "王小芳")
    orphan(region.ganlusi, "李小花", support=None)
    client = logged_in(township_worker)

    response = client.post(GENERATE, {"unit": region.lengqi.pk, "month": "2025-03"}, **EN)

    roll = PaymentRoll.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(roll)
    assert (roll.org_unit, roll.month, roll.persons_count) == (region.lengqi, MONTH, 1)
    html = page(client, _detail(roll))
    assert "王小芳" in html
    assert "513***********" in html  # masked ID
    assert 'data-testid="roll-total">¥600.00<' in html
    assert "National standard" in html
    # The orphan without a support mode is listed as left out, with the reason.
    assert "李小花" in html and "Left out of the roll" in html
    assert 'data-testid="submit"' in html


def test_a_bad_month_is_refused_and_makes_nothing(region: Region, township_worker: User) -> None:
    response = logged_in(township_worker).post(
        GENERATE, {"unit": region.lengqi.pk, "month": "2025-13"}, **EN
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Write the month as 2026-11." in html
    assert "is-invalid" in html
    assert not PaymentRoll.objects.exists()


def test_a_month_too_far_ahead_is_refused_by_the_service(
    region: Region, township_worker: User
) -> None:
    response = logged_in(township_worker).post(
        GENERATE, {"unit": region.lengqi.pk, "month": "2099-01"}, **EN
    )

    assert "A roll can be made at most for next month." in response.content.decode()
    assert not PaymentRoll.objects.exists()


def test_submit_then_leader_approves_and_the_roll_is_locked(
    region: Region, township_worker: User, lengqi_leader: User
) -> None:
    roll = _draft(region, township_worker)
    worker = logged_in(township_worker)
    # A worker may not approve.
    assert worker.post(_detail(roll, "approve/"), {"version": roll.version}).status_code == 403

    response = worker.post(_detail(roll, "submit/"), {"version": roll.version}, **EN)
    assert response.status_code == 302
    roll.refresh_from_db()
    assert roll.status == RollStatus.SUBMITTED

    leader = logged_in(lengqi_leader)
    assert 'data-testid="approve"' in page(leader, _detail(roll))
    response = leader.post(_detail(roll, "approve/"), {"version": roll.version}, **EN)
    assert response.status_code == 302
    roll.refresh_from_db()
    assert roll.status == RollStatus.APPROVED

    html = page(leader, _detail(roll))
    assert 'data-testid="locked">Approved, locked<' in html
    for action in ("submit/", "regenerate/", "adjust/", "approve/", "return/"):
        assert _detail(roll, action) not in html
    # Making it again is refused now, and nothing changes.
    response = worker.post(_detail(roll, "regenerate/"), follow=True, **EN)
    assert roll.lines.count() == 1
    assert "alert-danger" in response.content.decode()


def test_a_stale_submit_is_refused(region: Region, township_worker: User) -> None:
    roll = _draft(region, township_worker)

    response = logged_in(township_worker).post(
        _detail(roll, "submit/"), {"version": roll.version - 1}, follow=True, **EN
    )

    roll.refresh_from_db()
    assert roll.status == RollStatus.DRAFT
    assert "alert-danger" in response.content.decode()


def test_leader_returns_with_a_note(
    region: Region, township_worker: User, lengqi_leader: User
) -> None:
    roll = _draft(region, township_worker)
    roll = roll_submit(acting_user=township_worker, roll=roll, version=roll.version)
    leader = logged_in(lengqi_leader)

    response = leader.post(_detail(roll, "return/"), {"note": "王小芳的账号未登记"}, **EN)

    assert response.status_code == 302
    roll.refresh_from_db()
    assert (roll.status, roll.review_note) == (RollStatus.DRAFT, "王小芳的账号未登记")
    assert "王小芳的账号未登记" in page(logged_in(township_worker), _detail(roll))


def test_returning_without_a_note_is_refused_by_the_field(
    region: Region, township_worker: User, lengqi_leader: User
) -> None:
    roll = _draft(region, township_worker)
    roll = roll_submit(acting_user=township_worker, roll=roll, version=roll.version)

    response = logged_in(lengqi_leader).post(_detail(roll, "return/"), {"note": ""}, **EN)

    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    roll.refresh_from_db()
    assert roll.status == RollStatus.SUBMITTED


def test_another_township_gets_404(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    roll = _draft(region, township_worker)
    client = logged_in(other_township_worker)

    for action in ("", "export/", "adjust/"):
        assert client.get(_detail(roll, action)).status_code == 404
    assert client.post(_detail(roll, "submit/"), {"version": roll.version}).status_code == 404
    assert "冷碛镇" not in page(client, LIST)


def test_viewer_reads_but_cannot_post(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    roll = _draft(region, township_worker)
    client = logged_in(prefecture_viewer)

    html = page(client, _detail(roll))
    assert "王小芳" in html and 'data-testid="submit"' not in html
    assert GENERATE not in page(client, LIST)
    assert client.post(GENERATE, {"unit": region.lengqi.pk, "month": "2025-04"}).status_code == 403
    assert client.post(_detail(roll, "submit/"), {"version": roll.version}).status_code == 403
    assert client.get(_detail(roll, "export/") + "?full=1").status_code == 403
    roll.refresh_from_db()
    assert roll.status == RollStatus.DRAFT
    assert PaymentRoll.objects.count() == 1


def test_the_export_is_an_audited_xlsx(region: Region, township_worker: User) -> None:
    roll = _draft(region, township_worker)

    client = logged_in(township_worker)
    # A GET (a link, a crawler) asks the purpose and exports nothing
    asked = client.get(_detail(roll, "export/"), {"full": "1"})
    assert asked.status_code == 200 and 'name="purpose"' in asked.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()
    # Nor does a POST without a purpose, refused in Chinese
    empty = client.post(_detail(roll, "export/"), {"full": "1", "purpose": ""})
    assert empty.status_code == 400 and "请填写用途" in empty.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()

    response = client.post(_detail(roll, "export/"), {"full": "1", "purpose": "发放到银行"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    export = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert export.detail["purpose"] == "发放到银行"
    assert export.detail["filters"]["full_numbers"] is True


def test_an_adjusting_line_is_added_to_a_draft(
    region: Region, township_worker: User, lengqi_leader: User
) -> None:
    someone = orphan(region.ganlusi, "王小芳")
    earlier = roll_generate(
        acting_user=township_worker, org_unit=region.lengqi, month=date(2025, 2, 1)
    )
    earlier = roll_submit(acting_user=township_worker, roll=earlier, version=earlier.version)
    roll_approve(acting_user=lengqi_leader, roll=earlier, version=earlier.version)
    paid = RollLine.objects.get(roll=earlier)
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    client = logged_in(township_worker)
    adjust = _detail(roll, "adjust/")

    # Find the person by name, then add the line.
    picker = page(client, adjust + "?q=王小芳")
    assert f"{adjust}?person={someone.pk}" in picker
    response = client.post(
        f"{adjust}?person={someone.pk}",
        {"item": "orphan_scattered", "amount": "-100", "adjusts": paid.pk, "note": "二月多发"},
        **EN,
    )
    assert response.status_code == 302
    line = RollLine.objects.get(roll=roll, kind="adjustment")
    assert (line.amount, line.adjusts) == (-100, paid)

    # A negative amount without the line it corrects is refused beside the field.
    response = client.post(
        f"{adjust}?person={someone.pk}",
        {"item": "orphan_scattered", "amount": "-50", "adjusts": "", "note": "多发"},
        **EN,
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert RollLine.objects.filter(roll=roll, kind="adjustment").count() == 1


def test_the_list_filters_and_totals(
    region: Region, township_worker: User, county_leader: User
) -> None:
    _draft(region, township_worker)
    roll_generate(acting_user=county_leader, org_unit=region.xinglong, month=MONTH)
    client = logged_in(county_leader)

    html = page(client, LIST)
    assert "2 rolls · 1 persons · ¥600.00 in all" in html
    only = page(client, f"{LIST}?unit={region.xinglong.pk}&month=2025-03&status=draft")
    assert "1 rolls · 0 persons" in only and "冷碛镇</a>" not in only


def test_the_list_runs_a_fixed_number_of_queries(region: Region, county_leader: User) -> None:
    roll_generate(acting_user=county_leader, org_unit=region.lengqi, month=date(2021, 1, 1))
    client = logged_in(county_leader)
    with count_queries() as one:
        page(client, LIST)
    for n in range(1, 50):
        roll_generate(
            acting_user=county_leader,
            org_unit=region.lengqi,
            month=date(2021 + n // 12, n % 12 + 1, 1),
        )
    with count_queries() as fifty:
        html = page(client, LIST)
    assert "50 rolls" in html
    assert_same_query_count(one, fifty)


def test_the_detail_runs_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    orphan(region.ganlusi, "王一")
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    client = logged_in(township_worker)
    with count_queries() as one:
        page(client, _detail(roll))
    for n in range(49):
        orphan(region.ganlusi, f"王{n}号")
    roll = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    assert roll.lines_count == 50
    with count_queries() as fifty:
        page(client, _detail(roll))
    assert_same_query_count(one, fifty)
