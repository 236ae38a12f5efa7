"""What a sandbox instance serves: its shop, its ports and the trouble it makes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

# Every hazard the replicas can switch on, with what it does. Each hazard module
# adds its own names here.
HAZARDS: dict[str, str] = {}

# Hazards where the app itself changes the wrong listings; `all` leaves them
# out, because no bot can end in the right state against them, only report.
WRONG_SET_HAZARDS: frozenset[str] = frozenset()

# TikTok Shop Sync, the second connector replica.
HAZARDS.update(
    {
        "shopsync-tour": "TikTok Shop Sync: a first visit opens a welcome tour over "
        "the page half a second after it loads, until 'Skip tour'",
        "shopsync-toasts": "TikTok Shop Sync: toasts sit over the Bulk actions and "
        "Save buttons for 4 s; the 'unpublished' toast is gone after 300 ms",
        "shopsync-slow": "TikTok Shop Sync: every API answer takes 800 ms, so the "
        "next rows of the list and each save come late",
        "shopsync-refresh": "TikTok Shop Sync: the loaded rows are fetched again "
        "and rebuilt every 1.5 s, as new elements",
    }
)

USERNAME = "merchant@sandbox.test"
PASSWORD = "sandbox-pass"


class SandboxConfig(BaseModel):
    """Settings for one sandbox: seed data, ports and hazards."""

    host: str = "127.0.0.1"
    port: int = 8700
    seed: int = 7
    products: int = Field(default=240, ge=1, le=200_000)
    region: Literal["US", "UK"] = "US"
    database: Path | None = None
    hazards: frozenset[str] = frozenset()
    latency_ms: int = Field(default=0, ge=0)
    job_seconds: float = Field(default=1.5, ge=0)
    session_seconds: int = Field(default=8 * 3600, ge=1)
    username: str = USERNAME
    password: str = PASSWORD

    @field_validator("hazards", mode="before")
    @classmethod
    def _split_hazards(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("hazards")
    @classmethod
    def _known_hazards(cls, value: frozenset[str]) -> frozenset[str]:
        if "all" in value:
            value = (value - {"all"}) | (frozenset(HAZARDS) - WRONG_SET_HAZARDS)
        unknown = sorted(value - set(HAZARDS))
        if unknown:
            known = ", ".join(sorted(HAZARDS)) or "none yet"
            raise ValueError(f"unknown hazard {unknown[0]!r}; known: {known}")
        return value

    def has(self, hazard: str) -> bool:
        """Tell whether a hazard is switched on."""
        return hazard in self.hazards

    @property
    def aftership_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def seller_center_url(self) -> str:
        return f"http://{self.host}:{self.port + 1}"

    @property
    def shopsync_url(self) -> str:
        return f"http://{self.host}:{self.port + 2}"
