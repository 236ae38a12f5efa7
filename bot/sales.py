"""Sales per product, read from a Product analytics export or table."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass

from bot.errors import SettingsError
from bot.numbers import (
    Figure,
    UnreadableFigure,
    decimal_mark,
    parse_count,
    parse_money,
)

HEADERS = {
    "product_id": ("product id", "product_id", "productid", "id"),
    "title": ("product name", "product", "name", "title"),
    "status": ("status", "product status"),
    "gmv": ("gmv", "gross merchandise value", "revenue", "sales"),
    "items_sold": ("items sold", "units sold", "units", "items_sold"),
    "orders": ("orders", "order count", "sku orders"),
    "sku": ("seller sku", "sku", "seller_sku"),
}
FIGURES = ("gmv", "items_sold", "orders")
Cell = str | int | float | Decimal | datetime | None
PRODUCT_ID = re.compile(r"^\d{6,25}$")


@dataclass(slots=True, kw_only=True)
class SalesFigures:
    """One product's sales in the window; None where the source gave no figure."""

    product_id: str
    title: str = ""
    sku: str = ""
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
    """Sales by product ID (and by seller SKU for rows without one), and the
    IDs and SKUs a source listed ambiguously."""

    window_days: int
    source: str
    products: dict[str, SalesFigures] = Field(default_factory=dict)
    ambiguous: dict[str, str] = Field(default_factory=dict)
    skus: dict[str, SalesFigures] = Field(default_factory=dict)
    ambiguous_skus: dict[str, str] = Field(default_factory=dict)

    def add(self, figures: SalesFigures) -> None:
        """Record a row; a second, different row for one ID makes it ambiguous."""
        _add(self.products, self.ambiguous, figures.product_id, figures)

    def add_sku(self, figures: SalesFigures) -> None:
        """Record a row that names a seller SKU and no product ID."""
        _add(self.skus, self.ambiguous_skus, figures.sku, figures)


def _add(
    rows: dict[str, SalesFigures],
    ambiguous: dict[str, str],
    key: str,
    figures: SalesFigures,
) -> None:
    earlier = rows.get(key)
    if earlier is not None and earlier != figures:
        ambiguous[key] = "listed twice with different figures"
    rows.setdefault(key, figures)


def _read(parse: Callable[[str], Figure | None], text: str) -> Figure | None:
    try:
        return parse(text)
    except UnreadableFigure:
        return None


def _whole(figure: Figure | None) -> int | None:
    return None if figure is None else int(figure.value)


def figures_from_cells(
    product_id: str,
    title: str,
    gmv: str,
    items: str,
    orders: str,
    *,
    sku: str = "",
    decimal: str = ".",
) -> SalesFigures:
    """Turn displayed cells into figures; unreadable cells become None."""
    money = _read(partial(parse_money, decimal=decimal), gmv)
    sold = _read(partial(parse_count, decimal=decimal), items)
    count = _read(partial(parse_count, decimal=decimal), orders)
    return SalesFigures(
        product_id=product_id,
        title=title,
        sku=sku,
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
    return found if {"product_id", "sku"} & set(found) else None


def _text(value: Cell, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format(Decimal(str(value)), "f").replace(".", decimal)
    return str(value).strip()


def _find_header(rows: list[Sequence[Cell]], source: str) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows):
        columns = _header_map([_text(cell) for cell in row])
        if columns is not None:
            return index, columns
    raise SettingsError(
        f"{source}: no header row with a 'Product ID' or 'Seller SKU' column; is "
        "this a Product analytics export?"
    )


def _decimal_mark(
    rows: list[Sequence[Cell]], columns: dict[str, int], source: str
) -> str:
    texts = [
        row[columns[key]]
        for row in rows
        for key in FIGURES
        if key in columns and columns[key] < len(row)
    ]
    try:
        return decimal_mark(text for text in texts if isinstance(text, str))
    except UnreadableFigure as error:
        raise SettingsError(f"{source}: {error}") from error


def _product_id(value: Cell, line: int, source: str) -> str:
    if value is not None and not isinstance(value, str):
        raise SettingsError(
            f"{source}, line {line}: product ID {value!r} is stored as a number, "
            "so a spreadsheet has rounded it. Export again from Seller Center and "
            "use the file as downloaded, or format the Product ID column as Text "
            "before pasting."
        )
    product_id = _text(value)
    if product_id and not PRODUCT_ID.match(product_id):
        raise SettingsError(
            f"{source}, line {line}: product ID {product_id!r} is not a plain "
            "string of digits; a spreadsheet may have turned it into a number. "
            "Export again from Seller Center and use the file as downloaded."
        )
    return product_id


def read_rows(
    rows: Iterable[Sequence[Cell]], window_days: int, source: str
) -> SalesBook:
    """Read export rows: skip title lines above the header, then one product a row.

    A row is matched by its product ID, or by its seller SKU when it has no ID.
    """
    book = SalesBook(window_days=window_days, source=source)
    table = list(rows)
    header, columns = _find_header(table, source)
    if not set(FIGURES) & set(columns):
        raise SettingsError(
            f"{source}: no GMV, Items sold or Orders column, so no product's sales "
            "can be told; export Product analytics again with its sales columns"
        )
    data = table[header + 1 :]
    decimal = _decimal_mark(data, columns, source)
    for line, row in enumerate(data, start=header + 2):

        def cell(
            key: str, row: Sequence[Cell] = row, columns: dict[str, int] = columns
        ) -> Cell:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else None

        if not any(_text(value) for value in row):
            continue
        product_id = _product_id(cell("product_id"), line, source)
        sku = _text(cell("sku"))
        if not product_id and not sku:
            raise SettingsError(
                f"{source}, line {line}: the row has neither a product ID nor a "
                "seller SKU; fix or remove it"
            )
        figures = figures_from_cells(
            product_id,
            _text(cell("title")),
            *(_text(cell(key), decimal) for key in FIGURES),
            sku=sku,
            decimal=decimal,
        )
        if product_id:
            book.add(figures)
        else:
            book.add_sku(figures)
    return book


def _xlsx_rows(path: Path) -> list[tuple[Cell, ...]]:
    # openpyxl takes a sixth of the bot's start-up to import, and only a
    # workbook given with --sales-file needs it.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [
                tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError) as error:
        raise SettingsError(
            f"cannot read sales export {str(path)!r}: it is not a readable .xlsx "
            f"workbook ({error})"
        ) from error


def read_export(path: Path, window_days: int) -> SalesBook:
    """Read a Seller Center export, CSV or XLSX (BOM, quoting, a title row allowed)."""
    try:
        if path.suffix.lower() == ".xlsx":
            return read_rows(_xlsx_rows(path), window_days, path.name)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return read_rows(csv.reader(handle), window_days, path.name)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SettingsError(
            f"cannot read sales export {str(path)!r}: {error}"
        ) from error
