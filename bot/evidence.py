"""Evidence of a run: numbered screenshots around every step, and the step log."""

from __future__ import annotations

import base64
import json
import re
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from loguru import logger
from playwright.sync_api import CDPSession, Locator, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from bot.caption import Caption

MASK_COLOR = "#3c3c3c"
OUTLINE_COLOR = "#ff6a00"
OUTLINE_ID = "connector-bot-outline"
CAPTION_ID = "connector-bot-caption"
# A step that clicks the same control on page after page (Deactivate, 100 rows
# at a time) shows the first few clicks; the rest would only bloat the report.
CLICK_SHOTS_PER_CONTROL = 3

# Hides personal areas while pages render, so the video never shows them either:
# Playwright masks screenshots but has no way to mask the frames of a video.
HIDE_SCRIPT = """css => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""

DRAW_OUTLINE = """(target, [id, color]) => {
  // Room for the frame around it, or to the middle of the view.
  const seen = target.getBoundingClientRect();
  if (seen.top < 8 || seen.left < 8 || seen.bottom > innerHeight - 8
      || seen.right > innerWidth - 8) {
    target.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
  }
  const box = target.getBoundingClientRect();
  if (!box.width && !box.height) return false;
  const frame = document.createElement("div");
  frame.id = id;
  Object.assign(frame.style, {
    position: "fixed", zIndex: 2147483647, pointerEvents: "none",
    left: `${box.x - 4}px`, top: `${box.y - 4}px`,
    width: `${box.width + 8}px`, height: `${box.height + 8}px`,
    border: `3px solid ${color}`, borderRadius: "4px", boxSizing: "border-box",
  });
  document.body.append(frame);
  return true;
}"""


@dataclass(frozen=True)
class PersonalArea:
    """A part of an app's pages that shows personal data, by a CSS selector.

    A selector, not a locator: the same words must also hide the area in the video
    through a stylesheet, and a stylesheet knows only CSS.
    """

    name: str
    selector: str


class MaskedArea(BaseModel):
    """A personal area and how many screenshots showed it, masked."""

    name: str
    screenshots: int = 0


class Step(BaseModel):
    """One step of a run as the report shows it."""

    number: int
    name: str
    title: str
    status: Literal["running", "done", "failed"] = "running"
    started: float
    seconds: float = 0
    note: str = ""
    screenshots: list[str] = Field(default_factory=list)
    captions: dict[str, str] = Field(default_factory=dict)


_RECORDING: weakref.WeakKeyDictionary[Page, Evidence] = weakref.WeakKeyDictionary()
_DEVTOOLS: weakref.WeakKeyDictionary[Page, CDPSession] = weakref.WeakKeyDictionary()


def quick_png(page: Page) -> bytes:
    """The page's viewport as a PNG, encoded by Chromium for speed.

    Playwright's screenshot can mask areas and restyle the page, but has its
    PNG encoded at the slow default: 56 ms against 33 for a 1,280 by 800
    listings page here, where this file comes out a quarter to a third
    larger. A headless run with nothing to mask takes its shots this way.

    A DevTools call has no timeout, and the capture waits for a page busy in
    a script: the page must first answer within the run's timeout.
    """
    page.wait_for_function("true")
    devtools = _DEVTOOLS.get(page)
    if devtools is None:
        devtools = _DEVTOOLS[page] = page.context.new_cdp_session(page)
    try:
        shot = devtools.send(
            "Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True}
        )
    except PlaywrightError:
        # The session may belong to a document that has gone (an error page).
        del _DEVTOOLS[page]
        raise
    return base64.b64decode(shot["data"])


def before_click(target: Locator, what: str) -> None:
    """Let the run recording this page screenshot `target` outlined, then click on."""
    evidence = _RECORDING.get(target.page)
    if evidence is not None:
        evidence.click_shot(target, what)


def screen_shown(page: Page) -> None:
    """Tell the run recording this page that an app's screen has loaded on it,
    so the running step's "before" shot, if still due, shows that screen."""
    evidence = _RECORDING.get(page)
    if evidence is not None:
        evidence.before_shot(page)


