"""Celery task for the public search index (meetings/search.py)."""

from celery import shared_task

from meetings import search

__all__ = ["search_reindex"]


@shared_task(name="meetings.tasks.search_reindex")
def search_reindex() -> int:
    """Beat, nightly: rebuild the index from the sources, the safety net behind the refreshes
    made as agendas, minutes and decisions are published."""
    return search.reindex_all()
