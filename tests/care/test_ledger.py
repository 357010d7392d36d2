"""The pocket-money ledger (代家长代管零花钱, 篇二 "用钱有定额"): services and pages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.care import ledger
from guanai.care.models import HelperRole, LedgerDirection, LedgerEntry, PocketMoneyAccount
from guanai.care.pairing import pairing_end
from guanai.core import balances
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.core.money import yuan
from guanai.core.months import add_months, parse_month
from guanai.registry.models import Person
from guanai.registry.services import person_archive
from tests import factories
from tests.care.ledger_support import (
    OPENED,
    balance_of,
    deposit,
    open_account,
    pair,
    pupil,
    spend,
)
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture
def child(region: Region, township_worker: User) -> Person:
    return pupil(township_worker, region.lengqi_school)


@pytest.fixture
def account(township_worker: User, child: Person, school_helper: User) -> PocketMoneyAccount:
    """张小花's account, kept by the school helper as her surrogate parent, quota ¥100."""
    return open_account(township_worker, child, school_helper, quota="100")


def _unchanged(account: PocketMoneyAccount, balance: str, entries: int) -> None:
    assert balance_of(account) == Decimal(balance)
    assert LedgerEntry.objects.filter(account=account).count() == entries


# --- Money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234.56"), "¥1,234.56"),
        (Decimal("1234.565"), "¥1,234.57"),  # half up, not half even (¥1,234.56)
        (Decimal("0.005"), "¥0.01"),
        (Decimal("0.125"), "¥0.13"),
        (Decimal("-12.5"), "-¥12.50"),
        (Decimal("1000000"), "¥1,000,000.00"),
        (0, "¥0.00"),
        ("7.1", "¥7.10"),
        (None, "—"),
        ("abc", "—"),
        (1.5, "—"),  # money is never a float
    ],
)
def test_money_is_shown_in_yuan_rounded_half_up(value: object, shown: str) -> None:
    assert yuan(value) == shown  # type: ignore[arg-type]


# --- Opening an account -----------------------------------------------------------------


def test_a_roster_keeper_opens_an_account_kept_by_the_surrogate_parent(
    township_worker: User, child: Person, school_helper: User
) -> None:
    account = open_account(township_worker, child, school_helper, quota="150.50")

    stored = PocketMoneyAccount.objects.get(person=child)
    assert stored == account
    assert stored.keeper == school_helper
    assert stored.balance == Decimal("0.00")
    assert stored.monthly_quota == Decimal("150.50")
    assert stored.opened_on == OPENED


def test_the_keeper_must_be_paired_with_the_child_as_surrogate_parent(
    township_worker: User, child: Person, school_helper: User
) -> None:
    # Given the helper is the child's subject teacher, not the surrogate parent
    pair(township_worker, child, school_helper, role=HelperRole.SUBJECT_TEACHER)

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        open_account(township_worker, child, school_helper, paired=False)

    assert refused.value.field == "keeper"
    assert "must be a surrogate parent paired with 张小花" in str(refused.value.message)
    assert not PocketMoneyAccount.objects.exists()


def test_an_ended_surrogate_pairing_cannot_keep_money(
    township_worker: User, child: Person, school_helper: User
) -> None:
    pairing = pair(township_worker, child, school_helper)
    pairing_end(acting_user=township_worker, pairing=pairing, ended_on=OPENED, reason="调离本校")

    with pytest.raises(ValidationFailed):
        open_account(township_worker, child, school_helper, paired=False)
    assert not PocketMoneyAccount.objects.exists()


def test_only_a_roster_keeper_of_the_childs_unit_opens_an_account(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    child: Person,
    school_helper: User,
) -> None:
    pair(township_worker, child, school_helper)

    for outsider in (school_helper, other_township_worker):
        with pytest.raises(PermissionRefused):
            open_account(outsider, child, school_helper, paired=False)
    assert not PocketMoneyAccount.objects.exists()


def test_a_child_has_one_account(
    account: PocketMoneyAccount, township_worker: User, child: Person, school_helper: User
) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        open_account(township_worker, child, school_helper, paired=False)

    assert str(refused.value.message) == "张小花 has a pocket-money account already."
    assert PocketMoneyAccount.objects.count() == 1


