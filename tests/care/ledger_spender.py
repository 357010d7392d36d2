"""A spender process for the pocket-money concurrency tests.

``python -m tests.care.ledger_spender <worker> <account pk> <user pk> <amount> <times>``
sets Django up on the database named by DATABASE_URL, prints ``ready``, waits for a line
on stdin (so that all spenders start together), then tries ``times`` spendings of
``amount`` from the account through ``care.ledger.ledger_spend``, as the keeper would from
the page. Refusals and database errors are collected, not raised; the last stdout line is
a JSON report.
"""

from __future__ import annotations

import json
import sys
import time
from decimal import Decimal

import django


def main(argv: list[str]) -> None:
    worker, account_pk, user_pk = int(argv[0]), int(argv[1]), int(argv[2])
    amount, times = Decimal(argv[3]), int(argv[4])
    django.setup()
    from django.db import DatabaseError
    from django.utils import translation

    from guanai.accounts.models import User
    from guanai.care import ledger
    from guanai.care.models import PocketMoneyAccount
    from guanai.core.errors import ValidationFailed

    translation.activate("en")
    user = User.objects.get(pk=user_pk)
    account = PocketMoneyAccount.objects.select_related("person__org_unit").get(pk=account_pk)
    print("ready", flush=True)
    sys.stdin.readline()
    accepted: list[str] = []
    refused: list[str] = []
    errors: list[str] = []
    started = time.time()
    for n in range(times):
        try:
            entry = ledger.ledger_spend(
                acting_user=user, account=account, amount=amount, purpose=f"进程{worker}-{n}"
            )
            accepted.append(str(entry.balance_after))
        except ValidationFailed as exc:
            refused.append(str(exc.message))
        except DatabaseError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    report = {
        "worker": worker,
        "accepted": accepted,
        "refused": refused,
        "errors": errors[:20],
        "started": started,
        "ended": time.time(),
    }
    print(json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
