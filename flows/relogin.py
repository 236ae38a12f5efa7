"""Signing in again when an app ends the session in the middle of a step."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from bot.errors import SessionExpired
from bot.run import Run

# New logins in a row a step may make without getting further before it stops
# and asks a person: a session shorter than any progress would loop for ever.
RELOGINS = 3


class SignsIn(Protocol):
    """An app that can be opened again, signing in when it asks."""

    @property
    def title(self) -> str: ...

    def open(self) -> None: ...


App = TypeVar("App", bound=SignsIn)
Params = ParamSpec("Params")
Result = TypeVar("Result")


def resumes_after_login(
    step: Callable[Concatenate[Run, App, Params], Result],
) -> Callable[Concatenate[Run, App, Params], Result]:
    """Let a step sign in again and start over when its app ends the session.

    Every step reads the app before it changes anything, so doing it again acts
    only on what is left: a listing already Inactive is not deactivated twice,
    a switch already off is not clicked. A session in which the step began a
    change it had not tried before got it further, so signing in again is worth
    it however often that happens; after more than RELOGINS sessions in a row
    with no new change (the same one tried again is none), the step stops.
    Without credentials opening the app raises SessionExpired, which ends the
    run with what to do.
    """
    name = step.__name__.replace("_", "-")

    @wraps(step)
    def again(
        run: Run, app: App, /, *args: Params.args, **kwargs: Params.kwargs
    ) -> Result:
        tried = len(run.journal.changes())
        in_a_row = 0
        while True:
            try:
                return step(run, app, *args, **kwargs)
            except SessionExpired as error:
                further = len(run.journal.changes()) > tried
                tried = len(run.journal.changes())
                in_a_row = 1 if further else in_a_row + 1
                if in_a_row > RELOGINS:
                    raise SessionExpired(
                        f"{error}; the session ended {in_a_row} times in a row "
                        "without the step getting further, so the bot stops "
                        "instead of signing in again",
                        error.app,
                    ) from error
                app.open()
                run.save_sessions()
                run.event(
                    "relogin", name, f"{error}; signed in again, doing the step again"
                )

    return again
