"""The warnings list in bulk (issue 14): ticking many, one note, filters in the URL, the
summary by unit, giving a warning as a task and closing it with an outcome."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import User
from guanai.care.models import CareWarning, WarningOutcome, WarningStatus
from guanai.care.warnings import services
from tests.care.warnings_bulk_support import warnings_in
from tests.care.warnings_support import pair
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db

LIST = reverse("care:warning_list")
BULK = reverse("care:warning_bulk_ack")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _ticked(warnings: list[CareWarning], note: str = "已统一安排走访", **extra: Any) -> dict:
    data: dict[str, Any] = {"note": note, "w": [str(w.pk) for w in warnings], **extra}
    for w in warnings:
        data[f"v{w.pk}"] = str(w.version)
    return data


def _statuses() -> set[str]:
    return set(CareWarning.objects.values_list("status", flat=True))


def test_a_leader_ticks_warnings_and_acknowledges_them_with_one_note(
    region: Region, county_leader: User
) -> None:
    chosen = warnings_in(region.lengqi_school, 25)
    client = logged_in(county_leader)
    page = client.get(LIST, **EN).content.decode()
    # Each warning has a checkbox with a label naming it.
    assert page.count('name="w"') == 25
    assert f'<label class="form-check-label" for="pick-{chosen[0].pk}">' in page
    assert "Choose the warning about 张三" in page

    response = client.post(BULK, _ticked(chosen[:20], kind="no_care"), follow=True, **EN)

    assert response.redirect_chain[-1][0] == f"{LIST}?kind=no_care"
    assert "20 warnings are acknowledged." in response.content.decode()
    assert CareWarning.objects.filter(status=WarningStatus.ACKNOWLEDGED).count() == 20
    assert set(
        CareWarning.objects.filter(status="acknowledged").values_list("note", flat=True)
    ) == {"已统一安排走访"}


def test_all_matching_the_filter_acknowledges_only_those(
    region: Region, county_leader: User
) -> None:
    warnings_in(region.lengqi_school, 12)  # two of each kind
    page = logged_in(county_leader).get(f"{LIST}?kind=low_mood", **EN).content.decode()
    assert "All 2 warnings matching this filter" in page

    response = logged_in(county_leader).post(
        BULK, {"note": "统一处理", "all_matching": "on", "kind": "low_mood"}, follow=True, **EN
    )

    assert "2 warnings are acknowledged." in response.content.decode()
    acknowledged = CareWarning.objects.filter(status=WarningStatus.ACKNOWLEDGED)
    assert set(acknowledged.values_list("kind", flat=True)) == {"low_mood"}
    assert acknowledged.count() == 2


def test_a_warning_changed_meanwhile_is_reported_on_the_page(
    region: Region, county_leader: User
) -> None:
    chosen = warnings_in(region.lengqi_school, 3)
    form = _ticked(chosen)
    services.warning_acknowledge(acting_user=county_leader, warning=chosen[0], note="先处理了")

    response = logged_in(county_leader).post(BULK, form, follow=True, **EN)

    page = response.content.decode()
    assert "2 warnings are acknowledged." in page
    assert "1 warning was changed by someone else meanwhile and is left as it is: 张三." in page
    assert CareWarning.objects.get(pk=chosen[0].pk).note == "先处理了"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"w": []}, "Choose at least one warning."),
        ({"note": ""}, "Write a note: what has been done or will be done about it."),
        ({"note": "很" * 301}, "Ensure this value has at most 300 characters (it has 301)."),
        ({"w": ["99999"]}, "These warnings are not found among yours: 99999."),
        ({"w": ["x"]}, "Choose warnings from the list."),
    ],
    ids=["empty", "no-note", "long-note", "unknown", "not-a-number"],
)
def test_bad_input_is_refused_on_the_list_and_changes_nothing(
    region: Region, county_leader: User, change: dict, message: str
) -> None:
    chosen = warnings_in(region.lengqi_school, 2)
    response = logged_in(county_leader).post(BULK, {**_ticked(chosen), **change}, **EN)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert _statuses() == {WarningStatus.OPEN}
    if "note" not in change:  # the note typed stays in the form
        assert "已统一安排走访</textarea>" in page


def test_a_warning_of_another_township_is_refused(region: Region, county_leader: User) -> None:
    from guanai.accounts.models import Role
    from tests import factories

    lengqi_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    theirs = warnings_in(region.xinglong_school, 1, "李四")
    mine = warnings_in(region.lengqi_school, 1)
    response = logged_in(lengqi_leader).post(BULK, _ticked(mine + theirs), **EN)
    assert response.status_code == 400
    assert f"These warnings are not found among yours: {theirs[0].pk}." in response.content.decode()
    assert _statuses() == {WarningStatus.OPEN}


def test_workers_get_no_checkboxes_and_may_not_post(region: Region, township_worker: User) -> None:
    chosen = warnings_in(region.lengqi_school, 2)
    page = logged_in(township_worker).get(LIST).content.decode()
    assert 'name="w"' not in page and BULK not in page
    assert logged_in(township_worker).post(BULK, _ticked(chosen)).status_code == 403
    assert _statuses() == {WarningStatus.OPEN}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=nonsense", "Unknown kind of warning: nonsense."),
        ("?status=gone", "Unknown status: gone."),
        ("?risk=extreme", "Unknown risk level: extreme."),
        ("?unit=999999", "This unit is not one of yours."),
    ],
)
def test_unknown_filter_values_are_refused_with_a_message(
    region: Region, county_leader: User, query: str, message: str
) -> None:
    warnings_in(region.lengqi_school, 2)
    response = logged_in(county_leader).get(f"{LIST}{query}", **EN)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "This filter cannot be shown." in page
    assert 'name="w"' not in page


def test_the_filters_stay_in_the_url_and_the_summary_counts_by_unit(
    region: Region, county_leader: User
) -> None:
    warnings_in(region.lengqi_school, 6, "张三")
    warnings_in(region.xinglong_school, 1, "李四", kind="low_mood")
    page = logged_in(county_leader).get(f"{LIST}?risk=&kind=", **EN).content.decode()
    assert 'data-testid="unit-counts"' in page
    assert f'href="?risk=&amp;unit={region.lengqi.pk}">6</a>' in page
    assert f"?risk=&amp;kind=low_mood&amp;unit={region.xinglong.pk}" in page

    lengqi = logged_in(county_leader).get(f"{LIST}?unit={region.lengqi.pk}&kind=no_care", **EN)
    body = lengqi.content.decode()
    assert body.count('name="w"') == 1  # 6 warnings of the six kinds: one "no care"
    assert "李四" not in body
    # The bulk form carries the filter back.
    assert f'<input type="hidden" name="unit" value="{region.lengqi.pk}">' in body


def test_the_list_with_checkboxes_runs_as_many_queries_for_40_as_for_1(
    region: Region, county_leader: User
) -> None:
    warnings_in(region.lengqi_school, 1, "张三")
    client = logged_in(county_leader)
    with count_queries() as one:
        client.get(LIST)
    warnings_in(region.xinglong_school, 39, "李四")
    with count_queries() as forty:
        page = client.get(LIST).content.decode()
    assert page.count('name="w"') == 40
    assert_same_query_count(one, forty)


def test_bulk_posting_runs_as_many_queries_for_40_as_for_1(
    region: Region, county_leader: User
) -> None:
    one = warnings_in(region.lengqi_school, 1, "张三")
    many = warnings_in(region.xinglong_school, 40, "李四")
    client = logged_in(county_leader)
    with count_queries() as small:
        client.post(BULK, _ticked(one))
    with count_queries() as large:
        client.post(BULK, _ticked(many))
    assert _statuses() == {WarningStatus.ACKNOWLEDGED}
    assert_same_query_count(small, large)


# --- Giving as a task, closing -------------------------------------------------------------


def test_a_leader_gives_a_warning_to_a_paired_helper_who_closes_it(
    region: Region, county_leader: User, school_helper: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    pair(warning.person, school_helper)
    assign = reverse("care:warning_assign", args=[warning.pk])
    page = logged_in(county_leader).get(assign, **EN).content.decode()
    assert "(paired helper)" in page and "Choose a person" in page
    due = timezone.localdate() + timedelta(days=3)

    response = logged_in(county_leader).post(
        assign,
        {"assignee": school_helper.pk, "note": "本周家访", "due_on": due.isoformat(), "version": 1},
        **EN,
    )

    assert response.status_code == 302
    warning.refresh_from_db()
    assert (warning.assigned_to, warning.due_on) == (school_helper, due)
    helper = logged_in(school_helper)
    listed = helper.get(LIST, **EN).content.decode()
    assert "Given to" in listed and "本周家访" in listed
    close = reverse("care:warning_close", args=[warning.pk])
    assert close in listed

    refused = helper.post(close, {"outcome_note": "去过了", "version": 2}, **EN)
    assert refused.status_code == 400
    assert "Choose what came of it." in refused.content.decode()
    done = helper.post(close, {"outcome": "visited", "outcome_note": "去过了", "version": 2}, **EN)

    assert done.status_code == 302
    warning.refresh_from_db()
    assert (warning.status, warning.outcome, warning.closed_by) == (
        WarningStatus.CLOSED,
        WarningOutcome.VISITED,
        school_helper,
    )
    closed = logged_in(county_leader).get(f"{LIST}?status=closed", **EN).content.decode()
    assert "Visited or talked with the person" in closed and "去过了" in closed


def test_assigning_refuses_someone_who_may_not_act_and_a_stale_form(
    region: Region, county_leader: User, school_helper: User, township_worker: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    assign = reverse("care:warning_assign", args=[warning.pk])
    client = logged_in(county_leader)
    unpaired = client.post(assign, {"assignee": school_helper.pk, "version": 1}, **EN)
    assert unpaired.status_code == 400
    assert "Choose someone who may act for this person." in unpaired.content.decode()
    stale = client.post(assign, {"assignee": township_worker.pk, "version": 7}, **EN)
    assert stale.status_code == 400
    assert "Someone changed this warning since you opened it" in stale.content.decode()
    assert CareWarning.objects.get().assigned_to is None


def test_only_leaders_open_the_assign_page_and_only_the_assignee_closes(
    region: Region, township_worker: User, school_helper: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    pair(warning.person, school_helper)
    assign = reverse("care:warning_assign", args=[warning.pk])
    close = reverse("care:warning_close", args=[warning.pk])
    assert logged_in(township_worker).get(assign).status_code == 403
    assert logged_in(school_helper).get(close).status_code == 403


def test_a_closed_warning_sends_both_pages_back_to_the_list_and_one_out_of_sight_is_404(
    region: Region, county_leader: User, other_township_worker: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    assign = reverse("care:warning_assign", args=[warning.pk])
    close = reverse("care:warning_close", args=[warning.pk])
    # 兴隆镇's worker does not see 冷碛镇's warning at all.
    assert logged_in(other_township_worker).get(assign).status_code == 404
    assert logged_in(other_township_worker).get(close).status_code == 404
    services.warning_close(
        acting_user=county_leader, warning=warning, outcome=WarningOutcome.VISITED
    )
    client = logged_in(county_leader)

    for url in (assign, close):
        for response in (
            client.get(url, follow=True, **EN),
            client.post(url, {"version": 2}, follow=True, **EN),
        ):
            assert response.redirect_chain == [(LIST, 302)], url
            assert "This warning is no longer open." in response.content.decode(), url

    warning.refresh_from_db()
    assert (warning.status, warning.assigned_to) == (WarningStatus.CLOSED, None)
