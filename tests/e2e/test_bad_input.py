"""Bad input ends with one clear line and exit code 2, before any browser starts."""

from __future__ import annotations

import contextlib
import http.server
import json
import socketserver
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import openpyxl
import pytest

from bot.errors import SettingsError
from bot.runner import check_reachable
from tests.conftest import StartSandbox, bot_env, free_port_pair, run_bot

pytestmark = pytest.mark.e2e

Case = Callable[[Path, dict[str, str]], list[str]]


def unknown_connector(tmp: Path, env: dict[str, str]) -> list[str]:
    return ["migrate", "--connector", "shopify", "--yes"]


def missing_sales_file(tmp: Path, env: dict[str, str]) -> list[str]:
    return ["plan", "--mode", "keep-sales", "--sales-file", str(tmp / "none.csv")]


def rounded_ids(tmp: Path, env: dict[str, str]) -> list[str]:
    path = tmp / "export.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Product ID", "GMV", "Items sold", "Orders"])
    workbook.active.append([1.72938475610294e18, "$0.00", "0", "0"])
    workbook.save(path)
    return ["plan", "--mode", "keep-sales", "--sales-file", str(path)]


def unreachable_site(tmp: Path, env: dict[str, str]) -> list[str]:
    env["CONNECTOR_BOT_AFTERSHIP_URL"] = f"http://127.0.0.1:{free_port_pair()}"
    return ["plan"]


def wrong_settings_key(tmp: Path, env: dict[str, str]) -> list[str]:
    path = tmp / "settings.json"
    path.write_text(json.dumps({"aftership_ur": "http://127.0.0.1:1"}))
    return ["plan", "--settings", str(path)]


def password_in_settings_file(tmp: Path, env: dict[str, str]) -> list[str]:
    path = tmp / "settings.toml"
    path.write_text('aftership_password = "hunter2-secret"\n')
    return ["plan", "--settings", str(path)]


def no_terminal_and_no_yes(tmp: Path, env: dict[str, str]) -> list[str]:
    return ["migrate", "--mode", "all"]


def headed_without_a_display(tmp: Path, env: dict[str, str]) -> list[str]:
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return ["migrate", "--mode", "all", "--yes", "--headed"]


def sales_window_of_no_days(tmp: Path, env: dict[str, str]) -> list[str]:
    return ["plan", "--mode", "keep-sales", "--sales-window-days", "0"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (unknown_connector, "unknown connector 'shopify'; known connectors: aftership"),
        (missing_sales_file, "cannot read sales export"),
        (rounded_ids, "is stored as a number, so a spreadsheet has rounded it"),
        (unreachable_site, "AfterShip Feed does not answer at http://127.0.0.1:"),
        (wrong_settings_key, "setting 'aftership_ur': Extra inputs are not permitted"),
        (password_in_settings_file, "passwords come only from the environment"),
        (no_terminal_and_no_yes, "no terminal to ask for consent; pass --yes"),
        (sales_window_of_no_days, "--sales-window-days: Input should be greater"),
        (headed_without_a_display, "a headed browser needs a display"),
    ],
)
def test_bad_input_fails_in_one_line_before_a_browser_starts(
    start_sandbox: StartSandbox, tmp_path: Path, case: Case, message: str
) -> None:
    box = start_sandbox(seed=61, products=30)
    env = bot_env(box, tmp_path)
    args = case(tmp_path, env)

    run = run_bot(args, env)

    assert run.code == 2, run.output
    lines = [line for line in run.output.splitlines() if line.strip()]
    assert len(lines) == 1, run.output
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert "hunter2-secret" not in run.output
    assert not (tmp_path / "recordings").exists(), "a run folder means it started"


def test_an_app_that_redirects_is_reachable_at_one_request(
    start_sandbox: StartSandbox,
) -> None:
    box = start_sandbox()
    url = box.config.aftership_url

    check_reachable("AfterShip Feed", url)

    rows = httpx.get(f"{url}/__sandbox__/requests", timeout=30).json()
    assert [(row["method"], row["path"], row["count"]) for row in rows] == [
        ("GET", "/", 1)
    ]


@contextlib.contextmanager
def serving(handler: type[socketserver.BaseRequestHandler]) -> Iterator[str]:
    """The address of a server of the test's own on loopback, answering with
    `handler`, until the block ends."""
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


def test_an_app_that_redirects_to_a_dead_address_does_not_answer() -> None:
    dead = f"http://127.0.0.1:{free_port_pair()}/"

    class Away(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", dead)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            return

    with serving(Away) as url, pytest.raises(SettingsError, match="does not answer at"):
        check_reachable("AfterShip Feed", url)


def test_an_address_that_answers_but_not_in_http_does_not_answer() -> None:
    class NotWeb(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")

    with (
        serving(NotWeb) as url,
        pytest.raises(SettingsError, match=r"does not answer at .*SSH-2\.0"),
    ):
        check_reachable("AfterShip Feed", url)


def test_an_address_that_trickles_its_answer_does_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.runner.REACH_S", 1)
    stop = threading.Event()

    class Trickle(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            for byte in b"HTTP/1.1 200 OK\r\n":
                if stop.wait(0.4):
                    return
                self.request.sendall(bytes([byte]))

    with serving(Trickle) as url:
        with pytest.raises(SettingsError, match=r"no whole answer in 1 s"):
            check_reachable("AfterShip Feed", url)
        stop.set()  # before the server waits for its handler to end
