"""Making, editing, regenerating and printing an acknowledgement list (感谢名单)."""

from __future__ import annotations

import pytest

from guanai.accounts.models import Role
from guanai.community import thanks
from guanai.community.models import Acknowledgement
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.community.thanks_support import gift, plan_four
from tests.conftest import Region


def texts(acknowledgement: Acknowledgement, group: str) -> list[str]:
    return [line["text"] for line in acknowledgement.lines if line["group"] == group]


def test_a_visits_list_is_made_from_its_roles_and_the_days_donations(region: Region) -> None:
    plan = plan_four(region)
    gift(region, donor="李明")
    gift(region, donor="", kind="anonymous")
    gift(region, donor="往期的刘先生", days_before=40)  # earlier: not ticked, not thanked
    made = thanks.acknowledgement_make(acting_user=plan.club.coordinator, visit=plan.visit)
    names = [v.name for v in plan.volunteers]
    assert texts(made, "lead") == [names[0]]
    assert texts(made, "driver") == [names[0]]
    assert texts(made, "scout") == [names[1]]
    assert texts(made, "donor")[0] == "李明"
    assert len(texts(made, "donor")) == 2
    assert not any("刘先生" in line["text"] for line in made.lines)
    assert sorted(texts(made, "participant")) == sorted(names)
    assert plan.visit.event.title in made.title


def test_earlier_donations_are_thanked_when_the_host_ticks_them(region: Region) -> None:
    plan = plan_four(region)
    earlier = gift(region, donor="往期的刘先生", days_before=40)
    assert list(thanks.earlier_offered(plan.visit)) == [earlier]
    # The group's coordinator does not choose the school's donations.
    with pytest.raises(PermissionRefused):
        thanks.acknowledgement_make(
            acting_user=plan.club.coordinator, visit=plan.visit, earlier=[earlier.pk]
        )
    made = thanks.acknowledgement_make(
        acting_user=plan.club.host, visit=plan.visit, earlier=[earlier.pk]
    )
    assert "往期的刘先生" in texts(made, "donor")
    assert made.earlier_donations == [earlier.pk]
    # The coordinator regenerates the list: the host's choice is kept, not widened.
    again = thanks.acknowledgement_regenerate(
        acting_user=plan.club.coordinator, acknowledgement=made, version=made.version
    )
    assert "往期的刘先生" in texts(again, "donor")
    other = gift(region, donor="另一位往期捐赠人", days_before=50)
    with pytest.raises(PermissionRefused):
        thanks.acknowledgement_regenerate(
            acting_user=plan.club.coordinator,
            acknowledgement=again,
            version=again.version,
            earlier=[earlier.pk, other.pk],
        )


def test_a_donation_recorded_on_the_visit_is_thanked_whatever_its_date(region: Region) -> None:
    plan = plan_four(region)
    gift(region, donor="送来洗衣机的王女士", days_before=20, visit=plan.visit)
    gift(region, donor="另一次的赵先生", days_before=20)  # same day, not on this visit
    made = thanks.acknowledgement_make(acting_user=plan.club.coordinator, visit=plan.visit)
    assert "送来洗衣机的王女士" in texts(made, "donor")
    assert not any("赵先生" in line["text"] for line in made.lines)


def test_one_list_per_visit(region: Region) -> None:
    plan = plan_four(region)
    thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    with pytest.raises(ValidationFailed):
        thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    assert Acknowledgement.objects.count() == 1


def test_someone_outside_the_host_and_the_group_makes_no_list(region: Region) -> None:
    plan = plan_four(region)
    stranger = factories.user(unit=region.xinglong, role=Role.WORKER)
    with pytest.raises(PermissionRefused):
        thanks.acknowledgement_make(acting_user=stranger, visit=plan.visit)
    assert not Acknowledgement.objects.exists()


def _edit(made: Acknowledgement, lines: list[tuple[str, str]], **kwargs: object) -> Acknowledgement:
    return thanks.acknowledgement_update(
        acting_user=SYSTEM,
        acknowledgement=made,
        version=kwargs.get("version", made.version),  # type: ignore[arg-type]
        title=str(kwargs.get("title", made.title)),
        closing=str(kwargs.get("closing", made.closing)),
        lines=lines,
    )


