"""The activities sources: the birthdays of the coming week (篇一、九: a card, wishes and a
story for every child on their birthday)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.activities import birthdays
from guanai.care.scoping_filters import paired_now_q
from guanai.registry.models import Person
from guanai.today.items import EMPTY, Batch, Task
from guanai.today.sources.common import day, first

# A birthday is on the page a week ahead, as a card or a party needs preparing.
AHEAD = timedelta(days=7)


def birthdays_coming(user: User, today: date) -> Batch:
    """The birthdays, today and in the coming week, of the persons paired with the user (a
    helper's, a class teacher's pupils) not yet marked celebrated."""
    if not scoping.can_see_beneficiary_data(user):
        return EMPTY
    paired = Person.objects.filter(paired_now_q(user, "pk"))
    coming = [
        b
        for b in birthdays.birthdays_between(paired, today, today + AHEAD)
        if b.celebration is None
    ]
    tasks = [_task(b, today) for b in coming]
    month = urlencode({"month": f"{today:%Y-%m}"})
    return first(
        tasks, len(tasks), _("All birthdays"), f"{reverse('activities:birthdays')}?{month}"
    )


def _task(birthday: birthdays.Birthday, today: date) -> Task:
    person = birthday.person
    where = (
        f"{person.school.name} {person.grade}{person.class_name}"
        if person.school_id and person.school
        else person.org_unit.name
    )
    if birthday.on == today:
        why = _("Birthday today")
    else:
        why = _("Birthday on %(date)s") % {"date": day(birthday.on)}
    lunar = birthday.lunar_date
    detail = (
        _("Lunar birthday: month %(month)s, day %(day)s") % {"month": lunar.month, "day": lunar.day}
        if lunar
        else ""
    )
    query = urlencode({"month": f"{birthday.on:%Y-%m}"})
    return Task(
        kind="birthday",
        kind_label=_("Birthday"),
        subject=person.name,
        where=where,
        detail=detail,
        why=why,
        when=birthday.on,
        overdue=False,
        action_label=_("Celebrate"),
        action_url=f"{reverse('activities:birthdays')}?{query}#person-{person.pk}",
    )
