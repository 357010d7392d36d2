"""The cross-check benchmark's load (``crosscheck.py``): the payment-roll benchmark's county
(``benefits_data.build``) with an ID number's look-up hash for every person and this
month's draft roll, and the deaths lists compared with it.

Every person n gets a valid ID number of 泸定县 (513322), unique by birth day and sequence;
only its hash is stored, as an import stores it. A list names a registry person in one row
of 100 (``MATCH_EVERY``; ``named``), spread over the benefits load's 20 kinds of person, so
that most are on this month's roll and 1 in 20 is archived already; one matched name in 10
is written otherwise (the name check). The other rows are people of a neighbouring county
(513321) the registry does not know. The 100,000-row file is a real CSV, read by
``crosscheck.reading``; its matched rows name other persons than the million-row list's
(``FILE_OFFSET``).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

# One list row in MATCH_EVERY names a registry person (1 %).
MATCH_EVERY = 100
# The file's matched rows are rows n with n % 100 == 50; the big list's n % 100 == 0.
FILE_OFFSET = 50
HEADER = ["姓名", "公民身份号码", "死亡日期"]
REGION = "513322"  # the county's persons
OUTSIDE = "513321"  # the people of the lists the registry does not know
CHUNK = 50_000


def person_id_number(n: int) -> str:
    from guanai.core.idnumber import make_id

    return make_id(REGION, date(1950, 1, 1) + timedelta(days=n // 1000), n % 1000)


def outsider_id_number(n: int) -> str:
    from guanai.core.idnumber import make_id

    return make_id(OUTSIDE, date(1940, 1, 1) + timedelta(days=n // 1000), n % 1000)


def hash_persons(persons: int) -> float:
    """Give persons 1 … ``persons`` the hashes of their ID numbers; return the seconds."""
    from django.db import connection, transaction

    from guanai.core.crypto import lookup_hash

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_hash (id bigint PRIMARY KEY, h varchar(64))")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_hash (id, h) FROM STDIN") as copy:
                for n in range(1, persons + 1):
                    copy.write_row((n, lookup_hash(person_id_number(n))))
            cursor.execute(
                "UPDATE registry_person p SET id_hash = b.h FROM bench_hash b WHERE b.id = p.id"
            )
            cursor.execute("ANALYZE registry_person")
        else:
            for low in range(1, persons + 1, CHUNK):
                cursor.executemany(
                    "INSERT INTO bench_hash (id, h) VALUES (%s, %s)",
                    [
                        (n, lookup_hash(person_id_number(n)))
                        for n in range(low, min(low + CHUNK, persons + 1))
                    ],
                )
            cursor.execute(
                "UPDATE registry_person SET id_hash = "
                "(SELECT h FROM bench_hash b WHERE b.id = registry_person.id)"
            )
        cursor.execute("DROP TABLE bench_hash")
    return time.perf_counter() - start


def named(n: int, offset: int) -> int | None:
    """Return the person row n names (rows n % 100 == ``offset``), or None for an outsider.

    Block k of 100 rows names person 100k + offset + 1 + k % 20: every kind of person of
    ``benefits_data`` (by id % 20) in turn, each person at most once.
    """
    if n % MATCH_EVERY != offset:
        return None
    k = n // MATCH_EVERY
    return MATCH_EVERY * k + offset + 1 + k % 20


def name_differs(n: int) -> bool:
    """One matched name in ten is written otherwise by the other agency."""
    return (n // MATCH_EVERY) % 10 == 0


def _row(n: int, persons: int, offset: int, died: str) -> list[str]:
    """Row n of a list: a registry person (every 100th, when there is one) or an outsider."""
    person = named(n, offset)
    if person is not None and person <= persons:
        name = f"仁{person}" if name_differs(n) else f"人{person}"
        return [name, person_id_number(person), died]
    return [f"外{n}", outsider_id_number(n), died]


def list_csv(rows: int, persons: int, died: date) -> bytes:
    """Return the deaths list of ``rows`` rows as a UTF-8 CSV, as the agency exports it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(_row(n, persons, FILE_OFFSET, died.isoformat()) for n in range(rows))
    return out.getvalue().encode("utf-8")


def list_entries(rows: int, persons: int, died: date) -> Iterator[tuple[Any, str]]:
    """Yield (``ListEntry``, hash) for the big list: the rows as reading them gives them."""
    from guanai.core.crypto import lookup_hash
    from guanai.crosscheck.columns import ListEntry

    for n in range(rows):
        name, number, day = _row(n, persons, 0, died.isoformat())
        entry = ListEntry(
            row=n + 2, id_number=number, region=number[:6], name=name, data={"death_date": day}
        )
        yield entry, lookup_hash(number)
