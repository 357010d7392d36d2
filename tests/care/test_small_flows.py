"""Small care flows that read wrong (issue 12, point 15): rules named in Chinese, the
pocket-money keeper and a refused spending, plan review dates, the pairing form's helpers."""

from __future__ import annotations

import re

from django.urls import reverse

from guanai.accounts.models import Role
from guanai.care import rules as care_rules
from tests import factories
from tests.conftest import Region, logged_in


def test_the_rules_page_shows_chinese_names_and_no_english_codes(region: Region) -> None:
    leader = factories.user(unit=region.lengqi_school, role=Role.LEADER)
    care_rules.seed_default_rules(region.county)

    page = logged_in(leader).get(f"{reverse('care:rules')}?unit={region.lengqi_school.pk}")

    html = page.content.decode()
    shown = re.sub(r"<[^>]+>", " ", html.partition('data-testid="rules"')[2])
    assert "班主任每周与3—5名特殊群体学生谈一次心" in shown
    for code in ("class-teacher-talks", "talk-every-4-weeks", "high-risk-weekly"):
        assert code not in shown
