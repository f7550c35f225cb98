"""Brazilian banking calendar: national holidays, Easter-based dates and business-day lags.

Banks do not settle on weekends, on national holidays, on Carnival Monday and Tuesday,
on Good Friday or on Corpus Christi (FEBRABAN's calendar). Ash Wednesday opens at noon and
counts as a business day. Local (state and city) holidays are out of scope.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

_FIXED: tuple[tuple[int, int], ...] = (
    (1, 1),  # Confraternização Universal
    (4, 21),  # Tiradentes
    (5, 1),  # Dia do Trabalho
    (9, 7),  # Independência
    (10, 12),  # Nossa Senhora Aparecida
    (11, 2),  # Finados
    (11, 15),  # Proclamação da República
    (12, 25),  # Natal
)
_BLACK_CONSCIOUSNESS_SINCE = 2024  # Lei 14.759/2023 made 20 November national


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm of Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def holidays(year: int) -> frozenset[date]:
    """Days without bank settlement in ``year`` (weekends not included)."""
    days = {date(year, month, day) for month, day in _FIXED}
    if year >= _BLACK_CONSCIOUSNESS_SINCE:
        days.add(date(year, 11, 20))
    sunday = easter(year)
    days.add(sunday - timedelta(days=48))  # Carnival Monday
    days.add(sunday - timedelta(days=47))  # Carnival Tuesday
    days.add(sunday - timedelta(days=2))  # Good Friday
    days.add(sunday + timedelta(days=60))  # Corpus Christi
    return frozenset(days)


def is_business_day(day: date) -> bool:
    """Whether banks settle on ``day``."""
    return day.weekday() < 5 and day not in holidays(day.year)


@lru_cache(maxsize=8192)
def next_business_day(day: date) -> date:
    """``day`` itself when it is a business day, else the next one (where a due date
    that falls on a holiday moves to)."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def _business_index_of_year(year: int) -> tuple[int, tuple[int, ...]]:
    """For each day of ``year``: how many business days precede it since a fixed origin.

    Returns the origin count at 1 January and the per-day offsets, so a lag between two
    dates is a subtraction instead of a walk.
    """
    origin = sum(_business_days_in_year(y) for y in range(2000, year)) if year >= 2000 else 0
    counts: list[int] = []
    running = 0
    day = date(year, 1, 1)
    while day.year == year:
        counts.append(running)
        if is_business_day(day):
            running += 1
        day += timedelta(days=1)
    return origin, tuple(counts)


@lru_cache(maxsize=256)
def _business_days_in_year(year: int) -> int:
    day = date(year, 1, 1)
    total = 0
    while day.year == year:
        total += is_business_day(day)
        day += timedelta(days=1)
    return total


@lru_cache(maxsize=8192)
def _business_ordinal(day: date) -> int:
    origin, counts = _business_index_of_year(day.year)
    return origin + counts[day.timetuple().tm_yday - 1]


def business_days_between(start: date, end: date) -> int:
    """Business days from ``start`` to ``end``: how many settlement days elapse.

    The due date is first moved to its next business day, so a bill due on Saturday and
    paid on Monday is on time (0); paid on Tuesday it is 1 day late. Negative when ``end``
    is earlier (paid early).
    """
    start = next_business_day(start)
    return _business_ordinal(end) - _business_ordinal(start)
