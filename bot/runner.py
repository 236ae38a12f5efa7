"""Runs one migration: settings in, evidence folder and exit code out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from loguru import logger
from playwright.sync_api import Error as PlaywrightError
from rich.console import Console

from bot.connectors import connector_kind, credentials
from bot.errors import BotError, PageStateError, SessionExpired
from bot.evidence import Evidence
from bot.journal import Journal
from bot.logs import log_to_file, scrubber
from bot.progress import Progress
from bot.retry import Retries
from bot.run import Run, new_run_id
from bot.session import BrowserSession
from bot.settings import RunOptions, Settings
from bot.summary import Summary, print_summary
from flows.migrate import migrate
from pages.tiktok import SellerCenterApp
from pages.widgets import ResponseWatch

SAFE_SETTINGS = ("aftership_url", "seller_center_url", "chromium_path", "timeout_ms")


def session_file(settings: Settings, name: str, url: str) -> Path:
    """Where one app's saved session lives: one file per app and address."""
    safe = url.split("://", 1)[-1].replace(":", "-").replace("/", "-")
    return settings.sessions_dir / f"{name}-{safe}.json"


def describe(error: Exception) -> str:
    """The first line of a Playwright failure and what it was waiting for."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    waiting = [line for line in lines if "waiting for" in line][:1]
    return " ".join((lines or ["no detail"])[:1] + waiting)


def run_migration(settings: Settings, options: RunOptions, console: Console) -> int:
    """Carry out a migration; returns its exit code. Evidence goes in the run folder."""
    kind = connector_kind(options.connector)
    run_id = new_run_id()
    run_dir = settings.recordings_dir / run_id
    run_dir.mkdir(parents=True)
    sink = log_to_file(run_dir / "run.log")
    connector_url = kind.url(settings)
    connector_login = kind.credentials(settings)
    seller_login = credentials(
        settings.seller_center_username, settings.seller_center_password
    )
    for login in (connector_login, seller_login):
        if login:
            scrubber.add(login.password)
    summary = Summary(
        run_id=run_id,
        started=datetime.now().isoformat(timespec="seconds"),
        connector=options.connector,
        mode=options.mode.value,
        orders=options.orders.value,
        sales_window_days=options.sales_window_days,
        settings={k: str(getattr(settings, k)) for k in SAFE_SETTINGS},
    )
    logger.info("run: {} starts, evidence in {}", run_id, run_dir)
    saved = (
        session_file(settings, kind.name, connector_url),
        session_file(settings, "seller_center", settings.seller_center_url),
    )
    evidence = Evidence(run_dir)
    try:
        with BrowserSession(
            settings,
            run_dir,
            headed=options.headed,
            slow_mo_ms=options.slow_mo_ms,
            saved_sessions=saved,
        ) as session:

            def save_sessions() -> None:
                session.save_session(saved[0], connector_url)
                session.save_session(saved[1], settings.seller_center_url)

            run = Run(
                run_id=run_id,
                run_dir=run_dir,
                settings=settings,
                options=options,
                page=session.page,
                evidence=evidence,
                journal=Journal(run_dir / "journal.jsonl"),
                progress=Progress(),
                save_sessions=save_sessions,
            )
            ResponseWatch.of(session.page).retries = Retries(record=run.event)
            connector = kind.build(session.page, connector_url, connector_login)
            connector.watch_overlays(
                lambda what: run.event("dismissed", "overlay", what)
            )
            seller_center = SellerCenterApp(
                session.page, settings.seller_center_url, seller_login
            )
            try:
                migrate(run, connector, seller_center, summary)
                summary.outcome, summary.exit_code = "verified", 0
            except (PlaywrightError, AssertionError) as error:
                raise PageStateError(
                    f"a page did not behave as expected: {describe(error)}; see the "
                    "last screenshot and trace.zip in the run folder"
                ) from error
            finally:
                summary.problems = run.problems
                summary.events = run.events
                save_sessions()
    except BotError as error:
        summary.outcome = "failed" if summary.products else "stopped"
        summary.exit_code = error.exit_code
        message = str(error)
        if isinstance(error, SessionExpired):
            app = {SellerCenterApp.title: "tiktok"}.get(error.app, kind.name)
            message += (
                f"; to continue, run 'connector-bot login {app}', then "
                f"'connector-bot resume {run_id}'"
            )
        if message not in summary.problems:
            summary.problems.append(message)
        logger.error("run: stopped: {}", message)
    except KeyboardInterrupt:
        summary.exit_code = 130
        summary.problems.append("interrupted by the operator")
        logger.error("run: interrupted; see journal.jsonl for what was done")
    finally:
        summary.finished = datetime.now().isoformat(timespec="seconds")
        summary.steps = evidence.steps
        summary.evidence = {
            name: name
            for name in ("trace.zip", "video.webm", "journal.jsonl", "run.log")
            if (run_dir / name).exists()
        }
        summary.write(run_dir)
        logger.remove(sink)
    print_summary(summary, run_dir, console)
    return summary.exit_code
