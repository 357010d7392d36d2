"""Letters-home pages: the rounds with their progress, a round opened from an occasion,
one tap per child on the round's page, a letter's photo served only to readers of the
child on the roster (never to a volunteer), close; fixed queries at 1 and 50 children."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.test import override_settings
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.activities.letters import letter_mark, scans_add
from guanai.activities.models.letters import Letter, LetterRound, LetterScan, RoundStatus
from guanai.care.models import HelperRole
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.activities.letters_support import (
    MID_AUTUMN,
    PNG,
    child,
    open_round,
    that_day,
    upload,
)
from tests.care.log_support import pair
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

ROUNDS = reverse("activities:letter_rounds")
NEW = reverse("activities:letter_round_new")


def page(pk: int) -> str:
    return reverse("activities:letter_round", args=[pk])


def test_the_list_shows_each_round_with_who_wrote(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    a = child(region.lengqi_school, "甲")
    child(region.lengqi_school, "乙")
    made = open_round(township_worker, region.lengqi)
    with that_day():
        letter_mark(acting_user=township_worker, letter=made.letters.get(person=a), written=True)

    answer = logged_in(township_worker).get(ROUNDS)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert made.title in html
    assert 'data-written="1"' in html and 'data-total="2"' in html
    assert made.title not in logged_in(other_township_worker).get(ROUNDS).content.decode()


def test_a_helper_and_a_volunteer_have_no_letters_pages(region: Region) -> None:
    for role in (Role.HELPER, Role.VOLUNTEER):
        account = factories.user(unit=region.lengqi_school, role=role)
        assert logged_in(account).get(ROUNDS).status_code == 403


def test_a_round_is_opened_from_an_occasion_with_its_title_and_dates_filled_in(
    region: Region, township_worker: User
) -> None:
    child(region.lengqi_school, "甲")
    client = logged_in(township_worker)
    with that_day():
        chooser = client.get(NEW)
        assert f'value="{MID_AUTUMN}"' in chooser.content.decode()
        assert "round-form" not in chooser.content.decode()
        filled = client.get(NEW, {"occasion": MID_AUTUMN})
        form = filled.context["form"]
        assert form.initial["opens_on"] == date(2026, 9, 20)  # today: two weeks before is past
        assert form.initial["closes_on"] == date(2026, 10, 4)  # the holiday's end + a week
        assert "2026" in form.initial["title"] and "中秋节" in form.initial["title"]
        answer = client.post(
            NEW,
            {
                "occasion": MID_AUTUMN,
                "unit": region.lengqi_school.pk,
                "title": "三年级中秋家书",
                "opens_on": "2026-09-20",
                "closes_on": "2026-10-04",
                "target_categories": ["left_behind"],
            },
        )
    made = LetterRound.objects.get()
    assert answer.status_code == 302 and answer["Location"] == page(made.pk)
    assert (made.title, made.org_unit, made.letters.count()) == (
        "三年级中秋家书",
        region.lengqi_school,
        1,
    )


def test_a_round_closing_before_it_opens_is_refused_beside_the_field(
    region: Region, township_worker: User
) -> None:
    child(region.lengqi_school, "甲")
    with that_day():
        answer = logged_in(township_worker).post(
            NEW,
            {
                "occasion": MID_AUTUMN,
                "unit": region.lengqi.pk,
                "title": "中秋家书",
                "opens_on": "2026-09-20",
                "closes_on": "2026-09-19",
                "target_categories": ["left_behind"],
            },
        )
    assert answer.status_code == 200
    assert answer.context["form"].errors["closes_on"]
    assert not LetterRound.objects.exists()


def test_one_tap_marks_a_letter_and_one_undoes_it(region: Region, township_worker: User) -> None:
    child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    letter = made.letters.get()
    client = logged_in(township_worker)
    url = reverse("activities:letter_mark", args=[letter.pk])
    with that_day():
        answer = client.post(url, {"written": "1"})
        assert answer["Location"] == f"{page(made.pk)}#letter-{letter.pk}"
        shown = client.get(page(made.pk)).content.decode()
        assert f'id="letter-{letter.pk}"' in shown
        assert 'data-written="1"' in shown
        client.post(url, {"written": "0", "class": "冷碛镇中心小学 三年级2班"})
    assert not Letter.objects.get().written
    # Something else than a tap changes nothing.
    with that_day():
        client.post(url, {"written": "maybe"})
    assert not Letter.objects.get().written


def test_the_class_filter_shows_one_class(region: Region, township_worker: User) -> None:
    child(region.lengqi_school, "甲", "1班")
    child(region.lengqi_school, "乙", "2班")
    made = open_round(township_worker, region.lengqi)
    answer = logged_in(township_worker).get(page(made.pk), {"class": "冷碛镇中心小学 三年级2班"})
    assert [g.progress.label for g in answer.context["shown"]] == ["冷碛镇中心小学 三年级2班"]
    assert answer.context["sheet"].progress.total == 2


def test_another_township_gets_404_for_the_round_letter_and_photo(
    region: Region, township_worker: User, other_township_worker: User, tmp_path: Path
) -> None:
    child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    letter = made.letters.get()
    with override_settings(MEDIA_ROOT=str(tmp_path)), that_day():
        (scan,) = scans_add(acting_user=township_worker, letter=letter, photos=[upload()])
        client = logged_in(other_township_worker)
        assert client.get(page(made.pk)).status_code == 404
        assert client.post(reverse("activities:letter_mark", args=[letter.pk])).status_code == 404
        assert client.get(reverse("activities:letter_scan", args=[scan.pk])).status_code == 404


def test_a_letters_photo_is_served_to_the_roster_and_never_to_a_paired_volunteer(
    region: Region, township_worker: User, tmp_path: Path
) -> None:
    pupil = child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    pair(pupil, volunteer, HelperRole.VOLUNTEER)
    with override_settings(MEDIA_ROOT=str(tmp_path)), that_day():
        (scan,) = scans_add(
            acting_user=township_worker, letter=made.letters.get(), photos=[upload()]
        )
        url = reverse("activities:letter_scan", args=[scan.pk])
        served = logged_in(township_worker).get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
        assert served["X-Content-Type-Options"] == "nosniff"
        assert AccessLog.objects.filter(
            user=township_worker, action=AuditAction.READ, object_id=str(pupil.pk)
        ).exists()
        # The volunteer reads the child's file through the pairing, but not the letter.
        assert logged_in(volunteer).get(url).status_code == 404
        assert logged_in(volunteer).get(page(made.pk)).status_code == 404


def test_a_photo_upload_that_is_no_photo_is_refused(
    region: Region, township_worker: User, tmp_path: Path
) -> None:
    child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    letter = made.letters.get()
    with override_settings(MEDIA_ROOT=str(tmp_path)), that_day():
        answer = logged_in(township_worker).post(
            reverse("activities:letter_scans", args=[letter.pk]),
            {"photos": upload(b"not a photo", "信.png")},
            follow=True,
        )
    assert answer.status_code == 200
    assert [m.level_tag for m in answer.context["messages"]] == ["error"]
    assert not LetterScan.objects.exists() and not Letter.objects.get().written


def test_close_and_reopen_from_the_page(region: Region, township_worker: User) -> None:
    child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    client = logged_in(township_worker)
    url = reverse("activities:letter_round_status", args=[made.pk])
    client.post(url, {"action": "close", "version": made.version})
    made.refresh_from_db()
    assert made.status == RoundStatus.CLOSED
    shown = client.get(page(made.pk)).content.decode()
    assert 'data-testid="closed"' in shown
    assert reverse("activities:letter_mark", args=[made.letters.get().pk]) not in shown
    # A stale form changes nothing.
    client.post(url, {"action": "reopen", "version": 1})
    made.refresh_from_db()
    assert made.status == RoundStatus.CLOSED


def test_the_list_runs_as_many_queries_at_50_rounds_as_at_1(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    child(region.lengqi_school, "童0")
    open_round(township_worker, region.lengqi)
    client.get(ROUNDS)
    with count_queries() as small:
        client.get(ROUNDS)
    # Rounds of earlier years, made as they stand (the list only reads them).
    LetterRound.objects.bulk_create(
        LetterRound(
            org_unit=region.lengqi_school,
            occasion="qixi",
            occasion_on=date(2000 + n, 8, 1),
            title=f"{2000 + n}年七夕节亲情书信",
            opens_on=date(2000 + n, 7, 20),
            closes_on=date(2000 + n, 8, 10),
        )
        for n in range(49)
    )
    with count_queries() as large:
        answer = client.get(ROUNDS)
    assert answer.context["page"].paginator.count == 50
    assert_same_query_count(small, large)


def test_a_rounds_page_runs_as_many_queries_at_50_children_as_at_1(
    region: Region, township_worker: User, tmp_path: Path
) -> None:
    client = logged_in(township_worker)
    child(region.lengqi_school, "童0")
    small_round = open_round(township_worker, region.lengqi)
    client.get(page(small_round.pk))
    with count_queries() as small:
        client.get(page(small_round.pk))
    for n in range(1, 50):
        child(region.lengqi_school, f"童{n}", f"{n % 4 + 1}班")
    large_round = open_round(township_worker, region.lengqi_school)
    with override_settings(MEDIA_ROOT=str(tmp_path)), that_day():
        for letter in large_round.letters.order_by("pk")[:5]:
            scans_add(acting_user=township_worker, letter=letter, photos=[upload()])
    with count_queries() as large:
        answer = client.get(page(large_round.pk))
    assert answer.context["sheet"].progress.total == 50
    assert answer.context["sheet"].progress.written == 5
    assert_same_query_count(small, large)
