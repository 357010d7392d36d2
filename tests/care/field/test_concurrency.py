"""The same record sent twice at the same moment (two tabs, or a retry while the first send
still runs) is stored once: the database's unique key decides, and the loser answers as a
repeat instead of failing."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, transaction

from guanai.accounts.models import User
from guanai.care import field
from guanai.care.field import Received
from guanai.care.log import RecordData
from guanai.care.models import CareRecord
from tests.care.field.support import paired_pupil
from tests.conftest import Region


def _visit() -> RecordData:
    return RecordData(kind="home_visit", occurred_on=date(2026, 11, 24), summary="走访")


def _lock_waits() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_record_sent_twice_at_once_is_stored_once(
    region: Region, school_helper: User, township_worker: User
) -> None:
    child = paired_pupil(township_worker, school_helper, region.lengqi_school)
    key = uuid.uuid4()
    stored, release = threading.Event(), threading.Event()
    results: dict[str, Received] = {}
    failures: list[BaseException] = []

    def in_thread(work: Callable[[], None]) -> threading.Thread:
        def run() -> None:
            try:
                work()
            except BaseException as exc:  # reported by the test, not lost in the thread
                failures.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def first_send() -> None:
        with transaction.atomic():
            results["first"] = field.field_record_add(
                acting_user=school_helper, key=key, person_id=child.pk, data=_visit()
            )
            stored.set()
            release.wait(timeout=30)

    def second_send() -> None:
        results["second"] = field.field_record_add(
            acting_user=school_helper, key=key, person_id=child.pk, data=_visit()
        )

    # Given a first send stored but not yet committed
    first = in_thread(first_send)
    assert stored.wait(timeout=30)
    # When the second send arrives meanwhile: it finds no record with the key, and its
    # insert waits for the first send's transaction (PostgreSQL: the unique index;
    # SQLite: the write lock)
    second = in_thread(second_send)
    if connection.vendor == "postgresql":
        for _ in range(300):
            if _lock_waits():
                break
            time.sleep(0.05)
    else:
        time.sleep(0.5)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

    # Then one record is stored and the second send answers as a repeat of it
    assert failures == []
    record = CareRecord.objects.get()
    assert (results["first"].stored, results["first"].record.pk) == (True, record.pk)
    assert (results["second"].stored, results["second"].record.pk) == (False, record.pk)
