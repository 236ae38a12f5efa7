from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from bot.errors import SettingsError
from bot.sales import read_export
from tests.conftest import DATA


def test_seller_center_export_matches_its_truth() -> None:
    book = read_export(DATA / "product_analytics_us.csv", 90)
    truth = json.loads((DATA / "product_analytics_us.truth.json").read_text())

    assert set(book.products) == set(truth)
    for product_id, expected in truth.items():
        figures = book.products[product_id]
        assert figures.gmv == Decimal(str(expected["gmv"])), product_id
        assert figures.items_sold == expected["items_sold"], product_id
        assert figures.orders == expected["orders"], product_id
        assert figures.has_sales() is expected["has_sales"], product_id


def test_export_with_bom_and_quoted_fields(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        b"\xef\xbb\xbfProduct ID,Product name,GMV,Items sold,Orders\r\n"
        b'1729384756102938475,"Hoodie, Unisex, ""Black"", XL","$1,234.50",12,10\r\n'
        b'1729384756102938476,"Mug\n(2-pack)","$0.00",0,0\r\n'
    )
    book = read_export(path, 90)

    assert list(book.products) == ["1729384756102938475", "1729384756102938476"]
    hoodie = book.products["1729384756102938475"]
    assert hoodie.title == 'Hoodie, Unisex, "Black", XL'
    assert hoodie.gmv == Decimal("1234.50")
    assert book.products["1729384756102938476"].title == "Mug\n(2-pack)"


def test_ids_turned_into_numbers_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Product ID,GMV,Items sold,Orders\n1.72938E+18,$0.00,0,0\n")
    with pytest.raises(SettingsError, match="Export again"):
        read_export(path, 90)


def test_an_export_without_any_sales_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Product ID,Product name\n1729384756102938476,Mug\n")
    with pytest.raises(SettingsError, match="no GMV, Items sold or Orders column"):
        read_export(path, 90)


def test_same_id_twice_with_other_figures_is_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Product ID,GMV,Items sold,Orders\n"
        "1729384756102938475,$0.00,0,0\n"
        "1729384756102938475,$10.00,1,1\n"
    )
    book = read_export(path, 90)
    assert "1729384756102938475" in book.ambiguous


def test_export_in_a_decimal_comma_locale(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Product analytics,2026-09-05 ~ 2026-12-03\n"
        "Product ID,Product name,GMV,Items sold,Orders\n"
        '1729384756102938475,Hoodie,"1.234,50 €",1.646,12\n'
        '1729384756102938476,Mug,"0,00 €",0,0\n'
        '1729384756102938477,Lamp,"12,5K €",3,1\n',
        encoding="utf-8",
    )
    book = read_export(path, 90)

    hoodie = book.products["1729384756102938475"]
    assert hoodie.gmv == Decimal("1234.50")
    assert hoodie.items_sold == 1646
    assert book.products["1729384756102938476"].has_sales() is False
    assert book.products["1729384756102938477"].gmv == Decimal(12500)


def test_export_mixing_decimal_marks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Product ID,GMV,Items sold,Orders\n"
        '1729384756102938475,"$1,234.50",1,1\n'
        '1729384756102938476,"12,50 €",1,1\n'
    )
    with pytest.raises(SettingsError, match="mix decimal points and decimal commas"):
        read_export(path, 90)


def write_xlsx(path: Path, *rows: list[object]) -> None:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


def test_xlsx_export_with_a_title_row_and_numeric_figures(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(
        path,
        ["Product analytics", "2026-09-05 ~ 2026-12-03"],
        ["Product ID", "Product name", "GMV", "Units sold", "Order count"],
        ["1729384756102938475", "Hoodie", 1234.5, 12, 10],
        ["1729384756102938476", "Mug", "$0.00", "0", "0"],
    )
    book = read_export(path, 90)

    assert book.products["1729384756102938475"].gmv == Decimal("1234.5")
    assert book.products["1729384756102938475"].items_sold == 12
    assert book.products["1729384756102938476"].has_sales() is False


@pytest.mark.parametrize("cell", [1.72938475610294e18, 1729384756102938475])
def test_xlsx_ids_stored_as_numbers_are_refused(tmp_path: Path, cell: object) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, ["Product ID", "GMV", "Items sold", "Orders"], [cell, 0, 0, 0])
    with pytest.raises(SettingsError, match="format the Product ID column as Text"):
        read_export(path, 90)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("Product ID,GMV\n")
    with pytest.raises(SettingsError, match=r"not a readable \.xlsx workbook"):
        read_export(path, 90)


def test_rows_without_a_product_id_are_kept_by_seller_sku(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Product ID,Seller SKU,GMV,Items sold,Orders\n"
        ",MUG-BLK,$10.00,1,1\n"
        ",MUG-WHT,$0.00,0,0\n"
        ",MUG-WHT,$5.00,1,1\n"
    )
    book = read_export(path, 90)

    assert book.products == {}
    assert book.skus["MUG-BLK"].gmv == Decimal(10)
    assert "MUG-WHT" in book.ambiguous_skus
