"""The acknowledgement list (感谢名单) of a volunteer visit or of a charity-day campaign.

Plan 四's report ends with a thank-you list by role; ``thanks.engine`` builds it from the
visit's roles and the donations, and the clerk edits it before printing. One list per
source (a visit or a campaign); its lines are kept as JSON — ``[{"group": "lead",
"text": "王芳"}, …]`` — in the groups' order, each group's lines in the order the clerk
left them. The options it was built with are kept so that "regenerate" builds the same.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.community.models.giving import Campaign
from guanai.community.models.volunteers import VolunteerVisit
from guanai.core.locking import Versioned


class Acknowledgement(Versioned):
    visit = models.OneToOneField(
        VolunteerVisit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acknowledgement",
    )
    campaign = models.OneToOneField(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acknowledgement",
    )
    title = models.CharField(_("title"), max_length=150)
    closing = models.CharField(_("closing sentence"), max_length=300, blank=True)
    lines = models.JSONField(_("lines"), default=list, blank=True)
    show_amounts = models.BooleanField(_("show amounts"), default=False)
    # Donations made before the visit that the clerk ticked to thank too (往期捐赠).
    earlier_donations = models.JSONField(default=list, blank=True)
    generated_at = models.DateTimeField(_("generated"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("acknowledgement list")
        verbose_name_plural = _("acknowledgement lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(visit__isnull=True) ^ Q(campaign__isnull=True),
                name="acknowledgement_of_a_visit_or_a_campaign",
            ),
        ]

    def __str__(self) -> str:
        return self.title
