"""Activities: a unit's activity plans, events with priority enrolment and attendance,
participation coverage, birthdays (solar and lunar), festivals and letters home (篇一、三、七、九).

Sub-domains, each a package in the shape of ``benefits/rolls/``: ``plans``, ``events``,
``birthdays``. Activities sits beside care and benefits (DESIGN §4): it never imports them.
"""
