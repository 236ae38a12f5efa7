"""The command line: parse, build settings, run, report; nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from loguru import logger
from pydantic import SecretStr, ValidationError
from rich.console import Console
from rich.markup import escape

from bot.connectors import CONNECTORS, connector_kind
from bot.errors import EXIT_CODES, BotError, SettingsError
from bot.login import run_login
from bot.logs import configure
from bot.report import write_report
from bot.runner import run_apply, run_migration
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
Redact = Annotated[
    bool,
    typer.Option(help="Mask personal data (owner, e-mail) in screenshots and video."),
]


def _fail(error: BotError) -> typer.Exit:
    console.print(f"[red]error:[/] {escape(str(error))}", soft_wrap=True)
    return typer.Exit(error.exit_code)


# Run options whose command-line flag is not their name with dashes.
FLAGS = {"slow_mo_ms": "--slow-mo"}


def _options(**values: object) -> RunOptions:
    try:
        return RunOptions.model_validate(values)
    except ValidationError as error:
        problem = error.errors()[0]
        field = str(problem["loc"][0])
        flag = FLAGS.get(field, "--" + field.replace("_", "-"))
        raise SettingsError(f"{flag}: {problem['msg']}") from error


Connector = Annotated[str, typer.Option(help="The app to leave.")]
ModeOption = Annotated[Mode, typer.Option(help="all, or keep-sales.")]
OrdersOption = Annotated[Orders, typer.Option(help="Order sync: off, keep, or auto.")]
SalesWindow = Annotated[int, typer.Option(help="Days of sales that count.")]
SalesFile = Annotated[
    Path | None,
    typer.Option(help="Product analytics export (.csv or .xlsx) to read sales from."),
]
Headed = Annotated[bool, typer.Option(help="Show the browser.")]
SlowMo = Annotated[int, typer.Option(help="Pause after each action, in ms.")]
Yes = Annotated[
    bool, typer.Option("--yes", "-y", help="Carry out the plan without asking.")
]
MaxDeactivate = Annotated[
    int | None,
    typer.Option(min=0, help="Refuse a plan that deactivates more listings."),
]
RunId = Annotated[str, typer.Argument(help="The run's id: its folder's name.")]


@app.command()
def plan(
    connector: Connector = "aftership",
    mode: ModeOption = Mode.ALL,
    orders: OrdersOption = Orders.AUTO,
    sales_window_days: SalesWindow = 90,
    sales_file: SalesFile = None,
    headed: Headed = False,
    slow_mo: SlowMo = 0,
    redact: Redact = False,
    settings_file: SettingsFile = None,
    verbose: Verbose = False,
) -> None:
    """Read both apps and write the run's plan.json; change nothing."""
    migrate(
        connector=connector,
        mode=mode,
        orders=orders,
        sales_window_days=sales_window_days,
        sales_file=sales_file,
        dry_run=True,
        headed=headed,
        slow_mo=slow_mo,
        redact=redact,
        settings_file=settings_file,
        verbose=verbose,
    )


@app.command()
def migrate(
    connector: Connector = "aftership",
    mode: ModeOption = Mode.ALL,
    orders: OrdersOption = Orders.AUTO,
    sales_window_days: SalesWindow = 90,
    sales_file: SalesFile = None,
    dry_run: Annotated[
        bool, typer.Option(help="Plan with full evidence, change nothing.")
    ] = False,
    yes: Yes = False,
    max_deactivate: MaxDeactivate = None,
    headed: Headed = False,
    slow_mo: SlowMo = 0,
    redact: Redact = False,
    settings_file: SettingsFile = None,
    verbose: Verbose = False,
) -> None:
    """Plan, ask, then deactivate the old app's listings and switch off its sync."""
    configure(verbose)
    try:
        options = _options(
            connector=connector,
            mode=mode,
            orders=orders,
            sales_window_days=sales_window_days,
            sales_file=sales_file,
            max_deactivate=max_deactivate,
            headed=headed,
            slow_mo_ms=slow_mo,
            redact=redact,
        )
        connector_kind(options.connector)
        settings = load_settings(settings_file)
        code = run_migration(settings, options, console, yes=yes, dry_run=dry_run)
    except BotError as error:
        raise _fail(error) from error
    raise typer.Exit(code)


