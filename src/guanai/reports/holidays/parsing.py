"""Reading a year's holiday arrangement pasted as lines, as a clerk copies it from the State
Council's notice (国务院办公厅关于某年部分节假日安排的通知):

    2027-02-06 至 2027-02-12 春节 放假
    2027-02-14 上班
    2027-02-20 春节 调休上班

A line is a date, or two dates joined by 至 / 到 / ~ / —, then the holiday's name (needed
for rest days: a moved deadline names it), then 放假 (休息, 休假) or 上班 (调休上班, 补班).
Dates may be written as clerks write them (2027/2/6, 2027年2月6日, full-width digits).
Blank lines are skipped. Every bad line is reported with its number; the caller stores
nothing unless no line is bad.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.names import name_problem
from guanai.core.text import quoted
from guanai.reports.monthly.workdays import OverrideDay

# A paste is a year's notice, about fifty lines at most; the limits keep a wrong file
# pasted by mistake from being read line by line.
MAX_LINES = 200
MAX_CHARACTERS = 10_000
# The longest holiday is nine days; a range past a month is a mistyped date.
MAX_RANGE_DAYS = 31

REST_WORDS = ("放假", "休息", "休假")
WORK_WORDS = ("调休上班", "上班", "补班")
_KIND = re.compile("(?:" + "|".join(REST_WORDS + WORK_WORDS) + r")$")
_DATE = r"\d{4}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]?|\d{4})"
_HEAD = re.compile(
    rf"(?P<start>{_DATE})\s*(?:(?:至|到|~|—|–)\s*(?P<end>{_DATE}))?\s*(?P<name>.*)", re.ASCII
)
_DATE_IN_NAME = re.compile(_DATE, re.ASCII)


class LinesRefused(ValidationFailed):
    """Some pasted lines are bad: ``problems`` says which and why, one message a line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems), field="text")
        self.problems = problems


@dataclass(frozen=True)
class Limits:
    """What the pasted days must keep: the years that may be entered and the name's length."""

    first_year: int
    last_year: int
    name_length: int


def check_day(day: dt.date, limits: Limits) -> dt.date:
    """Return ``day``, or refuse it outside the years that may be entered."""
    if not limits.first_year <= day.year <= limits.last_year:
        raise ValidationFailed(
            _("%(day)s is not in %(first)s–%(last)s; check the year.")
            % {"day": f"{day:%Y-%m-%d}", "first": limits.first_year, "last": limits.last_year},
            field="day",
        )
    return day


def check_name(name: str, *, rest: bool, limits: Limits) -> str:
    """Return the holiday's name, or refuse it: a rest day needs one, and it must fit."""
    if rest and not name:
        raise ValidationFailed(_("Name the holiday of a rest day, e.g. 春节."), field="name")
    if len(name) > limits.name_length:
        raise ValidationFailed(
            _("Write the holiday's name in at most %(count)s characters.")
            % {"count": limits.name_length},
            field="name",
        )
    if problem := name_problem(name):
        raise ValidationFailed(problem, field="name")
    return name


def _line_days(text: str, limits: Limits) -> list[OverrideDay]:
    """Return the days one line names, or raise ``ValidationFailed`` saying what is wrong."""
    kind = _KIND.search(text)
    if kind is None:
        raise ValidationFailed(
            _("“%(text)s” does not end with 放假 (a rest day) or 上班 (a working day).")
            % {"text": quoted(text)}
        )
    head = _HEAD.fullmatch(text[: kind.start()].strip())
    if head is None:
        raise ValidationFailed(
            _("“%(text)s” does not start with a date; write it as 2027-02-06.")
            % {"text": quoted(text)}
        )
    start = parse_date(head["start"])
    end = parse_date(head["end"]) if head["end"] else start
    name, rest = head["name"].strip(), kind.group() in REST_WORDS
    if _DATE_IN_NAME.search(name):
        raise ValidationFailed(
            _("“%(name)s” holds a date: join the first and last day of a range with 至.")
            % {"name": quoted(name)}
        )
    if end < start:
        raise ValidationFailed(
            _("The range ends (%(end)s) before it starts (%(start)s).")
            % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
        )
    if (end - start).days >= MAX_RANGE_DAYS:
        raise ValidationFailed(
            _("A range of more than %(count)s days is not a holiday; check the dates.")
            % {"count": MAX_RANGE_DAYS}
        )
    check_day(start, limits)
    check_day(end, limits)
    check_name(name, rest=rest, limits=limits)
    days = (end - start).days + 1
    return [OverrideDay(start + dt.timedelta(days=n), rest, name) for n in range(days)]


def parse_arrangement(text: str, limits: Limits) -> list[OverrideDay]:
    """Return the days the pasted ``text`` names, in the order written, or raise
    ``LinesRefused`` naming every bad line."""
    if len(text) > MAX_CHARACTERS:
        raise LinesRefused(
            [_("Paste at most %(count)s characters at once.") % {"count": MAX_CHARACTERS}]
        )
    lines = [
        (number, unicodedata.normalize("NFKC", line).strip())
        for number, line in enumerate(text.splitlines(), start=1)
    ]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise LinesRefused([_("Paste at least one line, e.g. 2027-02-06 至 2027-02-12 春节 放假.")])
    if len(lines) > MAX_LINES:
        raise LinesRefused([_("Paste at most %(count)s lines at once.") % {"count": MAX_LINES}])
    problems: list[str] = []
    days: list[OverrideDay] = []
    first_line: dict[dt.date, int] = {}
    for number, line in lines:
        try:
            found = _line_days(line, limits)
        except ValidationFailed as exc:
            problems.append(_line(number, str(exc.message)))
            continue
        for entry in found:
            if entry.day in first_line:
                problems.append(
                    _line(
                        number,
                        _("%(day)s is already on line %(line)s.")
                        % {"day": f"{entry.day:%Y-%m-%d}", "line": first_line[entry.day]},
                    )
                )
                break
            first_line[entry.day] = number
        else:
            days.extend(found)
    if problems:
        raise LinesRefused(problems)
    return days


def _line(number: int, problem: str) -> str:
    return _("Line %(line)s: %(problem)s") % {"line": number, "problem": problem}
