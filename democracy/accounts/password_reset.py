"""The password-reset email goes through the outbox (``democracy.reminders``), not inside the
request.

Sending it from the request made the page wait on the mail server (and fail with it), and made
the time taken tell whether an address has an account. Now the form queues one outbox row per
account and a task sends it straight after the request commits (``send_one``: the outbox's own
claim, so the task, a duplicate of it and the beat tick send it once; if the task is lost, the
next tick sends it).

The row holds no secret: officers and managers can read the outbox, so the link (whose token
resets the password) is written when the email is sent, by the composer registered here, and
only into the email. An account deactivated in between gets nothing (the row is cancelled).
"""

from __future__ import annotations

import logging
import uuid
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from democracy.models import Reminder

logger = logging.getLogger(__name__)

KIND = "accounts.password_reset."
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
BODY_TEMPLATE = "registration/password_reset_email.txt"


def queue(user, *, to_email: str) -> Reminder:
    """One outbox row for a reset email to ``user``; sent by a task once the request commits."""
    subject = "".join(loader.render_to_string(SUBJECT_TEMPLATE, {"user": user}).splitlines())
    row = Reminder.outbox.create(
        subject_type=ContentType.objects.get_for_model(user, for_concrete_model=False),
        subject_id=str(user.pk),
        kind=f"{KIND}{uuid.uuid4().hex}",
        due_on=timezone.localdate(),
        send_at=timezone.now(),
        recipients=[to_email],
        email_subject=subject[:200],
        email_body="",  # written at sending time: the row never holds the link
    )
    transaction.on_commit(lambda pk=row.pk: enqueue(pk))
    return row


def enqueue(reminder_id: int) -> None:
    from democracy.tasks import send_outbox_email

    try:
        send_outbox_email.delay(reminder_id)
    except Exception:  # the broker is down: the next beat tick sends it
        logger.warning("Could not queue email %s; the periodic tick will send it.", reminder_id)


def compose(reminder: Reminder) -> str | None:
    """The email, with a fresh link, for the account the row names; None (the row is then
    cancelled) if that account can no longer reset its password."""
    user = get_user_model()._default_manager.filter(pk=reminder.subject_id).first()
    if user is None or not user.is_active or not user.has_usable_password():
        return None
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    site = settings.SITE_URL.rstrip("/") + "/"
    return loader.render_to_string(
        BODY_TEMPLATE,
        {
            "user": user,
            "link": urljoin(site, path.lstrip("/")),
            "council_name": settings.COUNCIL_NAME,
        },
    )
