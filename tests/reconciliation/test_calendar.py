"""Brazilian banking calendar: Easter-based holidays and business-day lags."""

from __future__ import annotations

from datetime import date

import pytest

from backend.reconciliation.bank_calendar import (
    business_days_between,
    easter,
    holidays,
    is_business_day,
    next_business_day,
)


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year: int, sunday: date) -> None:
    assert easter(year) == sunday


def test_movable_holidays_of_2026() -> None:
    days = holidays(2026)
    assert {date(2026, 2, 16), date(2026, 2, 17)} <= days  # Carnival
    assert date(2026, 4, 3) in days  # Good Friday
    assert date(2026, 6, 4) in days  # Corpus Christi
    assert date(2026, 2, 18) not in days  # Ash Wednesday: banks open at noon


def test_black_consciousness_day_is_national_from_2024() -> None:
    assert date(2023, 11, 20) not in holidays(2023)
    assert date(2024, 11, 20) in holidays(2024)


def test_fixed_holidays_and_weekends() -> None:
    assert not is_business_day(date(2026, 4, 21))  # Tiradentes
    assert not is_business_day(date(2026, 3, 14))  # Saturday
    assert is_business_day(date(2026, 3, 16))
    assert next_business_day(date(2026, 2, 14)) == date(2026, 2, 18)


@pytest.mark.parametrize(
    ("due", "paid", "lag"),
    [
        (date(2026, 3, 10), date(2026, 3, 10), 0),
        (date(2026, 3, 10), date(2026, 3, 13), 3),
        (date(2026, 3, 13), date(2026, 3, 16), 1),  # Friday to Monday
        (date(2026, 3, 14), date(2026, 3, 16), 0),  # due on Saturday, paid Monday
        (date(2026, 2, 14), date(2026, 2, 18), 0),  # due Saturday before Carnival
        (date(2026, 2, 14), date(2026, 2, 19), 1),
        (date(2026, 3, 10), date(2026, 3, 6), -2),  # early
        (date(2025, 12, 30), date(2026, 1, 5), 3),  # across the year and 1 January
        (date(2026, 4, 2), date(2026, 4, 6), 1),  # over Good Friday
    ],
)
def test_business_day_lag(due: date, paid: date, lag: int) -> None:
    assert business_days_between(due, paid) == lag
