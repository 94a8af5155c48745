"""`make run` from nothing: embedded PostgreSQL and Redis, migrations, the demo council, the web
server, a worker and beat, and a clean stop on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from democracy.tests.factories_worker import child_environment

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(var: Path, port: int, log: Path) -> subprocess.Popen:
    env = child_environment(
        drop={"DATABASE_URL", "REDIS_URL", "ENVIRONMENT"},
        DEVSTACK_VAR=str(var),
        PYTHONUNBUFFERED="1",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "democracy.devstack", "run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal would give it
    )


def wait_until_ready(process: subprocess.Popen, log: Path, timeout: float = 240) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            pytest.fail(f"make run exited early:\n{log.read_text()}")
        if "Press Ctrl-C" in log.read_text():
            return time.monotonic() - started
        time.sleep(0.5)
    pytest.fail(f"make run was not ready in {timeout}s:\n{log.read_text()}")


def wait_for_text(log: Path, *texts: str, timeout: float = 60) -> None:
    """The worker and beat print their banners a little after the web server is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(text in log.read_text() for text in texts):
            return
        time.sleep(0.5)
    pytest.fail(f"{texts} not all in the output within {timeout}s:\n{log.read_text()}")


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
        assert response.status == 200
        return response.read().decode()


def ctrl_c(process: subprocess.Popen, log: Path) -> None:
    os.killpg(process.pid, signal.SIGINT)
    try:
        assert process.wait(timeout=60) == 0, log.read_text()
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"make run did not stop on Ctrl-C:\n{log.read_text()}")


def leftovers(var: Path) -> list[str]:
    """Processes still running that belong to this stack (found by their data directory)."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if str(var) in cmdline:
            found.append(cmdline)
    return found


def test_make_run_serves_the_demo_council_and_stops_cleanly(tmp_path):
    var, port = tmp_path / "var", free_port()
    log = tmp_path / "first.log"
    process = start(var, port, log)
    try:
        first_start = wait_until_ready(process, log)
        home = get(f"http://127.0.0.1:{port}/")
        assert "Kingsmere District Council" in home
        assert "Abbey Meads" in home  # a ward of the demo council
        assert "govuk-frontend.min.css" in home
        get(f"http://127.0.0.1:{port}/static/govuk/govuk-frontend.min.css")
        output = log.read_text()
        assert f"http://127.0.0.1:{port}/" in output
        assert "officer" in output and "kingsmere-demo" in output
        # Absolute links follow the port we serve on (issue 11 item 13: they said :8000).
        committees = json.loads(get(f"http://127.0.0.1:{port}/api/v1/committees"))["items"]
        assert committees[0]["url"].startswith(f"http://127.0.0.1:{port}/committees/")
        assert f"http://127.0.0.1:{port}/meetings/" in get(f"http://127.0.0.1:{port}/meetings.ics")
        wait_for_text(log, "celery@", " ready.", "beat: Starting")
    finally:
        ctrl_c(process, log)
    assert leftovers(var) == []

    # A second start reuses the data: nothing is duplicated and it is quicker.
    log = tmp_path / "second.log"
    process = start(var, port, log)
    try:
        second_start = wait_until_ready(process, log)
        assert get(f"http://127.0.0.1:{port}/").count("Abbey Meads") == home.count("Abbey Meads")
    finally:
        ctrl_c(process, log)
    assert leftovers(var) == []
    print(f"\nmake run: first start {first_start:.1f}s, second start {second_start:.1f}s")
