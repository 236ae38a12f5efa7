"""The run's journal: every change to the shop, written before and after it happens."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

Phase = Literal["intent", "done", "failed"]


class Entry(BaseModel):
    """One line of the journal."""

    seq: int
    at: str
    phase: Phase
    action: str
    target: str
    detail: dict[str, Any] = {}


def _change(entry: Entry) -> tuple[str, str, str]:
    return entry.action, entry.target, ",".join(entry.detail.get("product_ids", ()))


class Journal:
    """Append-only JSON lines, flushed to disk before the change they announce."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries = self.read(path) if path.exists() else []
        # A kill mid-write leaves a torn last line; end it, so the next entry
        # starts a line of its own.
        if path.exists() and path.read_bytes()[-1:] not in (b"", b"\n"):
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n")

    @staticmethod
    def read(path: Path) -> list[Entry]:
        """Every complete entry in a journal file; a torn last line is ignored."""
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entries.append(Entry.model_validate_json(line))
            except ValueError:
                continue
        return entries

    def _write(
        self, phase: Phase, action: str, target: str, detail: dict[str, Any]
    ) -> Entry:
        entry = Entry(
            seq=len(self.entries) + 1,
            at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            phase=phase,
            action=action,
            target=target,
            detail=detail,
        )
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry.model_dump(mode="json")) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.entries.append(entry)
        return entry

    def intend(self, action: str, target: str, **detail: Any) -> Entry:
        """Record a change about to be made."""
        return self._write("intent", action, target, detail)

    def done(self, action: str, target: str, **detail: Any) -> Entry:
        """Record a change verified as made."""
        return self._write("done", action, target, detail)

    def failed(self, action: str, target: str, **detail: Any) -> Entry:
        """Record a change that did not take effect, with its reason."""
        return self._write("failed", action, target, detail)

    def changes(self) -> set[tuple[str, str, str]]:
        """Every change the journal announces, once each however often it was
        tried: its action, target and the listings it names."""
        return {_change(entry) for entry in self.entries if entry.phase == "intent"}

    def unfinished(self) -> list[Entry]:
        """Intents with no result after them: changes an interrupted session began."""
        open_: dict[tuple[str, str, str], Entry] = {}
        for entry in self.entries:
            key = _change(entry)
            if entry.phase == "intent":
                open_[key] = entry
            else:
                open_.pop(key, None)
        return list(open_.values())
