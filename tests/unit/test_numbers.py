from __future__ import annotations

from decimal import Decimal

import pytest

from bot.numbers import UnreadableFigure, parse_count, parse_money


@pytest.mark.parametrize(
    ("text", "value", "approx"),
    [
        ("1.2K", Decimal(1200), True),
        ("$1.2K", Decimal(1200), True),
        ("15.5k", Decimal(15500), True),
        ("20K", Decimal(20000), True),
        ("2.5M", Decimal(2500000), True),
        ("1.05M", Decimal(1050000), True),
        ("$3.4B", Decimal(3400000000), True),
        ("999", Decimal(999), False),
        ("1,082,408", Decimal(1082408), False),
        ("0", Decimal(0), False),
        ("$1,234.50", Decimal("1234.50"), False),
        ("$0.00", Decimal(0), False),
    ],
)
def test_parse_money_reads_display_formats(
    text: str, value: Decimal, approx: bool
) -> None:
    figure = parse_money(text)
    assert figure is not None
    assert figure.value == value
    assert figure.approx is approx


@pytest.mark.parametrize("text", ["-", "--", "\u2014", "", "  "])
def test_dash_or_empty_means_missing_not_zero(text: str) -> None:
    assert parse_money(text) is None
    assert parse_count(text) is None


@pytest.mark.parametrize("text", ["abc", "1,2,3", "$", "12 units", "1.5"])
def test_unreadable_counts_raise(text: str) -> None:
    with pytest.raises(UnreadableFigure):
        parse_count(text)
