"""The fact table: every monthly figure of every org unit's subtree, pre-aggregated.

Dashboards and reports read these rows instead of scanning persons and care records at
request time (issue 6). ``facts.facts_refresh`` rewrites a month's rows from the data.
"""

from __future__ import annotations

from django.db import models

from guanai.orgs.models import OrgUnit


class Fact(models.Model):
    """One figure (``indicator``) of one unit's whole subtree in one month."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField()  # the first day of the month
    # A figure of ``figures.py`` ("talks"), or "persons.<category code>".
    indicator = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "month", "indicator"], name="fact_unit_month_indicator"
            )
        ]
        indexes = [models.Index(fields=["month", "indicator"], name="fact_month_indicator")]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.month:%Y-%m} {self.indicator}={self.value}"
