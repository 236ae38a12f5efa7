"""A bulk dialog is confirmed only when it names the selection the bot made."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from bot.errors import SelectionChanged, SessionExpired
from pages.aftership.listings import ListingsPage
from pages.widgets import check_dialog_count
from tests.conftest import SESSION_ENDS_UNDER_A_TOAST, open_signed_out_app

pytestmark = pytest.mark.e2e

DIALOG = """
<div role="alertdialog" aria-labelledby="t">
  <h2 id="t">Deactivate 3 listings?</h2>
  <button onclick="this.parentNode.remove()">Cancel</button>
  <button>Deactivate</button>
</div>
"""


def test_a_dialog_naming_the_selection_is_left_open_to_confirm(page: Page) -> None:
    page.set_content(DIALOG)
    dialog = page.get_by_role("alertdialog")
    assert check_dialog_count(dialog, 3, "App") == "Deactivate 3 listings?"
    expect(dialog).to_be_visible()


def test_a_dialog_naming_another_count_is_cancelled(page: Page) -> None:
    page.set_content(DIALOG)
    dialog = page.get_by_role("alertdialog")
    with pytest.raises(SelectionChanged, match="asked 'Deactivate 3 listings\\?' "):
        check_dialog_count(dialog, 2, "App")
    expect(dialog).to_have_count(0)


APP_PAGE = """
<span aria-live="polite">3 selected</span>
<button id="go">Deactivate</button>
<script>
document.getElementById("go").onclick = () => {
  const box = document.createElement("div");
  box.setAttribute("role", "alertdialog");
  box.innerHTML = `<h2>Deactivate ${NAMED} listings?</h2>
    <button id="no">Cancel</button><button id="yes">Deactivate</button>`;
  document.body.append(box);
  box.querySelector("#no").onclick = () => box.remove();
  box.querySelector("#yes").onclick = () => {
    box.remove();
    fetch("/api/listings/deactivate", {method: "POST", body: "{}"})
      .then(() => fetch("/api/listings?page=1"));
  };
};
</script>
"""


def fake_app(page: Page, named: int) -> list[str]:
    """A page whose Deactivate dialog names `named`; returns the POSTs it makes."""
    posts: list[str] = []

    def answer(route: Route) -> None:
        if route.request.method == "POST":
            posts.append(route.request.url)
            route.fulfill(json={"accepted": named})
        elif "/api/" in route.request.url:
            route.fulfill(json={"items": []})
        else:
            route.fulfill(
                body=APP_PAGE.replace("NAMED", str(named)), content_type="text/html"
            )

    page.route("http://app.test/**", answer)
    page.goto("http://app.test/listings")
    return posts


def test_deactivate_in_one_go_confirms_a_dialog_naming_the_selection(
    page: Page,
) -> None:
    posts = fake_app(page, 3)
    assert ListingsPage(page).deactivate_selected() == 3
    assert posts == ["http://app.test/api/listings/deactivate"]
    expect(page.get_by_role("alertdialog")).to_have_count(0)


def test_deactivate_in_one_go_cancels_a_dialog_naming_another_count(
    page: Page,
) -> None:
    posts = fake_app(page, 5)
    with pytest.raises(SelectionChanged, match="asked 'Deactivate 5 listings\\?' "):
        ListingsPage(page).deactivate_selected()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    assert posts == []


# The page above, whose dialog opens under a toast; while the bot waits for it
# to go, the app's next call answers 401 and the login form follows.
COVERED_AS_THE_SESSION_ENDS = (
    APP_PAGE.replace("NAMED", "3")
    + """
<script>
document.getElementById("go").addEventListener("click", () =>
  (SESSION_ENDS)("/api/jobs/1"));
</script>
""".replace("SESSION_ENDS", SESSION_ENDS_UNDER_A_TOAST)
)


def test_a_session_ending_while_the_dialog_waits_asks_for_a_login(
    page: Page,
) -> None:
    open_signed_out_app(page, COVERED_AS_THE_SESSION_ENDS)
    page.set_default_timeout(3_000)
    with pytest.raises(SessionExpired):
        ListingsPage(page).deactivate_selected()
