"""Care institutions through the API: the list for the caller's scope with each one's
checklist counts, the county overview (beds, residents, occupancy, unmet items), one
institution with its profile, checklist and staff, the profile, and the evidence of a
manual item with its scans and photos (``multipart/form-data``, JPEG or PNG, as the
pages take them).

Every operation reads through ``institutions.register`` (scoped: an institution outside the
caller's subtrees is 404; a role that reads no institution is 403) and writes through its
services, which refuse bad input (400), a caller who may not (403) and a stale ``version``
(409), as the pages do.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, UploadedFile
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.institutions.schemas import (
    ChecklistCountsOut,
    ChecklistItemOut,
    EvidenceIn,
    EvidencePhotoOut,
    InstitutionDetailOut,
    InstitutionOut,
    InstitutionOverviewOut,
    InstitutionPage,
    OverviewRowOut,
    OverviewTotalsOut,
    ProfileIn,
    ProfileOut,
    StandardOut,
    UnmetItemOut,
)
from guanai.api.institutions.staff import staff_out
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PlainText,
    UnitRefOut,
)
from guanai.core.errors import ValidationFailed
from guanai.core.photos import photo_response
from guanai.institutions import checklist as checklists
from guanai.institutions import register, roster
from guanai.institutions.checklist import Checklist, Row
from guanai.institutions.models import (
    EvidencePhoto,
    Institution,
    InstitutionCategory,
    InstitutionType,
    ItemCheck,
    ItemStatus,
)
from guanai.orgs.models import OrgUnit

router = Router(tags=["institutions"])


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    register.require_reader(user)
    return user


def _counts(found: Checklist | None) -> ChecklistCountsOut | None:
    if found is None:
        return None
    return ChecklistCountsOut(
        met=found.met,
        not_met=found.not_met,
        not_applicable=found.not_applicable,
        percent=found.percent,
    )


def _out(row: Row) -> InstitutionOut:
    unit, profile = row.unit, row.institution
    parent = unit.parent
    return InstitutionOut(
        id=unit.pk,
        name=unit.name,
        code=unit.code,
        parent=None if parent is None else UnitRefOut(id=parent.pk, name=parent.name),
        profile=None if profile is None else ProfileOut.from_orm(profile),
        checklist=_counts(row.checklist),
    )


@router.get("/institutions", response={200: InstitutionPage, **READ_ERRORS, **AUTH_ERRORS})
def institution_list(request: HttpRequest, paging: Query[Pages.Input]) -> InstitutionPage:
    """List the care institutions in the caller's units, in tree order, each with its
    profile and the counts of its checklist (met, not met, not applicable)."""
    user = _reader(request)
    units = register.institution_units_visible(user).order_by("path")
    size = paging.page_size or Pages().page_size
    start = (paging.page - 1) * size
    page = list(units[start : start + size])
    rows = checklists.rows_of(page, timezone.localdate())
    return InstitutionPage(items=[_out(r) for r in rows], count=units.count())


@router.get(
    "/institutions/overview",
    response={200: InstitutionOverviewOut, **READ_ERRORS, **AUTH_ERRORS},
)
def institution_overview(request: HttpRequest) -> InstitutionOverviewOut:
    """Every institution in the caller's units side by side (the county view): category,
    type, the checklist met and its unmet items, beds, residents present today, occupancy
    and residents by disability type, with the totals."""
    found = register.overview(_reader(request), timezone.localdate())
    rows = []
    for row in found.rows:
        unit, profile, parent = row.unit, row.institution, row.unit.parent
        rows.append(
            OverviewRowOut(
                id=unit.pk,
                name=unit.name,
                parent=None if parent is None else UnitRefOut(id=parent.pk, name=parent.name),
                category=None if profile is None else InstitutionCategory(profile.category),
                type=None if profile is None else InstitutionType(profile.type),
                percent=None if row.checklist is None else row.checklist.percent,
                unmet=[UnmetItemOut(ref=v.ref, text=v.text) for v in row.unmet],
                capacity=row.capacity,
                residents=row.residents,
                occupancy=row.occupancy,
                disability_types=row.types,
            )
        )
    totals = OverviewTotalsOut(
        capacity=found.capacity,
        residents=found.residents,
        occupancy=found.occupancy,
        disability_types=found.types,
        not_met=found.not_met,
    )
    return InstitutionOverviewOut(rows=rows, totals=totals)


def _unit_of(institution: Institution) -> OrgUnit:
    """Return the institution's unit holding the profile as it is now (no query)."""
    unit = institution.org_unit
    unit.institution = institution
    return unit


