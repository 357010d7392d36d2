"""``guanai create-admin``: the administrator accounts, made by the operator on the server.

A new installation has no one to create accounts in the pages; this makes the system
administrator of an org unit (import the units first with ``guanai import-orgs``). The
security and audit administrators are made here too and never by a system administrator,
whom they watch. Every account must change its password at its first login.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.accounts.models import Role
from guanai.accounts.services import user_create
from guanai.core.actors import SYSTEM
from guanai.core.errors import DomainError
from guanai.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Create a system, security or audit administrator of the unit with the given code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org-code", required=True, help="division code, e.g. 513322")
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", required=True)
        parser.add_argument(
            "--role",
            choices=[Role.SYSADMIN.value, Role.SECADMIN.value, Role.AUDITOR.value],
            default=Role.SYSADMIN.value,
        )

    def handle(
        self,
        *args: Any,
        org_code: str,
        username: str,
        full_name: str,
        role: str,
        **options: Any,
    ) -> None:
        unit = OrgUnit.objects.filter(code=org_code).first()
        if unit is None:
            raise CommandError(
                _("No org unit has the code %(code)s; import the units first.") % {"code": org_code}
            )
        password = getpass.getpass(_("Initial password: "))
        try:
            user = user_create(
                acting_user=SYSTEM,
                username=username,
                full_name=full_name,
                password=password,
                org_unit=unit,
                role=Role(role),
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            _("Created %(user)s, %(role)s of %(unit)s.")
            % {"user": user.username, "role": Role(role).label, "unit": unit.name}
        )
