"""Quick entry on a phone: opened for a person, the form shows that person and folds the
others away, so the type and the summary come right below the name."""

from __future__ import annotations

import re

from django.urls import reverse

from guanai.accounts.models import User
from guanai.care.models import CareRecord
from tests.care.log_support import pair, pupil
from tests.conftest import Region, logged_in


def test_opened_for_a_person_the_others_are_folded_away(
    region: Region, school_helper: User
) -> None:
    pupils = [pupil(region.lengqi_school, f"学生{n}") for n in range(5)]
    for p in pupils:
        pair(p, school_helper)
    client = logged_in(school_helper)
    url = reverse("care:record_new")
    page = client.get(url, {"person": pupils[2].pk, "kind": "talk"}).content.decode()
    before, folded = page.split("添加其他对象", 1)
    assert re.search(rf'value="{pupils[2].pk}"\s+autocomplete="off"\s+checked', before)
    assert "学生2" in before and "学生0" not in before
    assert all(f"学生{n}" in folded for n in (0, 1, 3, 4))
    # The summary is all that must be typed; the folded names can still be ticked.
    response = client.post(
        url,
        {
            "persons": [pupils[2].pk, pupils[4].pk],
            "kind": "talk",
            "occurred_on": "2026-11-20",
            "summary": "聊了最近的学习。",
        },
    )
    assert response.status_code == 302
    record = CareRecord.objects.get()
    assert sorted(record.persons.values_list("name", flat=True)) == ["学生2", "学生4"]


def test_without_a_person_every_name_is_shown(region: Region, school_helper: User) -> None:
    for n in range(3):
        pair(pupil(region.lengqi_school, f"学生{n}"), school_helper)
    page = logged_in(school_helper).get(reverse("care:record_new")).content.decode()
    assert "添加其他对象" not in page
    assert all(f"学生{n}" in page for n in range(3))
