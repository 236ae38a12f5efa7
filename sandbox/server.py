"""Runs the replica apps on loopback, in the foreground or in a background thread."""

from __future__ import annotations

import asyncio
import tempfile
import threading
from pathlib import Path
from types import TracebackType

import uvicorn
from fastapi import FastAPI
from loguru import logger

from sandbox import aftership, seller_center, shopsync
from sandbox.config import SandboxConfig
from sandbox.store import Store


class Sandbox:
    """The replica apps over one database; starts and stops them."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if config.database is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="connector-bot-sandbox-")
            path = Path(self._tmp.name) / "sandbox.sqlite3"
        else:
            path = config.database
        self.store = Store(path)
        self.store.seed(config.seed, config.products, config.region, config.fixture)
        self._servers = [
            self._server(aftership.build(config, self.store), config.port),
            self._server(seller_center.build(config, self.store), config.port + 1),
            self._server(shopsync.build(config, self.store), config.port + 2),
        ]
        self._thread: threading.Thread | None = None

    def _server(self, app: FastAPI, port: int) -> uvicorn.Server:
        settings = uvicorn.Config(
            app,
            host=self.config.host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        return uvicorn.Server(settings)

    async def serve(self) -> None:
        """Serve every app until told to stop."""
        await asyncio.gather(*(server.serve() for server in self._servers))

    def start(self) -> Sandbox:
        """Serve in a background thread and return once every app answers."""
        self._thread = threading.Thread(
            target=asyncio.run, args=(self.serve(),), name="sandbox", daemon=True
        )
        self._thread.start()
        while not all(server.started for server in self._servers):
            if not self._thread.is_alive():
                raise RuntimeError(
                    f"sandbox could not start on ports {self.config.port} to "
                    f"{self.config.port + 2}; are they in use?"
                )
            self._thread.join(0.02)
        logger.debug("sandbox: serving on {}", self.config.aftership_url)
        return self

    def stop(self) -> None:
        """Stop every app and remove a temporary database."""
        for server in self._servers:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self.store.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
