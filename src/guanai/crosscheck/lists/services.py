"""Uploading a list: read, stored, matched, its findings recorded, all in one transaction.

The list's ID numbers are hashed on upload (and kept encrypted for the rows that may need
them), the file itself is kept sealed with the field key or not at all
(``GUANAI_CROSSCHECK_KEEP_FILES``), never in clear on disk. Who uploaded which list, when
and for what purpose is in the access log.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.audit import access_log
from guanai.core.crypto import encrypt_bytes
from guanai.core.errors import ValidationFailed
from guanai.core.models import AuditAction
from guanai.core.text import fits
from guanai.crosscheck.access import require_upload
from guanai.crosscheck.findings.services import findings_recheck, findings_record
from guanai.crosscheck.matching import area_prefix, match_counts, rows_match, rows_store
from guanai.crosscheck.models import CheckList, Finding, ListKind
from guanai.crosscheck.reading import read_list
from guanai.crosscheck.rules import UNREGISTERED, find
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.sheets.storage import private_folder, write_private


@dataclass(frozen=True)
class ListData:
    """What the uploader says about the list (the file aside)."""

    kind: str
    source: str
    purpose: str
    as_of: date


def list_folder() -> Path:
    return Path(settings.VAR_DIR) / "crosscheck"


def _check(data: ListData, today: date) -> ListData:
    if data.kind not in ListKind.values:
        raise ValidationFailed(_("Choose the kind of list."), field="kind")
    source = " ".join(data.source.split())
    if not source:
        raise ValidationFailed(_("Say which agency issued the list."), field="source")
    fits(source, CheckList, "source", field="source")
    purpose = " ".join(data.purpose.split())
    if not purpose:
        raise ValidationFailed(_("State the purpose of the comparison."), field="purpose")
    fits(purpose, CheckList, "purpose", field="purpose")
    if data.as_of > today:
        raise ValidationFailed(_("The list's date is in the future."), field="as_of")
    return ListData(kind=data.kind, source=source, purpose=purpose, as_of=data.as_of)


def list_upload(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    data: ListData,
    content: bytes,
    filename: str,
    request: HttpRequest | None = None,
) -> CheckList:
    """Compare a list with the unit's subtree; return it with its counts and findings."""
    require_upload(acting_user, org_unit)
    today = timezone.localdate()
    data = _check(data, today)
    name = Path(filename).name
    fits(name, CheckList, "file_name", field="file")
    read = read_list(content, name, data.kind, today=today)
    if not read.entries and not read.rejects:
        raise ValidationFailed(_("The file has no rows below its header."), field="file")
    stored = ""
    if settings.GUANAI_CROSSCHECK_KEEP_FILES:
        path = private_folder(list_folder()) / f"{secrets.token_hex(16)}.sealed"
        write_private(path, encrypt_bytes(content))
        stored = str(path)
    try:
        with transaction.atomic():
            check_list = CheckList.objects.create(
                org_unit=org_unit,
                kind=data.kind,
                source=data.source,
                purpose=data.purpose,
                as_of=data.as_of,
                file_name=name,
                stored_file=stored,
                uploaded_by=account_of(acting_user),
                rows=len(read.entries) + len({r["row"] for r in read.rejects}),
                rejected=len({r["row"] for r in read.rejects}),
                rejects=read.rejects,
                warnings=read.warnings,
            )
            area = area_prefix(org_unit)
            # Numbers kept only for the lists that find persons not registered, in the area.
            keep = area if data.kind in UNREGISTERED and area else None
            rows_store(check_list, read.entries, read.hashes, keep_numbers=keep)
            rows_match(check_list, org_unit)
            counts = match_counts(check_list)
            check_list.matched = counts.matched
            check_list.not_found = counts.not_found
            check_list.out_of_scope = counts.out_of_scope
            # The unit's earlier findings of this kind of list: fixed meanwhile, or not.
            findings_recheck(
                Finding.objects.filter(
                    subtree_q([org_unit], field="org_unit__path"), list_kind=data.kind
                ),
                today,
            )
            candidates = find(check_list, area=area, today=today)
            check_list.findings = findings_record(check_list, candidates)
            check_list.save()
            access_log(
                user=account_of(acting_user),
                action=AuditAction.CROSSCHECK_UPLOAD,
                obj=check_list,
                detail={
                    "kind": data.kind,
                    "source": data.source,
                    "purpose": data.purpose,
                    "rows": check_list.rows,
                    "matched": check_list.matched,
                },
                request=request,
            )
    except BaseException:
        if stored:
            Path(stored).unlink(missing_ok=True)
        raise
    return check_list
