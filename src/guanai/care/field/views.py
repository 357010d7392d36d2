"""The field page (外出走访): the helper's persons, work list and quick entry on the phone.

The page is a shell: it holds no person's data, so the service worker may keep it and it
opens with no connection (``accounts.offline``). Its script (``static/guanai/offline/
field.js``) syncs the helper's cards into the browser's database through the API
(``api/care/field``), draws them, and puts each talk or visit recorded into the outbox.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.offline import offline_page
from guanai.accounts.requests import request_user
from guanai.care.field import FIELD_PHOTOS_MAX
from guanai.care.log import MAX_MINUTES, SUMMARY_MAX
from guanai.care.models import AREAS, CareKind, CareRecord, Parent
from guanai.core.photos import MAX_PHOTO_BYTES

# The kinds of care recorded on a visit (篇八、篇九: 谈心、家访、亲情电话、心理辅导).
FIELD_KINDS = (CareKind.TALK, CareKind.HOME_VISIT, CareKind.FAMILY_CALL, CareKind.COUNSELLING)


def _texts() -> dict[str, str]:
    """The words the script shows, in the page's language."""
    return {
        "never": _("Never synced on this phone."),
        "synced": _("Last synced %(when)s"),
        "syncing": _("Syncing…"),
        "syncFailed": _("Could not sync: %(reason)s"),
        "offline": _("No connection: showing what was kept at the last sync."),
        "empty": _("No persons kept on this phone. Sync while there is a connection."),
        "risk": _("Risk"),
        "guardian": _("Guardian"),
        "lastContacts": _("Last contacts"),
        "noContacts": _("No contacts recorded yet."),
        "goals": _("Plan goals"),
        "work": _("Due this week"),
        "nothingDue": _("Nothing due."),
        "until": _("until %(day)s"),
        "by": _("by %(day)s"),
        "record": _("Record a talk or visit"),
        "waiting": _("Waiting to be sent"),
        "saved": _("Saved on the phone; it is sent as soon as there is a connection."),
        "required": _("Write a few words about what was said or done."),
        "future": _("The date cannot be in the future."),
        "followBefore": _("The follow-up date cannot be before the date of the talk or visit."),
        "parent": _("For a family phone call, choose which parent was called."),
        "minutes": _("Enter how many minutes the call lasted (1 to %(max)s).")
        % {"max": MAX_MINUTES},
        "tooMany": _("At most %(count)s photos.") % {"count": FIELD_PHOTOS_MAX},
        "tooLarge": _("%(name)s is larger than 5 MB; send a smaller photo."),
        "notPhoto": _("%(name)s is not a JPEG or PNG photo."),
        "years": _("%(age)s years"),
        "gone": _("This person is no longer on your list."),
        "back": _("Back to the list"),
        "locked": _(
            "For the safety of the persons' data the phone was locked after %(minutes)s idle "
            "minutes. Log in again when there is a connection; the records waiting are kept."
        ),
    }


def _label(name: str) -> str:
    return capfirst(str(getattr(CareRecord._meta.get_field(name), "verbose_name", name)))


@login_required
def field(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *scoping.CARE_ROLES)
    areas = [(area, _label(area)) for area in AREAS]
    context = {
        # The online record form's words, from the model's fields.
        "labels": {
            name: _label(name)
            for name in (
                "kind",
                "occurred_on",
                "summary",
                "needs",
                "follow_up_on",
                "parent",
                "minutes",
            )
        },
        "kinds": [(k.value, k.label) for k in FIELD_KINDS],
        "areas": areas,
        "parents": Parent.choices,
        "summary_max": SUMMARY_MAX,
        "max_minutes": MAX_MINUTES,
        "photos_max": FIELD_PHOTOS_MAX,
        "photo_mb": MAX_PHOTO_BYTES // (1024 * 1024),
        "state": {
            "sync": reverse("api:care_field_sync"),
            "records": reverse("api:care_field_records"),
            "login": reverse("accounts:login"),
            "photosMax": FIELD_PHOTOS_MAX,
            "photoBytes": MAX_PHOTO_BYTES,
            "maxMinutes": MAX_MINUTES,
            "kinds": {k.value: str(k.label) for k in CareKind},
            "text": _texts(),
        },
    }
    return offline_page(render(request, "care/field/field.html", context))