def _apply(run_id: str, *, resume: bool, **values: Any) -> None:
    configure(values.pop("verbose"))
    try:
        settings = load_settings(values.pop("settings_file"))
        code = run_apply(settings, run_id, console, resume=resume, **values)
    except BotError as error:
        raise _fail(error) from error
    raise typer.Exit(code)


@app.command()
def apply(
    run_id: RunId,
    yes: Yes = False,
    max_deactivate: MaxDeactivate = None,
    headed: Headed = False,
    slow_mo: SlowMo = 0,
    settings_file: SettingsFile = None,
    verbose: Verbose = False,
) -> None:
    """Carry out the plan a run made; refuse if the shop changed since."""
    _apply(
        run_id,
        resume=False,
        yes=yes,
        max_deactivate=max_deactivate,
        headed=headed,
        slow_mo_ms=slow_mo,
        settings_file=settings_file,
        verbose=verbose,
    )


@app.command()
def resume(
    run_id: RunId,
    yes: Yes = False,
    headed: Headed = False,
    slow_mo: SlowMo = 0,
    settings_file: SettingsFile = None,
    verbose: Verbose = False,
) -> None:
    """Finish an interrupted run from its journal and what the apps show now."""
    _apply(
        run_id,
        resume=True,
        yes=yes,
        headed=headed,
        slow_mo_ms=slow_mo,
        settings_file=settings_file,
        verbose=verbose,
    )


@app.command()
def login(
    app_name: Annotated[
        str, typer.Argument(metavar="APP", help="aftership (a connector) or tiktok.")
    ],
    headed: Annotated[
        bool, typer.Option(help="Show the browser, so a person can log in.")
    ] = True,
    wait_minutes: Annotated[
        int, typer.Option(min=1, help="How long to wait for the login.")
    ] = 5,
    settings_file: SettingsFile = None,
    verbose: Verbose = False,
) -> None:
    """Log in to an app by hand (two-factor included) and keep the session."""
    configure(verbose)
    try:
        settings = load_settings(settings_file)
        code = run_login(
            settings, app_name, console, headed=headed, wait_minutes=wait_minutes
        )
    except BotError as error:
        raise _fail(error) from error
    raise typer.Exit(code)


@app.command()
def report(
    run_id: Annotated[
        str, typer.Argument(help="A run's id, or the path of its folder.")
    ],
    settings_file: SettingsFile = None,
) -> None:
    """Write a run's report.html and products.csv again from its folder."""
    configure()
    try:
        folder = Path(run_id)
        if not folder.is_dir():
            folder = load_settings(settings_file).recordings_dir / run_id
        page, table = write_report(folder)
    except BotError as error:
        raise _fail(error) from error
    console.print(f"Report: {page}\nTable:  {table}")


@app.command()
def connectors() -> None:
    """List the connector apps the bot can move a merchant off."""
    for kind in CONNECTORS.values():
        console.print(f"{kind.name}\t{kind.title}")


@app.command()
def sandbox(
    port: Annotated[
        int,
        typer.Option(help="AfterShip Feed port; Seller Center is +1, Shop Sync +2."),
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
        f"AfterShip Feed replica:   {config.aftership_url}\n"
        f"Seller Center replica:    {config.seller_center_url}\n"
        f"TikTok Shop Sync replica: {config.shopsync_url}\n"
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
    connector: Annotated[str, typer.Option(help="The app to leave.")] = "aftership",
    mode: Mode = Mode.KEEP_SALES,
    headed: Annotated[bool, typer.Option(help="Show the browser.")] = True,
    slow_mo: int = 400,
    products: int = 240,
    redact: Redact = False,
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
        shopsync_url=config.shopsync_url,
        shopsync_username=config.username,
        shopsync_password=SecretStr(config.password),
    )
    settings.sessions_dir = settings.recordings_dir / ".sessions"
    options = RunOptions(
        connector=connector,
        mode=mode,
        headed=headed,
        slow_mo_ms=slow_mo if headed else 0,
        redact=redact,
    )
    logger.info(
        "demo: sandbox on {} and {}", config.aftership_url, config.seller_center_url
    )
    try:
        connector_kind(connector)
        with Sandbox(config):
            code = run_migration(settings, options, console, yes=True)
    except BotError as error:
        raise _fail(error) from error
    except RuntimeError as error:
        raise _fail(SettingsError(str(error))) from error
    raise typer.Exit(code)


def main() -> None:
    """Entry point of the connector-bot console script."""
    app()