def test_an_edit_reorders_removes_adds_and_retitles(region: Region) -> None:
    plan = plan_four(region)
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    participants = texts(made, "participant")
    # The participants reversed, the first removed, a guest added; a writer line first in
    # the input still comes after the participants (plan 四's order of groups).
    lines = [("writer", "  县融媒体中心  ")]
    lines += [("participant", name) for name in reversed(participants[1:])]
    lines += [("participant", "随行的家长"), ("lead", "总策划：" + participants[0])]
    saved = _edit(made, lines, title="博爱特教学校之行感谢名单", closing="感谢大家！")
    assert saved.version == made.version + 1
    assert saved.title == "博爱特教学校之行感谢名单"
    assert texts(saved, "participant") == [*reversed(participants[1:]), "随行的家长"]
    assert [line["group"] for line in saved.lines] == [
        "lead",
        *["participant"] * len(participants),
        "writer",
    ]
    assert texts(saved, "writer") == ["县融媒体中心"]


def test_a_stale_edit_is_refused_and_changes_nothing(region: Region) -> None:
    plan = plan_four(region)
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    opened = made.version
    _edit(made, [("lead", "李娜")])
    with pytest.raises(StaleEdit) as refused:
        _edit(made, [("lead", "张伟")], version=opened)
    made.refresh_from_db()
    assert texts(made, "lead") == ["李娜"]
    assert "Reload" in str(refused.value.message) or "重新" in str(refused.value.message)


@pytest.mark.parametrize(
    ("lines", "title", "field", "words"),
    [
        # The message names the line (its number) or the limit, in any language.
        ([("lead", "李娜"), ("lead", "   ")], "感谢名单", "lines", "2"),
        ([("lead", "李" * 201)], "感谢名单", "lines", "200"),
        ([("nobody", "李娜")], "感谢名单", "lines", "1"),
        ([("lead", "李娜")], "   ", "title", ""),
        ([("lead", "李娜")], "名" * 151, "title", "150"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(
    region: Region, lines: list[tuple[str, str]], title: str, field: str, words: str
) -> None:
    plan = plan_four(region)
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    before = list(made.lines)
    with pytest.raises(ValidationFailed) as refused:
        _edit(made, lines, title=title)
    assert refused.value.field == field
    assert words in str(refused.value.message)
    made.refresh_from_db()
    assert made.lines == before
    assert made.version == 1


def test_a_campaign_list_takes_only_the_donors_group(region: Region) -> None:
    from guanai.community import giving
    from tests.community.giving_support import cash_to_fund, county_fund

    leader = factories.user(unit=region.county, role=Role.LEADER)
    fund = county_fund(leader, region)
    day = giving.campaign_charity_day(acting_user=leader, fund=fund, year=2026)
    cash_to_fund(leader, fund, "200", donor="王芳", campaign=day, on=day.on)
    cash_to_fund(leader, fund, "2000", donor="", donor_kind="anonymous", campaign=day, on=day.on)
    made = thanks.acknowledgement_make(acting_user=leader, campaign=day, show_amounts=True)
    assert texts(made, "donor")[0] == "王芳（¥200.00）"
    with pytest.raises(ValidationFailed):
        _edit(made, [("lead", "李娜")])


def test_regenerate_rebuilds_the_lines_and_keeps_the_title(region: Region) -> None:
    plan = plan_four(region)
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    edited = _edit(made, [("lead", "手改的名字")], title="改过的标题")
    gift(region, donor="当天的赵女士")
    again = thanks.acknowledgement_regenerate(
        acting_user=plan.club.coordinator, acknowledgement=edited, version=edited.version
    )
    assert again.title == "改过的标题"
    assert "手改的名字" not in texts(again, "lead")
    assert "当天的赵女士" in texts(again, "donor")
    with pytest.raises(StaleEdit):
        thanks.acknowledgement_regenerate(
            acting_user=plan.club.host, acknowledgement=edited, version=edited.version
        )


def test_a_print_is_written_to_the_access_log(region: Region) -> None:
    plan = plan_four(region)
    made = thanks.acknowledgement_make(acting_user=plan.club.host, visit=plan.visit)
    printed = thanks.acknowledgement_print(acting_user=plan.club.host, acknowledgement=made)
    assert printed.groups[0].key == "lead"
    entry = AccessLog.objects.get(action=AuditAction.PRINT)
    assert entry.user == plan.club.host
    assert entry.object_id == str(made.pk)
    assert entry.detail["rows"] == printed.line_count == len(made.lines)
