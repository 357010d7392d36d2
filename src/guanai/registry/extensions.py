"""What apps above the registry add to a person's file and contact card (DESIGN §4).

The registry never names those apps: they register here when they load (their
``AppConfig.ready``), and the file page and the contact cards ask what is registered.
A panel is a tab of the case file (the care app's "帮扶" tab); a link is a tab that opens
another app's page about the person (the benefits app's "政策扶助" page); card people are
the teachers and helpers a contact card names beside the family (篇九 联系卡); a person
action is a one-click follow-up about a person (care's "制定帮扶计划", community's "登记需求"),
offered beside a problem a survey found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from guanai.accounts.scoping import AnyUser
from guanai.registry.models import Person


@dataclass(frozen=True)
class FilePanel:
    """A tab of the case file offered by another app.

    ``shows`` says whether the user gets the tab (cheap: it runs on every file page);
    ``context`` gives what ``template`` renders, only when the tab is open.
    """

    code: str
    label: str | Promise
    template: str
    shows: Callable[[AnyUser, Person], bool]
    context: Callable[[AnyUser, Person], dict[str, Any]]


@dataclass(frozen=True)
class FileLink:
    """A tab of the case file that opens another app's page about the person.

    ``shows`` says whether the user gets the link (cheap: it runs on every file page,
    with no query); ``url`` gives the page's address for the person.
    """

    code: str
    label: str | Promise
    shows: Callable[[AnyUser, Person], bool]
    url: Callable[[Person], str]


@dataclass(frozen=True)
class PersonAction:
    """A one-click follow-up another app offers about a person (a plan, a need).

    ``shows`` says whether the user gets the action for the person (cheap: no query, or one
    the app caches); ``url`` gives the address of the app's form, prefilled with the person,
    a ``hint`` (the problem found, as the form's text) and a ``domain`` (a plan's domain,
    may be empty).
    """

    code: str
    label: str | Promise
    shows: Callable[[AnyUser, Person], bool]
    url: Callable[[Person, str, str], str]


@dataclass(frozen=True)
class CardPerson:
    """Someone a contact card names beside the family: ``role`` as the card shows it."""

    role: str
    name: str
    class_teacher: bool = False


# The persons' card people by person id, for a list of persons, in one or two queries.
CardPeople = Callable[[Sequence[Person]], dict[int, list[CardPerson]]]

_panels: dict[str, FilePanel] = {}
_links: dict[str, FileLink] = {}
_card_people: list[CardPeople] = []
_actions: dict[str, PersonAction] = {}


def file_panel_register(panel: FilePanel) -> None:
    """Offer a tab on the case file; registering the same code again replaces it."""
    _panels[panel.code] = panel


def file_panels() -> list[FilePanel]:
    return list(_panels.values())


def file_link_register(link: FileLink) -> None:
    """Offer a link tab on the case file; registering the same code again replaces it."""
    _links[link.code] = link


def file_links() -> list[FileLink]:
    return list(_links.values())


def card_people_register(source: CardPeople) -> None:
    """Offer the people a contact card names (class teacher, helpers); once per source."""
    if source not in _card_people:
        _card_people.append(source)


def card_people(persons: Sequence[Person]) -> dict[int, list[CardPerson]]:
    """Return the card people of ``persons`` by person id, from every registered source."""
    found: dict[int, list[CardPerson]] = {}
    for source in _card_people:
        for pk, people in source(persons).items():
            found.setdefault(pk, []).extend(people)
    return found


def person_action_register(action: PersonAction) -> None:
    """Offer a follow-up about a person; registering the same code again replaces it."""
    _actions[action.code] = action


def person_actions(user: AnyUser, person: Person) -> list[PersonAction]:
    """Return the follow-ups the user is offered about ``person``."""
    return [action for action in _actions.values() if action.shows(user, person)]
