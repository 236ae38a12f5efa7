"""The run's record for the merchant: summary.json and the one-screen summary."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass
from rich.console import Console
from rich.table import Table

from bot.decisions import Action, Decision
from bot.evidence import MaskedArea, Step

Result = Literal["deactivated", "kept", "failed", "planned", "not run"]
Outcome = Literal["verified", "failed", "stopped", "planned"]


class SwitchRecord(BaseModel):
    """One switch: what it was, what was wanted, what it is now."""

    key: str
    before: bool
    wanted: bool
    after: bool | None = None
    result: Literal["changed", "already", "kept", "failed", "planned"] = "planned"
    note: str = ""
    step: int | None = None


class Event(BaseModel):
    """One retry, failure, skip or new login during a run, named for the report."""

    kind: str
    step: str
    detail: str


@dataclass(slots=True, kw_only=True)
class ProductRecord:
    """One Active listing: its decision, the reason and what became of it."""

    product_id: str
    title: str
    skus: tuple[str, ...] = ()
    action: Action
    reason: str
    review: bool = False
    gmv: Decimal | None = None
    items_sold: int | None = None
    orders: int | None = None
    approx: bool = False
    status_after: str | None = None
    result: Result = "planned"
    result_note: str = ""

    @classmethod
    def from_decision(cls, decision: Decision) -> ProductRecord:
        sales = decision.sales
        return cls(
            product_id=decision.product_id,
            title=decision.title,
            skus=decision.skus,
            action=decision.action,
            reason=decision.reason,
            review=decision.review,
            gmv=sales.gmv if sales else None,
            items_sold=sales.items_sold if sales else None,
            orders=sales.orders if sales else None,
            approx=sales.approx if sales else False,
        )


class Summary(BaseModel):
    """Everything a run did, for summary.json and the report."""

    run_id: str
    started: str
    finished: str = ""
    connector: str
    mode: str
    orders: str
    sales_window_days: int
    sales_source: str = ""
    region: str = ""
    settings: dict[str, str] = Field(default_factory=dict)
    counts_before: dict[str, int] = Field(default_factory=dict)
    counts_after: dict[str, int] = Field(default_factory=dict)
    switches: list[SwitchRecord] = Field(default_factory=list)
    products: list[ProductRecord] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    outcome: Outcome = "stopped"
    exit_code: int = 1
    evidence: dict[str, str] = Field(default_factory=dict)
    shop: str = ""
    redacted: bool = False
    masked_areas: list[MaskedArea] = Field(default_factory=list)

    def write(self, run_dir: Path) -> Path:
        path = run_dir / "summary.json"
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")
        return path


def print_summary(summary: Summary, run_dir: Path, console: Console) -> None:
    """Print counts, switches, problems and where the evidence is, on one screen."""
    console.print(
        f"[bold]{summary.connector}[/] migration, mode {summary.mode}, "
        f"region {summary.region or '?'}: [bold]{summary.outcome}[/]"
    )
    # A run that stopped before reading something prints no empty table for it.
    if summary.counts_before:
        counts = Table("status", "before", "after", title="Listings")
        for status, before in summary.counts_before.items():
            after = summary.counts_after.get(status)
            counts.add_row(status, str(before), "-" if after is None else str(after))
        console.print(counts)
    if summary.switches:
        switches = Table(
            "switch", "before", "wanted", "after", "result", title="Switches"
        )
        for switch in summary.switches:
            switches.add_row(
                switch.key,
                _on(switch.before),
                _on(switch.wanted),
                _on(switch.after),
                switch.result,
            )
        console.print(switches)
    if summary.products:
        results = Counter(product.result for product in summary.products)
        review = sum(product.review for product in summary.products)
        console.print(
            "Products: "
            + ", ".join(f"{n} {result}" for result, n in sorted(results.items()))
            + (f"; {review} kept for review" if review else "")
        )
    for event in summary.events:
        console.print(f"{event.kind}: {event.step}: {event.detail}")
    if summary.problems:
        count = len(summary.problems)
        console.print(
            f"[yellow]{count} {'problem needs' if count == 1 else 'problems need'} "
            "a look[/]: warned above, and listed first in the report"
        )
    for notice in summary.notices:
        console.print(f"note: {notice}")
    console.print(f"Evidence: {run_dir}")
    report = run_dir / "report.html"
    if report.exists():
        console.print(f"Report: {report}")


def _on(value: bool | None) -> str:
    return "-" if value is None else ("on" if value else "off")
