"""How often a step signs in again when its app keeps ending the session."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from bot.errors import SessionExpired
from bot.evidence import Evidence
from bot.journal import Journal
from bot.run import Run
from bot.settings import RunOptions, Settings
from flows.relogin import RELOGINS, resumes_after_login

pytestmark = pytest.mark.e2e


class SigningIn:
    """An app whose sessions end on cue; counts how often it was opened."""

    title = "App"

    def __init__(self) -> None:
        self.opened = 0

    def open(self) -> None:
        self.opened += 1
        # A step that signs in for ever would hang the test instead of failing it.
        assert self.opened <= 20, "signed in 20 times"


def new_run(page: Page, tmp_path: Path) -> Run:
    return Run(
        run_id="20261204-220000-abcd",
        run_dir=tmp_path,
        settings=Settings(),
        options=RunOptions(),
        page=page,
        evidence=Evidence(tmp_path),
        journal=Journal(tmp_path / "journal.jsonl"),
    )


@resumes_after_login
def deactivate_in_short_sessions(
    run: Run, app: SigningIn, batches: int, per_session: int
) -> int:
    """Deactivates `per_session` batches a session until `batches` are done."""
    for _ in range(per_session):
        done = sum(entry.phase == "intent" for entry in run.journal.entries)
        if done == batches:
            return done
        run.journal.intend("deactivate", f"batch {done + 1}")
    raise SessionExpired("App ended the session", "App")


def test_a_step_that_gets_further_each_session_signs_in_until_done(
    page: Page, tmp_path: Path
) -> None:
    run, app = new_run(page, tmp_path), SigningIn()
    assert deactivate_in_short_sessions(run, app, 9, 1) == 9
    assert app.opened == 9 > RELOGINS + 1
    assert sum(event.kind == "relogin" for event in run.events) == 9


def test_a_step_that_gets_nowhere_stops_after_its_sign_ins_in_a_row(
    page: Page, tmp_path: Path
) -> None:
    run, app = new_run(page, tmp_path), SigningIn()
    with pytest.raises(SessionExpired, match="4 times in a row without the step"):
        deactivate_in_short_sessions(run, app, 9, 0)
    assert app.opened == RELOGINS


@resumes_after_login
def deactivate_what_the_app_refuses(run: Run, app: SigningIn) -> None:
    """Journals the same batch each session, which the app never takes."""
    run.journal.intend("deactivate", "2 listings", product_ids=["1", "2"])
    raise SessionExpired("App ended the session before the deactivation", "App")


def test_the_same_change_tried_again_is_no_further(page: Page, tmp_path: Path) -> None:
    run, app = new_run(page, tmp_path), SigningIn()
    with pytest.raises(SessionExpired, match="4 times in a row"):
        deactivate_what_the_app_refuses(run, app)
    assert app.opened == RELOGINS
