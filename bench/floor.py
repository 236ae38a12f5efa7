"""The floor: the fewest requests the sandbox's UI needs for a job, times latency.

The floor is what a person who knew every shortcut of the UI would pay: every
request the pages make on the way, one after another, at the sandbox's latency,
plus the background job's own time. Clicks and ticks cost nothing here; only
requests do. It includes reading the Active tab once, because the summary must
name every product with its decision, and nothing in the UI lists them faster
than 100 a page. It includes proving the result: in mode all the tab counts
(sent with every page) prove it, in keep-sales only reading which listings are
still Active proves that the kept ones, and only they, stayed live.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.settings import Mode

PAGE_SIZE = 100
ORDER_SWITCHES = 4


@dataclass(frozen=True)
class Shop:
    """What the floor depends on, read from the sandbox before the run."""

    active: int
    planned: int
    pages_with_planned: int
    region: str

    @property
    def kept(self) -> int:
        return self.active - self.planned


@dataclass(frozen=True)
class Floor:
    """The floor's requests by step, and the time they take with the job."""

    steps: dict[str, int]
    latency_s: float
    job_s: float

    @property
    def requests(self) -> int:
        return sum(self.steps.values())

    @property
    def seconds(self) -> float:
        return self.requests * self.latency_s + self.job_s


def pages(count: int) -> int:
    """Pages of 100 needed to show `count` listings (an empty tab is one page)."""
    return max(1, math.ceil(count / PAGE_SIZE))


def floor(shop: Shop, mode: Mode, latency_s: float, job_s: float) -> Floor:
    """The floor of `migrate --mode MODE --orders auto` on this shop."""
    steps: dict[str, int] = {}
    if mode is Mode.KEEP_SALES:
        # / redirects to /login, the form posts, / again; then the analytics
        # page, its table, the 90-day preset, and the export.
        steps["Seller Center: sign in"] = 4
        steps["Product analytics: open, 90 days, export"] = 4
    # /listings redirects to /login, the form posts, /listings again, then
    # the page asks for the shop and the first 20 listings.
    steps["connector: sign in, open Channel listings"] = 6
    steps["Active tab: 100 a page, read every page"] = pages(shop.active)
    if mode is Mode.ALL:
        # Header box, then the 'Select all N' banner: no request. Deactivate
        # posts once; the page reloads; the last job poll and a reload follow.
        steps["deactivate all at once, reload"] = 2
    else:
        # On each page holding a listing to deactivate, during the one read:
        # tick them, post, and the page reloads. The jobs overlap.
        steps["deactivate page by page, reload"] = 2 * shop.pages_with_planned
        steps["prove: read the Active tab again"] = pages(shop.kept)
    steps["job done: last poll, reload"] = 2
    switches = 1 + (ORDER_SWITCHES if shop.region == "US" else 0)
    # The settings page asks for the shop and the settings; each switch saves
    # once; one reload proves them all.
    steps["Settings: open, switch off, reload"] = 3 + switches + 3
    return Floor(steps, latency_s, job_s)
