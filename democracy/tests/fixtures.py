"""Fixtures shared by every app's tests (loaded with ``-p`` from pytest.ini).

Named personas drive the permission tests: ``officer``, ``manager``, ``author``, ``councillor``
(a serving councillor with an account), ``other_councillor``, ``electoral_officer``, ``clerk``,
``panel_member``; anonymous visitors are the ``client`` fixture itself.
"""

from __future__ import annotations

import pytest

from democracy.roles import Role

# Set for this test process only (see browser_launch); programs the tests start must not inherit it.
TEST_PROCESS_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def child_environment(drop: set[str] = frozenset(), **overrides: str) -> dict[str, str]:
    """The environment for a program a test starts: ours, minus test-process-only variables and
    ``drop``, plus ``overrides``."""
    import os

    unwanted = TEST_PROCESS_ONLY | set(drop)
    return {**{k: v for k, v in os.environ.items() if k not in unwanted}, **overrides}


def pytest_configure(config):
    # Registered now, after the plugins pytest found by entry point, so that their fixtures
    # override pytest-playwright's and pytest-django's.
    config.pluginmanager.import_plugin("democracy.tests.browser_launch")
    config.pluginmanager.import_plugin("democracy.tests.db_teardown")
    # Benchmark tables printed at the end of the run (make bench, and the quick run in the suite).
    config.pluginmanager.import_plugin("democracy.benchmarks.report")


# This module is loaded as a plugin before Django is set up, so anything touching models is
# imported inside the fixtures.


@pytest.fixture(autouse=True)
def _files_in_a_temporary_directory(request, tmp_path_factory):
    """Every test writes uploads, packs and rendered parts under its own temporary directory,
    never into the project's var/. Private files go to MEDIA_ROOT/private. Benchmarks keep the
    directory their module-wide data was built in."""
    if request.node.path.name.startswith("bench_"):
        return
    settings = request.getfixturevalue("settings")
    root = tmp_path_factory.mktemp("files")
    settings.MEDIA_ROOT = str(root / "media")
    settings.PRIVATE_MEDIA_ROOT = None


# Every write to the database in the test's own transaction (rows inserted, updated or deleted,
# by the ORM, a bulk operation or raw SQL), read from PostgreSQL's per-transaction statistics.
_WRITES_SQL = (
    "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
)


class _EveryWriteVersion:
    """The public cache's version for a test: the production version (the newest audit row that
    changed what the public sees), this test's own token (so nothing cached in one test is
    served in another), and - unless the test is about the cache itself - a count of every
    write. Factories write no audit rows, so without the count a page cached before a factory
    added to it would be served stale; with it, any write replaces every cached page, as an
    audited publication does in production. Still one query per request, like production.

    Saves the test's transaction cannot see (a live server's thread commits its own) are
    counted by ``post_save`` in this process (only that signal: a receiver of ``post_delete``
    or ``m2m_changed`` would change the queries Django makes)."""

    def __init__(self, real, *, every_write: bool):
        import uuid

        self.real, self.every_write = real, every_write
        self.token = uuid.uuid4().hex[:12]
        self.signalled = 0

    def signal(self, **kwargs) -> None:
        self.signalled += 1

    def move_on(self) -> None:
        self.signalled += 1

    def __call__(self):
        if not self.every_write:
            version, changed_at = self.real()
            return f"{version}.{self.token}", changed_at
        from django.db import connection

        from democracy import public_cache

        sql, params = public_cache.version_rows().query.sql_with_params()
        # Our constant and Django's compiled SQL, with its parameters kept apart.
        query = f"SELECT ({_WRITES_SQL}), v.* FROM (SELECT 1) AS one LEFT JOIN ({sql}) AS v ON true"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            writes, version, changed_at = cursor.fetchone()
        return f"{version or 0}.{writes}.{self.signalled}.{self.token}", changed_at


def render_public_pages_afresh() -> None:
    """The next request for any public page renders it, not the cache: for a test that measures
    what a view does (its queries), as a publication would in production."""
    from democracy import public_cache

    public_cache.forget()
    if isinstance(public_cache.data_version, _EveryWriteVersion):
        public_cache.data_version.move_on()


