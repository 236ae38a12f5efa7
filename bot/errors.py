"""The errors a run can end with, each with the exit code the command line uses."""

from __future__ import annotations


class BotError(Exception):
    """Base of every error connector-bot reports to a person."""

    exit_code = 1


class SettingsError(BotError):
    """Settings or command-line input are wrong; nothing was started."""

    exit_code = 2


class SessionExpired(BotError):
    """An app asked to log in again and the bot could not."""

    exit_code = 3

    def __init__(self, message: str, app: str = "") -> None:
        super().__init__(message)
        self.app = app


class SiteUnreachable(BotError):
    """An app could not be reached at its address."""

    exit_code = 4


class PageStateError(BotError):
    """A page did not show what the bot expected, so it stopped before guessing."""

    exit_code = 4


class SelectionChanged(PageStateError):
    """The app's selection changed before a bulk action was confirmed; the bot
    cancelled it, so nothing was sent."""


class PageRedrawn(PageStateError):
    """The app drew other rows between the bot reading a page and acting on it."""


class ChangeFailed(BotError):
    """A change the bot made in a page did not reach the app."""

    exit_code = 1


class VerificationFailed(BotError):
    """The changes were made but the end state read back is not the one planned."""

    exit_code = 1


class PlanRefused(BotError):
    """The plan was not carried out: a limit, the person or a changed shop said no.

    Nothing was changed by the step that refused."""

    exit_code = 5


EXIT_CODES = {
    0: "the end state was verified",
    1: "some change failed or the end state could not be verified",
    2: "bad input: settings, options, files, or an app not answering at all",
    3: "an app needs a login (session expired or no credentials)",
    4: "an app stopped answering during the run, or a page was not as expected",
    5: "the plan was refused (a limit, the person, or the shop changed); no change",
    130: "interrupted",
}
