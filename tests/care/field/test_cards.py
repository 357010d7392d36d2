"""The phone's sync (issue 23): the cards of the persons paired with a helper, incremental,
holding what a visit needs and no ID or full phone number, audited, at a fixed query count."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.care import field, plans, risk
from guanai.care import rules as care_rules
from guanai.care.models import CareKind, Pairing, PlanDomain
from guanai.care.pairing import pairing_end
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Contact, Person
from guanai.registry.services import person_archive
from tests import factories
from tests.care.field.support import TODAY, have_of, paired_pupil, sync
from tests.care.log_support import on, record, zh
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


def _leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER, full_name="刘书记")


def test_a_card_holds_what_a_visit_needs(
    region: Region, school_helper: User, township_worker: User
) -> None:
    # Given a left-behind pupil paired with the class teacher, at high risk, with an
    # active study plan, four care records and the county's rules
    care_rules.seed_default_rules(region.county)
    User.objects.filter(pk=township_worker.pk).update(full_name="周晓东")
    child = paired_pupil(township_worker, school_helper, region.lengqi_school, "李小花")
    leader = _leader(region)
    with on(TODAY - timedelta(days=10)):
        proposed = risk.risk_propose(
            acting_user=school_helper, person=child, level="high", reason="情绪低落"
        )
        risk.risk_decide(acting_user=leader, assessment=proposed, confirm=True)
        plan = plans.plan_create(
            acting_user=township_worker,
            person=child,
            data=plans.PlanData(
                domain=PlanDomain.STUDY,
                goals="按时完成作业",
                measures="每周陪伴学习一次",
                starts_on=TODAY - timedelta(days=10),
                ends_on=date(2027, 1, 31),
                responsible=school_helper,
            ),
        )
        plans.plan_approve(acting_user=leader, plan=plan)
    record(school_helper, [child], CareKind.TALK, date(2026, 11, 2))
    record(township_worker, [child], CareKind.HOME_VISIT, date(2026, 11, 10))
    record(
        school_helper,
        [child],
        CareKind.FAMILY_CALL,
        date(2026, 11, 20),
        parent="father",
        minutes=10,
    )
    record(school_helper, [child], CareKind.TALK, date(2026, 11, 24))

    # When the class teacher's phone syncs for the first time
    answer = sync(logged_in(school_helper))

    # Then it gets the card, in Chinese, and the three latest contacts of anyone
    assert answer.status_code == 200, answer.content
    body = answer.json()
    (card,) = body["persons"]
    assert card["hash"] == field.card_hash(card)
    assert {k: v for k, v in card.items() if k not in ("hash", "work")} == {
        "id": child.pk,
        "name": "李小花",
        "gender": "female",
        "age": 11,
        "categories": [zh("Left-behind child")],
        "place": "冷碛镇中心小学 三年级2班",
        "guardian": {"name": "李奶奶", "relation": "祖母", "phone": card["guardian"]["phone"]},
        "risk_level": "high",
        "risk_label": zh("High"),
        "pairing_roles": [zh("Class teacher")],
        "last_contacts": [
            {
                "kind": "talk",
                "kind_label": zh("Heart-to-heart talk"),
                "on": "2026-11-24",
                "author": "测试用户",
            },
            {
                "kind": "family_call",
                "kind_label": zh("Family phone call"),
                "on": "2026-11-20",
                "author": "测试用户",
            },
            {
                "kind": "home_visit",
                "kind_label": zh("Home visit"),
                "on": "2026-11-10",
                "author": "周晓东",
            },
        ],
        "goals": [{"domain_label": zh("Study"), "goals": "按时完成作业", "ends_on": "2027-01-31"}],
    }
    assert re.fullmatch(r"139\*{4}\d{4}", card["guardian"]["phone"])
    work = {item["name"]: item for item in card["work"]}
    assert work["高风险对象每周至少联系一次"] == {
        "name": "高风险对象每周至少联系一次",
        "kind": "talk",
        "kind_label": zh("Heart-to-heart talk"),
        "status": "done",
        "status_label": zh("Done"),
        "done": 1,
        "needed": 1,
        "deadline": "2026-11-29",
    }
    assert work["留守儿童每月至少一次亲情电话"]["status"] == "done"
    (quota,) = body["quotas"]
    assert quota == {
        "name": "班主任每周与3—5名特殊群体学生谈一次心",
        "period_label": zh("This week"),
        "status": "overdue",
        "status_label": zh("Previous period missed"),
        "done": 1,
        "at_least": 3,
        "at_most": 5,
    }
    assert (body["today"], body["keep_days"], body["removed"], body["unchanged"]) == (
        "2026-11-25",
        7,
        [],
        0,
    )


def test_cards_hold_no_id_number_no_birth_date_and_no_full_phone(
    region: Region, school_helper: User, township_worker: User
) -> None:
    children = [
        paired_pupil(township_worker, school_helper, region.lengqi_school, name)
        for name in ("李小花", "王小明", "赵小军")
    ]
    Person.objects.filter(pk=children[0].pk).update(phone="13512345678")

    text = sync(logged_in(school_helper)).content.decode()

    secrets = [p.id_number for p in Person.objects.filter(pk__in=[c.pk for c in children])]
    secrets += [c.phone for c in Contact.objects.filter(person__in=children)]
    secrets += ["13512345678", "2015-05-05", "20150505"]
    assert len(json.loads(text)["persons"]) == 3
    assert all(secret and secret not in text for secret in secrets)


def test_a_volunteer_sees_no_digit_of_the_guardians_phone(
    region: Region, township_worker: User
) -> None:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    paired_pupil(township_worker, volunteer, region.lengqi_school, role="volunteer")

    (card,) = sync(logged_in(volunteer)).json()["persons"]

    assert card["guardian"] == {"name": "李奶奶", "relation": "祖母", "phone": ""}


def test_the_sync_is_incremental(
    region: Region, school_helper: User, township_worker: User
) -> None:
    first, second, third = (
        paired_pupil(township_worker, school_helper, region.lengqi_school, name)
        for name in ("李小花", "王小明", "赵小军")
    )
    phone = logged_in(school_helper)
    have = have_of(sync(phone))

    # A second sync with the phone's hashes sends nothing
    again = sync(phone, have).json()
    assert (again["persons"], again["unchanged"], again["removed"]) == ([], 3, [])

    # A talk with one pupil sends that card only
    record(school_helper, [second], CareKind.TALK, TODAY)
    changed = sync(phone, have).json()
    assert [c["id"] for c in changed["persons"]] == [second.pk]
    assert changed["unchanged"] == 2
    have = {**have, **have_of_json(changed)}

    # An ended pairing and an archived file leave the list: the phone drops them
    pairing = Pairing.objects.get(person=first, helper=school_helper)
    with on(TODAY):
        pairing_end(acting_user=township_worker, pairing=pairing, ended_on=TODAY, reason="调班")
        person_archive(acting_user=township_worker, person=third, reason="moved_away")
    dropped = sync(phone, have).json()
    assert (dropped["persons"], dropped["removed"], dropped["unchanged"]) == (
        [],
        sorted([first.pk, third.pk]),
        1,
    )


def have_of_json(body: dict[str, object]) -> dict[str, str]:
    return {str(c["id"]): c["hash"] for c in body["persons"]}  # type: ignore[attr-defined]


def test_each_sync_that_sends_cards_is_in_the_access_log(
    region: Region, school_helper: User, township_worker: User
) -> None:
    children = [
        paired_pupil(township_worker, school_helper, region.lengqi_school, name)
        for name in ("李小花", "王小明")
    ]
    phone = logged_in(school_helper)

    have = have_of(sync(phone))
    sync(phone, have)

    (entry,) = AccessLog.objects.filter(user=school_helper, action=AuditAction.READ)
    assert entry.detail == {"field_sync": [c.pk for c in children]}
    assert entry.object_type == "registry.person"


@pytest.mark.parametrize(
    ("have", "message"),
    [
        ({"abc": "0123456789abcdef"}, "“%(value)s” is not a person's number."),
        ({"0": "0123456789abcdef"}, "“%(value)s” is not a person's number."),
        (
            {"12": "0123"},
            "The card of person %(id)s has a version “%(value)s” not in the expected form.",
        ),
    ],
)
def test_a_list_of_cards_not_in_form_is_refused(
    school_helper: User, have: dict[str, str], message: str
) -> None:
    answer = sync(logged_in(school_helper), have)

    assert answer.status_code == 400
    key, value = next(iter(have.items()))
    params = {"value": key} if "%(id)s" not in message else {"id": key, "value": value}
    assert answer.json() == {"detail": zh(message, **params), "field": "have"}
    assert not AccessLog.objects.filter(user=school_helper, action=AuditAction.READ).exists()


def test_more_than_a_thousand_cards_are_refused(school_helper: User) -> None:
    have = {str(n): "0123456789abcdef" for n in range(1, field.HAVE_MAX + 2)}

    answer = sync(logged_in(school_helper), have)

    assert answer.status_code == 400
    assert answer.json()["detail"] == zh(
        "Name at most %(count)s persons in one sync.", count=field.HAVE_MAX
    )


def test_keep_days_comes_from_the_settings(school_helper: User, settings: object) -> None:
    settings.GUANAI_OFFLINE_KEEP_DAYS = 14  # type: ignore[attr-defined]

    assert sync(logged_in(school_helper)).json()["keep_days"] == 14


def test_the_sync_needs_the_pages_csrf_token(region: Region, school_helper: User) -> None:
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(school_helper)
    token = phone.get("/care/").cookies["csrftoken"].value

    refused = sync(phone)
    answered = sync(phone, **{"X-CSRFToken": token})

    assert refused.status_code == 403
    assert answered.status_code == 200


def _paired(region: Region, helper: User, worker: User, count: int) -> None:
    for n in range(count):
        child = paired_pupil(worker, helper, region.lengqi_school, f"学生{n}")
        record(helper, [child], CareKind.TALK, TODAY - timedelta(days=n % 5))


def test_the_cards_cost_the_same_queries_for_1_and_20_persons(
    region: Region, township_worker: User, no_n_plus_one: None
) -> None:
    care_rules.seed_default_rules(region.county)
    one = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    twenty = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    _paired(region, one, township_worker, 1)
    _paired(region, twenty, township_worker, 20)

    with on(TODAY), count_queries() as small:
        assert len(field.field_cards(one)) == 1
    with on(TODAY), count_queries() as large:
        assert len(field.field_cards(twenty)) == 20

    assert_same_query_count(small, large)


def test_the_sync_answer_costs_the_same_queries_for_1_and_20_persons(
    region: Region, township_worker: User
) -> None:
    care_rules.seed_default_rules(region.county)
    one = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    twenty = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    _paired(region, one, township_worker, 1)
    _paired(region, twenty, township_worker, 20)
    phones = logged_in(one), logged_in(twenty)
    for phone in phones:
        sync(phone)  # the session and the user's memberships, read once

    with count_queries() as small:
        assert len(sync(phones[0]).json()["persons"]) == 1
    with count_queries() as large:
        assert len(sync(phones[1]).json()["persons"]) == 20

    assert_same_query_count(small, large)
