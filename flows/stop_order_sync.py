"""Stop the old app from syncing orders and fulfillments."""

from __future__ import annotations

from bot.run import Run
from bot.summary import SwitchRecord
from flows.relogin import resumes_after_login
from flows.switches import switch_off
from pages.connector import ORDER_SYNC, ConnectorApp


@resumes_after_login
def stop_order_sync(run: Run, connector: ConnectorApp) -> list[SwitchRecord]:
    """Open the sync settings and turn every order and fulfillment switch off."""
    with run.evidence.step(
        run.page, "order-sync", "turning order and fulfillment sync off"
    ):
        return switch_off(run, connector.settings(), ORDER_SYNC)
