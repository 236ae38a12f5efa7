"""The command line: parse, build settings, run, report; nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from loguru import logger
from pydantic import SecretStr, ValidationError
from rich.console import Console

from bot.connectors import CONNECTORS, connector_kind
from bot.errors import EXIT_CODES, BotError, SettingsError
from bot.logs import configure
from bot.runner import run_migration
from bot.settings import Mode, Orders, RunOptions, Settings, load_settings
from sandbox.config import SandboxConfig

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Move a TikTok Shop merchant off a third-party connector app.",
    epilog="Exit codes: "
    + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items()),
)
console = Console()

SettingsFile = Annotated[
    Path | None, typer.Option("--settings", help="JSON or TOML file of settings.")
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log detail too.")]


def _fail(error: BotError) -> typer.Exit:
    console.print(f"[red]error:[/] {error}")
    return typer.Exit(error.exit_code)


def _options(**values: object) -> RunOptions:
    try:
        return RunOptions.model_validate(values)
    except ValidationError as error:
        problem = error.errors()[0]
        raise SettingsError(
            f"option {problem['loc'][0]!r}: {problem['msg']}"
        ) from error


@app.command()
def migrate(
    connector: Annotated[str, typer.Option(help="The app to leave.")] = "aftership",
    mode: Annotated[Mode, typer.Option(help="all, or keep-sales.")] = Mode.ALL,
    orders: Annotated[
        Orders, typer.Option(help="Order sync: off, keep, or auto.")
    ] = Orders.AUTO,
    sales_window_days: Annotated[
        int, typer.Option(help="Days of sales that count.")
    ] = 90,
    headed: Annotated[bool, typer.Option(help="Show the browser.")] = False,
    slow_mo: Annotated[int, typer.Option(help="Pause after each action, in ms.")] = 0,
    settings_file: SettingsFile = None,
    verbose: Verbose = False,
) -> None:
    """Deactivate the old app's listings and switch off its sync, with evidence."""
    configure(verbose)
    try:
        options = _options(
            connector=connector,
            mode=mode,
            orders=orders,
            sales_window_days=sales_window_days,
            headed=headed,
            slow_mo_ms=slow_mo,
        )
        connector_kind(options.connector)
        settings = load_settings(settings_file)
        code = run_migration(settings, options, console)
    except BotError as error:
        raise _fail(error) from error
    raise typer.Exit(code)


@app.command()
def connectors() -> None:
    """List the connector apps the bot can move a merchant off."""
    for kind in CONNECTORS.values():
        console.print(f"{kind.name}\t{kind.title}")


@app.command()
def sandbox(
    port: Annotated[
        int, typer.Option(help="Connector app port; Seller Center is +1.")
    ] = 8700,
    seed: int = 7,
    products: int = 240,
    region: str = "US",
    hazards: Annotated[
        str, typer.Option(help="Comma-separated hazards to switch on.")
    ] = "",
    latency_ms: int = 0,
    database: Annotated[Path | None, typer.Option(help="SQLite file to keep.")] = None,
    session_expiry_seconds: Annotated[
        float, typer.Option(help="Session lifetime under the session-expiry hazard.")
    ] = 30,
    fixture: Annotated[
        str, typer.Option(help="shop, or gmv-ladder: product i sells i x $10.25.")
    ] = "shop",
) -> None:
    """Serve the replica apps on loopback until Ctrl-C."""
    import asyncio

    from sandbox.server import Sandbox

    configure()
    try:
        config = SandboxConfig(
            port=port,
            seed=seed,
            products=products,
            region=region,
            hazards=hazards,
            latency_ms=latency_ms,
            database=database,
            session_expiry_seconds=session_expiry_seconds,
            fixture=fixture,
        )
    except ValidationError as error:
        raise _fail(SettingsError(str(error.errors()[0]["msg"]))) from error
    box = Sandbox(config)
    console.print(
        f"AfterShip Feed replica: {config.aftership_url}\n"
        f"Seller Center replica:  {config.seller_center_url}\n"
        f"Log in as {config.username} / {config.password}. Ctrl-C stops."
    )
    try:
        asyncio.run(box.serve())
    except KeyboardInterrupt:
        pass
    finally:
        box.stop()


@app.command()
def demo(
    port: int = 8700,
    mode: Mode = Mode.KEEP_SALES,
    headed: Annotated[bool, typer.Option(help="Show the browser.")] = True,
    slow_mo: int = 400,
    products: int = 240,
    verbose: Verbose = False,
) -> None:
    """Start the sandbox and run a migration against it, for demos and training."""
    from sandbox.server import Sandbox

    configure(verbose)
    config = SandboxConfig(port=port, products=products)
    settings = Settings(
        aftership_url=config.aftership_url,
        seller_center_url=config.seller_center_url,
        aftership_username=config.username,
        aftership_password=SecretStr(config.password),
        seller_center_username=config.username,
        seller_center_password=SecretStr(config.password),
        sessions_dir=Path("recordings") / ".sessions",
    )
    options = RunOptions(mode=mode, headed=headed, slow_mo_ms=slow_mo if headed else 0)
    logger.info(
        "demo: sandbox on {} and {}", config.aftership_url, config.seller_center_url
    )
    try:
        with Sandbox(config):
            code = run_migration(settings, options, console)
    except BotError as error:
        raise _fail(error) from error
    except RuntimeError as error:
        raise _fail(SettingsError(str(error))) from error
    raise typer.Exit(code)


def main() -> None:
    """Entry point of the connector-bot console script."""
    app()
