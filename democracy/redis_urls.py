"""One ``REDIS_URL`` spelled the way each client wants it.

Django's cache and redis-py take ``redis://host:port/db`` or ``unix:///path?db=N``; Celery's
broker (kombu) and result backend want ``redis+socket:///path?virtual_host=N`` for a socket.
Imports nothing from Django, so settings can use it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def _socket_parts(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.path, dict(parse_qsl(parts.query)).get("db", "0")


def broker_url(redis_url: str) -> str:
    if redis_url.startswith("unix://"):
        path, db = _socket_parts(redis_url)
        return f"redis+socket://{path}?virtual_host={db}"
    return redis_url


def result_backend_url(redis_url: str) -> str:
    """Celery's result backend reads the same ``redis+socket://`` spelling as the broker."""
    return broker_url(redis_url)


def with_db(redis_url: str, db: int) -> str:
    """The same server with another database number."""
    parts = urlsplit(redis_url)
    if parts.scheme == "unix":
        # Built by hand: urlunsplit drops the "//" of a URL with an empty host.
        query = {**dict(parse_qsl(parts.query)), "db": str(db)}
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))