@pytest.mark.parametrize("quota", ["-1", "10.005"])
def test_a_bad_quota_is_refused(
    township_worker: User, child: Person, school_helper: User, quota: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        open_account(township_worker, child, school_helper, quota=quota)

    assert refused.value.field == "monthly_quota"
    assert not PocketMoneyAccount.objects.exists()


def test_a_zero_quota_is_allowed(township_worker: User, child: Person, school_helper: User) -> None:
    account = open_account(township_worker, child, school_helper, quota="0")

    assert account.monthly_quota == Decimal("0.00")


# --- Deposits and spending --------------------------------------------------------------


def test_deposits_and_spending_move_the_balance_and_record_it(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    received = deposit(school_helper, account, "200", source="父亲汇款")
    spent = spend(school_helper, account, "12.50", purpose="文具")

    assert received.balance_after == Decimal("200.00")
    assert spent.balance_after == Decimal("187.50")
    assert spent.direction == LedgerDirection.SPENDING
    assert spent.what == "文具"
    assert spent.author == school_helper
    assert balance_of(account) == Decimal("187.50")


def test_spending_more_than_the_balance_is_refused_and_changes_nothing(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "12.50")

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        spend(school_helper, account, "20")

    assert str(refused.value.message) == (
        "Not enough money: the balance is ¥12.50, this spending ¥20.00."
    )
    assert refused.value.field == "amount"
    _unchanged(account, "12.50", 1)


def test_the_last_fen_can_be_spent_despite_sqlites_binary_floats(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    # SQLite computes decimals as floats: 0.30 − 0.10 is 0.19999999999999998 unless the
    # service rounds the new balance to the fen.
    deposit(school_helper, account, "0.30")
    spend(school_helper, account, "0.10")
    last = spend(school_helper, account, "0.20")

    assert last.balance_after == Decimal("0.00")
    with pytest.raises(ValidationFailed):
        spend(school_helper, account, "0.01")
    assert balance_of(account) == Decimal("0.00")


def test_the_check_constraint_refusal_becomes_the_same_message(
    account: PocketMoneyAccount, school_helper: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the UPDATE's own guard is gone, the database's CHECK constraint still refuses.
    deposit(school_helper, account, "5")
    monkeypatch.setattr(balances, "covers", lambda column, amount: Q())

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        spend(school_helper, account, "8")

    assert str(refused.value.message) == (
        "Not enough money: the balance is ¥5.00, this spending ¥8.00."
    )
    _unchanged(account, "5.00", 1)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "The amount must be more than zero."),
        ("0", "The amount must be more than zero."),
        ("0.00", "The amount must be more than zero."),
        ("1.005", "An amount has at most two decimal places (fen): “1.005”."),
        ("100000.01", "The amount is more than ¥100,000.00."),
        ("abc", "“abc” is not an amount; write it in digits, e.g. 1234.50 or ¥1,234.50."),
        ("", "Enter the amount."),
        ("NaN", "“NaN” is not an amount; write it in digits, e.g. 1234.50 or ¥1,234.50."),
        ("1e3", "“1e3” is written with an exponent; write the amount in digits, e.g. 1000000."),
        ("1_000", "“1_000” has an underscore; write the amount as 1000 or 1,000."),
    ],
)
def test_a_bad_amount_is_refused_with_a_clear_message(
    account: PocketMoneyAccount, school_helper: User, amount: str, message: str
) -> None:
    deposit(school_helper, account, "50")

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        ledger.ledger_spend(
            acting_user=school_helper,
            account=account,
            amount=amount,
            purpose="文具",
            on=OPENED,
        )

    assert str(refused.value.message) == message
    assert refused.value.field == "amount"
    _unchanged(account, "50.00", 1)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("12.5", "12.50"), ("¥1,234.50", "1234.50"), ("２０元", "20.00"), (" 3 ", "3.00")],
)
def test_amounts_are_read_as_clerks_type_them(typed: str, amount: str) -> None:
    assert ledger.amount_clean(typed) == Decimal(amount)


