"""The browser session: one Chromium, one context, one page, recorded as evidence."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from loguru import logger
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from bot.errors import BotError, SettingsError
from bot.ffmpeg import ensure_recorder
from bot.settings import Settings
from pages.memory import EXPOSE_COLLECTOR, EXPOSED

# Chromium reaches out to Google's services at start; on a closed network those
# calls fail noisily, so switch them off. As root, its sandbox cannot start.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # The bot's scripts collect a reading tab's garbage as they wait.
    EXPOSE_COLLECTOR,
]
# With no window, nothing needs the GPU process's fallback rasterizer (the
# apps draw no WebGL): 15 MB less at a 10,000-listing run's peak.
HEADLESS_ARGS = ["--disable-gpu", "--disable-software-rasterizer"]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
# The film at five eighths of the page, as Playwright sizes it by default: the
# text stays readable, and its encoder, on the same cores as the browser, takes
# 60 MB and a tenth of a 10,000-listing run less than at full size. The
# screenshots keep the full size.
VIDEO_SIZE: ViewportSize = {"width": 800, "height": 500}
# Playwright's driver is a Node process. With Node's default young generation
# it holds about 45 MB more at a run's peak than with the smallest one, and
# with its JIT compiler 10 MB more; a run is no slower without either
# (measured with `make bench`).
DRIVER_NODE_OPTIONS = {"--max-semi-space-size": "=1", "--jitless": ""}


class State(Enum):
    NEW = "not started"
    OPEN = "open"
    CLOSED = "closed"


def require_display(headed: bool) -> None:
    """Refuse a headed browser on Linux with no X or Wayland display to show it
    on; other systems always have one."""
    shown = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if headed and sys.platform == "linux" and not shown:
        raise SettingsError(
            "a headed browser needs a display and DISPLAY is not set; run it "
            "under 'xvfb-run -a connector-bot ...', or without a window "
            "(--no-headed)"
        )


def browser_path(settings: Settings, headed: bool) -> Path:
    """The Chromium build to launch: the headless shell for a run with no window
    when it is installed, the full browser otherwise."""
    if headed:
        return settings.chromium_path
    shell = settings.headless_shell_path
    if shell.exists():
        return shell
    logger.warning(
        "session: no headless shell at {}, so the full Chromium runs without a "
        "window, at about 200 MB more; install chromium-headless-shell, or "
        "set CONNECTOR_BOT_HEADLESS_SHELL_PATH to where it is",
        shell,
    )
    return settings.chromium_path


def launch_args(headed: bool) -> list[str]:
    """Chromium's command line for a run with or without a window, as this user."""
    args = [*CHROMIUM_ARGS, *([] if headed else HEADLESS_ARGS)]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def _small_driver() -> None:
    """Start Playwright's driver with a small young generation and no JIT,
    each unless the operator set it in NODE_OPTIONS; the driver inherits this
    environment."""
    options = os.environ.get("NODE_OPTIONS", "").split()
    for name, value in DRIVER_NODE_OPTIONS.items():
        if not any(option.split("=")[0] == name for option in options):
            options.append(name + value)
    os.environ["NODE_OPTIONS"] = " ".join(options)


