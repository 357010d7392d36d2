"""The acknowledgement list pages: made from the visit's page, edited in text boxes, read by
the group's volunteers, printed (audited), hidden from anyone outside scope (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guanai.accounts.models import Role
from guanai.community import giving, thanks
from guanai.community.models import Acknowledgement, Volunteer
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.community.giving_support import cash_to_fund, county_fund
from tests.community.thanks_support import Visit, gift, plan_four
from tests.conftest import Region, logged_in


@pytest.fixture
def plan(region: Region) -> Visit:
    return plan_four(region)


def test_the_visit_page_links_to_its_list_and_the_host_makes_it(
    plan: Visit, region: Region
) -> None:
    client = logged_in(plan.club.host)
    url = reverse("community:visit_thanks", args=[plan.visit.pk])
    assert (
        url in client.get(reverse("community:visit_detail", args=[plan.visit.pk])).content.decode()
    )
    earlier = gift(region, donor="往期的刘先生", days_before=30)
    gift(region, donor="当天的赵女士")
    page = client.get(url)
    preview = page.content.decode()
    # The preview shows the day's donor and the volunteers; the earlier one is offered.
    assert "当天的赵女士" in preview and plan.volunteers[0].name in preview
    assert f'value="{earlier.pk}"' in preview

    answer = client.post(url, {"earlier": [earlier.pk]})

    made = Acknowledgement.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("community:thanks_detail", args=[made.pk])
    donors = [line["text"] for line in made.lines if line["group"] == "donor"]
    assert donors == ["当天的赵女士", "往期的刘先生"]
    # Once made, the visit's link opens the list.
    assert client.get(url)["Location"] == reverse("community:thanks_detail", args=[made.pk])


def test_the_coordinator_edits_the_list_in_text_boxes(plan: Visit) -> None:
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    client = logged_in(plan.club.coordinator)
    url = reverse("community:thanks_detail", args=[made.pk])
    page = client.get(url).content.decode()
    assert 'name="group_participant"' in page and 'id="thanks-chat"' in page
    names = [v.name for v in plan.volunteers]

    answer = client.post(
        url,
        {
            "version": made.version,
            "title": "博爱特教学校之行感谢名单",
            "closing": "感谢大家！",
            "group_lead": f"{names[0]}\n\n",
            "group_participant": "\n".join([*reversed(names), "随行家长"]),
            "group_writer": "县融媒体中心",
        },
    )

    assert answer.status_code == 302
    made.refresh_from_db()
    assert made.title == "博爱特教学校之行感谢名单"
    participants = [line["text"] for line in made.lines if line["group"] == "participant"]
    assert participants == [*reversed(names), "随行家长"]
    # The scout and lead-giver boxes were sent empty: those lines are removed.
    assert {line["group"] for line in made.lines} == {"lead", "participant", "writer"}
    chat = client.get(url).context["chat_text"]
    assert chat.splitlines()[0] == "博爱特教学校之行感谢名单"
    assert chat.splitlines()[1].endswith(f"：{names[0]}")


def test_an_over_long_line_is_refused_with_a_message(plan: Visit) -> None:
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    client = logged_in(plan.club.host)
    url = reverse("community:thanks_detail", args=[made.pk])
    answer = client.post(
        url, {"version": made.version, "title": made.title, "group_lead": "李" * 201}
    )
    assert answer.status_code == 200
    assert any("200" in str(m) for m in answer.context["messages"])
    made.refresh_from_db()
    assert made.version == 1


def test_a_volunteer_of_the_group_reads_the_list_but_does_not_edit_it(
    plan: Visit, region: Region
) -> None:
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    account = factories.user(unit=plan.club.group, role=Role.VOLUNTEER)
    Volunteer.objects.filter(pk=plan.volunteers[1].pk).update(user=account)
    client = logged_in(account)
    url = reverse("community:thanks_detail", args=[made.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert page.context["form"] is None
    assert plan.volunteers[0].name in page.content.decode()
    assert client.post(url, {"version": 1, "title": "改"}).status_code == 403
    assert client.post(reverse("community:thanks_regenerate", args=[made.pk])).status_code == 403


def test_nobody_outside_scope_sees_the_list(plan: Visit, region: Region) -> None:
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    client = logged_in(factories.user(unit=region.xinglong, role=Role.LEADER))
    for name in ("thanks_detail", "thanks_print"):
        assert client.get(reverse(f"community:{name}", args=[made.pk])).status_code == 404
    assert client.get(reverse("community:visit_thanks", args=[plan.visit.pk])).status_code == 404


def test_the_print_page_shows_the_groups_and_is_audited(plan: Visit) -> None:
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    client = logged_in(plan.club.host)

    page = client.get(reverse("community:thanks_print", args=[made.pk]))

    html = page.content.decode()
    assert 'data-group="lead"' in html and 'data-group="participant"' in html
    assert html.index('data-group="lead"') < html.index('data-group="participant"')
    assert 'data-group="donor"' not in html  # nobody gave: the group is left out
    entry = AccessLog.objects.get(action=AuditAction.PRINT)
    assert (entry.user, entry.object_id) == (plan.club.host, str(made.pk))


def test_regenerate_from_the_page_rebuilds_the_lines(plan: Visit, region: Region) -> None:
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    gift(region, donor="后来的孙先生", amount="800")
    client = logged_in(plan.club.host)
    page = client.get(reverse("community:thanks_detail", args=[made.pk])).content.decode()
    assert "data-confirm" in page

    client.post(
        reverse("community:thanks_regenerate", args=[made.pk]),
        {"version": made.version, "show_amounts": "on"},
    )

    made.refresh_from_db()
    assert "后来的孙先生（¥800.00）" in [line["text"] for line in made.lines]
    assert made.version == 2


def test_a_campaign_list_from_the_fund_page(region: Region) -> None:
    leader = factories.user(unit=region.county, role=Role.LEADER)
    fund = county_fund(leader, region)
    day = giving.campaign_charity_day(acting_user=leader, fund=fund, year=2026)
    cash_to_fund(
        leader,
        fund,
        "10000",
        donor="泸定县农村商业银行",
        donor_kind="company",
        campaign=day,
        on=day.on,
    )
    client = logged_in(leader)
    url = reverse("community:campaign_thanks", args=[day.pk])
    assert url in client.get(reverse("community:fund_detail", args=[fund.pk])).content.decode()

    client.post(url, {})

    made = Acknowledgement.objects.get(campaign=day)
    assert made.lines == [{"group": "donor", "text": "泸定县农村商业银行"}]
    outsider = logged_in(factories.user(unit=region.xinglong, role=Role.LEADER))
    assert outsider.get(url).status_code == 404
