"""AfterShip Feed Channel listings: status tabs, a paged table, bulk Deactivate."""

from __future__ import annotations

import contextlib
import re
import time

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.decisions import Listing
from bot.errors import ChangeFailed, PageStateError, SessionExpired
from bot.evidence import before_click
from pages.connector import STATUSES, ProgressHook
from pages.widgets import (
    LoginForm,
    check_dialog_count,
    confirm,
    count_in,
    ensure_signed_in,
    refusal,
    retrying,
    settle,
    ticks,
)

TAB_WORDS = {status: status.capitalize() for status in STATUSES}
PAGE_OF = re.compile(r"^Page (\d+) of (\d+)$")
SELECTED = re.compile(r"^(\d[\d,]*) selected$")
COUNTED = re.compile(r"\(\d")
ROW_BOX = re.compile(r"^Select \d+$")
LARGEST_PAGE = "100"
# A mixed header takes one click to clear and one to select; a third is spare.
HEADER_CLICKS = 3
DEACTIVATE_API = "/api/listings/deactivate"

# Reads every row of the shown page in one round trip; rows carry their product
# ID only as a data attribute, which has no accessible name to go by.
READ_ROWS = """rows => rows.flatMap(row => {
  const id = row.getAttribute("data-product-id");
  if (!id) return [];
  const cells = [...row.querySelectorAll("td")].map(td => td.innerText.trim());
  const [status, ...note] = cells[4].split("\\n");
  return [{product_id: id, title: cells[1], skus: cells[3], status: status,
           note: note.join(" ").trim()}];
})"""


