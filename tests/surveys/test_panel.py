"""The person's file: the 调查 tab with the latest answers per questionnaire and the
history, read logged, scoped like the file; the follow-ups beside each problem open care's
plan form and community's need form prefilled."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from guanai.accounts.models import Role
from guanai.community.models.giving import Need
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.extensions import person_actions
from guanai.surveys.followups import problems_of
from tests import factories
from tests.conftest import logged_in
from tests.surveys import support
from tests.surveys.support_analysis import SIX, answer

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def w(db: None) -> support.World:
    return support.world()


def two_rounds(w: support.World):
    """张小明 answered in spring (SIX[1]: no problem) and in autumn (SIX[0]: five)."""
    form = support.small_form()
    spring = support.round_over(w, form, title="2027年春季摸底排查")
    autumn = support.round_over(w, form, title="2027年秋季摸底排查", starts=date(2027, 4, 1))
    child = w.children[0]
    answer(spring.cases.get(person=child), SIX[1], author=w.helper, day=date(2027, 3, 5))
    latest = answer(autumn.cases.get(person=child), SIX[0], author=w.helper, day=date(2027, 4, 5))
    return child, latest


def tab(client, person) -> str:
    return client.get(f"/persons/{person.pk}/?tab=surveys", **EN).content.decode()


def test_the_tab_shows_the_latest_answers_and_the_history(w: support.World) -> None:
    child, _latest = two_rounds(w)
    page = tab(logged_in(w.township_worker), child)
    latest = page.split('data-testid="survey-latest"', 1)[1].split("</dl>", 1)[0]
    assert "很少或从不" in latest  # the autumn answer, not the spring one (每周)
    assert "每周" not in latest
    assert re.search(r"text-danger[^>]*>\s*很少或从不", latest)  # a problem, highlighted
    assert "Latest answers: 2027年秋季摸底排查, version 1" in page
    history = page.split('data-testid="survey-history"', 1)[1].split("</table>", 1)[0]
    assert history.index("2027年秋季摸底排查") < history.index("2027年春季摸底排查")
    assert history.count("王老师") == 2
    read = AccessLog.objects.get(action=AuditAction.READ, detail__page="surveys")
    assert read.object_id == str(child.pk) and read.user == w.township_worker


def test_another_township_gets_no_tab_and_no_file(w: support.World) -> None:
    child, _latest = two_rounds(w)
    assert logged_in(w.other_worker).get(f"/persons/{child.pk}/?tab=surveys").status_code == 404


def test_a_person_without_answers_has_no_tab(w: support.World) -> None:
    page = logged_in(w.township_worker).get(f"/persons/{w.children[1].pk}/", **EN)
    assert "?tab=surveys" not in page.content.decode()


def test_problems_of_name_the_text_and_the_plan_domain(w: support.World) -> None:
    _child, latest = two_rounds(w)
    assert problems_of(latest) == [
        ("guardian_age", "监护人年迈", "life"),
        ("contact:rarely", "与父母联系少", "psychology"),
        ("needs:study", "学习需要辅导", ""),
        ("needs:talk", "需要心理疏导", ""),
        ("lonely", "常感孤独", "psychology"),
    ]


def links(page: str, code: str) -> list[str]:
    return [
        html.unescape(u)
        for u in re.findall(rf'href="([^"]+)"\s+data-testid="followup-{code}"', page)
    ]


def test_the_follow_ups_open_the_plan_form_prefilled(w: support.World) -> None:
    child, _latest = two_rounds(w)
    client = logged_in(w.township_worker)
    plan_links = links(tab(client, child), "care_plan")
    assert len(plan_links) == 5
    form = client.get(plan_links[1], **EN).content.decode()  # 与父母联系少, psychology
    assert re.search(r'<option value="psychology"\s+selected', form)
    assert re.search(r"<textarea[^>]*name=\"goals\"[^>]*>\s*与父母联系少</textarea>", form)


def test_the_follow_ups_open_the_need_form_prefilled_and_post_it_for_the_person(
    w: support.World,
) -> None:
    child, _latest = two_rounds(w)
    client = logged_in(w.township_worker)
    need_links = links(tab(client, child), "community_need")
    assert len(need_links) == 5
    page = client.get(need_links[2], **EN).content.decode()  # 学习需要辅导
    assert 'value="学习需要辅导"' in page
    assert "For 张小明" in page
    assert re.search(rf'<option value="{child.org_unit.pk}"\s+selected', page)
    response = client.post(
        need_links[2],
        {
            "unit": child.org_unit.pk,
            "item": "学习需要辅导",
            "quantity": "1",
            "measure": "次",
            "urgency": "soon",
        },
    )
    assert response.status_code == 302
    assert Need.objects.get().person == child


def test_the_follow_ups_are_offered_only_to_who_may_take_them(w: support.World) -> None:
    child, _latest = two_rounds(w)
    viewer = factories.user(unit=w.township, role=Role.VIEWER)
    assert [a.code for a in person_actions(w.township_worker, child)] == [
        "care_plan",
        "community_need",
        "inkind_request",
    ]
    assert person_actions(viewer, child) == []
    assert person_actions(w.other_worker, child) == []


def test_a_bad_prefill_is_not_used(w: support.World) -> None:
    child, _latest = two_rounds(w)
    client = logged_in(w.township_worker)
    form = client.get(
        "/care/plans/new/", {"person": child.pk, "domain": "magic", "goals": "长" * 501}, **EN
    ).content.decode()
    assert "selected" not in form.split('name="domain"', 1)[1].split("</select>", 1)[0]
    assert "长长长" not in form
    other = w.children[3]
    assert client.get("/community/needs/new/", {"person": other.pk}).status_code == 404
