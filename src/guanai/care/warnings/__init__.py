"""Early warnings (关爱预警): detection, the sentences that explain them, reads and writes.

Issue 4, item 9: no care record for N days, a left-behind child with no parent contact for
60 days, a plan past its end without a review, three low mood ratings in a row, a pairing
ended with no replacement, a high-risk person not contacted this week. Leaders acknowledge
a warning with a note (many at once with one note); a warning whose cause is gone is
resolved by the next detection. Issue 14: a leader gives a warning to a helper or worker as
a task (``assigned_to`` lists a user's tasks, most urgent first); the leader or the assignee
closes it with an outcome.
"""

from guanai.care.warnings.detection import DetectionReport, detect
from guanai.care.warnings.findings import no_care_days
from guanai.care.warnings.selectors import assigned_to
from guanai.care.warnings.texts import explain

__all__ = ["DetectionReport", "assigned_to", "detect", "explain", "no_care_days"]