class ListingsPage:
    """Channel listings, one status tab at a time."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs = page.get_by_role("tablist", name="Listing status")
        self.table = page.get_by_role("table", name="Listings")
        self.header_box = page.get_by_role("checkbox", name="Select all on this page")
        self.counter = page.get_by_text(SELECTED)
        self.deactivate = page.get_by_role("button", name="Deactivate", exact=True)
        self.dialog = page.get_by_role("alertdialog")
        self.pager = page.get_by_role("navigation", name="Pagination")
        self.page_size = page.get_by_label("Rows per page")
        self.login = LoginForm(page, "AfterShip Feed")

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
        self.wait_ready()
        return {status: count_in(self._tab(status).inner_text()) for status in STATUSES}

    def show(self, status: str) -> None:
        """Open a status tab with the largest page size, on its first page."""
        tab = self._tab(status)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        self.wait_ready()
        if self.page_size.count() and self.page_size.input_value() != LARGEST_PAGE:
            self.page_size.select_option(LARGEST_PAGE)
            self.wait_ready()

    def page_number(self) -> tuple[int, int]:
        """The shown page and the number of pages."""
        text = self.pager.get_by_text(PAGE_OF).inner_text()
        match = PAGE_OF.match(text.strip())
        if match is None:
            raise PageStateError(f"cannot read the page number from {text!r}")
        return int(match[1]), int(match[2])

    def visible(self) -> list[Listing]:
        """The listings on the shown page."""
        self.wait_ready()
        rows = self.table.get_by_role("row").evaluate_all(READ_ROWS)
        ensure_signed_in(self.page, "AfterShip Feed")
        return [
            Listing(
                product_id=row["product_id"],
                title=row["title"],
                skus=tuple(s.strip() for s in row["skus"].split(",") if s.strip()),
                status=row["status"].rstrip("…").lower(),
                status_note=row["note"],
            )
            for row in rows
        ]

    def next_page(self) -> bool:
        """Go to the next page; False on the last page."""
        shown, pages = self.page_number()
        if shown >= pages:
            return False
        self.pager.get_by_role("button", name="Next").click()
        expect(self.pager.get_by_text(f"Page {shown + 1} of")).to_be_visible()
        self.wait_ready()
        return True

    def read_all(
        self, status: str, progress: ProgressHook | None = None
    ) -> list[Listing]:
        """Every listing in one status, read page by page."""
        self.show(status)
        found: dict[str, Listing] = {}
        while True:
            for listing in self.visible():
                found.setdefault(listing.product_id, listing)
            shown, pages = self.page_number()
            if progress:
                progress(shown, pages)
            if not self.next_page():
                return list(found.values())

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
        rows = self.table.get_by_role("checkbox", name=ROW_BOX, disabled=False)
        wanted = rows.count()
        for _ in range(HEADER_CLICKS):
            count = self.selected_count()
            if count >= wanted:
                return count
            before_click(self.header_box, "select all")
            self.header_box.click()
            # An app that reloads under the click may show the old count again;
            # the caller checks the selection either way.
            with contextlib.suppress(AssertionError):
                expect(self.counter).not_to_have_text(f"{count} selected")
        return self.selected_count()

    def select_every(self) -> int:
        """Select the page by its header box, then take 'Select all N' if offered."""
        self.select_page()
        select_all = self.page.get_by_role(
            "button", name=re.compile(r"^Select all \d[\d,]* listings")
        )
        if select_all.is_visible():
            select_all.click()
            expect(
                self.page.get_by_text(re.compile(r"^All \d[\d,]* listings in"))
            ).to_be_visible()
        return self.selected_count()

    def ticked(self) -> set[str]:
        """The product IDs of the shown rows whose boxes are ticked."""
        self.wait_ready()
        shown = ticks(self.table.get_by_role("row"))
        return {product_id for product_id, ticked in shown.items() if ticked}

    def select(self, product_ids: list[str]) -> int:
        """Tick exactly these rows of the shown page and untick any other.

        Wanted rows are ticked first, so the selection is never empty on the way:
        some apps tick rows of their own whenever a load finds nothing selected.
        """
        wanted = set(product_ids)
        self.wait_ready()
        shown = ticks(self.table.get_by_role("row"))
        wrong = [pid for pid, ticked in shown.items() if ticked != (pid in wanted)]
        for product_id in sorted(wrong, key=lambda pid: pid not in wanted):
            self._row_box(product_id).set_checked(product_id in wanted)
        return self._settled_count(len(wanted))

    def deactivate_selected(self) -> int:
        """Press Deactivate, confirm, and return how many listings the app accepted.

        A throttled request (429, 503) is sent again for the same selection, which
        the app keeps when it refuses.
        """
        selected = self.selected_count()

        def attempt(number: int) -> int:
            if number > 1:
                self._after_refusal(selected)
            return self._deactivate_once()

        return retrying(self.page, "deactivate", attempt)

    def _after_refusal(self, selected: int) -> None:
        # The refusal's toast is closed by the overlay watch, which can race a
        # click here, so the toast is left to it.
        if self.selected_count() != selected:
            raise PageStateError(
                f"AfterShip Feed dropped the selection ({selected} listings) after "
                "refusing the deactivation; run again to pick up where it stopped"
            )

    def _deactivate_once(self) -> int:
        selected = self.selected_count()
        before_click(self.deactivate, "Deactivate")
        self.deactivate.click()
        title = check_dialog_count(self.dialog, selected, "AfterShip Feed")
        closed = False
        try:
            with self.page.expect_response(
                lambda response: (
                    response.request.method == "POST"
                    and response.url.endswith(DEACTIVATE_API)
                )
            ) as answer:
                confirm(self.dialog, "Deactivate")
                closed = True
        except PlaywrightTimeoutError as error:
            if not closed:
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
        """Wait until these listings have left the shown page."""
        for product_id in product_ids:
            expect(self._row_box(product_id)).to_have_count(0, timeout=timeout_ms)
        self.wait_ready()

    def wait_count(self, status: str, at_most: int, timeout_ms: int) -> int:
        """Wait until a tab counts at most `at_most`; returns its count either way."""
        tab = self._tab(status)
        deadline = time.monotonic() + timeout_ms / 1000
        while (count := self._count(tab)) > at_most:
            left_ms = (deadline - time.monotonic()) * 1000
            if left_ms <= 0:
                return count
            shown = re.compile(rf"^{re.escape(tab.inner_text())}$")
            changed = tab.filter(has_not_text=shown).or_(self.login.password)
            try:
                expect(changed.first).to_be_visible(timeout=left_ms)
            except AssertionError:
                return self._count(tab)
        self.wait_ready()
        return count

    def _count(self, tab: Locator) -> int:
        # A failed reload shows tabs without counts; settle retries it first.
        self.wait_ready()
        return count_in(tab.inner_text())
