"""Fixtures shared by every app's tests: the named personas, files and caches kept apart per test,
the suite's quick password hashing, a real Celery worker, a browser page on the live server and
the demo council.

The personas (issue 10, point 4) are the permission matrix's, by the same names:
``anonymous`` (a client that is not signed in), ``committee_councillor`` (a serving councillor
with a seat on the test's ``committee``), ``other_councillor`` (a serving councillor with no
seat on it), ``co_opted_member``, ``author`` (a report author), ``officer``, ``manager``,
``electoral_officer``, ``clerk`` (an appeals clerk) and ``panel_member`` (an appeals panel
member). ``councillor`` is a serving councillor on no committee, for tests that need just one.

Helpers that are not fixtures live in ``factories*.py`` modules beside the tests that use them
(for the whole suite: ``democracy/tests/factories_browser.py`` and ``factories_worker.py``); no
test module imports another test module (``democracy/tests/test_gate.py`` checks).

This module is loaded before Django is set up in some runs, so anything touching models is
imported inside the fixtures.
"""

from __future__ import annotations

import pytest

# Registered after the plugins pytest finds by entry point, so that their fixtures override
# pytest-playwright's (the browser launched) and pytest-django's (the test database's set-up
# and teardown).
pytest_plugins = [
    "democracy.tests.browser_launch",
    "democracy.tests.db_teardown",
    # Benchmark tables printed at the end of the run (make bench, and the quick run in the suite).
    "democracy.benchmarks.report",
]

QUICK_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- What every test gets -----------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Every account the tests make has a password (the factories' and the demo's); hashing it
    the production way costs most of a second each. Tests of hashing itself override this."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=QUICK_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True)
def agenda_positions_deferred(request):
    """Make the agenda-position constraint deferrable, as migration 0003 creates it.

    Django 6.0 drops ``deferrable`` when it creates a table whose UniqueConstraint has
    ``nulls_distinct`` (the CREATE TABLE path of ``--nomigrations``), so without this every
    reorder of an agenda fails the constraint half-way through. With migrations it is a no-op
    (one catalogue query), and tests that use no database are left alone.
    """
    names = set(request.fixturenames)
    if not {"db", "transactional_db"} & names:
        return
    request.getfixturevalue("db" if "db" in names else "transactional_db")
    from meetings.tests.factories_meetings import make_agenda_positions_deferrable

    make_agenda_positions_deferrable()


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


@pytest.fixture(autouse=True)
def _public_pages_cached_as_in_production(request):
    """The public page cache is on in every test, as in production (PUBLIC_CACHE_SECONDS as
    configured; the version is read on every request). Tests build data with factories, which
    write no audit rows, so the cache is versioned by every write as well
    (``democracy.tests.factories_cache.EveryWriteVersion``); the cache's own tests (``public_cache`` marker) see the
    production version alone, so they show what an audited change does and does not replace.
    Benchmarks measure the production cache as it is."""
    if request.node.path.name.startswith("bench_"):
        yield
        return
    from django.db.models import signals

    from democracy import public_cache
    from democracy.tests.factories_cache import EveryWriteVersion

    public_cache.forget()
    settings = request.getfixturevalue("settings")
    settings.PUBLIC_VERSION_MEMO_SECONDS = 0
    every_write = not request.node.get_closest_marker("public_cache")
    version = EveryWriteVersion(public_cache.data_version, every_write=every_write)
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setattr(public_cache, "data_version", version)
    uid = f"public-cache-{version.token}"
    signals.post_save.connect(version.signal, weak=False, dispatch_uid=uid)
    yield
    signals.post_save.disconnect(dispatch_uid=uid)
    public_cache.forget()


# --- The personas -------------------------------------------------------------------------------


@pytest.fixture
def password() -> str:
    from democracy.tests.factories import PASSWORD

    return PASSWORD


def _persona(username: str, *roles):
    from democracy.tests.factories import UserFactory

    return UserFactory(username=username, roles=list(roles))


def _councillor_persona(username: str):
    from democracy.roles import Role
    from democracy.tests.factories import CouncillorFactory, TermFactory

    user = _persona(username, Role.COUNCILLOR)
    councillor = CouncillorFactory(user=user, first_name=user.first_name, last_name=user.last_name)
    TermFactory(councillor=councillor)
    return user


@pytest.fixture
def anonymous(client):
    """A visitor who is not signed in: the test client, signed out."""
    client.logout()
    return client


