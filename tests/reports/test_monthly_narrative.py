"""The first draft of a report's narrative, written from its figures (issue 14, point 5):
any figures give a well-formed text quoting each of them; the draft fills only an empty
narrative and is never saved by itself."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import User
from guanai.core.money import yuan
from guanai.registry.models import Category
from guanai.reports import monthly
from guanai.reports.facts import CATEGORY_PREFIX
from guanai.reports.figures import AMOUNTS, HALVES
from guanai.reports.monthly.catalogue import FIGURES, halves_text
from guanai.reports.monthly.narrative import narrative_draft
from tests.conftest import Region, logged_in

OCTOBER = date(2026, 10, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

counts = st.integers(min_value=0, max_value=10**12).map(str)
amounts = st.decimals(min_value=0, max_value=10**10, places=2).map(lambda d: f"{d:.2f}")
# Hours are counted to the half hour: "12" or "12.5".
halves = st.integers(min_value=0, max_value=2 * 10**12).map(lambda n: halves_text(Decimal(n) / 2))
figures = st.fixed_dictionaries(
    {name: amounts if name in AMOUNTS else halves if name in HALVES else counts for name in FIGURES}
)


def shown(name: str, value: str) -> str:
    if name in AMOUNTS:
        return yuan(Decimal(value))
    return value if name in HALVES else str(int(value))


def _change_word(now: str, last: str) -> str:
    diff = Decimal(now) - Decimal(last)
    return "the same as" if diff == 0 else "more than" if diff > 0 else "fewer than"


@given(figures, st.one_of(st.none(), figures))
def test_any_figures_give_a_well_formed_text_quoting_each(
    now: dict[str, str], last: dict[str, str] | None
) -> None:
    with translation.override("en"):
        text = narrative_draft(now, last)
        labels = dict(Category.choices)
        for name in FIGURES:
            value = shown(name, now[name])
            if name.startswith(CATEGORY_PREFIX):
                label = labels[name.removeprefix(CATEGORY_PREFIX)]
                quoted = f"{label} {value}"
                assert (quoted in text) == (Decimal(now[name]) > 0), name
            else:
                assert value in text, name
    lines = text.split("\n")
    assert len(lines) == 9  # the last: the cross-checks (数据比对)
    for line in lines:
        assert line.endswith(".") and not line.endswith(".."), line
        assert "%(" not in line and "None" not in line and ",," not in line, line
    # The persons on file, the talks, the visits and the money paid are compared.
    compared = re.findall(r"(the same as|more than|fewer than) last month", text)
    if last is None:
        assert compared == []
    else:
        names = ("persons_total", "talks", "visits", "benefits_paid")
        assert compared == [_change_word(now[n], last[n]) for n in names]
        for name in names:
            diff = abs(Decimal(now[name]) - Decimal(last[name]))
            if diff:
                assert f"{shown(name, str(diff))} " in text, name


def test_the_change_quotes_the_difference() -> None:
    now = dict.fromkeys(FIGURES, "0") | {"persons_total": "43", f"{CATEGORY_PREFIX}orphan": "2"}
    last = dict.fromkeys(FIGURES, "0") | {"persons_total": "40", "talks": "5"}
    with translation.override("en"):
        text = narrative_draft(now, last)
    assert text.startswith(
        "This month 43 persons were on file, 3 more than last month, of them Orphan 2."
    )
    assert "0 heart-to-heart talks, 5 fewer than last month" in text


def test_a_figure_missing_from_last_month_is_not_compared() -> None:
    now = dict.fromkeys(FIGURES, "1")
    with translation.override("en"):
        text = narrative_draft(now, {"talks": "1"})
    assert re.findall(r"(?:same as|more than|fewer than) last month", text) == [
        "same as last month"
    ]


def test_the_draft_fills_an_empty_narrative_only(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)
    page = client.get(f"/reports/monthly/report/{report.pk}/", **EN).content.decode()
    assert "A first draft written from the figures" in page
    assert re.search(r'<textarea name="narrative"[^>]*>This month 0 persons were on file', page)
    report.refresh_from_db()
    assert report.narrative == ""  # offered, not saved

    report = monthly.report_save_narrative(
        acting_user=township_worker, report=report, version=report.version, narrative="本月工作"
    )
    page = client.get(f"/reports/monthly/report/{report.pk}/", **EN).content.decode()
    assert "A first draft written from the figures" not in page
    assert re.search(r'<textarea name="narrative"[^>]*>本月工作</textarea>', page)
