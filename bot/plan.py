"""The plan of a run: every decision and switch change, fixed before any change."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError
from rich.console import Console
from rich.table import Table

from bot.decisions import Action, Decision, Listing, decide_one
from bot.errors import PlanRefused, SettingsError
from bot.sales import SalesBook
from bot.settings import Mode, Orders, RunOptions
from bot.summary import SwitchRecord

PLAN_FILE = "plan.json"


class Plan(BaseModel):
    """What a run will do to the shop, as read from both apps; saved as plan.json."""

    run_id: str
    created: str
    connector: str
    mode: Mode
    orders: Orders
    sales_window_days: int
    sales_source: str = ""
    sales_file: Path | None = None
    region: str
    shop: str = ""
    counts_before: dict[str, int]
    decisions: list[Decision]
    switches: list[SwitchRecord]
    notices: list[str] = []
    # The figures the plan was made from, for carrying it out in the same
    # session; not saved, so a later apply reads sales again.
    sales: SalesBook | None = Field(default=None, exclude=True)

    def deactivating(self) -> list[Decision]:
        """The decisions to deactivate a listing."""
        return [d for d in self.decisions if d.action is Action.DEACTIVATE]

    def switch_changes(self) -> list[SwitchRecord]:
        """The switches that are not yet in the wanted position."""
        return [s for s in self.switches if s.before != s.wanted]

    def is_empty(self) -> bool:
        """Tell whether the plan changes nothing: the shop is already migrated."""
        return not self.deactivating() and not self.switch_changes()

    def options(self, **given: object) -> RunOptions:
        """The run options this plan was made with, plus those `given` now."""
        return RunOptions.model_validate(
            {
                "connector": self.connector,
                "mode": self.mode,
                "orders": self.orders,
                "sales_window_days": self.sales_window_days,
                "sales_file": self.sales_file,
                **given,
            }
        )

    def write(self, run_dir: Path) -> Path:
        """Save the plan as plan.json in the run folder."""
        path = run_dir / PLAN_FILE
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")
        return path

    @classmethod
    def load(cls, run_dir: Path) -> Plan:
        """Read a run's plan.json, or say why there is none to carry out."""
        path = run_dir / PLAN_FILE
        if not run_dir.is_dir():
            raise SettingsError(
                f"no run folder {str(run_dir)!r}; check the run id and "
                "CONNECTOR_BOT_RECORDINGS_DIR"
            )
        if not path.exists():
            raise SettingsError(
                f"run {run_dir.name} has no {PLAN_FILE}: it stopped before its plan "
                "was made, so it changed nothing; start again with "
                "'connector-bot migrate' or 'connector-bot plan'"
            )
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as error:
            raise SettingsError(f"cannot read {str(path)!r}: {error}") from error


def check_limit(plan: Plan, max_deactivate: int | None) -> None:
    """Refuse a plan that deactivates more listings than the limit allows."""
    planned = len(plan.deactivating())
    if max_deactivate is not None and planned > max_deactivate:
        raise PlanRefused(
            f"the plan deactivates {planned} listings, more than --max-deactivate "
            f"{max_deactivate}; review {plan.run_id}/{PLAN_FILE} and raise the limit "
            "if it is right"
        )


def drift(
    plan: Plan,
    active: Iterable[Listing],
    book: SalesBook | None,
    done: set[str],
) -> list[str]:
    """How the Active listings now differ from the plan in a way that matters.

    `done` holds the listings this run's journal says it already deactivated;
    their leaving the Active tab is the plan at work, not a change.
    """
    now = {listing.product_id: listing for listing in active}
    planned = {d.product_id: d for d in plan.decisions}
    problems = []
    appeared = sorted(set(now) - set(planned))
    if appeared:
        problems.append(
            f"{len(appeared)} listings are Active that the plan did not see "
            f"(first {appeared[0]})"
        )
    vanished = sorted(
        pid
        for pid, decision in planned.items()
        if pid not in now and not (decision.action is Action.DEACTIVATE and pid in done)
    )
    if vanished:
        problems.append(
            f"{len(vanished)} planned listings are no longer Active "
            f"(first {vanished[0]})"
        )
    if plan.mode is Mode.KEEP_SALES and book is not None:
        for decision in plan.deactivating():
            listing = now.get(decision.product_id)
            if listing is None:
                continue
            fresh = decide_one(listing, plan.mode, book)
            if fresh.action is Action.KEEP:
                problems.append(
                    f"{decision.product_id} ({decision.title}) was planned for "
                    f"deactivation but now reads: {fresh.reason}"
                )
    return problems


