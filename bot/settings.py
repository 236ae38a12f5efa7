"""Run settings: where the apps are, who signs in, how the browser runs."""

from __future__ import annotations

import json
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import SettingsError


class Mode(StrEnum):
    ALL = "all"
    KEEP_SALES = "keep-sales"


class Orders(StrEnum):
    OFF = "off"
    KEEP = "keep"
    AUTO = "auto"


class Settings(BaseSettings):
    """Where the apps live and how to reach them; from CONNECTOR_BOT_* or a file."""

    model_config = SettingsConfigDict(env_prefix="CONNECTOR_BOT_", extra="forbid")

    aftership_url: str = "http://127.0.0.1:8700"
    seller_center_url: str = "http://127.0.0.1:8701"
    shopsync_url: str = "http://127.0.0.1:8702"
    aftership_username: str | None = None
    aftership_password: SecretStr | None = None
    seller_center_username: str | None = None
    seller_center_password: SecretStr | None = None
    shopsync_username: str | None = None
    shopsync_password: SecretStr | None = None
    chromium_path: Path = Path("/usr/bin/chromium")
    # Chromium's build for headless runs only: no window, so no browser UI, and
    # about 200 MB less at a 10,000-listing run's peak than Chromium headless.
    headless_shell_path: Path = Path("/usr/bin/chromium-headless-shell")
    recordings_dir: Path = Path("recordings")
    sessions_dir: Path = Path.home() / ".config" / "connector-bot" / "sessions"
    timeout_ms: int = Field(default=15_000, ge=1_000)
    job_timeout_ms: int = Field(default=120_000, ge=1_000)
    video: bool = True
    trace: bool = True
    trace_snapshots: bool = False
    # Long lists are read from both ends at once, the far end in a second tab
    # (about 100 MB more at peak).
    side_tab: bool = True

    @field_validator("aftership_url", "seller_center_url", "shopsync_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) address")
        return value.rstrip("/")


class RunOptions(BaseModel):
    """What the merchant asked this run to do."""

    connector: str = "aftership"
    mode: Mode = Mode.ALL
    orders: Orders = Orders.AUTO
    sales_window_days: int = Field(default=90, ge=1, le=365)
    sales_file: Path | None = None
    max_deactivate: int | None = Field(default=None, ge=0)
    headed: bool = False
    slow_mo_ms: int = Field(default=0, ge=0)
    redact: bool = False


def load_settings(path: Path | None = None) -> Settings:
    """Build settings from the environment and an optional JSON or TOML file."""
    values: dict[str, Any] = {}
    if path is not None:
        values = _read_file(path)
    try:
        return Settings(**values)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise SettingsError(
            f"setting {where!r}: {problem['msg']}; fix it in the environment "
            "(CONNECTOR_BOT_*) or the settings file"
        ) from error


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SettingsError(
            f"cannot read settings file {str(path)!r}: {error}"
        ) from error
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(
            f"settings file {str(path)!r} is not valid {path.suffix[1:] or 'JSON'}: "
            f"{error}"
        ) from error
    if not isinstance(data, dict):
        raise SettingsError(f"settings file {str(path)!r} must hold a table of keys")
    secret = next((key for key in data if key.endswith("_password")), None)
    if secret is not None:
        raise SettingsError(
            f"settings file {str(path)!r} holds {secret!r}; passwords come only "
            f"from the environment (CONNECTOR_BOT_{secret.upper()}) or the prompt "
            "of 'connector-bot login --no-headed': remove it from the file"
        )
    return data
