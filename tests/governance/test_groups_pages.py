"""The leading group's pages: members by post, history, persons shown only to those who read
them, scoping, forms refusing bad input, the print page and the unit panel."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.governance.groups import DutiesData, member_change_post, member_update
from guanai.governance.groups.panels import unit_panel
from guanai.governance.models import GroupMember, Post
from tests import factories
from tests.conftest import Region, logged_in
from tests.governance.groups_support import Township, lengqi_leader, lengqi_viewer, township

__all__ = ["lengqi_leader", "lengqi_viewer", "township"]


def _detail(user: User, township: Township) -> str:
    answer = logged_in(user).get(reverse("governance:group_detail", args=[township.group.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_group_page_shows_members_and_former_members(township: Township) -> None:
    member_change_post(
        township.leader_user,
        township.deputy,
        version=township.deputy.version,
        post=Post.MEMBER,
        on=date(2025, 6, 1),
    )
    html = _detail(township.leader_user, township)
    members, former = html.split('data-testid="former"')
    assert "王耀亮" in members and "乡党委书记" in members
    assert "2025-01-06 – 2025-05-31" in former and "刘冬梅" in former
    assert str(Post.DEPUTY.label) in former
    assert "领导小组办公室设在乡民政办" in html


def test_duties_persons_are_hidden_from_who_cannot_read_them(
    township: Township, region: Region, school_helper: User
) -> None:
    pupil = factories.person(region.lengqi_school, "周小燕")
    member_update(
        township.leader_user,
        township.director,
        version=township.director.version,
        data=DutiesData(duties="负责中心小学", units=[region.lengqi_school], persons=[pupil]),
    )
    assert "周小燕" in _detail(township.leader_user, township)
    # The school's helper reads the township's group, not the pupil's file.
    html = _detail(school_helper, township)
    assert "负责中心小学" in html and "冷碛镇中心小学" in html
    assert "周小燕" not in html
    printed = logged_in(school_helper).get(
        reverse("governance:group_print", args=[township.group.pk])
    )
    assert "负责中心小学" in printed.content.decode()
    assert "周小燕" not in printed.content.decode()


def test_another_townships_group_is_404(township: Township, other_township_worker: User) -> None:
    client = logged_in(other_township_worker)
    for name in ("group_detail", "group_print", "group_edit", "member_new"):
        assert (
            client.get(reverse(f"governance:{name}", args=[township.group.pk])).status_code == 404
        )
    for name in ("member_edit", "member_end", "member_post"):
        url = reverse(f"governance:{name}", args=[township.deputy.pk])
        assert client.get(url).status_code == 404


def test_units_above_and_below_read_the_group(
    township: Township, county_leader: User, school_helper: User
) -> None:
    for user in (county_leader, school_helper):
        _detail(user, township)


def test_a_viewer_reads_but_cannot_edit(township: Township, lengqi_viewer: User) -> None:
    client = logged_in(lengqi_viewer)
    html = _detail(lengqi_viewer, township)
    assert reverse("governance:member_new", args=[township.group.pk]) not in html
    assert client.get(reverse("governance:group_edit", args=[township.group.pk])).status_code == 403
    answer = client.post(
        reverse("governance:member_end", args=[township.deputy.pk]),
        {"end_on": "2026-01-01", "version": township.deputy.version},
    )
    assert answer.status_code == 403
    assert GroupMember.objects.get(pk=township.deputy.pk).end_on is None


def test_the_member_form_refuses_an_end_before_the_start(township: Township) -> None:
    answer = logged_in(township.leader_user).post(
        reverse("governance:member_end", args=[township.deputy.pk]),
        {"end_on": "2024-12-31", "version": township.deputy.version},
    )
    assert answer.status_code == 400
    assert "2025-01-06" in answer.content.decode()
    assert GroupMember.objects.get(pk=township.deputy.pk).end_on is None


def test_a_stale_form_is_refused_with_its_message(township: Township) -> None:
    client = logged_in(township.leader_user)
    url = reverse("governance:member_edit", args=[township.director.pk])
    assert (
        client.post(url, {"duties": "一", "version": township.director.version}).status_code == 302
    )
    answer = client.post(url, {"duties": "二", "version": township.director.version})
    assert answer.status_code == 400
    assert GroupMember.objects.get(pk=township.director.pk).duties == "一"


def test_adding_a_named_member_through_the_form(township: Township) -> None:
    answer = logged_in(township.leader_user).post(
        reverse("governance:member_new", args=[township.group.pk]),
        {"post": Post.LIAISON, "name": "赵敏", "title": "村文书", "start_on": "2025-03-01"},
    )
    assert answer.status_code == 302
    assert township.group.members.filter(name="赵敏", post=Post.LIAISON, user=None).exists()


def test_the_print_page_prints_the_group_as_the_plans_do(township: Township) -> None:
    answer = logged_in(township.leader_user).get(
        reverse("governance:group_print", args=[township.group.pk])
    )
    html = answer.content.decode()
    assert f"{Post.LEADER.label}：王耀亮（乡党委书记）" in html
    assert f"{Post.DEPUTY.label}：刘冬梅（乡长）" in html
    assert "领导小组办公室设在乡民政办" in html
    assert "负责领导小组办公室日常工作" in html
    assert "data-print" in html and "governance/paper.css" in html


def test_the_list_shows_the_units_groups_and_a_unit_chooser(
    township: Township, region: Region
) -> None:
    account = factories.user(unit=region.lengqi, role=Role.WORKER)
    factories.grant(account, region.xinglong, Role.WORKER)
    client = logged_in(account)
    html = client.get(reverse("governance:groups_index")).content.decode()
    assert "爱心帮扶工作领导小组" in html and 'name="unit"' in html
    other = client.get(reverse("governance:groups_index"), {"unit": region.xinglong.pk})
    assert "爱心帮扶工作领导小组" not in other.content.decode()


def test_the_list_of_a_unit_outside_scope_is_404(
    township: Township, other_township_worker: User, region: Region
) -> None:
    answer = logged_in(other_township_worker).get(
        reverse("governance:groups_index"), {"unit": region.lengqi.pk}
    )
    assert answer.status_code == 404


def test_the_unit_panel(township: Township, region: Region, county_leader: User) -> None:
    today = timezone.localdate()
    panel = unit_panel(township.leader_user, region.lengqi, today)
    assert panel is not None
    assert panel["group"] == township.group
    assert panel["leaders"] == ["王耀亮"] and panel["member_count"] == 3
    empty = unit_panel(county_leader, region.xinglong, today)
    assert empty is not None and empty["group"] is None and empty["can_create"]
    helper = factories.user(unit=region.xinglong_school, role=Role.HELPER)
    assert unit_panel(helper, region.xinglong, today) is None
