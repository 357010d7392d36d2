"""Findings: recorded by an upload, re-checked when their cause changes, resolved.

The package re-exports its public functions; import them from ``guanai.crosscheck.findings``.
"""

from guanai.crosscheck.findings.services import (
    finding_resolve,
    findings_recheck,
    findings_record,
    recheck_keys,
    recheck_persons,
)

__all__ = [
    "finding_resolve",
    "findings_recheck",
    "findings_record",
    "recheck_keys",
    "recheck_persons",
]
