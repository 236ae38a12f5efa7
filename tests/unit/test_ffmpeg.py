"""The program Playwright runs to film a run: the system's ffmpeg, in VP8."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from bot.ffmpeg import ensure_recorder, expected_path
from tests.conftest import film_codec

# Playwright's own arguments for a film, as its driver passes them, on a short
# test picture instead of the page's frames.
PLAYWRIGHT_ARGS = shlex.split(
    "-loglevel error -f lavfi -i testsrc=size=160x100:rate=25 -frames:v 5 -y -an "
    "-r 25 -c:v libvpx-vp9 -qmin 0 -qmax 50 -crf 8 -deadline realtime "
    "-cpu-used 8 -lag-in-frames 0 -b:v 1000k -threads 1 -tile-columns 0 -row-mt 1"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    return expected_path()


def test_the_recorder_encodes_vp8_where_playwright_asks_vp9(
    cache: Path, tmp_path: Path
) -> None:
    assert ensure_recorder() == cache
    film = tmp_path / "film.webm"
    done = subprocess.run(
        [str(cache), *PLAYWRIGHT_ARGS, str(film)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert film_codec(film) == "vp8"


def test_an_earlier_link_is_replaced(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.symlink_to("/usr/bin/ffmpeg")
    ensure_recorder()
    assert not cache.is_symlink()
    assert "libvpx-vp9" in cache.read_text()


def test_an_ffmpeg_that_is_not_the_bots_is_left_as_it_is(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x7fELF Playwright's own build")
    assert ensure_recorder() == cache
    assert cache.read_bytes() == b"\x7fELF Playwright's own build"
