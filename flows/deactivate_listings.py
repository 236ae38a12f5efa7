"""Deactivate the planned listings in the Active tab, and only those."""

from __future__ import annotations

from loguru import logger

from bot.decisions import Action, Decision, Listing
from bot.errors import (
    ChangeFailed,
    PageRedrawn,
    PageStateError,
    SelectionChanged,
    VerificationFailed,
)
from bot.run import Run
from flows.relogin import resumes_after_login
from pages.connector import ACTIVE, INACTIVE, ConnectorApp, ListingsScreen

# Tabs a bulk action on the Active tab must leave as they are; a listing the
# platform rejects moves into Failed, so only a fall there counts.
UNTOUCHED = ("pending", "reviewing", "suspended", "failed")
# Times a page may be redrawn, or its selection come out wrong, under the
# bot's clicks before it stops rather than act on it.
SELECTION_TRIES = 3


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
        # The walk back is for rows that move between pages; a single page, or
        # an endless list that says it is one, has nowhere for them to move.
        elif listings.page_number()[1] > 1:
            if _first_then_back(run, listings, planned, keeping):
                return
            listings.show(ACTIVE)

        _page_by_page(run, listings, planned, whole=keeping == 0)


def _whole_tab(run: Run, listings: ListingsScreen, planned: set[str]) -> None:
    """One bulk action over the whole tab, when the tab holds exactly the plan."""
    active = listings.counts()[ACTIVE]
    if any(listing.status != ACTIVE for listing in listings.visible()):
        logger.info("deactivate: an earlier job is still running; going page by page")
        return
    if active != len(planned):
        run.event(
            "skip",
            "deactivate",
            f"Active counts {active}, the plan {len(planned)}; going page by page",
        )
        return
    selected = listings.select_every()
    if selected != active:
        run.event(
            "skip",
            "deactivate",
            f"the app selected {selected} of {active} at once; going page by page",
        )
        listings.show(ACTIVE)
        return
    _deactivate_tab(run, listings, planned, selected)


def _deactivate(
    run: Run, listings: ListingsScreen, target: str, **detail: object
) -> int:
    """Journal, press Deactivate and confirm; returns how many the app accepted."""
    run.journal.intend("deactivate", target, **detail)
    try:
        return listings.deactivate_selected()
    except (ChangeFailed, SelectionChanged) as error:
        run.journal.failed("deactivate", target, reason=str(error))
        raise


def _deactivate_tab(
    run: Run, listings: ListingsScreen, planned: set[str], selected: int
) -> None:
    """Deactivate a selection of the whole Active tab and check what it changed."""
    before = listings.counts()
    accepted = _deactivate(
        run, listings, "active tab", product_ids=sorted(planned), selected=selected
    )
    logger.info("deactivate: the app accepted {} listings", accepted)
    with run.progress.track("waiting for the deactivation job") as hook:
        hook(0, selected)
        listings.wait_count(
            ACTIVE, max(0, selected - accepted), run.settings.job_timeout_ms
        )
        listings.show(ACTIVE)
        after = listings.counts()
        left = after[ACTIVE]
        hook(selected - left, selected)

    # An app shows only the tabs it has; a tab it lacks cannot have moved.
    fell = {
        s: before[s] - after[s]
        for s in UNTOUCHED
        if s in before and s in after and after[s] < before[s]
    }
    changed = before[ACTIVE] - left + sum(fell.values())
    if fell or changed > selected:
        outside = [f"{s} {before[s]} -> {after[s]}" for s in fell]
        message = (
            f"deactivate: the app changed {changed} listings, expected {selected} "
            f"({', '.join(outside) or 'Active only'}; Inactive "
            f"{before[INACTIVE]} -> {after[INACTIVE]}); stopped, check the Inactive "
            "tab and restore by hand any listing that was not Active"
        )
        run.journal.failed("deactivate", "active tab", reason=message)
        raise VerificationFailed(message)
    run.journal.done("deactivate", "active tab", accepted=accepted, active_left=left)
    if left:
        run.event(
            "retry",
            "deactivate",
            f"only {selected - left} of {selected} selected left the Active tab; "
            f"{left} still Active, going on page by page",
        )


