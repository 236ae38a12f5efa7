"""Read both apps and decide, changing nothing: the plan a run carries out."""

from __future__ import annotations

from datetime import datetime

from loguru import logger

from bot.decisions import Listing, decide
from bot.plan import Plan
from bot.run import Run
from bot.sales import SalesBook
from bot.settings import Mode, Orders
from bot.summary import SwitchRecord
from flows.collect_sales import collect_sales
from flows.relogin import resumes_after_login
from pages.connector import ACTIVE, ORDER_SYNC, PRODUCT_SYNC, ConnectorApp
from pages.tiktok import SellerCenterApp

ORDER_SYNC_NOTICE = (
    "once order sync is off in {app}, new TikTok Shop orders will not be synced "
    "by it{marked}; EcomSend Connector takes them over"
)


def make_plan(
    run: Run,
    connector: ConnectorApp,
    seller_center: SellerCenterApp,
    book: SalesBook | None,
    *,
    steps_after: int,
) -> Plan:
    """Survey the listings, read sales unless given, decide, read the switches.

    `steps_after` is how many steps the run expects once the plan is made;
    apply makes the count exact once the plan is known.
    """
    options = run.options
    # Survey and switches, with sales when asked.
    run.evidence.planned_steps = 2 + (options.mode is Mode.KEEP_SALES) + steps_after
    region, shop, counts, active = _survey(run, connector)

    if options.mode is Mode.KEEP_SALES and book is None:
        book = collect_sales(run, seller_center, options.sales_window_days)

    decisions = decide(active, options.mode, book)
    notices = []
    review = sum(d.review for d in decisions)
    if review:
        logger.warning("plan: {} listings kept live for review: sales unclear", review)
        notices.append(
            f"{review} listings were kept live because their sales could not be "
            "established; check them in Product analytics"
        )

    with run.evidence.step(run.page, "switches", "reading the sync switches"):
        now = connector.settings().switches()
    keys = [key for key in PRODUCT_SYNC if key in now]
    orders_off = options.orders is Orders.OFF or (
        options.orders is Orders.AUTO and region == "US"
    )
    if orders_off:
        keys += [key for key in ORDER_SYNC if key in now]
        marked = connector.unsynced_orders
        notices.append(
            ORDER_SYNC_NOTICE.format(
                app=connector.title, marked=f" ({marked})" if marked else ""
            )
        )
    else:
        logger.info("orders: left as they are ({}, region {})", options.orders, region)

    plan = Plan(
        run_id=run.run_id,
        created=datetime.now().isoformat(timespec="seconds"),
        connector=options.connector,
        mode=options.mode,
        orders=options.orders,
        sales_window_days=options.sales_window_days,
        sales_source=book.source if book else "",
        sales_file=options.sales_file.resolve() if options.sales_file else None,
        region=region,
        shop=shop,
        counts_before=counts,
        decisions=decisions,
        switches=[SwitchRecord(key=k, before=now[k], wanted=False) for k in keys],
        notices=notices,
        sales=book,
    )
    logger.info(
        "plan: deactivate {}, keep {} ({} for review), {} switches to turn off",
        len(plan.deactivating()),
        len(decisions) - len(plan.deactivating()),
        review,
        len(plan.switch_changes()),
    )
    return plan


@resumes_after_login
def _survey(
    run: Run, connector: ConnectorApp
) -> tuple[str, str, dict[str, int], list[Listing]]:
    """Read the region, the shop's name, the counts and every Active listing."""
    with run.evidence.step(run.page, "survey", f"reading {connector.title} as it is"):
        connector.open()
        region = connector.region()
        shop = connector.shop_name()
        listings = connector.listings()
        counts = listings.counts()
        with run.progress.track("reading the Active tab") as hook:
            active = listings.read_all(ACTIVE, hook)
        logger.info("survey: region {}, {} Active listings", region, len(active))
    return region, shop, counts, active
