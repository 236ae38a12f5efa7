"""Deactivate the planned listings in the Active tab, and only those."""

from __future__ import annotations

from loguru import logger

from bot.decisions import Action, Decision
from bot.errors import PageStateError
from bot.progress import Hook
from bot.run import Run
from bot.settings import Mode
from pages.connector import ACTIVE, ConnectorApp, ListingsScreen


def deactivate_listings(
    run: Run, connector: ConnectorApp, decisions: list[Decision]
) -> None:
    """Deactivate every listing planned for it; keep the rest untouched."""
    planned = {d.product_id for d in decisions if d.action is Action.DEACTIVATE}
    keeping = len(decisions) - len(planned)
    if not planned:
        logger.info("deactivate: nothing planned")
        return
    title = f"deactivating {len(planned)} Active listings, keeping {keeping}"
    if run.options.mode is Mode.KEEP_SALES:
        title = f"deactivating {len(planned)} listings without sales, keeping {keeping}"
    with run.evidence.step(run.page, "deactivate", title):
        listings = connector.listings()
        listings.show(ACTIVE)

        if keeping == 0:
            finished = _whole_tab(run, listings, planned)
        else:
            finished = _from_last_page(run, listings, planned, keeping)

        if not finished:
            listings.show(ACTIVE)
            with run.progress.track("deactivating listings") as hook:
                done = _page_by_page(run, listings, planned, hook)
            if done:
                logger.info("deactivate: {} listings left the Active tab", done)


def _whole_tab(run: Run, listings: ListingsScreen, planned: set[str]) -> bool:
    """One bulk action over the whole tab, when the tab holds exactly the plan."""
    active = listings.counts()[ACTIVE]
    if active != len(planned):
        logger.warning(
            "deactivate: Active counts {}, the plan {}; going page by page",
            active,
            len(planned),
        )
        return False
    selected = listings.select_every()
    if selected != active:
        logger.warning(
            "deactivate: the app selected {} of {}; going page by page",
            selected,
            active,
        )
        return False

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
    return left == 0


def _from_last_page(
    run: Run, listings: ListingsScreen, planned: set[str], keeping: int
) -> bool:
    """Deactivate each page's planned rows from the last page back to the first.

    A row leaves the tab only when its job ends, which moves only the pages after
    it, and those are done by then; so the bot need not wait for any job before
    the next page. Returns whether only the kept listings are left Active.
    """
    listings.last_page()
    batches: list[tuple[list[str], int]] = []
    with run.progress.track("deactivating from the last page back") as hook:
        while True:
            todo = [
                x.product_id
                for x in listings.visible()
                if x.product_id in planned and x.status == ACTIVE
            ]
            if todo:
                batches.append((todo, _select_and_deactivate(run, listings, todo)))
            shown, pages = listings.page_number()
            hook(pages - shown + 1, pages)
            if not listings.previous_page():
                break

    left = listings.wait_count(ACTIVE, keeping, run.settings.job_timeout_ms)
    for todo, accepted in batches:
        run.journal.done(
            "deactivate",
            f"{len(todo)} listings",
            product_ids=todo,
            accepted=accepted,
            active_left=left,
        )
    logger.info(
        "deactivate: {} listings in {} actions; Active counts {}",
        sum(len(todo) for todo, _ in batches),
        len(batches),
        left,
    )
    return left <= keeping


def _select_and_deactivate(run: Run, listings: ListingsScreen, todo: list[str]) -> int:
    """Tick these rows, check the app's count, journal, deactivate; the accepted."""
    selected = listings.select(todo)
    if selected != len(todo):
        raise PageStateError(
            f"deactivate: the app shows {selected} selected where {len(todo)} "
            "rows were ticked; stopping before it acts on the wrong set"
        )
    run.journal.intend("deactivate", f"{len(todo)} listings", product_ids=todo)
    return listings.deactivate_selected()


def _page_by_page(
    run: Run, listings: ListingsScreen, planned: set[str], progress: Hook
) -> int:
    """Select the planned rows of each page; returns how many left the Active tab."""
    actions = 0
    done = 0
    progress(done, len(planned))
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
            return done

        actions += 1
        if actions > len(planned):
            raise PageStateError(
                "deactivate: the same listings keep coming back as Active; stopping"
            )
        accepted = _select_and_deactivate(run, listings, todo)
        listings.wait_gone(todo, run.settings.job_timeout_ms)
        run.journal.done(
            "deactivate", f"{len(todo)} listings", product_ids=todo, accepted=accepted
        )
        done += len(todo)
        progress(done, len(planned))
