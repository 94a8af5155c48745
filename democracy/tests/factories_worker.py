"""Programs the tests start (a Celery worker, ``make run``, the devstack), the environment they
inherit, and the Redis databases each pytest-xdist worker keeps to itself.

Imports nothing from Django: ``democracy.tests.xdist_worker`` uses it before settings are read.
"""

from __future__ import annotations

import os

from democracy import redis_urls

# Set for this test process only (see browser_launch, and pytest-xdist's names for its workers);
# programs the tests start must not inherit them.
TEST_PROCESS_ONLY = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
}

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# Redis's default number of databases (``databases 16``).
REDIS_DATABASES = 16
# Where the real Celery worker of the worker tests keeps its queue and results when the suite
# runs in one process; under pytest-xdist, worker gwN's counts down from here.
CELERY_WORKER_DATABASE = REDIS_DATABASES - 1


def child_environment(drop: set[str] = frozenset(), **overrides: str) -> dict[str, str]:
    """The environment for a program a test starts: ours, minus test-process-only variables and
    ``drop``, plus ``overrides``."""
    unwanted = TEST_PROCESS_ONLY | set(drop)
    return {**{k: v for k, v in os.environ.items() if k not in unwanted}, **overrides}


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` for the database Django's ``settings_dict`` connects to."""
    from urllib.parse import quote

    user = quote(settings_dict["USER"] or "")
    password = quote(settings_dict["PASSWORD"] or "")
    auth = f"{user}:{password}@" if password else f"{user}@"
    host = settings_dict["HOST"] or settings_dict.get("OPTIONS", {}).get("host", "")
    if host.startswith("/"):
        return f"postgres://{auth}/{settings_dict['NAME']}?host={host}"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{auth}{host}{port}/{settings_dict['NAME']}"


class WorkerProcess:
    """A ``celery worker`` subprocess on its own queue, connected to the test database."""

    def __init__(self, *, queue: str, env: dict[str, str], log_path, mail_dir):
        self.queue, self.env, self.log_path, self.mail_dir = queue, env, log_path, mail_dir
        self.process = None

    def start(self, concurrency: int = 2) -> None:
        import subprocess
        import sys
        import time
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        offset = self._log.tell()  # a restarted worker must announce itself again
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "democracy", "worker",
                "--queues", self.queue, "--hostname", f"{self.queue}@%h",
                "--concurrency", str(concurrency), "--pool", "prefork",
                "--without-mingle", "--without-gossip", "--loglevel", "INFO",
            ],
            env=self.env, cwd=root, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log()}")
            if b" ready." in Path(self.log_path).read_bytes()[offset:]:
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready within 60s:\n{self.log()}")

    def send(self, task_name: str, *args):
        """Send a task by name to this worker's queue; returns its AsyncResult."""
        return self.client.send_task(task_name, args=args, queue=self.queue)

    def stop(self) -> None:
        import signal

        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except Exception:
                self.process.kill()
                self.process.wait()
        if self.process:
            self._log.close()
        self.process = None

    def log(self) -> str:
        from pathlib import Path

        return Path(self.log_path).read_text(errors="replace")

    def sent_mail(self) -> str:
        """Everything the worker's file email backend wrote."""
        return "".join(p.read_text() for p in sorted(self.mail_dir.glob("*")))


# --- One Redis database per pytest-xdist worker ------------------------------------------------


def xdist_worker() -> tuple[int, int] | None:
    """(this worker's number, how many workers) under pytest-xdist, or None in a plain run."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not name.startswith("gw"):
        return None
    return int(name[2:]), int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))


def _database_of(redis_url: str) -> int:
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(redis_url)
    if parts.scheme == "unix":
        return int(dict(parse_qsl(parts.query)).get("db", "0"))
    return int(parts.path.strip("/") or "0")


def xdist_redis_databases(base: int, worker: int, count: int) -> tuple[int, int]:
    """Worker gwN's Redis databases: its own cache and queue (``base + N + 1``, above the one
    ``REDIS_URL`` names) and its Celery worker's (``15 - N``). Workers never share one, so
    ``cache.clear()`` (FLUSHDB) or a worker test that flushes its broker touches only its own."""
    own = base + worker + 1
    celery = CELERY_WORKER_DATABASE - worker
    if base + count >= CELERY_WORKER_DATABASE - count + 1:
        raise ValueError(
            f"{count} test workers need {2 * count} Redis databases above database {base} of "
            f"{REDIS_DATABASES}: run fewer workers (-n) or point REDIS_URL at a lower database."
        )
    return own, celery


def redis_url_for_this_process(redis_url: str) -> str:
    """The ``REDIS_URL`` this test process uses: the one given, or under pytest-xdist its
    worker's own database."""
    worker = xdist_worker()
    if worker is None:
        return redis_url
    own, _ = xdist_redis_databases(_database_of(redis_url), *worker)
    return redis_urls.with_db(redis_url, own)


def worker_redis_url(redis_url: str) -> str:
    """The ``REDIS_URL`` for the real Celery worker a test starts: database 15, or under
    pytest-xdist ``15 - N`` for worker gwN (``redis_url`` names the server)."""
    worker = xdist_worker()
    number = worker[0] if worker else 0
    return redis_urls.with_db(redis_url, CELERY_WORKER_DATABASE - number)
