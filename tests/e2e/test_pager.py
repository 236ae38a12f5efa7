"""Turning listings pages: to the last at once, and when rows leave the tab."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from bot.errors import PageRedrawn, PageStateError, SessionExpired
from pages.aftership.listings import ListingsPage
from tests.conftest import LOGIN_FORM, SESSION_ENDS_UNDER_A_TOAST, open_signed_out_app

pytestmark = pytest.mark.e2e

PAGE = """
<div role="tablist" aria-label="Listing status">
  <button role="tab" aria-selected="true">Active (700)</button>
</div>
<table aria-label="Listings"><tbody>
  <tr data-product-id="1"><td><input type="checkbox" aria-label="Select 1"></td>
  <td>Mug</td><td></td><td>M-1</td><td>Active</td></tr>
</tbody></table>
<nav aria-label="Pagination">
  <button>Previous</button><span>Page 7 of 8</span><button>Next</button>
</nav>
"""

# What the app draws once a job's rows have left: one page fewer.
SHRUNK = """() => {
  document.querySelector("nav span").textContent = "Page 7 of 7";
  [...document.querySelectorAll("nav button")].at(-1).disabled = true;
}"""


def test_the_last_page_is_where_the_next_button_is_off(page: Page) -> None:
    page.set_content(PAGE)
    page.set_default_timeout(3_000)
    listings = ListingsPage(page)
    assert listings.page_number() == (7, 8)
    page.evaluate(SHRUNK)
    listings.last_page()
    assert listings.page_number() == (7, 7)
    assert listings.next_page() is False


def test_a_next_button_off_before_the_last_page_stops_the_walk(page: Page) -> None:
    page.set_content(PAGE.replace("<button>Next", "<button disabled>Next"))
    page.set_default_timeout(3_000)
    listings = ListingsPage(page)
    with pytest.raises(PageStateError, match="Next button is off on page 7 of 8"):
        listings.last_page()


# A paged list as the real app draws it: a press moves the label at once (or,
# with `delay`, a moment later, as apps that batch their updates do) and starts
# a load of 100 ms, the benchmark's latency, which leaves a busy machine room
# between presses; loads overlap and only the latest draws its rows. Ticking a row
# counts it as selected; a turn drops the selection. `presses` and `drawn`
# tell the test what happened.
APP = """
<div role="tablist" aria-label="Listing status">
  <button role="tab" aria-selected="true">Active (800)</button>
</div>
<div id="root"></div>
<script>
  window.presses = {Next: 0, Previous: 0};
  window.drawn = [];
  window.app = {page: 1, pages: 8, rows: 0, latest: 0, loading: false,
                selected: 0, delay: DELAY};
  function button(word, step, off) {
    const node = document.createElement("button");
    node.textContent = word;
    node.disabled = off;
    node.onclick = () => {
      presses[word] += 1;
      const move = () => { app.page += step; app.selected = 0; load(); };
      if (app.delay) setTimeout(move, app.delay); else move();
    };
    return node;
  }
  function render() {
    const root = document.getElementById("root");
    root.innerHTML = `
      ${app.loading ? '<div role="progressbar"></div>' : ""}
      <p aria-live="polite">${app.selected} selected</p>
      <table aria-label="Listings"><tbody>
        <tr data-product-id="${app.rows}">
          <td><input type="checkbox" aria-label="Select ${app.rows}"></td>
          <td>Mug ${app.rows}</td><td>${app.rows}</td><td>M-${app.rows}</td>
          <td>Active</td></tr>
      </tbody></table>
      <nav aria-label="Pagination"><span>Page ${app.page} of ${app.pages}</span></nav>`;
    const nav = root.querySelector("nav");
    nav.prepend(button("Previous", -1, app.page <= 1));
    nav.append(button("Next", 1, app.page >= app.pages));
    root.querySelector("input").onclick = () => { app.selected = 1; render(); };
  }
  function load() {
    const mine = ++app.latest;
    app.loading = true;
    render();
    setTimeout(() => {
      if (mine !== app.latest) return;
      app.loading = false;
      app.rows = app.page;
      drawn.push(app.page);
      render();
    }, 100);
  }
  load();
