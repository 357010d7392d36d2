"""Term evaluations (学期评议): terms from dates, one evaluation per pupil and term, edits
with a version check, who may write them, and the class-wide entry page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole, TermEvaluation
from guanai.care.plans import evaluations
from guanai.care.plans.terms import Term, term_label, term_of, term_parse
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.registry.models import Person
from guanai.registry.services import PersonData, person_register
from tests import factories
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


CURRENT = str(term_of(timezone.localdate()))


# --- Terms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (date(2025, 8, 31), "2024-2025-2"),
        (date(2025, 9, 1), "2025-2026-1"),
        (date(2025, 12, 31), "2025-2026-1"),
        (date(2026, 1, 31), "2025-2026-1"),
        (date(2026, 2, 1), "2025-2026-2"),
        (date(2024, 2, 29), "2023-2024-2"),
    ],
)
def test_the_term_of_a_date_at_its_boundaries(day: date, term: str) -> None:
    assert str(term_of(day)) == term


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31)))
def test_every_day_lies_in_its_term(day: date) -> None:
    term = term_of(day)

    assert term.first_day <= day <= term.last_day
    assert term_parse(str(term)) == term
    # Spring runs February to August, autumn September to January.
    assert (term.part == 2) == (2 <= day.month <= 8)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 30)))
def test_terms_follow_one_another_without_gaps(day: date) -> None:
    today, tomorrow = term_of(day), term_of(day + timedelta(days=1))

    assert tomorrow == today or (
        tomorrow.previous() == today and tomorrow.first_day == day + timedelta(days=1)
    )


def test_term_labels() -> None:
    assert Term(2025, 1).label == "2025–2026, first term"
    assert Term(2025, 2).label == "2025–2026, second term"


@pytest.mark.parametrize("text", ["2025-2027-1", "2025-2026-3", "2025/2026/1", "", "0999-1000-1"])
def test_malformed_terms_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        term_parse(text)
    assert refused.value.field == "term"
    assert "2025-2026-1" in str(refused.value.message)


# --- Writing evaluations -----------------------------------------------------------------


def test_the_class_teacher_writes_one_evaluation_a_term(
    region: Region, township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school, "张小明")

    written = evaluations.evaluation_create(
        acting_user=township_worker, person=person, term=CURRENT, data=support.evaluation_data()
    )
    assert (written.term, written.author, written.written_on) == (
        CURRENT,
        township_worker,
        timezone.localdate(),
    )

    with pytest.raises(ValidationFailed) as twice:
        evaluations.evaluation_create(
            acting_user=township_worker,
            person=person,
            term=CURRENT,
            data=support.evaluation_data(conduct="poor"),
        )
    label = term_parse(CURRENT).label
    assert str(twice.value.message) == (
        f"张小明 has an evaluation for {label} already; edit that one instead."
    )
    assert TermEvaluation.objects.get().conduct == "good"


def test_an_earlier_term_may_be_written_but_not_a_future_one(
    region: Region, township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    now = term_of(timezone.localdate())
    following = Term(now.start + 1, 1) if now.part == 2 else Term(now.start, 2)

    with pytest.raises(ValidationFailed, match="has not begun yet"):
        evaluations.evaluation_create(
            acting_user=township_worker,
            person=person,
            term=str(following),
            data=support.evaluation_data(),
        )
    earlier = evaluations.evaluation_create(
        acting_user=township_worker,
        person=person,
        term=str(now.previous()),
        data=support.evaluation_data(),
    )
    assert earlier.term == str(now.previous())


def test_every_grade_is_needed(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    with pytest.raises(ValidationFailed) as refused:
        evaluations.evaluation_create(
            acting_user=township_worker,
            person=person,
            term=CURRENT,
            data=support.evaluation_data(mental_state=""),
        )

    assert refused.value.field == "mental_state"
    assert str(refused.value.message) == "Give a grade for mental state."
    assert not TermEvaluation.objects.exists()


def test_only_pupils_are_evaluated(region: Region, township_worker: User) -> None:
    villager = person_register(
        acting_user=township_worker, org_unit=region.lengqi, data=PersonData(name="李大爷")
    )

    with pytest.raises(ValidationFailed, match="李大爷 has no school on file"):
        evaluations.evaluation_create(
            acting_user=township_worker,
            person=villager,
            term=CURRENT,
            data=support.evaluation_data(),
        )


def test_a_paired_class_teacher_evaluates_a_subject_teacher_does_not(
    region: Region, township_worker: User, school_helper: User, other_township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    class_teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    support.pair(township_worker, person, school_helper, role=HelperRole.SUBJECT_TEACHER)
    support.pair(township_worker, person, class_teacher, role=HelperRole.CLASS_TEACHER)

    for refused in (school_helper, other_township_worker):
        with pytest.raises(PermissionRefused):
            evaluations.evaluation_create(
                acting_user=refused, person=person, term=CURRENT, data=support.evaluation_data()
            )
    written = evaluations.evaluation_create(
        acting_user=class_teacher, person=person, term=CURRENT, data=support.evaluation_data()
    )
    assert written.author == class_teacher


def test_a_stale_evaluation_edit_is_refused(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    written = evaluations.evaluation_create(
        acting_user=township_worker, person=person, term=CURRENT, data=support.evaluation_data()
    )
    colleague = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    evaluations.evaluation_update(
        acting_user=colleague,
        evaluation=written,
        version=written.version,
        data=support.evaluation_data(study="excellent"),
    )

    with pytest.raises(StaleEdit) as stale:
        evaluations.evaluation_update(
            acting_user=township_worker,
            evaluation=written,
            version=written.version,
            data=support.evaluation_data(comment="改过的评语"),
        )

    # The colleague changed the study grade; the comment is the user's own change.
    assert str(stale.value.message) == (
        "Someone else saved this evaluation after you opened it (changed: study). "
        "Reload it and make your change again."
    )
    stored = TermEvaluation.objects.get()
    assert (stored.study, stored.author, stored.version) == ("excellent", colleague, 2)


# --- The class page ----------------------------------------------------------------------


def _class_url(region: Region, grade: str = "三年级", class_name: str = "2班") -> str:
    key = f"{region.lengqi_school.pk}|{grade}|{class_name}"
    return reverse("care:evaluation_class") + f"?class={key}&term={CURRENT}"


def _row(person: Person, **grades: str) -> dict[str, str]:
    return {f"p{person.pk}-{field}": value for field, value in grades.items()}


GOOD = {"conduct": "good", "study": "good", "life_skills": "fair", "mental_state": "good"}


def test_the_class_page_saves_filled_rows_and_skips_empty_ones(
    region: Region, township_worker: User
) -> None:
    zhang = support.pupil(township_worker, region.lengqi_school, "张小明")
    li = support.pupil(township_worker, region.lengqi_school, "李小红")
    support.pupil(township_worker, region.lengqi_school, "别班生", class_name="3班")
    client = _en(township_worker)

    page = client.get(_class_url(region)).content.decode()
    assert "张小明" in page and "李小红" in page and "别班生" not in page
    assert "冷碛镇中心小学 三年级2班" in page and "冷碛镇中心小学 三年级3班" in page

    response = client.post(_class_url(region), {**_row(zhang, **GOOD, comment="进步明显")})

    assert response.status_code == 302
    saved = TermEvaluation.objects.get()
    assert (saved.person, saved.study, saved.comment) == (zhang, "good", "进步明显")
    assert not TermEvaluation.objects.filter(person=li).exists()
    after = client.get(_class_url(region)).content.decode()
    assert "1 of 2 pupils evaluated" in after


def test_a_half_filled_row_saves_nothing_and_is_marked(
    region: Region, township_worker: User
) -> None:
    zhang = support.pupil(township_worker, region.lengqi_school, "张小明")
    li = support.pupil(township_worker, region.lengqi_school, "李小红")

    response = _en(township_worker).post(
        _class_url(region), {**_row(zhang, **GOOD), **_row(li, conduct="good")}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: correct the marked rows and save again." in page
    assert "Give a grade for study." in page
    assert "table-danger" in page
    assert not TermEvaluation.objects.exists()


def test_the_class_page_edits_an_existing_evaluation_with_its_version(
    region: Region, township_worker: User
) -> None:
    zhang = support.pupil(township_worker, region.lengqi_school, "张小明")
    written = evaluations.evaluation_create(
        acting_user=township_worker, person=zhang, term=CURRENT, data=support.evaluation_data()
    )
    client = _en(township_worker)
    fields = {**GOOD, "comment": written.comment, "version": str(written.version)}

    client.post(_class_url(region), _row(zhang, **{**fields, "study": "excellent"}))
    assert TermEvaluation.objects.get().study == "excellent"

    # The same form sent again carries the version read before the first save.
    stale = client.post(_class_url(region), _row(zhang, **{**fields, "study": "poor"}))
    assert "Someone else saved this evaluation after you opened it" in stale.content.decode()
    assert TermEvaluation.objects.get().study == "excellent"


def test_another_township_cannot_open_the_class(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    zhang = support.pupil(township_worker, region.lengqi_school, "张小明")
    written = evaluations.evaluation_create(
        acting_user=township_worker, person=zhang, term=CURRENT, data=support.evaluation_data()
    )
    client = _en(other_township_worker)

    page = client.get(_class_url(region)).content.decode()
    assert "张小明" not in page
    client.post(_class_url(region), _row(zhang, **GOOD))
    assert TermEvaluation.objects.count() == 1
    assert client.get(reverse("care:evaluation_edit", args=[written.pk])).status_code == 404


def test_the_edit_page_saves_and_returns_to_the_archive(
    region: Region, township_worker: User
) -> None:
    zhang = support.pupil(township_worker, region.lengqi_school, "张小明")
    written = evaluations.evaluation_create(
        acting_user=township_worker, person=zhang, term=CURRENT, data=support.evaluation_data()
    )
    url = reverse("care:evaluation_edit", args=[written.pk])
    client = _en(township_worker)

    assert "Term evaluation of 张小明" in client.get(url).content.decode()
    response = client.post(url, {**GOOD, "comment": "期末表现很好", "version": written.version})

    assert response["Location"] == reverse("care:progress_archive", args=[zhang.pk])
    assert TermEvaluation.objects.get().comment == "期末表现很好"


def test_a_term_stored_in_another_form_is_shown_as_written(
    region: Region, township_worker: User
) -> None:
    # An evaluation stored before terms were checked ("2026春") opens, and reads, as written.
    zhang = support.pupil(township_worker, region.lengqi_school, "张小明")
    written = evaluations.evaluation_create(
        acting_user=township_worker, person=zhang, term=CURRENT, data=support.evaluation_data()
    )
    TermEvaluation.objects.filter(pk=written.pk).update(term="2026春")
    client = _en(township_worker)

    page = client.get(reverse("care:evaluation_edit", args=[written.pk]))
    assert page.status_code == 200
    assert "Term evaluation of 张小明, 2026春" in page.content.decode()
    answer = client.get(f"/api/care/evaluations?person_id={zhang.pk}")
    assert [e["term_label"] for e in answer.json()["items"]] == ["2026春"]
    assert term_label("2025-2026-1") == Term(2025, 1).label


def test_the_class_page_runs_a_fixed_number_of_queries(
    region: Region, township_worker: User
) -> None:
    client = _en(township_worker)
    url = _class_url(region)

    def add(count: int) -> None:
        for n in range(count):
            person = support.pupil(township_worker, region.lengqi_school, f"学生{n}")
            evaluations.evaluation_create(
                acting_user=township_worker,
                person=person,
                term=CURRENT,
                data=support.evaluation_data(),
            )

    add(1)
    client.get(url)
    with count_queries() as one:
        client.get(url)
    add(49)
    with count_queries() as fifty:
        page = client.get(url).content.decode()

    assert "50 of 50 pupils evaluated" in page
    assert_same_query_count(one, fifty)
