"""The links between the care pages: every care list shows them, by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guanai.accounts.models import User
from tests.conftest import logged_in

PAGES = [
    "care:worklist",
    "care:coverage",
    "care:plan_list",
    "care:evaluation_class",
    "care:ledger_list",
    "care:warning_list",
    "care:rules",
]


@pytest.mark.parametrize("name", PAGES)
def test_each_care_list_links_to_the_others(township_worker: User, name: str) -> None:
    page = logged_in(township_worker).get(reverse(name)).content.decode()
    for other in PAGES:
        assert f'href="{reverse(other)}"' in page, other
    assert f'aria-current="page"\n           href="{reverse(name)}"' in page


def test_a_helper_is_not_sent_to_the_coverage_page(school_helper: User) -> None:
    page = logged_in(school_helper).get(reverse("care:worklist")).content.decode()
    assert f'href="{reverse("care:plan_list")}"' in page
    assert f'href="{reverse("care:coverage")}"' not in page
    assert logged_in(school_helper).get(reverse("care:coverage")).status_code == 403
