"""The benchmark runs end to end on a tiny shop; its figures are not judged here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

LATENCY_MS = 20
JOB_SECONDS = 1.5


def test_bench_measures_a_small_shop(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--listings",
            "30",
            "--modes",
            "all",
            "--naive-sample",
            "1",
            "--latency-ms",
            str(LATENCY_MS),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    rows = json.loads(out.read_text())
    assert [(row["listings"], row["mode"]) for row in rows] == [(30, "all")]
    row = rows[0]
    assert row["exit_code"] == 0, done.stdout
    assert row["requests"] >= row["floor_requests"] > 10
    assert row["floor_s"] == round(
        row["floor_requests"] * LATENCY_MS / 1000 + JOB_SECONDS, 2
    )
    assert 0 < row["first_page_s"] < row["wall_s"]
    assert row["naive_scaled_from"] == 1
    assert row["naive_s"] > row["deactivated"] * JOB_SECONDS
    assert 50 < row["peak_rss_mb"] < row["peak_rss_sum_mb"]
    assert "connector-bot benchmark" in done.stdout
    assert "floor of 30 all" in done.stdout
