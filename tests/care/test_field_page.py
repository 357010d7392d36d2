"""The field page is a shell: it holds no person's data, so a phone may keep it.

The cards come from the API's sync (tests/care/field/); the page only carries the form and
the words. The browser side is tests/e2e/test_field_offline.py.
"""

from __future__ import annotations

from django.urls import reverse

from guanai.accounts.models import User
from tests.care.log_support import pair, pupil
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


def test_the_page_holds_no_person_of_the_helper(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school, "罗小燕")
    pair(child, school_helper)
    response = logged_in(school_helper).get(reverse("care:field"))
    page = response.content.decode()
    assert response["X-Guanai-Offline"] == "1"
    assert "罗小燕" not in page and child.id_number not in page
    # The form of a talk or visit, with its limits stated
    for text in ("谈心", "家访", "亲情电话", "心理辅导", "最多 3 张"):
        assert text in page, text
    assert 'id="field-state"' in page


def test_a_role_without_care_work_is_refused(region: Region, county_auditor: User) -> None:
    assert logged_in(county_auditor).get(reverse("care:field")).status_code == 403


def test_the_page_costs_the_same_queries_for_one_person_or_thirty(
    region: Region, school_helper: User
) -> None:
    client = logged_in(school_helper)
    pair(pupil(region.lengqi_school, "学生甲"), school_helper)
    with count_queries() as small:
        client.get(reverse("care:field"))
    for n in range(29):
        pair(pupil(region.lengqi_school, f"学生{n}"), school_helper)
    with count_queries() as large:
        client.get(reverse("care:field"))
    assert_same_query_count(small, large)
