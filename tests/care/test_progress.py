"""Progress entries and the progress archive (进步档案): one timeline of plans, reviews,
term evaluations, marks and awards, and care records; printable; scoped; fixed queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import User
from guanai.care import plans
from guanai.care.log import RecordData, care_record_add
from guanai.care.models import ProgressEntry
from guanai.care.plans import evaluations, progress
from guanai.care.plans.progress import ItemKind
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Person
from tests.care import plans_support as support
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _en(user: User) -> Client:
    client = logged_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _entry(user: User, person: Person, on: date | None = None, **values: str) -> ProgressEntry:
    return progress.progress_entry_add(
        acting_user=user,
        person=person,
        kind=values.get("kind", "award"),
        on=on or timezone.localdate(),
        title=values.get("title", "校级三好学生"),
        detail=values.get("detail", ""),
    )


def _talk(user: User, person: Person, on: date, summary: str = "谈心：最近想念外出打工的爸爸"):
    return care_record_add(
        acting_user=user,
        persons=[person],
        data=RecordData(kind="talk", occurred_on=on, summary=summary),
    )


# --- Progress entries --------------------------------------------------------------------


def test_a_mark_or_award_is_entered(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    entry = _entry(township_worker, person, kind="mark", title="  期中数学  92分 ")

    assert (entry.kind, entry.title, entry.author) == ("mark", "期中数学 92分", township_worker)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"on": "future"}, "on", "The date is in the future."),
        ({"on": "before birth"}, "on", "The date is before the person was born."),
        ({"title": "  "}, "title", "Write what it was"),
        ({"kind": "medal"}, "kind", "Choose a mark, an award or other progress."),
    ],
)
def test_bad_progress_entries_are_refused(
    region: Region, township_worker: User, values: dict[str, str], field: str, message: str
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    on = {
        "future": timezone.localdate() + timedelta(days=1),
        "before birth": date(2015, 5, 4),
    }.get(values.pop("on", ""))

    with pytest.raises(ValidationFailed) as refused:
        _entry(township_worker, person, on=on, **values)

    assert refused.value.field == field
    assert str(refused.value.message).startswith(message)
    assert not ProgressEntry.objects.exists()


def test_progress_is_entered_only_by_those_caring_for_the_person(
    region: Region, township_worker: User, school_helper: User, other_township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    for stranger in (school_helper, other_township_worker):
        with pytest.raises(PermissionRefused):
            _entry(stranger, person)
    support.pair(township_worker, person, school_helper)
    assert _entry(school_helper, person).author == school_helper


def test_the_progress_form_adds_to_the_archive(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    client = _en(township_worker)
    url = reverse("care:progress_new", args=[person.pk])

    bad = client.post(url, {"kind": "award", "on": "2099-01-01", "title": "三好学生"})
    assert "The date is in the future." in bad.content.decode()
    response = client.post(
        url, {"kind": "award", "on": timezone.localdate().isoformat(), "title": "三好学生"}
    )

    assert response["Location"] == reverse("care:progress_archive", args=[person.pk])
    assert ProgressEntry.objects.get().title == "三好学生"


# --- The timeline ------------------------------------------------------------------------


def test_the_archive_merges_everything_newest_first(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    today = timezone.localdate()
    # A plan started 100 days ago, reviewed 50 days ago and today, then completed;
    plan = support.active(
        township_worker, county_leader, person, starts_on=today - timedelta(days=100)
    )
    support.review(township_worker, plan, on=today - timedelta(days=50))
    support.review(township_worker, plan, on=today)
    plans.plan_close(acting_user=township_worker, plan=plan, status="completed", note="达成目标")
    # a draft plan, which is not in the archive yet;
    support.draft(township_worker, person, domain="life")
    # an evaluation (written today), an award 70 days ago and a talk 20 days ago.
    evaluations.evaluation_create(
        acting_user=township_worker,
        person=person,
        term=str(evaluations.term_of(today)),
        data=support.evaluation_data(),
    )
    _entry(township_worker, person, on=today - timedelta(days=70))
    _talk(township_worker, person, today - timedelta(days=20))

    timeline = progress.progress_timeline(person)

    assert [(item.kind, (today - item.on).days) for item in timeline.items] == [
        (ItemKind.PLAN_COMPLETED, 0),
        (ItemKind.REVIEW, 0),
        (ItemKind.EVALUATION, 0),
        (ItemKind.CARE, 20),
        (ItemKind.REVIEW, 50),
        (ItemKind.PROGRESS, 70),
        (ItemKind.PLAN_STARTED, 100),
    ]
    evaluation = timeline.items[2]
    assert "conduct：Good" in evaluation.detail and "本学期进步明显" in evaluation.detail
    assert timeline.items[3].detail == "谈心：最近想念外出打工的爸爸"
    assert timeline.items[0].detail == "达成目标"


def test_the_archive_filters_by_year(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    this_year = timezone.localdate().year
    _entry(township_worker, person, on=date(this_year - 2, 6, 1), title="去年前的奖")
    _entry(township_worker, person, title="今年的奖")
    _talk(township_worker, person, date(this_year - 2, 3, 3))

    every = progress.progress_timeline(person)
    old = progress.progress_timeline(person, year=this_year - 2)

    assert every.years == [this_year, this_year - 2]
    assert [i.title for i in old.items] == ["去年前的奖", "Heart-to-heart talk"]
    page = _en(township_worker).get(
        reverse("care:progress_archive", args=[person.pk]), {"year": this_year - 2}
    )
    html = page.content.decode()
    assert "去年前的奖" in html and "今年的奖" not in html
    assert f"year {this_year - 2}" in html


# --- The page ----------------------------------------------------------------------------


def test_the_archive_prints_on_a4_with_title_page_numbers_and_signatures(
    region: Region, township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school, "张小明")
    _entry(township_worker, person)

    page = _en(township_worker).get(reverse("care:progress_archive", args=[person.pk]))

    html = page.content.decode()
    assert "Progress archive of 张小明" in html
    assert "冷碛镇中心小学 三年级2班" in html
    assert "guanai/print.css" in html
    footer = html[html.index('class="signature-footer"') :]
    for signer in ("Class teacher：", "Principal：", "Date："):
        assert signer in footer
    # The print stylesheet: A4, page numbers in the page margin, the footer only on paper,
    # the navigation and buttons not at all.
    css = Path(str(finders.find("guanai/print.css"))).read_text()
    assert "size: A4" in css
    assert "counter(page)" in css and "@bottom-center" in css
    assert "header, nav, footer, .no-print" in css


def test_opening_the_archive_is_audited(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    _en(township_worker).get(reverse("care:progress_archive", args=[person.pk]))

    logged = AccessLog.objects.get(action=AuditAction.READ, object_id=str(person.pk))
    assert logged.detail == {"page": "progress_archive"}


def test_the_archive_is_scoped(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    school_helper: User,
    prefecture_viewer: User,
) -> None:
    paired = support.pupil(township_worker, region.lengqi_school, "张小明")
    other = support.pupil(township_worker, region.lengqi_school, "赵小刚")
    support.pair(township_worker, paired, school_helper)

    for name in ("care:progress_archive", "care:progress_new"):
        assert _en(other_township_worker).get(reverse(name, args=[paired.pk])).status_code == 404
        assert _en(school_helper).get(reverse(name, args=[other.pk])).status_code == 404
        assert _en(school_helper).get(reverse(name, args=[paired.pk])).status_code == 200
    # A viewer reads the archive but does not write in it.
    viewer = _en(prefecture_viewer)
    archive = viewer.get(reverse("care:progress_archive", args=[paired.pk])).content.decode()
    assert "Add progress" not in archive
    assert viewer.get(reverse("care:progress_new", args=[paired.pk])).status_code == 404


def _fill(worker: User, leader: User, person: Person, count: int, first: int) -> None:
    """Add ``count`` of each kind of archive item: plans (started, reviewed, completed),
    evaluations (one a term, going back), progress entries and care records."""
    today = timezone.localdate()
    term = evaluations.term_of(today)
    for _ in range(first):
        term = term.previous()
    for n in range(count):
        plan = support.active(worker, leader, person, starts_on=today - timedelta(days=n + 1))
        support.review(worker, plan, on=today - timedelta(days=n))
        plans.plan_close(acting_user=worker, plan=plan, status="completed")
        evaluations.evaluation_create(
            acting_user=worker, person=person, term=str(term), data=support.evaluation_data()
        )
        term = term.previous()
        _entry(worker, person, on=today - timedelta(days=n))
        _talk(worker, person, today - timedelta(days=n))


def test_the_archive_runs_a_fixed_number_of_queries(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    client = _en(township_worker)
    url = reverse("care:progress_archive", args=[person.pk])
    _fill(township_worker, county_leader, person, 1, first=0)
    client.get(url)

    with count_queries() as one:
        client.get(url)
    _fill(township_worker, county_leader, person, 49, first=1)
    with count_queries() as fifty:
        html = client.get(url).content.decode()

    assert html.count('class="timeline-item') == 50 * 6
    assert_same_query_count(one, fifty)
