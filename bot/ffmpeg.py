"""Lets Playwright record video with the system's ffmpeg instead of its own download.

Playwright runs the ffmpeg it finds at its own path with fixed arguments that
encode VP9. At the film's size VP9's encoder holds about 30 MB more than VP8's,
for no film a merchant would tell apart, and a 10,000-listing run is bound by
memory. So the program at that path is a small script: it runs the system's
ffmpeg with Playwright's arguments, VP8 in place of VP9, at VP8's fastest
setting (16, where Playwright asks VP9 for 8): at 8, VP8 took a tenth more
of a core than VP9, at 16 half as much, on the same cores as the browser.
Playwright's other VP9 options (row-mt, tile-columns) only make VP8's encoder
print a warning, which Playwright's log level hides.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
from pathlib import Path

import playwright
from loguru import logger

# Marks the script as this module's, so an older one, or a symlink an earlier
# version of the bot made, is replaced, and Playwright's own build is not.
MARK = "# connector-bot: the system's ffmpeg, encoding VP8 where Playwright asks VP9"
SCRIPT = """#!/bin/sh
{mark}
last= vp8=
for arg do
  shift
  case $last in
    -c:v) [ "$arg" = libvpx-vp9 ] && arg=libvpx vp8=yes ;;
    -cpu-used) [ "$vp8" ] && arg=16 ;;
  esac
  last=$arg
  set -- "$@" "$arg"
done
exec {ffmpeg} "$@"
"""


def expected_path() -> Path:
    """Where this Playwright version looks for its ffmpeg build."""
    package = Path(playwright.__file__).parent / "driver" / "package"
    browsers = json.loads((package / "browsers.json").read_text())["browsers"]
    revision = next(b["revision"] for b in browsers if b["name"] == "ffmpeg")
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(
        Path.home() / ".cache" / "ms-playwright"
    )
    return Path(root) / f"ffmpeg-{revision}" / "ffmpeg-linux"


def _system_ffmpeg() -> str | None:
    """The system's ffmpeg by its absolute path, as the script names it."""
    found = shutil.which("ffmpeg")
    return os.path.abspath(found) if found else None


def _is_ours(target: Path, system: str | None) -> bool:
    """Whether the file at Playwright's path is the bot's: its script, or the
    link to the system's ffmpeg that earlier versions made."""
    if target.is_symlink():
        return system is not None and target.resolve() == Path(system).resolve()
    try:
        with target.open(encoding="utf-8") as handle:
            return MARK in handle.read(len(MARK) + 20)
    except (OSError, UnicodeDecodeError):
        return False


def _write(target: Path, script: str) -> None:
    """Put the script at `target` whole: runs started at once may each write it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, written = tempfile.mkstemp(dir=target.parent, prefix=".ffmpeg-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(script)
        os.chmod(written, 0o755)
        os.replace(written, target)
    except OSError:
        Path(written).unlink(missing_ok=True)
        raise


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def ensure_recorder() -> Path | None:
    """The ffmpeg Playwright will run, the bot's script unless another is there.

    None, with a warning, when there is none it can run: a run then has no film.
    """
    target = expected_path()
    system = _system_ffmpeg()
    if target.exists() and not _is_ours(target, system):
        if _runnable(target):
            return target
        logger.warning(
            "session: {} is not an ffmpeg Playwright can run, nor the bot's to "
            "replace, so this run has no video; remove it",
            target,
        )
        return None
    if system is None:
        logger.warning(
            "session: no ffmpeg on PATH, so this run has no video; install it "
            "(apt-get install ffmpeg)"
        )
        return None
    script = SCRIPT.format(mark=MARK, ffmpeg=shlex.quote(system))
    try:
        if (
            not target.is_symlink()
            and _runnable(target)
            and target.read_text(encoding="utf-8") == script
        ):
            return target
        _write(target, script)
    except OSError as error:
        kept = _runnable(target)
        logger.warning(
            "session: cannot write the film's ffmpeg script at {}: {}; {}",
            target,
            error,
            "the film is made as before" if kept else "this run has no video",
        )
        return target if kept else None
    return target


if __name__ == "__main__":
    recorder = ensure_recorder()
    system = _system_ffmpeg()
    if recorder is None:
        if system is None:
            raise SystemExit(1)
        print("setup: runs will have no video, as the warning above says")
    else:
        whose = "in VP8" if _is_ours(recorder, system) else "not the bot's"
        print(f"setup: Playwright records video with {recorder}, {whose}")
