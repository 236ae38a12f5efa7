from __future__ import annotations

from decimal import Decimal

import pytest

from bot.numbers import UnreadableFigure, decimal_mark, parse_count, parse_money


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


@pytest.mark.parametrize(
    ("cells", "mark"),
    [
        (["$1,234.50", "0"], "."),
        (["1.234,50 €", "0,00 €"], ","),
        (["1,2K"], ","),
        (["15.5k"], "."),
        (["1,234", "1.234", "0"], "."),
    ],
)
def test_decimal_mark_is_read_from_the_figures(cells: list[str], mark: str) -> None:
    assert decimal_mark(cells) == mark


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,50 €", Decimal("1234.50")),
        ("1\u202f234,50", Decimal("1234.50")),
        ("€12,5K", Decimal(12500)),
        ("0,00", Decimal(0)),
    ],
)
def test_parse_money_with_decimal_commas(text: str, value: Decimal) -> None:
    figure = parse_money(text, decimal=",")
    assert figure is not None
    assert figure.value == value
