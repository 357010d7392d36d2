"""A coordinator's process for the sign-up concurrency test.

``python -m tests.community.visit_signer <worker> <visit pk> <user pk> <volunteer pks…>``
sets Django up on the database named by DATABASE_URL, prints ``ready``, waits for a line on
stdin (so that all signers start together), then signs the volunteers up for the visit
through ``community.volunteers.visit_sign_up``, as the page does. The last stdout line is a
JSON report: signed up, refused (the message) or a database error.
"""

from __future__ import annotations

import json
import sys

import django


def main(argv: list[str]) -> None:
    worker, visit_pk, user_pk = int(argv[0]), int(argv[1]), int(argv[2])
    volunteer_pks = [int(pk) for pk in argv[3:]]
    django.setup()
    from django.db import DatabaseError
    from django.utils import translation

    from guanai.accounts.models import User
    from guanai.community.models import Volunteer, VolunteerVisit
    from guanai.community.volunteers import visit_sign_up
    from guanai.core.errors import ValidationFailed

    translation.activate("en")
    user = User.objects.get(pk=user_pk)
    visit = VolunteerVisit.objects.select_related("event", "group").get(pk=visit_pk)
    volunteers = list(Volunteer.objects.filter(pk__in=volunteer_pks))
    print("ready", flush=True)
    sys.stdin.readline()
    report: dict[str, object] = {"worker": worker, "signed": 0, "refused": "", "error": ""}
    try:
        report["signed"] = len(visit_sign_up(acting_user=user, visit=visit, volunteers=volunteers))
    except ValidationFailed as exc:
        report["refused"] = str(exc.message)
    except DatabaseError as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
