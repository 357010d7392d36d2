"""Letters-home services: a round lists the unit's children of its categories; one tap
marks a letter written and one undoes it; photos are checked; a closed round changes no
more; bad input gets its message and changes nothing; another township may not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import override_settings

from guanai.accounts.models import Role, User
from guanai.activities.letters import (
    letter_mark,
    round_close,
    round_create,
    round_reopen,
    round_sheet,
    scan_delete,
    scans_add,
)
from guanai.activities.models.letters import Letter, LetterRound, LetterScan, RoundStatus
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.registry.models import Category
from guanai.registry.services import person_archive
from tests import factories
from tests.activities.letters_support import (
    JPEG,
    MID_AUTUMN,
    PNG,
    child,
    open_round,
    that_day,
    upload,
)
from tests.care.log_support import on
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries


def create(worker: User, region: Region, **changes: object) -> LetterRound:
    values: dict[str, object] = {
        "acting_user": worker,
        "org_unit": region.lengqi,
        "occasion": MID_AUTUMN,
        "title": "2026年中秋节亲情书信",
        "opens_on": date(2026, 9, 11),
        "closes_on": date(2026, 10, 2),
    }
    values.update(changes)
    with that_day():
        return round_create(**values)  # type: ignore[arg-type]


def test_a_round_lists_the_left_behind_children_of_the_subtree(
    region: Region, township_worker: User
) -> None:
    a = child(region.lengqi_school, "甲")
    b = child(region.lengqi_school, "乙", "3班", (Category.LEFT_BEHIND, Category.ORPHAN))
    village = factories.person(region.ganlusi, "丙", categories=(Category.LEFT_BEHIND,))
    child(region.lengqi_school, "丁", categories=(Category.MIGRANT_CHILD,))
    child(region.xinglong_school, "戊")  # another township
    gone = child(region.lengqi_school, "己")
    person_archive(acting_user=township_worker, person=gone, reason="moved_away")

    made = create(township_worker, region)

    assert set(made.letters.values_list("person_id", flat=True)) == {a.pk, b.pk, village.pk}
    assert (made.occasion, made.occasion_on) == ("mid_autumn", date(2026, 9, 25))
    assert made.status == RoundStatus.OPEN and made.target_categories == ["left_behind"]
    assert not made.letters.filter(written=True).exists()


def test_other_categories_can_be_chosen(region: Region, township_worker: User) -> None:
    child(region.lengqi_school, "甲")
    migrant = child(region.lengqi_school, "丁", categories=(Category.MIGRANT_CHILD,))
    made = create(township_worker, region, target_categories=[Category.MIGRANT_CHILD])
    assert list(made.letters.values_list("person_id", flat=True)) == [migrant.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occasion": "mid_autumn:2026-09-26"}, "occasion"),
        ({"occasion": "新年"}, "occasion"),
        ({"title": "   "}, "title"),
        ({"title": "信" * 101}, "title"),
        ({"closes_on": date(2026, 9, 10)}, "closes_on"),
        ({"closes_on": date(2027, 9, 10)}, "closes_on"),
        ({"opens_on": date(1026, 9, 10)}, "opens_on"),
        ({"target_categories": []}, "target_categories"),
        ({"target_categories": ["nobody"]}, "target_categories"),
        ({"target_categories": [Category.TEKUN]}, "target_categories"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_made(
    region: Region,
    township_worker: User,
    changes: dict[str, object],
    field: str,
) -> None:
    child(region.lengqi_school, "甲")
    with pytest.raises(ValidationFailed) as refused:
        create(township_worker, region, **changes)
    assert refused.value.field == field
    assert str(refused.value.message)
    assert not LetterRound.objects.exists() and not Letter.objects.exists()


def test_one_round_per_unit_and_occasion(region: Region, township_worker: User) -> None:
    child(region.lengqi_school, "甲")
    create(township_worker, region)
    with pytest.raises(ValidationFailed) as refused:
        create(township_worker, region, title="又一次")
    assert refused.value.field == "occasion"
    assert LetterRound.objects.count() == 1
    # Another occasion, or the school beneath, may have its own.
    create(township_worker, region, occasion="double_ninth:2026-10-18")
    create(township_worker, region, org_unit=region.lengqi_school)
    assert LetterRound.objects.count() == 3


def test_another_township_and_a_helper_may_not_open_a_round(
    region: Region, other_township_worker: User, school_helper: User
) -> None:
    child(region.lengqi_school, "甲")
    for outsider in (other_township_worker, school_helper):
        with pytest.raises(PermissionRefused):
            create(outsider, region)
    assert not LetterRound.objects.exists()


def test_one_tap_marks_written_today_and_one_undoes_it(
    region: Region, township_worker: User
) -> None:
    child(region.lengqi_school, "甲")
    letter = open_round(township_worker, region.lengqi).letters.get()

    with that_day():
        letter_mark(acting_user=township_worker, letter=letter, written=True)
    letter.refresh_from_db()
    assert (letter.written, letter.written_on, letter.recorded_by) == (
        True,
        date(2026, 9, 20),
        township_worker,
    )
    with that_day():
        letter_mark(acting_user=township_worker, letter=letter, written=False)
    letter.refresh_from_db()
    assert (letter.written, letter.written_on, letter.recorded_by) == (False, None, None)


def test_a_letter_is_not_written_in_the_future(region: Region, township_worker: User) -> None:
    child(region.lengqi_school, "甲")
    letter = open_round(township_worker, region.lengqi).letters.get()
    with that_day(), pytest.raises(ValidationFailed) as refused:
        letter_mark(
            acting_user=township_worker,
            letter=letter,
            written=True,
            on=date(2026, 9, 21),
        )
    assert refused.value.field == "written_on"
    letter.refresh_from_db()
    assert not letter.written


def test_a_closed_round_changes_no_more_until_reopened(
    region: Region, township_worker: User
) -> None:
    child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    letter = made.letters.get()
    closed = round_close(acting_user=township_worker, letter_round=made, version=made.version)
    assert closed.status == RoundStatus.CLOSED and closed.closed_at is not None
    with that_day(), pytest.raises(ValidationFailed):
        letter_mark(acting_user=township_worker, letter=letter, written=True)
    with pytest.raises(ValidationFailed):
        scans_add(acting_user=township_worker, letter=letter, photos=[upload()])
    # A close from a page opened before is stale.
    with pytest.raises(StaleEdit):
        round_reopen(acting_user=township_worker, letter_round=made, version=made.version)
    reopened = round_reopen(acting_user=township_worker, letter_round=made, version=closed.version)
    assert reopened.status == RoundStatus.OPEN and reopened.closed_at is None
    with that_day():
        letter_mark(acting_user=township_worker, letter=letter, written=True)
    assert Letter.objects.get().written


def test_only_the_units_leaders_and_workers_mark(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    child(region.lengqi_school, "甲")
    letter = open_round(township_worker, region.lengqi).letters.get()
    viewer = factories.user(unit=region.county, role=Role.VIEWER)
    for outsider in (other_township_worker, viewer):
        with that_day(), pytest.raises(PermissionRefused):
            letter_mark(acting_user=outsider, letter=letter, written=True)
    assert not Letter.objects.get().written


def test_a_photo_is_kept_and_counts_the_letter_written(
    region: Region, township_worker: User, tmp_path: object
) -> None:
    child(region.lengqi_school, "甲")
    letter = open_round(township_worker, region.lengqi).letters.get()
    with override_settings(MEDIA_ROOT=str(tmp_path)), that_day():
        kept = scans_add(
            acting_user=township_worker,
            letter=letter,
            photos=[upload(), upload(JPEG, "第二页.jpg")],
        )
        assert [s.content_type for s in kept] == ["image/png", "image/jpeg"]
        assert kept[0].file.read() == PNG
        letter.refresh_from_db()
        assert letter.written and letter.written_on == date(2026, 9, 20)
        # A fourth is one too many; a text file is no photo; nothing more is kept.
        for photos in ([upload(), upload()], [upload(b"hello", "信.txt")]):
            with pytest.raises(ValidationFailed):
                scans_add(acting_user=township_worker, letter=letter, photos=photos)
        assert LetterScan.objects.count() == 2
        scan_delete(acting_user=township_worker, scan=kept[0])
        assert list(LetterScan.objects.all()) == [kept[1]]


def test_the_sheet_groups_by_class_with_progress_in_fixed_queries(
    region: Region, township_worker: User
) -> None:
    child(region.lengqi_school, "甲", "1班")
    made = open_round(township_worker, region.lengqi)
    with count_queries() as small:
        round_sheet(township_worker, made)
    LetterRound.objects.all().delete()
    for n in range(49):
        child(region.lengqi_school, f"童{n}", f"{n % 3 + 1}班")
    made = open_round(township_worker, region.lengqi)
    for letter in made.letters.order_by("pk")[:10]:
        with on(date(2026, 9, 20) - timedelta(days=1)):
            letter_mark(acting_user=township_worker, letter=letter, written=True)
    with count_queries() as large:
        sheet = round_sheet(township_worker, made)
    assert_same_query_count(small, large)
    assert (sheet.progress.written, sheet.progress.total) == (10, 50)
    assert [g.progress.label for g in sheet.classes] == [
        "冷碛镇中心小学 三年级1班",
        "冷碛镇中心小学 三年级2班",
        "冷碛镇中心小学 三年级3班",
    ]
    assert sum(g.progress.total for g in sheet.classes) == 50
    assert sum(g.progress.written for g in sheet.classes) == 10
