"""A cap on how often one visitor may do something anonymous (lodge an appeal, upload evidence),
counted in the cache per hour (``democracy.throttle``). Losing the cache only forgets the counts:
nothing is lost."""

from __future__ import annotations

from django.conf import settings

from democracy import throttle


def allowed(action: str, request, *, per_hour: int) -> bool:
    return throttle.allowed("appeals", action, request, per_hour=per_hour)


def lodging_allowed(request) -> bool:
    return allowed("lodge", request, per_hour=settings.APPEALS_LODGING_PER_HOUR)


def upload_allowed(request) -> bool:
    return allowed("upload", request, per_hour=settings.APPEALS_LODGING_PER_HOUR * 10)
