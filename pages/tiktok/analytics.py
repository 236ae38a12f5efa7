"""Seller Center Product analytics: date range, status filter, table and export."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from bot.errors import PageStateError
from bot.evidence import before_click
from bot.sales import SalesBook, figures_from_cells
from pages.connector import ProgressHook
from pages.widgets import ensure_signed_in, wait_loaded

PRESETS = {7: "Last 7 days", 28: "Last 28 days", 90: "Last 90 days"}
PAGE_OF = re.compile(r"^Page (\d+) of (\d+)$")

# Reads the rendered rows in one round trip; the product ID is a data attribute.
READ_ROWS = """rows => rows.flatMap(row => {
  const id = row.getAttribute("data-product-id");
  if (!id) return [];
  const cells = [...row.querySelectorAll("td")].map(td => td.innerText.trim());
  return [{product_id: id, title: cells[0], gmv: cells[3], items: cells[4],
           orders: cells[5]}];
})"""


class ProductAnalyticsPage:
    """Analytics -> Product analytics."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.range = page.get_by_label("Date range")
        self.status = page.get_by_label("Status", exact=True)
        self.table = page.get_by_role("table", name="Product analytics")
        self.export_link = page.get_by_role("link", name="Export")
        self.pager = page.get_by_role("navigation", name="Pagination")

    def wait_ready(self) -> None:
        """Wait until the table has loaded."""
        ensure_signed_in(self.page, "TikTok Shop Seller Center")
        expect(self.table).to_be_visible()
        wait_loaded(self.page)

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
        """Download the CSV export into `folder` under the name Seller Center gives."""
        before_click(self.export_link, "Export")
        with self.page.expect_download() as download_info:
            self.export_link.click()
        download = download_info.value
        if download.failure():
            raise PageStateError(f"the export failed: {download.failure()}")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / download.suggested_filename
        download.save_as(path)
        return path

    def read_table(self, book: SalesBook, progress: ProgressHook | None = None) -> None:
        """Add every row of the table to `book`, page by page."""
        self.page.get_by_label("Rows per page").select_option("100")
        self.wait_ready()
        while True:
            for row in self.table.get_by_role("row").evaluate_all(READ_ROWS):
                book.add(
                    figures_from_cells(
                        row["product_id"],
                        row["title"],
                        row["gmv"],
                        row["items"],
                        row["orders"],
                    )
                )
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
