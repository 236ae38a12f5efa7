"""Signing in again when an app ends the session in the middle of a step."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from bot.errors import SessionExpired
from bot.run import Run

# New logins one run may make before it stops and asks a person.
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
    a switch already off is not clicked. Without credentials opening the app
    raises SessionExpired, which ends the run with what to do.
    """
    name = step.__name__.replace("_", "-")

    @wraps(step)
    def again(
        run: Run, app: App, /, *args: Params.args, **kwargs: Params.kwargs
    ) -> Result:
        while True:
            try:
                return step(run, app, *args, **kwargs)
            except SessionExpired as error:
                if sum(event.kind == "relogin" for event in run.events) >= RELOGINS:
                    raise SessionExpired(
                        f"{error}; the session ended {RELOGINS + 1} times in this "
                        "run, so the bot stops instead of signing in again",
                        error.app,
                    ) from error
                app.open()
                run.save_sessions()
                run.event(
                    "relogin", name, f"{error}; signed in again, doing the step again"
                )

    return again
