"""A class teacher with talks due, for the browser tests of her today page and work list.

The browser tests' demo has no care work, so these tests set up what they check: the county's
rules, the demo class teacher (张丽) paired with three pupils, and a history of talks that
leaves one pupil due within the week, one done and one overdue.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from guanai.accounts.models import User
from guanai.care import log as care_log
from guanai.care import rules as care_rules
from guanai.care.models import CareKind, HelperRole, Pairing
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


def teacher_with_due_talks(demo: dict[str, OrgUnit]) -> tuple[User, list[Person]]:
    """Return the demo class teacher and her three pupils: due, done and overdue, in order.

    The first was talked with 24 days ago (due within the week of the 4-weekly rule), the
    second 3 days ago (done), the third never (overdue).
    """
    care_rules.seed_default_rules(demo["luding"])
    teacher = User.objects.get(username="teacher")
    pupils = list(
        Person.objects.filter(org_unit=demo["lengqi_school"], archived_at__isnull=True).order_by(
            "name_pinyin", "pk"
        )[:3]
    )
    today = timezone.localdate()
    for pupil in pupils:
        Pairing.objects.create(
            person=pupil, helper=teacher, role=HelperRole.CLASS_TEACHER, started_on=today
        )
    for pupil, days in zip(pupils[:2], (24, 3), strict=True):
        care_log.care_record_add(
            acting_user=teacher,
            persons=[pupil],
            data=care_log.RecordData(
                kind=CareKind.TALK,
                occurred_on=today - timedelta(days=days),
                summary="聊了最近的学习情况。",
            ),
        )
    return teacher, pupils
