"""The case file's care tab (帮扶): the way from a person's file to their care.

The tab is offered by the care app, registered when it loads (DESIGN §4): the registry
does not import care. It lists the helpers paired now, the plans and the latest care, and
links to the care log, the pairings, the progress archive, a new plan and a progress entry.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from guanai.accounts.models import Role, User
from guanai.care import log as care_log
from guanai.care import plans
from guanai.care.models import CareKind, HelperRole, PlanDomain
from guanai.care.pairing import pairing_start
from guanai.registry import extensions
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture
def pupil(region: Region, township_worker: User) -> Person:
    return factories.pupil(township_worker, region.lengqi_school, "王小明", 11)


def _care_tab(user: User, person: Person) -> str:
    response = logged_in(user).get(
        reverse("registry:person_detail", args=[person.pk]), {"tab": "care"}
    )
    assert response.status_code == 200
    return response.content.decode()


def _pair(worker: User, person: Person, helper: User, role: str = HelperRole.CLASS_TEACHER) -> None:
    pairing_start(
        acting_user=worker, person=person, role=role, started_on=date(2026, 9, 1), helper=helper
    )


def test_the_care_app_registers_its_tab_on_the_file() -> None:
    assert "care" in [panel.code for panel in extensions.file_panels()]


def test_every_tab_of_the_file_links_to_the_care_tab(pupil: Person, township_worker: User) -> None:
    page = logged_in(township_worker).get(reverse("registry:person_detail", args=[pupil.pk]))
    care_url = reverse("registry:person_detail", args=[pupil.pk]) + "?tab=care"
    assert f'href="{care_url}"' in page.content.decode()
    assert 'data-testid="tab-care"' in page.content.decode()


def test_a_worker_reaches_a_first_plan_and_progress_from_the_file(
    pupil: Person, township_worker: User
) -> None:
    # Given a child with no plan, no pairing and no care yet
    page = _care_tab(township_worker, pupil)
    # Then the tab offers a first plan, care and progress, and links to the care pages
    assert f'href="{reverse("care:plan_new")}?person={pupil.pk}"' in page
    assert "新建帮扶计划" in page and "记录进步" in page
    for name in ("care:person_care", "care:person_pairings", "care:progress_archive"):
        assert f'href="{reverse(name, args=[pupil.pk])}"' in page, name
    assert f'href="{reverse("care:progress_new", args=[pupil.pk])}"' in page
    assert "尚无帮扶计划。" in page and "尚无帮扶人与其结对。" in page
    # And the first plan's form opens from there
    response = logged_in(township_worker).get(reverse("care:plan_new"), {"person": pupil.pk})
    assert response.status_code == 200


def test_the_tab_shows_the_helpers_plans_and_latest_care(
    region: Region, pupil: Person, township_worker: User
) -> None:
    teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="张丽")
    _pair(township_worker, pupil, teacher)
    today = timezone.localdate()
    plan = plans.plan_create(
        acting_user=township_worker,
        person=pupil,
        data=plans.PlanData(
            domain=PlanDomain.STUDY,
            goals="数学成绩提高到及格",
            measures="每周辅导两次",
            starts_on=today,
            ends_on=today + timedelta(days=90),
            responsible=teacher,
        ),
    )
    care_log.care_record_add(
        acting_user=teacher,
        persons=[pupil],
        data=care_log.RecordData(kind=CareKind.TALK, occurred_on=today, summary="谈学习"),
    )
    page = _care_tab(township_worker, pupil)
    assert "张丽 · 班主任" in page
    assert f'href="{reverse("care:plan_detail", args=[plan.pk])}"' in page
    assert "谈心" in page and date_format(today) in page  # 2026年12月6日


def test_a_viewer_reads_the_tab_without_the_actions(pupil: Person, prefecture_viewer: User) -> None:
    page = _care_tab(prefecture_viewer, pupil)
    assert f'href="{reverse("care:progress_archive", args=[pupil.pk])}"' in page
    assert "新建帮扶计划" not in page and "记录进步" not in page


def test_the_tab_is_not_found_outside_the_users_scope(
    pupil: Person, other_township_worker: User
) -> None:
    url = reverse("registry:person_detail", args=[pupil.pk])
    assert logged_in(other_township_worker).get(url, {"tab": "care"}).status_code == 404


def test_the_tab_runs_a_fixed_number_of_queries(
    region: Region, pupil: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("registry:person_detail", args=[pupil.pk])
    helpers = [
        factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name=f"老师{n}")
        for n in range(6)
    ]
    _pair(township_worker, pupil, helpers[0])
    care_log.care_record_add(
        acting_user=helpers[0],
        persons=[pupil],
        data=care_log.RecordData(
            kind=CareKind.TALK, occurred_on=timezone.localdate(), summary="谈心"
        ),
    )
    with count_queries() as one:
        client.get(url, {"tab": "care"})
    for helper in helpers[1:]:
        _pair(township_worker, pupil, helper, HelperRole.SUBJECT_TEACHER)
        care_log.care_record_add(
            acting_user=helper,
            persons=[pupil],
            data=care_log.RecordData(
                kind=CareKind.TALK, occurred_on=timezone.localdate(), summary="谈心"
            ),
        )
    with count_queries() as many:
        client.get(url, {"tab": "care"})
    assert_same_query_count(one, many)


def test_the_tab_lists_the_latest_care_and_says_how_many_more_the_log_has(
    region: Region, pupil: Person, township_worker: User
) -> None:
    # Given seven care records of the child
    for n in range(7):
        care_log.care_record_add(
            acting_user=township_worker,
            persons=[pupil],
            data=care_log.RecordData(
                kind=CareKind.TALK,
                occurred_on=timezone.localdate() - timedelta(days=n),
                summary=f"谈心{n}",
            ),
        )

    page = logged_in(township_worker).get(
        reverse("registry:person_detail", args=[pupil.pk]),
        {"tab": "care"},
        headers={"accept-language": "en"},
    )

    # Then the tab lists the latest five and links the care log for the other two
    listed = page.content.decode().split('data-testid="care-records"', 1)[1].split("</ul>")[0]
    assert listed.count("Heart-to-heart talk") == 5
    more = listed.split('data-testid="care-records-more"', 1)[1]
    assert f'href="{reverse("care:person_care", args=[pupil.pk])}"' in more
    assert "And 2 more care records: see the care log." in more


def test_the_tab_with_few_records_says_nothing_more(pupil: Person, township_worker: User) -> None:
    care_log.care_record_add(
        acting_user=township_worker,
        persons=[pupil],
        data=care_log.RecordData(
            kind=CareKind.TALK, occurred_on=timezone.localdate(), summary="谈心"
        ),
    )

    assert 'data-testid="care-records-more"' not in _care_tab(township_worker, pupil)
