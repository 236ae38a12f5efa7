"""Throttled, failing and slow apps (C14): the bot waits, retries the very same
request, and ends in the state a run without trouble reaches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import StartSandbox, app_state, bot_env_without_video, run_bot

pytestmark = pytest.mark.e2e


def faults(url: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = httpx.get(
        f"{url}/__sandbox__/faults", timeout=30
    ).json()
    return found


def test_throttled_failing_and_slow_loads_reach_the_planned_state(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    hazards = "rate-limit,server-errors,slow-responses,virtual-analytics,no-export"
    box = start_sandbox(seed=23, products=40, hazards=hazards, slow_seconds=8)
    before = {
        x["product_id"]: x["status"]
        for x in app_state(box.config.aftership_url)["listings"]
    }
    sold = {
        p["product_id"]
        for p in app_state(box.config.seller_center_url)["products"]
        if p["sales"]["90d"]["items_sold"]
    }
    active = {pid for pid, status in before.items() if status == "Active"}
    assert active & sold and active - sold, "the seed must give both kinds"

    run = run_bot(
        ["migrate", "--yes", "--mode", "keep-sales", "--orders", "keep"],
        bot_env_without_video(box, tmp_path),
    )

    assert run.code == 0, run.output
    after = {
        x["product_id"]: x["status"]
        for x in app_state(box.config.aftership_url)["listings"]
    }
    for pid, status in before.items():
        expected = "Inactive" if pid in active - sold else status
        assert after[pid] == expected, pid

    made = faults(box.config.aftership_url) + faults(box.config.seller_center_url)
    assert sorted(
        (f["hazard"], f["status"], f["request"].split("?")[0]) for f in made
    ) == [
        ("rate-limit", 429, "GET /api/analytics/products"),
        ("rate-limit", 429, "GET /api/listings"),
        ("rate-limit", 429, "POST /api/listings/deactivate"),
        ("server-errors", 500, "GET /api/analytics/products"),
        ("server-errors", 500, "GET /api/listings"),
    ]
    for fault in made:
        assert fault["retried_after"] is not None, fault
        if fault["status"] == 429:
            assert fault["retried_after"] >= 2.0, fault
    deactivate = next(f for f in made if f["request"].startswith("POST"))
    assert all(pid in deactivate["request"] for pid in active - sold)

    retries = [e for e in run.summary["events"] if e["kind"] == "retry"]
    assert len(retries) == len(made)
    assert run.run_dir is not None
    log = (run.run_dir / "run.log").read_text()
    for retry in retries:
        assert log.count(retry["detail"]) == 1, retry
