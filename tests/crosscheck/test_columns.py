"""Checking a list's rows (pure): every reason reported, nothing guessed, never an exception."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from guanai.core.idnumber import make_id
from guanai.crosscheck.columns import read_entry, wanted
from guanai.crosscheck.models import ListKind

TODAY = date(2026, 12, 7)
GOOD = make_id("513322", date(1970, 2, 3), 11)


def test_a_good_death_row() -> None:
    entry = read_entry(
        "deaths",
        2,
        {"name": " 王 小芳", "id_number": GOOD, "death_date": "2026年3月4日"},
        today=TODAY,
    )
    assert entry.errors == []
    assert (entry.name, entry.id_number, entry.region) == ("王小芳", GOOD, "513322")
    assert entry.data == {"death_date": "2026-03-04"}


def test_every_reason_of_a_bad_row_is_reported() -> None:
    entry = read_entry(
        "deaths",
        7,
        {"name": "", "id_number": GOOD[:-1] + "0", "death_date": "2027-01-01"},
        today=TODAY,
    )
    assert {field for field, _reason in entry.errors} == {"name", "id_number", "death_date"}


def test_an_id_number_stored_as_a_number_is_refused() -> None:
    entry = read_entry(
        "deaths",
        2,
        {"name": "张三", "id_number": 5.13322197002e17, "death_date": "2026-01-01"},
        today=TODAY,
    )
    assert entry.errors and entry.errors[0][0] == "id_number"
    assert "lost its last digits" in entry.errors[0][1] or "丢失" in entry.errors[0][1]


def test_disability_words_and_certificate() -> None:
    entry = read_entry(
        "disability",
        2,
        {
            "name": "刘残",
            "id_number": GOOD,
            "certificate": GOOD + "42",
            "type": "肢体残疾",
            "grade": "2级",
        },
        today=TODAY,
    )
    assert entry.errors == []
    assert entry.data == {"certificate_suffix": "42", "type": 4, "grade": 2}


def test_a_certificate_of_someone_else_is_refused() -> None:
    other = make_id("513322", date(1971, 2, 3), 13)
    entry = read_entry(
        "disability",
        2,
        {"name": "刘残", "id_number": GOOD, "certificate": other + "42", "grade": "二级"},
        today=TODAY,
    )
    assert [field for field, _r in entry.errors] == ["certificate"]


def test_school_status_words() -> None:
    for word, status in (
        ("辍学", "dropped_out"),
        ("转出", "transferred_out"),
        ("在读", "in_school"),
    ):
        entry = read_entry(
            "school", 2, {"name": "陈留", "id_number": GOOD, "status": word}, today=TODAY
        )
        assert entry.data["status"] == status
    entry = read_entry(
        "school", 2, {"name": "陈留", "id_number": GOOD, "status": "出国"}, today=TODAY
    )
    assert [field for field, _r in entry.errors] == ["status"]


def test_a_bad_amount_and_a_missing_place() -> None:
    entry = read_entry(
        "dibao", 2, {"name": "赵低", "id_number": GOOD, "amount": "三百"}, today=TODAY
    )
    assert [field for field, _r in entry.errors] == ["amount"]
    entry = read_entry(
        "hukou_moves",
        2,
        {"name": "赵低", "id_number": GOOD, "moved_on": "2026-01-01", "place": ""},
        today=TODAY,
    )
    assert [field for field, _r in entry.errors] == ["place"]


def test_over_long_text_is_refused_not_cut() -> None:
    entry = read_entry(
        "dibao", 2, {"name": "赵低", "id_number": GOOD, "household": "户" * 61}, today=TODAY
    )
    assert [field for field, _r in entry.errors] == ["household"]


def test_every_kind_names_its_required_columns() -> None:
    for kind in ListKind.values:
        columns, required = wanted(kind)
        assert {"id_number", "name"} <= required <= set(columns)


cells = st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.none())


@given(
    kind=st.sampled_from(ListKind.values),
    values=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "id_number",
                "death_date",
                "certificate",
                "type",
                "grade",
                "school",
                "status",
                "household",
                "amount",
                "moved_on",
                "place",
            ]
        ),
        cells,
    ),
)
def test_any_cells_give_an_entry_or_reasons_never_an_exception(
    kind: str, values: dict[str, object]
) -> None:
    entry = read_entry(kind, 2, values, today=TODAY)
    if not entry.errors:
        # A row taken has a valid ID number and a name, never a guess.
        assert entry.id_number and entry.name and len(entry.region) == 6
        assert entry.id_number == make_id(
            entry.region,
            date(
                int(entry.id_number[6:10]), int(entry.id_number[10:12]), int(entry.id_number[12:14])
            ),
            int(entry.id_number[14:17]),
        )
    else:
        assert all(reason for _field, reason in entry.errors)
