"""Plan first: `plan` changes nothing, `apply` carries out exactly that plan,
and refuses when a limit says no or the shop changed in a way that matters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import StartSandbox, app_state, bot_env, run_bot, write_requests

pytestmark = pytest.mark.e2e


def test_plan_changes_nothing_and_apply_carries_it_out(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=31, products=40)
    url = box.config.aftership_url
    before = app_state(url)
    active = {x["product_id"] for x in before["listings"] if x["status"] == "Active"}
    env = bot_env(box, tmp_path)

    planned = run_bot(["plan", "--mode", "all", "--orders", "off"], env)

    assert planned.code == 0, planned.output
    assert planned.run_dir is not None
    assert app_state(url) == before
    assert write_requests(url) == {}
    plan = json.loads((planned.run_dir / "plan.json").read_text())
    assert {d["product_id"] for d in plan["decisions"]} == active
    assert {d["action"] for d in plan["decisions"]} == {"deactivate"}
    assert f"deactivate {len(active)} of {len(active)} Active listings" in (
        planned.output.replace("\n", " ")
    )
    assert min(active) in planned.output

    run_id = planned.run_dir.name
    limited = run_bot(["apply", run_id, "--yes", "--max-deactivate", "3"], env)
    unasked = run_bot(["apply", run_id], env)

    assert limited.code == 5, limited.output
    assert f"deactivates {len(active)} listings, more than --max-deactivate 3" in (
        limited.output
    )
    assert unasked.code == 2, unasked.output
    assert "pass --yes" in unasked.output
    assert write_requests(url) == {}

    applied = run_bot(["apply", run_id, "--yes"], env)

    assert applied.code == 0, applied.output
    # It numbers its steps on from the plan's, out of the whole run's.
    numbers = [
        (int(n), int(of))
        for n, of in re.findall(r"step (\d+) of (\d+)", applied.output)
    ]
    assert numbers[0][0] > 1
    assert [n for n, _ in numbers] == list(range(numbers[0][0], numbers[-1][1] + 1))
    assert {of for _, of in numbers} == {numbers[-1][0]}
    after = {x["product_id"]: x["status"] for x in app_state(url)["listings"]}
    for item in before["listings"]:
        expected = "Inactive" if item["status"] == "Active" else item["status"]
        assert after[item["product_id"]] == expected
    assert not any(app_state(url)["settings"].values())
    summary = json.loads((planned.run_dir / "summary.json").read_text())
    assert summary["outcome"] == "verified"
    assert len(summary["products"]) == len(active)


def test_apply_refuses_when_the_shop_changed_since_the_plan(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=32, products=40)
    url = box.config.aftership_url
    env = bot_env(box, tmp_path)
    planned = run_bot(["plan", "--mode", "keep-sales", "--orders", "off"], env)
    assert planned.code == 0, planned.output
    assert planned.run_dir is not None
    plan = json.loads((planned.run_dir / "plan.json").read_text())
    doomed = [d for d in plan["decisions"] if d["action"] == "deactivate"]
    assert doomed, "the seed must give some Active listings no sales"
    inactive = next(
        x["product_id"] for x in app_state(url)["listings"] if x["status"] == "Inactive"
    )

    box.store.add_sale(doomed[0]["product_id"], gmv_cents=1999)
    box.store.set_status(inactive, "Active")
    before = app_state(url)
    refused = run_bot(["apply", planned.run_dir.name, "--yes"], env)

    assert refused.code == 5, refused.output
    output = " ".join(refused.output.split())
    assert "the shop changed since the plan was made" in output
    assert f"{doomed[0]['product_id']} ({doomed[0]['title']}) was planned" in output
    assert "has sales in the last 90 days" in output
    assert f"Active that the plan did not see (first {inactive})" in output
    assert app_state(url) == before
    assert write_requests(url) == {}
