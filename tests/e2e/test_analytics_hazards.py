"""Product analytics that fights back: a virtualised grid (C8), compact figures
(C10) and no export to fall back on, end to end with the real bot."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sandbox.seller_center import figures_withheld
from tests.conftest import (
    BotRun,
    StartSandbox,
    app_state,
    bot_env_without_video,
    run_bot,
)

pytestmark = pytest.mark.e2e


KEEP_SALES = ["migrate", "--yes", "--mode", "keep-sales", "--orders", "keep"]


def statuses(url: str) -> dict[str, str]:
    return {x["product_id"]: x["status"] for x in app_state(url)["listings"]}


def sales_truth(url: str) -> dict[str, dict[str, Any]]:
    """Each product's title and 90-day sales, as Seller Center holds them."""
    return {
        p["product_id"]: {"title": p["title"], **p["sales"]["90d"]}
        for p in app_state(url)["products"]
    }


def sales_read(run: BotRun) -> dict[str, Any]:
    assert run.run_dir is not None, run.output
    data: dict[str, Any] = json.loads(
        (run.run_dir / "sales" / "sales-read.json").read_text()
    )
    return data


def test_virtual_grid_is_read_to_its_last_row(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(
        products=120, fixture="gmv-ladder", hazards="virtual-analytics,no-export"
    )
    truth = sales_truth(box.config.seller_center_url)

    run = run_bot(KEEP_SALES, bot_env_without_video(box, tmp_path))

    assert run.code == 0, run.output
    read = sales_read(run)
    assert read["source"] == "Product analytics table"
    gmv = {pid: Decimal(f["gmv"]) for pid, f in read["products"].items()}
    assert len(gmv) == 120
    assert sum(gmv.values()) == Decimal("74415.00")
    assert gmv == {pid: Decimal(str(t["gmv"])) for pid, t in truth.items()}
    assert set(statuses(box.config.aftership_url).values()) == {"Active"}
    failed = [e for e in run.summary["events"] if e["kind"] == "failed"]
    assert len(failed) == 1
    assert "Export is switched off" in failed[0]["detail"]


def test_compact_figures_never_deactivate_a_product_without_exact_figures(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=21, products=40, hazards="compact-numbers,no-export")
    before = statuses(box.config.aftership_url)
    truth = sales_truth(box.config.seller_center_url)
    active = {pid for pid, status in before.items() if status == "Active"}
    withheld = {pid for pid in active if figures_withheld(pid)}
    sold = {pid for pid in active if truth[pid]["items_sold"]}
    abbreviated = {pid for pid in sold - withheld if truth[pid]["gmv"] >= 1000}
    assert withheld - sold and abbreviated and active - sold - withheld, "seed"

    run = run_bot(KEEP_SALES, bot_env_without_video(box, tmp_path))

    assert run.code == 0, run.output
    after = statuses(box.config.aftership_url)
    for pid in active:
        expected = "Active" if pid in withheld | sold else "Inactive"
        assert after[pid] == expected, pid
    products = {p["product_id"]: p for p in run.summary["products"]}
    for pid in withheld:
        assert products[pid]["review"] is True, pid
        assert products[pid]["gmv"] is None, pid
    for pid in active - withheld:
        assert Decimal(products[pid]["gmv"]) == Decimal(str(truth[pid]["gmv"])), pid
        assert products[pid]["approx"] is False, pid
