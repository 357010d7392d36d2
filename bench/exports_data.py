"""The exports benchmark's load (``exports.py``): the payment-roll benchmark's county
(``benefits_data.build``), then what an export reads beside the persons — an ID and phone
number on every person, a guardian with a phone for every person, a bank account for 16
in 20 — each written by one ``INSERT … SELECT`` or ``UPDATE``. The numbers are one
ciphertext each (encrypted once, as the app encrypts them): every row costs the export
one decryption per number, as real rows do; only their digits are the same."""

from __future__ import annotations

import time
from typing import Any

from benefits_data import build

# Persons by id % 20 with a bank account (the others are listed as 未登记).
WITH_ACCOUNT = tuple(range(16))


def fill(persons: int) -> dict[str, Any]:
    """Build the county of ``persons`` and give them numbers, guardians and accounts."""
    from django.db import connection, transaction
    from django.utils import timezone

    from guanai.core.crypto import encrypt

    built = build(persons)
    start = time.perf_counter()
    now = timezone.now()
    id_number, phone = encrypt("513322195001011234"), encrypt("13812345678")
    account = encrypt("6228480012345678901")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE registry_person SET id_number = %s, phone = %s", [id_number, phone])
        cursor.execute(
            "INSERT INTO registry_contact (person_id, kind, name, relation, phone, id_number, "
            "address, is_guardian, works_away_at) "
            "SELECT id, 'guardian', '监护人' || id, '祖母', %s, '', '', %s, '' "
            "FROM registry_person",
            [phone, True],
        )
        wanted = ", ".join(str(r) for r in WITH_ACCOUNT)
        cursor.execute(
            "INSERT INTO benefits_paymentaccount (person_id, bank, account_number, holder, "  # noqa: S608 - constants, not input
            "updated_at) "
            f"SELECT id, '农业银行泸定支行', %s, name, %s FROM registry_person "
            f"WHERE id %% 20 IN ({wanted})",
            [account, now],
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built["timings"]["numbers, guardians, accounts"] = time.perf_counter() - start
    return built
