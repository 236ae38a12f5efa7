"""TikTok Shop Sync's Bulk actions when the list's refresh drops the selection."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from bot.errors import SelectionChanged
from pages.shopsync.products import ProductsPage

pytestmark = pytest.mark.e2e

# The products page just after a refresh dropped the selected rows: Bulk
# actions is off until something is selected again.
DROPPED = """
<p>0 products selected</p>
<button disabled>Bulk actions</button>
"""


def test_a_selection_dropped_before_bulk_actions_is_made_again(page: Page) -> None:
    page.set_content(DROPPED)
    page.set_default_timeout(10_000)
    with pytest.raises(SelectionChanged, match="dropped the selection"):
        ProductsPage(page).deactivate_selected()
