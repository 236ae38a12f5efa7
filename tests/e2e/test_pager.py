"""Turning listings pages when rows leave the tab under the turn."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from bot.errors import PageStateError
from pages.aftership.listings import ListingsPage

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
