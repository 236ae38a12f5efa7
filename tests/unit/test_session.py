"""Which Chromium build a run launches, and when a headed one is refused for want
of a display."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.errors import SettingsError
from bot.session import _small_driver, browser_path, launch_args, require_display
from bot.settings import Settings
from pages.memory import EXPOSE_COLLECTOR


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return monkeypatch


def test_a_headed_browser_on_linux_without_a_display_is_refused(
    no_display: pytest.MonkeyPatch,
) -> None:
    no_display.setattr("sys.platform", "linux")
    with pytest.raises(SettingsError, match="needs a display"):
        require_display(True)
    require_display(False)


@pytest.mark.parametrize("system", ["darwin", "win32"])
def test_other_systems_need_no_display_variable(
    no_display: pytest.MonkeyPatch, system: str
) -> None:
    no_display.setattr("sys.platform", system)
    require_display(True)


def builds(tmp_path: Path, *, shell: bool) -> Settings:
    """Settings naming a full Chromium and a headless shell in tmp_path; the
    shell's file exists only if `shell`."""
    (tmp_path / "chromium").touch()
    if shell:
        (tmp_path / "headless-shell").touch()
    return Settings(
        chromium_path=tmp_path / "chromium",
        headless_shell_path=tmp_path / "headless-shell",
    )


def test_a_run_without_a_window_launches_the_headless_shell(tmp_path: Path) -> None:
    settings = builds(tmp_path, shell=True)

    assert browser_path(settings, headed=False) == tmp_path / "headless-shell"
    assert browser_path(settings, headed=True) == tmp_path / "chromium"


def test_without_a_headless_shell_the_full_chromium_runs_headless(
    tmp_path: Path,
) -> None:
    settings = builds(tmp_path, shell=False)

    assert browser_path(settings, headed=False) == tmp_path / "chromium"


def test_the_driver_keeps_the_operators_node_options_and_adds_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NODE_OPTIONS", "--max-semi-space-size=4 --trace-warnings")

    _small_driver()

    options = os.environ["NODE_OPTIONS"].split()
    assert options == ["--max-semi-space-size=4", "--trace-warnings", "--jitless"]


def test_only_a_run_without_a_window_turns_the_gpu_fallback_off() -> None:
    assert {"--disable-gpu", "--disable-software-rasterizer"} <= set(
        launch_args(headed=False)
    )
    assert not {"--disable-gpu", "--disable-software-rasterizer"} & set(
        launch_args(headed=True)
    )
    assert ("--no-sandbox" in launch_args(headed=False)) is (os.geteuid() == 0)


@pytest.mark.parametrize("headed", [False, True])
def test_every_run_exposes_the_collector_the_scripts_call(headed: bool) -> None:
    assert EXPOSE_COLLECTOR in launch_args(headed)
