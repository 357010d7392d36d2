"""The activities API: plans, events (enrolment, attendance, coverage) and birthdays."""
