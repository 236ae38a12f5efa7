"""What a run prints at its end: only what it read, nothing empty."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from bot.summary import Summary, SwitchRecord, print_summary


def printed(summary: Summary) -> str:
    out = io.StringIO()
    print_summary(summary, Path("/runs/x"), Console(file=out, width=100))
    return out.getvalue()


def summary(**fields: object) -> Summary:
    return Summary.model_validate(
        {
            "run_id": "20261205-090000-abcd",
            "started": "2026-12-05T09:00:00",
            "connector": "aftership",
            "mode": "all",
            "orders": "auto",
            "sales_window_days": 90,
            **fields,
        }
    )


def test_a_run_stopped_before_reading_prints_no_tables() -> None:
    output = printed(summary(problems=["AfterShip Feed ended the session"]))

    assert "Listings" not in output
    assert "Switches" not in output
    assert "Products" not in output
    assert "1 problem needs a look" in output
    assert "Evidence: /runs/x" in output


def test_a_run_that_read_the_shop_prints_its_counts_and_switches() -> None:
    switch = SwitchRecord(
        key="auto_link", before=True, wanted=False, after=False, result="changed"
    )
    output = printed(
        summary(
            counts_before={"active": 12},
            counts_after={"active": 0},
            switches=[switch],
        )
    )

    assert "Listings" in output
    assert "│ active │ 12     │ 0     │" in output
    assert "│ auto_link │ on     │ off    │ off   │ changed │" in output
