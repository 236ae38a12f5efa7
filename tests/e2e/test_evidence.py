"""The evidence a merchant gets: the report, redacted pictures and the headed demo."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import subprocess
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from bot.evidence import Evidence
from bot.session import VIDEO_SIZE
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
from tests.conftest import (
    CHROMIUM,
    BotRun,
    StartSandbox,
    app_state,
    bot_env,
    film_codec,
    free_port_pair,
    open_aftership,
    run_bot,
)

pytestmark = pytest.mark.e2e

# The sandbox draws personal data in magenta (sandbox.css, `.personal`); these
# tables pick the pixels close to it, video blur included.
HIGH = bytes(value >= 140 for value in range(256))
LOW = bytes(value <= 120 for value in range(256))
STATUS_OF_RESULT = {"deactivated": "Inactive", "kept": "Active"}
OUTLINE_RGB = bytes((255, 106, 0))
# The caption bar's dark blue, whatever the page under it.
DARK = bytes(value <= 60 for value in range(256))
BLUEISH = bytes(40 <= value <= 90 for value in range(256))


def rgb(path: Path, fps: int | None = None) -> bytes:
    """Every pixel of a PNG, or of a video's frames, as RGB bytes (ffmpeg decodes)."""
    command = ["ffmpeg", "-loglevel", "error", "-i", str(path)]
    if fps:
        command += ["-vf", f"fps={fps}"]
    command += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    return subprocess.run(command, capture_output=True, check=True).stdout


def orange_pixels(path: Path) -> int:
    """How many pixels of a PNG are the click outline's orange."""
    pixels = rgb(path)
    return sum(pixels[i : i + 3] == OUTLINE_RGB for i in range(0, len(pixels), 3))


def personal_pixels(pixels: bytes) -> int:
    """How many pixels are close to the personal-data magenta."""
    red, green, blue = (
        int.from_bytes(pixels[i::3].translate(table), "big")
        for i, table in ((0, HIGH), (1, LOW), (2, HIGH))
    )
    return (red & green & blue).bit_count()


def statuses(url: str) -> dict[str, str]:
    return {x["product_id"]: x["status"] for x in app_state(url)["listings"]}


@dataclass
class RedactedRun:
    run: BotRun
    box: Sandbox
    home: Path

    @property
    def run_dir(self) -> Path:
        assert self.run.run_dir is not None, self.run.output
        return self.run.run_dir


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedactedRun]:
    """One keep-sales run with --redact, shared by the report's tests."""
    home = tmp_path_factory.mktemp("redacted")
    config = SandboxConfig(port=free_port_pair(), seed=21, products=36)
    with Sandbox(config) as box:
        run = run_bot(
            [
                "migrate",
                "--yes",
                "--mode",
                "keep-sales",
                "--orders",
                "auto",
                "--redact",
            ],
            bot_env(box, home),
        )
        assert run.code == 0, run.output
        yield RedactedRun(run, box, home)


