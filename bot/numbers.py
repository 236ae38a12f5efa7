"""Reading money and counts as the apps display them: "$1,234.50", "1.2K", "—"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MISSING = {"", "-", "--", "\u2014", "\u2013", "n/a", "N/A"}
SUFFIXES = {"k": 3, "m": 6, "b": 9}
PATTERN = re.compile(
    r"^(?P<sign>-)?(?P<currency>[$€£])?(?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)"
    r"(?P<suffix>[kKmMbB])?(?P<trailing>[$€£])?$"
)
# A decimal part of one or two digits ends the number: "1.5K", "12,50 €".
DOT_DECIMAL = re.compile(r"\d\.\d{1,2}[kKmMbB]?\D*$|\d,\d{3}\.\d")
COMMA_DECIMAL = re.compile(r"\d,\d{1,2}[kKmMbB]?\D*$|\d\.\d{3},\d")
SWAP_MARKS = str.maketrans(",.", ".,")


@dataclass(frozen=True)
class Figure:
    """A parsed display value; `approx` is true for abbreviated figures like 1.2K."""

    value: Decimal
    approx: bool = False


class UnreadableFigure(ValueError):
    """A cell held text that is neither a number nor a sign for 'none'."""


def decimal_mark(cells: Iterable[str]) -> str:
    """The decimal mark a set of cells is written with: "." or ","."""
    dot = comma = False
    for cell in cells:
        dot = dot or DOT_DECIMAL.search(cell) is not None
        comma = comma or COMMA_DECIMAL.search(cell) is not None
    if dot and comma:
        raise UnreadableFigure(
            "the figures mix decimal points and decimal commas; export again "
            "with one language setting"
        )
    return "," if comma else "."


def parse_figure(text: str, decimal: str = ".") -> Figure | None:
    """Parse a displayed number; None means the cell says 'no data', not zero."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if cleaned in MISSING:
        return None
    if decimal == ",":
        cleaned = cleaned.translate(SWAP_MARKS)
    match = PATTERN.match(cleaned)
    if match is None:
        raise UnreadableFigure(f"cannot read {text!r} as a number")
    digits = match["number"].replace(",", "")
    if not re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?|\d+(\.\d+)?|\.\d+", match["number"]):
        raise UnreadableFigure(
            f"cannot read {text!r}: its thousands separators are off"
        )
    try:
        value = Decimal(digits)
    except InvalidOperation as error:
        raise UnreadableFigure(f"cannot read {text!r} as a number") from error
    suffix = match["suffix"]
    if suffix:
        value = value.scaleb(SUFFIXES[suffix.lower()])
    if match["sign"]:
        value = -value
    if match["currency"] and match["trailing"]:
        raise UnreadableFigure(f"cannot read {text!r}: it has two currency signs")
    return Figure(value, approx=suffix is not None)


def parse_money(text: str, decimal: str = ".") -> Figure | None:
    """Parse a money cell such as "$1,234.50", "$1.2K" or, with ",", "1.234,50 €"."""
    return parse_figure(text, decimal)


def parse_count(text: str, decimal: str = ".") -> Figure | None:
    """Parse a count cell such as "1,646" or "15.5k"; counts are whole numbers."""
    figure = parse_figure(text, decimal)
    if (
        figure is not None
        and not figure.approx
        and figure.value != figure.value.to_integral()
    ):
        raise UnreadableFigure(f"cannot read {text!r} as a count: it has a fraction")
    return figure
