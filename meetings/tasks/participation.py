"""Celery tasks for public participation (thin: call a service). List them in __all__."""

from __future__ import annotations

from celery import shared_task

from meetings.services.participation import submissions_erase_expired

__all__ = ["erase_public_submissions"]


@shared_task(name="meetings.tasks.erase_public_submissions")
def erase_public_submissions() -> int:
    """Nightly (safe to repeat): erase the personal data of questions and requests to speak
    kept past the retention period. Returns how many were erased."""
    return submissions_erase_expired()