class BrowserSession:
    """Starts Chromium recording video and trace into the run folder; closes them."""

    def __init__(
        self,
        settings: Settings,
        run_dir: Path,
        *,
        headed: bool = False,
        slow_mo_ms: int = 0,
        saved_sessions: tuple[Path, ...] = (),
    ) -> None:
        self.settings = settings
        self.run_dir = run_dir
        self.headed = headed
        self.slow_mo_ms = slow_mo_ms
        self.saved_sessions = saved_sessions
        self.state = State.NEW
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._context: BrowserContext | None = None
        self._page: Page | None = None

    @property
    def page(self) -> Page:
        """The run's page; only while the session is open."""
        if self.state is not State.OPEN or self._page is None:
            raise BotError(
                f"the browser session is {self.state.value}; use it inside "
                "'with BrowserSession(...)'"
            )
        return self._page

    @property
    def context(self) -> BrowserContext:
        """The run's browser context; only while the session is open."""
        if self.state is not State.OPEN or self._context is None:
            raise BotError(f"the browser session is {self.state.value}")
        return self._context

    def open(self) -> BrowserSession:
        """Launch Chromium and open the recorded page."""
        if self.state is not State.NEW:
            raise BotError(
                f"a browser session can open once; this one is {self.state.value}"
            )
        path = browser_path(self.settings, self.headed)
        if not path.exists():
            raise SettingsError(
                f"no Chromium at {str(path)!r}; run 'make setup' or set "
                "CONNECTOR_BOT_CHROMIUM_PATH"
            )
        require_display(self.headed)
        video = self.settings.video and ensure_recorder() is not None
        _small_driver()
        self._playwright = sync_playwright().start()
        self.state = State.OPEN
        self._browser = self._playwright.chromium.launch(
            executable_path=str(path),
            headless=not self.headed,
            slow_mo=self.slow_mo_ms,
            args=launch_args(self.headed),
        )
        self._context = self._browser.new_context(
            viewport=VIEWPORT,
            accept_downloads=True,
            record_video_dir=self.run_dir / "video-parts" if video else None,
            record_video_size=VIDEO_SIZE if video else None,
        )
        self._context.set_default_timeout(self.settings.timeout_ms)
        expect.set_options(timeout=self.settings.timeout_ms)
        # Apps on one host share its cookies, so each app's file may carry
        # another's; the most recently saved file is the freshest, so it goes last.
        existing = [saved for saved in self.saved_sessions if saved.exists()]
        for saved in sorted(existing, key=lambda path: path.stat().st_mtime):
            cookies = json.loads(saved.read_text(encoding="utf-8"))["cookies"]
            self._context.add_cookies(cookies)
            logger.debug("session: reusing the saved session {}", saved.name)
        if self.settings.trace:
            # Its filmstrip only repeats the video's frames, at the cost of a
            # second screencast and a trace ten times the size (50 MB for
            # 10,000 listings); with no video, keep it. Snapshots of the page at
            # every call are left out unless asked for: they made a
            # 10,000-listing keep-sales run an eighth slower, and the video and
            # the steps' screenshots show the screens.
            self._context.tracing.start(
                screenshots=not video, snapshots=self.settings.trace_snapshots
            )
        self._page = self._context.new_page()
        logger.debug("session: {} {} open", path.name, self._browser.version)
        if not self._page.evaluate(EXPOSED):
            logger.warning(
                "session: this Chromium does not let pages collect their garbage "
                "(another --js-flags?); long reads will take more memory"
            )
        return self

    @contextlib.contextmanager
    def side_page(self) -> Iterator[Page]:
        """A page beside the run's own, signed in as it is, for reading alongside
        it; closed when the block ends.

        Its context is neither recorded nor traced: a second video would take
        another ffmpeg, and what it reads comes back to the run's own page.
        """
        if self._browser is None:
            raise BotError(f"the browser session is {self.state.value}")
        state = self.context.storage_state()
        side = self._browser.new_context(viewport=VIEWPORT, storage_state=state)
        try:
            side.set_default_timeout(self.settings.timeout_ms)
            yield side.new_page()
        finally:
            with contextlib.suppress(PlaywrightError):
                side.close()

    def save_session(self, path: Path, origin: str) -> None:
        """Save one app's cookies, owner-only, so the next run starts signed in.

        An app the run never signed in to, with no session saved before, gets
        no file: an empty one would only say it had one."""
        host = urlsplit(origin).hostname
        cookies = [c for c in self.context.cookies() if c.get("domain") == host]
        if not cookies and not path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"cookies": cookies}, handle)
        os.chmod(path, 0o600)

    def close(self) -> None:
        """Stop the trace, finish the video and close the browser, whatever happened."""
        if self.state is not State.OPEN:
            self.state = State.CLOSED
            return
        video = self._page.video if self._page else None
        try:
            if self._context is not None:
                if self.settings.trace:
                    with contextlib.suppress(PlaywrightError):
                        self._context.tracing.stop(path=self.run_dir / "trace.zip")
                self._context.close()
            if video is not None:
                with contextlib.suppress(PlaywrightError):
                    video.save_as(self.run_dir / "video.webm")
                    video.delete()
                with contextlib.suppress(OSError):
                    (self.run_dir / "video-parts").rmdir()
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._playwright is not None:
                self._playwright.stop()
            self.state = State.CLOSED

    def __enter__(self) -> BrowserSession:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
