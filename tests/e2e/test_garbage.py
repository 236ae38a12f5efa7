"""Chromium gives back a page's garbage when the bot asks, at most so often."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from pages import widgets
from pages.widgets import collect_garbage

# About 15 MB of rows the page builds and then drops.
DROP_ROWS = """() => {
  let rows = [];
  for (let i = 0; i < 200000; i++) rows.push({ id: "row-" + i, title: "t" + i });
  return rows.length;
}"""


def heap_after_dropping_rows(page: Page) -> tuple[int, int]:
    """The page's JavaScript heap in use just after it dropped its rows, and
    after one more collect_garbage call."""
    heap = page.context.new_cdp_session(page)
    page.set_content("<p>listings</p>")
    page.evaluate(DROP_ROWS)
    before = heap.send("Runtime.getHeapUsage")["usedSize"]
    collect_garbage(page)
    return before, heap.send("Runtime.getHeapUsage")["usedSize"]


def test_asking_gives_back_what_the_page_dropped(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(widgets, "COLLECT_EVERY_S", 0.0)

    before, after = heap_after_dropping_rows(page)

    assert before - after > 10_000_000, (before, after)


def test_asking_again_too_soon_leaves_the_page_as_it_is(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(widgets, "COLLECT_EVERY_S", 600.0)
    collect_garbage(page)

    before, after = heap_after_dropping_rows(page)

    assert abs(before - after) < 1_000_000, (before, after)
