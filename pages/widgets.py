"""Widgets every app has in some form: login form, switches, dialogs, toasts."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from loguru import logger
from playwright.sync_api import Download, Locator, Page, Response, expect
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import (
    PageStateError,
    SelectionChanged,
    SessionExpired,
    SiteUnreachable,
)
from bot.evidence import screen_shown
from bot.retry import Refused, Retries, retry_after_seconds, waiting_on

T = TypeVar("T")

COUNT_IN_NAME = re.compile(r"\((\d[\d,]*)\)")
FIRST_NUMBER = re.compile(r"\d[\d,]*")
CONFIRM_TRIES = 3
CONFIRM_WAIT_MS = 2_000
# Closing an overlay is time-boxed: one that appears over another's button
# makes that click wait, so give up after a moment; the next check tries again.
DISMISS_MS = 2_000
# Toasts stack; close at most this many of one kind per check.
DISMISS_TRIES = 5
# How long rows may stay put before wait_gone shows the list again.
LOOK_AGAIN_MS = 5_000
# A click on a target that may be switched off while something covers it looks
# again whether it is off this often, this many times; then it waits as any
# click does. A toast covers a control for about 2.5 s.
OFF_LOOK_MS = 500
OFF_LOOKS = 10
# A link's page must start to come within this long, or it is clicked again;
# a second navigation only replaces a first one that was slow.
LINK_MS = 5_000
LINK_TRIES = 3


@dataclass(frozen=True)
class Credentials:
    """A username and password for one app; never logged."""

    username: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=***)"


def origin(url: str) -> str:
    """The scheme, host and port of an address: one app each."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class LoginForm:
    """A username/password sign-in form."""

    def __init__(self, page: Page, app: str) -> None:
        self.page = page
        self.app = app
        self.password = page.get_by_label("Password", exact=True)
        self.username = page.get_by_label(re.compile(r"^(Email|Username)$"))
        self.submit = page.get_by_role("button", name=re.compile(r"^Log in$|^Sign in$"))
        # The form's own alert: a toast on the page after login is not a refusal.
        self.error = page.get_by_role("form").get_by_role("alert")

    def is_shown(self) -> bool:
        """Tell whether the page is asking for a login."""
        return "/login" in self.page.url or self.password.is_visible()

    def send(self, credentials: Credentials) -> None:
        """Fill in and send the form, without waiting: a second factor may follow."""
        self.username.fill(credentials.username)
        self.password.fill(credentials.password)
        self.submit.click()

    def sign_in(self, credentials: Credentials | None) -> None:
        """Sign in; without credentials, say how to get a session."""
        if credentials is None:
            raise SessionExpired(
                f"{self.app} asks for a login and no credentials are set for it",
                app=self.app,
            )
        self.send(credentials)
        signed_in = self.page.get_by_role("navigation", name="Main")
        expect(signed_in.or_(self.error)).to_be_visible()
        if self.error.is_visible():
            raise SessionExpired(
                f"{self.app} refused the login: {self.error.inner_text().strip()}; "
                "check the username and password",
                app=self.app,
            )


def ensure_signed_in(page: Page, app: str) -> None:
    """Raise SessionExpired when the page is a login page or the app answered 401."""
    if LoginForm(page, app).is_shown():
        raise SessionExpired(
            f"{app} ended the session: the page is its login form", app=app
        )
    if ResponseWatch.of(page).has_expired(page.url):
        raise SessionExpired(
            f"{app} ended the session: it answered 401 (unauthenticated)", app=app
        )


def wait_for_app(page: Page, app: str, ready: Locator) -> None:
    """Wait until `ready` shows or the app asks for a login; raise on a login."""
    expect(ready.or_(LoginForm(page, app).password).first).to_be_visible()
    ensure_signed_in(page, app)


# Which rows are ticked, in one round trip: every element carrying a product ID
# whose checkbox can be ticked at all.
READ_TICKS = """rows => Object.fromEntries(rows.flatMap(row => {
  const id = row.getAttribute("data-product-id");
  const box = row.querySelector("input[type=checkbox]");
  return id && box && !box.disabled ? [[id, box.checked]] : [];
}))"""