def _first_then_back(
    run: Run, listings: ListingsScreen, planned: set[str], keeping: int
) -> bool:
    """Deactivate the first page's planned rows, then each page's from the last
    back to the first; returns whether only the kept listings are left Active.

    A row leaves the tab only when its job ends, and that moves the rows behind
    it up a page. Walking back, those rows are ones already done, moving onto
    pages still to come, so no page's job needs waiting for. The first page goes
    first: a selection the app gets wrong stops the run before it walks on.
    """
    active = listings.counts()[ACTIVE]
    batches: list[tuple[list[str], int]] = []
    first = _deactivate_page(run, listings, planned, listings.visible())
    if first:
        batches.append(first)
    listings.last_page()
    if first:
        # Its job moves every later row up once it ends; let that happen
        # before the walk back, not under it.
        listings.wait_count(ACTIVE, active - len(first[0]), run.settings.job_timeout_ms)
    with run.progress.track("deactivating from the last page back") as hook:
        while True:
            shown, pages = listings.page_number()
            hook(pages - shown + 1, pages)
            batch = _deactivate_page(run, listings, planned, listings.visible())
            if batch:
                batches.append(batch)
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
        "deactivate: {} listings in {} actions; Active counts {}, keeping {}",
        sum(len(todo) for todo, _ in batches),
        len(batches),
        left,
        keeping,
    )
    return left <= keeping


def _deactivate_page(
    run: Run,
    listings: ListingsScreen,
    planned: set[str],
    shown: list[Listing],
    *,
    whole: bool = False,
) -> tuple[list[str], int] | None:
    """Select the shown page's planned Active rows, prove the selection and
    deactivate them; the rows and how many the app accepted, or None when the
    page holds none (or the header box took the whole tab and that was done).

    A page the app redraws, or whose selection comes out wrong, is read and
    selected again, a few times at most.
    """
    problem = ""
    for attempt in range(SELECTION_TRIES + 1):
        active = [x.product_id for x in shown if x.status == ACTIVE]
        todo = [product_id for product_id in active if product_id in planned]
        if not todo:
            return None
        every_row = len(todo) == len(active)
        by_header = every_row and attempt == 0
        try:
            selected = listings.select_page() if by_header else listings.select(todo)
            whole_tab = whole and every_row and selected != len(todo)
            if whole_tab and selected == listings.counts()[ACTIVE]:
                # The header box took the whole tab, which here is the plan.
                _deactivate_tab(run, listings, planned, selected)
                return None
            ticked = listings.ticked()
            problem = selection_problem(todo, selected, ticked) or ""
            if not problem:
                target = f"{len(todo)} listings"
                return todo, _deactivate(run, listings, target, product_ids=todo)
            # Right rows but a wrong count: the app holds a selection beyond
            # the page, which ticking rows again cannot mend.
            if ticked == set(todo):
                break
        except (PageRedrawn, SelectionChanged) as error:
            problem = str(error)
        run.event("retry", "deactivate", f"{problem}; reading the page again")
        shown = listings.visible()
    raise PageStateError(
        f"deactivate: {problem}; stopping before it acts on the wrong set"
    )


def _page_by_page(
    run: Run, listings: ListingsScreen, planned: set[str], *, whole: bool
) -> None:
    """Deactivate the planned rows of each page; re-read a page after each action."""
    actions = 0
    while True:
        shown = listings.visible()
        on_page = [x for x in shown if x.product_id in planned]
        busy = [x.product_id for x in on_page if x.status != ACTIVE]
        if busy:
            listings.wait_gone(busy, run.settings.job_timeout_ms)
            continue
        if not on_page:
            if listings.next_page():
                continue
            return

        actions += 1
        if actions > len(planned):
            raise PageStateError(
                "deactivate: the same listings keep coming back as Active; stopping"
            )
        done = _deactivate_page(run, listings, planned, shown, whole=whole)
        if done is None:
            continue
        todo, accepted = done
        listings.wait_gone(todo, run.settings.job_timeout_ms)
        run.journal.done(
            "deactivate", f"{len(todo)} listings", product_ids=todo, accepted=accepted
        )
        logger.info("deactivate: {} listings left the Active tab", len(todo))


def selection_problem(todo: list[str], selected: int, ticked: set[str]) -> str | None:
    """What is wrong with a page's selection, if anything.

    The app's count and the ticked rows together prove it: a count alone would
    pass a page that shifted under the clicks, ticks alone one that holds a
    selection beyond the page.
    """
    meant = set(todo)
    if selected == len(todo) and ticked == meant:
        return None
    problem = (
        f"the app shows {selected} selected where this page's {len(todo)} were meant"
    )
    if ticked != meant:
        problem += (
            f" ({len(ticked - meant)} other rows ticked, {len(meant - ticked)} "
            "meant rows not ticked)"
        )
    return problem
