"""Sessions: a person logs in once, the session is kept owner-only, and no
secret reaches anything a run writes for the merchant."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import (
    StartSandbox,
    app_state,
    bot_env,
    run_bot,
    start_bot,
    talk,
    write_requests,
)

pytestmark = pytest.mark.e2e


def cookie(sessions: Path, app: str) -> str:
    (path,) = sessions.glob(f"{app}-*.json")
    assert path.stat().st_mode & 0o777 == 0o600, oct(path.stat().st_mode)
    cookies = json.loads(path.read_text())["cookies"]
    value: str = next(c["value"] for c in cookies if c["name"] == f"{app}_sid")
    return value


def has_approval(recordings: Path) -> bool:
    return recordings.exists() and any(
        '"approve"' in journal.read_text()
        for journal in recordings.glob("*/journal.jsonl")
    )


def test_login_then_an_expired_session_then_login_and_resume_leak_no_secret(
    start_sandbox: StartSandbox, tmp_path: Path, display: str
) -> None:
    box = start_sandbox(seed=51, products=30)
    shop = app_state(box.config.aftership_url)
    env = bot_env(box, tmp_path, DISPLAY=display)
    password = box.config.password
    sessions = tmp_path / "sessions"
    recordings = tmp_path / "recordings"
    without_password = {
        **{k: v for k, v in env.items() if "_AFTERSHIP_" not in k},
        "CONNECTOR_BOT_AFTERSHIP_URL": box.config.aftership_url,
    }

    first_login = run_bot(["login", "aftership", "--wait-minutes", "1"], env)

    assert first_login.code == 0, first_login.output
    assert sessions.stat().st_mode & 0o777 == 0o700
    first_cookie = cookie(sessions, "aftership")

    bot = start_bot(["migrate", "--mode", "keep-sales", "--yes"], without_password)
    deadline = time.monotonic() + 120
    while not has_approval(recordings) and bot.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    box.store.expire_sessions()
    output, _ = bot.communicate(timeout=120)

    assert bot.returncode == 3, output
    (run_dir,) = recordings.iterdir()
    assert f"connector-bot resume {run_dir.name}" in " ".join(output.split())
    assert "connector-bot login aftership" in " ".join(output.split())
    # Auto-link is turned off on the page the plan read, so the first request
    # after the approval is that switch's save: the app refused it.
    assert app_state(box.config.aftership_url) == shop

    second_login = run_bot(["login", "aftership", "--wait-minutes", "1"], env)
    resumed = run_bot(["resume", run_dir.name], without_password)

    assert second_login.code == 0, second_login.output
    assert resumed.code == 0, resumed.output
    assert write_requests(box.config.aftership_url)["POST /api/listings/deactivate"]
    secrets = [
        password,
        first_cookie,
        cookie(sessions, "aftership"),
        cookie(sessions, "seller_center"),
    ]
    files = [p for p in run_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"plan.json", "journal.jsonl", "run.log"}
    for path in files:
        if path.name.startswith("trace"):
            continue
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"a secret is in {path.name}"
    for run_output in (first_login.output, output, second_login.output, resumed.output):
        for secret in secrets:
            assert secret not in run_output
    with zipfile.ZipFile(run_dir / "trace.zip") as trace:
        recorded = b"".join(trace.read(name) for name in trace.namelist())
    assert secrets[2].encode() in recorded, "the trace holds cookies: support only"


def test_login_without_a_window_asks_for_the_password_without_echo(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=52, products=30)
    env = {
        k: v
        for k, v in bot_env(box, tmp_path).items()
        if not k.startswith("CONNECTOR_BOT_SELLER_CENTER_") or k.endswith("_URL")
    }
    answers = [("username", box.config.username), ("password", box.config.password)]

    code, output = talk(["login", "tiktok", "--no-headed"], env, answers)

    assert code == 0, output
    assert cookie(tmp_path / "sessions", "seller_center")
    assert box.config.password not in output


def test_a_wrong_password_is_named_as_one(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=52, products=10)
    env = {**bot_env(box, tmp_path), "CONNECTOR_BOT_AFTERSHIP_PASSWORD": "not-it"}

    run = run_bot(["migrate", "--mode", "all", "--yes"], env)

    assert run.code == 3, run.output
    assert "AfterShip Feed refused the login: Incorrect email or password" in (
        run.output
    )
    assert "check the username and password" in run.output
    assert "not-it" not in run.output
    assert write_requests(box.config.aftership_url) == {}


@pytest.mark.parametrize(
    ("app", "key", "title"),
    [
        ("aftership", "AFTERSHIP", "AfterShip Feed"),
        ("tiktok", "SELLER_CENTER", "TikTok Shop Seller Center"),
    ],
)
def test_login_without_a_window_or_a_terminal_names_the_settings_to_set(
    start_sandbox: StartSandbox, tmp_path: Path, app: str, key: str, title: str
) -> None:
    box = start_sandbox(seed=53, products=5)
    env = bot_env(box, tmp_path)
    del env[f"CONNECTOR_BOT_{key}_PASSWORD"]

    run = run_bot(["login", app, "--no-headed"], env)

    assert run.code == 2, run.output
    assert f"no terminal to ask for the {title} username and password" in (run.output)
    assert f"CONNECTOR_BOT_{key}_PASSWORD" in run.output


def test_a_run_saves_sessions_only_for_the_apps_it_signed_in_to(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=53, products=30)
    # Seller Center on a host of its own, so it shares no cookie with the
    # connector; mode all never opens it.
    seller_center = box.config.seller_center_url.replace("127.0.0.1", "localhost")
    env = bot_env(box, tmp_path, CONNECTOR_BOT_SELLER_CENTER_URL=seller_center)

    run = run_bot(["migrate", "--mode", "all", "--orders", "keep", "--yes"], env)

    assert run.code == 0, run.output
    saved = sorted(path.name for path in (tmp_path / "sessions").iterdir())
    assert [name.split("-")[0] for name in saved] == ["aftership"]
    assert cookie(tmp_path / "sessions", "aftership")
