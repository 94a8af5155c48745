"""The reminders outbox in one process: idempotent scheduling, exclusive claims, send-once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from democracy import reminders
from democracy.models import Reminder
from democracy.tests.factories import WardFactory


def spec(
    subject, *, kind="report_due", due_on=date(2026, 5, 7), send_at=None, to=("a@example.org",)
):
    return reminders.ReminderSpec(
        subject=subject,
        kind=kind,
        due_on=due_on,
        send_at=send_at or timezone.now() - timedelta(minutes=1),
        recipients=list(to),
        email_subject=f"{kind} for {subject}",
        email_body="Please act.",
    )


@pytest.fixture
def ward(db):
    return WardFactory()


def test_scheduling_the_same_reminder_twice_keeps_one_row(ward):
    reminders.schedule([spec(ward), spec(ward)])
    reminders.schedule([spec(ward)])
    assert Reminder.outbox.count() == 1


def test_a_different_due_date_or_kind_is_a_different_reminder(ward):
    reminders.schedule(
        [spec(ward), spec(ward, due_on=date(2026, 5, 8)), spec(ward, kind="publication_due")]
    )
    assert Reminder.outbox.count() == 3


def test_a_spec_without_recipients_is_not_scheduled(ward):
    reminders.schedule([spec(ward, to=())])
    assert not Reminder.outbox.exists()


def test_send_due_sends_each_due_reminder_once_and_marks_it_sent(ward):
    reminders.schedule(
        [spec(ward), spec(ward, kind="later", send_at=timezone.now() + timedelta(days=1))]
    )
    assert reminders.send_due() == 1
    assert reminders.send_due() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org"]
    assert mail.outbox[0].extra_headers["X-Reminder-Key"] == f"report_due/{ward.pk}/2026-05-07"
    sent = Reminder.outbox.get(kind="report_due")
    assert sent.sent_at is not None and sent.status == "sent"
    assert Reminder.outbox.get(kind="later").status == "pending"


def test_cancelled_reminders_are_not_sent(ward):
    reminders.schedule([spec(ward), spec(ward, kind="other")])
    assert reminders.cancel(ward, kind="other") == 1
    assert reminders.send_due() == 1
    assert [m.subject for m in mail.outbox] == [f"report_due for {ward}"]


def test_a_failed_send_releases_the_claim_and_is_retried(ward, settings):
    reminders.schedule([spec(ward)])
    settings.EMAIL_BACKEND = "democracy.tests.test_reminders.FailingBackend"
    assert reminders.send_due() == 0
    row = Reminder.outbox.get()
    assert row.sent_at is None and row.claim_token is None and "SMTP is down" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_due() == 1
    row.refresh_from_db()
    assert row.attempts == 2 and row.last_error == ""


def test_a_claim_held_by_a_live_worker_is_not_taken_and_a_lapsed_one_is(ward):
    reminders.schedule([spec(ward)])
    now = timezone.now()
    token, claimed = reminders.claim_due(now=now)
    assert len(claimed) == 1
    # Another tick while the claim is held gets nothing.
    assert reminders.claim_due(now=now)[1] == []
    # The first worker died: after the lease another tick may claim and send it.
    later = now + timedelta(seconds=601)
    token2, reclaimed = reminders.claim_due(now=later)
    assert [r.pk for r in reclaimed] == [claimed[0].pk]
    # The dead worker's token no longer marks it sent.
    assert reminders.send_claimed(claimed[0], token) is False
    assert reminders.send_claimed(reclaimed[0], token2) is True
    assert len(mail.outbox) == 1


def test_a_claim_takes_no_more_than_its_limit(ward):
    # Three due at once, a worker asks for one: it gets one, and the next worker the next one.
    reminders.schedule([spec(ward, due_on=date(2026, 5, day)) for day in (5, 6, 7)])
    now = timezone.now()
    _, first = reminders.claim_due(now=now, limit=1)
    _, second = reminders.claim_due(now=now, limit=1)
    assert len(first) == 1 and len(second) == 1 and first[0].pk != second[0].pk
    assert Reminder.outbox.exclude(claim_token=None).count() == 2


def test_a_reminder_that_keeps_failing_stops_after_the_attempt_limit(ward):
    reminders.schedule([spec(ward)])
    Reminder.outbox.update(attempts=reminders.MAX_ATTEMPTS)
    assert reminders.claim_due(now=timezone.now())[1] == []


def test_derive_inserts_what_sources_describe_once_and_survives_a_failing_source(ward, monkeypatch):
    monkeypatch.setattr(reminders, "_sources", [])

    @reminders.register_source
    def broken(today):
        raise RuntimeError("this source is broken")

    @reminders.register_source
    def report_due(today):
        return [spec(ward, due_on=today + timedelta(days=5))]

    reminders.register_source(report_due)  # registering twice is harmless
    assert reminders.registered_sources() == (broken, report_due)
    reminders.derive(date(2026, 5, 1))
    reminders.derive(date(2026, 5, 1))
    assert list(Reminder.outbox.values_list("due_on", flat=True)) == [date(2026, 5, 6)]


@pytest.mark.django_db(transaction=True)
def test_two_ticks_racing_in_two_connections_claim_disjoint_rows():
    ward = WardFactory()
    reminders.schedule([spec(ward, kind=f"kind-{n}") for n in range(60)])
    barrier = threading.Barrier(2)
    results: list[list[int]] = []

    def tick():
        try:
            barrier.wait()
            _, claimed = reminders.claim_due(now=timezone.now(), limit=40)
            results.append([r.pk for r in claimed])
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = results
    assert not set(first) & set(second)
    assert len(first) + len(second) == 60


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")
