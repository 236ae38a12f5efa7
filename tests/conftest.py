"""Fixtures shared by every test: free ports, sandboxes, and running the real bot."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import socket
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from playwright.sync_api import Page, Request, Route

from bot.session import browser_path, launch_args
from bot.settings import Settings
from pages.aftership import AfterShipApp
from pages.connector import SidePage
from pages.widgets import Credentials
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CHROMIUM = os.environ.get("CONNECTOR_BOT_CHROMIUM_PATH", "/usr/bin/chromium")
HEADLESS_SHELL = os.environ.get(
    "CONNECTOR_BOT_HEADLESS_SHELL_PATH", "/usr/bin/chromium-headless-shell"
)


def launched(headed: bool) -> str:
    """The Chromium build a run launches with these paths, fallback included."""
    builds = Settings(
        chromium_path=Path(CHROMIUM), headless_shell_path=Path(HEADLESS_SHELL)
    )
    return str(browser_path(builds, headed))


def free_port_pair() -> int:
    """A port whose next two ports are free too (the sandbox uses all three)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            with socket.socket() as second, socket.socket() as third:
                try:
                    second.bind(("127.0.0.1", port + 1))
                    third.bind(("127.0.0.1", port + 2))
                except OSError:
                    continue
                return port
    raise RuntimeError("no three neighbouring free ports on 127.0.0.1")


StartSandbox = Callable[..., Sandbox]


@pytest.fixture
def start_sandbox() -> Iterator[StartSandbox]:
    """Start sandboxes on free ports; every one is stopped after the test."""
    started: list[Sandbox] = []

    def start(**values: Any) -> Sandbox:
        config = SandboxConfig(port=free_port_pair(), **values)
        box = Sandbox(config).start()
        started.append(box)
        return box

    yield start
    for box in started:
        box.stop()


def app_state(url: str) -> dict[str, Any]:
    """The truth an app holds, from its test-only state endpoint."""
    response = httpx.get(f"{url}/__sandbox__/state", timeout=30)
    response.raise_for_status()
    data: dict[str, Any] = response.json()
    return data


@dataclass
class BotRun:
    """What one run of the real command line left behind."""

    code: int
    output: str
    run_dir: Path | None

    @property
    def summary(self) -> dict[str, Any]:
        assert self.run_dir is not None, self.output
        data: dict[str, Any] = json.loads((self.run_dir / "summary.json").read_text())
        return data


def bot_env(box: Sandbox, home: Path, **extra: str) -> dict[str, str]:
    """Environment for a bot run against `box`, with its own recordings folder."""
    config = box.config
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CONNECTOR_BOT_")
    }
    env.update(
        CONNECTOR_BOT_AFTERSHIP_URL=config.aftership_url,
        CONNECTOR_BOT_SELLER_CENTER_URL=config.seller_center_url,
        CONNECTOR_BOT_AFTERSHIP_USERNAME=config.username,
        CONNECTOR_BOT_AFTERSHIP_PASSWORD=config.password,
        CONNECTOR_BOT_SELLER_CENTER_USERNAME=config.username,
        CONNECTOR_BOT_SELLER_CENTER_PASSWORD=config.password,
        CONNECTOR_BOT_SHOPSYNC_URL=config.shopsync_url,
        CONNECTOR_BOT_SHOPSYNC_USERNAME=config.username,
        CONNECTOR_BOT_SHOPSYNC_PASSWORD=config.password,
        CONNECTOR_BOT_RECORDINGS_DIR=str(home / "recordings"),
        CONNECTOR_BOT_SESSIONS_DIR=str(home / "sessions"),
        CONNECTOR_BOT_CHROMIUM_PATH=CHROMIUM,
        CONNECTOR_BOT_HEADLESS_SHELL_PATH=HEADLESS_SHELL,
        COLUMNS="120",
    )
    env.update(extra)
    return env


def bot_env_without_video(box: Sandbox, home: Path, **extra: str) -> dict[str, str]:
    """Environment for a bot run that checks state, not evidence: no video, no trace."""
    return bot_env(
        box, home, CONNECTOR_BOT_VIDEO="false", CONNECTOR_BOT_TRACE="false", **extra
    )


