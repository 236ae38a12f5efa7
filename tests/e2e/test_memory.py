"""A page collects its garbage when the bot's scripts ask, at most so often."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from pages.memory import (
    AFTER_PRESS,
    COLLECT,
    COLLECT_EVERY_MS,
    COLLECTOR,
    PAUSE,
    PRESSES_PER_COLLECTION,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

# About 15 MB of rows the page builds and then drops.
DROP_ROWS = """() => {
  let rows = [];
  for (let i = 0; i < 200000; i++) rows.push({ id: "row-" + i, title: "t" + i });
  return rows.length;
}"""


def heap_used(page: Page) -> int:
    session = page.context.new_cdp_session(page)
    try:
        return int(session.send("Runtime.getHeapUsage")["usedSize"])
    finally:
        session.detach()


def test_a_pause_gives_back_what_the_page_dropped(page: Page) -> None:
    page.set_content("<p>listings</p>")
    page.evaluate(DROP_ROWS)
    before = heap_used(page)

    page.evaluate(f"async () => await ({PAUSE})(10)")

    after = heap_used(page)
    assert before - after > 10_000_000, (before, after)


def test_each_page_collects_at_most_once_a_period(page: Page) -> None:
    other = page.context.new_page()
    collect_twice = f"() => [({COLLECT})(), ({COLLECT})()]"

    assert page.evaluate(collect_twice) == [True, False]
    assert other.evaluate(collect_twice) == [True, False]
    page.wait_for_timeout(COLLECT_EVERY_MS + 100)
    assert page.evaluate(COLLECT) is True


def test_a_burst_of_presses_collects_every_few_presses_whatever_the_time(
    page: Page,
) -> None:
    counted = f"""presses => {{
      const collect = window.{COLLECTOR};
      let calls = 0;
      window.{COLLECTOR} = (...args) => {{ calls++; return collect(...args); }};
      for (let pressed = 0; pressed < presses; pressed++) ({AFTER_PRESS})(pressed);
      return calls;
    }}"""

    presses = 3 * PRESSES_PER_COLLECTION - 1
    assert page.evaluate(counted, presses) == 2


def test_a_page_without_the_collector_is_left_as_it_is(page: Page) -> None:
    page.evaluate(f"() => {{ window.{COLLECTOR} = undefined; }}")

    assert page.evaluate(COLLECT) is False


# Opens the bot's browser session, without the collector's flag if asked, and
# prints whether its page can collect; in its own process, as the bot runs,
# since pytest-playwright holds this one's.
OPEN_SESSION = """
import sys
from pathlib import Path

import bot.session
from bot.settings import Settings
from pages.memory import EXPOSE_COLLECTOR, EXPOSED

if sys.argv[1] == "without":
    bot.session.CHROMIUM_ARGS.remove(EXPOSE_COLLECTOR)
settings = Settings(video=False, trace=False)
with bot.session.BrowserSession(settings, Path(sys.argv[2])) as session:
    print(session.page.evaluate(EXPOSED))
"""


@pytest.mark.parametrize("flag", ["with", "without"])
def test_a_session_whose_pages_cannot_collect_says_so(
    tmp_path: Path, flag: str
) -> None:
    opened = subprocess.run(
        [sys.executable, "-c", OPEN_SESSION, flag, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert opened.stdout.strip() == str(flag == "with")
    assert ("collect their garbage" in opened.stderr) is (flag == "without")
