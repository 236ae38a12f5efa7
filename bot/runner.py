"""Runs one migration: settings in, evidence folder and exit code out."""

from __future__ import annotations

import http.client
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from loguru import logger
from playwright.sync_api import Error as PlaywrightError
from rich.console import Console

from bot.caption import Caption
from bot.connectors import connector_kind, credentials
from bot.consent import approve, is_approved, require_consent
from bot.errors import (
    BotError,
    PageStateError,
    PlanRefused,
    SessionExpired,
    SettingsError,
)
from bot.evidence import Evidence
from bot.journal import Journal
from bot.logs import log_to_file, scrubber
from bot.plan import PLAN_FILE, Plan, check_limit, print_plan
from bot.progress import Progress
from bot.report import write_report
from bot.retry import Retries
from bot.run import Run, new_run_id
from bot.sales import SalesBook, read_export
from bot.session import BrowserSession, require_display
from bot.settings import Mode, Orders, RunOptions, Settings
from bot.summary import Outcome, ProductRecord, Summary, print_summary
from flows.apply import apply_plan
from flows.plan import make_plan
from pages.connector import ConnectorApp
from pages.tiktok import SellerCenterApp
from pages.widgets import ResponseWatch

RUN_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{4}$")
Work = Callable[[Run, ConnectorApp, SellerCenterApp, Summary], Outcome]
SAFE_SETTINGS = (
    "aftership_url",
    "seller_center_url",
    "shopsync_url",
    "chromium_path",
    "headless_shell_path",
    "timeout_ms",
)


def session_file(settings: Settings, name: str, url: str) -> Path:
    """Where one app's saved session lives: one file per app and address."""
    safe = url.split("://", 1)[-1].replace(":", "-").replace("/", "-")
    return settings.sessions_dir / f"{name}-{safe}.json"


def describe(error: Exception) -> str:
    """The first line of a Playwright failure and what it was waiting for."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    waiting = [line for line in lines if "waiting for" in line][:1]
    return " ".join((lines or ["no detail"])[:1] + waiting)


# How long an app has to answer the check before a run, in seconds.
REACH_S = 10


class _SameOriginAnswers(urllib.request.HTTPRedirectHandler):
    """Takes a redirect within the app as its answer: the sign-in page behind
    it would add nothing. A redirect elsewhere is followed, to see that answer."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) == _origin(req.full_url):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def check_reachable(name: str, url: str) -> None:
    """Refuse, before any browser starts, an app that does not answer at all,
    or not with a whole HTTP answer within REACH_S seconds."""
    answer: list[BaseException | None] = []

    def ask() -> None:
        direct = urllib.request.ProxyHandler({})
        opener = urllib.request.build_opener(direct, _SameOriginAnswers())
        try:
            opener.open(url + "/", timeout=REACH_S).close()
            answer.append(None)
        except urllib.error.HTTPError:
            answer.append(None)
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            answer.append(error)

    # A timeout on the socket bounds each read, not the answer: a server that
    # sends a byte now and then would hold the check for ever.
    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    asking.join(REACH_S)
    if not answer:
        raise SettingsError(
            f"{name} does not answer at {url} (no whole answer in {REACH_S} s); "
            "check the address and the network"
        )
    if answer[0] is not None:
        reason = getattr(answer[0], "reason", answer[0])
        raise SettingsError(
            f"{name} does not answer at {url} ({reason}); check the address "
            "and the network"
        ) from answer[0]


def _prepare(settings: Settings, options: RunOptions) -> SalesBook | None:
    """Check what can be checked before a browser starts; read a sales file."""
    require_display(options.headed)
    kind = connector_kind(options.connector)
    check_reachable(kind.title, kind.url(settings))
    book = None
    if options.mode is Mode.KEEP_SALES and options.sales_file is not None:
        book = read_export(options.sales_file, options.sales_window_days)
    elif options.mode is Mode.KEEP_SALES:
        check_reachable("Seller Center", settings.seller_center_url)
    return book


def _keep_earlier_recordings(run_dir: Path) -> None:
    """A later session of a run records anew; number the earlier trace and video."""
    for name in ("trace.zip", "video.webm"):
        path = run_dir / name
        if path.exists():
            number = 1
            while (earlier := path.with_stem(f"{path.stem}-{number}")).exists():
                number += 1
            path.rename(earlier)


def _summarize(summary: Summary, plan: Plan) -> None:
    summary.region = plan.region
    summary.shop = plan.shop
    summary.counts_before = plan.counts_before
    summary.sales_source = plan.sales_source
    summary.products = [ProductRecord.from_decision(d) for d in plan.decisions]
    summary.notices = list(plan.notices)


def _present(plan: Plan, run: Run, summary: Summary, console: Console) -> None:
    """Save and print the plan, and let the summary show it."""
    plan.write(run.run_dir)
    _summarize(summary, plan)
    print_plan(plan, run.run_dir, console)


def _carry_out(
    plan: Plan,
    run: Run,
    connector: ConnectorApp,
    seller_center: SellerCenterApp,
    summary: Summary,
    console: Console,
    yes: bool,
    book: SalesBook | None,
    *,
    fresh: bool = False,
) -> Outcome:
    """Ask for consent unless given, then carry out the plan.

    A `fresh` plan was just made in this session; with --yes nothing waited
    between its survey and the first change, so the survey stands as the check.
    """
    limit = run.options.max_deactivate
    approve(plan, run.journal, console, yes=yes, max_deactivate=limit)
    apply_plan(run, connector, seller_center, plan, summary, book, fresh=fresh and yes)
    return "verified"


