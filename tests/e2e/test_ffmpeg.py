"""The program Playwright runs to film a run: the system's ffmpeg, in VP8."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.ffmpeg import MARK, ensure_recorder, expected_path
from tests.conftest import film_codec

pytestmark = pytest.mark.e2e

# Playwright's own arguments for a film, as its driver passes them, on a short
# test picture instead of the page's frames; a title with spaces and an empty
# one besides, which the script must pass on as they are.
PLAYWRIGHT_ARGS = shlex.split(
    "-loglevel error -f lavfi -i testsrc=size=160x100:rate=25 -frames:v 5 -y -an "
    "-r 25 -c:v libvpx-vp9 -qmin 0 -qmax 50 -crf 8 -deadline realtime "
    "-cpu-used 8 -lag-in-frames 0 -b:v 1000k -threads 1 -tile-columns 0 -row-mt 1 "
    "-metadata 'title=a  film * of $HOME' -metadata comment=''"
)


@pytest.fixture
def system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the system's ffmpeg, first on PATH: no test writes the real one."""
    found = shutil.which("ffmpeg")
    assert found is not None, "ffmpeg is not installed; run scripts/setup.sh"
    copy = tmp_path / "bin" / "ffmpeg"
    copy.parent.mkdir()
    shutil.copy(found, copy)
    monkeypatch.setenv("PATH", f"{copy.parent}{os.pathsep}{os.environ['PATH']}")
    return copy


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: Path) -> Path:
    """Where Playwright looks for ffmpeg, in a folder of the test's own."""
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    path = expected_path()
    path.parent.mkdir(parents=True)
    return path


def test_the_recorder_encodes_vp8_where_playwright_asks_vp9(
    target: Path, tmp_path: Path
) -> None:
    assert ensure_recorder() == target
    film = tmp_path / "a film.webm"
    done = subprocess.run(
        [str(target), *PLAYWRIGHT_ARGS, str(film)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert film_codec(film) == "vp8"
    probe = ["ffprobe", "-v", "error", "-show_entries", "format_tags=title"]
    title = subprocess.run(
        [*probe, "-of", "csv=p=0", str(film)], capture_output=True, text=True
    )
    assert title.stdout.strip() == "a  film * of $HOME"


def given(target: Path, tmp_path: Path, args: list[str]) -> list[str]:
    """The arguments the recorder at `target` hands to a stand-in ffmpeg."""
    stand_in = tmp_path / "bin" / "ffmpeg"
    stand_in.unlink()
    stand_in.write_text('#!/bin/sh\nprintf "%s\\0" "$@"\n')
    stand_in.chmod(0o755)
    ensure_recorder()
    done = subprocess.run([str(target), *args], capture_output=True, check=True)
    return done.stdout.decode().split("\0")[:-1]


def test_only_vp9_becomes_vp8_at_its_fastest(target: Path, tmp_path: Path) -> None:
    vp9 = ["-c:v", "libvpx-vp9", "-cpu-used", "8", "-crf", "8", "out.webm"]
    vp8 = ["-c:v", "libvpx", "-cpu-used", "16", "-crf", "8", "out.webm"]
    assert given(target, tmp_path, vp9) == vp8
    other = ["-c:v", "libaom-av1", "-cpu-used", "8", "-metadata", "x=libvpx-vp9"]
    assert given(target, tmp_path, other) == other


def test_the_link_earlier_versions_made_is_replaced(target: Path, system: Path) -> None:
    target.symlink_to(system)
    ensure_recorder()
    assert not target.is_symlink()
    assert MARK in target.read_text()


def test_an_older_script_of_the_bots_is_written_again(target: Path) -> None:
    target.write_text(f'#!/bin/sh\n{MARK}\nexec /nowhere/ffmpeg "$@"\n')
    ensure_recorder()
    assert "/nowhere" not in target.read_text()
    assert os.access(target, os.X_OK)


@pytest.mark.parametrize("kind", ["build", "link"])
def test_an_ffmpeg_that_is_not_the_bots_is_left_as_it_is(
    target: Path, tmp_path: Path, kind: str
) -> None:
    build = tmp_path / "own-build"
    build.write_bytes(b"\x7fELF Playwright's own build")
    build.chmod(0o755)
    if kind == "link":
        target.symlink_to(build)
    else:
        shutil.copy(build, target)
    assert ensure_recorder() == target
    assert target.is_symlink() == (kind == "link")
    assert target.read_bytes() == b"\x7fELF Playwright's own build"


def test_a_place_it_cannot_write_means_no_film_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: Path
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(blocked / "browsers"))
    assert ensure_recorder() is None
    assert set(tmp_path.iterdir()) == {blocked, system.parent}


@pytest.mark.parametrize("kind", ["folder", "file it cannot run"])
def test_a_foreign_thing_playwright_cannot_run_means_no_film(
    target: Path, kind: str
) -> None:
    if kind == "folder":
        target.mkdir()
    else:
        target.write_bytes(b"\x7fELF")
        target.chmod(0o644)
    assert ensure_recorder() is None
    assert target.exists()
    if kind != "folder":
        assert target.read_bytes() == b"\x7fELF"
