"""The reports through the API, one router per sub-domain (mirroring ``guanai.reports``):
monthly reports, KPIs and bulletins (``monthly``), KPI targets (``targets``), the annual
assessment (``assessment``) and information reports (``info``)."""
