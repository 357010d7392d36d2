"""Give every table the same next automatic id, as in a fresh test database.

A test that fills a route's id parameters with the ids of every object it made, in every
combination (``test_volunteer_sees_no_digits``), asks one URL per combination of distinct
numbers. In a fresh database the objects of different tables share small ids (the first
person, the first plan and the first contact are all 1), so the combinations are few.
After other tests in the same worker they are not: PostgreSQL's sequences are not rolled
back with a test, nor is SQLite's ``sqlite_sequence`` after a flush of the transactional
tests, so every object has a number of its own and a route with three id parameters is
asked 15³ times instead of 5³. Each combination of objects is asked either way (a URL
stands for every combination its numbers name); only the count of requests differs.

Both ways only move a table's next id forward, never below an id already given.
On PostgreSQL ``setval`` is outside the test's transaction (the sequences stay moved
on, as any insert leaves them); on SQLite the change is rolled back with the test.
"""

from __future__ import annotations

from django.db import connection


def next_ids_aligned() -> None:
    """Make the next automatic id of every table the same number, past every id given."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(max(last_value), 0) FROM pg_sequences"
                " WHERE schemaname = current_schema()"
            )
            (last,) = cursor.fetchone()
            if last:
                cursor.execute(
                    "SELECT setval(format('%%I.%%I', schemaname, sequencename)::regclass, %s)"
                    " FROM pg_sequences WHERE schemaname = current_schema()",
                    [last],
                )
        else:
            cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence")
            (last,) = cursor.fetchone()
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE %s",
                ["%AUTOINCREMENT%"],
            )
            tables = [name for (name,) in cursor.fetchall()]
            cursor.execute("DELETE FROM sqlite_sequence")
            cursor.executemany(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                [(name, last) for name in tables],
            )
