"""Replica of AfterShip Feed for TikTok Shop: channel listings and settings."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from sandbox.config import SandboxConfig
from sandbox.store import SETTING_KEYS, Store
from sandbox.trouble import add_trouble
from sandbox.web import create_app, page, signed_in, unauthenticated

TITLE = "AfterShip Feed"

TABS: dict[str, tuple[str, ...]] = {
    "all": (
        "Active",
        "Deactivating",
        "Pending",
        "Reviewing",
        "Failed",
        "Inactive",
        "Suspended",
    ),
    "active": ("Active", "Deactivating"),
    "pending": ("Pending",),
    "reviewing": ("Reviewing",),
    "failed": ("Failed",),
    "inactive": ("Inactive",),
    "suspended": ("Suspended",),
}
PAGE_SIZES = (10, 20, 50, 100)
REJECTED = "platform rejected request"
OTHER_TABS = ("Pending", "Reviewing", "Failed", "Suspended")


class Deactivation(BaseModel):
    ids: list[str] = Field(default_factory=list)
    all: bool = False
    tab: str = "active"
    q: str = ""
    page: int = Field(default=1, ge=1)
    per_page: int = 20


def tab_counts(store: Store) -> dict[str, int]:
    return store.tab_counts(TABS)


def save_seconds(config: SandboxConfig, fails: bool) -> float:
    """How long a settings save takes under the hazards switched on."""
    if fails and config.has("save-fails-rollback"):
        return 0.8
    if config.has("slow-save") or config.has("save-disabled-while-saving"):
        return 0.6
    return 0


def build(config: SandboxConfig, store: Store) -> FastAPI:
    """The connector app, served on the sandbox's base port."""
    app = create_app(
        "aftership", TITLE, config, store, short_sessions=config.has("session-expiry")
    )
    failed_once: set[str] = set()
    add_trouble(app, config)

    @app.get("/")
    def home(request: Request) -> Response:
        return RedirectResponse("/listings" if signed_in(request) else "/login")

    @app.get("/listings")
    def listings_page(request: Request) -> Response:
        return page(request, f"Channel listings - {TITLE}", "listings", {})

    @app.get("/settings")
    def settings_page(request: Request) -> Response:
        return page(request, f"Settings - {TITLE}", "settings", {})

    @app.get("/api/shop")
    def shop(request: Request) -> Any:
        if not signed_in(request):
            return unauthenticated()
        return store.shop()

    @app.get("/api/listings")
    def listings(
        request: Request,
        tab: str = "active",
        q: str = "",
        page: int = 1,
        per_page: int = 20,
    ) -> Any:
        if not signed_in(request):
            return unauthenticated()
        if tab not in TABS or per_page not in PAGE_SIZES or page < 1:
            return JSONResponse({"error": "bad query"}, status_code=400)
        items, total = store.listings(TABS[tab], q, (page - 1) * per_page, per_page)
        return {
            "items": items,
            "total": total,
            "page": page,
            "per_page": per_page,
            "counts": tab_counts(store),
        }

    @app.post("/api/listings/deactivate")
    def deactivate(request: Request, body: Deactivation) -> Any:
        if not signed_in(request):
            return unauthenticated()
        ids = body.ids
        statuses: tuple[str, ...] = ("Active",)
        if body.all:
            ids = store.matching_ids(TABS.get(body.tab, ()), body.q)
            if config.has("bulk-page-only"):
                first = (body.page - 1) * body.per_page
                ids = ids[first : first + body.per_page]
            if config.has("bulk-other-tabs") and body.tab == "active":
                ids += store.matching_ids(OTHER_TABS, "")[:15]
                statuses += OTHER_TABS
        if not ids:
            return JSONResponse({"error": "nothing selected"}, status_code=400)
        rejected = {}
        if config.has("partial-failure"):
            rejected = {pid: REJECTED for pid in ids if pid.endswith("7")}
        seconds = 0 if config.has("shifting-pages") else config.job_seconds
        job_id = store.start_deactivation(ids, seconds, rejected, statuses)
        return {"job_id": job_id, "accepted": len(ids)}

    @app.get("/api/jobs/{job_id}")
    def job(request: Request, job_id: int) -> Any:
        if not signed_in(request):
            return unauthenticated()
        found = store.job(job_id)
        if found is None:
            return JSONResponse({"error": "no such job"}, status_code=404)
        return found

    @app.get("/api/settings")
    def settings(request: Request) -> Any:
        if not signed_in(request):
            return unauthenticated()
        return store.settings()

    @app.patch("/api/settings")
    async def change_settings(request: Request, body: dict[str, bool]) -> Any:
        if not signed_in(request):
            return unauthenticated()
        unknown = set(body) - set(SETTING_KEYS)
        if unknown:
            return JSONResponse({"error": f"unknown {unknown}"}, status_code=400)
        fails = config.has("save-fails-silently") or (
            config.has("save-fails-rollback") and not set(body) <= failed_once
        )
        await asyncio.sleep(save_seconds(config, fails))
        if fails:
            failed_once.update(body)
            return JSONResponse(
                {"error": "Could not save your settings. Please try again."},
                status_code=500,
            )
        for key, value in body.items():
            store.set_setting(key, value)
        return store.settings()

    @app.get("/__sandbox__/state")
    def state() -> dict[str, Any]:
        listings = [
            {k: item[k] for k in ("product_id", "title", "status", "skus", "reason")}
            for item in store.all_listings()
        ]
        return {
            "region": store.shop()["region"],
            "listings": listings,
            "settings": store.settings(),
            "jobs": [
                {
                    "id": job["id"],
                    "state": job["state"],
                    "product_ids": job["deactivated"]
                    + [failed["id"] for failed in job["failed"]],
                }
                for job in store.jobs()
            ],
        }

    return app
