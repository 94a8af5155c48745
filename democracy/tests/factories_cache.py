"""The public page cache in tests: on, as in production, and versioned by every write as well,
because factories write no audit rows (the root conftest's ``_public_pages_cached_as_in_production``
installs it); and a way for a test that measures a view to skip the cache."""

from __future__ import annotations

# Every write to the database in the test's own transaction (rows inserted, updated or deleted,
# by the ORM, a bulk operation or raw SQL), read from PostgreSQL's per-transaction statistics.
_WRITES_SQL = (
    "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
)


class EveryWriteVersion:
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
    if isinstance(public_cache.data_version, EveryWriteVersion):
        public_cache.data_version.move_on()
