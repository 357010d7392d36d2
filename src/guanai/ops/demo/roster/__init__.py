"""The demo roster: about 2,000 persons of 泸定县 in a realistic mix (issue 3, item 14).

Children at the four primary schools and the kindergarten (left-behind the most common,
then migrant workers' children, single-parent, low-income, disabled, de-facto unsupported
and orphaned children), pupils of middle-school age on their village's roster, and adults in
the villages: disabled persons, five-guarantee elders (特困), low-income (低保) households,
"three-no" persons in the town's community and major-illness patients. Every child has a
guardian; left-behind children also their parents and where they work; most children under
14 have a guardian's consent on file, a few not, so the warning shows. A few files are
archived (graduated, moved away, deceased) so the lifecycle shows too.

The roster is drawn from a seeded ``random.Random`` for a fixed school year, so it is the
same on every run; persons whose ID hash is on file already are skipped (one query for all
of them), so running the demo twice changes nothing the second time. Everything is written
with ``bulk_create`` in batches (on SQLite about 100 statements for some 8,500 rows), so
``make run`` loads it in about a second. Bulk writes send no signals, so django-auditlog
records nothing for these persons: that is fine for demo data, which nobody entered.

``shape`` holds how many of whom and where, ``names`` the names, ``draw`` the seeded
generator and the person files it makes, ``children`` and ``adults`` the two halves of the
county; ``draw_roster`` below puts them in their fixed order.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from guanai.ops.demo.roster.adults import adult
from guanai.ops.demo.roster.children import pupils
from guanai.ops.demo.roster.draw import Draft, RosterDraw
from guanai.ops.demo.roster.names import TIBETAN_SECOND
from guanai.ops.demo.roster.shape import (
    ADULTS,
    ARCHIVED,
    AS_OF,
    DEMO_YEAR,
    DROPPED_OUT,
    KINDERGARTEN,
    KINDERGARTEN_MIX,
    MIDDLE_SCHOOL_AGE,
    ROSTER_SIZE,
    RURAL_MIX,
    SCHOOL_MIX,
    SCHOOLS,
    TOWN_MIX,
    VILLAGES,
)
from guanai.orgs.models import OrgUnit
from guanai.registry.models import (
    ArchiveReason,
    Consent,
    Contact,
    Person,
    PersonCategory,
    SchoolingStatus,
)

__all__ = [
    "AS_OF",
    "DEMO_YEAR",
    "ROSTER_SIZE",
    "SCHOOLS",
    "TIBETAN_SECOND",
    "demo_roster",
    "draw_roster",
]


def draw_roster(units: dict[str, OrgUnit]) -> list[Draft]:
    """Return the whole roster, drawn in the same order on every run."""
    d = RosterDraw(units)
    for key, (count, classes) in SCHOOLS.items():
        pupils(d, key, count, SCHOOL_MIX[key], range(1, 7), classes=classes)
    key, count, classes = KINDERGARTEN
    pupils(d, key, count, KINDERGARTEN_MIX, range(-2, 1), classes=classes)
    village_mix = {k: w for k, w in RURAL_MIX.items() if k != "migrant"}
    for n in range(MIDDLE_SCHOOL_AGE):
        pupils(d, VILLAGES[n % len(VILLAGES)], 1, village_mix, range(7, 10))
    # A few of middle-school age left school: the follow-up (控辍保学) has work to do.
    for village in VILLAGES[:DROPPED_OUT]:
        left_behind = {"left_behind": 1}
        pupils(d, village, 1, left_behind, range(7, 10), status=SchoolingStatus.DROPPED_OUT)
    for key, (_count, classes) in SCHOOLS.items():
        graduated = ARCHIVED["graduated"] // len(SCHOOLS)
        status = SchoolingStatus.GRADUATED
        for entry in pupils(d, key, graduated, SCHOOL_MIX[key], [7], status=status):
            entry.person.grade = "6年级"
            entry.person.class_name = f"{d.rng.randrange(1, classes + 1)}班"
            d.archive(entry, ArchiveReason.GRADUATED, date(DEMO_YEAR, 7, 10))
    moved = ARCHIVED["moved_away"] // 2
    for entry in pupils(d, "luqiao_school", moved, TOWN_MIX, range(1, 7), classes=3):
        d.archive(entry, ArchiveReason.MOVED_AWAY, d.day(date(2026, 3, 1), AS_OF))
    for village in VILLAGES[: ARCHIVED["moved_away"] - moved]:
        entry = adult(d, "dibao", village)
        d.archive(entry, ArchiveReason.MOVED_AWAY, d.day(date(2026, 1, 1), AS_OF))
    for n in range(ARCHIVED["deceased"]):
        entry = adult(d, "tekun" if n % 2 else "dibao", VILLAGES[n % len(VILLAGES)])
        d.archive(entry, ArchiveReason.DECEASED, d.day(date(2025, 12, 1), AS_OF))
    for kind, count in ADULTS.items():
        for _ in range(count):
            adult(d, kind, "anle" if kind == "sanwu" else d.rng.choice(VILLAGES))
    while len(d.files) < ROSTER_SIZE:
        adult(d, "dibao", d.rng.choice(VILLAGES))
    return d.files


@transaction.atomic
def demo_roster(units: dict[str, OrgUnit]) -> int:
    """Add the demo roster's persons that are not on file yet; return how many were added."""
    files = draw_roster(units)
    # One query for every ID hash; a file already on record is left as it is.
    on_file = set(
        Person.objects.filter(id_hash__in=[f.person.id_hash for f in files]).values_list(
            "id_hash", flat=True
        )
    )
    new = [f for f in files if f.person.id_hash not in on_file]
    if not new:
        return 0
    # Bulk writes send no signals: django-auditlog records nothing for demo persons.
    Person.objects.bulk_create([f.person for f in new])
    PersonCategory.objects.bulk_create([c for f in new for c in f.categories])
    Contact.objects.bulk_create([c for f in new for c in f.contacts])
    Consent.objects.bulk_create([c for f in new for c in f.consents])
    return len(new)