@pytest.fixture(autouse=True)
def _public_pages_cached_as_in_production(request):
    """The public page cache is on in every test, as in production (PUBLIC_CACHE_SECONDS as
    configured; the version is read on every request). Tests build data with factories, which
    write no audit rows, so the cache is versioned by every write as well
    (``_EveryWriteVersion``); the cache's own tests (``public_cache`` marker) see the
    production version alone, so they show what an audited change does and does not replace.
    Benchmarks measure the production cache as it is."""
    if request.node.path.name.startswith("bench_"):
        yield
        return
    from django.db.models import signals

    from democracy import public_cache

    public_cache.forget()
    settings = request.getfixturevalue("settings")
    settings.PUBLIC_VERSION_MEMO_SECONDS = 0
    every_write = not request.node.get_closest_marker("public_cache")
    version = _EveryWriteVersion(public_cache.data_version, every_write=every_write)
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setattr(public_cache, "data_version", version)
    uid = f"public-cache-{version.token}"
    signals.post_save.connect(version.signal, weak=False, dispatch_uid=uid)
    yield
    signals.post_save.disconnect(dispatch_uid=uid)
    public_cache.forget()


@pytest.fixture
def password() -> str:
    from democracy.tests.factories import PASSWORD

    return PASSWORD


def _persona(role: Role, username: str):
    from democracy.tests.factories import UserFactory

    return UserFactory(username=username, roles=[role])


@pytest.fixture
def officer(db):
    return _persona(Role.DEMOCRATIC_SERVICES_OFFICER, "officer")


@pytest.fixture
def manager(db):
    from democracy.tests.factories import UserFactory

    return UserFactory(
        username="manager",
        roles=[Role.DEMOCRATIC_SERVICES_MANAGER, Role.DEMOCRATIC_SERVICES_OFFICER],
    )


@pytest.fixture
def author(db):
    return _persona(Role.REPORT_AUTHOR, "author")


@pytest.fixture
def electoral_officer(db):
    return _persona(Role.ELECTORAL_SERVICES_OFFICER, "electoral")


@pytest.fixture
def clerk(db):
    return _persona(Role.APPEALS_CLERK, "clerk")


@pytest.fixture
def panel_member(db):
    return _persona(Role.APPEALS_PANEL_MEMBER, "panel")


def _councillor_persona(username: str):
    from democracy.tests.factories import CouncillorFactory, TermFactory

    user = _persona(Role.COUNCILLOR, username)
    councillor = CouncillorFactory(user=user, first_name=user.first_name, last_name=user.last_name)
    TermFactory(councillor=councillor)
    return user


@pytest.fixture
def councillor(db):
    return _councillor_persona("councillor")


@pytest.fixture
def co_opted_member(db):
    """A voting co-opted member (not a councillor), co-opted since Mon 2 June 2025, whose user
    holds the Co-opted Member role."""
    from democracy.tests.factories import CoOptionFactory, CouncillorFactory

    user = _persona(Role.CO_OPTED_MEMBER, "co-opted")
    person = CouncillorFactory(
        user=user,
        kind="coopted",
        title="Mrs",
        first_name=user.first_name,
        last_name=user.last_name,
    )
    CoOptionFactory(councillor=person)
    return user


@pytest.fixture
def other_councillor(db):
    return _councillor_persona("other-councillor")


PERSONAS = [
    "officer",
    "manager",
    "author",
    "councillor",
    "electoral_officer",
    "clerk",
    "panel_member",
]


# --- A real Celery worker --------------------------------------------------------------------


def _database_url(settings_dict: dict) -> str:
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


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, settings):
    """A real worker (prefork, two processes) on a private queue, on Redis database 15, sending
    email with Django's file backend into ``tmp_path/mail``. Tasks sent from the test process
    with ``.apply_async(queue=worker.queue)`` go to it; results come back through Redis."""
    import uuid

    from celery import Celery
    from django.db import connection

    from democracy import redis_urls

    redis_url = redis_urls.with_db(settings.REDIS_URL, 15)
    broker = redis_urls.broker_url(redis_url)
    backend = redis_urls.result_backend_url(redis_url)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **child_environment(),
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": redis_url,
        "CELERY_RESULT_BACKEND": backend,
        "CELERY_TASK_IGNORE_RESULT": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    env.pop("EMAIL_URL", None)
    worker = WorkerProcess(
        queue=f"test-{uuid.uuid4().hex[:8]}",
        env=env,
        log_path=tmp_path / "worker.log",
        mail_dir=mail_dir,
    )
    # A client app of our own, so the project's app keeps its configuration.
    worker.client = Celery("test-client", broker=broker, backend=backend)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        worker.client.close()


# --- A real browser: Debian's Chromium driven by Playwright ------------------------------------

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def live_page(page, live_server):
    """A Playwright page aimed at the live server (``page.base``)."""
    page.set_default_timeout(15_000)
    page.base = live_server.url
    return page


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
    ]


def sign_in_with_browser(page, username: str, password: str) -> None:
    page.goto(f"{page.base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
