"""The whole move off a connector app, in the merchant's order of steps."""

from __future__ import annotations

from loguru import logger

from bot.decisions import Action, Listing, decide
from bot.errors import VerificationFailed
from bot.run import Run
from bot.settings import Mode, Orders
from bot.summary import ProductRecord, Summary
from flows.collect_sales import collect_sales
from flows.deactivate_listings import deactivate_listings
from flows.relogin import resumes_after_login
from flows.stop_auto_link import stop_auto_link
from flows.stop_order_sync import stop_order_sync
from flows.verify import verify
from pages.connector import ACTIVE, ConnectorApp
from pages.tiktok import SellerCenterApp

ORDER_SYNC_NOTICE = (
    "order sync is off in {app}: new TikTok Shop orders will not be synced by it "
    "(they show as Blocked there); EcomSend Connector takes them over"
)


def migrate(
    run: Run, connector: ConnectorApp, seller_center: SellerCenterApp, summary: Summary
) -> None:
    """Survey, read sales, plan, stop auto-link, deactivate, stop orders, verify."""
    options = run.options
    active = _survey(run, connector, summary)

    book = None
    if options.mode is Mode.KEEP_SALES:
        book = collect_sales(run, seller_center, options.sales_window_days)
        summary.sales_source = book.source

    decisions = decide(active, options.mode, book)
    summary.products = [ProductRecord.from_decision(d) for d in decisions]
    planned = sum(d.action is Action.DEACTIVATE for d in decisions)
    review = sum(d.review for d in decisions)
    logger.info(
        "plan: deactivate {}, keep {} ({} for review)",
        planned,
        len(decisions) - planned,
        review,
    )
    if review:
        logger.warning("plan: {} listings kept live for review: sales unclear", review)
        summary.notices.append(
            f"{review} listings were kept live because their sales could not be "
            "established; check them in Product analytics"
        )

    summary.switches += stop_auto_link(run, connector)

    deactivate_listings(run, connector, decisions)

    turn_orders_off = options.orders is Orders.OFF or (
        options.orders is Orders.AUTO and summary.region == "US"
    )
    if turn_orders_off:
        summary.switches += stop_order_sync(run, connector)
        summary.notices.append(ORDER_SYNC_NOTICE.format(app=connector.title))
    else:
        logger.info(
            "orders: left as they are ({}, region {})", options.orders, summary.region
        )

    summary.counts_after = verify(
        run, connector, summary.products, summary.switches, summary.counts_before
    )
    if run.problems:
        raise VerificationFailed(
            f"the end state is not the planned one: {run.problems[0]}"
        )


@resumes_after_login
def _survey(run: Run, connector: ConnectorApp, summary: Summary) -> list[Listing]:
    """Read the region, the counts per status and every Active listing."""
    with run.evidence.step(run.page, "survey", f"reading {connector.title} as it is"):
        connector.open()
        summary.region = connector.region()
        listings = connector.listings()
        summary.counts_before = listings.counts()
        with run.progress.track("reading the Active tab") as hook:
            active = listings.read_all(ACTIVE, hook)
        logger.info(
            "survey: region {}, {} Active listings", summary.region, len(active)
        )
    return active