@pytest.fixture
def committee(db):
    """The committee the ``committee_councillor`` sits on (a module may define its own)."""
    from democracy.tests.factories import CommitteeFactory

    return CommitteeFactory(name="Planning Committee")


@pytest.fixture
def committee_councillor(db, committee):
    """A serving councillor with a seat on ``committee`` since 15 May 2018."""
    from datetime import date

    from meetings.models import CommitteeMembership
    from members.models import Councillor

    user = _councillor_persona("committee-councillor")
    CommitteeMembership.objects.create(
        committee=committee,
        councillor=Councillor.all_objects.get(user=user),
        start_date=date(2018, 5, 15),
    )
    return user


@pytest.fixture
def councillor(db):
    """A serving councillor with an account, on no committee."""
    return _councillor_persona("councillor")


@pytest.fixture
def other_councillor(db):
    """A serving councillor with an account, on no committee (so not on ``committee``)."""
    return _councillor_persona("other-councillor")


@pytest.fixture
def co_opted_member(db):
    """A voting co-opted member (not a councillor), co-opted since Mon 2 June 2025, whose user
    holds the Co-opted Member role."""
    from democracy.roles import Role
    from democracy.tests.factories import CoOptionFactory, CouncillorFactory

    user = _persona("co-opted", Role.CO_OPTED_MEMBER)
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
def author(db):
    from democracy.roles import Role

    return _persona("author", Role.REPORT_AUTHOR)


@pytest.fixture
def officer(db):
    from democracy.roles import Role

    return _persona("officer", Role.DEMOCRATIC_SERVICES_OFFICER)


@pytest.fixture
def manager(db):
    from democracy.roles import Role

    return _persona("manager", Role.DEMOCRATIC_SERVICES_MANAGER, Role.DEMOCRATIC_SERVICES_OFFICER)


@pytest.fixture
def electoral_officer(db):
    from democracy.roles import Role

    return _persona("electoral", Role.ELECTORAL_SERVICES_OFFICER)


@pytest.fixture
def clerk(db):
    from democracy.roles import Role

    return _persona("clerk", Role.APPEALS_CLERK)


@pytest.fixture
def panel_member(db):
    from democracy.roles import Role

    return _persona("panel", Role.APPEALS_PANEL_MEMBER)


# --- The demo council ---------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def small_demo_register():
    """The demo council's register in tests is 600 electors, not the 80,000 of ``make run``:
    every test that loads the demo would otherwise import 80,000 electors. A test may still
    pass ``register_electors`` to ``website.demo.load``."""
    from elections import demo

    demo.REGISTER_ELECTORS = 600
    yield
    demo.REGISTER_ELECTORS = demo.DEFAULT_REGISTER_ELECTORS


@pytest.fixture(scope="module")
def kingsmere(django_db_setup, django_db_blocker):
    """The demo council for the module, inside a transaction rolled back at the module's end;
    each test runs in its own savepoint within it, so edits and second loads made by a test are
    undone after it. Loaded for real once in each test process, copied back by COPY after that
    (``democracy.tests.factories_demo``)."""
    from democracy.tests.factories_demo import demo_council_for_the_module

    with django_db_blocker.unblock(), demo_council_for_the_module():
        yield


@pytest.fixture
def demo_council(db):
    """The demo council in the test's own transaction (as ``kingsmere``, for one test)."""
    from democracy.tests.factories_demo import demo_council, forget_content_types

    demo_council()
    yield
    forget_content_types()


# --- A real Celery worker -----------------------------------------------------------------------


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, settings):
    """A real worker (prefork, two processes) on a private queue and its own Redis database
    (``factories_worker.worker_redis_url``), sending email with Django's file backend into
    ``tmp_path/mail``. Tasks sent from the test process with ``.apply_async(queue=worker.queue)``
    go to it; results come back through Redis."""
    import uuid

    from celery import Celery
    from django.db import connection

    from democracy import redis_urls
    from democracy.tests.factories_worker import (
        WorkerProcess,
        child_environment,
        database_url,
        worker_redis_url,
    )

    redis_url = worker_redis_url(settings.REDIS_URL)
    broker = redis_urls.broker_url(redis_url)
    backend = redis_urls.result_backend_url(redis_url)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **child_environment(),
        "DATABASE_URL": database_url(connection.settings_dict),
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


# --- A real browser: Debian's Chromium driven by Playwright -------------------------------------


@pytest.fixture
def live_page(page, live_server):
    """A Playwright page aimed at the live server (``page.base``)."""
    page.set_default_timeout(15_000)
    page.base = live_server.url
    return page
