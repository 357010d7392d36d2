"""The demo's roster of about 2,000 persons (issue 3, item 14).

The demo is built once for this module without its roster, then the roster step runs on
its own, its statements counted; each test reads that (or changes it inside its own
savepoint, rolled back after it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import User
from guanai.core.idnumber import check_disability_certificate
from guanai.ops.demo import demo_build
from guanai.ops.demo.roster import (
    AS_OF,
    DEMO_YEAR,
    ROSTER_SIZE,
    SCHOOLS,
    TIBETAN_SECOND,
    demo_roster,
)
from guanai.orgs.models import PATH_STEP, OrgKind, OrgUnit
from guanai.registry.details import details_clean
from guanai.registry.models import (
    CONSENT_AGE,
    ArchiveReason,
    Category,
    Consent,
    Contact,
    Gender,
    Health,
    Person,
    PersonCategory,
    SchoolingStatus,
)
from guanai.registry.services import consent_missing
from tests.ops.conftest import constraints_checked, rolled_back
from tests.ops.persons import age_on, current, is_child
from tests.support.queries import assert_num_queries, count_queries

pytestmark = pytest.mark.xdist_group("demo_roster")  # one build, in one worker


@dataclass
class Roster:
    units: dict[str, OrgUnit]
    added: int
    queries: list[dict[str, str]]  # the roster step's statements, as run
    persons: list[Person]  # the roster step's persons, with categories and contacts


@pytest.fixture(scope="module")
def roster_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[Roster]:
    """The demo built without its roster, then the roster step on its own, counted.

    The roster step stays left out of ``demo_build`` for the module's tests, as it was for
    each test when this fixture was built per test.
    """
    with rolled_back(django_db_blocker), pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr("guanai.ops.demo.build.demo_roster", lambda units: 0)
        units = demo_build()
        before = set(Person.objects.values_list("pk", flat=True))
        with count_queries() as queries:
            added = demo_roster(units)
        persons = list(
            Person.objects.exclude(pk__in=before)
            .select_related("org_unit", "school", "village")
            .prefetch_related("categories", "contacts", "consents")
        )
        # A copy: the context reads the connection's log when asked, which later tests add to.
        statements = list(queries.captured_queries)
        constraints_checked()
        yield Roster(units=units, added=added, queries=statements, persons=persons)


@pytest.fixture
def roster(roster_once: Roster, db: None) -> Roster:
    """The module's roster, for one test: what the test writes is rolled back after it."""
    return roster_once


def test_second_run_of_the_demo_adds_nothing(roster: Roster) -> None:
    def counts() -> list[int]:
        return [m.objects.count() for m in (Person, PersonCategory, Contact, Consent)]

    assert roster.added == ROSTER_SIZE == len(roster.persons)
    first = counts()
    # One look-up of every ID hash (inside its savepoint), and nothing written.
    with assert_num_queries(3):
        assert demo_roster(roster.units) == 0
    demo_build()
    assert counts() == first
    assert Person.objects.count() == 2000


def test_roster_is_written_in_bulk(roster: Roster) -> None:
    sql = [q["sql"] for q in roster.queries]
    rows = sum(
        len(p.categories.all()) + len(p.contacts.all()) + len(p.consents.all()) + 1
        for p in roster.persons
    )
    assert rows > 8000
    # One SELECT (the ID hashes on file); the inserts go in batches (SQLite takes 999
    # parameters a statement, so about 35 persons), never one statement per row.
    assert sum(s.lstrip().upper().startswith("SELECT") for s in sql) == 1
    assert len(sql) * 40 < rows, f"{len(sql)} statements for {rows} rows"


