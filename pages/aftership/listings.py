"""AfterShip Feed Channel listings: status tabs, a paged table, bulk Deactivate."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from loguru import logger
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Request, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.decisions import Listing
from bot.errors import ChangeFailed, PageRedrawn, PageStateError, SessionExpired
from bot.evidence import before_click
from pages.aftership.scripts import (
    LOOK,
    SEND,
    SIDE_LOOKS,
    SIDE_READ,
    TAB_CHANGED,
    TICK_ROWS,
    TICKED,
    TO_LAST,
    TURN,
    TURNS,
)
from pages.connector import ACTIVE, STATUSES, ProgressHook, SidePage
from pages.widgets import (
    CONFIRM_WAIT_MS,
    LoginForm,
    ResponseWatch,
    check_dialog_count,
    click_when_clear,
    confirm,
    count_in,
    ensure_signed_in,
    refusal,
    retrying,
    settle,
    ticks,
    wait_gone,
)

APP = "AfterShip Feed"
TAB_WORDS = {status: status.capitalize() for status in STATUSES}
PAGE_OF = re.compile(r"^Page (\d+) of (\d+)$")
SELECTED = re.compile(r"^(\d[\d,]*) selected$")
COUNTED = re.compile(r"\(\d")
ROW_BOX = re.compile(r"^Select \d+$")
PAGE_IN_LABEL = re.compile(r"Page (\d+) of (\d+)")
LARGEST_PAGE = "100"
# A mixed header takes one click to clear and one to select; a third is spare.
HEADER_CLICKS = 3
DEACTIVATE_API = "/api/listings/deactivate"
LISTINGS_API = "/api/listings?"

# How long a look waits for the page to settle before the careful way round.
QUICK_LOOK_MS = 5_000
# A redraw between press and release swallows a click on Next or Previous; the
# page label moves at once when a press took, so look that long before pressing
# again, and never more than this often.
TURN_WAIT_MS = 2_000
# A click on the header box shows in the selection counter at once, or after a
# redraw a few hundred ms late; a count that has not moved by then will not.
CLICK_SHOWS_MS = 2_000
TURN_TRIES = 3
# Pages a read turns to in one round trip: few enough that progress shows
# every second or so.
TURNS_AT_ONCE = 8
# A read with this many pages or more after the one shown takes a second tab
# for its last pages; opening one costs about as long as eight turns, so a
# shorter read gains little.
SIDE_FROM_PAGES = 12
# The second tab starts this many of the first tab's turns later:
# SIDE_OPEN_TURNS, and one for every PRESSES_PER_TURN presses of Next to its
# first page. Fitted to reads of 25 and 76 pages at 100 ms a request (its
# opening overlaps the first tab's turns): any fixed head start left one of
# them 0.3-0.4 s slower than its best.
SIDE_OPEN_TURNS = 1
PRESSES_PER_TURN = 4
TICK_TRIES = 5
# How often a wait for a job looks at the tab counts.
TAB_POLL_MS = 50


class _InTheWay(Exception):
    """The one-round-trip deactivation stopped short; `kind` says how far it got."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass
class _Side:
    """A second tab reading a status tab's last pages, from page `first`, and
    the statuses of the data requests its app had refused."""

    page: Page
    first: int
    refused: list[int] = field(default_factory=list)

    def note(self, response: Response) -> None:
        if response.request.resource_type in ("fetch", "xhr") and not response.ok:
            self.refused.append(response.status)


@dataclass(frozen=True)
class Look:
    """What one look at the listings page saw."""

    shown: int
    pages: int
    counts: dict[str, int]
    rows: list[Listing]


def _is_deactivation(response: Response) -> bool:
    return response.request.method == "POST" and response.url.endswith(DEACTIVATE_API)


def _is_page_load(request: Request) -> bool:
    return request.method == "GET" and LISTINGS_API in request.url


