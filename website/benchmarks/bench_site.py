"""Benchmark of the served public site (``make bench``): gunicorn on loopback against a database
holding a published, held 40-item meeting, driven by wrk (or, where wrk is not installed, a
small keep-alive client in Python, named in the table). In one run it measures requests per
second, p50 and p99 for the public pages, the open data API and the Modern.Gov web service, beside
a trivial Django view (``/health/``) served the same way, so the ratio does not depend on the
machine, twice: with the public page cache (every anonymous visitor after the first) and without
it (``PUBLIC_CACHE_SECONDS=0``: every request rendered, what a publication costs).

Target (the public side issue): cached public pages at least half the trivial view's throughput.
The data is committed (gunicorn is another process) and every table emptied afterwards
(``committed_data``). Nothing is asserted about time: the table is printed at the end of the run
and kept in ``var/bench/site.txt``.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from democracy.benchmarks.support import Table, committed_data, quick
from democracy.tests.factories_worker import child_environment

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", quick("6", "1")))
CONNECTIONS = 4
WORKERS = 2
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
DRIVER = "wrk" if shutil.which("wrk") else "python"
TABLE = Table(
    "site",
    f"Served site: gunicorn {WORKERS} workers, {DRIVER} {CONNECTIONS} connections, "
    f"{SECONDS} s each",
    [
        ("rps", "req/s"),
        ("p50_ms", "p50 ms"),
        ("p99_ms", "p99 ms"),
        ("of_trivial", "of trivial"),
        ("rps_uncached", "uncached r/s"),
        ("p50_uncached", "uncached p50"),
    ],
    notes=[
        "first four columns with the page cache; uncached: PUBLIC_CACHE_SECONDS=0",
        "target: cached public pages >= 0.50 of the trivial view",
    ],
)
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


def python_driver(url: str, seconds: float) -> dict[str, float]:
    """What wrk measures, from ``CONNECTIONS`` keep-alive connections in threads (slower than
    wrk, so it understates a fast server; the table names the driver)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    failures: list[int] = []
    deadline = time.monotonic() + seconds

    def run() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status >= 400:
                failures.append(response.status)
        conn.close()
        latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise AssertionError(f"{url}: {len(failures)} failed responses ({failures[0]})")
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


def wrk(url: str) -> dict[str, float]:
    """Requests per second, p50 and p99 (ms) of ``url`` under ``CONNECTIONS`` connections."""
    if DRIVER == "python":
        python_driver(url, 0.3)  # warm
        return python_driver(url, SECONDS)
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


def serve(database: dict, **env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
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
        env=child_environment(DATABASE_URL=url, DEBUG="false", DATABASE_CONN_MAX_AGE="60", **env),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/health/")
    except Exception:
        stop(server)
        raise
    return server, base


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The data, committed (gunicorn is another process) and removed afterwards."""
    from meetings import packs, search
    from meetings.tests.factories_meetings import make_agenda_positions_deferrable
    from meetings.tests.factories_public import PublicScene, add_meetings

    with committed_data(django_db_blocker):
        make_agenda_positions_deferrable()
        scene = PublicScene(items=40, slug="bench")
        add_meetings(scene.committee, 30)
        packs.build_pending_packs()
        search.index_agenda(scene.meeting)
        yield dict(connection.settings_dict), scene


def test_bench_served_public_site(site, benchmark):
    database, scene = site
    day = scene.day
    targets = {
        "trivial view (/health/)": "/health/",
        "meeting page, 40 items": scene.meeting.get_absolute_url(),
        "calendar month": f"/meetings/calendar/{day.year}/{day.month}/",
        "committee page": f"/committees/{scene.committee.slug}/",
        "councillor page": f"/councillors/{scene.councillors[0].slug}/",
        "API meeting JSON": f"/api/v1/meetings/{scene.meeting.pk}",
        "GetMeeting XML": f"/mgWebService.asmx/GetMeeting?lMeetingId={scene.meeting.pk}",
        "search": "/search/?q=plan",
    }
    results: dict[str, dict[str, float]] = {}
    for cached in (True, False):
        server, base = serve(database, **({} if cached else {"PUBLIC_CACHE_SECONDS": "0"}))
        try:
            for name, path in targets.items():
                figures = wrk(base + path)
                if not cached:
                    figures = {"rps_uncached": figures["rps"], "p50_uncached": figures["p50_ms"]}
                results.setdefault(name, {}).update(figures)
        finally:
            stop(server)
    trivial = results["trivial view (/health/)"]["rps"]
    for name, figures in results.items():
        TABLE.add(name, **figures, of_trivial=figures["rps"] / trivial)
    benchmark.extra_info.update(results)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
