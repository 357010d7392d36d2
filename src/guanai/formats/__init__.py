"""How pages write dates, per language (``settings.FORMAT_MODULE_PATH``; issue 14, point 7).

Django looks here first and then in its own ``django.conf.locale``: a name not set here
(the English number separators and input formats) keeps Django's value. Chinese counts are
grouped like English ones, 1,972 (``intcomma``), not by Django's 4-digit grouping. The Chinese input
formats put ISO first: a date input is filled with the first one. Templates name a format,
never spell one: ``{{ d|date }}`` (``DATE_FORMAT``), ``{{ d|date:"YEAR_MONTH_FORMAT" }}``,
``{{ dt|date:"DATETIME_FORMAT" }}``, ``{{ d|date:"MONTH_DAY_FORMAT" }}``, and
``{{ dt|moment }}`` (``core/templatetags/dates.py``: ``DATETIME_SECONDS_FORMAT``, to the
second, for audit pages). ISO (``|date:'Y-m-d'``) stays where a machine reads the value:
input values, URLs, ``data-`` attributes, the API and export data cells.
"""
