"""Reminders derived from the database for political balance (registered on import).

"Political balance review due": a councillor joining or leaving a political group (or taking or
leaving office) changes the group sizes, so the council must review the allocation of seats
(LGHA 1989 s15(1); SI 1990/1553 reg 17 as soon as practicable after a change of group). When
such a change has happened since the last recorded review, democratic services officers are
reminded, once: the key is the earliest change after the last review (its row, kind and date),
which stays the same however many further changes follow until a review is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from democracy.reminders import ReminderSpec, register_source
from meetings.models import BalanceReview
from meetings.reminder_sources.minutes import officer_emails
from members.models import GroupMembership, Term

KIND = "balance_review_due"
SEND_AT = time(8, 0)
# With no review ever recorded, look this far back for changes (older ones are history).
LOOK_BACK_DAYS = 90


def first_change_since(since: date, today: date):
    """The earliest group or office change in (since, today] as (row, date), or None."""
    candidates = []
    for model in (GroupMembership, Term):
        for field in ("start_date", "end_date"):
            window = {f"{field}__gt": since, f"{field}__lte": today}
            for row in model.objects.filter(**window).order_by(field, "pk")[:1]:
                candidates.append((getattr(row, field), model._meta.model_name, row.pk, row))
    if not candidates:
        return None
    changed_on, _, _, row = min(candidates, key=lambda item: item[:3])
    return row, changed_on


@register_source
def balance_review_due(today: date) -> Iterator[ReminderSpec]:
    last = BalanceReview.objects.filter(reviewed_on__lte=today).order_by("-reviewed_on").first()
    since = last.reviewed_on if last else today - timedelta(days=LOOK_BACK_DAYS)
    change = first_change_since(since, today)
    if change is None:
        return
    row, changed_on = change
    link = settings.SITE_URL.rstrip("/") + reverse("meetings:balance")
    yield ReminderSpec(
        subject=row,
        kind=KIND,
        due_on=changed_on,
        send_at=timezone.make_aware(datetime.combine(changed_on, SEND_AT)),
        recipients=officer_emails(),
        email_subject="Political balance review due",
        email_body=(
            f"The political groups changed on {changed_on:%-d %B %Y} ({row}), "
            + (
                f"after the last review of political balance on {last.reviewed_on:%-d %B %Y}. "
                if last
                else "and no review of political balance has been recorded. "
            )
            + "The council must review the allocation of committee seats to groups "
            "(Local Government and Housing Act 1989 s15).\n\n"
            f"Review it here: {link}\n"
        ),
    )
