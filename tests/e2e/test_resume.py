"""A run killed at any point is finished by `resume`, with no change made twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    StartSandbox,
    app_state,
    bot_env,
    run_bot,
    start_bot,
    write_requests,
)

pytestmark = pytest.mark.e2e

SWITCHES = (
    "auto_link",
    "order_sync",
    "sync_orders_to_shopify",
    "fulfillment_sync",
    "auto_fulfillment_update",
)
Ready = Callable[[], bool]


def journal(run_dir: Path) -> list[dict[str, Any]]:
    path = run_dir / "journal.jsonl"
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [json.loads(line) for line in lines if line.endswith("}")]


def has_entry(run_dir: Path, phase: str, action: str, target: str = "") -> bool:
    return any(
        e["phase"] == phase and e["action"] == action and target in str(e["target"])
        for e in journal(run_dir)
    )


def kill_when(bot: subprocess.Popen[str], ready: Ready, what: str) -> None:
    """SIGKILL the bot and its browser as soon as `ready` holds."""
    deadline = time.monotonic() + 120
    while not ready():
        assert bot.poll() is None, f"the bot ended before {what}: {bot.stdout}"
        assert time.monotonic() < deadline, f"never reached {what}"
        time.sleep(0.005)
    os.killpg(bot.pid, signal.SIGKILL)
    bot.wait(30)
    assert bot.stdout is not None
    bot.stdout.close()


def test_killed_three_times_resume_ends_as_an_uninterrupted_run(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=21, products=40, job_seconds=4)
    url = box.config.aftership_url
    before = {x["product_id"]: x["status"] for x in app_state(url)["listings"]}
    env = bot_env(box, tmp_path)
    recordings = tmp_path / "recordings"

    bot = start_bot(["migrate", "--mode", "all", "--orders", "off", "--yes"], env)
    kill_when(
        bot,
        lambda: (
            recordings.exists()
            and any(
                has_entry(d, "done", "switch_off", "auto_link")
                for d in recordings.iterdir()
            )
        ),
        "auto-link off",
    )
    (run_dir,) = recordings.iterdir()
    assert write_requests(url) == {"PATCH /api/settings": 1}, "killed too late"

    bot = start_bot(["resume", run_dir.name], env)
    kill_when(
        bot,
        lambda: any(x["status"] == "Deactivating" for x in app_state(url)["listings"]),
        "the background job",
    )
    assert has_entry(run_dir, "intent", "deactivate")
    assert not has_entry(run_dir, "done", "deactivate")

    bot = start_bot(["resume", run_dir.name], env)
    kill_when(
        bot,
        lambda: has_entry(run_dir, "done", "switch_off", "order_sync"),
        "order sync",
    )
    assert not app_state(url)["settings"]["order_sync"]

    finished = run_bot(["resume", run_dir.name], env)

    assert finished.code == 0, finished.output
    state = app_state(url)
    after = {x["product_id"]: x["status"] for x in state["listings"]}
    for product_id, status in before.items():
        expected = "Inactive" if status == "Active" else status
        assert after[product_id] == expected, product_id
    assert not any(state["settings"][key] for key in SWITCHES)
    assert write_requests(url) == {
        "POST /api/listings/deactivate": 1,
        "PATCH /api/settings": len(SWITCHES),
    }
    entries = journal(run_dir)
    for intent in (e for e in entries if e["phase"] == "intent"):
        results = [
            e
            for e in entries
            if e["seq"] > intent["seq"]
            and (e["action"], e["target"]) == (intent["action"], intent["target"])
        ]
        assert results and results[0]["phase"] == "done", intent
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["outcome"] == "verified"
    assert {p["result"] for p in summary["products"]} == {"deactivated"}
    assert {s["key"]: s["result"] for s in summary["switches"]} == dict.fromkeys(
        SWITCHES, "changed"
    )
