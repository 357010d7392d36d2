"""The services delivered: each refusal with its field (nothing saved), the month summary
equal to its rows, follow-ups due on both sides of the threshold, a stable job ending the
reminders, a placement ended at a stale version."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry

from guanai.accounts.models import Role
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.institutions import delivery
from guanai.institutions.models import FollowUp, Placement, ServiceLog
from tests import factories
from tests.conftest import Region
from tests.institutions.delivery_support import admit, refuse
from tests.institutions.support import TODAY, XINGLONG_HOME_CODE, Home, hire, home_in


@pytest.fixture
def home(region: Region) -> Home:
    return home_in(region.lengqi)


def log(home: Home, resident: object, **kw: object) -> ServiceLog:
    values: dict[str, object] = {"on": TODAY, "type": "daily_care", "minutes": 60}
    values.update(kw)
    return delivery.service_log_add(acting_user=home.clerk, resident=resident, **values)  # type: ignore[arg-type]


def test_a_session_is_logged_with_its_staff_and_author(home: Home) -> None:
    resident = admit(home.institution)
    nurse = hire(home.institution, "陈护理", "nurse")
    saved = log(home, resident, minutes=45, staff=nurse, note="  晨间护理\n ")
    assert (saved.minutes, saved.staff, saved.note, saved.created_by) == (
        45,
        nurse,
        "晨间护理",
        home.clerk,
    )


def test_each_bad_session_is_refused_with_its_field_and_nothing_saved(
    home: Home, region: Region
) -> None:
    resident = admit(home.institution, started_on=date(2026, 9, 1))
    left = admit(home.institution, "王五", started_on=date(2026, 1, 5), ended_on=date(2026, 6, 30))
    applicant = refuse(home.institution)
    other = home_in(region.xinglong, name="兴隆镇日间照料中心", code=XINGLONG_HOME_CODE)
    stranger = hire(other.institution, "外机构", "caregiver")
    gone = hire(home.institution, "已离职", "caregiver")
    gone.is_active = False
    gone.save()
    cases: list[tuple[dict[str, object], str | None]] = [
        ({"on": TODAY + timedelta(days=1)}, "on"),
        ({"on": date(2026, 8, 31)}, "on"),
        ({"resident": left, "on": date(2026, 7, 1)}, "on"),
        ({"resident": applicant}, None),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes"),
        ({"type": "cooking"}, "type"),
        ({"staff": stranger}, "staff"),
        ({"staff": gone}, "staff"),
        ({"note": "记" * 501}, "note"),
    ]
    for change, field in cases:
        values: dict[str, object] = {"resident": resident}
        values.update(change)
        with pytest.raises(ValidationFailed) as refused:
            log(home, **values)  # type: ignore[arg-type]
        assert refused.value.field == field, change
    assert not ServiceLog.objects.exists()
    # Both sides of each edge are taken: the first and last day of the stay, 1 and 1440
    log(home, resident, on=date(2026, 9, 1), minutes=1, note="记" * 500)
    log(home, left, on=date(2026, 6, 30), minutes=24 * 60)
    assert ServiceLog.objects.count() == 2


def test_only_editors_log_and_an_author_or_editor_takes_back(home: Home, region: Region) -> None:
    resident = admit(home.institution)
    viewer = factories.user(unit=region.county, role=Role.VIEWER)
    with pytest.raises(PermissionRefused):
        delivery.service_log_add(
            acting_user=viewer, resident=resident, on=TODAY, type="daily_care", minutes=30
        )
    saved = log(home, resident)
    pk = saved.pk
    with pytest.raises(PermissionRefused):
        delivery.service_log_delete(acting_user=viewer, log=saved)
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    delivery.service_log_delete(acting_user=county_worker, log=saved)
    assert not ServiceLog.objects.exists()
    deleted = LogEntry.objects.get(content_type__model="servicelog", action=LogEntry.Action.DELETE)
    assert deleted.object_pk == str(pk)


def test_the_month_summary_equals_its_rows(home: Home) -> None:
    ana = admit(home.institution, "安娜", started_on=date(2026, 10, 1))
    bo = admit(home.institution, "薄波", started_on=date(2026, 10, 1))
    idle = admit(home.institution, "闲置", started_on=date(2026, 11, 15))
    admit(home.institution, "已走", started_on=date(2026, 1, 1), ended_on=date(2026, 10, 31))
    admit(home.institution, "未来", started_on=TODAY)  # not present in November
    refuse(home.institution)
    log(home, ana, on=date(2026, 11, 1), type="daily_care", minutes=60)
    log(home, ana, on=date(2026, 11, 30), type="daily_care", minutes=30)
    log(home, ana, on=date(2026, 11, 3), type="motor_training", minutes=45)
    log(home, bo, on=date(2026, 11, 2), type="self_care", minutes=20)
    log(home, bo, on=date(2026, 10, 31), type="self_care", minutes=999)  # October
    log(home, bo, on=date(2026, 12, 1), type="self_care", minutes=999)  # December
    summary = delivery.month_summary(home.institution, date(2026, 11, 1))
    rows = ServiceLog.objects.filter(on__year=2026, on__month=11)
    assert (summary.total.sessions, summary.total.minutes) == (rows.count(), 155)
    by_type = {code: (t.sessions, t.minutes) for code, _label, t in summary.by_type}
    assert by_type["daily_care"] == (2, 90)
    assert by_type["motor_training"] == (1, 45)
    assert by_type["self_care"] == (1, 20)
    assert by_type["vocational"] == (0, 0)
    assert len(by_type) == 7
    per = {
        row.resident.person.name: (row.total.sessions, row.total.minutes)
        for row in summary.residents
    }
    assert per == {"闲置": (0, 0), "安娜": (3, 135), "薄波": (1, 20)}
    assert summary.residents[0].resident == idle  # those with no service first
    assert [r.resident for r in summary.unserved] == [idle]
    assert delivery.service_minutes(home.institution, date(2026, 10, 1), date(2026, 11, 30)) == {
        ana.pk: 135,
        bo.pk: 1019,
    }


def placement(home: Home, resident: object, **kw: object) -> Placement:
    values: dict[str, object] = {
        "employer": "泸定县茶厂",
        "job": "包装工",
        "started_on": date(2026, 10, 1),
    }
    values.update(kw)
    return delivery.placement_add(acting_user=home.clerk, resident=resident, **values)  # type: ignore[arg-type]


def test_each_bad_placement_is_refused_and_nothing_saved(home: Home) -> None:
    resident = admit(home.institution)
    caregiver = hire(home.institution, "护理员", "caregiver")
    cases: list[tuple[dict[str, object], str | None]] = [
        ({"employer": "  "}, "employer"),
        ({"job": "岗" * 101}, "job"),
        ({"started_on": TODAY + timedelta(days=1)}, "started_on"),
        ({"started_on": date(2026, 8, 31)}, "started_on"),
        ({"coach": caregiver}, "coach"),
        ({"follow_up_days": 0}, "follow_up_days"),
        ({"follow_up_days": 367}, "follow_up_days"),
        ({"resident": refuse(home.institution)}, None),
    ]
    for change, field in cases:
        values: dict[str, object] = {"resident": resident}
        values.update(change)
        with pytest.raises(ValidationFailed) as refused:
            placement(home, **values)  # type: ignore[arg-type]
        assert refused.value.field == field, change
    assert not Placement.objects.exists()
    social = hire(home.institution, "社工", "social_worker")
    first = placement(home, resident, coach=social, follow_up_days=366)
    with pytest.raises(ValidationFailed, match="泸定县茶厂"):
        placement(home, resident, employer="另一家")
    assert list(Placement.objects.all()) == [first]


def test_follow_ups_fall_due_after_the_days_and_stable_ends_them(home: Home) -> None:
    resident = admit(home.institution)
    coach = hire(home.institution, "刘就业", "employment")
    job = placement(home, resident, coach=coach, started_on=date(2026, 11, 1), follow_up_days=30)

    def due(today: date) -> list[tuple[date, bool]]:
        return [(d.due_on, d.overdue) for d in delivery.follow_ups_due(home.institution, today)]

    # 30 days after the start: due on 2026-12-01, not the day before, overdue the day after
    assert due(date(2026, 11, 30)) == []
    assert due(date(2026, 12, 1)) == [(date(2026, 12, 1), False)]
    assert due(date(2026, 12, 2)) == [(date(2026, 12, 1), True)]
    delivery.follow_up_add(
        acting_user=home.clerk, placement=job, on=date(2026, 11, 20), note="适应良好", staff=coach
    )
    assert due(date(2026, 12, 19)) == []
    assert due(date(2026, 12, 20)) == [(date(2026, 12, 20), False)]
    delivery.follow_up_add(
        acting_user=home.clerk, placement=job, on=TODAY, note="工作稳定", stable=True
    )
    job.refresh_from_db()
    assert job.stable_on == TODAY
    assert due(date(2027, 6, 1)) == []
    with pytest.raises(ValidationFailed):
        delivery.follow_up_add(acting_user=home.clerk, placement=job, on=TODAY, note="再访")
    assert FollowUp.objects.count() == 2


def test_bad_follow_ups_are_refused_and_nothing_saved(home: Home) -> None:
    job = placement(home, admit(home.institution), started_on=date(2026, 11, 1))
    for change, field in [
        ({"on": date(2026, 10, 31)}, "on"),
        ({"on": TODAY + timedelta(days=1)}, "on"),
        ({"note": " \n "}, "note"),
        ({"note": "记" * 2001}, "note"),
    ]:
        values: dict[str, object] = {"on": TODAY, "note": "好"}
        values.update(change)
        with pytest.raises(ValidationFailed) as refused:
            delivery.follow_up_add(acting_user=home.clerk, placement=job, **values)  # type: ignore[arg-type]
        assert refused.value.field == field
    assert not FollowUp.objects.exists()
    job.refresh_from_db()
    assert job.stable_on is None


def test_a_placement_ends_once_at_its_version(home: Home) -> None:
    job = placement(home, admit(home.institution), started_on=date(2026, 11, 1))
    with pytest.raises(ValidationFailed) as refused:
        delivery.placement_end(
            acting_user=home.clerk, placement=job, ended_on=TODAY, reason=" ", version=1
        )
    assert refused.value.field == "reason"
    with pytest.raises(ValidationFailed) as refused:
        delivery.placement_end(
            acting_user=home.clerk,
            placement=job,
            ended_on=date(2026, 10, 31),
            reason="辞职",
            version=1,
        )
    assert refused.value.field == "ended_on"
    delivery.follow_up_add(acting_user=SYSTEM, placement=job, on=TODAY, note="稳定", stable=True)
    with pytest.raises(StaleEdit):
        delivery.placement_end(
            acting_user=home.clerk, placement=job, ended_on=TODAY, reason="辞职", version=1
        )
    ended = delivery.placement_end(
        acting_user=home.clerk, placement=job, ended_on=TODAY, reason="工厂停产", version=2
    )
    assert (ended.ended_on, ended.end_reason, ended.version) == (TODAY, "工厂停产", 3)
    assert delivery.follow_ups_due(home.institution, date(2027, 6, 1)) == []
