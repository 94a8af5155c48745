"""Exactly-once reminders with a real Celery worker (two prefork processes) and Redis."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import redis
from django.utils import timezone

from democracy import reminders
from democracy.models import Reminder
from democracy.tests.factories import WardFactory

pytestmark = [pytest.mark.worker, pytest.mark.slow]

TICK = "democracy.tasks.reminders_tick"


def due(subject, kind: str) -> reminders.ReminderSpec:
    return reminders.ReminderSpec(
        subject=subject,
        kind=kind,
        due_on=date(2026, 5, 7),
        send_at=timezone.now() - timedelta(minutes=5),
        recipients=["officer@example.org"],
        email_subject=f"Reminder {kind}",
        email_body="The agenda is due.",
    )


def sent_keys(worker) -> list[str]:
    return re.findall(r"^X-Reminder-Key: (.+)$", worker.sent_mail(), flags=re.M)


def test_ticks_racing_on_the_same_due_row_send_one_email(celery_worker_process):
    worker = celery_worker_process
    ward = WardFactory()
    reminders.schedule([due(ward, "agenda_publication_due")])

    results = [worker.send(TICK) for _ in range(8)]
    sent = [result.get(timeout=60) for result in results]

    assert sum(sent) == 1, worker.log()
    assert sent_keys(worker) == [f"agenda_publication_due/{ward.pk}/2026-05-07"]
    assert Reminder.outbox.get().sent_at is not None


def test_two_ticks_share_many_due_rows_without_sending_any_twice(celery_worker_process):
    worker = celery_worker_process
    ward = WardFactory()
    reminders.schedule([due(ward, f"kind-{n:03d}") for n in range(150)])

    # Each tick sends at most 100, so both must work to send all 150: they run side by side.
    first, second = worker.send(TICK), worker.send(TICK)
    counts = [first.get(timeout=120), second.get(timeout=120)]

    assert sum(counts) == 150, worker.log()
    keys = sent_keys(worker)
    assert len(keys) == 150 and len(set(keys)) == 150
    assert not Reminder.outbox.filter(sent_at=None).exists()


def test_losing_redis_loses_no_reminder(celery_worker_process, settings):
    worker = celery_worker_process
    ward = WardFactory()
    reminders.schedule([due(ward, "call_in_window_closing")])
    worker.stop()

    # A tick is queued while no worker runs, then Redis loses everything it held.
    worker.send(TICK)
    broker = redis.Redis.from_url(worker.env["REDIS_URL"])
    assert broker.llen(worker.queue) == 1
    broker.flushdb()
    assert broker.llen(worker.queue) == 0
    assert Reminder.outbox.get().sent_at is None

    # The next tick finds the reminder in PostgreSQL and sends it, once.
    worker.start()
    assert worker.send(TICK).get(timeout=60) == 1
    assert worker.send(TICK).get(timeout=60) == 0
    assert sent_keys(worker) == [f"call_in_window_closing/{ward.pk}/2026-05-07"]
