from __future__ import annotations

from decimal import Decimal

from bot.decisions import Action, Listing, decide, decide_one
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


def sku_book(*rows: tuple[str, str, int]) -> SalesBook:
    book = SalesBook(window_days=90, source="export.csv")
    for sku, gmv, sold in rows:
        book.add_sku(
            SalesFigures(
                product_id="", sku=sku, gmv=Decimal(gmv), items_sold=sold, orders=sold
            )
        )
    return book


def with_skus(*skus: str, pid: str = ID) -> Listing:
    return Listing(product_id=pid, title="Ceramic Mug", skus=skus)


def test_keep_sales_matches_by_exact_sku_when_the_id_is_missing() -> None:
    book = sku_book(("CM-1", "0", 0), ("CM-2", "12.50", 1))

    sold = decide_one(with_skus("CM-1", "CM-2"), Mode.KEEP_SALES, book)
    unsold = decide_one(with_skus("CM-1"), Mode.KEEP_SALES, book)
    other_case = decide_one(with_skus("cm-1"), Mode.KEEP_SALES, book)

    assert sold.action is Action.KEEP
    assert sold.sales is not None and sold.sales.gmv == Decimal("12.50")
    assert unsold.action is Action.DEACTIVATE
    assert other_case.action is Action.KEEP and other_case.review


def test_keep_sales_keeps_a_listing_whose_skus_are_only_partly_known() -> None:
    book = sku_book(("CM-1", "0", 0))
    decision = decide_one(with_skus("CM-1", "CM-2"), Mode.KEEP_SALES, book)
    assert decision.action is Action.KEEP
    assert decision.review
    assert "'CM-2' has no row in export.csv" in decision.reason


def test_keep_sales_keeps_listings_that_share_a_sku() -> None:
    book = sku_book(("CM-1", "0", 0))
    decisions = decide(
        [with_skus("CM-1"), with_skus("CM-1", pid=ID[:-1] + "9")],
        Mode.KEEP_SALES,
        book,
    )
    assert all(d.action is Action.KEEP and d.review for d in decisions)
    assert "belongs to more than one listing" in decisions[0].reason


def test_keep_sales_never_matches_by_title() -> None:
    book = book_with(figures("0", 0, 0, pid="1729000000000000000"))
    book.products["1729000000000000000"].title = "Ceramic Mug"
    decision = decide_one(listing(), Mode.KEEP_SALES, book)
    assert decision.action is Action.KEEP
    assert decision.review
