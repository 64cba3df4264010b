"""Hijri <-> Gregorian conversion with the arithmetic (tabular) Islamic calendar.

The tabular calendar has 30-year cycles of 354/355-day years: months alternate 30 and 29 days, and the
twelfth month (Dhu al-Hijja) has 30 days in the 11 leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and
29 of each cycle (the "type II" leap-year rule, the one used by most software, e.g. the "Kuwaiti
algorithm"). Day 1 Muharram 1 AH is Friday 16 July 622 (Julian), i.e. 19 July 622 in the proleptic
Gregorian calendar that :class:`datetime.date` uses (the "civil" epoch).

It is a calculation, not an observation: the official calendars (Umm al-Qura in Saudi Arabia, the
moon-sighting calendars elsewhere) can differ from it by a day, occasionally two. For dating news
events that is well within what the text itself tells us.
"""

from __future__ import annotations

from datetime import date

#: Python ordinal of the day before 1 Muharram 1 AH.
_EPOCH = date(622, 7, 19).toordinal() - 1

MONTH_DAYS = (30, 29, 30, 29, 30, 29, 30, 29, 30, 29, 30, 29)


def is_leap(year: int) -> bool:
    """True when the Hijri ``year`` has 355 days (Dhu al-Hijja has 30 days)."""
    return (14 + 11 * year) % 30 < 11


def month_length(year: int, month: int) -> int:
    if month == 12 and is_leap(year):
        return 30
    return MONTH_DAYS[month - 1]


def _days_before_year(year: int) -> int:
    return (year - 1) * 354 + (3 + 11 * year) // 30


def _days_before_month(month: int) -> int:
    return (59 * (month - 1) + 1) // 2  # ceil(29.5 * (month - 1))


def to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of Hijri ``year-month-day``; raises ``ValueError`` for an impossible date."""
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= month_length(year, month):
        raise ValueError(f"not a Hijri date: {year}-{month}-{day}")
    return date.fromordinal(_EPOCH + _days_before_year(year) + _days_before_month(month) + day)


def from_gregorian(d: date) -> tuple[int, int, int]:
    """The Hijri ``(year, month, day)`` of the Gregorian date ``d`` (on or after 19 July 622)."""
    days = d.toordinal() - _EPOCH  # 1 on 1 Muharram 1 AH
    if days < 1:
        raise ValueError("date before the Hijri epoch")
    year = (30 * days + 10646) // 10631
    while _days_before_year(year + 1) < days:
        year += 1
    while _days_before_year(year) >= days:
        year -= 1
    rest = days - _days_before_year(year)
    month = 12
    while month > 1 and _days_before_month(month) >= rest:
        month -= 1
    return year, month, rest - _days_before_month(month)
