from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from bot.decisions import Listing, decide
from bot.errors import PlanRefused
from bot.journal import Journal
from bot.plan import Plan, check_limit, drift, listing_lines
from bot.sales import SalesBook, SalesFigures
from bot.settings import Mode, Orders
from bot.summary import SwitchRecord

IDS = [f"17290000000000000{n:02d}" for n in range(4)]


def book(sold: set[str]) -> SalesBook:
    book = SalesBook(window_days=90, source="test")
    for pid in IDS:
        n = int(pid in sold)
        book.add(SalesFigures(product_id=pid, gmv=Decimal(n), items_sold=n, orders=n))
    return book


def listings(*ids: str) -> list[Listing]:
    return [Listing(product_id=pid, title=f"Mug {pid[-2:]}") for pid in ids]


def plan(sold: set[str]) -> Plan:
    return Plan(
        run_id="20261204-142501-3fa2",
        created="2026-12-04T14:25:01",
        connector="aftership",
        mode=Mode.KEEP_SALES,
        orders=Orders.OFF,
        sales_window_days=90,
        region="US",
        counts_before={"active": 4, "inactive": 0},
        decisions=decide(listings(*IDS), Mode.KEEP_SALES, book(sold)),
        switches=[SwitchRecord(key="auto_link", before=True, wanted=False)],
    )


def test_a_saved_plan_reads_back_the_same(tmp_path: Path) -> None:
    made = plan({IDS[0]})
    made.write(tmp_path)
    assert Plan.load(tmp_path) == made
    assert [d.product_id for d in made.deactivating()] == IDS[1:]


def test_an_unchanged_shop_has_no_drift() -> None:
    assert drift(plan({IDS[0]}), listings(*IDS), book({IDS[0]}), set()) == []


def test_a_planned_product_that_sold_since_is_drift() -> None:
    problems = drift(plan({IDS[0]}), listings(*IDS), book({IDS[0], IDS[2]}), set())
    assert len(problems) == 1
    assert problems[0].startswith(f"{IDS[2]} (Mug 02) was planned for deactivation")
    assert "has sales in the last 90 days" in problems[0]


def test_a_planned_product_missing_from_the_sales_now_is_drift() -> None:
    fewer = book({IDS[0]})
    del fewer.products[IDS[3]]
    problems = drift(plan({IDS[0]}), listings(*IDS), fewer, set())
    assert "no match by product ID or SKU" in problems[0]


def test_listings_that_appear_or_vanish_are_drift() -> None:
    new = "1729000000000000099"
    problems = drift(plan({IDS[0]}), listings(*IDS[1:], new), None, set())
    assert problems == [
        f"1 listings are Active that the plan did not see (first {new})",
        f"1 planned listings are no longer Active (first {IDS[0]})",
    ]


def test_listings_the_journal_deactivated_are_not_drift() -> None:
    made = plan({IDS[0]})
    assert drift(made, listings(IDS[0]), None, set(IDS[1:])) == []
    kept_gone = drift(made, listings(*IDS[1:]), None, set(IDS))
    assert kept_gone == [f"1 planned listings are no longer Active (first {IDS[0]})"]


def test_a_limit_below_the_plan_refuses_it() -> None:
    check_limit(plan(set()), 4)
    with pytest.raises(PlanRefused, match="deactivates 4 listings"):
        check_limit(plan(set()), 3)


def test_journal_lists_intents_without_a_result(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.intend("switch_off", "auto_link", before=True)
    journal.done("switch_off", "auto_link", after=False)
    journal.intend("deactivate", "2 listings", product_ids=IDS[:2])
    journal.done("deactivate", "2 listings", product_ids=IDS[:2])
    journal.intend("deactivate", "2 listings", product_ids=IDS[2:])
    journal.intend("switch_off", "order_sync", before=True)
    with (tmp_path / "journal.jsonl").open("a") as handle:
        handle.write('{"seq": 7, "phase": "do')

    again = Journal(tmp_path / "journal.jsonl")
    again.done("switch_off", "order_sync", after=False)

    assert [
        (e.action, e.detail.get("product_ids"))
        for e in Journal(tmp_path / "journal.jsonl").unfinished()
    ] == [("deactivate", IDS[2:])]


def test_the_printed_table_keeps_a_title_on_one_line_without_controls() -> None:
    shown = plan(set())
    title = "Mug\n\x1b[2Jred\x07 \x08c\u202eu\u200bp"
    shown.decisions[0] = dataclasses.replace(shown.decisions[0], title=title)

    lines = listing_lines(shown)

    assert len(lines) == 2 + len(shown.decisions)
    assert "Mug [2Jred cup" in lines[2]
    assert not any(ord(c) < 32 or c in "\u202e\u200b" for line in lines for c in line)
