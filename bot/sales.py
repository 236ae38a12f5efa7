"""Sales per product, read from a Product analytics export or table."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, Field

from bot.errors import SettingsError
from bot.numbers import Figure, UnreadableFigure, parse_count, parse_money

HEADERS = {
    "product_id": ("product id", "product_id", "productid", "id"),
    "title": ("product name", "product", "name", "title"),
    "status": ("status", "product status"),
    "gmv": ("gmv", "gross merchandise value", "revenue", "sales"),
    "items_sold": ("items sold", "units sold", "units", "items_sold"),
    "orders": ("orders", "order count", "sku orders"),
}
PRODUCT_ID = re.compile(r"^\d{6,25}$")


class SalesFigures(BaseModel):
    """One product's sales in the window; None where the source gave no figure."""

    product_id: str
    title: str = ""
    gmv: Decimal | None = None
    items_sold: int | None = None
    orders: int | None = None
    approx: bool = False

    def has_sales(self) -> bool | None:
        """True or False when the figures say so; None when they cannot tell."""
        known = [v for v in (self.gmv, self.items_sold, self.orders) if v is not None]
        if any(v > 0 for v in known):
            return True
        if len(known) < 3:
            return None
        return False


class SalesBook(BaseModel):
    """Sales for every product a source listed, and the IDs it listed ambiguously."""

    window_days: int
    source: str
    products: dict[str, SalesFigures] = Field(default_factory=dict)
    ambiguous: dict[str, str] = Field(default_factory=dict)

    def add(self, figures: SalesFigures) -> None:
        """Record a row; a second, different row for one ID makes it ambiguous."""
        earlier = self.products.get(figures.product_id)
        if earlier is not None and earlier != figures:
            self.ambiguous[figures.product_id] = "listed twice with different figures"
        self.products.setdefault(figures.product_id, figures)


def _read(parse: Callable[[str], Figure | None], text: str) -> Figure | None:
    try:
        return parse(text)
    except UnreadableFigure:
        return None


def _whole(figure: Figure | None) -> int | None:
    return None if figure is None else int(figure.value)


def figures_from_cells(
    product_id: str, title: str, gmv: str, items: str, orders: str
) -> SalesFigures:
    """Turn displayed cells into figures; unreadable cells become None."""
    money = _read(parse_money, gmv)
    sold = _read(parse_count, items)
    count = _read(parse_count, orders)
    return SalesFigures(
        product_id=product_id,
        title=title,
        gmv=None if money is None else money.value,
        items_sold=_whole(sold),
        orders=_whole(count),
        approx=any(f is not None and f.approx for f in (money, sold, count)),
    )


def _header_map(row: Sequence[str]) -> dict[str, int] | None:
    cells = [cell.strip().lower() for cell in row]
    found = {}
    for key, aliases in HEADERS.items():
        for index, cell in enumerate(cells):
            if cell in aliases:
                found[key] = index
                break
    return found if "product_id" in found else None


def read_rows(
    rows: Iterable[Sequence[str]], window_days: int, source: str
) -> SalesBook:
    """Read export rows: skip title lines above the header, then one product a row."""
    book = SalesBook(window_days=window_days, source=source)
    columns: dict[str, int] | None = None
    for line, row in enumerate(rows, start=1):
        if columns is None:
            columns = _header_map(row)
            continue
        if not any(cell.strip() for cell in row):
            continue

        def cell(
            key: str, row: Sequence[str] = row, columns: dict[str, int] = columns
        ) -> str:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else ""

        product_id = cell("product_id").strip()
        if not PRODUCT_ID.match(product_id):
            raise SettingsError(
                f"{source}, line {line}: product ID {product_id!r} is not a plain "
                "string of digits; a spreadsheet may have turned it into a number. "
                "Export again from Seller Center and use the file as downloaded."
            )
        book.add(
            figures_from_cells(
                product_id,
                cell("title"),
                cell("gmv"),
                cell("items_sold"),
                cell("orders"),
            )
        )
    if columns is None:
        raise SettingsError(
            f"{source}: no header row with a 'Product ID' column; is this a "
            "Product analytics export?"
        )
    return book


def read_export(path: Path, window_days: int) -> SalesBook:
    """Read a Seller Center CSV export (BOM, quoted fields and a title row allowed)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return read_rows(csv.reader(handle), window_days, path.name)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SettingsError(
            f"cannot read sales export {str(path)!r}: {error}"
        ) from error
