"""Measuring one bot run: wall time, requests, peak memory, first page ready."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from bench.floor import PAGE_SIZE, Shop
from bot.settings import Mode
from sandbox.server import Sandbox
from tests.conftest import ROOT, app_state, bot_env

# Requests whose answer fills a page with the app's data; the first one answered
# is the moment the first page was ready to work with.
PAGE_DATA = ("/api/listings", "/api/settings", "/api/analytics/products")
SAMPLE_EVERY_S = 0.1


@dataclass(frozen=True)
class BotRun:
    """What one run of `connector-bot migrate` cost."""

    exit_code: int
    wall_s: float
    requests: int
    peak_rss_mb: float
    peak_rss_sum_mb: float
    first_page_s: float | None
    output: str


class MemoryPeak:
    """Samples the memory of a process and all its children, keeping the peaks.

    `peak` counts each resident page once, shared ones split between the
    processes that map them (PSS): Chromium's processes share most of their
    code, so summing their RSS would count it a dozen times. `peak_rss_sum` is
    that plain sum, kept for comparison.
    """

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_rss_sum = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _measure(self) -> tuple[int, int]:
        pss = rss = 0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                memory = process.memory_full_info()
            except psutil.Error:
                continue
            pss += memory.pss
            rss += memory.rss
        return pss, rss

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                pss, rss = self._measure()
            except psutil.Error:
                return
            self.peak = max(self.peak, pss)
            self.peak_rss_sum = max(self.peak_rss_sum, rss)
            self._stop.wait(SAMPLE_EVERY_S)

    def __enter__(self) -> MemoryPeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def shop_facts(box: Sandbox, mode: Mode, window: str = "90d") -> Shop:
    """The shop as the floor needs it, from the sandbox's own state."""
    listings = app_state(box.config.aftership_url)["listings"]
    active = sorted(x["product_id"] for x in listings if x["status"] == "Active")
    planned = set(active)
    if mode is Mode.KEEP_SALES:
        for product in app_state(box.config.seller_center_url)["products"]:
            sales = product["sales"][window]
            if sales["items_sold"] or sales["orders"] or sales["gmv"]:
                planned.discard(product["product_id"])
    chunks = [active[i : i + PAGE_SIZE] for i in range(0, len(active), PAGE_SIZE)]
    return Shop(
        active=len(active),
        planned=len(planned),
        pages_with_planned=sum(bool(planned.intersection(c)) for c in chunks),
        region=box.store.shop()["region"],
    )


def run_bot(box: Sandbox, mode: Mode, home: Path) -> BotRun:
    """Run the real command line against `box`, signed out, as support would."""
    env = bot_env(box, home)
    start = time.time()
    with subprocess.Popen(
        [sys.executable, "-m", "bot", "migrate", "--yes", "--mode", mode.value],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        with MemoryPeak(process.pid) as memory:
            output, _ = process.communicate()
        wall = time.time() - start
    counts = httpx.get(f"{box.config.aftership_url}/__sandbox__/requests").json()
    answered = [
        row["first_answered"]
        for row in counts
        if row["method"] == "GET" and row["path"] in PAGE_DATA and row["first_answered"]
    ]
    return BotRun(
        exit_code=process.returncode,
        wall_s=wall,
        requests=sum(row["count"] for row in counts),
        peak_rss_mb=memory.peak / 2**20,
        peak_rss_sum_mb=memory.peak_rss_sum / 2**20,
        first_page_s=min(answered) - start if answered else None,
        output=output,
    )
