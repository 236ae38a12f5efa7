"""Replica of TikTok Shop Seller Center: Product analytics with a CSV export."""

from __future__ import annotations

import csv
import io
import itertools
import time
from datetime import date
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from sandbox.config import SandboxConfig
from sandbox.store import WINDOWS, Store, day_range, window_dates
from sandbox.trouble import add_trouble
from sandbox.web import create_app, page, signed_in, unauthenticated

TITLE = "TikTok Shop Seller Center"
LIVE_STATUS = {
    "Active": "Active",
    "Deactivating": "Active",
    "Inactive": "Inactive",
    "Suspended": "Inactive",
}
PAGE_SIZES = (10, 20, 50, 100)


# Names a CSV export must quote: commas, doubled quotes, a line break.
TRICKY_NAMES = ('{}, Unisex, "Black", XL', "{}\n(2-pack)", 'The "{}"')


def money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def tricky_name(title: str, product_id: str) -> str:
    """The product's name as Seller Center holds it under 'tricky-export'."""
    return TRICKY_NAMES[int(product_id) % len(TRICKY_NAMES)].format(title)


def figures_withheld(product_id: str) -> bool:
    """Under 'compact-numbers', whether the table shows no figures for a product."""
    return int(product_id) % 7 == 0


def products(
    store: Store,
    first: date,
    last: date,
    status: str,
    tricky: bool = False,
    offset: int = 0,
    limit: int = -1,
) -> tuple[list[dict[str, Any]], int]:
    """A page of live products with sales in the range, best first; and the total.

    The database pages and sorts, so a shop of 10,000 pages as fast as one of 240.
    """
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
            "title": tricky_name(row["title"], row["product_id"])
            if tricky
            else row["title"],
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
    add_trouble(app, config)
    tricky = config.has("tricky-export")
    exports: dict[int, tuple[float, dict[str, str]]] = {}
    export_ids = itertools.count(1)

    def export_file(
        range_: str, start: str | None, end: str | None, status: str
    ) -> Response:
        dates = parse_range(range_, start, end)
        if dates is None:
            return JSONResponse({"error": "bad query"}, status_code=400)
        body = export_csv(products(store, *dates, status, tricky)[0], *dates)
        name = f"product_analytics_{dates[0]}_{dates[1]}.csv"
        return Response(
            body.encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

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
        offset = (page - 1) * per_page
        items, total = products(store, *dates, status, tricky, offset, per_page)
        if config.has("compact-numbers"):
            items = [
                {**item, "no_data": figures_withheld(item["product_id"])}
                for item in items
            ]
        return {
            "items": items,
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
        if config.has("no-export"):
            return JSONResponse(
                {"error": "Export is not available for this shop"}, status_code=503
            )
        return export_file(range, start, end, status)

    @app.get("/analytics/products/export-tab")
    def export_tab(request: Request) -> Response:
        return page(request, f"Export - {TITLE}", "export-tab", {})

    @app.post("/api/analytics/products/exports")
    def start_export(request: Request) -> Any:
        if not signed_in(request):
            return unauthenticated()
        export_id = next(export_ids)
        due = time.monotonic() + config.export_seconds
        exports[export_id] = (due, dict(request.query_params))
        return {"id": export_id}

    @app.get("/api/analytics/products/exports/{export_id}")
    def export_state(request: Request, export_id: int) -> Any:
        if not signed_in(request):
            return unauthenticated()
        if export_id not in exports:
            return JSONResponse({"error": "no such export"}, status_code=404)
        due, _ = exports[export_id]
        if time.monotonic() < due:
            return {"state": "preparing"}
        url = f"/api/analytics/products/exports/{export_id}/file"
        return {"state": "ready", "url": url}

    @app.get("/api/analytics/products/exports/{export_id}/file")
    def export_ready_file(request: Request, export_id: int) -> Response:
        if not signed_in(request):
            return unauthenticated()
        due, params = exports.get(export_id, (float("inf"), {}))
        if time.monotonic() < due:
            return JSONResponse({"error": "the export is not ready"}, status_code=404)
        return export_file(
            params.get("range", "28"),
            params.get("start"),
            params.get("end"),
            params.get("status", "all"),
        )

    @app.get("/__sandbox__/state")
    def state() -> dict[str, Any]:
        today = date.today()
        windows = {
            key: {
                row["product_id"]: row
                for row in products(store, *window_dates(days, today), "all", tricky)[0]
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
