from __future__ import annotations

from decimal import Decimal

from bot.decisions import Action, Listing, decide_one
from bot.sales import SalesBook, SalesFigures
from bot.settings import Mode

ID = "1729384756102938475"


def book_with(*figures: SalesFigures) -> SalesBook:
    book = SalesBook(window_days=90, source="test")
    for figure in figures:
        book.add(figure)
    return book


def figures(gmv: str | None, sold: int, orders: int, pid: str = ID) -> SalesFigures:
    money = None if gmv is None else Decimal(gmv)
    return SalesFigures(product_id=pid, gmv=money, items_sold=sold, orders=orders)


def listing() -> Listing:
    return Listing(product_id=ID, title="Ceramic Mug", skus=("CM-1",))


def test_keep_sales_deactivates_listing_with_zero_sales() -> None:
    book = book_with(
        SalesFigures(product_id=ID, gmv=Decimal(0), items_sold=0, orders=0)
    )
    decision = decide_one(listing(), Mode.KEEP_SALES, book)
    assert decision.action is Action.DEACTIVATE
    assert decision.reason == "no sales in the last 90 days"


def test_keep_sales_keeps_listing_with_sales() -> None:
    book = book_with(
        SalesFigures(product_id=ID, gmv=Decimal(5), items_sold=1, orders=1)
    )
    decision = decide_one(listing(), Mode.KEEP_SALES, book)
    assert decision.action is Action.KEEP
    assert not decision.review


def test_keep_sales_keeps_unmatched_listing_for_review() -> None:
    other = "1729384756102938476"
    book = book_with(
        SalesFigures(product_id=other, gmv=Decimal(0), items_sold=0, orders=0)
    )
    decision = decide_one(listing(), Mode.KEEP_SALES, book)
    assert decision.action is Action.KEEP
    assert decision.review


def test_keep_sales_keeps_listing_with_missing_figures_for_review() -> None:
    book = book_with(figures(None, 0, 0))
    decision = decide_one(listing(), Mode.KEEP_SALES, book)
    assert decision.action is Action.KEEP
    assert decision.review


def test_gmv_alone_counts_as_a_sale() -> None:
    book = book_with(
        SalesFigures(product_id=ID, gmv=Decimal("0.01"), items_sold=0, orders=0)
    )
    assert decide_one(listing(), Mode.KEEP_SALES, book).action is Action.KEEP


def test_mode_all_deactivates_without_sales_data() -> None:
    assert decide_one(listing(), Mode.ALL, None).action is Action.DEACTIVATE
