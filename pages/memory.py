"""Chromium's memory for a tab the bot reads page after page."""

from __future__ import annotations

import math
import time
from weakref import WeakKeyDictionary

from loguru import logger
from playwright.sync_api import CDPSession, Page
from playwright.sync_api import Error as PlaywrightError

# Rows an app draws over the last page's leave those as garbage, which
# Chromium collects late: reading 76 pages of 100 grew a tab by 90 MB, which
# one collection of about 30 ms gave back. Asked at most this often, it took
# 60 MB off a 10,000-listing run's peak, at no cost in time that stood out
# from one run's noise.
COLLECT_EVERY_S = 0.5

# Each page's DevTools session (None after one failed) and when it was last
# asked to collect.
_ASKED: WeakKeyDictionary[Page, tuple[CDPSession | None, float]] = WeakKeyDictionary()


def collect_garbage(page: Page) -> bool:
    """Have Chromium collect what `page` no longer uses, unless it was asked
    within COLLECT_EVERY_S; whether it was asked now. A page that cannot is
    left as it is, and asked again on a new session after the same wait."""
    now = time.monotonic()
    session, last = _ASKED.get(page, (None, -math.inf))
    if now - last < COLLECT_EVERY_S:
        return False
    try:
        session = session or page.context.new_cdp_session(page)
        session.send("HeapProfiler.collectGarbage")
    except PlaywrightError as error:
        _ASKED[page] = (None, now)
        logger.debug("memory: no collection in the page: {}", error.message)
        return False
    _ASKED[page] = (session, now)
    return True