def test_roster_mix_is_realistic(roster: Roster) -> None:
    active = [p for p in roster.persons if not p.is_archived]
    children = [p for p in active if is_child(p)]
    adults = [p for p in active if not is_child(p)]
    assert len(children) > 1000 and len(adults) > 700
    in_children = Counter(code for p in children for code in current(p))
    share = {code: n / len(children) for code, n in in_children.items()}
    assert in_children.most_common(1)[0][0] == Category.LEFT_BEHIND
    assert 0.35 < share[Category.LEFT_BEHIND] < 0.6
    assert 0.08 < share[Category.MIGRANT_CHILD] < 0.25
    assert 0.05 < share[Category.SINGLE_PARENT] < 0.25
    for code in (Category.ORPHAN, Category.UNSUPPORTED_CHILD, Category.DISABLED):
        assert 0.01 < share[code] < 0.1, code
    in_adults = Counter(code for p in adults for code in current(p))
    assert in_adults[Category.DISABLED] > 250
    assert in_adults[Category.DIBAO] > 250
    assert 80 < in_adults[Category.TEKUN] < 150
    assert 50 < in_adults[Category.MAJOR_ILLNESS] < 150
    assert 10 < in_adults[Category.SANWU] < 30
    assert not in_adults.keys() & {Category.LEFT_BEHIND, Category.ORPHAN}
    # Every person is in a category; many are in two (left-behind and 低保 …).
    assert all(current(p) for p in active)
    assert sum(len(current(p)) > 1 for p in active) > 300
    # 特困 elders are 60 or older; those in centralised support live in the township's
    # care home, on the township's roster.
    for person in active:
        for entry in person.categories.all():
            if entry.category == Category.TEKUN:
                assert person.birth_date is not None and age_on(person.birth_date, AS_OF) >= 60
                centralised = entry.details["support"] == "centralised"
                kind = OrgKind.TOWNSHIP if centralised else OrgKind.VILLAGE
                assert person.org_unit.kind == kind
            if entry.category == Category.SANWU:
                assert person.org_unit.name == "安乐社区"
    # Mostly Han, with Tibetan and Yi families; Tibetan names carry the sex of the ID.
    ethnicities = Counter(p.ethnicity for p in roster.persons)
    assert ethnicities["汉族"] > 0.7 * ROSTER_SIZE
    assert 0.05 * ROSTER_SIZE < ethnicities["藏族"] < 0.25 * ROSTER_SIZE
    assert ethnicities["彝族"] > 10
    for person in roster.persons:
        if person.ethnicity == "藏族":
            second = person.name[-2:]
            assert second in TIBETAN_SECOND[person.gender == Gender.MALE], person.name


GRADES = {"小班": -2, "中班": -1, "大班": 0} | {f"{n}年级": n for n in range(1, 10)}


def test_children_are_in_the_grade_of_their_age(roster: Roster) -> None:
    schools = {key: roster.units[key] for key in [*SCHOOLS, "kindergarten"]}
    pupils: Counter[str] = Counter()
    for person in roster.persons:
        assert person.birth_date is not None
        age = age_on(person.birth_date, date(DEMO_YEAR, 8, 31))
        if person.is_archived or not is_child(person):
            continue
        if GRADES[person.grade] <= 6:
            assert person.school is not None and person.org_unit == person.school
            assert person.schooling_status == SchoolingStatus.IN_SCHOOL
            assert person.village is not None
            assert person.village.path.startswith(person.school.path[:-PATH_STEP])
            assert person.class_name.endswith("班")
            pupils[person.school.name] += 1
        else:
            # Middle school is not in the demo tree: the village keeps the roster.
            assert person.school is None and person.org_unit.kind == OrgKind.VILLAGE
            assert person.schooling_status in (
                SchoolingStatus.IN_SCHOOL,
                SchoolingStatus.DROPPED_OUT,
            )
        # Every child of kindergarten or primary-school age is on a school's roster.
        assert age > 11 or person.school is not None
        # Six by 31 August starts grade 1; some started late or repeated a year.
        assert GRADES[person.grade] in (age - 5, age - 6), (person.grade, age)
    for key, (count, _classes) in SCHOOLS.items():
        assert pupils[schools[key].name] == count
    assert pupils["泸定县幼儿园"] == 90


