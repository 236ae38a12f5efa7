"""The main job end to end: the real command line, real Chromium, a real sandbox."""

from __future__ import annotations

import re
import struct
import zipfile
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.conftest import BotRun, StartSandbox, app_state, bot_env, run_bot

pytestmark = pytest.mark.e2e

ORDER_KEYS = (
    "order_sync",
    "sync_orders_to_shopify",
    "fulfillment_sync",
    "auto_fulfillment_update",
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def statuses(state: dict[str, object]) -> dict[str, str]:
    listings = state["listings"]
    assert isinstance(listings, list)
    return {item["product_id"]: item["status"] for item in listings}


def assert_evidence(run: BotRun) -> None:
    assert run.run_dir is not None, run.output
    shots = sorted((run.run_dir / "screenshots").glob("*.png"))
    names = [shot.name for shot in shots]
    for step in ("survey", "auto-link", "deactivate", "verify"):
        assert any(f"-{step}-before.png" in n for n in names), names
        assert any(f"-{step}-after.png" in n for n in names), names
    for shot in shots:
        data = shot.read_bytes()
        assert data[:8] == PNG_MAGIC, shot
        assert struct.unpack(">II", data[16:24]) == (1280, 800), shot
    with zipfile.ZipFile(run.run_dir / "trace.zip") as trace:
        assert trace.testzip() is None
        assert any(name.endswith(".trace") for name in trace.namelist())
    video = run.run_dir / "video.webm"
    assert video.stat().st_size > 10_000
    assert video.read_bytes()[:4] == b"\x1a\x45\xdf\xa3"  # EBML: a WebM file


def test_mode_all_deactivates_every_active_listing(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=11)
    before = statuses(app_state(box.config.aftership_url))

    run = run_bot(
        ["migrate", "--mode", "all", "--orders", "keep", "--yes"],
        bot_env(box, tmp_path),
    )

    assert run.code == 0, run.output
    state = app_state(box.config.aftership_url)
    after = statuses(state)
    assert "Active" not in after.values()
    for product_id, status in before.items():
        expected = "Inactive" if status == "Active" else status
        assert after[product_id] == expected, product_id
    assert state["settings"]["auto_link"] is False
    assert all(state["settings"][key] is True for key in ORDER_KEYS)

    summary = run.summary
    was_active = sum(status == "Active" for status in before.values())
    assert summary["outcome"] == "verified"
    assert summary["counts_before"]["active"] == was_active
    assert summary["counts_after"]["active"] == 0
    results = Counter(product["result"] for product in summary["products"])
    assert results == {"deactivated": was_active}
    assert_evidence(run)


def test_keep_sales_deactivates_only_listings_without_sales(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=12)
    before = statuses(app_state(box.config.aftership_url))
    sales = {
        product["product_id"]: product["sales"]["90d"]
        for product in app_state(box.config.seller_center_url)["products"]
    }

    run = run_bot(
        ["migrate", "--mode", "keep-sales", "--orders", "keep", "--yes"],
        bot_env(box, tmp_path),
    )

    assert run.code == 0, run.output
    after = statuses(app_state(box.config.aftership_url))
    sold = {
        pid for pid, s in sales.items() if s["items_sold"] or s["orders"] or s["gmv"]
    }
    was_active = {pid for pid, status in before.items() if status == "Active"}
    assert was_active & sold, "the seed must give some Active listings sales"
    assert was_active - sold, "the seed must give some Active listings no sales"
    for product_id in was_active & sold:
        assert after[product_id] == "Active", product_id
    for product_id in was_active - sold:
        assert after[product_id] == "Inactive", product_id
    for product_id in set(before) - was_active:
        assert after[product_id] == before[product_id], product_id

    products = {p["product_id"]: p for p in run.summary["products"]}
    assert set(products) == was_active
    kept = products[min(was_active & sold)]
    assert kept["action"] == "keep"
    assert kept["reason"].startswith("has sales in the last 90 days")
    assert_evidence(run)
    # Survey, sales, switches, auto-link, deactivate, verify: one total throughout.
    assert set(re.findall(r"step (\d+) of (\d+)", run.output)) == {
        (str(n), "6") for n in range(1, 7)
    }, run.output


# Settings loads: one for the plan, where Auto-link is then turned off; a
# reload after each step that turns switches off; one to go there for order
# sync; and one for verify, unless order sync's reload is the page shown.
@pytest.mark.parametrize(
    ("region", "switched_off", "settings_loads"), [("US", True, 4), ("UK", False, 3)]
)
def test_orders_auto_turns_order_sync_off_only_for_us_shops(
    start_sandbox: StartSandbox,
    tmp_path: Path,
    region: str,
    switched_off: bool,
    settings_loads: int,
) -> None:
    box = start_sandbox(seed=13, products=40, region=region)

    run = run_bot(
        ["migrate", "--mode", "all", "--orders", "auto", "--yes"],
        bot_env(box, tmp_path),
    )

    assert run.code == 0, run.output
    settings = app_state(box.config.aftership_url)["settings"]
    assert settings["auto_link"] is False
    for key in ORDER_KEYS:
        assert settings[key] is (not switched_off), key
    switches = {s["key"]: s for s in run.summary["switches"]}
    assert (set(ORDER_KEYS) <= set(switches)) is switched_off
    if switched_off:
        assert all(switches[key]["after"] is False for key in ORDER_KEYS)
        assert "Blocked" in run.summary["notices"][0]
    url = f"{box.config.aftership_url}/__sandbox__/requests"
    counts = httpx.get(url, timeout=30).json()
    loads = [row["count"] for row in counts if row["path"] == "/settings"]
    assert loads == [settings_loads]


def test_rerun_on_migrated_shop_changes_nothing(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=14, products=40)
    env = bot_env(box, tmp_path)
    first = run_bot(["migrate", "--mode", "all", "--orders", "off", "--yes"], env)
    assert first.code == 0, first.output
    state = app_state(box.config.aftership_url)

    second = run_bot(["migrate", "--mode", "all", "--orders", "off", "--yes"], env)

    assert second.code == 0, second.output
    assert "Nothing to change: the shop is already migrated." in second.output
    assert app_state(box.config.aftership_url) == state
    assert {s["result"] for s in second.summary["switches"]} == {"already"}
    assert second.summary["products"] == []
