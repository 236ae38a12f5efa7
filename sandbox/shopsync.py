"""Replica of TikTok Shop Sync: a connector with other words and other mechanics.

Its Products page scrolls endlessly through a cursor instead of paging, bulk
actions sit in a menu, and its settings form saves only on Save. It shows the
sandbox's one shop (the same product IDs Seller Center sees) in its own words.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel

from sandbox.config import SandboxConfig
from sandbox.store import Store
from sandbox.web import create_app, page, signed_in, unauthenticated

NAME = "shopsync"
TITLE = "TikTok Shop Sync"

# The shop's listing statuses in this app's words.
WORDS = {
    "Active": "Published",
    "Deactivating": "Unpublishing",
    "Inactive": "Unpublished",
    "Failed": "Error",
    "Suspended": "Error",
    "Pending": "Syncing",
    "Reviewing": "Syncing",
}
TABS: dict[str, tuple[str, ...]] = {
    "published": ("Active", "Deactivating"),
    "unpublished": ("Inactive",),
    "error": ("Failed", "Suspended"),
}
SETTING_KEYS = ("auto_link_new_products", "import_orders", "push_tracking_numbers")
BATCH = 20
SLOW_SECONDS = 0.8


class Bulk(BaseModel):
    action: Literal["unpublish"]
    product_ids: list[str]


def in_words(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "status": WORDS[item["status"]]}


def build(config: SandboxConfig, store: Store) -> FastAPI:
    """TikTok Shop Sync, served on the sandbox's base port + 2."""
    app = create_app(NAME, TITLE, config, store)

    @app.middleware("http")
    async def slow_api(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if config.has("shopsync-slow") and request.url.path.startswith("/api/"):
            await asyncio.sleep(SLOW_SECONDS)
        return await call_next(request)

    @app.get("/")
    def home(request: Request) -> Response:
        return RedirectResponse("/products" if signed_in(request) else "/login")

    @app.get("/products")
    def products_page(request: Request) -> Response:
        return page(request, f"Products - {TITLE}", "shopsync", {"view": "products"})

    @app.get("/sync-settings")
    def settings_page(request: Request) -> Response:
        title = f"Sync settings - {TITLE}"
        return page(request, title, "shopsync", {"view": "settings"})

    @app.get("/api/shop")
    def shop(request: Request) -> Any:
        if not signed_in(request):
            return unauthenticated()
        return store.shop()

    @app.get("/api/products")
    def products(request: Request, status: str = "published", after: str = "") -> Any:
        if not signed_in(request):
            return unauthenticated()
        if status not in TABS:
            return JSONResponse({"error": f"no status {status!r}"}, status_code=400)
        items, total = store.listings_after(TABS[status], after, BATCH + 1)
        more = len(items) > BATCH
        items = items[:BATCH]
        return {
            "items": [in_words(item) for item in items],
            "total": total,
            "next": items[-1]["product_id"] if more else None,
            "counts": store.tab_counts(TABS),
        }

    @app.post("/api/products/bulk")
    def bulk(request: Request, body: Bulk) -> Any:
        if not signed_in(request):
            return unauthenticated()
        if not body.product_ids:
            return JSONResponse({"error": "Select products first"}, status_code=400)
        task = store.start_deactivation(body.product_ids, config.job_seconds)
        return {"task": task, "count": len(body.product_ids)}

    @app.get("/api/tasks/{task}")
    def task(request: Request, task: int) -> Any:
        if not signed_in(request):
            return unauthenticated()
        found = store.job(task)
        if found is None:
            return JSONResponse({"error": "no such task"}, status_code=404)
        return {"done": found["state"] != "running", "count": found["total"]}

    @app.get("/api/sync-settings")
    def settings(request: Request) -> Any:
        if not signed_in(request):
            return unauthenticated()
        return store.app_settings(NAME, SETTING_KEYS)

    @app.put("/api/sync-settings")
    def save_settings(request: Request, body: dict[str, bool]) -> Any:
        if not signed_in(request):
            return unauthenticated()
        if set(body) != set(SETTING_KEYS):
            return JSONResponse(
                {"error": "Send every setting of the form"}, status_code=400
            )
        store.set_app_settings(NAME, body)
        return store.app_settings(NAME, SETTING_KEYS)

    @app.get("/__sandbox__/state")
    def state() -> dict[str, Any]:
        listings = [
            {k: item[k] for k in ("product_id", "title", "status", "skus")}
            for item in map(in_words, store.all_listings())
        ]
        return {
            "region": store.shop()["region"],
            "listings": listings,
            "settings": store.app_settings(NAME, SETTING_KEYS),
        }

    return app