</script>
"""


def paged_app(page: Page, delay_ms: int = 0) -> ListingsPage:
    page.set_content(APP.replace("DELAY", str(delay_ms)))
    page.set_default_timeout(3_000)
    return ListingsPage(page)


def ticked_on_the_last_page(listings: ListingsPage) -> ListingsPage:
    """The listings, on the last page with its row ticked: the bot's action done."""
    listings.last_page()
    assert listings.select(["8"]) == 1
    return listings


@pytest.mark.parametrize("delay_ms", [0, 20])
def test_the_walk_to_the_last_page_waits_only_for_the_page_it_lands_on(
    page: Page, delay_ms: int
) -> None:
    listings = paged_app(page, delay_ms)
    assert listings.page_number() == (1, 8)
    listings.last_page()
    assert listings.page_number() == (8, 8)
    assert [x.product_id for x in listings.visible()] == ["8"]
    assert page.evaluate("presses.Next") == 7
    # The pages on the way were never drawn, let alone read.
    assert page.evaluate("drawn") == [1, 8]


def test_previous_after_an_action_turns_from_the_page_last_seen(page: Page) -> None:
    listings = ticked_on_the_last_page(paged_app(page))
    assert listings.previous_page() is True
    assert listings.page_number() == (7, 8)
    assert page.evaluate("presses.Previous") == 1


def test_previous_after_an_action_stays_where_the_app_went_by_itself(
    page: Page,
) -> None:
    listings = ticked_on_the_last_page(paged_app(page))
    # The rows that left emptied the last page; the app shows the new last one.
    page.evaluate("() => { app.pages = 7; app.page = 7; load(); }")
    assert listings.previous_page() is True
    assert listings.page_number() == (7, 7)
    assert [x.product_id for x in listings.visible()] == ["7"]
    assert page.evaluate("presses.Previous") == 0


def test_a_login_form_after_an_action_ends_the_turn_as_an_expired_session(
    page: Page,
) -> None:
    listings = ticked_on_the_last_page(paged_app(page))
    # The session ended under the action: the app shows its login form.
    page.evaluate(
        "html => { document.getElementById('root').innerHTML = html; }", LOGIN_FORM
    )
    with pytest.raises(SessionExpired, match="login form"):
        listings.previous_page()


# A toast over the whole page for 400 ms; 200 ms in, the job of the rows that
# left ends and the app moves to the new last page by itself.
COVERED_WHILE_IT_MOVES = """() => {
  const toast = document.createElement("div");
  toast.setAttribute("role", "status");
  toast.style.cssText = "position: fixed; inset: 0; z-index: 9";
  document.body.append(toast);
  setTimeout(() => { app.pages = 7; app.page = 7; load(); }, 200);
  setTimeout(() => toast.remove(), 400);
}"""


def test_previous_under_a_toast_stays_where_the_app_went_meanwhile(
    page: Page,
) -> None:
    listings = ticked_on_the_last_page(paged_app(page))
    page.evaluate(COVERED_WHILE_IT_MOVES)
    assert listings.previous_page() is True
    assert listings.page_number() == (7, 7)
    assert page.evaluate("presses.Previous") == 0


def test_previous_under_a_toast_while_the_session_ends_asks_for_a_login(
    page: Page,
) -> None:
    open_signed_out_app(page, APP.replace("DELAY", "0"))
    page.set_default_timeout(3_000)
    listings = ticked_on_the_last_page(ListingsPage(page))
    page.evaluate(SESSION_ENDS_UNDER_A_TOAST, "/api/listings?page=8")
    with pytest.raises(SessionExpired):
        listings.previous_page()


def test_a_selection_held_beyond_the_page_is_dropped_by_turning_away_and_back(
    page: Page,
) -> None:
    listings = paged_app(page)
    listings.last_page()
    # A job's reload moved two selected rows off the page: none is ticked here.
    page.evaluate("() => { app.selected = 2; render(); }")

    with pytest.raises(PageRedrawn, match="held 2 listings selected"):
        listings.select(["8"])

    assert page.evaluate("presses") == {"Next": 8, "Previous": 1}
    assert listings.page_number() == (8, 8)
    assert listings.select(["8"]) == 1
