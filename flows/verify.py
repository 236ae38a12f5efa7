"""Read both apps again and check the shop is in the planned state."""

from __future__ import annotations

from collections import Counter

from loguru import logger

from bot.decisions import Action
from bot.run import Run
from bot.summary import ProductRecord, SwitchRecord
from flows.relogin import resumes_after_login
from pages.connector import ACTIVE, INACTIVE, ConnectorApp

OTHER_STATUSES = ("pending", "reviewing", "suspended")


@resumes_after_login
def verify(
    run: Run,
    connector: ConnectorApp,
    products: list[ProductRecord],
    switches: list[SwitchRecord],
    counts_before: dict[str, int],
) -> dict[str, int]:
    """Re-read switches and listings; fill in each result; return the counts after."""
    with run.evidence.step(run.page, "verify", "reading the end state back"):
        # The switches first: the step before may have left them on screen,
        # just reloaded, to be read without a load; the listings get a load
        # of their own either way.
        now = connector.settings().switches()
        for switch in switches:
            switch.after = now.get(switch.key)
            if switch.after != switch.wanted:
                switch.result = "failed"
                run.problem(
                    f"verify: {switch.key} is {'on' if switch.after else 'off'}"
                )

        listings = connector.listings()
        counts = listings.counts()
        active: set[str] = set()
        if counts[ACTIVE]:
            with run.progress.track("reading the Active tab") as hook:
                active = {x.product_id for x in listings.read_all(ACTIVE, hook)}
        status_of = {pid: ACTIVE for pid in active}
        notes: dict[str, str] = {}
        left = [p.product_id for p in products if p.product_id not in active]
        if _counts_prove_inactive(counts_before, counts, len(left)):
            status_of.update(dict.fromkeys(left, INACTIVE))
        else:
            for status in (INACTIVE, "failed"):
                if counts.get(status):
                    with run.progress.track(f"reading the {status} tab") as hook:
                        for listing in listings.read_all(status, hook):
                            status_of[listing.product_id] = status
                            notes[listing.product_id] = listing.status_note

        for product in products:
            product.status_after = status_of.get(product.product_id, "unknown")
            _judge(product, notes.get(product.product_id, ""))
        deactivated = sum(p.result == "deactivated" for p in products)
        failed = [p for p in products if p.result == "failed"]
        for product in failed:
            run.event(
                "failed", "verify", f"{product.product_id}: {product.result_note}"
            )
        if failed:
            why = Counter(p.result_note for p in failed)
            run.problem(
                f"verify: {deactivated} deactivated, {len(failed)} failed ("
                + "; ".join(f"{n} {note}" for note, n in sorted(why.items()))
                + ")"
            )
        if counts[ACTIVE] != sum(p.action is Action.KEEP for p in products):
            run.problem(
                f"verify: Active counts {counts[ACTIVE]}, the plan kept "
                f"{sum(p.action is Action.KEEP for p in products)}"
            )
        expected_inactive = counts_before[INACTIVE] + deactivated
        if counts[INACTIVE] != expected_inactive:
            run.problem(
                f"verify: Inactive counts {counts[INACTIVE]}, "
                f"expected {expected_inactive}"
            )
        for status in OTHER_STATUSES:
            if counts.get(status) != counts_before.get(status):
                run.problem(
                    f"verify: {status} changed from {counts_before.get(status)} "
                    f"to {counts.get(status)}; the bot acts only on Active listings"
                )

        logger.info(
            "verify: {} deactivated, {} kept, {} failed",
            deactivated,
            sum(p.result == "kept" for p in products),
            len(failed),
        )
    return counts


def _counts_prove_inactive(
    before: dict[str, int], after: dict[str, int], left: int
) -> bool:
    """Whether the tab counts alone prove that the `left` listings that left the
    Active tab all went to Inactive: Active fell and Inactive rose by exactly that
    many, and no other tab moved. Reading the Inactive tab would tell no more."""
    moved = {ACTIVE: -left, INACTIVE: left}
    return all(
        after.get(status, 0) - before.get(status, 0) == moved.get(status, 0)
        for status in {*before, *after}
    )


def _judge(product: ProductRecord, note: str) -> None:
    after = product.status_after
    if product.action is Action.KEEP:
        product.result = "kept" if after == ACTIVE else "failed"
        if after != ACTIVE:
            product.result_note = f"meant to stay live, but is {after}"
    elif after == INACTIVE:
        product.result = "deactivated"
    else:
        product.result = "failed"
        product.result_note = {
            ACTIVE: "still Active after the deactivation",
            "failed": f"landed in Failed: {note or 'no reason given'}",
        }.get(after or "", f"is {after}")
