"""Conditional GET and caching for what the public reads: pages, feeds and the open data API.

Every change a council may have to evidence writes an audit row in the same transaction
(ARCHITECTURE.md §4.4), and every publication is such a change, so the newest audit row is a
version number for all public data. A public response is named by that version, its URL and
the hour: that is its ETag. Its Last-Modified is the newest audit row's time, or the start of the
hour if later, because the passing of time alone changes some pages (upcoming meetings become
past ones, call-in windows close) without a write.

A request whose If-None-Match (or If-Modified-Since) matches gets 304 Not Modified without the
view running. Anonymous 200 responses are kept in the cache (Redis) under the ETag, so a repeat
costs one indexed query and a cache read; a publication changes the version and so every key,
which is the invalidation. Signed-in users' pages are never cached (they may show more).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from democracy.models import AuditEvent


def data_version() -> tuple[int, datetime | None]:
    """The newest audit row's id and time (one query on the primary key)."""
    row = AuditEvent.objects.order_by("-pk").values_list("pk", "at").first()
    return row if row else (0, None)


def _validators(request) -> tuple[str, datetime]:
    version, changed_at = data_version()
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    name = f"{version}|{hour:%Y%m%d%H}|{request.get_full_path()}"
    etag = '"' + hashlib.sha256(name.encode()).hexdigest()[:40] + '"'
    last_modified = max(changed_at, hour) if changed_at else hour
    return etag, last_modified


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def public_conditional(view):
    """Decorate a public view (page, feed or API operation) with ETag/Last-Modified,
    conditional GET, and the cache for anonymous visitors."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        etag, last_modified = _validators(request)
        stamp = int(last_modified.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
        if not_modified is not None:
            not_modified.headers["ETag"] = etag
            not_modified.headers["Last-Modified"] = http_date(stamp)
            return not_modified
        seconds = settings.PUBLIC_CACHE_SECONDS
        anonymous = seconds > 0 and not _signed_in(request)
        key = f"public:{etag}"
        response = cache.get(key) if anonymous else None
        if response is None:
            response = view(request, *args, **kwargs)
            if (
                anonymous
                and response.status_code == 200
                and not response.streaming
                and not response.has_header("Set-Cookie")
                and not response.cookies
            ):
                response.headers["ETag"] = etag
                response.headers["Last-Modified"] = http_date(stamp)
                patch_vary_headers(response, ["Cookie"])
                cache.set(key, response, seconds)
        if response.status_code == 200:
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(stamp)
            patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
