"""Lets Playwright record video with the system's ffmpeg instead of its own download."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import playwright


def expected_path() -> Path:
    """Where this Playwright version looks for its ffmpeg build."""
    package = Path(playwright.__file__).parent / "driver" / "package"
    browsers = json.loads((package / "browsers.json").read_text())["browsers"]
    revision = next(b["revision"] for b in browsers if b["name"] == "ffmpeg")
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(
        Path.home() / ".cache" / "ms-playwright"
    )
    return Path(root) / f"ffmpeg-{revision}" / "ffmpeg-linux"


def ensure_link() -> Path | None:
    """Link the system ffmpeg where Playwright expects it; None when there is none."""
    target = expected_path()
    if target.exists():
        return target
    system = shutil.which("ffmpeg")
    if system is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(system)
    return target


if __name__ == "__main__":
    linked = ensure_link()
    if linked is None:
        raise SystemExit(
            "ffmpeg: no ffmpeg on PATH; install it (apt-get install ffmpeg)"
        )
    print(f"setup: video recording uses {linked.resolve()}")
