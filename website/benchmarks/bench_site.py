"""Benchmark of the served public site (``make bench``): gunicorn on loopback against a database
holding a published, held 40-item meeting, driven by wrk. In one run it measures requests per
second, p50 and p99 for the public pages, the open data API and the Modern.Gov web service, beside
a trivial Django view (``/health/``) served the same way, so the ratio does not depend on the
machine.

Target (the public side issue): cached public pages at least half the trivial view's throughput.
Nothing is asserted about time: the table is printed and kept in the benchmark JSON.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from democracy.tests.factories_worker import child_environment

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "6"))
CONNECTIONS = 4
WORKERS = 2
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# The data is committed by the module fixture; the mark makes pytest-django create the database.
pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url}")


def wrk(url: str) -> dict[str, float]:
    """Requests per second, p50 and p99 (ms) of ``url`` under ``CONNECTIONS`` connections."""
    subprocess.run(["wrk", "-t1", "-c2", "-d1s", url], capture_output=True, check=True)  # warm
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = {
        p: float(v) * UNITS[u]
        for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", out, re.M)
    }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non_2xx:
        raise AssertionError(f"{url}: {non_2xx[1]} failed responses\n{out}")
    return {"rps": rps, "p50_ms": latency["50"], "p99_ms": latency["99"]}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The data, committed (gunicorn is another process), and gunicorn serving it."""
    if shutil.which("wrk") is None:
        pytest.fail("wrk is needed for the site benchmark (Debian: apt-get install wrk)")
    from meetings import packs, search
    from meetings.tests.factories_meetings import make_agenda_positions_deferrable
    from meetings.tests.factories_public import PublicScene, add_meetings

    with django_db_blocker.unblock():
        make_agenda_positions_deferrable()
        scene = PublicScene(items=40, slug="bench")
        add_meetings(scene.committee, 30)
        packs.build_pending_packs()
        search.index_agenda(scene.meeting)
        database = dict(connection.settings_dict)
    port = free_port()
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = child_environment(DATABASE_URL=url, DEBUG="false", DATABASE_CONN_MAX_AGE="60")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "democracy.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/health/")
        yield base, scene
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_bench_served_public_site(site, benchmark):
    base, scene = site
    day = scene.day
    targets = {
        "trivial view (/health/)": "/health/",
        "meeting page, 40 items": scene.meeting.get_absolute_url(),
        "calendar month": f"/meetings/calendar/{day.year}/{day.month}/",
        "committee page": f"/committees/{scene.committee.slug}/",
        "councillor page": f"/councillors/{scene.councillors[0].slug}/",
        "API meeting JSON": f"/api/v1/meetings/{scene.meeting.pk}",
        "GetMeeting XML": f"/mgWebService.asmx/GetMeeting?lMeetingId={scene.meeting.pk}",
    }
    results = {name: wrk(base + path) for name, path in targets.items()}
    trivial = results["trivial view (/health/)"]["rps"]
    lines = [
        "",
        f"Served site: gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections, {SECONDS} s each",
        f"  {'':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of trivial':>10}",
    ]
    for name, r in results.items():
        lines.append(
            f"  {name:34} {r['rps']:9.0f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
            f"{r['rps'] / trivial:10.2f}"
        )
    lines.append("  target: cached public pages >= 0.50 of the trivial view")
    print("\n".join(lines))
    benchmark.extra_info.update(results)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
