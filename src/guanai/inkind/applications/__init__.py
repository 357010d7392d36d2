"""Requests for a service, from the asking to the delivery and the follow-ups, and the stages
of a project (``services``, ``projects``)."""

from guanai.inkind.applications.projects import PHOTOS_PER_STAGE, next_stage, stage_record
from guanai.inkind.applications.services import (
    application_assess,
    application_cancel,
    application_create,
    application_decide,
    application_deliver,
    delivery_clean,
    followup_add,
)

__all__ = [
    "PHOTOS_PER_STAGE",
    "application_assess",
    "application_cancel",
    "application_create",
    "application_decide",
    "application_deliver",
    "delivery_clean",
    "followup_add",
    "next_stage",
    "stage_record",
]
