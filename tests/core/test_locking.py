"""Optimistic locking (issue 13 point 4): one check, naming what someone else changed."""

from __future__ import annotations

import pytest
from django.utils import translation

from guanai.core.errors import StaleEdit
from guanai.core.locking import bump, changed_since, refuse_stale
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_update
from tests import factories

pytestmark = pytest.mark.django_db

MESSAGE = "Someone else saved this after you opened it (changed: %(fields)s)."


def _saved_by_someone_else(unit: OrgUnit, *, name: str) -> OrgUnit:
    return org_unit_update(
        unit=unit, version=unit.version, name=name, code=unit.code, is_active=unit.is_active
    )


def test_a_save_from_the_current_version_passes() -> None:
    unit = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    refuse_stale(unit, unit.version, message=MESSAGE, fields=("name",))


def test_a_stale_save_is_refused_naming_the_field_someone_else_changed() -> None:
    unit = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    opened_at = unit.version
    current = _saved_by_someone_else(unit, name="四川")
    assert changed_since(current, opened_at, ("name", "code")) == ["name"]
    with translation.override("zh-hans"), pytest.raises(StaleEdit) as refused:
        refuse_stale(current, opened_at, message=MESSAGE, fields=("name", "code"))
    assert "changed: 名称" in str(refused.value.message)


def test_saves_before_the_form_was_opened_are_not_named() -> None:
    unit = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    unit = _saved_by_someone_else(unit, name="四川")
    opened_at = unit.version
    current = org_unit_update(
        unit=unit, version=unit.version, name=unit.name, code=unit.code, is_active=False
    )
    assert changed_since(current, opened_at, ("name", "is_active")) == ["is_active"]


def test_a_message_without_fields_is_given_as_written() -> None:
    unit = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    with pytest.raises(StaleEdit) as refused:
        refuse_stale(unit, unit.version - 1, message="Reload and try again.")
    assert str(refused.value.message) == "Reload and try again."


def test_bump_raises_the_version_by_one() -> None:
    unit = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    before = unit.version
    bump(unit)
    assert unit.version == before + 1
