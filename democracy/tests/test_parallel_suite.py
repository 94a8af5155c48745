"""The suite runs in parallel (issue 11, item 24): ``make test`` starts one pytest-xdist worker
per core, a module's tests together on one worker; each worker has its own test database
(pytest-django) and its own Redis databases, so one worker's cache and queues are never
another's; and every run lists the 20 slowest tests."""

from __future__ import annotations

import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest

from democracy import devstack
from democracy.tests.factories_worker import (
    child_environment,
    redis_url_for_this_process,
    worker_redis_url,
    xdist_redis_databases,
)

ROOT = Path(__file__).resolve().parents[2]


def test_make_test_runs_the_suite_in_parallel_a_module_to_a_worker():
    assert devstack.parallel_arguments([]) == ["--numprocesses", "auto", "--dist", "loadfile"]
    assert devstack.parallel_arguments(["-k", "reminders", "-x"]) == devstack.PARALLEL


@pytest.mark.parametrize(
    "args",
    [
        ["-n", "0"],
        ["-n2"],
        ["--numprocesses=3"],
        ["--dist", "loadgroup"],
        ["-p", "no:xdist"],
        ["-o", "python_files=bench_*.py", "--benchmark-columns=min,median,max,rounds"],
    ],
)
def test_arguments_that_choose_otherwise_or_run_benchmarks_are_left_alone(args):
    assert devstack.parallel_arguments(args) == []


def test_every_run_lists_the_20_slowest_tests():
    config = ConfigParser()
    config.read(ROOT / "pytest.ini")
    assert "--durations=20" in config["pytest"]["addopts"].split()


def test_each_worker_has_redis_databases_of_its_own():
    taken = [db for worker in range(2) for db in xdist_redis_databases(0, worker, 2)]
    assert taken == [1, 15, 2, 14]
    taken = [db for worker in range(4) for db in xdist_redis_databases(5, worker, 4)]
    assert len(set(taken)) == 8 and 5 not in taken and max(taken) <= 15


def test_more_workers_than_redis_has_databases_for_are_refused():
    with pytest.raises(ValueError, match="run fewer workers"):
        xdist_redis_databases(0, 0, 8)


def test_a_plain_run_keeps_the_redis_url_it_was_given(monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    assert redis_url_for_this_process("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/3"
    assert worker_redis_url("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/15"


def test_worker_gw1_of_two_takes_the_databases_above_the_given_one(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    assert redis_url_for_this_process("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/5"
    assert worker_redis_url("redis://127.0.0.1:6379/5") == "redis://127.0.0.1:6379/14"
    assert (
        redis_url_for_this_process("unix:///tmp/redis.sock?db=0") == "unix:///tmp/redis.sock?db=2"
    )


PROBE = """
import os

from django.conf import settings


def test_probe():
    with open(os.environ["PROBE_OUT"], "a") as out:
        out.write(
            f"{os.environ['PYTEST_XDIST_WORKER']} {settings.REDIS_URL} "
            f"{settings.CACHES['default']['LOCATION']} {settings.CELERY_BROKER_URL}\\n"
        )
"""


@pytest.mark.slow
def test_two_workers_get_redis_databases_of_their_own(tmp_path):
    """Two workers, a module each (``--dist loadfile``): each reads a Redis database of its own
    for the cache and the broker alike, before Django read its settings. (The test databases
    per worker, ``test_<name>_gw0`` and so on, are pytest-django's.)"""
    for name in ("test_probe_one.py", "test_probe_two.py"):
        (tmp_path / name).write_text(PROBE)
    out = tmp_path / "probe.txt"
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "-c", str(ROOT / "pytest.ini"), "--rootdir", str(tmp_path),
            *devstack.PARALLEL[2:], "--numprocesses", "2",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=child_environment(
            PROBE_OUT=str(out), REDIS_URL="redis://127.0.0.1:6379/8", PYTHONHASHSEED="0"
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    rows = sorted(line.split() for line in out.read_text().splitlines())
    assert rows == [
        ["gw0", *["redis://127.0.0.1:6379/9"] * 3],
        ["gw1", *["redis://127.0.0.1:6379/10"] * 3],
    ]