class ListingsPage:
    """Channel listings, one status tab at a time."""

    def __init__(self, page: Page, side: SidePage | None = None) -> None:
        self.page = page
        self.side = side
        self.tabs = page.get_by_role("tablist", name="Listing status")
        self.table = page.get_by_role("table", name="Listings")
        self.header_box = page.get_by_role("checkbox", name="Select all on this page")
        self.counter = page.get_by_text(SELECTED)
        self.deactivate = page.get_by_role("button", name="Deactivate", exact=True)
        self.dialog = page.get_by_role("alertdialog")
        self.pager = page.get_by_role("navigation", name="Pagination")
        self.page_size = page.get_by_label("Rows per page")
        self.login = LoginForm(page, "AfterShip Feed")
        # The last look at the page, until the bot next acts on it.
        self._seen: Look | None = None
        # The page number of the last look, kept through the bot's actions
        # (but not a new tab's first page, which is not looked at yet).
        self._at: int | None = None
        # The ticked rows and the app's count, as the bot's ticks read them
        # back: the selection's proof, until the bot next acts on the page.
        self._ticks: tuple[set[str], int] | None = None
        # Whether the app's reload after the bot's deactivation may still run.
        self._reloading = False

    def _acted(self) -> None:
        """Forget what the page showed: the bot is about to change it."""
        self._seen = None
        self._ticks = None
        self._reloading = False

    def _tab(self, status: str) -> Locator:
        word = TAB_WORDS[status]
        return self.tabs.get_by_role("tab", name=re.compile(rf"^{word}\b"))

    def _row_box(self, product_id: str) -> Locator:
        return self.table.get_by_role(
            "checkbox", name=f"Select {product_id}", exact=True
        )

    def wait_ready(self) -> None:
        """Wait until the tabs and the table have loaded, still signed in."""
        counted = self._tab("active").filter(has_text=COUNTED)
        settle(self.page, "listings", counted.or_(self.login.password))
        ensure_signed_in(self.page, "AfterShip Feed")

    def counts(self) -> dict[str, int]:
        """Listings per status, from the tab labels."""
        return self._latest().counts

    def show(self, status: str) -> None:
        """Open a status tab with the largest page size, on its first page."""
        self._acted()
        self._at = None
        tab = self._tab(status)
        # On the tab, a new page size loads it again from its first page (in
        # this app; the page number tells): a click on it would load it twice.
        # The page settles first, a failed load retried as the app asks.
        self.wait_ready()
        selected = tab.get_attribute("aria-selected") == "true"
        if selected and self._resized() and self.page_number()[0] == 1:
            return
        self._acted()
        click_when_clear(tab)
        expect(tab).to_have_attribute("aria-selected", "true")
        self.wait_ready()
        self._resized()

    def _resized(self) -> bool:
        """Set the largest page size if another is set; whether it was."""
        if not self.page_size.count() or self.page_size.input_value() == LARGEST_PAGE:
            return False
        self.page_size.select_option(LARGEST_PAGE)
        self.wait_ready()
        return True

    def _ask(self, script: str, args: list[Any]) -> Any:
        """Run a look or a turn in the page; both answer in JSON."""
        return json.loads(self.page.evaluate(script, args))

    def _look(self, number: int | None = None, found: Any = None) -> Look:
        """Look at the page once it shows page `number` (or any) loaded.

        `found` is a look already taken, which saves the round trip."""
        if found is None:
            found = self._ask(LOOK, [number, QUICK_LOOK_MS])
        if found is None or found["kind"] == "failed":
            # Slow, throttled or failed: wait, and retry the load, as a person would.
            if number is not None:
                expect(self.pager.get_by_text(f"Page {number} of")).to_be_visible()
            self.wait_ready()
            found = self._ask(LOOK, [number, QUICK_LOOK_MS])
        # A refused call can leave the last rows on screen under a new label.
        expired = ResponseWatch.of(self.page).has_expired(self.page.url)
        if found is None or found["kind"] == "login" or expired:
            ensure_signed_in(self.page, APP)
        if found is None or found["kind"] != "page":
            raise PageStateError("the listings table did not load")
        self._seen = self._parse(found)
        self._at = self._seen.shown
        self._reloading = False
        return self._seen

    @staticmethod
    def _parse(found: Any) -> Look:
        """What a look in the page answered, as a Look."""
        match = PAGE_IN_LABEL.search(found["label"])
        if match is None:
            raise PageStateError(f"cannot read the page number from {found['label']!r}")
        words = {word: status for status, word in TAB_WORDS.items()}
        counts = {
            words[word]: count_in(label)
            for label in found["tabs"]
            if (word := label.split(" (")[0]) in words
        }
        rows = [
            Listing(
                product_id=row["product_id"],
                title=row["title"],
                skus=tuple(s.strip() for s in row["skus"].split(",") if s.strip()),
                status=row["status"].rstrip("…").lower(),
                status_note=row["note"],
            )
            for row in found["rows"]
        ]
        return Look(int(match[1]), int(match[2]), counts, rows)

    def _latest(self) -> Look:
        """The last look, unless the bot has acted on the page since; else a look."""
        return self._seen or self._look()

    def page_number(self) -> tuple[int, int]:
        """The shown page and the number of pages."""
        look = self._latest()
        return look.shown, look.pages

    def visible(self) -> list[Listing]:
        """The listings on the shown page."""
        return self._latest().rows

    def _turn(self, button: str, number: int, at: int, found: Any = None) -> Look:
        """Press Next or Previous on page `at` and look at page `number` once it
        has loaded; or, when the app has left page `at` by itself, at where it went.
        `found` is the answer of a first try already made in the page.

        Every try runs in the page, after its check of where the app is: a press
        a redraw swallowed is made again only while the page is still `at`, and
        a covered button only has the way cleared before the next try.
        """
        # A load still running when the page turns can answer after the turn's
        # own and draw its rows under the new label; press once nothing loads.
        # Except the app's reload of the page just deactivated on: the app
        # draws only its latest load, and waiting for one the bot leaves
        # unread costs a request a page on the walk back. An app that drew it
        # late would show a page already done, and the walk would pass over
        # the page turned to; the count at the end then sends the deactivation
        # page by page, so that costs time, not a wrong listing.
        idle_ms = 0 if self._reloading else QUICK_LOOK_MS
        self._acted()
        turn = [button, number, at, idle_ms, TURN_WAIT_MS]
        if found is None:
            found = self._ask(TURN, turn)
        for _ in range(TURN_TRIES):
            if found is not None and found["kind"] != "blocked":
                break
            if found is not None:
                self._clear_way(self.pager.get_by_role("button", name=button))
            found = self._ask(TURN, turn)
        if found is not None and found["kind"] == "blocked":
            raise PageStateError(
                f"AfterShip Feed's {button} button stays covered on page {at}"
            )
        if found is not None and found["kind"] == "disabled":
            # Rows leaving the tab can take away the page being turned to.
            look = self._look()
            if (look.shown < look.pages) if button == "Next" else (look.shown > 1):
                raise PageStateError(
                    f"AfterShip Feed's {button} button is off on page {look.shown} "
                    f"of {look.pages}"
                )
            return look
        return self._look(number, found)

    def _turn_away_and_back(self) -> None:
        """Turn to a neighbouring page and back, which drops the app's selection.

        An app that keeps its selection through a reload can hold rows that a
        job's reload moved off the page; no box on the page unticks them.
        """
        look = self._latest()
        if look.pages == 1:
            return
        if look.shown > 1:
            self._turn("Previous", look.shown - 1, look.shown)
            self._turn("Next", look.shown, look.shown - 1)
        else:
            self._turn("Next", 2, 1)
            self._turn("Previous", 1, 2)

    def _clear_way(self, button: Locator) -> None:
        """Wait until `button` takes clicks, letting overlay handlers close what
        covers it, without pressing it.

        The press stays in the page, after its check of where the app is: the
        app can move by itself meanwhile. A session that ends meanwhile puts a
        toast over the pager, then the login form where the page was.
        """
        ensure_signed_in(self.page, APP)
        try:
            button.click(trial=True)
        except PlaywrightTimeoutError:
            ensure_signed_in(self.page, APP)
            raise

    def next_page(self) -> bool:
        """Go to the next page; False on the last page."""
        look = self._latest()
        if look.shown >= look.pages:
            return False
        return self._turn("Next", look.shown + 1, look.shown).shown > look.shown

    def previous_page(self) -> bool:
        """Go to the page before the one last seen; False on the first page.

        Once the bot has acted on a page, the rows that leave can empty it and
        the app then moves to an earlier page by itself; the turn presses only
        while the page is still the one last seen, and otherwise stays where
        the app went. Either way there is no look between the action and the
        turn.
        """
        at = self._at if self._at is not None else self._look().shown
        if at <= 1:
            return False
        return self._turn("Previous", at - 1, at).shown < at

    def last_page(self) -> None:
        """Go to the last page of the shown tab.

        The app starts a load for each press of Next and draws only the latest,
        so Next is pressed as fast as the app draws the label again, in one
        round trip, and only the page it lands on is looked at. Whatever that
        leaves is walked one look a page.
        """
        look = self._latest()
        if look.shown < look.pages:
            presses = look.pages - look.shown
            waits = [QUICK_LOOK_MS, TURN_WAIT_MS, TURN_WAIT_MS]
            found = self._ask(TO_LAST, [presses, *waits])
            look = self._look(None, found)
        while look.shown < look.pages:
            look = self._turn("Next", look.shown + 1, look.shown)

    def read_all(
        self, status: str, progress: ProgressHook | None = None
    ) -> list[Listing]:
        """Every listing in one status, read page by page, one look per page."""
        self.show(status)
        found: dict[str, Listing] = {}
        for look in self._read_on(status):
            for listing in look.rows:
                found.setdefault(listing.product_id, listing)
            if progress:
                progress(look.shown, look.pages)
        return list(found.values())

    def _read_on(self, status: str) -> Iterator[Look]:
        """A look at the shown page, then at each page after it to the last,
        several turns a round trip; anything but the page meant is dealt with
        as after a single turn. A long read leaves its last pages to a second
        tab, and reads them itself if that tab does not bring them all."""
        look = self._look()
        yield look
        with self._side_read(status, look) as side:
            while look.shown < look.pages:
                if side is not None and look.shown + 1 >= side.first:
                    rest = self._side_looks(side, look)
                    if rest:
                        yield from rest
                        return
                    side = None
                    continue
                until = side.first - 1 if side is not None else look.pages
                times = min(TURNS_AT_ONCE, until - look.shown)
                waits = [QUICK_LOOK_MS, TURN_WAIT_MS]
                *turned, last = self._ask(TURNS, [times, look.shown, *waits])
                for found in turned:
                    look = self._look(None, found)
                    yield look
                look = self._turn("Next", look.shown + 1, look.shown, last)
                yield look

    @contextlib.contextmanager
    def _side_read(self, status: str, look: Look) -> Iterator[_Side | None]:
        """Start a second tab on the last pages of a long read, if there is one
        to open; None when this page reads them all itself."""
        left = look.pages - look.shown
        if self.side is None or left < SIDE_FROM_PAGES:
            yield None
            return
        # Both tabs turn at about the same pace; the second starts later, by
        # its opening and by its presses to the middle.
        head_start = SIDE_OPEN_TURNS + left // (2 * PRESSES_PER_TURN)
        first = look.shown + (left + head_start) // 2 + 1
        with self.side() as page:
            side = _Side(page, first)
            page.on("response", side.note)
            try:
                page.goto(self.page.url, wait_until="commit")
                waits = [QUICK_LOOK_MS, TURN_WAIT_MS, TURN_WAIT_MS]
                args = [TAB_WORDS[status], LARGEST_PAGE, first, *waits]
                page.evaluate(SIDE_READ, args)
            except PlaywrightError as error:
                logger.debug("listings: no second tab: {}", error.message)
                yield None
                return
            logger.debug(
                "listings: a second tab reads pages {} to {}", first, look.pages
            )
            yield side

    def _side_looks(self, side: _Side, last: Look) -> list[Look]:
        """The second tab's looks, when they run from its first page to the
        last one on a list that has not changed meanwhile, and its app refused
        none of its requests; else none.

        An app that answers 401 may keep the last rows on screen under the
        next page's label until it shows its login form: the rows would pass
        for that page's, and the tab's look cannot tell.
        """
        try:
            answer = side.page.evaluate(SIDE_LOOKS)
        except PlaywrightError as error:
            logger.debug("listings: the second tab failed: {}", error.message)
            return []
        # A tab sent to the login form has left the page its read ran in.
        found: list[Any] = json.loads(answer) if answer is not None else []
        if side.refused:
            logger.debug(
                "listings: the second tab's app refused requests ({}); reading on here",
                ", ".join(map(str, side.refused)),
            )
            return []
        looks = [self._parse(look) for look in found]
        whole = (
            bool(looks)
            and looks[0].shown == side.first
            and looks[-1].shown == last.pages
            and all(x.pages == last.pages and x.counts == last.counts for x in looks)
        )
        if not whole:
            read = f"{looks[0].shown} to {looks[-1].shown}" if looks else "none"
            logger.debug(
                "listings: the second tab read pages {} of {} to {}; reading on here",
                read,
                side.first,
                last.pages,
            )
            return []
        return looks

    def selected_count(self) -> int:
        """The app's own count of selected listings."""
        text = self.counter.inner_text().strip()
        match = SELECTED.match(text)
        if match is None:
            raise PageStateError(f"cannot read the selection from {text!r}")
        return int(match[1].replace(",", ""))

    def _settled_count(self, expected: int) -> int:
        """The selection count once the app shows `expected`, or whatever it shows."""
        with contextlib.suppress(AssertionError):
            expect(self.counter).to_have_text(f"{expected} selected")
        return self.selected_count()

    def select_page(self) -> int:
        """Click the header box until the counter shows the whole page selected.

        The box may start mixed, or look checked with nothing selected, so a
        click is not proof: the app's counter is.
        """
        self._acted()
        rows = self.table.get_by_role("checkbox", name=ROW_BOX, disabled=False)
        wanted = rows.count()
        for _ in range(HEADER_CLICKS):
            count = self.selected_count()
            if count >= wanted:
                return count
            before_click(self.header_box, "select all")
            click_when_clear(self.header_box)
            # An app that reloads under the click may show the old count again,
            # as a job's reload that ticks rows of its own does, and the count
            # then never moves; the caller checks the selection either way.
            with contextlib.suppress(AssertionError):
                expect(self.counter).not_to_have_text(
                    f"{count} selected", timeout=CLICK_SHOWS_MS
                )
        return self.selected_count()

    def select_every(self) -> int:
        """Select the page by its header box, then take 'Select all N' if offered."""
        self._acted()
        self.select_page()
        select_all = self.page.get_by_role(
            "button", name=re.compile(r"^Select all \d[\d,]* listings")
        )
        if select_all.is_visible():
            click_when_clear(select_all)
            expect(
                self.page.get_by_text(re.compile(r"^All \d[\d,]* listings in"))
            ).to_be_visible()
        return self.selected_count()

    def ticked(self) -> set[str]:
        """The product IDs of the shown rows whose boxes are ticked."""
        if self._ticks is not None:
            return set(self._ticks[0])
        found = self.page.evaluate(TICKED)
        if found is not None:
            return set(found)
        self.wait_ready()
        shown = ticks(self.table.get_by_role("row"))
        return {product_id for product_id, ticked in shown.items() if ticked}

    def select(self, product_ids: list[str]) -> int:
        """Tick exactly these rows of the shown page, in one go where nothing is
        in the way; returns the app's count, once it shows the meant one if it
        does at all. The caller checks which rows are ticked."""
        self._acted()
        wanted = {f"Select {product_id}" for product_id in product_ids}
        for _ in range(TICK_TRIES):
            done = self.page.evaluate(TICK_ROWS, [sorted(wanted), QUICK_LOOK_MS])
            if done["missing"]:
                raise PageRedrawn(
                    f"AfterShip Feed redrew the page: {len(done['missing'])} of the "
                    f"{len(wanted)} rows to tick are no longer on it"
                )
            if done["beyond"]:
                self._turn_away_and_back()
                raise PageRedrawn(
                    f"AfterShip Feed held {done['beyond']} listings selected, more "
                    "than the page shows ticked; turned the page away and back to "
                    "drop them"
                )
            if done["blocked"] is None:
                break
            # Something covers that box: a click as a person makes it lets the
            # overlay handler close what is in the way, or waits for it to go.
            box = self.table.get_by_role("checkbox", name=done["blocked"], exact=True)
            box.set_checked(done["blocked"] in wanted)
        ticked = set(done["ticked"])
        if ticked == wanted and done["counter"] == f"{len(wanted)} selected":
            # Read back in the same round trip as the ticks, once the app had
            # drawn them: the proof a second read would give, a round trip sooner.
            self._ticks = (
                {name.removeprefix("Select ") for name in ticked},
                len(ticked),
            )
            return len(wanted)
        # The app has not drawn the ticks yet: wait for its counter; the caller
        # checks the ticks.
        return self._settled_count(len(wanted))

    def deactivate_selected(self) -> int:
        """Press Deactivate, confirm, and return how many listings the app accepted.

        A throttled request (429, 503) is sent again for the same selection, which
        the app keeps when it refuses.
        """
        selected = self._ticks[1] if self._ticks else self.selected_count()
        self._acted()

        def attempt(number: int) -> int:
            if number > 1:
                self._after_refusal(selected)
            return self._deactivate_once(selected)

        accepted = retrying(self.page, "deactivate", attempt)
        self._reloading = True
        return accepted

    def _after_refusal(self, selected: int) -> None:
        # The refusal's toast is closed by the overlay watch, which can race a
        # click here, so the toast is left to it.
        if self.selected_count() != selected:
            raise PageStateError(
                f"AfterShip Feed dropped the selection ({selected} listings) after "
                "refusing the deactivation; run again to pick up where it stopped"
            )

    def _deactivate_once(self, selected: int) -> int:
        before_click(self.deactivate, "Deactivate")
        # The app takes in its answer a moment after it arrives: it clears the
        # selection and reloads the page, and until then shows the rows as they
        # were; a page turned meanwhile would race that reload. So wait for the
        # reload sent after the answer, not one an earlier job sent before it.
        answered: list[Response] = []

        def note(response: Response) -> None:
            if _is_deactivation(response):
                answered.append(response)

        self.page.on("response", note)
        try:
            with self.page.expect_request(
                lambda request: bool(answered) and _is_page_load(request)
            ):
                return self._send(selected)
        finally:
            self.page.remove_listener("response", note)

    def _send(self, selected: int) -> int:
        """Press Deactivate and confirm `selected` listings; how many the app
        accepted. In one round trip when nothing is in the way; otherwise as a
        person would, cancelling a dialog that names another count."""

        def at_once() -> str:
            found = self.page.evaluate(SEND, [selected, CONFIRM_WAIT_MS])
            if found["kind"] != "sent":
                raise _InTheWay(found["kind"])
            title: str = found["title"]
            return title

        try:
            return self._answer(at_once)
        except _InTheWay as stopped:
            if stopped.kind == "unpressed":
                click_when_clear(self.deactivate)
        title = check_dialog_count(self.dialog, selected, APP)

        def by_hand() -> str:
            confirm(self.dialog, "Deactivate")
            return title

        return self._answer(by_hand)

    def _answer(self, confirm_dialog: Callable[[], str]) -> int:
        """Confirm the dialog with `confirm_dialog`, which returns its title once
        it has closed; how many listings the app accepted."""
        title = None
        try:
            with self.page.expect_response(_is_deactivation) as answer:
                title = confirm_dialog()
        except PlaywrightTimeoutError as error:
            if title is None:
                # A session that ends while the dialog waits for a click sends
                # the browser to the login form, and the dialog goes with it.
                ensure_signed_in(self.page, APP)
                raise
            raise ChangeFailed(
                f"AfterShip Feed closed the dialog {title!r} without sending the "
                "deactivation, so nothing was deactivated; deactivate those "
                "listings by hand or run again"
            ) from error
        response = answer.value
        if response.status == 401:
            raise SessionExpired(
                "AfterShip Feed ended the session before the deactivation",
                "AfterShip Feed",
            )
        refused = refusal(response)
        if refused is not None and refused.status in (429, 503):
            raise refused
        if not response.ok:
            raise PageStateError(
                f"AfterShip Feed refused the deactivation ({response.status}) "
                f"after the dialog {title!r}"
            )
        accepted = response.json().get("accepted")
        if not isinstance(accepted, int):
            raise PageStateError("AfterShip Feed did not say how many it accepted")
        return accepted

    def wait_gone(self, product_ids: list[str], timeout_ms: int) -> None:
        """Wait until these listings have left the Active tab's shown page."""
        self._acted()
        wait_gone(
            [self._row_box(product_id) for product_id in product_ids],
            lambda: self.show(ACTIVE),
            timeout_ms,
        )
        self.wait_ready()

    def wait_count(self, status: str, at_most: int, timeout_ms: int) -> int:
        """Wait until a tab counts at most `at_most`; returns its count either way."""
        self._acted()
        tab = self._tab(status)
        deadline = time.monotonic() + timeout_ms / 1000
        while (count := self._count(tab)) > at_most:
            left_ms = (deadline - time.monotonic()) * 1000
            if left_ms <= 0:
                return count
            shown = tab.inner_text().strip()
            try:
                self.page.wait_for_function(
                    TAB_CHANGED,
                    arg=[TAB_WORDS[status], shown],
                    polling=TAB_POLL_MS,
                    timeout=left_ms,
                )
            except PlaywrightTimeoutError:
                return self._count(tab)
        self.wait_ready()
        return count

    def _count(self, tab: Locator) -> int:
        # A failed reload shows tabs without counts; settle retries it first.
        self.wait_ready()
        return count_in(tab.inner_text())