class Evidence:
    """Writes screenshots with predictable names into the run's folder."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.shots_dir = run_dir / "screenshots"
        self.shots_dir.mkdir(parents=True, exist_ok=True)
        self.steps: list[Step] = []
        # A resumed run records into the same folder: number on from its shots.
        earlier = [int(p.name[:2]) for p in self.shots_dir.glob("[0-9][0-9]-*.png")]
        self.first = max(earlier, default=0)
        self.planned_steps: int | None = None
        self.areas: tuple[PersonalArea, ...] = ()
        self.masked: dict[str, MaskedArea] = {}
        self.caption: Caption | None = None
        # Whether the running step still needs its "before" shot.
        self._before_due = False

    def record(self, page: Page) -> None:
        """Take a screenshot before each click a page object announces on `page`."""
        _RECORDING[page] = self

    def redact(self, page: Page, areas: Iterable[PersonalArea]) -> None:
        """Mask these areas in every screenshot, and hide them from the video."""
        self.areas = tuple(areas)
        self.masked = {area.name: MaskedArea(name=area.name) for area in self.areas}
        if not self.areas:
            return
        selectors = ", ".join(area.selector for area in self.areas)
        css = (
            f":is({selectors}), :is({selectors}) * {{ color: transparent !important;"
            f" background: {MASK_COLOR} !important; text-shadow: none !important; }}"
        )
        page.context.add_init_script(f"({HIDE_SCRIPT})({json.dumps(css)});")

    def shot(self, page: Page, label: str, caption: str = "") -> str | None:
        """Screenshot the page as `screenshots/NN-label.png`; returns that path."""
        number = self.first + len(self.steps)
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        relative = f"screenshots/{number:02d}-{slug}.png"
        again = 2
        while (self.run_dir / relative).exists():
            relative = f"screenshots/{number:02d}-{slug}-{again}.png"
            again += 1
        masks = [page.locator(area.selector) for area in self.areas]
        try:
            self._capture(page, self.run_dir / relative, masks)
            for area, mask in zip(self.areas, masks, strict=True):
                if mask.count():
                    self.masked[area.name].screenshots += 1
        except PlaywrightError as error:
            logger.warning("evidence: no screenshot {}: {}", relative, error.message)
            return None
        if self.steps:
            self.steps[-1].screenshots.append(relative)
            self.steps[-1].captions[relative] = caption or label
        return relative

    def _capture(self, page: Page, path: Path, masks: list[Locator]) -> None:
        """Write the page's PNG to `path`, quickly when nothing is to be hidden;
        through Playwright, which masks and hides the caption, otherwise or
        when the quick capture fails."""
        if not masks and self.caption is None:
            try:
                path.write_bytes(quick_png(page))
                return
            except PlaywrightTimeoutError:
                raise  # a page that does not answer would not be captured either
            except PlaywrightError as error:
                logger.debug("evidence: no quick capture: {}", error.message)
        page.screenshot(
            path=path,
            full_page=False,
            mask=masks,
            mask_color=MASK_COLOR,
            style=f"#{CAPTION_ID} {{ display: none !important; }}",
        )

    def before_shot(self, page: Page) -> None:
        """Take the running step's "before" shot, unless it has one.

        A step starts on whatever page the last one left, so the shot waits
        for the step's own screen to load, or for its first click.
        """
        if not self._before_due:
            return
        self._before_due = False
        self.shot(page, f"{self.steps[-1].name}-before", "before")

    def click_shot(self, target: Locator, what: str) -> None:
        """Screenshot the page with `target` outlined, just before it is clicked."""
        if not self.steps:
            return
        self.before_shot(target.page)
        step = self.steps[-1]
        caption = f"clicking {what}"
        if list(step.captions.values()).count(caption) >= CLICK_SHOTS_PER_CONTROL:
            return
        page = target.page
        drawn = False
        try:
            # One round trip, not three: a shot before every click adds up.
            drawn = bool(target.evaluate(DRAW_OUTLINE, [OUTLINE_ID, OUTLINE_COLOR]))
        except PlaywrightError:
            # Best effort: a control the app redraws mid-scroll gets no frame.
            logger.debug("evidence: no outline for {}: the page redrew it", what)
        self.shot(page, f"{step.name}-click-{what}", caption)
        if drawn:
            with suppress(PlaywrightError):
                page.evaluate(f"document.getElementById('{OUTLINE_ID}')?.remove()")

    @contextmanager
    def step(self, page: Page, name: str, title: str) -> Iterator[Step]:
        """Run one step between a 'before' screenshot of its screen and an
        'after' one."""
        redo = bool(self.steps) and self.steps[-1].name == name
        if redo and self.planned_steps:
            # A step done again after a new login is one more step than planned.
            self.planned_steps += 1
        step = Step(
            number=self.first + len(self.steps) + 1,
            name=name,
            title=f"{title} (again)" if redo else title,
            started=time.time(),
        )
        self.steps.append(step)
        title = step.title
        # Planned for this session; an earlier one's steps come first.
        of = f" of {self.first + self.planned_steps}" if self.planned_steps else ""
        logger.info("{}: step {}{}, {}", name, step.number, of, title)
        if self.caption is not None:
            self.caption.show(page, f"Step {step.number}{of}: {title}")
        self._before_due = True
        try:
            yield step
        except BaseException:
            step.status = "failed"
            self.shot(page, f"{name}-failed", "when it stopped")
            raise
        finally:
            self._before_due = False
            step.seconds = round(time.time() - step.started, 2)
        step.status = "done"
        self.shot(page, f"{name}-after", "after")
