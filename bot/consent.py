"""The merchant's consent to a plan: asked on a terminal, or given with --yes."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.prompt import Confirm

from bot.errors import PlanRefused, SettingsError
from bot.journal import Journal
from bot.plan import Plan, check_limit, counts_line


def can_ask() -> bool:
    """Tell whether a person at a terminal can answer a question."""
    return sys.stdin.isatty()


def require_consent(yes: bool, command: str) -> None:
    """Refuse, before anything starts, a change no one can be asked about."""
    if not yes and not can_ask():
        raise SettingsError(
            f"'{command}' changes the shop and there is no terminal to ask for "
            "consent; pass --yes to go ahead, or run 'connector-bot plan' first "
            "and review its plan"
        )


def is_approved(journal: Journal) -> bool:
    """Tell whether the journal records that the plan was approved."""
    return any(entry.action == "approve" for entry in journal.entries)


def approve(
    plan: Plan,
    journal: Journal,
    console: Console,
    *,
    yes: bool,
    max_deactivate: int | None,
) -> None:
    """Check the limit, then ask (unless --yes); the answer goes in the journal."""
    check_limit(plan, max_deactivate)
    if plan.is_empty() or is_approved(journal):
        return
    if not yes:
        console.print(f"About to {counts_line(plan)}.")
        try:
            agreed = Confirm.ask("Carry out this plan?", console=console, default=False)
        except EOFError:
            agreed = False
        if not agreed:
            raise PlanRefused(
                "the plan was not approved, so nothing was changed; "
                f"'connector-bot apply {plan.run_id}' carries it out later"
            )
    journal.done(
        "approve",
        plan.run_id,
        by="--yes" if yes else "terminal",
        deactivate=len(plan.deactivating()),
        switches=[switch.key for switch in plan.switch_changes()],
    )
