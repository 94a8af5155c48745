"""A cap on how often one visitor may do something anonymous (lodge an appeal, upload evidence,
send a question for a meeting), counted in the cache per hour. Losing the cache only forgets the
counts: nothing is lost.

The visitor is keyed by a hash of their address (``democracy.client_ip``, which honours the
trusted proxies in front), so the cache holds no address in clear.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from democracy.client_ip import client_ip


def visitor(request) -> str:
    """The address the request comes from, hashed with the site's secret."""
    address = client_ip(request) or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def _key(scope: str, action: str, request) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"{scope}:throttle:{action}:{visitor(request)}:{hour}"


def allowed(scope: str, action: str, request, *, per_hour: int) -> bool:
    """Count one attempt at ``action``; False once the visitor has made ``per_hour`` this hour."""
    key = _key(scope, action, request)
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= per_hour
