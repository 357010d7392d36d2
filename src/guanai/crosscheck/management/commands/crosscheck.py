"""``guanai crosscheck FILE --org CODE --kind KIND [--json]``: compare one list.

The list (xlsx or CSV, any column order, GBK or UTF-8) is compared with the subtree of the
unit of ``CODE`` exactly as a worker of that unit uploading it would (``list_upload``):
its rows checked, its file kept sealed or not at all, its findings recorded, the upload in
the access log. The command acts as ``SYSTEM``: whoever may run it on the server may
compare for any unit. ``KIND`` is one of deaths, disability, school, dibao, hukou_moves;
``--source`` names the agency that issued the list, ``--purpose`` why it is compared
(“命令行比对” unless given), ``--as-of`` the list's date (today unless given).

With ``--json`` one JSON object is printed (a fixed shape, read by tools)::

    {"rows": n, "rejected": n, "matched": n, "not_found": n, "out_of_scope": n,
     "findings": {KIND: n, …}}

Without it, a short table in the default language. The rejected rows go to stderr either
way. An unknown code or kind, a file that cannot be read or used: a message on stderr,
nothing on stdout, exit status 1.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.core.actors import SYSTEM
from guanai.core.errors import DomainError
from guanai.crosscheck.lists import ListData, list_upload
from guanai.crosscheck.models import CheckList, FindingKind, ListKind
from guanai.orgs import divisions
from guanai.orgs.models import OrgUnit
from guanai.sheets.reading import MAX_BYTES

# The agency that usually issues each kind of list, when --source is not given.
SOURCES = {
    ListKind.DEATHS: gettext_lazy("Public security or funeral services"),
    ListKind.DISABILITY: gettext_lazy("Disabled Persons' Federation"),
    ListKind.SCHOOL: gettext_lazy("Education bureau"),
    ListKind.DIBAO: gettext_lazy("Minimum-living-guarantee office"),
    ListKind.HUKOU_MOVES: gettext_lazy("Public security (household registration)"),
}
COUNTS = ("rows", "rejected", "matched", "not_found", "out_of_scope")


def _label(name: str) -> str:
    """The column's name as the pages show it (the model's verbose name)."""
    return str(getattr(CheckList._meta.get_field(name), "verbose_name", name))


class Command(BaseCommand):
    help = "Compare a list of another agency with the persons of a unit."
    # No system checks (they load every URL and the whole API and check nothing used here).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="The unit's code.")
        parser.add_argument("--kind", required=True, help=", ".join(ListKind.values))
        parser.add_argument("--source", default="", help="The agency that issued the list.")
        parser.add_argument("--purpose", default="", help="Why the list is compared.")
        parser.add_argument("--as-of", dest="as_of", default="", help="The list's date.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = self._unit(str(options["org"]))
        kind = str(options["kind"]).strip().lower()
        if kind not in ListKind.values:
            raise CommandError(
                _("Unknown kind of list “%(kind)s”; use one of: %(kinds)s.")
                % {"kind": options["kind"], "kinds": ", ".join(ListKind.values)}
            )
        path: Path = options["file"]
        content = self._read(path)
        data = ListData(
            kind=kind,
            source=options["source"] or str(SOURCES[ListKind(kind)]),
            purpose=options["purpose"] or _("Comparison from the command line"),
            as_of=self._as_of(str(options["as_of"])),
        )
        try:
            check_list = list_upload(
                acting_user=SYSTEM, org_unit=unit, data=data, content=content, filename=path.name
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for warning in check_list.warnings:
            self.stderr.write(_("Warning: %(text)s") % {"text": warning})
        for reject in check_list.rejects:
            self.stderr.write(
                _("Row %(row)s, column %(column)s: %(reason)s")
                % {"row": reject["row"], "column": reject["field"], "reason": reject["reason"]}
            )
        if options["json"]:
            output: dict[str, Any] = {name: getattr(check_list, name) for name in COUNTS}
            output["findings"] = dict(check_list.findings)
            self.stdout.write(json.dumps(output, ensure_ascii=False))
            return
        self._table(unit, check_list)

    def _unit(self, raw: str) -> OrgUnit:
        code = divisions.normalise(raw).upper()
        unit = OrgUnit.objects.filter(code=code).first() if code else None
        if unit is None:
            raise CommandError(_("No unit has the code %(code)s.") % {"code": raw})
        return unit

    def _read(self, path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            with path.open("rb") as handle:
                # One byte past the limit: an oversized file is refused by its size.
                return handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from exc

    def _as_of(self, raw: str) -> date:
        if not raw.strip():
            return timezone.localdate()
        try:
            return date.fromisoformat(raw.strip())
        except ValueError as exc:
            raise CommandError(
                _("Give the list's date as YYYY-MM-DD, not “%(value)s”.") % {"value": raw}
            ) from exc

    def _table(self, unit: OrgUnit, check_list: CheckList) -> None:
        self.stdout.write(
            f"{unit.name} {unit.code} · {check_list.get_kind_display()} · {check_list.file_name}"
        )
        self.stdout.write("\t".join(_label(name) for name in COUNTS))
        self.stdout.write("\t".join(str(getattr(check_list, name)) for name in COUNTS))
        if not check_list.findings:
            self.stdout.write(_("No findings."))
            return
        self.stdout.write(_("Findings:"))
        for kind, count in check_list.findings.items():
            label = FindingKind(kind).label if kind in FindingKind.values else kind
            self.stdout.write(f"{label}\t{kind}\t{count}")
