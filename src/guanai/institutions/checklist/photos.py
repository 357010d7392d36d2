"""The scans and photos of a manual item's evidence (issue 17, point 2: evidence is a
note, a file and the day checked).

Those who change the institution (``register.can_edit``) add and remove them; everyone
who reads the institution sees them, and no one else: a photo of an institution outside
the user's subtrees is ``Http404``. JPEG or PNG by their first bytes, 5 MB each, nine at
most per item, stored with a random name by ``core.photos`` and served only through
``access_evidence_photo``; django-auditlog records each one added or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.photos import Upload, checked_photos, store_photos
from guanai.institutions.models import EvidencePhoto, Institution, ItemCheck
from guanai.institutions.register.access import institutions_visible, require_edit

MAX_PHOTOS = 9


def evidence_photos(check: ItemCheck) -> QuerySet[EvidencePhoto]:
    """Return the photos of evidence the caller has already read."""
    return EvidencePhoto.objects.filter(item_check=check).order_by("pk")


def photos_by_ref(institution: Institution) -> dict[str, list[EvidencePhoto]]:
    """Return item ref → the photos of its evidence, for an institution read (one query)."""
    found: dict[str, list[EvidencePhoto]] = {}
    for photo in EvidencePhoto.objects.filter(item_check__institution=institution).select_related(
        "item_check"
    ):
        found.setdefault(photo.item_check.ref, []).append(photo)
    return found


def access_evidence_photo(user: AnyUser, pk: int) -> EvidencePhoto:
    """Return a photo of evidence of an institution the user reads, or raise Http404."""
    photo = (
        EvidencePhoto.objects.filter(
            pk=pk, item_check__institution__in=institutions_visible(user).values("pk")
        )
        .select_related("item_check__institution__org_unit")
        .first()
    )
    if photo is None:
        raise Http404
    return photo


@transaction.atomic
def evidence_photos_add(
    *, acting_user: Actor, check: ItemCheck, photos: Sequence[Upload]
) -> list[EvidencePhoto]:
    """Add scans or photos to an item's evidence; all or none are kept."""
    require_edit(acting_user, check.institution.org_unit)
    if not photos:
        raise ValidationFailed(_("Choose at least one photo."), field="photos")
    # The evidence row is locked so that two uploads at once cannot pass the limit together.
    ItemCheck.objects.select_for_update().filter(pk=check.pk).first()
    held = EvidencePhoto.objects.filter(item_check=check).count()
    checked = checked_photos(
        photos,
        room=MAX_PHOTOS - held,
        too_many=_("At most %(n)s photos per item; it holds %(held)s.")
        % {"n": MAX_PHOTOS, "held": held},
    )
    author = account_of(acting_user)
    return store_photos(
        checked,
        folder="evidence",
        make=lambda: EvidencePhoto(item_check=check, uploaded_by=author),
    )


@transaction.atomic
def evidence_photo_remove(*, acting_user: Actor, photo: EvidencePhoto) -> None:
    """Remove a photo of evidence; its file goes once the removal is committed."""
    require_edit(acting_user, photo.item_check.institution.org_unit)
    transaction.on_commit(partial(photo.file.storage.delete, photo.file.name))
    photo.delete()
