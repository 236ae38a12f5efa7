"""HTTP trouble the replicas make on request: throttling, server errors, slowness.

Each fault is noted with the request it hit, and with how long the client took
to send that same request again, so a test can check the bot waited and retried
the very request that failed.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from sandbox.config import SandboxConfig

RETRY_AFTER_SECONDS = 2
SLOW = 0  # a fault with this status answers normally, only late


@dataclass(frozen=True)
class Fault:
    """The `nth` call of `method path` goes wrong while `hazard` is on."""

    hazard: str
    method: str
    path: str
    nth: int
    status: int


FAULTS = (
    Fault("rate-limit", "GET", "/api/listings", 3, 429),
    Fault("rate-limit", "GET", "/api/analytics/products", 3, 429),
    Fault("rate-limit", "POST", "/api/listings/deactivate", 1, 429),
    Fault("server-errors", "GET", "/api/listings", 4, 500),
    Fault("server-errors", "GET", "/api/analytics/products", 4, 500),
    Fault("slow-responses", "GET", "/api/listings", 1, SLOW),
    Fault("slow-responses", "GET", "/api/analytics/products", 1, SLOW),
)


def _answer(status: int) -> Response:
    if status == 429:
        return JSONResponse(
            {
                "error": "Too many requests. Try again in "
                f"{RETRY_AFTER_SECONDS} seconds."
            },
            status_code=429,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return JSONResponse(
        {"error": f"Something went wrong on our side ({status}). Try again."},
        status_code=status,
    )


def add_trouble(app: FastAPI, config: SandboxConfig) -> None:
    """Make `app` fail or stall as its config's hazards say; log what it did."""
    faults = [fault for fault in FAULTS if config.has(fault.hazard)]
    calls: Counter[tuple[str, str]] = Counter()
    made: list[dict[str, Any]] = []
    waiting: dict[str, dict[str, Any]] = {}

    @app.middleware("http")
    async def make_trouble(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if not faults or path.startswith(("/__sandbox__", "/static")):
            return await call_next(request)
        body = (await request.body()).decode("utf-8", "replace")
        key = f"{request.method} {path}?{request.url.query} {body}".rstrip()
        earlier = waiting.pop(key, None)
        if earlier is not None:
            earlier["retried_after"] = round(time.monotonic() - earlier["at"], 3)
        calls[(request.method, path)] += 1
        number = calls[(request.method, path)]
        for fault in faults:
            if (fault.method, fault.path, fault.nth) != (request.method, path, number):
                continue
            if fault.status == SLOW:
                await asyncio.sleep(config.slow_seconds)
                continue
            record = {
                "hazard": fault.hazard,
                "request": key,
                "status": fault.status,
                "at": time.monotonic(),
                "retried_after": None,
            }
            made.append(record)
            waiting[key] = record
            return _answer(fault.status)
        return await call_next(request)

    @app.get("/__sandbox__/faults")
    def fault_log() -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "at"} for r in made]
