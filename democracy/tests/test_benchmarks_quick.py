"""The benchmarks cannot rot (issue 11, item 14): the suite runs every one of them
(``make bench``'s modules) in quick mode (``BENCH_QUICK=1``: small data, a round or two), in a
pytest of their own against a test database of their own, and checks that each wrote its table
and that the tables were printed at the end. Nothing about time is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from democracy.tests.factories_worker import child_environment, database_url

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "democracy/benchmarks",
    "elections/benchmarks",
    "meetings/benchmarks",
    "website/benchmarks",
]
TABLES = ["public", "packs", "site", "scale"]

pytestmark = [pytest.mark.slow]


def test_every_benchmark_runs_in_quick_mode(tmp_path, db):
    settings_dict = dict(connection.settings_dict)
    # A database name of its own: the benchmarks' pytest makes test_<name> and drops it after.
    settings_dict["NAME"] = settings_dict["NAME"].removeprefix("test_") + "_bench"
    env = child_environment(
        BENCH_QUICK="1",
        BENCH_DIR=str(tmp_path / "bench"),
        DATABASE_URL=database_url(settings_dict),
    )
    run = subprocess.run(
        [
            sys.executable, "-m", "pytest", *MODULES,
            "-o", "python_files=bench_*.py", "-p", "no:cacheprovider", "-q",
            "--benchmark-columns=min,median,max,rounds", "--create-db",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-6000:]
    assert "benchmark tables" in output
    for name in TABLES:
        table = (tmp_path / "bench" / f"{name}.txt").read_text()
        assert "quick mode" in table
        assert table.splitlines()[0] in output, f"the {name} table was not printed"
