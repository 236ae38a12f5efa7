"""AfterShip Feed Channel listings: status tabs, a paged table, bulk Deactivate."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import Locator, Page, expect

from bot.decisions import Listing
from bot.errors import PageStateError
from bot.evidence import before_click
from pages.connector import STATUSES, ProgressHook
from pages.widgets import confirm, count_in, ensure_signed_in, wait_loaded

TAB_WORDS = {status: status.capitalize() for status in STATUSES}
PAGE_OF = re.compile(r"^Page (\d+) of (\d+)$")
SELECTED = re.compile(r"^(\d[\d,]*) selected$")
LARGEST_PAGE = "100"
HEADER_BOX = "Select all on this page"
DIALOG_TRIES = 3
DIALOG_WAIT_MS = 2_000

# Waits in the page until it shows page `number` (any page when null) with
# nothing loading, then reads the page label and every row, all in one round
# trip: a Playwright wait per condition backs off to half a second between
# looks, longer than the request it waits for. The app draws the table anew on
# every change, so each look starts from the document; rows carry their
# product ID only as a data attribute, which has no accessible name to go by.
READ_PAGE = """async ([number, ms]) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const pager = document.querySelector("nav[aria-label=Pagination]");
    const label = pager ? pager.innerText : "";
    const shown = number === null || label.includes(`Page ${number} of `);
    if (shown && pager && !document.querySelector("[role=progressbar]")) {
      const rows = [...document.querySelectorAll("tr[data-product-id]")];
      return {label, rows: rows.map(row => {
        const cells = [...row.querySelectorAll("td")].map(td => td.innerText.trim());
        return {product_id: row.getAttribute("data-product-id"), title: cells[1],
                skus: cells[3], status: cells[4]};
      })};
    }
    if (Date.now() > deadline) return null;
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}"""
QUICK_LOOK_MS = 5_000
TURN_TRIES = 3
TURN_WAIT_MS = 2_000
PAGE_IN_LABEL = re.compile(r"Page (\d+) of (\d+)")


# Ticks exactly the named rows in one round trip; when they are most of the
# page, the header box ticks the page and the others are unticked, as a person
# would. The app may draw the table again after any tick, so each box is looked
# up again by its accessible name just before its click, and the page is let
# settle before the boxes are read back. Returns the names of those ticked.
TICK_ROWS = """async ([names, header]) => {
  const wanted = new Set(names);
  const boxes = () => [...document.querySelectorAll("input[type=checkbox]")];
  const named = name => boxes().find(b => b.getAttribute("aria-label") === name);
  const settle = () => new Promise(resolve => setTimeout(resolve, 0));
  const rows = boxes().map(b => b.disabled ? header : b.getAttribute("aria-label"))
    .filter(name => name !== header);
  const whole = named(header);
  if (whole && !whole.checked && 2 * wanted.size > rows.length) {
    whole.click();
    await settle();
  }
  for (const name of rows) {
    const box = named(name);
    if (box && box.checked !== wanted.has(name)) box.click();
  }
  await settle();
  return boxes().filter(b => b.checked).map(b => b.getAttribute("aria-label"));
}"""


class ListingsPage:
    """Channel listings, one status tab at a time."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs = page.get_by_role("tablist", name="Listing status")
        self.table = page.get_by_role("table", name="Listings")
        self.header_box = page.get_by_role("checkbox", name=HEADER_BOX)
        self.counter = page.get_by_text(SELECTED)
        self.deactivate = page.get_by_role("button", name="Deactivate", exact=True)
        self.dialog = page.get_by_role("alertdialog")
        self.pager = page.get_by_role("navigation", name="Pagination")
        self.page_size = page.get_by_label("Rows per page")

    def _tab(self, status: str) -> Locator:
        word = TAB_WORDS[status]
        return self.tabs.get_by_role("tab", name=re.compile(rf"^{word}\b"))

    def _row_box(self, product_id: str) -> Locator:
        return self.table.get_by_role(
            "checkbox", name=f"Select {product_id}", exact=True
        )

    def wait_ready(self) -> None:
        """Wait until the tabs and the table have loaded."""
        ensure_signed_in(self.page, "AfterShip Feed")
        expect(self._tab("active")).to_have_text(re.compile(r"\(\d"))
        wait_loaded(self.page)

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
        if self.page_size.input_value() != LARGEST_PAGE:
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
        ensure_signed_in(self.page, "AfterShip Feed")
        return self._read()[2]

    def _read(self, number: int | None = None) -> tuple[int, int, list[Listing]]:
        """Wait until page `number` (or the shown one) has loaded; its number, the
        number of pages, and its rows."""
        found = self.page.evaluate(READ_PAGE, [number, QUICK_LOOK_MS])
        if found is None:
            if number is not None:
                expect(self.pager.get_by_text(f"Page {number} of")).to_be_visible()
            self.wait_ready()
            found = self.page.evaluate(READ_PAGE, [number, QUICK_LOOK_MS])
        return self._parse(found)

    def _parse(self, found: dict[str, Any] | None) -> tuple[int, int, list[Listing]]:
        match = PAGE_IN_LABEL.search(found["label"]) if found else None
        if found is None or match is None:
            raise PageStateError("the listings table shows no page number")
        rows = [
            Listing(
                product_id=row["product_id"],
                title=row["title"],
                skus=tuple(s.strip() for s in row["skus"].split(",") if s.strip()),
                status=row["status"].rstrip("…").lower(),
            )
            for row in found["rows"]
        ]
        return int(match[1]), int(match[2]), rows

    def _read_after(self, button: str, number: int) -> tuple[int, int, list[Listing]]:
        # A redraw between press and release swallows a click (see _open_dialog):
        # press again while the page number has not moved.
        press = self.pager.get_by_role("button", name=button)
        turned = self.pager.get_by_text(f"Page {number} of")
        press.click()
        for _ in range(TURN_TRIES):
            found = self.page.evaluate(READ_PAGE, [number, TURN_WAIT_MS])
            if found is not None:
                return self._parse(found)
            if not turned.is_visible():
                press.click()
        return self._read(number)

    def next_page(self) -> bool:
        """Go to the next page; False on the last page."""
        shown, pages = self.page_number()
        if shown >= pages:
            return False
        self._read_after("Next", shown + 1)
        return True

    def previous_page(self) -> bool:
        """Go to the previous page; False on the first page."""
        shown, _ = self.page_number()
        if shown <= 1:
            return False
        self._read_after("Previous", shown - 1)
        return True

    def last_page(self) -> None:
        """Go to the last page of the shown tab."""
        shown, pages, _ = self._read()
        while shown < pages:
            shown, pages, _ = self._read_after("Next", shown + 1)

    def read_all(
        self, status: str, progress: ProgressHook | None = None
    ) -> list[Listing]:
        """Every listing in one status, read page by page."""
        self.show(status)
        found: dict[str, Listing] = {}
        shown, pages, rows = self._read()
        while True:
            for listing in rows:
                found.setdefault(listing.product_id, listing)
            if progress:
                progress(shown, pages)
            if shown >= pages:
                return list(found.values())
            shown, pages, rows = self._read_after("Next", shown + 1)

    def selected_count(self) -> int:
        """The app's own count of selected listings."""
        text = self.counter.inner_text().strip()
        match = SELECTED.match(text)
        if match is None:
            raise PageStateError(f"cannot read the selection from {text!r}")
        return int(match[1].replace(",", ""))

    def select_every(self) -> int:
        """Tick the header box, then the 'Select all N' banner when it offers one."""
        before_click(self.header_box, "select all")
        self.header_box.check()
        select_all = self.page.get_by_role(
            "button", name=re.compile(r"^Select all \d[\d,]* listings")
        )
        if select_all.is_visible():
            select_all.click()
            expect(
                self.page.get_by_text(re.compile(r"^All \d[\d,]* listings in"))
            ).to_be_visible()
        return self.selected_count()

    def select(self, product_ids: list[str]) -> int:
        """Tick the row of each listing on the shown page, and only those."""
        names = [f"Select {product_id}" for product_id in product_ids]
        ticked = self.page.evaluate(TICK_ROWS, [names, HEADER_BOX])
        ticked = [name for name in ticked if name != HEADER_BOX]
        if sorted(ticked) != sorted(names):
            raise PageStateError(
                f"AfterShip Feed shows {len(ticked)} rows ticked where "
                f"{len(names)} were meant; stopping before it acts on the wrong set"
            )
        return self.selected_count()

    def _open_dialog(self) -> None:
        # A redraw of the table between the press and the release of the button
        # swallows the click without a trace (a finishing job redraws it), so
        # press again while no dialog shows; pressing only opens the dialog.
        for _ in range(DIALOG_TRIES):
            if not self.dialog.is_visible():
                self.deactivate.click()
            try:
                expect(self.dialog).to_be_visible(timeout=DIALOG_WAIT_MS)
                return
            except AssertionError:
                continue
        expect(self.dialog).to_be_visible()

    def deactivate_selected(self) -> int:
        """Press Deactivate, confirm, and return how many listings the app accepted."""
        before_click(self.deactivate, "Deactivate")
        self._open_dialog()
        title = self.dialog.get_by_role("heading").inner_text()
        with self.page.expect_response(
            lambda response: response.request.method == "POST"
        ) as answer:
            confirm(self.dialog, "Deactivate")
        response = answer.value
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
        while (count := count_in(tab.inner_text())) > at_most:
            left_ms = (deadline - time.monotonic()) * 1000
            if left_ms <= 0:
                return count
            try:
                expect(tab).not_to_have_text(tab.inner_text(), timeout=left_ms)
            except AssertionError:
                return count_in(tab.inner_text())
        self.wait_ready()
        return count
