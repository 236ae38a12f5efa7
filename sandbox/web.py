"""What both replica apps share: sign-in, page shells, latency and request counts."""

from __future__ import annotations

import asyncio
import html
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from sandbox.config import SandboxConfig
from sandbox.store import Store

STATIC = Path(__file__).parent / "static"


class Credentials(BaseModel):
    username: str
    password: str


def create_app(
    name: str,
    title: str,
    config: SandboxConfig,
    store: Store,
    *,
    short_sessions: bool = False,
) -> FastAPI:
    """A FastAPI app with login, static files, latency and request counting.

    With `short_sessions` a session lasts config.session_expiry_seconds and only
    a full-page load renews it, as apps do whose API calls leave it alone.
    """
    app = FastAPI(title=title, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.config = config
    app.state.store = store
    app.state.name = name
    app.state.session_seconds = (
        config.session_expiry_seconds if short_sessions else config.session_seconds
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def slow_and_count(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        counted = not path.startswith(("/__sandbox__", "/static"))
        if counted:
            store.count_request(name, request.method, path)
            if config.latency_ms:
                await asyncio.sleep(config.latency_ms / 1000)
        response = await call_next(request)
        if counted:
            store.answered(name, request.method, path, time.time())
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_page() -> str:
        data = {"hazards": sorted(config.hazards)}
        return shell(f"Log in - {title}", "login", data, signed_in=False, brand=title)

    @app.post("/api/login")
    def login(body: Credentials) -> Response:
        if (body.username, body.password) != (config.username, config.password):
            return JSONResponse(
                {"error": "Incorrect email or password"}, status_code=401
            )
        sid = store.new_session(name, app.state.session_seconds)
        response = JSONResponse({"ok": True})
        set_session_cookie(response, name, sid, app.state.session_seconds)
        return response

    @app.post("/api/logout")
    def logout() -> Response:
        response = JSONResponse({"ok": True})
        response.delete_cookie(cookie_name(name))
        return response

    @app.get("/__sandbox__/requests")
    def request_counts() -> list[dict[str, Any]]:
        return store.request_counts()

    return app


def cookie_name(app: str) -> str:
    """Each app has its own cookie: both run on one host, and cookies ignore ports."""
    return f"{app}_sid"


def set_session_cookie(response: Response, app: str, sid: str, seconds: float) -> None:
    """Give the browser the session cookie, ending when the session does."""
    response.set_cookie(
        cookie_name(app),
        sid,
        max_age=max(1, round(seconds)),
        httponly=True,
        samesite="lax",
    )


def signed_in(request: Request) -> bool:
    """Tell whether the request carries a live session for its app."""
    store: Store = request.app.state.store
    name = request.app.state.name
    return store.has_session(name, request.cookies.get(cookie_name(name)))


def page(request: Request, title: str, script: str, data: dict[str, Any]) -> Response:
    """A client-rendered page, or a redirect to the login page."""
    if not signed_in(request):
        target = html.escape(request.url.path, quote=True)
        return RedirectResponse(f"/login?next={target}", status_code=302)
    brand = request.app.title
    data = {**data, "hazards": sorted(request.app.state.config.hazards)}
    response = HTMLResponse(shell(title, script, data, signed_in=True, brand=brand))
    name, seconds = request.app.state.name, request.app.state.session_seconds
    sid = request.cookies[cookie_name(name)]
    request.app.state.store.renew_session(sid, seconds)
    set_session_cookie(response, name, sid, seconds)
    return response


def unauthenticated() -> JSONResponse:
    return JSONResponse({"error": "unauthenticated"}, status_code=401)


def shell(
    title: str, script: str, data: dict[str, Any], *, signed_in: bool, brand: str
) -> str:
    """The HTML every page starts from; the script renders the rest."""
    payload = html.escape(json.dumps(data), quote=True)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="/static/sandbox.css">
</head>
<body data-app="{html.escape(brand)}" data-page="{payload}"
      data-signed-in="{str(signed_in).lower()}">
<div id="root"></div>
<script src="/static/common.js"></script>
<script src="/static/{script}.js"></script>
</body>
</html>"""
