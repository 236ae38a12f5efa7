"""Carry out a plan: check it still holds, then change the shop and verify."""

from __future__ import annotations

import time

from loguru import logger

from bot.decisions import Listing
from bot.errors import PageStateError, VerificationFailed
from bot.journal import Journal
from bot.plan import Plan, drift, refuse_on_drift
from bot.run import Run
from bot.sales import SalesBook
from bot.settings import Mode
from bot.summary import Summary, SwitchRecord
from flows.collect_sales import collect_sales
from flows.deactivate_listings import deactivate_listings
from flows.stop_auto_link import stop_auto_link
from flows.stop_order_sync import stop_order_sync
from flows.verify import verify
from pages.connector import ACTIVE, INACTIVE, ORDER_SYNC, ConnectorApp, ListingsScreen
from pages.tiktok import SellerCenterApp


def apply_plan(
    run: Run,
    connector: ConnectorApp,
    seller_center: SellerCenterApp,
    plan: Plan,
    summary: Summary,
    book: SalesBook | None,
    *,
    fresh: bool = False,
) -> None:
    """Refuse if the shop changed; else auto-link off, deactivate, orders off, verify.

    Every change is idempotent against the UI, and the journal tells which
    listings an earlier, interrupted session of this run already deactivated,
    so carrying out a plan again finishes it without repeating a change.

    A `fresh` plan's survey ended moments ago in this session, with no question
    between it and this: the shop has had less time to change since then than
    reading the Active tab again would take, so the survey stands as the check.
    The deactivation still ticks only listings the plan names, as it reads them.
    """
    if fresh:
        still = {decision.product_id for decision in plan.decisions}
        logger.info("check: the plan was read moments ago in this session")
    else:
        still = _check(run, connector, seller_center, plan, book)
    left = sum(d.product_id in still for d in plan.deactivating())

    orders_off = any(switch.key in ORDER_SYNC for switch in plan.switches)
    run.evidence.planned_steps = len(run.evidence.steps) + 2 + (left > 0) + orders_off

    summary.switches += _credit(stop_auto_link(run, connector), run.journal)

    deactivate_listings(
        run, connector, [d for d in plan.decisions if d.product_id in still]
    )

    if orders_off:
        summary.switches += _credit(stop_order_sync(run, connector), run.journal)

    summary.counts_after = verify(
        run, connector, summary.products, summary.switches, plan.counts_before
    )
    _close_unfinished(run.journal, summary)
    if run.problems:
        # The problem is already listed; the run stops on it, not on a copy.
        raise VerificationFailed(run.problems[0])


def _check(
    run: Run,
    connector: ConnectorApp,
    seller_center: SellerCenterApp,
    plan: Plan,
    book: SalesBook | None,
) -> set[str]:
    """Read the Active tab again and refuse if it drifted; the IDs still Active."""
    done = deactivated(run.journal)
    with run.evidence.step(run.page, "check", "checking the shop still matches"):
        connector.open()
        active = _settled(run, connector.listings())
    still = {listing.product_id for listing in active}
    left = sum(d.product_id in still for d in plan.deactivating())
    if plan.mode is Mode.KEEP_SALES and book is None and left:
        book = collect_sales(run, seller_center, plan.sales_window_days)
    refuse_on_drift(drift(plan, active, book, done))
    logger.info(
        "check: the shop matches the plan; {} of {} planned deactivations left",
        left,
        len(plan.deactivating()),
    )
    return still


def deactivated(journal: Journal) -> set[str]:
    """Listings the journal shows a deactivation was started for."""
    return {
        product_id
        for entry in journal.entries
        if entry.action == "deactivate" and entry.phase == "intent"
        for product_id in entry.detail.get("product_ids", ())
    }


def _settled(run: Run, listings: ListingsScreen) -> list[Listing]:
    """The Active tab once no listing is still being deactivated by an earlier job.

    A fresh page does not follow a job another session started, so the tab is
    read again until those rows have left it.
    """
    deadline = time.monotonic() + run.settings.job_timeout_ms / 1000
    active = listings.read_all(ACTIVE)
    busy = [x.product_id for x in active if x.status != ACTIVE]
    if busy:
        logger.info("check: waiting for an earlier job on {} listings", len(busy))
    while busy:
        if time.monotonic() > deadline:
            raise PageStateError(
                f"check: {len(busy)} listings are still being deactivated by an "
                "earlier job; wait for it in the app, then resume"
            )
        active = listings.read_all(ACTIVE)
        busy = [x.product_id for x in active if x.status != ACTIVE]
    return active


def _close_unfinished(journal: Journal, summary: Summary) -> None:
    """Record the verified result of changes an interrupted session began."""
    status = {p.product_id: p.status_after for p in summary.products}
    switched = {s.key: s.after for s in summary.switches}
    for entry in journal.unfinished():
        if entry.action == "deactivate":
            ids = entry.detail.get("product_ids", [])
            took = all(status.get(pid) == INACTIVE for pid in ids)
            detail: dict[str, object] = {"product_ids": ids}
        else:
            took = switched.get(entry.target) is False
            detail = {"after": switched.get(entry.target)}
        record = journal.done if took else journal.failed
        record(entry.action, entry.target, read_back_after_interruption=True, **detail)


def _credit(records: list[SwitchRecord], journal: Journal) -> list[SwitchRecord]:
    """Count a switch this run turned off in an earlier session as changed.

    An earlier session killed after its click but before it wrote the result
    left only the intent; a switch that intent names and that is off now was
    turned off by this run all the same.
    """
    turned_off = {
        entry.target
        for entry in journal.entries
        if entry.action == "switch_off" and entry.phase in ("intent", "done")
    }
    for record in records:
        if record.result == "already" and record.key in turned_off:
            record.before, record.result = True, "changed"
    return records
