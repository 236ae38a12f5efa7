"""Read each product's sales in the window from Seller Center's Product analytics."""

from __future__ import annotations

from loguru import logger

from bot.errors import BotError
from bot.run import Run
from bot.sales import SalesBook, read_export
from flows.relogin import resumes_after_login
from pages.tiktok import SellerCenterApp


@resumes_after_login
def collect_sales(run: Run, seller_center: SellerCenterApp, days: int) -> SalesBook:
    """Export Product analytics for the last `days` days, or page its table."""
    with run.evidence.step(run.page, "sales", f"reading sales of the last {days} days"):
        seller_center.open()
        analytics = seller_center.product_analytics()

        analytics.show_last_days(days)
        analytics.show_status("All")

        try:
            export = analytics.export(run.run_dir / "sales")
            book = read_export(export, days)
        except BotError as error:
            run.event(
                "failed",
                "sales",
                f"the export did not work ({error}); reading the table",
            )
            book = SalesBook(window_days=days, source="Product analytics table")
            with run.progress.track("reading Product analytics") as hook:
                analytics.read_table(book, hook)

        read = run.run_dir / "sales" / "sales-read.json"
        read.parent.mkdir(parents=True, exist_ok=True)
        read.write_text(book.model_dump_json(indent=2), encoding="utf-8")
        logger.info(
            "sales: {} products read from {}, {} with sales",
            len(book.products),
            book.source,
            sum(bool(f.has_sales()) for f in book.products.values()),
        )
    return book
