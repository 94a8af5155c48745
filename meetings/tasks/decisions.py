"""Celery tasks for decisions (thin: take ids, call a service). List them in __all__."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from meetings.services.decisions import make_implementable

__all__ = ["make_decisions_implementable"]


@shared_task(name="meetings.tasks.make_decisions_implementable")
def make_decisions_implementable() -> int:
    """Daily (and safe to run more often): decisions whose call-in window has closed without a
    valid call-in become implementable. Returns how many changed."""
    return len(make_implementable(today=timezone.localdate()))
