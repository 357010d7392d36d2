"""The form helpers every app shares (issue 13 point 4)."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory

from guanai.core.errors import ValidationFailed
from guanai.core.forms import STALE, ServiceErrorsMixin, posted_version


@pytest.mark.parametrize(
    ("sent", "version"), [("3", 3), ("", STALE), ("x", STALE), ("-2", STALE), ("３", STALE)]
)
def test_the_posted_version_is_a_number_or_always_stale(sent: str, version: int) -> None:
    request = RequestFactory().post("/", {"version": sent})
    assert posted_version(request) == version


class _NoteForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(required=False)


def test_a_service_refusal_is_shown_beside_its_field_or_on_top() -> None:
    form = _NoteForm({"note": "x"})
    assert form.is_valid()
    form.add_domain_error(ValidationFailed("Too long.", field="note"))
    form.add_domain_error(ValidationFailed("Not yours.", field="elsewhere"))
    assert form.errors["note"] == ["Too long."]
    assert form.non_field_errors() == ["Not yours."]
