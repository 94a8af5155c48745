"""Overrides pytest-django's ``django_db_setup`` (registered after it, see
``democracy.tests.fixtures.pytest_configure``) to close every other session on the test database
before pytest-django drops it.

Playwright's sync API runs the test in greenlets, each with its own context variables, so after a
browser test Django's per-context connection handler can open a fresh connection in the main
thread that pytest-django never closes. PostgreSQL refuses to drop a database in use, and the
test database was left behind for the next run ("being accessed by other users")."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
