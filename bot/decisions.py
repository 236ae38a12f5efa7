"""Which Active listings to deactivate, and why: the one place that decides."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from pydantic.dataclasses import dataclass

from bot.sales import SalesBook, SalesFigures
from bot.settings import Mode

Number = TypeVar("Number", int, Decimal)


class Action(StrEnum):
    DEACTIVATE = "deactivate"
    KEEP = "keep"


# A shop's every listing has a Listing, a Decision, sales figures and a
# ProductRecord, so they are slotted dataclasses, not models: as models, with
# an instance dictionary and a set of fields each, those of 10,000 listings
# took 41 MB; as these, 8 MB. Pydantic validates them all the same.
@dataclass(slots=True, kw_only=True)
class Listing:
    """A listing as the connector app shows it."""

    product_id: str
    title: str
    skus: tuple[str, ...] = ()
    status: str = "active"
    status_note: str = ""


@dataclass(slots=True, kw_only=True)
class Decision:
    """What happens to one Active listing, and the reason a merchant can read."""

    product_id: str
    title: str
    skus: tuple[str, ...] = ()
    action: Action
    reason: str
    review: bool = False
    sales: SalesFigures | None = None


def _describe(figures: SalesFigures, days: int) -> str:
    parts = []
    if figures.items_sold:
        parts.append(f"{figures.items_sold} sold")
    if figures.orders:
        parts.append(f"{figures.orders} orders")
    if figures.gmv:
        parts.append(f"GMV ${figures.gmv:,.2f}")
    figures_text = ", ".join(parts) or "sales"
    return f"has sales in the last {days} days ({figures_text})"


def _by_sku(
    listing: Listing, book: SalesBook, shared: frozenset[str]
) -> tuple[SalesFigures | None, str]:
    """The listing's sales summed over its seller SKUs, or why they are unclear."""
    rows = {sku: book.skus.get(sku) for sku in listing.skus}
    if not any(rows.values()):
        return None, ""
    for sku in listing.skus:
        if sku in shared:
            return None, f"SKU {sku!r} belongs to more than one listing"
        if sku in book.ambiguous_skus:
            return None, f"SKU {sku!r} {book.ambiguous_skus[sku]}"
    found = [figures for figures in rows.values() if figures is not None]
    missing = [sku for sku, figures in rows.items() if figures is None]
    total = SalesFigures(
        product_id=listing.product_id,
        title=listing.title,
        sku=", ".join(sku for sku in listing.skus if rows[sku]),
        gmv=_sum([f.gmv for f in found]),
        items_sold=_sum([f.items_sold for f in found]),
        orders=_sum([f.orders for f in found]),
        approx=any(f.approx for f in found),
    )
    if missing and not total.has_sales():
        return None, f"SKU {missing[0]!r} has no row in {book.source}"
    return total, ""


def _sum(values: list[Number | None]) -> Number | None:
    known = [value for value in values if value is not None]
    return sum(known[1:], known[0]) if len(known) == len(values) else None


def decide_one(
    listing: Listing,
    mode: Mode,
    book: SalesBook | None,
    shared: frozenset[str] = frozenset(),
) -> Decision:
    """Decide for one Active listing; unclear sales keep it live for review.

    Sales are matched by product ID, then by exact seller SKU; never by title.
    """
    figures = book.products.get(listing.product_id) if book else None
    unclear = ""
    if (
        figures is None
        and book is not None
        and listing.product_id not in book.ambiguous
    ):
        figures, unclear = _by_sku(listing, book, shared)

    def decision(action: Action, reason: str, review: bool = False) -> Decision:
        return Decision(
            product_id=listing.product_id,
            title=listing.title,
            skus=listing.skus,
            sales=figures,
            action=action,
            reason=reason,
            review=review,
        )

    if mode is Mode.ALL:
        return decision(Action.DEACTIVATE, "full switch: all")
    if book is None:
        raise ValueError("keep-sales needs sales figures")
    days = book.window_days
    if listing.product_id in book.ambiguous:
        unclear = book.ambiguous[listing.product_id]
    if unclear:
        return decision(Action.KEEP, f"sales unclear: {unclear}", review=True)
    if figures is None:
        reason = "no match by product ID or SKU in the sales data; check it by hand"
        return decision(Action.KEEP, reason, review=True)
    has_sales = figures.has_sales()
    if has_sales is None:
        reason = "sales figures missing or unreadable; check it by hand"
        return decision(Action.KEEP, reason, review=True)
    if has_sales:
        return decision(Action.KEEP, _describe(figures, days))
    return decision(Action.DEACTIVATE, f"no sales in the last {days} days")


def decide(
    listings: Iterable[Listing], mode: Mode, book: SalesBook | None
) -> list[Decision]:
    """Decide for every Active listing, in the order given."""
    listings = list(listings)
    owners = Counter(sku for listing in listings for sku in set(listing.skus))
    shared = frozenset(sku for sku, count in owners.items() if count > 1)
    return [decide_one(listing, mode, book, shared) for listing in listings]
