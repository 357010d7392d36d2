"""The demo roster's generator: seeded draws, and the person files they make up."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from guanai.core.idnumber import make_id
from guanai.core.pinyin import initials
from guanai.ops.demo.roster.names import (
    ETHNICITIES,
    GIVEN,
    HAN_SURNAMES,
    TIBETAN_FIRST,
    TIBETAN_SECOND,
    YI_GIVEN,
    YI_SURNAMES,
)
from guanai.ops.demo.roster.shape import (
    ARCHIVE_NOTES,
    AS_OF,
    CONSENT_SCOPE,
    DEMO_YEAR,
    DISABILITY_GRADES,
    HOMES_AWAY,
    MOBILE,
    POVERTY_CAUSES,
    SEED,
    STREETS,
    TOWNSHIP_OF,
)
from guanai.orgs.models import OrgUnit
from guanai.registry.models import (
    ArchiveReason,
    Category,
    Consent,
    Contact,
    Health,
    Person,
    PersonCategory,
    SchoolingStatus,
)
from guanai.registry.services import PersonData, apply_person_data, person_clean


def _local(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass
class Span:
    """A category to give a person: it begins between ``floor`` and ``AS_OF``."""

    code: str
    floor: date
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    ended_on: date | None = None


@dataclass
class Family:
    """What siblings share: home, ethnicity, surnames and the adults who look after them."""

    ethnicity: str
    surname: str  # the father's (Han and Yi families); "" for Tibetan names
    mother_surname: str
    region: str
    hukou: str
    village: OrgUnit
    address: str
    contacts: list[dict[str, Any]] = field(default_factory=list)
    guardian: tuple[str, str] = ("", "")
    spans: list[Span] = field(default_factory=list)


@dataclass
class Draft:
    """One person to write, with the rows that hang off them."""

    person: Person
    categories: list[PersonCategory] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)


class RosterDraw:
    """Draw the roster from one seeded generator, always in the same order."""

    def __init__(self, units: dict[str, OrgUnit]) -> None:
        self.units = units
        # Demo data, not a secret: a seeded generator is what makes every run the same.
        self.rng = random.Random(SEED)  # noqa: S311
        self.numbers: set[str] = set()
        self.files: list[Draft] = []

    # Small draws.

    def pick(self, weights: dict[Any, int]) -> Any:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def phone(self) -> str:
        return self.rng.choice(MOBILE) + f"{self.rng.randrange(10**8):08d}"

    def id_number(self, region: str, birth: date, male: bool) -> str:
        """Return a valid, unused ID number; odd sequence numbers are men's (GB 11643)."""
        while True:
            # Sequences 200–999 with a tens digit of 5–9 keep clear of the first 70 demo
            # persons (100–169) and of the sample rosters imported into the demo in tests.
            sequence = (
                self.rng.randrange(2, 10) * 100
                + self.rng.randrange(5, 10) * 10
                + self.rng.randrange(1 if male else 0, 10, 2)
            )
            number = make_id(region, birth, sequence)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def name(self, ethnicity: str, male: bool, generation: str, surname: str = "") -> str:
        """Return a name that fits the person's ethnicity, sex and generation."""
        while True:
            if ethnicity == "藏族":
                first = self.rng.choice(TIBETAN_FIRST)
                name = first + self.rng.choice(TIBETAN_SECOND[male])
            elif ethnicity == "彝族":
                name = (surname or self.rng.choice(YI_SURNAMES)) + self.rng.choice(YI_GIVEN[male])
            else:
                given = self.rng.choice(GIVEN[generation, male])
                name = (surname or self.rng.choice(HAN_SURNAMES)) + given
            # 张三 and the other "zs" names belong to the sample roster a walkthrough imports
            # and then finds by its initials; the demo leaves them to it.
            if not initials(name).startswith("zs"):
                return name

    def birth(self, grade: int, *, late: bool = False) -> date:
        """Return a birth date for a pupil of ``grade`` (0 大班, -1 中班, -2 小班).

        A child starts grade 1 in the September after turning six by 31 August; ``late``
        makes them a year older (a late start or a repeated year, common in the villages).
        """
        year = DEMO_YEAR - 5 - grade - (1 if late else 0)
        return self.day(date(year - 1, 9, 1), date(year, 8, 31))

    # People.

    def family(self, village_key: str, *, migrant: bool = False) -> Family:
        """Draw a household of a village: a migrant one is registered elsewhere."""
        ethnicity = self.pick(ETHNICITIES)
        region, hukou = "513322", f"四川省泸定县{self.units[TOWNSHIP_OF[village_key]].name}"
        if migrant:
            region, hukou = self.rng.choice(HOMES_AWAY)
            if region in ("513434", "513435"):
                ethnicity = "彝族"
        village = self.units[village_key]
        if village_key == "anle":
            address = f"泸桥镇安乐社区{self.rng.choice(STREETS)}"
            address += f"{self.rng.randrange(1, 200)}号"
        else:
            address = f"{village.name}{self.rng.randrange(1, 9)}组{self.rng.randrange(1, 60)}号"
        if not migrant:
            hukou += village.name
        yi = ethnicity == "彝族"
        return Family(
            ethnicity=ethnicity,
            surname="" if ethnicity == "藏族" else self.yi_or_han_surname(yi),
            mother_surname="" if ethnicity == "藏族" else self.yi_or_han_surname(yi),
            region=region,
            hukou=hukou,
            village=village,
            address=address,
        )

    def yi_or_han_surname(self, yi: bool) -> str:
        return self.rng.choice(YI_SURNAMES) if yi else self.rng.choice(HAN_SURNAMES)

    def relative(self, family: Family, relation: str) -> str:
        """Return a name for the child's ``relation`` (祖母, 舅舅 …) in this family."""
        male = relation in ("祖父", "外祖父", "伯父", "叔叔", "舅舅", "哥哥", "父亲")
        generation = "elder" if relation.startswith(("祖", "外祖")) else "adult"
        if relation in ("祖父", "伯父", "叔叔", "姑姑", "哥哥", "父亲"):
            surname = family.surname
        elif relation in ("外祖父", "舅舅", "姨妈", "母亲"):
            surname = family.mother_surname
        else:  # a grandmother married into the family
            yi = family.ethnicity == "彝族"
            surname = "" if family.ethnicity == "藏族" else self.yi_or_han_surname(yi)
        return self.name(family.ethnicity, male, generation, surname)

    def add_contact(
        self, family: Family, kind: str, relation: str, *, guardian: bool = False, **extra: Any
    ) -> str:
        name = extra.pop("name", "") or self.relative(family, relation)
        family.contacts.append(
            {
                "kind": kind,
                "name": name,
                "relation": relation,
                "phone": extra.pop("phone", None) or self.phone(),
                "is_guardian": guardian,
                **extra,
            }
        )
        if guardian:
            family.guardian = (name, relation)
        return name

    def person(
        self,
        unit: OrgUnit,
        *,
        region: str,
        birth: date,
        male: bool,
        ethnicity: str,
        name: str,
        **values: Any,
    ) -> Person:
        """Build (not save) a person the way ``person_register`` fills one."""
        data = person_clean(
            PersonData(
                name=name,
                id_number=self.id_number(region, birth, male),
                ethnicity=ethnicity,
                **values,
            )
        )
        person = Person(org_unit=unit, province_code=unit.province_code)
        apply_person_data(person, data)
        return person

    def file(
        self,
        person: Person,
        spans: list[Span],
        contacts: list[dict[str, Any]],
        *,
        consent: tuple[str, str, str] | None = None,
    ) -> Draft:
        """Keep a person with categories that begin after birth and by ``AS_OF``."""
        if person.birth_date is None:
            raise ValueError("every demo person has an ID number, hence a birth date")
        entry = Draft(person=person)
        for span in spans:
            floor = max(span.floor, person.birth_date + timedelta(days=365))
            end = span.ended_on or AS_OF
            if floor > end:
                continue  # the span ended before this child was old enough to be on file
            started = self.day(floor, end)
            entry.categories.append(
                PersonCategory(
                    person=person,
                    category=span.code,
                    started_on=started,
                    ended_on=span.ended_on,
                    details=span.details,
                    note=span.note,
                )
            )
        entry.contacts = [Contact(person=person, **contact) for contact in contacts]
        if consent is not None:
            given_by, relation, purpose = consent
            entry.consents.append(
                Consent(
                    person=person,
                    given_by=given_by,
                    relation=relation,
                    given_on=min(c.started_on for c in entry.categories),
                    scope=CONSENT_SCOPE,
                    purpose=purpose,
                )
            )
        self.files.append(entry)
        return entry

    def dibao(self, family: Family) -> None:
        size = self.rng.randrange(3, 7)
        note = f"{self.rng.choice(POVERTY_CAUSES)}，家庭人口{size}人"
        family.spans.append(Span(Category.DIBAO, date(2018, 1, 1), note=note))

    def disability(self, weights: dict[int, int]) -> tuple[Span, str]:
        kind, grade = self.pick(weights), self.pick(DISABILITY_GRADES)
        details = {"type": kind, "grade": grade, "certificate_suffix": f"{kind}{grade}"}
        return Span(Category.DISABLED, date(2012, 1, 1), details), Health.DISABLED

    # The lifecycle.

    def archive(self, entry: Draft, reason: str, on: date) -> None:
        """Close a file on ``on``: its open categories end that day and the history stays."""
        person = entry.person
        person.archived_at, person.archive_reason = _local(on), reason
        person.note = "\n".join(filter(None, [person.note, ARCHIVE_NOTES[reason]]))
        for category in entry.categories:
            category.started_on = min(category.started_on, on)
            if category.ended_on is None or category.ended_on > on:
                category.ended_on = on
        if reason == ArchiveReason.GRADUATED:
            person.schooling_status = SchoolingStatus.GRADUATED
            person.schooling_since = date(DEMO_YEAR, 7, 1)
        elif reason == ArchiveReason.MOVED_AWAY and person.school_id is not None:
            person.schooling_status = SchoolingStatus.TRANSFERRED_OUT
            person.schooling_since = on


def stage_start(grade: int) -> date:
    """Return when a pupil of ``grade`` began kindergarten, primary or middle school."""
    first = -2 if grade <= 0 else 1 if grade <= 6 else 7
    return date(DEMO_YEAR - (grade - first), 9, 1)


def age(birth: date, on: date) -> int:
    """Return the age in whole years on a day."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
