"""Consent: a person at a terminal is asked before the first change."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import openpyxl
import pytest

from tests.conftest import StartSandbox, app_state, bot_env, talk, write_requests

pytestmark = pytest.mark.e2e


def euros(amount: float) -> str:
    """Money as a German-language export writes it: 1.234,50 €."""
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} €"


def write_sales_xlsx(path: Path, products: list[dict[str, object]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Produktanalyse", "letzte 90 Tage"])
    sheet.append(["Product ID", "Product name", "GMV", "Items sold", "Orders"])
    for product in products:
        sales = product["sales"]["90d"]  # type: ignore[index]
        sheet.append(
            [
                str(product["product_id"]),
                str(product["title"]),
                euros(sales["gmv"]),
                f"{sales['items_sold']:,}".replace(",", "."),
                str(sales["orders"]),
            ]
        )
    workbook.save(path)


def test_a_person_says_no_to_migrate_then_yes_to_apply(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=41, products=30)
    products = app_state(box.config.seller_center_url)["products"]
    sales_file = tmp_path / "Produktanalyse.xlsx"
    write_sales_xlsx(sales_file, products)
    before = app_state(box.config.aftership_url)
    env = bot_env(box, tmp_path, COLUMNS="200")
    args = ["migrate", "--mode", "keep-sales", "--sales-file", str(sales_file)]

    code, output = talk(args, env, [("Carry out this plan?", "n")])

    assert code == 5, output
    assert "About to deactivate" in output
    assert "the plan was not approved, so nothing was changed" in output
    assert app_state(box.config.aftership_url) == before
    assert write_requests(box.config.aftership_url) == {}
    counts = httpx.get(f"{box.config.seller_center_url}/__sandbox__/requests").json()
    seller_center = [row for row in counts if row["app"] == "seller_center"]
    assert seller_center == [], "the sales file must replace Seller Center"

    (run_dir,) = (tmp_path / "recordings").iterdir()
    plan = json.loads((run_dir / "plan.json").read_text())
    assert plan["sales_source"] == sales_file.name
    sold = {
        p["product_id"]
        for p in products
        if p["sales"]["90d"]["items_sold"] or p["sales"]["90d"]["gmv"]
    }
    decisions = {d["product_id"]: d for d in plan["decisions"]}
    assert set(decisions) & sold and set(decisions) - sold
    for product_id, decision in decisions.items():
        wanted = "keep" if product_id in sold else "deactivate"
        assert decision["action"] == wanted, decision
        assert not decision["review"], decision
    kept = decisions[min(set(decisions) & sold)]
    truth = next(p for p in products if p["product_id"] == kept["product_id"])
    assert float(kept["sales"]["gmv"]) == truth["sales"]["90d"]["gmv"]
    assert "keep: has sales" in output

    code, output = talk(["apply", run_dir.name], env, [("Carry out this plan?", "y")])

    assert code == 0, output
    after = {
        x["product_id"]: x["status"]
        for x in app_state(box.config.aftership_url)["listings"]
    }
    for product_id, decision in decisions.items():
        wanted = "Active" if decision["action"] == "keep" else "Inactive"
        assert after[product_id] == wanted, product_id
    approval = json.loads((run_dir / "journal.jsonl").read_text().splitlines()[0])
    assert (approval["action"], approval["detail"]["by"]) == ("approve", "terminal")
