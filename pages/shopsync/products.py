"""TikTok Shop Sync Products: status tabs, an endless list, a Bulk actions menu."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from bot.decisions import Listing
from bot.errors import PageStateError, SelectionChanged
from bot.evidence import screen_shown
from pages.connector import ACTIVE, INACTIVE, ProgressHook
from pages.widgets import (
    check_dialog_count,
    click_when_clear,
    confirm,
    count_in,
    ensure_signed_in,
    ticks,
    wait_for_count,
    wait_gone,
    wait_loaded,
)

APP = "TikTok Shop Sync"
TAB_WORDS = {ACTIVE: "Published", INACTIVE: "Unpublished", "failed": "Error"}
ROW_STATUSES = {
    "published": ACTIVE,
    "unpublished": INACTIVE,
    "error": "failed",
    "unpublishing": "deactivating",
}
SELECTED = re.compile(r"^(\d[\d,]*) products selected$")
LIST_END = re.compile(r"^(All \d[\d,]* products shown|No products in \w+)$")

# Reads every loaded row in one round trip. A row's product ID is only a data
# attribute, and its parts have no names, so they are read as the lines of its
# text: title, "ID <id>", SKUs, status.
READ_ROWS = """rows => rows.flatMap(row => {
  const id = row.getAttribute("data-product-id");
  if (!id) return [];
  const [title, , skus, status] = row.innerText.split("\\n").map(s => s.trim());
  return [{product_id: id, title: title, skus: skus || "", status: status || ""}];
})"""


class ProductsPage:
    """Products, one status tab at a time; more rows load as the list scrolls."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs = page.get_by_role("tablist", name="Product status")
        self.list = page.get_by_role("list", name="Products")
        self.rows = self.list.get_by_role("listitem")
        self.select_loaded = page.get_by_role("checkbox", name="Select all", exact=True)
        self.counter = page.get_by_text(SELECTED)
        self.bulk = page.get_by_role("button", name="Bulk actions")
        self.menu = page.get_by_role("menu", name="Bulk actions")
        self.dialog = page.get_by_role(
            "dialog", name=re.compile(r"^Unpublish \d[\d,]* products\?$")
        )
        self.end = page.get_by_text(LIST_END)

    def _tab(self, status: str) -> Locator:
        if status not in TAB_WORDS:
            raise PageStateError(f"{APP} has no tab for {status!r} listings")
        word = TAB_WORDS[status]
        return self.tabs.get_by_role("tab", name=re.compile(rf"^{word}\b"))

    def _row_box(self, product_id: str) -> Locator:
        return self.list.get_by_role(
            "checkbox", name=f"Select product {product_id}", exact=True
        )

    def wait_ready(self) -> None:
        """Wait until the tabs count and no batch of rows is loading."""
        ensure_signed_in(self.page, APP)
        expect(self._tab(ACTIVE)).to_have_text(re.compile(r"\(\d"))
        wait_loaded(self.page)
        screen_shown(self.page)

    def counts(self) -> dict[str, int]:
        """Listings per status, from the tab labels."""
        self.wait_ready()
        return {
            status: count_in(self._tab(status).inner_text()) for status in TAB_WORDS
        }

    def show(self, status: str) -> None:
        """Open a status tab; the app starts its list from the top."""
        tab = self._tab(status)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        self.wait_ready()

    def visible(self) -> list[Listing]:
        """Every row loaded so far."""
        self.wait_ready()
        rows = self.rows.evaluate_all(READ_ROWS)
        return [
            Listing(
                product_id=row["product_id"],
                title=row["title"],
                skus=tuple(s.strip() for s in row["skus"].split(",") if s.strip()),
                status=ROW_STATUSES.get(row["status"].rstrip("…").lower(), "unknown"),
            )
            for row in rows
        ]

    def next_page(self) -> bool:
        """Scroll to the end of the list so it loads more; False when it has all."""
        self.wait_ready()
        if self.end.is_visible():
            return False
        loaded = self.rows.count()
        self.page.mouse.wheel(0, 100_000)
        expect(self.rows).not_to_have_count(loaded)
        self.wait_ready()
        return True

    def page_number(self) -> tuple[int, int]:
        """One endless list: always page 1 of 1."""
        return 1, 1

    def last_page(self) -> None:
        """Scroll until the whole list is loaded: the list's one 'page'."""
        while self.next_page():
            pass

    def previous_page(self) -> bool:
        """An endless list has no page before the one shown."""
        return False

    def read_all(
        self, status: str, progress: ProgressHook | None = None
    ) -> list[Listing]:
        """Every listing in one status, scrolling until the list has them all."""
        self.show(status)
        total = count_in(self._tab(status).inner_text())
        while self.next_page():
            if progress:
                progress(self.rows.count(), total)
        if progress:
            progress(total, total)
        return self.visible()

    def selected_count(self) -> int:
        """The app's own count of selected products."""
        text = self.counter.inner_text().strip()
        match = SELECTED.match(text)
        if match is None:
            raise PageStateError(f"cannot read the selection from {text!r}")
        return int(match[1].replace(",", ""))

    def select_every(self) -> int:
        """Load the whole list, then tick 'Select all', which selects loaded rows."""
        while self.next_page():
            pass
        self.select_loaded.check()
        return self.selected_count()

    def select_page(self) -> int:
        """Tick 'Select all', which selects the rows loaded so far."""
        self.select_loaded.check()
        return self.selected_count()

    def ticked(self) -> set[str]:
        """The product IDs of the loaded rows whose boxes are ticked."""
        return {pid for pid, ticked in ticks(self.rows).items() if ticked}

    def select(self, product_ids: list[str]) -> int:
        """Tick the row of each of these loaded listings."""
        for product_id in product_ids:
            self._row_box(product_id).check()
        return self.selected_count()

    def deactivate_selected(self) -> int:
        """Bulk actions -> Unpublish, confirm; returns how many the app took on.

        The list's refresh can drop the selection just after it was checked,
        which switches Bulk actions off; that is a selection to make again, not
        a button to wait for.
        """
        selected = self.selected_count()
        if not click_when_clear(self.bulk, wait_while_off=False):
            raise SelectionChanged(
                f"{APP} dropped the selection before Bulk actions was pressed "
                f"(it shows {selected} selected)"
            )
        self.menu.get_by_role("menuitem", name="Unpublish", exact=True).click()
        expect(self.dialog).to_be_visible()
        title = check_dialog_count(self.dialog, selected, APP)
        with self.page.expect_response(
            lambda response: response.request.method == "POST"
        ) as answer:
            confirm(self.dialog, "Yes, unpublish")
        response = answer.value
        if not response.ok:
            raise PageStateError(
                f"{APP} refused to unpublish ({response.status}) after the dialog "
                f"{title!r}"
            )
        count = response.json().get("count")
        if not isinstance(count, int):
            raise PageStateError(f"{APP} did not say how many it unpublishes")
        return count

    def wait_gone(self, product_ids: list[str], timeout_ms: int) -> None:
        """Wait until these listings have left the Active tab's loaded rows."""
        wait_gone(
            [self._row_box(product_id) for product_id in product_ids],
            lambda: self.show(ACTIVE),
            timeout_ms,
        )
        self.wait_ready()

    def wait_count(self, status: str, at_most: int, timeout_ms: int) -> int:
        """Wait until a tab counts at most `at_most`; returns its count either way."""
        count = wait_for_count(self._tab(status), at_most, timeout_ms)
        self.wait_ready()
        return count