def ticks(rows: Locator) -> dict[str, bool]:
    """Each shown row's product ID and whether its checkbox is ticked."""
    found: dict[str, bool] = rows.evaluate_all(READ_TICKS)
    return found


def count_in(name: str) -> int:
    """The number in a label such as 'Active (182)'."""
    match = COUNT_IN_NAME.search(name)
    if match is None:
        raise PageStateError(f"expected a count in {name!r}")
    return int(match[1].replace(",", ""))


def is_switched_on(switch: Locator) -> bool:
    """Read a switch's state from aria-checked, the one attribute that says it."""
    value = switch.get_attribute("aria-checked")
    if value not in ("true", "false"):
        raise PageStateError(f"a switch reads aria-checked={value!r}, not true/false")
    return value == "true"


def wait_until_enabled(switch: Locator) -> None:
    """Wait while a switch is busy saving."""
    expect(switch).not_to_have_attribute("aria-disabled", "true")


def confirm(dialog: Locator, button: str) -> None:
    """Press a dialog's button and wait until the dialog is gone, not just closing."""
    expect(dialog).to_be_visible()
    press = dialog.get_by_role("button", name=button, exact=True)
    # A redraw of the page between press and release swallows the click and
    # leaves the dialog open; a press that took closes it within a moment.
    for attempt in range(CONFIRM_TRIES - 1):
        if attempt == 0:
            click_when_clear(press)
        else:
            press.click()
        try:
            expect(dialog).to_be_hidden(timeout=CONFIRM_WAIT_MS)
            return
        except AssertionError:
            continue
    press.click()
    expect(dialog).to_be_hidden()


def check_dialog_count(dialog: Locator, selected: int, app: str) -> str:
    """The dialog's title, once it names `selected` items; otherwise cancel it.

    A bulk dialog says how many items it will act on ("Deactivate 12
    listings?"). When that is not the selection the bot made, the app dropped or
    added items under the click, so nothing is confirmed.
    """
    title = dialog.get_by_role("heading").inner_text()
    if count_in_title(title) == selected:
        return title
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    raise SelectionChanged(f"{app} asked {title!r} where {selected} were selected")


def count_in_title(title: str) -> int | None:
    """The first number in a dialog title, or None."""
    match = FIRST_NUMBER.search(title)
    return int(match[0].replace(",", "")) if match else None


# Clicks an element in one round trip when a person could: it is enabled, and
# once scrolled into view it is the element at its own centre, so nothing
# covers it and the page takes pointer events. Says whether it clicked.
CLICK_WHEN_CLEAR = """node => {
  if (node.disabled || node.getAttribute("aria-disabled") === "true") return false;
  node.scrollIntoView({block: "nearest"});
  const edge = node.getBoundingClientRect();
  if (!edge.width || !edge.height) return false;
  const hit = document.elementFromPoint(
    edge.left + edge.width / 2, edge.top + edge.height / 2);
  if (!hit || !node.contains(hit)) return false;
  node.click();
  return true;
}"""


def click_when_clear(target: Locator, *, wait_while_off: bool = True) -> bool:
    """Click `target` in one round trip when nothing is in its way; otherwise with
    Playwright's click, which waits for it and lets overlay handlers clear the way.
    With `wait_while_off` False, a target that is switched off is not waited
    for: returns False, unclicked. True once clicked.

    Playwright's own click takes a dozen round trips to the page; on a control
    pressed once a page, a hundred pages a run, they add up to seconds.
    """
    if target.evaluate(CLICK_WHEN_CLEAR):
        return True
    if wait_while_off:
        target.click()
        return True

    # Playwright's click would wait for a target switched off while it waits
    # for the way to clear, as long as the run's timeout allows.
    def unless_off(timeout_ms: float | None) -> bool:
        if not target.is_enabled():
            return False
        target.click(timeout=timeout_ms)
        return True

    return _in_short_tries(OFF_LOOKS, OFF_LOOK_MS, unless_off)