def test_a_decimal_amount_is_checked_by_the_service_too(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    for amount in ("-1", "0", "0.001"):
        with pytest.raises(ValidationFailed):
            deposit(school_helper, account, amount)
    _unchanged(account, "0.00", 0)


def test_dates_are_not_in_the_future_nor_before_the_account_nor_before_the_last_entry(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    today = timezone.localdate()
    deposit(school_helper, account, "50", on=date(2025, 3, 10))

    with translation.override("en"):
        for on, message in [
            (today + timedelta(days=1), "The date is in the future."),
            (
                date(2024, 12, 31),
                "The account was opened on 1 Jan 2025; an entry cannot be dated earlier.",
            ),
            (
                date(2025, 3, 9),
                "Entries are written in date order: the last one is dated 10 Mar 2025. "
                "Date this one 10 Mar 2025 or later.",
            ),
        ]:
            with pytest.raises(ValidationFailed) as refused:
                spend(school_helper, account, "5", on=on)
            assert (refused.value.field, str(refused.value.message)) == ("on", message)
    _unchanged(account, "50.00", 1)


def test_an_entry_says_from_whom_or_what_for(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationFailed) as blank:
            deposit(school_helper, account, "5", source="  ")
        with pytest.raises(ValidationFailed) as long:
            deposit(school_helper, account, "5", source="钱" * 101)

    assert str(blank.value.message) == "Say from whom the money came."
    assert long.value.field == "what"
    _unchanged(account, "0.00", 0)


def test_the_keeper_and_roster_keepers_write_but_not_other_helpers(
    region: Region,
    account: PocketMoneyAccount,
    township_worker: User,
    child: Person,
    school_helper: User,
) -> None:
    teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER, username="teacher")
    pair(township_worker, child, teacher, role=HelperRole.SUBJECT_TEACHER)

    deposit(township_worker, account, "30")
    deposit(school_helper, account, "20")
    with pytest.raises(PermissionRefused):
        deposit(teacher, account, "10")

    _unchanged(account, "50.00", 2)


def test_an_archived_childs_ledger_is_closed_for_writing(
    account: PocketMoneyAccount, township_worker: User, child: Person, school_helper: User
) -> None:
    deposit(school_helper, account, "30")
    person_archive(acting_user=township_worker, person=child, reason="graduated")
    account.person.refresh_from_db()

    with pytest.raises(ValidationFailed):
        spend(school_helper, account, "10")
    _unchanged(account, "30.00", 1)


# --- The monthly quota ----------------------------------------------------------------


def test_spending_over_the_quota_is_recorded_with_a_warning_month_by_month(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    # Given ¥300 and a quota of ¥100 a month
    deposit(school_helper, account, "300", on=date(2025, 1, 5))
    within = spend(school_helper, account, "80", on=date(2025, 1, 20))

    # When January's spending reaches ¥110 on its last day
    over = spend(school_helper, account, "30", on=date(2025, 1, 31))
    # And February starts again from nothing
    february = spend(school_helper, account, "30", on=date(2025, 2, 1))

    assert not ledger.entry_over_quota(within)
    assert ledger.entry_over_quota(over)
    with translation.override("en"):
        assert ledger.quota_warning(over) == (
            "Spent ¥110.00 in 2025-01, over the monthly quota of ¥100.00."
        )
    assert over.balance_after == Decimal("190.00")
    assert not ledger.entry_over_quota(february)
    assert ledger.quota_warning(february) == ""
    # The ledger marks the same entries when read back.
    marked = {e.pk: over for e, over in ledger.entry_rows(ledger.entries_of(account))}
    assert marked == {e.pk: e.pk == over.pk for e in LedgerEntry.objects.all()}
    months = {f"{m.month:%Y-%m}": m for m in ledger.month_summaries(account)}
    assert (months["2025-01"].spending, months["2025-01"].over_by) == (
        Decimal("110.00"),
        Decimal("10.00"),
    )
    assert months["2025-01"].over_quota
    assert months["2025-01"].closing == Decimal("190.00")
    assert (months["2025-02"].spending, months["2025-02"].over_by) == (
        Decimal("30.00"),
        Decimal("-70.00"),
    )
    assert not months["2025-02"].over_quota


def test_this_months_warning_says_this_month(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "300", on=timezone.localdate())
    over = spend(school_helper, account, "120.50", on=timezone.localdate())

    with translation.override("zh-hans"):
        warning = ledger.quota_warning(over)
    with translation.override("en"):
        english = ledger.quota_warning(over)

    assert english == "Spent ¥120.50 this month, over the monthly quota of ¥100.00."
    assert "¥120.50" in warning and "¥100.00" in warning


def test_a_counter_entry_puts_a_mistake_right(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "100")
    wrong = spend(school_helper, account, "35", purpose="午餐")

    with translation.override("en"):
        text = ledger.correction_text(wrong)
    corrected = deposit(school_helper, account, "35", source=text)

    assert text == "Correction of 午餐 (2025-01-01)"
    assert corrected.balance_after == Decimal("100.00")
    assert LedgerEntry.objects.filter(account=account).count() == 3


def test_the_correction_of_a_long_entry_is_shortened_visibly_and_keeps_its_date(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    """Issue 13, point 7: the prefilled text was cut at the column, losing the date."""
    deposit(school_helper, account, "100")
    wrong = spend(school_helper, account, "35", purpose="买" * ledger.WHAT_LENGTH)

    with translation.override("zh-hans"):
        text = ledger.correction_text(wrong)

    assert len(text) == ledger.WHAT_LENGTH
    assert "…" in text
    assert text.startswith("冲正：买") and text.endswith("…（2025-01-01）")
    corrected = deposit(school_helper, account, "35", source=text)
    assert corrected.what == text


# --- Keeper and quota -----------------------------------------------------------------


def test_a_roster_keeper_hands_the_account_to_a_new_surrogate_parent(
    region: Region,
    account: PocketMoneyAccount,
    township_worker: User,
    child: Person,
    school_helper: User,
) -> None:
    other = factories.user(unit=region.lengqi_school, role=Role.HELPER, username="new_keeper")
    with pytest.raises(ValidationFailed):
        ledger.ledger_update(
            acting_user=township_worker,
            account=account,
            version=account.version,
            keeper=other,
            monthly_quota=None,
        )
    pair(township_worker, child, other)

    updated = ledger.ledger_update(
        acting_user=township_worker,
        account=account,
        version=account.version,
        keeper=other,
        monthly_quota=None,
    )

    assert (updated.keeper, updated.monthly_quota, updated.version) == (other, None, 2)
    with pytest.raises(StaleEdit):
        ledger.ledger_update(
            acting_user=township_worker,
            account=account,
            version=1,
            keeper=other,
            monthly_quota=Decimal("50"),
        )
    with pytest.raises(PermissionRefused):
        ledger.ledger_update(
            acting_user=school_helper,
            account=account,
            version=2,
            keeper=other,
            monthly_quota=Decimal("50"),
        )


# --- The property -----------------------------------------------------------------------

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from([LedgerDirection.DEPOSIT, LedgerDirection.SPENDING]),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2),
    ),
    max_size=25,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_the_balance_is_what_came_in_less_what_was_accepted_and_never_negative(
    account: PocketMoneyAccount,
    school_helper: User,
    operations: list[tuple[LedgerDirection, Decimal]],
) -> None:
    with transaction.atomic():
        expected = Decimal("0.00")
        accepted = 0
        for direction, amount in operations:
            if direction == LedgerDirection.DEPOSIT:
                deposit(school_helper, account, str(amount))
                expected += amount
                accepted += 1
                continue
            try:
                spend(school_helper, account, str(amount))
            except ValidationFailed:
                assert amount > expected  # refused only when the balance did not cover it
            else:
                expected -= amount
                accepted += 1
            assert balance_of(account) >= 0
        entries = list(LedgerEntry.objects.filter(account=account).order_by("pk"))
        assert balance_of(account) == expected
        assert len(entries) == accepted
        if entries:
            assert entries[-1].balance_after == expected
        assert all(e.balance_after >= 0 for e in entries)
        transaction.set_rollback(True)  # the next example starts from an empty account


# --- Pages ----------------------------------------------------------------------------


def _many_accounts(region: Region, worker: User, keeper: User, count: int) -> None:
    for n in range(count):
        person = pupil(worker, region.lengqi_school, name=f"李{n}")
        account = open_account(worker, person, keeper, quota="50")
        deposit(worker, account, "80")
        spend(worker, account, "60", on=OPENED)


def test_the_ledger_list_runs_as_many_queries_for_50_accounts_as_for_1(
    region: Region, township_worker: User, school_helper: User
) -> None:
    client = logged_in(township_worker)
    _many_accounts(region, township_worker, school_helper, 1)
    with count_queries() as small:
        one = client.get(reverse("care:ledger_list"), headers={"accept-language": "en"})
    _many_accounts(region, township_worker, school_helper, 49)
    with count_queries() as large:
        fifty = client.get(reverse("care:ledger_list"), headers={"accept-language": "en"})

    assert one.status_code == fifty.status_code == 200
    assert fifty.content.decode().count('<td data-label="Kept by">') == 50
    assert_same_query_count(small, large)


def test_each_user_lists_only_the_accounts_they_may_read(
    region: Region,
    account: PocketMoneyAccount,
    township_worker: User,
    other_township_worker: User,
    school_helper: User,
    prefecture_viewer: User,
) -> None:
    # Given a second child of the same school kept by another surrogate parent, whom the
    # school helper teaches
    other_child = pupil(township_worker, region.lengqi_school, name="王小明")
    keeper = factories.user(unit=region.lengqi_school, role=Role.HELPER, username="keeper2")
    open_account(township_worker, other_child, keeper)
    pair(township_worker, other_child, school_helper, role=HelperRole.SUBJECT_TEACHER)

    def listed(user: User) -> set[str]:
        return {a.person.name for a in ledger.accounts_visible(user)}

    assert listed(township_worker) == {"张小花", "王小明"}
    assert listed(prefecture_viewer) == {"张小花", "王小明"}
    assert listed(school_helper) == {"张小花"}
    assert listed(keeper) == {"王小明"}
    assert listed(other_township_worker) == set()
    page = logged_in(school_helper).get(reverse("care:ledger_list")).content.decode()
    assert "张小花" in page and "王小明" not in page


@pytest.mark.parametrize("name", ["other_township_worker", "teacher"])
def test_an_account_outside_ones_scope_is_not_found(
    request: pytest.FixtureRequest,
    region: Region,
    account: PocketMoneyAccount,
    township_worker: User,
    child: Person,
    name: str,
) -> None:
    if name == "teacher":
        # A subject teacher paired with the child does not see its money.
        user = factories.user(unit=region.lengqi_school, role=Role.HELPER, username="teacher")
        pair(township_worker, child, user, role=HelperRole.SUBJECT_TEACHER)
    else:
        user = request.getfixturevalue(name)
    client = logged_in(user)

    for route in ("ledger_detail", "ledger_deposit", "ledger_spend", "ledger_statement"):
        assert client.get(reverse(f"care:{route}", args=[account.pk])).status_code == 404
    response = client.post(
        reverse("care:ledger_spend", args=[account.pk]),
        {"amount": "1", "what": "文具", "on": "2025-01-01"},
    )
    assert response.status_code == 404


def test_a_keeper_whose_pairing_ended_no_longer_sees_the_account(
    account: PocketMoneyAccount, township_worker: User, school_helper: User
) -> None:
    pairing = account.person.pairings.get(helper=school_helper)
    pairing_end(acting_user=township_worker, pairing=pairing, ended_on=OPENED, reason="调离本校")

    response = logged_in(school_helper).get(reverse("care:ledger_detail", args=[account.pk]))

    assert response.status_code == 404


def test_admin_roles_see_no_ledgers(region: Region, county_sysadmin: User) -> None:
    assert logged_in(county_sysadmin).get(reverse("care:ledger_list")).status_code == 403


def test_the_ledger_page_runs_as_many_queries_for_50_entries_as_for_1(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    client = logged_in(school_helper)
    url = reverse("care:ledger_detail", args=[account.pk])
    deposit(school_helper, account, "1000", on=date(2025, 1, 2))
    with count_queries() as small:
        client.get(url)
    for n in range(49):
        spend(school_helper, account, "3", on=date(2025, 1 + n // 20, 3 + n % 20))
    with count_queries() as large:
        page = client.get(url)

    assert page.status_code == 200
    assert_same_query_count(small, large)


def test_the_ledger_page_shows_the_balance_months_and_entries(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "300", on=date(2025, 1, 5), source="父亲汇款")
    spend(school_helper, account, "110", on=date(2025, 1, 31), purpose="校服")
    spend(school_helper, account, "2.50", on=date(2025, 2, 1), purpose="笔记本")

    page = logged_in(school_helper).get(
        reverse("care:ledger_detail", args=[account.pk]), headers={"accept-language": "en"}
    )
    html = page.content.decode()

    assert '<div class="stat-value" data-testid="balance">¥187.50</div>' in html
    for text in ("父亲汇款", "校服", "笔记本", "2025-01", "2025-02", "+¥300.00", "−¥110.00"):
        assert text in html
    assert html.count("over quota") >= 1  # 校服 took January to ¥110 of ¥100
    assert "?correct=" in html


def _post_spending(client: Client, account: PocketMoneyAccount, **data: str) -> str:
    values = {"amount": "20", "what": "文具", "on": "2025-01-01", **data}
    response = client.post(
        reverse("care:ledger_spend", args=[account.pk]),
        values,
        headers={"accept-language": "en"},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_spending_form_refuses_more_than_the_balance_next_to_the_amount(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    client = logged_in(school_helper)
    deposit(school_helper, account, "12.50")

    html = _post_spending(client, account, amount="20")

    assert "Not enough money: the balance is ¥12.50, this spending ¥20.00." in html
    assert 'class="form-control is-invalid"' in html
    _unchanged(account, "12.50", 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "abc"}, "is not an amount"),
        ({"amount": "-3"}, "The amount must be more than zero."),
        ({"amount": "1.005"}, "at most two decimal places"),
        ({"amount": "1e3"}, "exponent"),
        ({"on": "2099-01-01"}, "The date is in the future."),
        ({"on": "tomorrow"}, "Enter a valid date."),
        ({"what": ""}, "This field is required."),
    ],
)
def test_the_spending_form_explains_bad_input(
    account: PocketMoneyAccount, school_helper: User, data: dict[str, str], message: str
) -> None:
    client = logged_in(school_helper)
    deposit(school_helper, account, "50")

    html = _post_spending(client, account, **data)

    assert message in html
    _unchanged(account, "50.00", 1)


def test_the_spending_form_records_and_warns_over_the_quota(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    client = logged_in(school_helper)
    today = timezone.localdate().isoformat()
    deposit(school_helper, account, "500", on=timezone.localdate())

    html = _post_spending(client, account, amount="120", what="冬衣", on=today)

    assert "Recorded 冬衣, ¥120.00. The balance is now ¥380.00." in html
    assert "Spent ¥120.00 this month, over the monthly quota of ¥100.00." in html
    assert balance_of(account) == Decimal("380.00")


def test_the_deposit_form_is_phone_friendly_and_offers_a_counter_entry(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    client = logged_in(school_helper)
    deposit(school_helper, account, "50")
    wrong = spend(school_helper, account, "8", purpose="早餐")

    form = client.get(
        reverse("care:ledger_deposit", args=[account.pk]) + f"?correct={wrong.pk}",
        headers={"accept-language": "en"},
    ).content.decode()

    assert 'inputmode="decimal"' in form
    assert 'value="8.00"' in form
    assert "Correction of 早餐 (2025-01-01)" in form
    # A deposit is not corrected by another deposit.
    received = LedgerEntry.objects.filter(direction=LedgerDirection.DEPOSIT).get()
    wrong_way = reverse("care:ledger_deposit", args=[account.pk]) + f"?correct={received.pk}"
    assert client.get(wrong_way).status_code == 404


def test_opening_from_the_list_of_children_waiting_for_an_account(
    region: Region, township_worker: User, child: Person, school_helper: User
) -> None:
    client = logged_in(township_worker)
    pair(township_worker, child, school_helper)
    pupil(township_worker, region.lengqi_school, name="没有代家长")

    waiting = client.get(reverse("care:ledger_open")).content.decode()
    assert "张小花" in waiting and "没有代家长" not in waiting

    url = reverse("care:ledger_open") + f"?person={child.pk}"
    response = client.post(
        url, {"keeper": school_helper.pk, "monthly_quota": "80", "opened_on": "2025-01-01"}
    )

    account = PocketMoneyAccount.objects.get(person=child)
    assert response.status_code == 302
    assert response["Location"] == reverse("care:ledger_detail", args=[account.pk])
    assert (account.keeper, account.monthly_quota) == (school_helper, Decimal("80.00"))
    # Opening it again leads to the account.
    assert client.get(url)["Location"] == response["Location"]


def test_the_open_form_refuses_a_bad_quota_and_a_helper_may_not_open(
    region: Region, township_worker: User, child: Person, school_helper: User
) -> None:
    pair(township_worker, child, school_helper)
    url = reverse("care:ledger_open") + f"?person={child.pk}"

    html = (
        logged_in(township_worker)
        .post(
            url,
            {"keeper": school_helper.pk, "monthly_quota": "-5", "opened_on": "2025-01-01"},
            headers={"accept-language": "en"},
        )
        .content.decode()
    )

    assert "The amount must be more than zero." in html
    assert logged_in(school_helper).get(url).status_code == 403
    assert not PocketMoneyAccount.objects.exists()


def test_the_statement_prints_a_month_with_totals_and_signature_lines(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "300", on=date(2025, 1, 5))
    spend(school_helper, account, "110", on=date(2025, 1, 31), purpose="校服")
    spend(school_helper, account, "2.50", on=date(2025, 2, 1), purpose="笔记本")
    deposit(school_helper, account, "20", on=date(2025, 2, 14), source="奶奶给")

    response = logged_in(school_helper).get(
        reverse("care:ledger_statement", args=[account.pk]) + "?month=2025-02",
        headers={"accept-language": "en"},
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Pocket-money statement, February 2025" in html
    assert "Brought forward" in html and "¥190.00" in html
    assert "笔记本" in html and "奶奶给" in html and "校服" not in html
    assert '<td data-label="Balance" class="text-end" data-testid="closing">¥207.50</td>' in html
    for line in ("Surrogate parent (signature)", "Class teacher (signature)"):
        assert line in html
    assert "?month=2025-01" in html and "?month=2025-03" in html
    logged = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert logged.detail["filters"] == {"account": account.pk, "month": "2025-02"}


@pytest.mark.parametrize("text", ["2025-13", "0000-01", "2025-²", "25-1", "2025-1-32", ""])
def test_a_month_is_written_as_year_and_month(text: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_month(text)

    assert refused.value.field == "month"
    assert parse_month("2025-2") == parse_month("2025/02") == date(2025, 2, 1)


def test_the_statement_explains_a_bad_month(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    response = logged_in(school_helper).get(
        reverse("care:ledger_statement", args=[account.pk]) + "?month=2025-13",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    assert "“2025-13” is not a month; write it as 2026-01." in response.content.decode()


def test_the_statement_of_a_quiet_month_carries_the_balance(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "42", on=date(2025, 1, 5))

    statement = ledger.statement_of(account, date(2025, 6, 1))

    assert (statement.opening, statement.closing, statement.rows) == (
        Decimal("42.00"),
        Decimal("42.00"),
        [],
    )


def test_a_roster_keeper_changes_keeper_and_quota_in_the_page(
    region: Region,
    account: PocketMoneyAccount,
    township_worker: User,
    child: Person,
    school_helper: User,
) -> None:
    other = factories.user(unit=region.lengqi_school, role=Role.HELPER, username="new_keeper")
    pair(township_worker, child, other)
    url = reverse("care:ledger_edit", args=[account.pk])

    response = logged_in(township_worker).post(
        url, {"keeper": other.pk, "monthly_quota": "", "version": "1"}
    )

    account.refresh_from_db()
    assert response.status_code == 302
    assert (account.keeper, account.monthly_quota) == (other, None)
    assert logged_in(other).get(url).status_code == 403


def test_a_long_paste_as_a_month_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_month("2026-01" + "x" * 500)

    assert "x" not in str(refused.value.message)
    assert "2026-01" in str(refused.value.message)


def test_the_ledger_page_says_how_many_older_months_it_does_not_list(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    # Given entries in 14 months (January 2025 … February 2026)
    for n in range(14):
        deposit(school_helper, account, "1", on=add_months(OPENED, n))

    page = logged_in(school_helper).get(
        reverse("care:ledger_detail", args=[account.pk]), headers={"accept-language": "en"}
    )
    html = page.content.decode()

    # Then the latest 12 are listed, and the page names the two older ones' statements
    statement = reverse("care:ledger_statement", args=[account.pk])
    assert "And 2 older months: see their statements, from February 2025 back." in html
    assert f'href="{statement}?month=2025-02"' in html
    assert 'data-testid="months-more"' in html


def test_the_ledger_page_of_a_year_says_nothing_of_older_months(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    for n in range(12):
        deposit(school_helper, account, "1", on=add_months(OPENED, n))

    html = logged_in(school_helper).get(reverse("care:ledger_detail", args=[account.pk]))

    assert 'data-testid="months-more"' not in html.content.decode()
