"""Care work (关爱帮扶): pairings, the care log, risk levels, frequency rules, plans and
reviews, term evaluations, progress entries, the pocket-money ledger and early warnings.

Every record hangs on a ``registry.Person``; who may see it is decided by
``accounts.scoping.care_persons_q`` (the roster subtree, or the persons paired to a helper).
Records are never deleted: pairings end, plans close, warnings are acknowledged.
"""

from guanai.care.models.ledger import (
    LedgerDirection,
    LedgerEntry,
    PocketMoneyAccount,
)
from guanai.care.models.pairing import (
    HelperRole,
    Pairing,
)
from guanai.care.models.plans import (
    AssistancePlan,
    Grade,
    PlanDomain,
    PlanProgress,
    PlanReview,
    PlanStatus,
    ProgressEntry,
    ProgressKind,
    TermEvaluation,
)
from guanai.care.models.records import (
    AREAS,
    RATING_MAX,
    RATING_MIN,
    CareKind,
    CareRecord,
    CareRecordPerson,
    CareRecordPhoto,
    Parent,
    RiskAssessment,
    RiskDecision,
    RiskLevel,
)
from guanai.care.models.rules import (
    FrequencyRule,
    Period,
    RuleTarget,
)
from guanai.care.models.warnings import (
    CareWarning,
    WarningKind,
    WarningOutcome,
    WarningStatus,
)

__all__ = [
    "AREAS",
    "RATING_MAX",
    "RATING_MIN",
    "AssistancePlan",
    "CareKind",
    "CareRecord",
    "CareRecordPerson",
    "CareRecordPhoto",
    "CareWarning",
    "FrequencyRule",
    "Grade",
    "HelperRole",
    "LedgerDirection",
    "LedgerEntry",
    "Pairing",
    "Parent",
    "Period",
    "PlanDomain",
    "PlanProgress",
    "PlanReview",
    "PlanStatus",
    "PocketMoneyAccount",
    "ProgressEntry",
    "ProgressKind",
    "RiskAssessment",
    "RiskDecision",
    "RiskLevel",
    "RuleTarget",
    "TermEvaluation",
    "WarningKind",
    "WarningOutcome",
    "WarningStatus",
]
