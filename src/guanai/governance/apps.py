from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "guanai.governance"
    label = "governance"
    verbose_name = _("Work organisation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.governance import models as m

        auditlog.register(m.LeadingGroup)
        auditlog.register(m.GroupMember, m2m_fields={"units", "persons"})
        auditlog.register(m.WorkPlan)
        auditlog.register(m.PlanTask, m2m_fields={"owners"})
        auditlog.register(m.PracticalMatter)
        auditlog.register(m.MatterUpdate)
        auditlog.register(m.MatterPhoto)
        auditlog.register(m.Visit)
        auditlog.register(m.VisitCheck)
        auditlog.register(m.Rectification)
        auditlog.register(m.RectificationReport)
        auditlog.register(m.RectificationPhoto)
        auditlog.register(m.Target)
        auditlog.register(m.Milestone)
        auditlog.register(m.TargetEntry)
