"""Celery tasks for agenda packs. Thin: they take ids and call ``meetings.packs``, which claims
the ``PackBuild`` row with a conditional UPDATE so a duplicate or retried message never builds
twice at once.

Beat (settings.CELERY_BEAT_SCHEDULE) runs ``meetings.tasks.build_pending_packs`` every few
minutes: it builds what a lost message, a dead worker or a failed attempt left pending.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from meetings import packs

__all__ = ["build_packs", "build_pending_packs", "prune_rendered_parts"]


@shared_task(
    name="meetings.tasks.build_packs",
    bind=True,
    max_retries=5,
    acks_late=True,
)
def build_packs(self, build_id: int) -> str:
    """Build the packs a ``PackBuild`` asks for. A document that cannot be merged (a damaged
    PDF) is recorded on the row and not retried; anything else (database, storage) is retried
    with a growing delay, and beat picks the row up again if every retry fails."""
    try:
        return packs.run_build(build_id)
    except packs.PackBuildError:
        return "failed"
    except Exception as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(name="meetings.tasks.build_pending_packs")
def build_pending_packs(older_than_seconds: int = 60) -> int:
    """Beat: build every pending request that nobody holds and that is older than
    ``older_than_seconds`` (younger ones are still on their way through the broker)."""
    return packs.build_pending_packs(older_than=timedelta(seconds=older_than_seconds))


@shared_task(name="meetings.tasks.prune_rendered_parts")
def prune_rendered_parts(unused_for_days: int | None = None) -> int:
    """Beat, daily: delete cached pack parts unused for ``PACK_PART_CACHE_DAYS`` days."""
    days = settings.PACK_PART_CACHE_DAYS if unused_for_days is None else unused_for_days
    return packs.prune_rendered_parts(unused_for=timedelta(days=days))
