"""Leading groups (领导小组) and their members with posts and duties (分工)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


class Post(models.TextChoices):
    """A member's post, in the order the plans print them."""

    LEADER = "leader", pgettext_lazy("group post", "Group leader")
    DEPUTY = "deputy", pgettext_lazy("group post", "Deputy leader")
    MEMBER = "member", pgettext_lazy("group post", "Member")
    OFFICE_DIRECTOR = "office_director", pgettext_lazy("group post", "Office director")
    LIAISON = "liaison", pgettext_lazy("group post", "Liaison")


class LeadingGroup(Versioned):
    """A unit's leading group, e.g. 爱心帮扶工作领导小组, with its office (办公室)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("leading group", "name"), max_length=100)
    # Where the group's office sits and what it does (e.g. 办公室设在乡民政办，负责日常工作).
    office = models.CharField(_("office"), max_length=200, blank=True)
    remit = models.TextField(_("remit"), max_length=2000, blank=True)
    established_on = models.DateField(_("established on"))
    # A group dissolved keeps its members and their history; a unit has one group in force
    # of a name at a time.
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leading group")
        verbose_name_plural = _("leading groups")
        ordering = ["org_unit__path", "-established_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "name"],
                condition=Q(dissolved_on__isnull=True),
                name="governance_group_name_in_force",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("established_on")),
                name="governance_group_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(Versioned):
    """One member of a group in one post for a span of dates.

    A member is a user of Guanai or a person named only (a school head without an
    account). A change of post or a member leaving ends the row (``end_on``) and a new row
    begins, so the group's history is the rows themselves; a change of duties is kept by
    the audit trail.
    """

    group = models.ForeignKey(LeadingGroup, on_delete=models.CASCADE, related_name="members")
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name printed; for a user, their full name when they joined.
    name = models.CharField(_("name"), max_length=60)
    # Their own office, e.g. 乡党委书记 or 学校校长.
    title = models.CharField(_("position held"), max_length=60, blank=True)
    duties = models.TextField(_("duties"), max_length=1000, blank=True)
    units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("units responsible for")
    )
    persons = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("persons responsible for")
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "position", "start_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="governance_member_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.name}"
