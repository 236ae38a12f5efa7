"""Sessions: a person logs in once, the session is kept owner-only, and no
secret reaches anything a run writes for the merchant."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import StartSandbox, bot_env, run_bot, write_requests

pytestmark = pytest.mark.e2e


@pytest.fixture
def display() -> Iterator[str]:
    """A display for a headed browser: the one there is, or a fresh Xvfb."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        pytest.skip("no DISPLAY and no Xvfb; run scripts/setup.sh to install it")
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as handle:
        number = handle.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


def cookie(sessions: Path, app: str) -> str:
    (path,) = sessions.glob(f"{app}-*.json")
    assert path.stat().st_mode & 0o777 == 0o600, oct(path.stat().st_mode)
    cookies = json.loads(path.read_text())["cookies"]
    value: str = next(c["value"] for c in cookies if c["name"] == f"{app}_sid")
    return value


def test_login_keeps_a_session_and_no_secret_reaches_the_run_folder(
    start_sandbox: StartSandbox, tmp_path: Path, display: str
) -> None:
    box = start_sandbox(seed=51, products=30)
    env = bot_env(box, tmp_path, DISPLAY=display)
    password = box.config.password
    sessions = tmp_path / "sessions"

    login = run_bot(["login", "aftership", "--wait-minutes", "1"], env)

    assert login.code == 0, login.output
    assert sessions.stat().st_mode & 0o777 == 0o700
    signed_in = cookie(sessions, "aftership")
    without_password = {
        k: v for k, v in env.items() if not k.startswith("CONNECTOR_BOT_AFTERSHIP_")
    }
    run = run_bot(
        ["migrate", "--mode", "keep-sales", "--orders", "off", "--yes"],
        {**without_password, "CONNECTOR_BOT_AFTERSHIP_URL": box.config.aftership_url},
    )

    assert run.code == 0, run.output
    assert write_requests(box.config.aftership_url)["POST /api/listings/deactivate"]
    assert cookie(sessions, "aftership") == signed_in, "the saved session was reused"
    secrets = [password, signed_in, cookie(sessions, "seller_center")]
    assert run.run_dir is not None
    files = [p for p in run.run_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"plan.json", "journal.jsonl", "run.log"}
    for path in files:
        if path.name == "trace.zip":
            continue
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"a secret is in {path.name}"
    for secret in secrets:
        assert secret not in run.output + login.output
    with zipfile.ZipFile(run.run_dir / "trace.zip") as trace:
        recorded = b"".join(trace.read(name) for name in trace.namelist())
    assert signed_in.encode() in recorded, "the trace holds cookies: support only"
