"""Deactivate the planned listings in the Active tab, and only those."""

from __future__ import annotations

from loguru import logger

from bot.decisions import Action, Decision
from bot.errors import PageStateError
from bot.run import Run
from flows.relogin import resumes_after_login
from pages.connector import ACTIVE, ConnectorApp, ListingsScreen


@resumes_after_login
def deactivate_listings(
    run: Run, connector: ConnectorApp, decisions: list[Decision]
) -> None:
    """Deactivate every listing planned for it; keep the rest untouched."""
    planned = {d.product_id for d in decisions if d.action is Action.DEACTIVATE}
    keeping = len(decisions) - len(planned)
    if not planned:
        logger.info("deactivate: nothing planned")
        return
    title = f"deactivating {len(planned)} listings, keeping {keeping}"
    with run.evidence.step(run.page, "deactivate", title):
        listings = connector.listings()
        listings.show(ACTIVE)

        if keeping == 0:
            _whole_tab(run, listings, planned)

        _page_by_page(run, listings, planned)


def _whole_tab(run: Run, listings: ListingsScreen, planned: set[str]) -> None:
    """One bulk action over the whole tab, when the tab holds exactly the plan."""
    active = listings.counts()[ACTIVE]
    if any(listing.status != ACTIVE for listing in listings.visible()):
        logger.info("deactivate: an earlier job is still running; going page by page")
        return
    if active != len(planned):
        logger.warning(
            "deactivate: Active counts {}, the plan {}; going page by page",
            active,
            len(planned),
        )
        return
    selected = listings.select_every()
    if selected != active:
        logger.warning(
            "deactivate: the app selected {} of {}; going page by page",
            selected,
            active,
        )
        listings.show(ACTIVE)
        return

    run.journal.intend("deactivate", "active tab", product_ids=sorted(planned))
    accepted = listings.deactivate_selected()
    logger.info("deactivate: the app accepted {} listings", accepted)
    with run.progress.track("waiting for the deactivation job") as hook:
        hook(0, active)
        left = listings.wait_count(
            ACTIVE, active - accepted, run.settings.job_timeout_ms
        )
        hook(active - left, active)
    run.journal.done("deactivate", "active tab", accepted=accepted, active_left=left)
    listings.show(ACTIVE)


def _page_by_page(run: Run, listings: ListingsScreen, planned: set[str]) -> None:
    """Select the planned rows of each page; re-read a page after each action."""
    actions = 0
    while True:
        on_page = [x for x in listings.visible() if x.product_id in planned]
        busy = [x.product_id for x in on_page if x.status != ACTIVE]
        todo = [x.product_id for x in on_page if x.status == ACTIVE]
        if busy:
            listings.wait_gone(busy, run.settings.job_timeout_ms)
            continue
        if not todo:
            if listings.next_page():
                continue
            return

        actions += 1
        if actions > len(planned):
            raise PageStateError(
                "deactivate: the same listings keep coming back as Active; stopping"
            )
        selected = listings.select(todo)
        if selected != len(todo):
            raise PageStateError(
                f"deactivate: the app shows {selected} selected where {len(todo)} "
                "rows were ticked; stopping before it acts on the wrong set"
            )
        run.journal.intend("deactivate", f"{len(todo)} listings", product_ids=todo)
        accepted = listings.deactivate_selected()
        listings.wait_gone(todo, run.settings.job_timeout_ms)
        run.journal.done(
            "deactivate", f"{len(todo)} listings", product_ids=todo, accepted=accepted
        )
        logger.info("deactivate: {} listings left the Active tab", len(todo))