def test_category_details_are_what_the_file_forms_accept(roster: Roster) -> None:
    seen: Counter[str] = Counter()
    for person in roster.persons:
        for entry in person.categories.all():
            cleaned = details_clean(entry.category, entry.details, id_number=person.id_number)
            assert cleaned == entry.details, (entry.category, entry.details)
            assert entry.started_on <= AS_OF
            assert person.birth_date is not None and entry.started_on > person.birth_date
            if entry.ended_on is not None:
                assert entry.ended_on >= entry.started_on
            if entry.category == Category.DISABLED:
                d = entry.details
                assert d["certificate_suffix"] == f"{d['type']}{d['grade']}"
                check_disability_certificate(
                    person.id_number + d["certificate_suffix"],
                    id_number=person.id_number,
                    category=d["type"],
                    grade=d["grade"],
                )
                assert person.health == Health.DISABLED
            if entry.details:
                seen[entry.category] += 1
    assert seen.keys() >= {
        Category.LEFT_BEHIND,
        Category.ORPHAN,
        Category.DISABLED,
        Category.TEKUN,
        Category.MAJOR_ILLNESS,
    }
    placements = {
        e.details["placement"]
        for p in roster.persons
        for e in p.categories.all()
        if e.category == Category.ORPHAN
    }
    assert placements == {"kinship", "foster", "adoption", "institution"}


def test_most_children_under_14_have_a_consent_and_a_few_do_not(roster: Roster) -> None:
    under_14 = [
        p
        for p in roster.persons
        if not p.is_archived and p.birth_date and age_on(p.birth_date, AS_OF) < CONSENT_AGE
    ]
    with_consent = [p for p in under_14 if p.consents.all()]
    assert 0.85 < len(with_consent) / len(under_14) < 0.98
    missing = [p for p in under_14 if not p.consents.all()]
    assert missing and all(consent_missing(p) for p in missing[:5])
    for person in with_consent:
        (consent,) = person.consents.all()
        guardians = {(c.name, c.relation) for c in person.contacts.all() if c.is_guardian}
        assert (consent.given_by, consent.relation) in guardians
        assert consent.scope and consent.purpose
        assert consent.given_on <= AS_OF
    assert not any(p.consents.all() for p in roster.persons if not is_child(p))


def test_a_few_archived_files_show_the_lifecycle(roster: Roster) -> None:
    archived = [p for p in roster.persons if p.is_archived]
    assert Counter(p.archive_reason for p in archived) == {
        ArchiveReason.GRADUATED: 12,
        ArchiveReason.MOVED_AWAY: 8,
        ArchiveReason.DECEASED: 8,
    }
    for person in archived:
        assert person.archived_at is not None
        closed = person.archived_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
        assert all(c.ended_on and c.ended_on <= closed for c in person.categories.all())
        if person.archive_reason == ArchiveReason.GRADUATED:
            assert person.grade == "6年级" and person.school is not None
            assert person.schooling_status == SchoolingStatus.GRADUATED
        if person.archive_reason == ArchiveReason.DECEASED:
            assert person.birth_date is not None and age_on(person.birth_date, closed) >= 25


def test_teacher_opens_a_left_behind_pupils_family(roster: Roster) -> None:
    school = roster.units["lengqi_school"]
    pupil = next(
        p
        for p in roster.persons
        if p.school == school
        and not p.is_archived
        and any(
            c.category == Category.LEFT_BEHIND and c.details["away"] == "both"
            for c in p.categories.all()
        )
    )
    guardian = next(c for c in pupil.contacts.all() if c.is_guardian)
    place = next(c.works_away_at for c in pupil.contacts.all() if c.works_away_at)
    client = Client()
    client.force_login(User.objects.get(username="teacher"))
    page = client.get(reverse("registry:person_detail", args=[pupil.pk]) + "?tab=family")
    assert page.status_code == 200
    text = page.content.decode()
    assert pupil.name in text and guardian.name in text and place in text