def refuse_on_drift(problems: list[str]) -> None:
    """Stop before any change when the shop no longer matches the plan."""
    if problems:
        raise PlanRefused(
            "the shop changed since the plan was made: "
            + "; ".join(problems[:3])
            + ("; ..." if len(problems) > 3 else "")
            + ". Nothing was changed; make a new plan with 'connector-bot plan'"
        )


def _figures(decision: Decision) -> str:
    sales = decision.sales
    if sales is None:
        return ""
    parts = [
        f"GMV ${sales.gmv:,.2f}" if sales.gmv is not None else "GMV ?",
        f"{sales.items_sold if sales.items_sold is not None else '?'} sold",
        f"{sales.orders if sales.orders is not None else '?'} orders",
    ]
    return ", ".join(parts) + (" (rounded)" if sales.approx else "")


def _verdict(decision: Decision) -> str:
    if decision.action is Action.DEACTIVATE:
        return "deactivate"
    if decision.review:
        return "keep: needs review"
    return "keep: has sales"


def counts_line(plan: Plan) -> str:
    """The plan in one line: what it deactivates, keeps and switches off."""
    planned = len(plan.deactivating())
    review = sum(d.review for d in plan.decisions)
    switches = [s.key for s in plan.switch_changes()]
    return (
        f"deactivate {planned} of {len(plan.decisions)} Active listings, keep "
        f"{len(plan.decisions) - planned} ({review} for review); turn off "
        + (", ".join(switches) if switches else "no switches")
    )


# The plan's listing table is plain text: a shop of 10,000 listings took Rich
# seconds to lay out as a Table, longer than reading its pages.
LISTING_COLUMNS = ("product ID", "title", "decision", "reason", "sales")
WIDEST_CELL = 40


def listing_lines(plan: Plan) -> list[str]:
    """The plan's Active listings as a plain table: a header, a rule, one line each."""
    rows = [LISTING_COLUMNS] + [
        (
            decision.product_id,
            decision.title,
            _verdict(decision),
            decision.reason,
            _figures(decision),
        )
        for decision in plan.decisions
    ]
    cells = [[_cell(text) for text in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(LISTING_COLUMNS))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


# Unicode's control and format characters.
HIDDEN = ("Cc", "Cf")


def _cell(text: str) -> str:
    """One line of at most WIDEST_CELL characters: names may hold line breaks,
    control characters (a bell, an escape) that a terminal would obey, and
    format characters that turn or hide text (right-to-left, zero width)."""
    words = " ".join(text.split())
    flat = "".join(c for c in words if unicodedata.category(c) not in HIDDEN)
    return flat if len(flat) <= WIDEST_CELL else flat[: WIDEST_CELL - 1] + "…"


def print_plan(plan: Plan, run_dir: Path, console: Console) -> None:
    """Print every Active listing's decision and each switch change."""
    console.print("Active listings", style="italic")
    # Written as it is: Rich took 0.15 s to render 10,000 lines of plain text.
    console.file.write("\n".join(listing_lines(plan)) + "\n")
    switches = Table("switch", "now", "planned", title="Switches")
    for switch in plan.switches:
        now = "on" if switch.before else "off"
        planned = "turn off" if switch.before != switch.wanted else "already off"
        switches.add_row(switch.key, now, planned)
    console.print(switches)
    if plan.is_empty():
        console.print("Nothing to change: the shop is already migrated.")
    else:
        console.print(f"Plan: {counts_line(plan)}.")
    console.print(f"Plan saved: {run_dir / PLAN_FILE}")
