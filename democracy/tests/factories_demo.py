"""The demo council for tests that only need it to be there: loaded for real once in each test
process, then put back by ``COPY`` wherever it is wanted again.

Loading the demo council goes through every service, with every check and audit row, and takes
most of a minute on a busy machine; a dozen modules and tests want it. ``demo_council()`` loads it
the first time (``website.demo.load``, for real) and then copies every table, as PostgreSQL's
binary ``COPY`` writes it, with the sequences' values. Later calls in the same process empty the
tables and copy the rows back: the same rows, ids and audit trail the load wrote, in a second or
two. Both run inside the caller's transaction, so a module's rollback undoes either.

The tests of the load itself (a second load changes nothing, loads on other days, the command)
still call ``website.demo.load``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

# Never copied back: the migrations Django has applied are the schema's, not the demo's.
KEPT = {"django_migrations"}


@dataclass
class Snapshot:
    tables: list[tuple[str, bytes]]  # (table, its rows in COPY's binary format), non-empty only
    sequences: list[tuple[str, int]]  # (sequence, its last value)


_SNAPSHOTS: dict[tuple, Snapshot] = {}


def _key(today) -> tuple:
    from elections import demo as elections_demo

    # A load depends on the day (the municipal year around it) and the register's size.
    return (today or timezone.localdate(), elections_demo.REGISTER_ELECTORS)


def _table_names(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall() if name not in KEPT]


def _take() -> Snapshot:
    tables = []
    with connection.cursor() as cursor:
        for name in _table_names(cursor):
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"SELECT EXISTS (SELECT FROM {quoted})")  # noqa: S608 - a table name
            if not cursor.fetchone()[0]:
                continue
            data = io.BytesIO()
            cursor.copy_expert(f"COPY {quoted} TO STDOUT (FORMAT binary)", data)
            tables.append((name, data.getvalue()))
        cursor.execute(
            "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
        sequences = list(cursor.fetchall())
    return Snapshot(tables, sequences)


def _restore(snapshot: Snapshot) -> None:
    # One transaction (a savepoint in the caller's), so that the deferred foreign keys are
    # checked once every row is back, even for a caller with none of its own (a browser test).
    with transaction.atomic(), connection.cursor() as cursor:
        names = _table_names(cursor)
        # Every table emptied at once (the foreign keys between them allow nothing else), then
        # the rows copied back; the foreign keys are deferred, so the order does not matter.
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(name) for name in names))
        for name, data in snapshot.tables:
            cursor.copy_expert(
                f"COPY {connection.ops.quote_name(name)} FROM STDIN (FORMAT binary)",
                io.BytesIO(data),
            )
        # A sequence never goes back: ids handed out since stay unused.
        for sequence, value in snapshot.sequences:
            cursor.execute(
                "SELECT setval(%s, GREATEST(%s, (SELECT coalesce(last_value, 0) "
                "FROM pg_sequences WHERE format('%%I.%%I', schemaname, sequencename) = %s)))",
                [sequence, value, sequence],
            )
    # The content types' ids are the snapshot's again.
    forget_content_types()


def demo_council(today: date | None = None) -> None:
    """The demo council, as ``website.demo.load(today=today)`` writes it, in the caller's
    transaction: loaded for real the first time in this process, copied back after that.

    The content types are the snapshot's until the caller's transaction ends: a caller whose
    transaction is rolled back clears Django's cache of them after it (``forget_content_types``;
    ``demo_council_for_the_module`` and the ``demo_council`` fixture do)."""
    from website import demo

    key = _key(today)
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is not None:
        _restore(snapshot)
        return
    demo.load(today=today)
    _SNAPSHOTS[key] = _take()


def forget_content_types() -> None:
    """Django's cache of content types, emptied: after a rollback, the ids it holds may be the
    snapshot's rather than the database's (a suite's flush between tests makes new ones)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@contextmanager
def demo_council_for_the_module(today: date | None = None) -> Iterator[None]:
    """The demo council in a transaction of its own, rolled back at the end (for a module-wide
    fixture: each test then runs in a savepoint inside it)."""
    try:
        with transaction.atomic():
            demo_council(today)
            try:
                yield
            finally:
                transaction.set_rollback(True)
    finally:
        forget_content_types()
