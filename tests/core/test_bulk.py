"""core.bulk.insert_rows: what it writes must read back through the ORM exactly."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from guanai.core.bulk import insert_rows
from guanai.core.crypto import lookup_hash
from guanai.core.idnumber import make_id
from guanai.registry.models import Person, PersonCategory
from tests.conftest import Region
from tests.support.queries import count_queries


def _person(unit_pk: int, number: str, **values: object) -> dict[str, object]:
    return {
        "org_unit": unit_pk,
        "name": "张三",
        "name_pinyin": "zhangsan",
        "name_initials": "zs",
        "id_number": number,
        "id_hash": lookup_hash(number),
        **values,
    }


def test_rows_read_back_with_defaults_dates_keys_and_encryption(region: Region) -> None:
    before = timezone.now()
    rows = [
        _person(region.lengqi.pk, "513322201503041234", birth_date=date(2015, 3, 4)),
        # A foreign key may be given as an instance, and a field left out gets its default.
        _person(region.lengqi.pk, "51332220150304123X", school=region.lengqi_school, phone=""),
    ]
    rows[1]["org_unit"] = region.lengqi
    insert_rows(Person, rows)
    first, second = Person.objects.order_by("pk")
    assert first.birth_date == date(2015, 3, 4)
    assert first.id_number == "513322201503041234"
    assert second.school == region.lengqi_school and second.org_unit == region.lengqi
    # Defaults as Model.save would set them.
    assert (second.health, second.version, second.phone, second.archived_at) == (
        "healthy",
        1,
        "",
        None,
    )
    assert second.created_at >= before and second.updated_at == second.created_at
    # The ID number is stored encrypted, not in clear.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM registry_person WHERE id = %s", [first.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and "513322201503041234" not in stored


def test_json_is_stored_as_json(region: Region) -> None:
    insert_rows(Person, [_person(region.lengqi.pk, "513322201503041234")])
    person = Person.objects.get()
    insert_rows(
        PersonCategory,
        [
            {
                "person": person.pk,
                "category": "left_behind",
                "started_on": date(2024, 9, 1),
                "details": {"away": "both", "away_at": "浙江宁波"},
            },
            {"person": person.pk, "category": "dibao", "started_on": date(2024, 9, 1)},
        ],
    )
    details = dict(PersonCategory.objects.values_list("category", "details"))
    assert details == {"left_behind": {"away": "both", "away_at": "浙江宁波"}, "dibao": {}}
    assert PersonCategory.objects.filter(details__away="both").count() == 1


def test_one_statement_whatever_the_number_of_rows(region: Region) -> None:
    with count_queries() as none:
        insert_rows(Person, [])
    assert len(none) == 0
    many = [_person(region.lengqi.pk, make_id("513322", date(2015, 3, 4), n)) for n in range(40)]
    with count_queries() as statements:
        insert_rows(Person, many)
    # SQLite: one executemany; PostgreSQL: one COPY, which Django's query log does not see.
    assert len(statements) == (1 if connection.vendor == "sqlite" else 0)
    assert Person.objects.count() == 40


def test_a_refused_row_raises_djangos_integrity_error(region: Region) -> None:
    number = "513322201503041234"
    insert_rows(Person, [_person(region.lengqi.pk, number)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Person, [_person(region.lengqi.pk, number)])
    assert Person.objects.count() == 1


def test_a_field_the_model_lacks_is_a_programming_error(region: Region) -> None:
    with pytest.raises(ValueError, match="nickname"):
        insert_rows(Person, [_person(region.lengqi.pk, "513322201503041234", nickname="小张")])
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"away": "both", "away_at": "浙江宁波", "n": 1.5, "ok": True, "none": None},
        {"name": [None, "张三"], "birth_date": [None, "2010-01-01"], "list": [1, [2, {}]]},
        ["\u2028", "\x1f", "é", "😀"],
        "text",
        3,
    ],
)
def test_json_text_is_what_json_dumps_gives(value: object) -> None:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from guanai.core.bulk import _encode_function, _to_json

    assert _encode_function(None)(value) == json.dumps(value)
    assert _encode_function(DjangoJSONEncoder)(value) == json.dumps(value, cls=DjangoJSONEncoder)
    assert _to_json(None)(value) == json.dumps(value)


def test_json_text_uses_the_encoders_default() -> None:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from guanai.core.bulk import _encode_function

    value = {"on": date(2024, 9, 1)}
    assert _encode_function(DjangoJSONEncoder)(value) == '{"on": "2024-09-01"}'
    with pytest.raises(TypeError):
        _encode_function(None)(value)
    assert json.dumps(value, cls=DjangoJSONEncoder) == '{"on": "2024-09-01"}'


def test_blank_encrypted_values_stay_blank_among_encrypted_ones(region: Region) -> None:
    numbers = ["513322201503041234", "513322201503041250", "513322201503041277"]
    rows = [_person(region.lengqi.pk, n) for n in numbers]
    rows[0]["phone"], rows[1]["phone"], rows[2]["phone"] = "13812345678", "", "13912345678"
    insert_rows(Person, rows)
    phones = dict(Person.objects.values_list("id_hash", "phone"))
    assert [phones[lookup_hash(n)] for n in numbers] == ["13812345678", "", "13912345678"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM registry_person WHERE phone != ''")
        assert all(row[0].startswith("v1:") for row in cursor.fetchall())
