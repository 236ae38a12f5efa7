"""Replica of TikTok Shop Seller Center: Product analytics with a CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from sandbox.config import SandboxConfig
from sandbox.store import WINDOWS, Store, day_range, window_dates
from sandbox.web import create_app, page, signed_in, unauthenticated

TITLE = "TikTok Shop Seller Center"
LIVE_STATUS = {
    "Active": "Active",
    "Deactivating": "Active",
    "Inactive": "Inactive",
    "Suspended": "Inactive",
}
PAGE_SIZES = (10, 20, 50, 100)


def money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def products(
    store: Store,
    first: date,
    last: date,
    status: str,
    offset: int = 0,
    limit: int = -1,
) -> tuple[list[dict[str, Any]], int]:
    """A page of live products with sales in the range, best first; and the total."""
    first_day, last_day = day_range(first, last, date.today())
    statuses = tuple(
        stored
        for stored, live in LIVE_STATUS.items()
        if status in ("all", live.lower())
    )
    found, total = store.product_sales(statuses, first_day, last_day, offset, limit)
    rows = [
        {
            "product_id": row["product_id"],
            "title": row["title"],
            "status": LIVE_STATUS[row["status"]],
            "gmv_cents": row["gmv"],
            "items_sold": row["items"],
            "orders": row["orders"],
            "impressions": int(row["product_id"][-5:]) + 900 * row["items"],
        }
        for row in found
    ]
    return rows, total


def parse_range(
    range_: str, start: str | None, end: str | None
) -> tuple[date, date] | None:
    if range_ == "custom":
        try:
            first, last = date.fromisoformat(start or ""), date.fromisoformat(end or "")
        except ValueError:
            return None
        return (first, last) if first <= last else None
    if range_.isdigit() and f"{range_}d" in WINDOWS:
        return window_dates(int(range_), date.today())
    return None


def export_csv(rows: list[dict[str, Any]], first: date, last: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Product analytics", f"{first} ~ {last}"])
    writer.writerow(
        [
            "Product ID",
            "Product name",
            "Status",
            "GMV",
            "Items sold",
            "Orders",
            "Product impressions",
            "Conversion rate",
        ]
    )
    for row in rows:
        rate = row["orders"] / row["impressions"] if row["impressions"] else 0
        writer.writerow(
            [
                row["product_id"],
                row["title"],
                row["status"],
                money(row["gmv_cents"]),
                f"{row['items_sold']:,}",
                f"{row['orders']:,}",
                f"{row['impressions']:,}",
                f"{rate:.2%}",
            ]
        )
    return "\ufeff" + out.getvalue()


def build(config: SandboxConfig, store: Store) -> FastAPI:
    """Seller Center, served on the sandbox's base port + 1."""
    app = create_app("seller_center", TITLE, config, store)

    @app.get("/")
    def home(request: Request) -> Response:
        if not signed_in(request):
            return RedirectResponse("/login")
        return page(request, f"Home - {TITLE}", "home", {})

    @app.get("/analytics/products")
    def analytics_page(request: Request) -> Response:
        return page(request, f"Product analytics - {TITLE}", "analytics", {})

    @app.get("/api/analytics/products")
    def analytics(
        request: Request,
        range: str = "28",
        start: str | None = None,
        end: str | None = None,
        status: str = "all",
        page: int = 1,
        per_page: int = 20,
    ) -> Any:
        if not signed_in(request):
            return unauthenticated()
        dates = parse_range(range, start, end)
        if dates is None or per_page not in PAGE_SIZES or page < 1:
            return JSONResponse({"error": "bad query"}, status_code=400)
        rows, total = products(store, *dates, status, (page - 1) * per_page, per_page)
        return {
            "items": rows,
            "total": total,
            "start": dates[0].isoformat(),
            "end": dates[1].isoformat(),
        }

    @app.get("/api/analytics/products/export")
    def export(
        request: Request,
        range: str = "28",
        start: str | None = None,
        end: str | None = None,
        status: str = "all",
    ) -> Response:
        if not signed_in(request):
            return unauthenticated()
        dates = parse_range(range, start, end)
        if dates is None:
            return JSONResponse({"error": "bad query"}, status_code=400)
        body = export_csv(products(store, *dates, status)[0], *dates)
        name = f"product_analytics_{dates[0]}_{dates[1]}.csv"
        return Response(
            body.encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/__sandbox__/state")
    def state() -> dict[str, Any]:
        today = date.today()
        windows = {
            key: {
                row["product_id"]: row
                for row in products(store, *window_dates(days, today), "all")[0]
            }
            for key, days in WINDOWS.items()
        }
        return {
            "products": [
                {
                    "product_id": pid,
                    "title": row["title"],
                    "status": row["status"],
                    "sales": {
                        key: {
                            "gmv": rows[pid]["gmv_cents"] / 100,
                            "items_sold": rows[pid]["items_sold"],
                            "orders": rows[pid]["orders"],
                        }
                        for key, rows in windows.items()
                    },
                }
                for pid, row in windows["90d"].items()
            ]
        }

    return app
