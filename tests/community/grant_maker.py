"""A grant-making process for the charity fund's concurrency tests.

``python -m tests.community.grant_maker <worker> <fund pk> <leader pk> <unit pk> <amount>
<times>`` sets Django up on the database named by DATABASE_URL, prints ``ready``, waits for
a line on stdin (so that all processes start together), then makes ``times`` grants of
``amount`` to the unit through ``community.giving.grant_request``, as a leader would from
the page. Refusals and database errors are collected, not raised; the last stdout line is
a JSON report.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import django


def main(argv: list[str]) -> None:
    worker, fund_pk, user_pk, unit_pk = (int(a) for a in argv[:4])
    amount, times = Decimal(argv[4]), int(argv[5])
    django.setup()
    from django.db import DatabaseError
    from django.utils import translation

    from guanai.accounts.models import User
    from guanai.community import giving
    from guanai.community.models.giving import CharityFund
    from guanai.core.errors import ValidationFailed
    from guanai.orgs.models import OrgUnit

    translation.activate("en")
    user = User.objects.get(pk=user_pk)
    fund = CharityFund.objects.select_related("org_unit").get(pk=fund_pk)
    unit = OrgUnit.objects.get(pk=unit_pk)
    print("ready", flush=True)
    sys.stdin.readline()
    accepted: list[str] = []
    refused: list[str] = []
    errors: list[str] = []
    for n in range(times):
        try:
            giving.grant_request(
                acting_user=user,
                fund=fund,
                amount=amount,
                reason=f"进程{worker}-{n}",
                org_unit=unit,
            )
            accepted.append(str(fund.balance))
        except ValidationFailed as exc:
            refused.append(str(exc.message))
        except DatabaseError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    report = {"worker": worker, "accepted": accepted, "refused": refused, "errors": errors[:20]}
    print(json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
