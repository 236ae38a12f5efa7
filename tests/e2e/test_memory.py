"""Chromium gives back a page's garbage when the bot asks, at most so often."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from pages import memory
from pages.memory import collect_garbage

pytestmark = pytest.mark.e2e

# About 15 MB of rows the page builds and then drops.
DROP_ROWS = """() => {
  let rows = [];
  for (let i = 0; i < 200000; i++) rows.push({ id: "row-" + i, title: "t" + i });
  return rows.length;
}"""


def test_asking_gives_back_what_the_page_dropped(page: Page) -> None:
    heap = page.context.new_cdp_session(page)
    page.set_content("<p>listings</p>")
    page.evaluate(DROP_ROWS)
    before = heap.send("Runtime.getHeapUsage")["usedSize"]

    assert collect_garbage(page) is True

    after = heap.send("Runtime.getHeapUsage")["usedSize"]
    assert before - after > 10_000_000, (before, after)


def test_each_page_is_asked_at_most_once_a_period(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = page.context.new_page()
    monkeypatch.setattr(memory, "COLLECT_EVERY_S", 600.0)

    assert collect_garbage(page) is True
    assert collect_garbage(page) is False
    assert collect_garbage(other) is True
    monkeypatch.setattr(memory, "COLLECT_EVERY_S", 0.0)
    assert collect_garbage(page) is True


def test_a_page_that_cannot_be_asked_is_left_as_it_is(page: Page) -> None:
    closed = page.context.new_page()
    closed.close()

    assert collect_garbage(closed) is False
    assert collect_garbage(page) is True
