"""Overrides pytest-django's ``django_db_setup`` (registered after it, see
``pytest_plugins`` in the root conftest) to let the suite empty the audit table of its own
test database between transactional tests, and to close every other session on the test database
before pytest-django drops it.

Playwright's sync API runs the test in greenlets, each with its own context variables, so after a
browser test Django's per-context connection handler can open a fresh connection in the main
thread that pytest-django never closes. PostgreSQL refuses to drop a database in use, and the
test database was left behind for the next run ("being accessed by other users")."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    # The audit table refuses TRUNCATE (migration 0006) unless the session says otherwise; the
    # suite empties every table between transactional tests, so on this disposable database,
    # and on it only, every session says so.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} "
            "SET democracy.audit_truncate = 'on'"
        )
        cursor.execute("SET democracy.audit_truncate = 'on'")
    yield

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
