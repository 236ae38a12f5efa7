"""Channel listings that fight back (field cases C1-C7, C15), end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.runner import session_file
from bot.settings import Settings
from sandbox.server import Sandbox
from tests.conftest import BotRun, StartSandbox, app_state, bot_env, run_bot

pytestmark = pytest.mark.e2e

DEACTIVATE_API = "/api/listings/deactivate"
UNTOUCHED = ("Pending", "Reviewing", "Failed", "Suspended")


def env_for(box: Sandbox, home: Path, **extra: str) -> dict[str, str]:
    """A bot run without video or trace: these tests read state, not evidence."""
    return bot_env(
        box, home, CONNECTOR_BOT_VIDEO="false", CONNECTOR_BOT_TRACE="false", **extra
    )


def statuses(box: Sandbox) -> dict[str, str]:
    listings = app_state(box.config.aftership_url)["listings"]
    return {item["product_id"]: item["status"] for item in listings}


def active_ids(statuses: dict[str, str]) -> list[str]:
    return sorted(pid for pid, status in statuses.items() if status == "Active")


def posts(box: Sandbox) -> int:
    """How many deactivation requests reached the connector app."""
    url = f"{box.config.aftership_url}/__sandbox__/requests"
    rows: list[dict[str, Any]] = httpx.get(url, timeout=30).json()
    return sum(
        row["count"]
        for row in rows
        if row["app"] == "aftership"
        and row["method"] == "POST"
        and row["path"] == DEACTIVATE_API
    )


def journal(run: BotRun, phase: str) -> list[dict[str, Any]]:
    assert run.run_dir is not None, run.output
    lines = (run.run_dir / "journal.jsonl").read_text().splitlines()
    entries = [json.loads(line) for line in lines]
    return [e for e in entries if e["phase"] == phase and e["action"] == "deactivate"]


def events(run: BotRun, kind: str) -> list[str]:
    return [e["detail"] for e in run.summary["events"] if e["kind"] == kind]


def sold_in_90_days(box: Sandbox) -> set[str]:
    products = app_state(box.config.seller_center_url)["products"]
    return {
        p["product_id"]
        for p in products
        if any(p["sales"]["90d"][key] for key in ("gmv", "items_sold", "orders"))
    }


def assert_others_untouched(before: dict[str, str], after: dict[str, str]) -> None:
    for product_id, status in before.items():
        if status != "Active":
            assert after[product_id] == status, product_id


def test_first_visit_overlays_and_error_toasts_are_closed_by_name(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    """C1 in a fresh context, C3 toasts, C5 a header box selecting all."""
    hazards = "consent-banner,whats-new-modal,toasts,header-selects-all,fixed-page-size"
    box = start_sandbox(seed=21, products=30, hazards=hazards)
    before = statuses(box)
    was_active = set(active_ids(before))
    env = env_for(box, tmp_path)

    fresh = run_bot(["migrate", "--yes", "--mode", "all", "--orders", "keep"], env)

    assert fresh.code == 0, fresh.output
    after = statuses(box)
    assert {pid for pid in was_active if after[pid] == "Inactive"} == was_active
    assert_others_untouched(before, after)
    closed = events(fresh, "dismissed")
    assert "closed 'Cookie consent'" in closed
    assert 'closed "What\'s new"' in closed
    assert "closed '2 products could not sync inventory from Shopify'" in closed
    # The header box selected the whole tab; for "all" that is the plan.
    assert [e["detail"]["selected"] for e in journal(fresh, "intent")] == [
        len(was_active)
    ]
    assert posts(box) == 1
    assert {p["result"] for p in fresh.summary["products"]} == {"deactivated"}


def test_slow_dialog_and_remounted_rows_select_exactly_the_plan(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    """C2 slow dialog, C4 rows remounted after clicks, C5 header starting mixed."""
    hazards = "slow-dialog,rerender-rows,header-mixed,fixed-page-size"
    box = start_sandbox(seed=22, products=40, hazards=hazards)
    before = statuses(box)
    sold = sold_in_90_days(box)
    was_active = set(active_ids(before))
    unsold = was_active - sold
    assert was_active & sold and unsold

    run = run_bot(
        ["migrate", "--yes", "--mode", "keep-sales", "--orders", "keep"],
        env_for(box, tmp_path),
    )

    assert run.code == 0, run.output
    after = statuses(box)
    assert {pid for pid in was_active if after[pid] == "Inactive"} == unsold
    assert {pid for pid in was_active if after[pid] == "Active"} == was_active & sold
    assert_others_untouched(before, after)
    intents = journal(run, "intent")
    sent = [pid for entry in intents for pid in entry["detail"]["product_ids"]]
    assert sorted(sent) == sorted(unsold)
    assert posts(box) == len(intents)
    assert len(journal(run, "done")) == len(intents)
    assert run.run_dir is not None
    assert "not attached" not in (run.run_dir / "run.log").read_text()


def test_shifting_pages_with_a_page_only_header_leave_nothing_active(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    """C7 pages shift as rows leave, C5 header selecting one page, C6 no banner.

    The merchant answered the consent banner before (C1 with a saved session),
    so it must not show, and nothing waits for it.
    """
    hazards = "shifting-pages,header-selects-page,no-select-all-banner,consent-banner"
    box = start_sandbox(seed=23, products=32, hazards=hazards)
    before = statuses(box)
    was_active = active_ids(before)
    assert len(was_active) == 25
    env = env_for(box, tmp_path)
    url = box.config.aftership_url
    saved = session_file(Settings(sessions_dir=tmp_path / "sessions"), "aftership", url)
    saved.parent.mkdir(parents=True)
    consent = {"name": "consent", "value": "1", "domain": "127.0.0.1", "path": "/"}
    saved.write_text(json.dumps({"cookies": [consent]}))

    run = run_bot(["migrate", "--yes", "--mode", "all", "--orders", "keep"], env)

    assert run.code == 0, run.output
    assert events(run, "dismissed") == []
    after = statuses(box)
    assert "Active" not in after.values()
    assert [pid for pid in was_active if after[pid] == "Inactive"] == was_active
    assert_others_untouched(before, after)
    assert events(run, "skip") == [
        "the app selected 10 of 25 at once; going page by page"
    ]
    done = [
        pid for entry in journal(run, "done") for pid in entry["detail"]["product_ids"]
    ]
    assert sorted(done) == was_active
    assert [len(e["detail"]["product_ids"]) for e in journal(run, "intent")] == [
        10,
        10,
        5,
    ]


def test_header_selecting_the_whole_tab_stops_a_subset_run(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    """C5: a subset goal and a counter that does not match it end the run."""
    box = start_sandbox(
        seed=51, products=30, hazards="header-selects-all,shifting-pages"
    )
    before = statuses(box)
    active = active_ids(before)
    sold = sold_in_90_days(box)
    assert not set(active[:10]) & sold and set(active) & sold

    run = run_bot(
        ["migrate", "--yes", "--mode", "keep-sales", "--orders", "keep"],
        env_for(box, tmp_path),
    )

    assert run.code == 4, run.output
    assert run.summary["problems"][-1] == (
        f"deactivate: the app shows {len(active)} selected where this page's 10 "
        "were meant; stopping before it acts on the wrong set"
    )
    assert posts(box) == 0
    assert statuses(box) == before


def test_bulk_on_one_page_and_rejected_listings_are_reported(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    """C6 (ii) the bulk action hits one page; C15 some listings land in Failed."""
    hazards = "bulk-page-only,partial-failure,fixed-page-size"
    box = start_sandbox(seed=26, products=40, hazards=hazards)
    before = statuses(box)
    was_active = set(active_ids(before))
    rejected = {pid for pid in was_active if pid.endswith("7")}
    assert len(was_active) == 30 and rejected

    run = run_bot(
        ["migrate", "--yes", "--mode", "all", "--orders", "off"], env_for(box, tmp_path)
    )

    assert run.code == 1, run.output
    state = app_state(box.config.aftership_url)
    after = {item["product_id"]: item for item in state["listings"]}
    for pid in was_active:
        wanted = (
            ("Failed", "platform rejected request")
            if pid in rejected
            else (
                "Inactive",
                None,
            )
        )
        assert (after[pid]["status"], after[pid]["reason"]) == wanted, pid
    assert_others_untouched(before, {pid: x["status"] for pid, x in after.items()})
    assert all(value is False for value in state["settings"].values())

    summary = run.summary
    deactivated = len(was_active) - len(rejected)
    assert summary["problems"][0] == (
        f"verify: {deactivated} deactivated, {len(rejected)} failed "
        f"({len(rejected)} landed in Failed: platform rejected request)"
    )
    printed = " ".join(run.output.split())
    assert summary["problems"][0] in printed
    assert "problem needs a look" in printed or "problems need a look" in printed
    assert f"Products: {deactivated} deactivated, {len(rejected)} failed" in printed
    assert events(run, "retry") == [
        "only 20 of 30 selected left the Active tab; 10 still Active, going on "
        "page by page"
    ]
    assert sorted(events(run, "failed")) == sorted(
        f"{pid}: landed in Failed: platform rejected request" for pid in rejected
    )
    results = {p["product_id"]: p["result"] for p in summary["products"]}
    assert {pid for pid, r in results.items() if r == "failed"} == rejected
    assert any("Blocked" in notice for notice in summary["notices"])


@pytest.mark.parametrize(
    ("hazard", "message"),
    [
        (
            "bulk-other-tabs",
            "deactivate: the app changed 36 listings, expected 30 (pending 2 -> 0, "
            "reviewing 1 -> 0, suspended 1 -> 0, failed 2 -> 0; Inactive 4 -> 40); "
            "stopped, check the Inactive tab and restore by hand any listing that "
            "was not Active",
        ),
        (
            "dropped-confirm",
            "AfterShip Feed closed the dialog 'Deactivate 30 listings?' without "
            "sending the deactivation, so nothing was deactivated; deactivate "
            "those listings by hand or run again",
        ),
    ],
)
def test_an_app_that_acts_wrongly_is_reported(
    start_sandbox: StartSandbox, tmp_path: Path, hazard: str, message: str
) -> None:
    """C6 (iii) a bulk action reaching other tabs; C2 a dialog that sends nothing."""
    box = start_sandbox(seed=24, products=40, hazards=f"{hazard},fixed-page-size")
    before = statuses(box)

    run = run_bot(
        ["migrate", "--yes", "--mode", "all", "--orders", "keep"],
        env_for(box, tmp_path, CONNECTOR_BOT_TIMEOUT_MS="6000"),
    )

    assert run.code == 1, run.output
    assert run.summary["problems"][-1] == message
    assert journal(run, "failed")[0]["detail"]["reason"] == message
    assert journal(run, "done") == []
    if hazard == "dropped-confirm":
        assert posts(box) == 0
        assert statuses(box) == before
