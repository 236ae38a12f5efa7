"""Stop the old app from linking new products: Auto-link off."""

from __future__ import annotations

from bot.run import Run
from bot.summary import SwitchRecord
from flows.relogin import resumes_after_login
from flows.switches import switch_off
from pages.connector import PRODUCT_SYNC, ConnectorApp


@resumes_after_login
def stop_auto_link(run: Run, connector: ConnectorApp) -> list[SwitchRecord]:
    """Open the sync settings and turn product auto-link off."""
    with run.evidence.step(run.page, "auto-link", "turning Auto-link off"):
        return switch_off(run, connector.settings(), PRODUCT_SYNC)
