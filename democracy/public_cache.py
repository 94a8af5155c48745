"""Conditional GET and caching for what the public reads: pages, feeds and the open data API.

Every change a council may have to evidence writes an audit row in the same transaction
(ARCHITECTURE.md §4.4), and every publication is such a change, so the newest audit row that
may change what the public sees (flagged ``public`` when recorded, see ``changes_public``) is a
version number for all public data; a private change (a draft, a claim) leaves the cache be. A public response is named by that version, its URL and
the hour: that is its ETag. Its Last-Modified is the newest audit row's time, or the start of the
hour if later, because the passing of time alone changes some pages (upcoming meetings become
past ones, call-in windows close) without a write.

A request whose If-None-Match (or If-Modified-Since) matches gets 304 Not Modified without the
view running. Anonymous 200 responses are kept under their ETag, in the worker's memory (a small
LRU) and in the shared cache (Redis), so a repeat costs a dictionary lookup; a publication
changes the version and so every key, which is the invalidation. The version itself is read from
PostgreSQL at most once per ``PUBLIC_VERSION_MEMO_SECONDS`` (one second) per worker.

Conditional GET and the cache are for anonymous visitors alone: a signed-in user's page may show
more (their name, "Sign out", what their role lets them read), so their requests always run the
view and get no validators, and every response says ``Vary: Cookie``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from democracy.models import AuditEvent

LOCAL_ENTRIES = 256
LOCAL_BYTES = 32 * 1024 * 1024

_lock = threading.Lock()
_local: OrderedDict[str, tuple] = OrderedDict()
_local_bytes = 0
_memo: tuple[float, tuple[int, datetime | None]] | None = None


def data_version() -> tuple[int, datetime | None]:
    """The newest audit row's id and time (one query on the primary key), remembered for
    ``PUBLIC_VERSION_MEMO_SECONDS`` so that a busy worker asks once a second at most."""
    global _memo
    memo_for = settings.PUBLIC_VERSION_MEMO_SECONDS
    now = time.monotonic()
    if memo_for and _memo is not None and _memo[0] > now:
        return _memo[1]
    row = version_rows().first()
    version = row if row else (0, None)
    if memo_for:
        _memo = (now + memo_for, version)
    return version


def version_rows():
    """The newest audit row of a change the public may see, as (id, time): the version of all
    public data. A partial index on the flagged rows answers it in one step, however many
    private changes (a draft edited, a claim paid) were recorded since."""
    rows = AuditEvent.private_objects.filter(public=True).order_by("-pk")
    return rows.values_list("pk", "at")[:1]


# --- Which audited changes replace the cached pages ---------------------------------------------
#
# Every audited change is public unless the app that owns the model says otherwise: an app
# registers, for a model (``"meetings.report"``) or all of its models (``"appeals"``), a rule
# telling whether a change to that object may alter what the public sees. A draft report on an
# agenda not yet published, a decision recorded but not published, a councillor's expense claim:
# none of them changes a public page, so none of them empties the cache. The rule reads the
# object as it is after the change, inside the change's transaction; when it cannot tell (the
# object is gone), the change counts as public.

_RULES: dict[str, Callable[[models.Model], bool]] = {}


def never_public(obj: models.Model) -> bool:
    return False


def register_public_rule(label: str, rule: Callable[[models.Model], bool]) -> None:
    """``rule(obj)`` is True when an audited change to ``obj`` may alter what the public sees;
    ``label`` is a model's ``app_label.model_name`` or an app label (all its models)."""
    _RULES[label.lower()] = rule


def changes_public(obj: models.Model) -> bool:
    """Whether an audited change to ``obj`` may alter a public page (``democracy.audit.record``
    stores the answer; only such changes move the cache's version)."""
    meta = obj._meta
    rule = _RULES.get(meta.label_lower) or _RULES.get(meta.app_label)
    if rule is None:
        return True
    try:
        return bool(rule(obj))
    except (ObjectDoesNotExist, AttributeError):
        return True


def forget() -> None:
    """Drop this worker's memory of pages and the version (tests; the shared cache is apart)."""
    global _memo, _local_bytes
    with _lock:
        _local.clear()
        _local_bytes = 0
        _memo = None


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


def _frozen(response: HttpResponse) -> tuple:
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    return (response.status_code, headers, response.content)


def _thawed(frozen: tuple) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def _remember_locally(key: str, frozen: tuple) -> None:
    global _local_bytes
    size = len(frozen[2])
    if size > LOCAL_BYTES // 8:
        return
    with _lock:
        if key in _local:
            return
        _local[key] = frozen
        _local_bytes += size
        while len(_local) > LOCAL_ENTRIES or _local_bytes > LOCAL_BYTES:
            _, old = _local.popitem(last=False)
            _local_bytes -= len(old[2])


def _recall(key: str) -> tuple | None:
    with _lock:
        frozen = _local.get(key)
        if frozen is not None:
            _local.move_to_end(key)
            return frozen
    frozen = cache.get(key)
    if frozen is not None:
        _remember_locally(key, frozen)
    return frozen


def _shareable(response: HttpResponse) -> None:
    """``Cache-Control`` on an anonymous public response the page cache keeps: browsers and
    proxies may keep it (``Vary: Cookie`` keeps a signed-in user's request from being answered
    with it). By default (``PUBLIC_CACHE_MAX_AGE=0``) ``public, no-cache``: they keep it but ask
    again each time, a cheap 304 while nothing has changed, so a publication is seen at once (an
    agenda is open to inspection from the moment it is published, LGA 1972 s100B(1)); a council
    may let them keep it for a few minutes without asking. A view that said otherwise is left
    alone."""
    if response.has_header("Cache-Control"):
        return
    if settings.PUBLIC_CACHE_MAX_AGE > 0:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
    else:
        patch_cache_control(response, public=True, no_cache=True)


def is_kept(etag: str) -> bool:
    """Whether the response named by ``etag`` is kept for the next visitor (tests)."""
    return _recall(f"public:{etag}") is not None


def public_conditional(view):
    """Decorate a public view (page, feed or API operation) with ETag/Last-Modified,
    conditional GET, and the cache, for anonymous visitors only.

    A signed-in user's page may show more than the public one (a "Sign out" link, their name,
    what their role lets them read), so it is never cached, never answered from the cache and
    never answered 304 against a validator the anonymous copy carried: their request runs the
    view and its response carries no ETag. Every response varies on Cookie, so no browser or
    proxy hands a copy made for one to the other."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _signed_in(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        etag, last_modified = _validators(request)
        stamp = int(last_modified.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
        if not_modified is not None:
            not_modified.headers["ETag"] = etag
            not_modified.headers["Last-Modified"] = http_date(stamp)
            patch_vary_headers(not_modified, ["Cookie"])
            if settings.PUBLIC_CACHE_SECONDS > 0:
                _shareable(not_modified)
            return not_modified
        seconds = settings.PUBLIC_CACHE_SECONDS
        key = f"public:{etag}"
        frozen = _recall(key) if seconds > 0 else None
        if frozen is not None:
            return _thawed(frozen)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(stamp)
            patch_vary_headers(response, ["Cookie"])
            if (
                seconds > 0
                and not response.streaming
                and not response.cookies
                and not response.has_header("Set-Cookie")
            ):
                if not getattr(response, "is_rendered", True):
                    # A TemplateResponse (the sitemap's) renders after the view returns: render
                    # it now, to keep what the visitor is sent.
                    response.render()
                _shareable(response)
                frozen = _frozen(response)
                cache.set(key, frozen, seconds)
                _remember_locally(key, frozen)
        return response

    return wrapper
