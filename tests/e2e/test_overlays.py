"""Overlays that cover the page are closed before the bot's clicks, even together."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from pages.widgets import click_when_clear, dismiss_when_shown, follow_link

pytestmark = pytest.mark.e2e

PAGE = """
<div role="dialog" aria-label="Cookie consent" style="position:fixed;inset:0;
  background:#fff"><p>We use cookies</p>
  <button onclick="this.parentNode.remove()">Accept</button></div>
<div role="dialog" aria-label="What's new" style="position:fixed;inset:40px;
  background:#eee"><p>New: bulk edit</p>
  <button onclick="this.parentNode.remove()">Got it</button></div>
<button onclick="this.textContent = 'Saved'">Save</button>
"""


def test_two_overlays_shown_at_once_are_both_closed_before_a_click(
    page: Page,
) -> None:
    page.set_content(PAGE)
    closed: list[str] = []
    dismiss_when_shown(
        page,
        [
            (page.get_by_role("dialog", name="Cookie consent"), "Accept"),
            (page.get_by_role("dialog", name="What's new"), "Got it"),
        ],
        closed.append,
    )
    page.get_by_role("button", name="Save").click(timeout=5_000)
    expect(page.get_by_role("button", name="Saved")).to_be_visible()
    assert closed == ["closed 'We use cookies'", "closed 'New: bulk edit'"]
    expect(page.get_by_role("dialog")).to_have_count(0)


COVERED_BUTTON = """
<button onclick="window.clicks = (window.clicks || 0) + 1">Bulk actions</button>
<div id="toast" style="position: fixed; inset: 0; background: #eee">Saved</div>
<script>
  setTimeout(() => document.querySelector("button").disabled = %s, 300);
  setTimeout(() => document.getElementById("toast").remove(), %d);
</script>
"""


@pytest.mark.parametrize(
    ("switched_off", "clear_after_ms", "clicked"),
    [(True, 20_000, False), (False, 1_200, True)],
    ids=["switched-off-under-a-toast", "clear-in-time"],
)
def test_a_covered_target_that_may_switch_off_is_not_waited_for_once_off(
    page: Page, switched_off: bool, clear_after_ms: int, clicked: bool
) -> None:
    page.set_content(COVERED_BUTTON % (str(switched_off).lower(), clear_after_ms))
    button = page.get_by_role("button", name="Bulk actions")

    assert click_when_clear(button, wait_while_off=False) is clicked

    assert page.evaluate("window.clicks || 0") == int(clicked)


# The first press on the link redraws the header, as an app that redraws its
# whole page after a click does: the release lands on a new link, and the
# click is lost.
REDRAWN_LINK = """
<nav><a href="http://127.0.0.1:9/settings">Settings</a></nav>
<script>
  document.querySelector("a").addEventListener("mousedown", () => {
    document.querySelector("nav").innerHTML =
      '<a href="http://127.0.0.1:9/settings">Settings</a>';
  }, { once: true });
</script>
"""


def test_a_link_whose_click_a_redraw_swallowed_is_clicked_again(page: Page) -> None:
    answered: list[str] = []

    def settings(route: Route) -> None:
        answered.append(route.request.url)
        route.fulfill(body="<h1>Settings</h1>", content_type="text/html")

    page.route("http://127.0.0.1:9/settings", settings)
    page.set_content(REDRAWN_LINK)

    follow_link(page.get_by_role("link", name="Settings"))

    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    assert answered == ["http://127.0.0.1:9/settings"]