def _detail(unit: OrgUnit) -> InstitutionDetailOut:
    row = checklists.rows_of([unit], timezone.localdate())[0]
    base = _out(row)
    found = row.checklist
    items = []
    staff = []
    if found is not None and row.institution is not None:
        items = [
            ChecklistItemOut(
                ref=v.ref,
                text=v.text,
                status=ItemStatus(v.status),
                reason=v.reason,
                automatic=v.automatic,
                manual=v.ref in found.manual_refs,
                checked_on=v.checked_on,
            )
            for v in found.verdicts
        ]
        staff = [staff_out(s) for s in roster.roster_of(row.institution)]
    standard = None
    if found is not None:
        s = found.standard
        standard = StandardOut(code=s.code, version=s.version, title=s.title)
    return InstitutionDetailOut(**base.dict(), standard=standard, items=items, staff=staff)


@router.get(
    "/institutions/{institution_id}",
    response={200: InstitutionDetailOut, **READ_ERRORS, **AUTH_ERRORS},
)
def institution_detail(request: HttpRequest, institution_id: Id) -> InstitutionDetailOut:
    """Return an institution: profile, the checklist in the standard's order (each item
    with its status and the reason that decided it), and the staff roster."""
    user = _reader(request)
    return _detail(register.access_institution_unit(user, institution_id))


@router.put(
    "/institutions/{institution_id}/profile",
    response={200: InstitutionDetailOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def profile_save(
    request: HttpRequest, institution_id: Id, payload: ProfileIn
) -> InstitutionDetailOut:
    """Enter the profile (no ``version``), or change it at the ``version`` read."""
    user = _reader(request)
    unit = register.access_institution_unit(user, institution_id)
    data = register.ProfileData(
        **payload.dict(exclude={"version"})
        | {"facilities": [f.value for f in payload.facilities], "type": payload.type or ""}
    )
    saved = register.institution_profile_save(
        acting_user=user, unit=unit, data=data, version=payload.version
    )
    unit.institution = saved
    return _detail(unit)


@router.put(
    "/institutions/{institution_id}/checklist/{ref}",
    response={200: InstitutionDetailOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def evidence_set(
    request: HttpRequest, institution_id: Id, ref: PlainText, payload: EvidenceIn
) -> Status:
    """Record the evidence of a manual item (status, note, the day checked)."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    checklists.item_check_set(
        acting_user=user,
        institution=institution,
        ref=ref,
        status=payload.status,
        note=payload.note,
        checked_on=payload.checked_on,
        version=payload.version,
        today=timezone.localdate(),
    )
    return Status(200, _detail(_unit_of(institution)))


def _item_check(user: User, institution_id: int, ref: str) -> ItemCheck | None:
    """Return the evidence of item ``ref`` of an institution the caller reads, if any."""
    institution = register.access_institution(user, institution_id)
    if not checklists.has_checklist(institution):
        return None
    return checklists.item_check_of(institution, ref)


@router.get(
    "/institutions/{institution_id}/checklist/{ref}/photos",
    response={200: list[EvidencePhotoOut], **READ_ERRORS, **AUTH_ERRORS},
)
def evidence_photo_list(
    request: HttpRequest, institution_id: Id, ref: PlainText
) -> list[EvidencePhoto]:
    """The scans and photos of an item's evidence, in the order they were added."""
    check = _item_check(_reader(request), institution_id, ref)
    if check is None:
        return []
    return list(checklists.evidence_photos(check).select_related("item_check"))


@router.post(
    "/institutions/{institution_id}/checklist/{ref}/photos",
    response={201: list[EvidencePhotoOut], **WRITE_ERRORS, **READ_ERRORS, **AUTH_ERRORS},
)
def evidence_photo_add(
    request: HttpRequest, institution_id: Id, ref: PlainText, photos: File[list[UploadedFile]]
) -> Status:
    """Add JPEG or PNG scans (5 MB each, nine per item) to an item's evidence recorded
    before (``PUT …/checklist/{ref}``); all or none are kept."""
    user = _reader(request)
    check = _item_check(user, institution_id, ref)
    if check is None:
        raise ValidationFailed(
            _("Record the evidence of %(ref)s before adding its photos.") % {"ref": ref},
            field="ref",
        )
    return Status(201, checklists.evidence_photos_add(acting_user=user, check=check, photos=photos))


@router.get(
    "/institution-evidence-photos/{photo_id}",
    response={**READ_ERRORS, **AUTH_ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The scan or photo (JPEG or PNG).",
                "content": {
                    "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                    "image/png": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def evidence_photo_read(request: HttpRequest, photo_id: Id) -> FileResponse:
    """A scan or photo of evidence of an institution the caller reads."""
    return photo_response(
        checklists.access_evidence_photo(_reader(request), photo_id), inline=False
    )


@router.delete(
    "/institution-evidence-photos/{photo_id}",
    response={204: None, **WRITE_ERRORS, **READ_ERRORS, **AUTH_ERRORS},
)
def evidence_photo_remove(request: HttpRequest, photo_id: Id) -> Status:
    """Remove a scan or photo of evidence (those who change the institution)."""
    user = _reader(request)
    photo = checklists.access_evidence_photo(user, photo_id)
    checklists.evidence_photo_remove(acting_user=user, photo=photo)
    return Status(204, None)
