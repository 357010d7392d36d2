"""Editing the catalogue: a county leader adds a service, changes its rules, or stops it.

A built-in service keeps its code (``guanai not-served`` and other tools name it); any
service may be renamed, its rules changed or stopped (``active`` false: no new requests,
the requests made stay). Rules are checked by ``inkind.rules.rules_clean``; a change is a
new version (optimistic locking) and kept in the change history (django-auditlog).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.scoping import Actor
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.inkind import access
from guanai.inkind.models import Service, ServiceKind
from guanai.inkind.rules import rules_clean

CODE_PATTERN = "abcdefghijklmnopqrstuvwxyz0123456789_"
# Translated when it is said (a module constant would keep the language it was loaded in).
STALE = gettext_lazy(
    "Someone changed this service after you opened it (%(fields)s); reload and try again."
)


@dataclass
class ServiceData:
    name: str
    kind: str
    basis: str = ""
    rules: dict[str, Any] = field(default_factory=dict)
    is_project: bool = False
    needs_serial: bool = False
    active: bool = True


def _clean(data: ServiceData) -> ServiceData:
    name = data.name.strip()
    if not name:
        raise ValidationFailed(_("Enter the service's name."), field="name")
    if data.kind not in ServiceKind.values:
        raise ValidationFailed(_("Choose the kind of service."), field="kind")
    return ServiceData(
        name=fits(name, Service, "name"),
        kind=data.kind,
        basis=fits(data.basis.strip(), Service, "basis"),
        rules=rules_clean(data.rules),
        is_project=data.is_project,
        needs_serial=data.needs_serial,
        active=data.active,
    )


def code_clean(code: str) -> str:
    code = code.strip().lower()
    if not code or any(ch not in CODE_PATTERN for ch in code) or len(code) > 40:
        raise ValidationFailed(
            _("The code is 1 to 40 lowercase letters, digits or underscores, e.g. walking_frame."),
            field="code",
        )
    if Service.objects.filter(code=code).exists():
        raise ValidationFailed(_("The code %(code)s is taken.") % {"code": code}, field="code")
    return code


@transaction.atomic
def service_create(user: Actor, *, code: str, data: ServiceData) -> Service:
    access.require_edit_catalogue(user)
    clean = _clean(data)
    return Service.objects.create(code=code_clean(code), **vars(clean))


@transaction.atomic
def service_update(user: Actor, service: Service, *, version: int, data: ServiceData) -> Service:
    access.require_edit_catalogue(user)
    current = Service.objects.select_for_update().get(pk=service.pk)
    refuse_stale(current, version, message=str(STALE), fields=("name", "rules", "active"))
    for name, value in vars(_clean(data)).items():
        setattr(current, name, value)
    bump(current)
    current.save()
    return current
