"""The sandbox's analytics fixtures and the bot's reading of what they show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.decisions import Action, Listing, decide_one
from bot.sales import SalesBook, figures_from_cells, read_export
from bot.settings import Mode
from sandbox.config import HAZARDS, WRONG_SET_HAZARDS, SandboxConfig
from sandbox.seed import gmv_ladder
from sandbox.seller_center import export_csv, tricky_name

MINE = (
    "virtual-analytics",
    "no-export",
    "compact-numbers",
    "tricky-export",
    "async-export",
    "export-new-tab",
    "rate-limit",
    "server-errors",
    "slow-responses",
)
ID = "1729384756102938475"


def test_gmv_ladder_is_the_c8_shop() -> None:
    products = gmv_ladder(7, 120)

    assert len({p.product_id for p in products}) == 120
    assert {p.status for p in products} == {"Active"}
    total = sum(Decimal(s.gmv_cents) / 100 for p in products for s in p.sales)
    assert total == Decimal("74415.00")


def test_every_analytics_hazard_is_registered_and_in_all() -> None:
    assert set(MINE) <= set(HAZARDS)
    assert not set(MINE) & WRONG_SET_HAZARDS
    assert set(MINE) <= SandboxConfig(hazards="all").hazards


def test_export_of_tricky_names_reads_back_exactly(tmp_path: Path) -> None:
    names = [tricky_name("Cozy Mug", str(10**18 + n)) for n in range(3)]
    rows = [
        {
            "product_id": str(10**18 + n),
            "title": name,
            "status": "Active",
            "gmv_cents": 123450 * n,
            "items_sold": 1000 * n,
            "orders": n,
            "impressions": 10,
        }
        for n, name in enumerate(names)
    ]
    path = tmp_path / "export.csv"
    path.write_bytes(export_csv(rows, date(2024, 3, 10), date(2024, 3, 16)).encode())

    book = read_export(path, 7)

    assert {'Cozy Mug, Unisex, "Black", XL', "Cozy Mug\n(2-pack)"} < set(names)
    assert [f.title for f in book.products.values()] == names
    assert book.products[str(10**18 + 2)].gmv == Decimal("2469.00")
    assert book.products[str(10**18 + 2)].items_sold == 2000


@pytest.mark.parametrize(
    ("gmv", "items", "orders", "action", "review"),
    [
        ("$1.2K", "15", "3", Action.KEEP, False),
        ("$0.00", "1.2K", "0", Action.KEEP, False),
        ("\u2014", "\u2014", "\u2014", Action.KEEP, True),
        ("\u2014", "0", "0", Action.KEEP, True),
        ("$0.00", "0", "0", Action.DEACTIVATE, False),
    ],
)
def test_keep_sales_on_compact_or_missing_cells(
    gmv: str, items: str, orders: str, action: Action, review: bool
) -> None:
    book = SalesBook(window_days=90, source="Product analytics table")
    book.add(figures_from_cells(ID, "Cozy Mug", gmv, items, orders))
    listing = Listing(product_id=ID, title="Cozy Mug")

    decision = decide_one(listing, Mode.KEEP_SALES, book)

    assert (decision.action, decision.review) == (action, review)