def follow_link(link: Locator) -> None:
    """Click a link of the app's navigation and wait for the page it opens;
    click it again if no page came.

    An app that redraws its header (after a click on a row, say) can take the
    link away between the press and the release: the click is lost, and
    nothing would load."""

    def click(timeout_ms: float | None) -> None:
        with link.page.expect_navigation(wait_until="commit", timeout=timeout_ms):
            link.click()

    _in_short_tries(LINK_TRIES - 1, LINK_MS, click)


def _in_short_tries(tries: int, ms: float, act: Callable[[float | None], T]) -> T:
    """`act` given a timeout of `ms`, up to `tries` times while it times out, then
    once more with the run's own timeout (None)."""
    for _ in range(tries):
        with contextlib.suppress(PlaywrightTimeoutError):
            return act(ms)
    return act(None)


def wait_gone(
    rows: list[Locator], show_again: Callable[[], None], timeout_ms: int
) -> None:
    """Wait until none of `rows` is on the page, showing the list again when
    they stay put for a while: a page opened after a job began (after a new
    login, say) may never follow that job."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        left_ms = (deadline - time.monotonic()) * 1000
        look_ms = max(1, min(left_ms, LOOK_AGAIN_MS))
        try:
            for row in rows:
                expect(row).to_have_count(0, timeout=look_ms)
            return
        except AssertionError as error:
            if left_ms <= LOOK_AGAIN_MS:
                stayed = sum(row.count() for row in rows)
                raise PageStateError(
                    f"{stayed} listings stayed on the page for {timeout_ms // 1000} s "
                    "after their deactivation; check the app's jobs"
                ) from error
            logger.info("listings: rows being deactivated stay put; showing them again")
            show_again()


def wait_loaded(page: Page) -> None:
    """Wait until no loading indicator is shown."""
    expect(page.get_by_role("progressbar")).to_have_count(0)


def open_app(
    page: Page,
    url: str,
    app: str,
    credentials: Credentials | None,
    ready: Locator,
    path: str = "/",
) -> None:
    """Go to `path` in an app (its home page unless told), signing in when it
    asks, until `ready` shows."""
    try:
        page.goto(url + path)
    except PlaywrightError as error:
        raise SiteUnreachable(
            f"{app} did not answer at {url}: "
            f"{error.message.splitlines()[0]}; check the address and the network"
        ) from error
    login = LoginForm(page, app)
    expect(ready.or_(login.password)).to_be_visible()
    if login.is_shown():
        login.sign_in(credentials)
    expect(ready).to_be_visible()


def wait_for_count(label: Locator, at_most: int, timeout_ms: int) -> int:
    """Wait until the count in `label` is at most `at_most`; returns it either way.

    Every change of the label is a chance: a count can go down in steps.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    count = count_in(label.inner_text())
    while count > at_most and (left_ms := (deadline - time.monotonic()) * 1000) > 0:
        shown = label.inner_text()
        with contextlib.suppress(AssertionError):
            expect(label).not_to_have_text(shown, timeout=left_ms)
        count = count_in(label.inner_text())
    return count


def refusal(response: Response) -> Refused | None:
    """A Refused for a throttled (429) or failed (5xx) answer; None for others."""
    if response.status != 429 and response.status < 500:
        return None
    parts = urlsplit(response.url)
    query = f"?{parts.query}" if parts.query else ""
    return Refused(
        response.status,
        f"{response.request.method} {parts.path}{query}",
        retry_after_seconds(response.headers.get("retry-after")),
    )


