"""Fixtures shared by every test: free ports, sandboxes, and running the real bot."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.session import CHROMIUM_ARGS
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CHROMIUM = os.environ.get("CONNECTOR_BOT_CHROMIUM_PATH", "/usr/bin/chromium")


def free_port_pair() -> int:
    """A port whose next port is free too (the sandbox uses both)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
                return port
    raise RuntimeError("no two neighbouring free ports on 127.0.0.1")


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
        CONNECTOR_BOT_RECORDINGS_DIR=str(home / "recordings"),
        CONNECTOR_BOT_SESSIONS_DIR=str(home / "sessions"),
        CONNECTOR_BOT_CHROMIUM_PATH=CHROMIUM,
        COLUMNS="120",
    )
    env.update(extra)
    return env


def bot_env_without_video(box: Sandbox, home: Path) -> dict[str, str]:
    """Environment for a bot run that checks state, not evidence: no video, no trace."""
    return bot_env(box, home, CONNECTOR_BOT_VIDEO="false", CONNECTOR_BOT_TRACE="false")


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
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    new = sorted(set(recordings.iterdir()) - before) if recordings.exists() else []
    return BotRun(done.returncode, done.stdout + done.stderr, new[-1] if new else None)


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    """pytest-playwright's browser: the system Chromium, quiet on a closed network."""
    args = list(CHROMIUM_ARGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}
