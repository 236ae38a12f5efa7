from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

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


def test_same_id_twice_with_other_figures_is_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Product ID,GMV,Items sold,Orders\n"
        "1729384756102938475,$0.00,0,0\n"
        "1729384756102938475,$10.00,1,1\n"
    )
    book = read_export(path, 90)
    assert "1729384756102938475" in book.ambiguous