class ResponseWatch:
    """Watches a page's answers: apps that ended the session, and data requests
    an app refused; it also carries the run's retries.

    The apps fetch their data from page scripts, so a 401, or the status and
    Retry-After of a failed load, are only seen here, not on the page; and an
    app may keep showing old rows, or an empty table, for a moment after a 401
    before it sends the browser to its login page.
    """

    _pages: ClassVar[WeakKeyDictionary[Page, ResponseWatch]] = WeakKeyDictionary()

    def __init__(self, page: Page) -> None:
        self.retries = Retries()
        self.refused: Refused | None = None
        self.expired: set[str] = set()
        page.on("response", self._seen)

    @classmethod
    def of(cls, page: Page) -> ResponseWatch:
        """The watch on this page, started on first use."""
        watch = cls._pages.get(page)
        if watch is None:
            watch = cls._pages[page] = cls(page)
        return watch

    def _seen(self, response: Response) -> None:
        kind = response.request.resource_type
        if response.status == 401:
            self.expired.add(origin(response.url))
        elif kind == "document" and response.ok and "/login" not in response.url:
            self.expired.discard(origin(response.url))
        if kind in ("fetch", "xhr"):
            self.refused = refusal(response) or self.refused

    def has_expired(self, url: str) -> bool:
        """Tell whether the app at this address answered 401 since its last page."""
        return origin(url) in self.expired

    def last_refusal(self, shown: str) -> Refused:
        """The refused request behind a failure the page shows, then forget it."""
        found, self.refused = self.refused, None
        return found or Refused(0, f"a data request ({shown})", None)


def retrying(page: Page, step: str, attempt: Callable[[int], T]) -> T:
    """Run `attempt` under the run's retries, waiting on the page between tries."""
    return ResponseWatch.of(page).retries.run(step, attempt, waiting_on(page))


def settle(page: Page, step: str, ready: Locator) -> None:
    """Wait until `ready` shows and nothing loads; a failed load is retried.

    A page whose load was throttled or failed shows an alert with a Retry
    button instead of data; its stale or empty table is never read.
    """
    failure = page.get_by_role("alert", name="Loading failed")
    watch = ResponseWatch.of(page)

    def attempt(number: int) -> None:
        if number > 1:
            failure.get_by_role("button", name="Retry").click()
        expect(ready.or_(failure).first).to_be_visible()
        wait_loaded(page)
        if failure.is_visible():
            raise watch.last_refusal(failure.inner_text().strip())

    retrying(page, step, attempt)
    screen_shown(page)


def download(page: Page, link: Locator) -> Download:
    """Click a download link and return the download, here or in a tab it opens."""
    if link.get_attribute("target") != "_blank":
        with page.expect_download() as started:
            link.click()
        return started.value
    # The new tab can start its download before it is handed over, so listen on
    # the context from before the click.
    caught: list[Download] = []

    def follow(tab: Page) -> None:
        tab.on("download", lambda download: caught.append(download))

    page.context.on("page", follow)
    try:
        with page.expect_popup() as opened:
            link.click()
        if not caught:
            with opened.value.expect_download() as started:
                pass
            caught.append(started.value)
    finally:
        page.context.remove_listener("page", follow)
    return caught[0]


def dismiss_when_shown(
    page: Page, overlays: list[tuple[Locator, str]], tell: Callable[[str], None]
) -> None:
    """Whenever one of `overlays` covers the page, press its button, as a person would.

    Playwright runs this before any action or assertion that finds an overlay
    visible, so nothing waits for an overlay that never comes, and nothing
    clicks through one that does. One handler closes them all, in the order
    given, because one overlay can block the buttons of the others.
    """

    def close() -> None:
        for overlay, button in overlays:
            shown = overlay.filter(visible=True)
            for _ in range(DISMISS_TRIES):
                if not shown.count():
                    break
                item = shown.first
                press = item.get_by_role("button", name=button, exact=True)
                # A toast can go by itself between the count and these reads.
                try:
                    label = press.inner_text(timeout=DISMISS_MS)
                    lines = item.inner_text(timeout=DISMISS_MS).replace(label, "")
                    press.click(timeout=DISMISS_MS)
                except PlaywrightTimeoutError:
                    break
                what = next(
                    (line.strip() for line in lines.split("\n") if line.strip()),
                    button,
                )
                tell(f"closed {what!r}")

    anything = overlays[0][0]
    for overlay, _ in overlays[1:]:
        anything = anything.or_(overlay)
    # Playwright checks a handler's locator in strict mode, which fails when
    # two overlays show at once; the first shown one is enough to call it.
    # An overlay that shows up while another is closed would leave Playwright
    # waiting for all to be hidden; without that wait the next check calls again.
    page.add_locator_handler(
        anything.filter(visible=True).first, close, no_wait_after=True
    )