def run_migration(
    settings: Settings,
    options: RunOptions,
    console: Console,
    *,
    yes: bool = False,
    dry_run: bool = False,
) -> int:
    """Plan, ask, and carry out the plan in one session; returns the exit code.

    With `dry_run` it stops after the plan, changing nothing.
    """
    book = _prepare(settings, options)
    if not dry_run:
        require_consent(yes, "migrate")

    def work(
        run: Run,
        connector: ConnectorApp,
        seller_center: SellerCenterApp,
        summary: Summary,
    ) -> Outcome:
        # Auto-link, deactivate and verify, a check of the shop unless the
        # survey stands as one, and orders when they may be turned off.
        after = 0
        if not dry_run:
            after = 3 + (not yes) + (options.orders is not Orders.KEEP)
        plan = make_plan(run, connector, seller_center, book, steps_after=after)
        _present(plan, run, summary, console)
        if dry_run:
            summary.switches = plan.switches
            return "planned"
        return _carry_out(
            plan,
            run,
            connector,
            seller_center,
            summary,
            console,
            yes,
            plan.sales,
            fresh=True,
        )

    return _recorded(settings, options, new_run_id(), console, work)


def run_apply(
    settings: Settings,
    run_id: str,
    console: Console,
    *,
    yes: bool = False,
    resume: bool = False,
    max_deactivate: int | None = None,
    headed: bool = False,
    slow_mo_ms: int = 0,
) -> int:
    """Carry out a saved plan, or finish an interrupted run; returns the exit code."""
    if not RUN_ID.match(run_id):
        raise SettingsError(
            f"{run_id!r} is not a run id; run ids look like 20261204-142501-3fa2"
        )
    run_dir = settings.recordings_dir / run_id
    plan = Plan.load(run_dir)
    journal = Journal(run_dir / "journal.jsonl")
    if not resume and any(e.action != "approve" for e in journal.entries):
        raise SettingsError(
            f"run {run_id} has already made changes (see its journal.jsonl); "
            f"finish it with 'connector-bot resume {run_id}'"
        )
    options = plan.options(
        headed=headed, slow_mo_ms=slow_mo_ms, max_deactivate=max_deactivate
    )
    book = _prepare(settings, options)
    check_limit(plan, max_deactivate)
    if not plan.is_empty() and not is_approved(journal):
        require_consent(yes, "resume" if resume else "apply")

    def work(
        run: Run,
        connector: ConnectorApp,
        seller_center: SellerCenterApp,
        summary: Summary,
    ) -> Outcome:
        _summarize(summary, plan)
        if plan.is_empty():
            console.print("Nothing to change: the shop is already migrated.")
        return _carry_out(
            plan, run, connector, seller_center, summary, console, yes, book
        )

    return _recorded(settings, options, run_id, console, work)


def _recorded(
    settings: Settings,
    options: RunOptions,
    run_id: str,
    console: Console,
    work: Work,
) -> int:
    """Open a recorded browser session for a run, do the work, write the summary."""
    kind = connector_kind(options.connector)
    run_dir = settings.recordings_dir / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    _keep_earlier_recordings(run_dir)
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
            # A headed run shows its one window; a second would only distract.
            side = (
                None if options.headed or not settings.side_tab else session.side_page
            )
            connector = kind.build(
                session.page, connector_url, connector_login, side=side
            )
            connector.watch_overlays(
                lambda what: run.event("dismissed", "overlay", what)
            )
            seller_center = SellerCenterApp(
                session.page, settings.seller_center_url, seller_login
            )
            evidence.record(session.page)
            if options.redact:
                evidence.redact(
                    session.page, (*connector.personal(), *seller_center.personal())
                )
            if options.headed:
                evidence.caption = Caption(session.context)
            try:
                summary.outcome = work(run, connector, seller_center, summary)
                summary.exit_code = 0
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
            # Only a run with a plan can be resumed; one stopped before has
            # changed nothing and starts again.
            then = (
                f"'connector-bot resume {run_id}'"
                if (run_dir / PLAN_FILE).exists()
                else "the same command again"
            )
            message += f"; to continue, run 'connector-bot login {app}', then {then}"
        if message not in summary.problems:
            summary.problems.append(message)
        logger.error("run: stopped: {}", message)
        _hint_resume(summary, run_dir, error)
    except KeyboardInterrupt:
        summary.exit_code = 130
        summary.problems.append("interrupted by the operator")
        logger.error("run: interrupted; see journal.jsonl for what was done")
        _hint_resume(summary, run_dir, None)
    finally:
        summary.finished = datetime.now().isoformat(timespec="seconds")
        summary.steps = evidence.steps
        summary.redacted = options.redact
        summary.masked_areas = list(evidence.masked.values())
        summary.evidence = {
            name: name
            for name in ("trace.zip", "video.webm", "journal.jsonl", "run.log")
            if (run_dir / name).exists()
        }
        summary.write(run_dir)
        try:
            write_report(run_dir)
        except (BotError, OSError) as error:
            logger.warning(
                "report: not written ({}); run 'connector-bot report {}'", error, run_id
            )
        logger.remove(sink)
    print_summary(summary, run_dir, console)
    if (run_dir / "trace.zip").exists():
        console.print(
            "trace.zip records request headers, session cookies included: keep it "
            "with support, never send it to the merchant."
        )
    return summary.exit_code


def _hint_resume(summary: Summary, run_dir: Path, error: BotError | None) -> None:
    """After a stop once the plan is made, say how to finish the run."""
    if isinstance(error, PlanRefused) or not (run_dir / PLAN_FILE).exists():
        return
    if isinstance(error, SessionExpired):
        return  # its message already names the login and resume commands
    summary.notices.append(
        f"to finish this run: 'connector-bot resume {summary.run_id}'"
    )
