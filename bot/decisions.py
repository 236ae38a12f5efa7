"""Which Active listings to deactivate, and why: the one place that decides."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel

from bot.sales import SalesBook, SalesFigures
from bot.settings import Mode


class Action(StrEnum):
    DEACTIVATE = "deactivate"
    KEEP = "keep"


class Listing(BaseModel):
    """A listing as the connector app shows it."""

    product_id: str
    title: str
    skus: tuple[str, ...] = ()
    status: str = "active"
    status_note: str = ""


class Decision(BaseModel):
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


def decide_one(listing: Listing, mode: Mode, book: SalesBook | None) -> Decision:
    """Decide for one Active listing; unclear sales keep it live for review."""
    figures = book.products.get(listing.product_id) if book else None
    base = {
        "product_id": listing.product_id,
        "title": listing.title,
        "skus": listing.skus,
        "sales": figures,
    }
    if mode is Mode.ALL:
        return Decision(**base, action=Action.DEACTIVATE, reason="full switch: all")
    if book is None:
        raise ValueError("keep-sales needs sales figures")
    days = book.window_days
    if listing.product_id in book.ambiguous:
        reason = f"sales unclear: {book.ambiguous[listing.product_id]}"
        return Decision(**base, action=Action.KEEP, reason=reason, review=True)
    if figures is None:
        reason = "not found in Product analytics; check it by hand"
        return Decision(**base, action=Action.KEEP, reason=reason, review=True)
    has_sales = figures.has_sales()
    if has_sales is None:
        reason = "sales figures missing or unreadable; check it by hand"
        return Decision(**base, action=Action.KEEP, reason=reason, review=True)
    if has_sales:
        return Decision(**base, action=Action.KEEP, reason=_describe(figures, days))
    reason = f"no sales in the last {days} days"
    return Decision(**base, action=Action.DEACTIVATE, reason=reason)


def decide(
    listings: Iterable[Listing], mode: Mode, book: SalesBook | None
) -> list[Decision]:
    """Decide for every Active listing, in the order given."""
    return [decide_one(listing, mode, book) for listing in listings]
