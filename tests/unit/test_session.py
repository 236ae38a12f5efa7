"""When a headed browser is refused for want of a display."""

from __future__ import annotations

import pytest

from bot.errors import SettingsError
from bot.session import require_display


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
