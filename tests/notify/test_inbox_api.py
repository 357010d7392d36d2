"""The inbox through the API: the caller's own, the page's sentence, read and archive."""

from __future__ import annotations

import pytest
from django.test import Client

from guanai.accounts.models import User
from guanai.notify import kinds
from guanai.notify.models import Notification
from tests.api.conftest import bearer
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
URL = "/api/notifications"


def _item(user: User, key: str, count: int = 2) -> Notification:
    return Notification.objects.create(
        recipient=user, kind="test_talks", key=key, count=count, link="/care/"
    )


def test_the_caller_reads_their_own_unread_with_sentence_and_link(
    township_worker: User, other_township_worker: User, test_kind: kinds.Kind
) -> None:
    mine = _item(township_worker, "a", count=4)
    _item(other_township_worker, "a", count=9)
    body = Client().get(URL, headers=bearer(township_worker)).json()
    assert body["count"] == 1 and body["unread"] == 1
    [row] = body["items"]
    assert row["id"] == mine.pk
    assert row["text"] == "4 talks due this week"
    assert row["link"] == "/care/"
    assert row["kind"] == "test_talks"


def test_read_archive_and_back(township_worker: User, test_kind: kinds.Kind) -> None:
    item = _item(township_worker, "a")
    client, headers = Client(), bearer(township_worker)
    read = client.post(f"{URL}/{item.pk}/read", headers=headers).json()
    assert read["read_at"] is not None
    assert client.get(URL, headers=headers).json()["count"] == 0
    client.post(
        f"{URL}/{item.pk}/archive",
        {"archived": True},
        content_type="application/json",
        headers=headers,
    )
    assert [
        r["id"] for r in client.get(URL, {"show": "archived"}, headers=headers).json()["items"]
    ] == [item.pk]
    client.post(
        f"{URL}/{item.pk}/archive",
        {"archived": False},
        content_type="application/json",
        headers=headers,
    )
    assert client.get(URL, {"show": "all"}, headers=headers).json()["count"] == 1


def test_another_callers_notification_is_404_and_unchanged(
    township_worker: User, other_township_worker: User, test_kind: kinds.Kind
) -> None:
    theirs = _item(other_township_worker, "a")
    client, headers = Client(), bearer(township_worker)
    assert client.post(f"{URL}/{theirs.pk}/read", headers=headers).status_code == 404
    assert (
        client.post(
            f"{URL}/{theirs.pk}/archive", {}, content_type="application/json", headers=headers
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None and theirs.archived_at is None


def test_read_all_and_a_bad_filter(township_worker: User, test_kind: kinds.Kind) -> None:
    for key in "abc":
        _item(township_worker, key)
    client, headers = Client(), bearer(township_worker)
    assert client.post(f"{URL}/read-all", headers=headers).json() == {"marked": 3}
    bad = client.get(URL, {"show": "everything"}, headers=headers)
    assert bad.status_code == 422


def test_the_list_costs_the_same_at_one_and_fifty(
    township_worker: User, test_kind: kinds.Kind
) -> None:
    client, headers = Client(), bearer(township_worker)
    _item(township_worker, "first")
    client.get(URL, headers=headers)
    with count_queries() as small:
        client.get(URL, headers=headers)
    for n in range(50):
        _item(township_worker, f"k{n}")
    with count_queries() as large:
        client.get(URL, headers=headers)
    assert_same_query_count(small, large)