def table_rows(page: Page, table: str) -> list[list[str]]:
    rows: list[list[str]] = page.locator(f"#{table} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    return rows


def test_report_counts_and_table_match_summary_and_sandbox(
    redacted: RedactedRun, page: Page
) -> None:
    summary = redacted.run.summary
    now = statuses(redacted.box.config.aftership_url)
    sales = {
        product["product_id"]: product["sales"]["90d"]
        for product in app_state(redacted.box.config.seller_center_url)["products"]
    }
    with (redacted.run_dir / "products.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))

    assert [row["Product ID"] for row in table] == [
        p["product_id"] for p in summary["products"]
    ]
    for row, product in zip(table, summary["products"], strict=True):
        assert row["Result"] == product["result"]
        assert row["Decision"].startswith(product["action"])
        assert row["SKUs"] == ", ".join(product["skus"])
        assert row["Items sold"] == str(sales[row["Product ID"]]["items_sold"])
        assert row["Orders"] == str(sales[row["Product ID"]]["orders"])
        assert row["Sales window"] == "last 90 days"
        assert now[row["Product ID"]] == STATUS_OF_RESULT[row["Result"]]
    assert {row["Result"] for row in table} == {"deactivated", "kept"}

    page.goto((redacted.run_dir / "report.html").as_uri())
    counts = {row[0].lower(): row[1:3] for row in table_rows(page, "counts")}
    sandbox_after = {
        status.lower(): sum(s == status for s in now.values())
        for status in set(now.values())
    }
    for status, before in summary["counts_before"].items():
        after = summary["counts_after"][status]
        assert counts[status] == [str(before), str(after)], status
        assert after == sandbox_after.get(status, 0), status
    html_rows = table_rows(page, "products")
    assert [row[:3] + row[-1:] for row in html_rows] == [
        [row["Title"], row["Product ID"], row["SKUs"], row["Result"]] for row in table
    ]
    switches = {row[0]: row[1:4] for row in table_rows(page, "switches")}
    assert switches["Auto-link"] == ["on", "off", "changed"]
    assert len(switches) == len(summary["switches"]) == 5


def differing(first: bytes, second: bytes) -> int:
    """How many colour values two screenshots of one size differ in."""
    return sum(a != b for a, b in zip(first, second, strict=True))


@pytest.mark.parametrize("name", ["deactivate", "order-sync"])
def test_a_steps_before_shot_shows_its_own_screen(
    redacted: RedactedRun, name: str
) -> None:
    """A step starts on the page the last one left (order sync on the listings
    deactivate left); its "before" must show the screen it changes."""
    steps = redacted.run.summary["steps"]
    index = next(i for i, step in enumerate(steps) if step["name"] == name)
    before, *_, after = steps[index]["screenshots"]
    assert before.endswith(f"-{name}-before.png"), before
    shown, own, previous = (
        rgb(redacted.run_dir / shot)
        for shot in (before, after, steps[index - 1]["screenshots"][-1])
    )
    assert differing(shown, own) < differing(shown, previous)


def test_report_table_sorts_and_searches(redacted: RedactedRun, page: Page) -> None:
    products = redacted.run.summary["products"]
    page.goto((redacted.run_dir / "report.html").as_uri())
    rows = page.locator("#products tbody tr:visible")

    page.get_by_role("button", name="GMV").click()
    page.get_by_role("button", name="GMV").click()
    richest = max(products, key=lambda p: float(p["gmv"] or 0))
    expect(rows.first).to_have_attribute("data-product-id", richest["product_id"])

    target = products[len(products) // 2]
    page.get_by_label("Search listings").fill(target["skus"][0])
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-product-id", target["product_id"])
    expect(page.get_by_text(f"1 of {len(products)} listings shown")).to_be_visible()


def test_report_opens_offline_with_every_image(
    redacted: RedactedRun, page: Page, tmp_path: Path
) -> None:
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((redacted.run_dir / "report.html").as_uri())
    page.wait_for_load_state("load")

    assert failed == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    images = page.locator("img")
    shots = sum(len(step["screenshots"]) for step in redacted.run.summary["steps"])
    assert images.count() >= shots
    broken = images.evaluate_all(
        "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).length"
    )
    assert broken == 0
    clicked = page.get_by_role("figure").filter(has_text="clicking Deactivate")
    clicked.get_by_role("img").screenshot(path=tmp_path / "shot.png")
    pixels = rgb(tmp_path / "shot.png")
    colours = {pixels[i : i + 3] for i in range(0, len(pixels), 3)}
    assert len(colours) > 50, "the inline screenshot should show a page, not a blank"
    source = next((redacted.run_dir / "screenshots").glob("*-click-deactivate.png"))
    assert orange_pixels(source) > 200, "the clicked button should be outlined"
    attention = page.get_by_role("heading", name="Needs your attention")
    listings = page.get_by_role("heading", name="Every Active listing")
    assert attention.bounding_box()["y"] < listings.bounding_box()["y"]  # type: ignore[index]
    expect(page.locator("body")).to_contain_text("Set the Status filter to Inactive")
    expect(page.get_by_role("link", name="trace.zip")).to_be_visible()
    expect(page.get_by_role("link", name="video.webm")).to_be_visible()


def test_report_command_writes_the_same_files_again(redacted: RedactedRun) -> None:
    folder = redacted.run_dir
    first = {
        name: (folder / name).read_bytes() for name in ("report.html", "products.csv")
    }
    for name in first:
        (folder / name).unlink()

    again = run_bot(["report", folder.name], bot_env(redacted.box, redacted.home))

    assert again.code == 0, again.output
    for name, content in first.items():
        assert (folder / name).read_bytes() == content, name
    missing = run_bot(["report", "no-such-run"], bot_env(redacted.box, redacted.home))
    assert missing.code == 2
    assert "no summary.json" in missing.output


def test_the_run_is_filmed_in_vp8(redacted: RedactedRun) -> None:
    assert film_codec(redacted.run_dir / "video.webm") == "vp8"


def test_redact_masks_personal_data_in_screenshots_and_video(
    redacted: RedactedRun, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, record_video_dir=tmp_path
    )
    page = context.new_page()
    open_aftership(page, redacted.box).listings()
    expect(page.locator(".personal").first).to_be_visible()
    page.screenshot(path=tmp_path / "plain.png")
    # The film takes the screen's frames a moment after they are drawn; a
    # second of them, so that the control does not hang on how soon it closes.
    page.wait_for_timeout(1000)
    video = page.video
    context.close()
    assert video is not None
    assert personal_pixels(rgb(tmp_path / "plain.png")) > 100, "control: unmasked"
    # The video's colour subsampling leaves only a few magenta pixels of the
    # thin text a frame: 170 to 400 in this film of about 35 frames.
    assert personal_pixels(rgb(Path(video.path()))) > 100, "control: video"

    shots = sorted((redacted.run_dir / "screenshots").glob("*.png"))
    assert len(shots) > 10
    for shot in shots:
        assert personal_pixels(rgb(shot)) == 0, shot.name
    # Four frames a second catch a mask that comes a moment late after a load.
    film = rgb(redacted.run_dir / "video.webm", fps=4)
    assert len(film) > 20 * VIDEO_SIZE["width"] * VIDEO_SIZE["height"] * 3
    assert personal_pixels(film) == 0

    masked = {a["name"]: a["screenshots"] for a in redacted.run.summary["masked_areas"]}
    assert set(masked) == {"store owner's name", "account e-mail"}
    assert all(count > 5 for count in masked.values()), masked
    report = (redacted.run_dir / "report.html").read_text(encoding="utf-8")
    assert "account e-mail: masked in" in report
    for secret in ("Jane Doe", "jane.doe@maplemoss.example"):
        assert secret not in report


def test_headed_run_without_a_display_says_what_to_do(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    env = bot_env(start_sandbox(products=5), tmp_path)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)

    run = run_bot(["migrate", "--yes", "--headed"], env)

    assert run.code == 2, run.output
    assert "xvfb-run" in run.output


def test_demo_runs_headed_with_a_caption_under_xvfb(
    display: str, tmp_path: Path
) -> None:
    port = free_port_pair()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_BOT_")}
    env.update(
        DISPLAY=display,
        CONNECTOR_BOT_RECORDINGS_DIR=str(tmp_path / "recordings"),
        CONNECTOR_BOT_CHROMIUM_PATH=CHROMIUM,
    )

    run = run_bot(
        ["demo", "--port", str(port), "--products", "30", "--slow-mo", "10"], env
    )

    assert run.code == 0, run.output
    assert run.run_dir is not None
    summary = run.summary
    assert summary["outcome"] == "verified"
    assert {p["result"] for p in summary["products"]} == {"deactivated", "kept"}
    log = (run.run_dir / "run.log").read_text()
    captions = re.findall(r"caption: Step (\d+) of (\d+): deactivating", log)
    assert captions, log
    step, steps = map(int, captions[0])
    assert 1 < step < steps
    frames = rgb(run.run_dir / "video.webm", fps=1)
    width, height = VIDEO_SIZE["width"], VIDEO_SIZE["height"]
    frame = width * height * 3
    bottom_rows = [
        frames[start + frame - width * 3 * 6 : start + frame]
        for start in range(0, len(frames), frame)
    ]
    with_bar = [rows for rows in bottom_rows if caption_share(rows) > 0.8]
    shown = f"the bar shows in {len(with_bar)} of {len(bottom_rows)} frames"
    assert len(with_bar) > len(bottom_rows) / 2, shown


def caption_share(pixels: bytes) -> float:
    """The share of pixels in the caption bar's dark blue."""
    red, green, blue = (
        int.from_bytes(pixels[i::3].translate(table), "big")
        for i, table in ((0, DARK), (1, DARK), (2, BLUEISH))
    )
    return (red & green & blue).bit_count() / (len(pixels) // 3)


@pytest.mark.parametrize("snapshots", ["false", "true"])
def test_the_trace_keeps_page_snapshots_only_when_asked(
    start_sandbox: StartSandbox, tmp_path: Path, snapshots: str
) -> None:
    box = start_sandbox(products=5)
    env = bot_env(box, tmp_path, CONNECTOR_BOT_TRACE_SNAPSHOTS=snapshots)

    run = run_bot(["migrate", "--yes"], env)

    assert run.code == 0, run.output
    assert run.run_dir is not None
    with zipfile.ZipFile(run.run_dir / "trace.zip") as trace:
        events = trace.read("trace.trace").decode()
    assert ('"frame-snapshot"' in events) is (snapshots == "true")


def test_an_unmasked_click_shot_outlines_the_control(
    start_sandbox: StartSandbox,
    page: Page,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shots with nothing to mask take Chromium's quick capture."""
    app = open_aftership(page, start_sandbox(seed=71, products=20))
    app.listings()
    evidence = Evidence(tmp_path)
    playwright_shots: list[object] = []
    monkeypatch.setattr(page, "screenshot", lambda **_: playwright_shots.append(_))

    with evidence.step(page, "look", "looking"):
        evidence.click_shot(page.get_by_role("button", name="Deactivate"), "it")

    (shot,) = tmp_path.glob("screenshots/*-click-it.png")
    assert orange_pixels(shot) > 200
    assert playwright_shots == []


def test_a_shot_of_an_error_page_is_taken_all_the_same(
    page: Page, tmp_path: Path
) -> None:
    with contextlib.suppress(PlaywrightError):
        page.goto(f"http://127.0.0.1:{free_port_pair()}/")

    shot = Evidence(tmp_path).shot(page, "error page")

    assert shot is not None
    assert (tmp_path / shot).read_bytes()[:4] == b"\x89PNG"


def test_a_page_busy_in_a_script_costs_a_shot_not_the_run(
    page: Page, tmp_path: Path
) -> None:
    """A DevTools capture waits for as long as the page is busy; the shot must
    give up at the run's timeout instead."""
    page.set_content("<p>busy</p>")
    page.set_default_timeout(1000)
    page.evaluate(
        "setTimeout(() => { const end = Date.now() + 8000; while (Date.now() < end); })"
    )
    started = time.monotonic()

    shot = Evidence(tmp_path).shot(page, "busy")

    assert shot is None
    assert time.monotonic() - started < 5
