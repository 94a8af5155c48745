"""The acknowledgement email with a real Celery worker: the task delivered twice (a duplicate
delivery, a retry) sends one email, and one evidence link is issued for it."""

from __future__ import annotations

import pytest

from appeals.models import EvidenceLink
from appeals.tests.factories import build_scene, lodge
from democracy.models import Reminder

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def test_a_real_worker_sends_the_acknowledgement_once(celery_worker_process, clerk):
    scene = build_scene(by=clerk)
    appeal = lodge(scene.academy)
    row = Reminder.outbox.get(kind="appeals.acknowledgement")
    results = [celery_worker_process.send("appeals.tasks.send_email", row.pk) for _ in range(2)]
    assert sorted(result.get(timeout=60) for result in results) == [False, True]
    sent = celery_worker_process.sent_mail()
    assert sent.count(f"Subject: Your appeal {appeal.reference} has been received") == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.email_body == ""
    # The link was written by the worker as it sent the email, and only its hash is stored.
    [link] = EvidenceLink.private_objects.filter(appeal=appeal)
    assert link.token_hash not in sent
