"""The report's words and table, from a summary written by hand."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from bot.decisions import Action
from bot.errors import SettingsError
from bot.report import product_cells, write_report
from bot.summary import ProductRecord, Summary


def summary_with_trouble() -> Summary:
    return Summary(
        run_id="20261204-120000-abcd",
        started="2026-12-04T12:00:00",
        finished="2026-12-04T12:01:05",
        connector="aftership",
        mode="keep-sales",
        orders="auto",
        sales_window_days=28,
        shop="Maple & Moss <Home>",
        products=[
            ProductRecord(
                product_id="P1",
                title="Linen Mug",
                skus=("LM-1", "LM-2"),
                action=Action.KEEP,
                reason="has sales in the last 28 days (3 sold)",
                gmv=Decimal("1234.5"),
                items_sold=1200,
                orders=3,
                approx=True,
                result="kept",
            ),
            ProductRecord(
                product_id="P2",
                title="Pet Candle",
                action=Action.DEACTIVATE,
                reason="no sales in the last 28 days",
                result="failed",
                result_note="still Active after the deactivation",
            ),
            ProductRecord(
                product_id="P3",
                title="Cozy Blanket",
                action=Action.KEEP,
                reason="sales unclear: two rows disagree",
                review=True,
                result="kept",
            ),
        ],
        problems=["verify: 1 listings were not deactivated"],
    )


def test_product_cells_say_figures_window_and_review_in_words() -> None:
    summary = summary_with_trouble()

    kept, failed, review = (product_cells(p, summary) for p in summary.products)

    assert kept[2:7] == ["LM-1, LM-2", "≈$1,234.50", "≈1200", "≈3", "last 28 days"]
    assert failed[9] == "failed: still Active after the deactivation"
    assert failed[3:6] == ["", "", ""]
    assert review[7] == "keep (review)"


def test_report_puts_failures_and_review_first_and_escapes_text(
    tmp_path: Path,
) -> None:
    summary = summary_with_trouble()
    data = json.loads(summary.model_dump_json())
    data["events"] = [
        {"kind": "retry", "step": "deactivate", "detail": "Deactivate answered 502"}
    ]
    (tmp_path / "summary.json").write_text(json.dumps(data), encoding="utf-8")
    plan = {"decisions": [{"product_id": "P2", "action": "deactivate"}]}
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")

    page, table = write_report(tmp_path)

    html = page.read_text(encoding="utf-8")
    attention = html.index("Needs your attention")
    assert attention < html.index("Every Active listing (3)")
    for words in (
        "verify: 1 listings were not deactivated",
        "<b>Pet Candle</b> (P2) was meant to be deactivated but still Active",
        "1 listings kept live for you to review",
        "<b>Cozy Blanket</b> (P3): sales unclear",
        "kind: retry; step: deactivate; detail: Deactivate answered 502",
        "1 decisions (1 deactivate)",
    ):
        assert attention < html.index(words), words
    assert "Maple &amp; Moss &lt;Home&gt;" in html
    assert "<Home>" not in html
    assert "(1 min 5 s)" in html
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert [row[1] for row in rows] == ["Product ID", "P1", "P2", "P3"]


def test_report_of_a_folder_without_summary_says_what_to_give(
    tmp_path: Path,
) -> None:
    with pytest.raises(SettingsError, match=r"no summary\.json"):
        write_report(tmp_path)


def test_a_title_that_starts_like_a_formula_stays_text_in_the_csv(
    tmp_path: Path,
) -> None:
    summary = summary_with_trouble()
    summary.products[0].title = '=HYPERLINK("http://127.0.0.1:1/","click")'
    summary.write(tmp_path)

    write_report(tmp_path)

    with (tmp_path / "products.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["Title"] == '\'=HYPERLINK("http://127.0.0.1:1/","click")'
    assert rows[1]["Title"] == "Pet Candle"
