"""Work organisation (工作机制): who is responsible and how the work is checked.

Every plan in the seeds opens with its leading group (领导小组: 组长, 副组长, 成员, the office)
and the duties divided among them, sets out the year's plan (指导思想, 工作目标, 主要措施,
工作要求, a timetable by month), promises practical matters (实事) and ends with how it is
checked: the group's office supervises the units below (督查) and each finding is rectified
to a deadline (整改), targets run over several years (篇八: 集中供养率 40 % within three years)
and the year ends with an assessment. The models live in one module per part and are
re-exported here.
"""

from guanai.governance.models.groups import GroupMember, LeadingGroup, Post
from guanai.governance.models.matters import (
    MatterPhoto,
    MatterStatus,
    MatterUpdate,
    PracticalMatter,
)
from guanai.governance.models.plans import PlanStatus, PlanTask, WorkPlan
from guanai.governance.models.supervision import (
    CheckVerdict,
    Rectification,
    RectificationPhoto,
    RectificationReport,
    RectificationStatus,
    ReportDecision,
    Visit,
    VisitCheck,
)
from guanai.governance.models.targets import (
    Direction,
    Milestone,
    Target,
    TargetEntry,
    ValueKind,
)

__all__ = [
    "CheckVerdict",
    "Direction",
    "GroupMember",
    "LeadingGroup",
    "MatterPhoto",
    "MatterStatus",
    "MatterUpdate",
    "Milestone",
    "PlanStatus",
    "PlanTask",
    "Post",
    "PracticalMatter",
    "Rectification",
    "RectificationPhoto",
    "RectificationReport",
    "RectificationStatus",
    "ReportDecision",
    "Target",
    "TargetEntry",
    "ValueKind",
    "Visit",
    "VisitCheck",
    "WorkPlan",
]
