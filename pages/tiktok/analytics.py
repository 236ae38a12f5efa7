"""Seller Center Product analytics: date range, status filter, table and export."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from bot.errors import PageStateError
from bot.evidence import before_click
from bot.sales import SalesBook, SalesFigures, figures_from_cells
from pages.connector import ProgressHook
from pages.widgets import download, ensure_signed_in, settle

PRESETS = {7: "Last 7 days", 28: "Last 28 days", 90: "Last 90 days"}
PAGE_OF = re.compile(r"^Page (\d+) of (\d+)$")
# A prepared export can take minutes on a big shop.
EXPORT_TIMEOUT_MS = 300_000

# Reads the rendered rows in one round trip; the product ID is a data attribute.
# A figure's title holds its exact value where the cell shows "1.2K".
READ_ROWS = """rows => rows.flatMap(row => {
  const id = row.getAttribute("data-product-id");
  if (!id) return [];
  const cells = [...row.querySelectorAll("td, [role=gridcell]")];
  const exact = i => (cells[i].getAttribute("title") || cells[i].innerText).trim();
  return [{product_id: id, index: Number(row.getAttribute("aria-rowindex")),
           title: cells[0].innerText.trim(), gmv: exact(3), items: exact(4),
           orders: exact(5)}];
})"""


class ProductAnalyticsPage:
    """Analytics -> Product analytics."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.range = page.get_by_label("Date range")
        self.status = page.get_by_label("Status", exact=True)
        self.grid = page.get_by_role("grid", name="Product analytics")
        self.table = page.get_by_role("table", name="Product analytics").or_(self.grid)
        self.export_control = page.get_by_role("link", name="Export").or_(
            page.get_by_role("button", name="Export", exact=True)
        )
        self.pager = page.get_by_role("navigation", name="Pagination")

    def wait_ready(self) -> None:
        """Wait until the table has loaded."""
        ensure_signed_in(self.page, "TikTok Shop Seller Center")
        settle(self.page, "sales", self.table)

    def show_last_days(self, days: int, today: date | None = None) -> None:
        """Show sales of the last `days` days, today included."""
        if days in PRESETS:
            self.range.select_option(label=PRESETS[days])
        else:
            last = today or date.today()
            self.range.select_option(label="Custom")
            self.page.get_by_label("Start date").fill(
                (last - timedelta(days=days - 1)).isoformat()
            )
            self.page.get_by_label("End date").fill(last.isoformat())
            self.page.get_by_role("button", name="Apply").click()
        self.wait_ready()

    def show_status(self, status: str) -> None:
        """Filter by product status: All, Active or Inactive."""
        self.status.select_option(label=status)
        self.wait_ready()

    def export(self, folder: Path) -> Path:
        """Download the CSV export into `folder` under the name Seller Center gives.

        Export either downloads at once, opens a tab that downloads, or prepares
        the file in the background and then offers a Download link.
        """
        expect(self.export_control).to_be_visible()
        if self.export_control.is_disabled():
            reason = self.export_control.get_attribute("title") or "no reason shown"
            raise PageStateError(f"Seller Center's Export is switched off: {reason}")
        link = self.export_control
        if self.export_control.get_attribute("href") is None:
            self.export_control.click()
            link = self.page.get_by_role("link", name="Download", exact=True)
            expect(link).to_be_visible(timeout=EXPORT_TIMEOUT_MS)
        before_click(link, "Export")
        file = download(self.page, link)
        if file.failure():
            raise PageStateError(f"the export failed: {file.failure()}")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file.suggested_filename
        file.save_as(path)
        if file.page != self.page:
            file.page.close()
        return path

    def read_table(self, book: SalesBook, progress: ProgressHook | None = None) -> None:
        """Add every row of the table to `book`, page by page or by scrolling."""
        if self.grid.is_visible():
            self._read_grid(book, progress)
            return
        self.page.get_by_label("Rows per page").select_option("100")
        self.wait_ready()
        while True:
            for row in self.table.get_by_role("row").evaluate_all(READ_ROWS):
                book.add(_figures(row))
            text = self.pager.get_by_text(PAGE_OF).inner_text().strip()
            match = PAGE_OF.match(text)
            if match is None:
                raise PageStateError(f"cannot read the page number from {text!r}")
            shown, pages = int(match[1]), int(match[2])
            if progress:
                progress(shown, pages)
            if shown >= pages:
                return
            self.pager.get_by_role("button", name="Next").click()
            expect(self.pager.get_by_text(f"Page {shown + 1} of")).to_be_visible()
            self.wait_ready()

    def _read_grid(self, book: SalesBook, progress: ProgressHook | None) -> None:
        """Scroll a virtualised grid to its last row, reading each window of rows.

        Only the rows in view (and a few more) exist in the page, so a count of
        rows says nothing; aria-rowcount gives the total, aria-rowindex the place.
        """
        self.wait_ready()
        last = int(self.grid.get_attribute("aria-rowcount") or 1)
        if last <= 1:
            return
        indexes: set[int] = set()
        for _ in range(last + 1):
            self.wait_ready()
            before = len(book.products)
            for row in self.grid.get_by_role("row").evaluate_all(READ_ROWS):
                indexes.add(row["index"])
                book.add(_figures(row))
            new = len(book.products) - before
            if progress:
                progress(len(book.products), last - 1)
            if last in indexes and new == 0:
                break
            self.grid.hover()
            self.page.mouse.wheel(0, self.grid.evaluate("grid => grid.clientHeight"))
            if last not in indexes:
                # A row has no name to find it by; its place is an ARIA attribute.
                after = self.grid.locator(f'[aria-rowindex="{max(indexes) + 1}"]')
                expect(after).to_be_attached()
        if len(book.products) != last - 1:
            raise PageStateError(
                f"the Product analytics grid gave {len(book.products)} products "
                f"where it counts {last - 1}; read the export instead"
            )


def _figures(row: dict[str, str]) -> SalesFigures:
    return figures_from_cells(
        row["product_id"], row["title"], row["gmv"], row["items"], row["orders"]
    )
