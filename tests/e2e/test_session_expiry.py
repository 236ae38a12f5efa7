"""A session that expires in the middle of a run, or before it starts (C12)."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import httpx
import pytest

from bot.runner import session_file
from bot.settings import Settings
from sandbox.server import Sandbox
from tests.conftest import StartSandbox, app_state, bot_env_without_video, run_bot

pytestmark = pytest.mark.e2e

MIGRATE = ["migrate", "--yes", "--mode", "all", "--orders", "keep"]


def requests_made(box: Sandbox) -> dict[tuple[str, str], int]:
    """AfterShip Feed's request counts by method and path."""
    response = httpx.get(f"{box.config.aftership_url}/__sandbox__/requests")
    return {
        (row["method"], row["path"]): row["count"]
        for row in response.json()
        if row["app"] == "aftership"
    }


def saved_session(box: Sandbox, home: Path) -> Path:
    settings = Settings(sessions_dir=home / "sessions")
    return session_file(settings, "aftership", box.config.aftership_url)


def test_session_expiring_mid_run_signs_in_again_and_finishes(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    # The deactivation job outlasts the session, and waiting for it loads no page.
    box = start_sandbox(
        seed=33,
        products=40,
        hazards="session-expiry",
        session_expiry_seconds=3,
        job_seconds=4.5,
    )
    url = box.config.aftership_url
    before = {x["product_id"]: x["status"] for x in app_state(url)["listings"]}

    run = run_bot(MIGRATE, bot_env_without_video(box, tmp_path))

    assert run.code == 0, run.output
    state = app_state(url)
    after = {x["product_id"]: x["status"] for x in state["listings"]}
    for product_id, status in before.items():
        assert after[product_id] == ("Inactive" if status == "Active" else status)
    assert state["settings"]["auto_link"] is False
    taken = sorted(pid for job in state["jobs"] for pid in job["product_ids"])
    assert taken == sorted(pid for pid, s in before.items() if s == "Active")
    relogins = [e for e in run.summary["events"] if e["kind"] == "relogin"]
    assert relogins, run.output
    assert "ended the session" in relogins[0]["detail"]
    assert requests_made(box)[("POST", "/api/login")] == 1 + len(relogins)

    path = saved_session(box, tmp_path)
    cookies = json.loads(path.read_text())["cookies"]
    sids = [c["value"] for c in cookies if c["name"] == "aftership_sid"]
    assert sids == box.store.session_ids("aftership")[-1:]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_stale_saved_session_without_credentials_stops_before_any_change(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=34, products=30, hazards="session-expiry")
    url = box.config.aftership_url
    login = httpx.post(
        f"{url}/api/login",
        json={"username": box.config.username, "password": box.config.password},
    )
    cookie = {
        "name": "aftership_sid",
        "value": login.cookies["aftership_sid"],
        "domain": "127.0.0.1",
        "path": "/",
        "expires": time.time() + 3600,
        "httpOnly": True,
        "secure": False,
        "sameSite": "Lax",
    }
    path = saved_session(box, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"cookies": [cookie]}))
    box.store.expire_sessions()
    state = app_state(url)
    env = bot_env_without_video(box, tmp_path)
    for key in ("USERNAME", "PASSWORD"):
        del env[f"CONNECTOR_BOT_AFTERSHIP_{key}"]
    counts = requests_made(box)

    run = run_bot(MIGRATE, env)

    assert run.code == 3, run.output
    message = (
        "AfterShip Feed asks for a login and no credentials are set for it; to "
        "continue, run 'connector-bot login aftership', then the same command again"
    )
    assert run.summary["problems"] == [message]
    assert message in " ".join(run.output.split())
    assert run.summary["exit_code"] == 3
    assert [step["name"] for step in run.summary["steps"]] == ["survey"]
    writes = {
        key: n - counts.get(key, 0)
        for key, n in requests_made(box).items()
        if key[0] != "GET" and n != counts.get(key, 0)
    }
    assert writes == {}
    assert app_state(url) == state
