"""A bulk dialog is confirmed only when it names the selection the bot made."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bot.errors import SelectionChanged
from pages.widgets import check_dialog_count

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
