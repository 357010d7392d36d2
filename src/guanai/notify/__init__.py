"""Notifications and schedules (issue 22): the in-app inbox, e-mail, SMS and WeChat Work
group robots, daily digests with quiet hours, and the periodic jobs the worker runs.

Apps above register their kinds (``notify.kinds``) and jobs (``notify.jobs``) when they load.
"""