def run_bot(args: list[str], env: dict[str, str], timeout: float = 300) -> BotRun:
    """Run `python -m bot ARGS` as a person would and collect what it left."""
    before = set()
    recordings = Path(env["CONNECTOR_BOT_RECORDINGS_DIR"])
    if recordings.exists():
        before = set(recordings.iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    new = sorted(set(recordings.iterdir()) - before) if recordings.exists() else []
    return BotRun(done.returncode, done.stdout + done.stderr, new[-1] if new else None)


def start_bot(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """Start `python -m bot ARGS` in its own process group, so a test can kill it
    and its browser together."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def film_codec(film: Path) -> str:
    """The codec of a film's video stream, as ffprobe names it."""
    probe = ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name"]
    done = subprocess.run(
        [*probe, "-of", "csv=p=0", str(film)], capture_output=True, text=True
    )
    return done.stdout.strip()


def write_requests(url: str) -> dict[str, int]:
    """How many requests that change something an app has answered, by path."""
    response = httpx.get(f"{url}/__sandbox__/requests", timeout=30)
    response.raise_for_status()
    return {
        f"{row['method']} {row['path']}": row["count"]
        for row in response.json()
        if row["method"] != "GET" and row["path"] != "/api/login"
    }


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def talk(
    args: list[str], env: dict[str, str], answers: list[tuple[str, str]]
) -> tuple[int, str]:
    """Run the bot on a terminal, answer its questions in order; return the exit
    code and everything the terminal showed."""
    leader, follower = pty.openpty()
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        start_new_session=True,
    )
    os.close(follower)
    output = b""
    waiting = list(answers)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if waiting and waiting[0][0].encode() in output:
            prompt, answer = waiting.pop(0)
            output = output.replace(prompt.encode(), f"<{prompt}>".encode(), 1)
            if prompt.endswith("password"):
                # Answer once the terminal stops echoing, as a person would see.
                while termios.tcgetattr(leader)[3] & termios.ECHO:
                    assert time.monotonic() < deadline, "the password would echo"
                    time.sleep(0.01)
            os.write(leader, answer.encode() + b"\n")
    os.close(leader)
    code = bot.wait(30)
    return code, ANSI.sub("", output.decode(errors="replace"))


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    """pytest-playwright's browser: the system's Chromium build the bot would run
    (the headless shell unless headed), quiet on a closed network."""
    headed = browser_type_launch_args.get("headless") is False
    return {
        **browser_type_launch_args,
        "executable_path": launched(headed),
        "args": launch_args(headed),
    }


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """An X display for headed runs: the one set, or an Xvfb started for the tests.

    Xvfb picks a free display number itself (-displayfd), so parallel test
    runs never share one.
    """
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    assert xvfb, "Xvfb is missing; 'make setup' installs it (Debian package xvfb)"
    ready, told = os.pipe()
    server = subprocess.Popen(
        [
            xvfb,
            "-displayfd",
            str(told),
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "1280x1024x24",
        ],
        pass_fds=(told,),
        stderr=subprocess.DEVNULL,
    )
    os.close(told)
    with os.fdopen(ready) as answer:
        number = answer.readline().strip()
    assert number, f"Xvfb did not start (exit code {server.poll()})"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


LOGIN_FORM = '<label>Password <input type="password"></label>'


# A toast over the whole page; 200 ms in, the app's next call (to the address
# given) answers 401, and the app sends the browser to its login form 1.2 s later.
SESSION_ENDS_UNDER_A_TOAST = """url => {
  const toast = document.createElement("div");
  toast.setAttribute("role", "status");
  toast.style.cssText = "position: fixed; inset: 0; z-index: 9";
  document.body.append(toast);
  setTimeout(async () => {
    await fetch(url);
    setTimeout(() => location.assign("/login"), 1200);
  }, 200);
}"""


def open_aftership(
    page: Page, box: Sandbox, side: SidePage | None = None
) -> AfterShipApp:
    """AfterShip Feed open at Channel listings on `page`, signed in."""
    config = box.config
    login = Credentials(config.username, config.password)
    app = AfterShipApp(page, config.aftership_url, login, side=side)
    app.open()
    return app


def listing_page(request: Request) -> int | None:
    """The page of listings `request` asks the app for, if it asks for one."""
    if request.method != "GET" or "/api/listings?" not in request.url:
        return None
    return int(parse_qs(urlparse(request.url).query)["page"][0])


def pages_asked(page: Page) -> list[int]:
    """The listing pages `page` asks the app for, from now on."""
    asked: list[int] = []

    def note(request: Request) -> None:
        if (number := listing_page(request)) is not None:
            asked.append(number)

    page.on("request", note)
    return asked


def open_signed_out_app(page: Page, body: str) -> None:
    """Open `body` as an app's page whose session has ended: every /api/ call
    answers 401, and /login is the app's login form."""

    def answer(route: Route) -> None:
        if "/api/" in route.request.url:
            route.fulfill(status=401, json={"error": "unauthenticated"})
        elif route.request.url.endswith("/login"):
            route.fulfill(body=LOGIN_FORM, content_type="text/html")
        else:
            route.fulfill(body=body, content_type="text/html")

    page.route("http://app.test/**", answer)
    page.goto("http://app.test/listings")
