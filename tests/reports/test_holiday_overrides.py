"""The holiday days the system administrator enters: stored through the services, read once
per call chain, and followed by the report deadlines (DESIGN §3: chinesecalendar with an
admin override table)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.reports import holidays, monthly
from guanai.reports.holidays.parsing import Limits
from guanai.reports.models import HolidayKind, HolidayOverride
from guanai.reports.monthly.workdays import first_working_day
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region
from tests.support.queries import assert_num_queries

TODAY = date(2026, 12, 6)
# The 2027 arrangement as a clerk pastes it (a plausible one: the library does not know it).
ARRANGEMENT = """
2027-01-01 元旦 放假
2027-02-06 至 2027-02-12 春节 放假
2027-02-14 上班
2027-02-20 春节 调休上班
"""
LIMITS = Limits(first_year=2000, last_year=2027, name_length=20)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_on_the_day() -> Iterator[None]:
    """Messages are compared with their English wording (the msgids), on 6 December 2026."""
    with override("en"), on(TODAY):
        yield


def enter(text: str = ARRANGEMENT, actor: object = SYSTEM) -> holidays.Entered:
    return holidays.holiday_arrangement_enter(acting_user=actor, text=text)  # type: ignore[arg-type]


def test_a_pasted_year_is_stored_day_by_day_with_who_entered_it(county_sysadmin: User) -> None:
    done = enter(actor=county_sysadmin)
    assert done == holidays.Entered(added=10, changed=0, unchanged=0)
    rows = {r.day: r for r in HolidayOverride.objects.all()}
    assert (rows[date(2027, 2, 6)].kind, rows[date(2027, 2, 6)].name) == (HolidayKind.REST, "春节")
    assert (rows[date(2027, 2, 14)].kind, rows[date(2027, 2, 14)].name) == (HolidayKind.WORK, "")
    assert rows[date(2027, 2, 20)].name == "春节"
    assert {r.entered_by for r in rows.values()} == {county_sysadmin}
    # Each day leaves its own entry in the change log.
    assert LogEntry.objects.get_for_model(HolidayOverride).count() == 10

    # The same paste again changes nothing; a corrected line changes its day only.
    assert enter(actor=county_sysadmin) == holidays.Entered(added=0, changed=0, unchanged=10)
    assert enter("2027-02-14 春节 放假", county_sysadmin) == holidays.Entered(0, 1, 0)
    assert HolidayOverride.objects.get(day=date(2027, 2, 14)).kind == HolidayKind.REST


def test_a_2027_deadline_on_the_spring_festival_moves_past_it(region: Region) -> None:
    # Due on the 10th: Wednesday 10 February 2027, in the festival.
    rule = monthly.DeadlineRule(day=10)
    before = monthly.deadline_explained(date(2027, 1, 1), rule)
    assert before.due == date(2027, 2, 10) and before.calendar_unknown

    enter()

    after = monthly.deadline_explained(date(2027, 1, 1), rule)
    # Past the festival and Saturday the 13th, to the make-up working Sunday.
    assert (after.due, after.reason, after.note) == (date(2027, 2, 14), "moved for 春节", "")


def test_the_december_report_of_2026_is_due_after_new_years_day_once_entered(
    region: Region,
) -> None:
    enter("2027-01-15 元旦 放假")  # not the real arrangement: a day the deadline falls on
    deadline = monthly.unit_deadline(region.lengqi, date(2026, 12, 1))
    assert (deadline.due, deadline.remark) == (date(2027, 1, 18), "moved for 元旦")


def test_a_correction_to_a_known_year_wins_over_the_library(region: Region) -> None:
    # The library has 2026-02-24 as the first working day after the Spring Festival.
    assert monthly.unit_deadline(region.lengqi, date(2026, 1, 1)).due == date(2026, 2, 24)
    holidays.holiday_override_set(
        acting_user=SYSTEM, day=date(2026, 2, 24), kind="rest", name="春节"
    )
    assert monthly.unit_deadline(region.lengqi, date(2026, 1, 1)).due == date(2026, 2, 25)
    holidays.holiday_override_delete(acting_user=SYSTEM, day=date(2026, 2, 24))
    assert monthly.unit_deadline(region.lengqi, date(2026, 1, 1)).due == date(2026, 2, 24)


def test_an_entered_working_saturday_is_a_working_day() -> None:
    calendar = holidays.holiday_calendar()
    assert not calendar.is_working_day(date(2027, 2, 20))
    enter()
    assert holidays.holiday_calendar().is_working_day(date(2027, 2, 20))
    assert first_working_day(date(2027, 2, 20), holidays.holiday_calendar()).moved is False


def test_a_calendar_reads_each_year_once_however_many_days_it_is_asked() -> None:
    enter()
    calendar = holidays.holiday_calendar()
    with assert_num_queries(1):
        for day in range(1, 29):
            first_working_day(date(2027, 2, day), calendar)
    with assert_num_queries(1):  # 2026 now; 2027 is read already
        first_working_day(date(2026, 12, 31), calendar)
        first_working_day(date(2027, 1, 1), calendar)


@pytest.mark.parametrize("units", [1, 50])
def test_the_reminders_read_the_holidays_once_whatever_the_units(
    region: Region, units: int
) -> None:
    worker = factories.user(unit=region.county, role=Role.WORKER)
    for n in range(units - 1):
        factories.org_unit(parent=region.county, kind=region.lengqi.kind, name=f"第{n}乡")
    enter()
    # Memberships, units, reports submitted, rules, then 2027's entered days once.
    with assert_num_queries(5):
        monthly.reminders_due(worker, today=date(2027, 2, 12))


def test_a_sysadmin_below_a_county_reads_but_may_not_enter(region: Region) -> None:
    township_admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN)
    assert holidays.may_read_holidays(township_admin)
    with pytest.raises(PermissionRefused):
        enter(actor=township_admin)
    with pytest.raises(PermissionRefused):
        holidays.holiday_override_set(
            acting_user=township_admin, day=date(2027, 1, 1), kind="rest", name="元旦"
        )
    assert not HolidayOverride.objects.exists()


@pytest.mark.parametrize(
    ("kind", "name", "day", "message"),
    [
        ("holiday", "春节", date(2027, 1, 1), "Choose a rest day or a working day."),
        ("rest", "", date(2027, 1, 1), "Name the holiday of a rest day, e.g. 春节."),
        ("rest", "春" * 21, date(2027, 1, 1), "at most 20 characters"),
        ("rest", "春\u202e节", date(2027, 1, 1), "U+202E"),
        ("work", "", date(2028, 1, 2), "2028-01-02 is not in 2000–2027; check the year."),
    ],
)
def test_a_bad_day_is_refused_and_changes_nothing(
    kind: str, name: str, day: date, message: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        holidays.holiday_override_set(acting_user=SYSTEM, day=day, kind=kind, name=name)
    assert message in str(refused.value.message)
    assert not HolidayOverride.objects.exists()


def test_removing_a_day_not_entered_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        holidays.holiday_override_delete(acting_user=SYSTEM, day=date(2027, 1, 1))
    assert str(refused.value.message) == "No day is entered for 2027-01-01."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2027-02-14", "Line 2: “2027-02-14” does not end with 放假 (a rest day) or 上班"),
        ("春节 2027-02-06 放假", "Line 2: “春节 2027-02-06 放假” does not start with a date"),
        ("2027-02-30 春节 放假", "Line 2: “2027-02-30” is not a real day"),
        ("2027-02-12 至 2027-02-06 春节 放假", "Line 2: The range ends (2027-02-06) before"),
        ("2027-02-06 - 2027-02-12 春节 放假", "holds a date: join the first and last day"),
        ("2027-01-01 至 2027-03-01 春节 放假", "more than 31 days"),
        ("2027-02-07 放假", "Line 2: Name the holiday of a rest day"),
        ("2027-01-01 元旦 放假", "Line 2: 2027-01-01 is already on line 1."),
        ("2031-01-01 元旦 放假", "Line 2: 2031-01-01 is not in 2000–2027"),
    ],
)
def test_a_bad_line_is_refused_with_its_number_and_nothing_is_entered(
    text: str, problem: str
) -> None:
    with pytest.raises(holidays.LinesRefused) as refused:
        enter(f"2027-01-01 元旦 放假\n{text}\n2027-02-14 上班")
    [found] = refused.value.problems
    assert problem in found
    assert not HolidayOverride.objects.exists()


def test_every_bad_line_is_named_at_once() -> None:
    with pytest.raises(holidays.LinesRefused) as refused:
        enter("2027-02-14\n\n2027-02-30 上班\n2027-02-15 上班")
    assert [p.split(":")[0] for p in refused.value.problems] == ["Line 1", "Line 3"]


@pytest.mark.parametrize("text", ["", "  \n\n ", "2027-02-14 上班\n" * 201, "x" * 10_001])
def test_an_empty_or_oversized_paste_is_refused(text: str) -> None:
    with pytest.raises(holidays.LinesRefused):
        enter(text)
    assert not HolidayOverride.objects.exists()


def test_dates_are_read_as_clerks_write_them() -> None:
    days = holidays.parse_arrangement(
        "２０２７年２月６日到2027/2/8 春节放假\n2027.2.14 调休上班\n20270220\t补班", LIMITS
    )
    assert [(d.day.day, d.rest, d.name) for d in days] == [
        (6, True, "春节"),
        (7, True, "春节"),
        (8, True, "春节"),
        (14, False, ""),
        (20, False, ""),
    ]


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2027, 12, 1)),
    st.integers(0, 30),
    st.sampled_from(["放假", "休息", "上班", "调休上班", "补班"]),
    st.sampled_from(["至", " 至 ", "到", "~", " — "]),
)
def test_a_written_range_reads_back_as_its_days(
    start: date, length: int, word: str, joined: str
) -> None:
    end = min(start + timedelta(days=length), date(2027, 12, 31))
    days = holidays.parse_arrangement(
        f"{start:%Y-%m-%d}{joined}{end:%Y-%m-%d} 国庆节 {word}", LIMITS
    )
    assert [d.day for d in days] == [
        start + timedelta(days=n) for n in range((end - start).days + 1)
    ]
    assert {(d.rest, d.name) for d in days} == {(word in ("放假", "休息"), "国庆节")}


@given(st.text(max_size=80))
def test_any_line_is_read_or_refused_with_a_line_message(text: str) -> None:
    try:
        holidays.parse_arrangement(text, LIMITS)
    except holidays.LinesRefused as refused:
        assert refused.problems and all(p for p in refused.problems)
