"""`python -m bench`: time the bot against the floor and a naive loop; see README."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import floor as floor_module
from bench.floor import floor
from bench.measure import run_bot, shop_facts
from bench.naive import seconds_per_listing
from bot.settings import Mode
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
from tests.conftest import free_port_pair

FLOOR_TARGETS = {Mode.ALL: 1.5, Mode.KEEP_SALES: 2.0}
FLOOR_TARGET_FROM = 10_000
NAIVE_TARGET = 10.0
MEMORY_TARGET_MB = 600.0
FIRST_PAGE_TARGET_S = 3.0

console = Console(width=120)


def sandbox(listings: int, latency_ms: int) -> Sandbox:
    config = SandboxConfig(
        port=free_port_pair(), products=listings, latency_ms=latency_ms
    )
    return Sandbox(config).start()


def missed(row: dict[str, Any]) -> list[str]:
    """Each target this row misses, saying by how much."""
    found = []
    mode = Mode(row["mode"])
    limit = FLOOR_TARGETS[mode]
    ratio = row["wall_s"] / row["floor_s"]
    if row["listings"] >= FLOOR_TARGET_FROM and ratio > limit:
        found.append(
            f"{ratio:.2f}x the floor, target {limit}x: {ratio / limit:.2f}x too slow"
        )
    speedup = row["naive_s"] / row["wall_s"]
    if speedup < NAIVE_TARGET:
        found.append(f"only {speedup:.1f}x faster than naive, target {NAIVE_TARGET}x")
    if row["peak_rss_mb"] >= MEMORY_TARGET_MB:
        over = row["peak_rss_mb"] - MEMORY_TARGET_MB
        found.append(
            f"peak memory {row['peak_rss_mb']:.0f} MB, {over:.0f} MB over the "
            f"{MEMORY_TARGET_MB:.0f} MB target"
        )
    first = row["first_page_s"]
    if first is None or first > FIRST_PAGE_TARGET_S:
        late = "never" if first is None else f"{first - FIRST_PAGE_TARGET_S:.1f} s late"
        found.append(f"first page {late}, target {FIRST_PAGE_TARGET_S} s")
    if row["exit_code"] != 0:
        found.append(f"the run ended with exit code {row['exit_code']}")
    return found


def measure(
    listings: int, modes: list[Mode], latency_ms: int, sample: int, home: Path
) -> list[dict[str, Any]]:
    """One size: the naive loop once, then a bot run per mode, each on a new shop."""
    box = sandbox(listings, latency_ms)
    try:
        per_listing = seconds_per_listing(box, sample)
    finally:
        box.stop()
    rows = []
    for mode in modes:
        box = sandbox(listings, latency_ms)
        try:
            shop = shop_facts(box, mode)
            best = floor(shop, mode, latency_ms / 1000, box.config.job_seconds)
            run = run_bot(box, mode, home / f"{listings}-{mode.value}")
        finally:
            box.stop()
        if run.exit_code != 0:
            console.print(run.output[-3000:])
        row: dict[str, Any] = {
            "listings": listings,
            "mode": mode.value,
            "wall_s": round(run.wall_s, 2),
            "floor_s": round(best.seconds, 2),
            "naive_s": round(per_listing * shop.planned, 1),
            "requests": run.requests,
            "peak_rss_mb": round(run.peak_rss_mb, 1),
            "peak_rss_sum_mb": round(run.peak_rss_sum_mb, 1),
            "first_page_s": None
            if run.first_page_s is None
            else round(run.first_page_s, 2),
            "floor_requests": best.requests,
            "floor_steps": best.steps,
            "naive_scaled_from": sample,
            "deactivated": shop.planned,
            "exit_code": run.exit_code,
        }
        row["missed"] = missed(row)
        rows.append(row)
    return rows


def show(rows: list[dict[str, Any]], latency_ms: int) -> None:
    table = Table(title=f"connector-bot benchmark, {latency_ms} ms a request")
    for column in (
        "listings",
        "mode",
        "wall s",
        "floor s",
        "x floor",
        "naive s*",
        "x faster",
        "requests",
        "floor req",
        "peak MB",
        "first page s",
    ):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for row in rows:
        table.add_row(
            f"{row['listings']:,}",
            row["mode"],
            f"{row['wall_s']:.1f}",
            f"{row['floor_s']:.1f}",
            f"{row['wall_s'] / row['floor_s']:.2f}",
            f"{row['naive_s']:,.0f}",
            f"{row['naive_s'] / row['wall_s']:.0f}",
            str(row["requests"]),
            str(row["floor_requests"]),
            f"{row['peak_rss_mb']:.0f}",
            "-" if row["first_page_s"] is None else f"{row['first_page_s']:.2f}",
        )
    console.print(table)
    sample = rows[0]["naive_scaled_from"] if rows else 0
    console.print(
        f"* naive: timed on the first {sample} listings, scaled linearly to the "
        "listings each mode deactivates."
    )
    console.print(f"Floor: {(floor_module.__doc__ or '').strip()}")
    for row in rows:
        steps = ", ".join(f"{k} {v}" for k, v in row["floor_steps"].items())
        console.print(f"floor of {row['listings']:,} {row['mode']}: {steps}")
    for row in rows:
        for miss in row["missed"]:
            console.print(
                f"[yellow]missed[/] {row['listings']:,} {row['mode']}: {miss}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--listings", default="1000,10000", help="shop sizes")
    parser.add_argument("--modes", default="all,keep-sales")
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--naive-sample", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path("recordings/bench/bench.json"))
    args = parser.parse_args()
    sizes = [int(size) for size in args.listings.split(",")]
    modes = [Mode(mode) for mode in args.modes.split(",")]

    home = args.out.parent / "runs"
    shutil.rmtree(home, ignore_errors=True)
    rows = []
    for size in sizes:
        rows += measure(size, modes, args.latency_ms, args.naive_sample, home)
    args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    show(rows, args.latency_ms)
    console.print(f"Written to {args.out}")


if __name__ == "__main__":
    main()
