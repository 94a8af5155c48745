"""Asking for a meeting's agenda packs to be (re)built: the durable request (a ``PackBuild`` row)
and the task sent after commit. The services that change published papers call this; building
is ``meetings.packs``, run by the task ``meetings.tasks.build_packs``."""

from __future__ import annotations

import logging

from celery import current_app
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from meetings import packs
from meetings.models import Meeting, PackBuild

logger = logging.getLogger(__name__)


@transaction.atomic
def request_build(meeting: Meeting) -> PackBuild | None:
    """Ask for the meeting's packs to be (re)built: called when the agenda is published, when a
    late item is added and when a restriction changes. Durable: the ``PackBuild`` row survives a
    lost message (``packs.build_pending_packs`` finds it again); the task is sent after commit.
    Any public pack that prints a document restricted since it was built is withdrawn at once
    (``packs.withdraw_unsafe_public_packs``)."""
    meeting = Meeting.all_objects.get(pk=meeting.pk)
    if not meeting.is_published:
        return None
    packs.withdraw_unsafe_public_packs(meeting)
    pending = PackBuild.all_objects.filter(meeting=meeting, done_at=None)
    now = timezone.now()
    if not pending.update(generation=F("generation") + 1, requested_at=now, attempts=0):
        try:
            with transaction.atomic():
                PackBuild.all_objects.create(meeting=meeting, requested_at=now)
        except IntegrityError:  # another request inserted it first
            pending.update(generation=F("generation") + 1, requested_at=now, attempts=0)
    build = pending.get()
    transaction.on_commit(lambda: _enqueue(build.pk))
    return build


BUILD_TASK = "meetings.tasks.build_packs"


def _enqueue(build_id: int) -> None:
    # Sent by name: tasks call services, so services never import the tasks module.
    try:
        current_app.send_task(BUILD_TASK, args=[build_id])
    except Exception:  # the broker is down: the PackBuild row waits for build_pending_packs
        logger.warning("Could not queue pack build %s; the periodic task will.", build_id)
