"""Clearance of reports in the approvers' own accounts.

Each role of the sign-off chain (``democracy.constitution.sign_off_chain``) is held by named users with
deputies (``SignOffHolder``). When an author submits a report, each role's holders and deputies
are emailed through the outbox; they sign off or return the report with comments in their own
account (``sign_off_give``); a return emails the author. An officer may still record a sign-off
given outside the system, with its evidence (``reports.sign_off_record``).

Emails are outbox rows (``democracy.models.Reminder``) with a unique key (the report, a kind
naming the submission or the return, the day), inserted in the same transaction as the change
and sent by a task once it commits; the outbox's claim sends each once, whatever the retries.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from democracy import audit
from democracy.constitution import sign_off_chain
from democracy.models import Reminder
from democracy.services import create_audited, update_audited
from meetings.models import Report, SignOff, SignOffHolder
from meetings.rules import clearance as rules
from meetings.services.agenda import rebuild_packs_if_published

logger = logging.getLogger(__name__)

REQUEST_KIND = "meetings.clearance.request."
RETURNED_KIND = "meetings.clearance.returned."


# --- Who holds each sign-off ----------------------------------------------------------------------


@transaction.atomic
def sign_off_holder_assign(*, role: str, user, deputy: bool = False, by) -> SignOffHolder:
    """Make ``user`` a holder (or deputy) of the sign-off ``role``."""
    if SignOffHolder.all_objects.filter(role=role, user=user).exists():
        raise ValidationError({"user": f"{user.get_full_name() or user} already holds {role}."})
    if not user.is_active:
        raise ValidationError({"user": "Choose someone whose account is active."})
    holder = SignOffHolder(role=role, user=user, deputy=deputy)
    return create_audited(
        holder, "meetings.sign_off_holder.create", by=by, fields=["role", "user", "deputy"]
    )


@transaction.atomic
def sign_off_holder_remove(*, holder: SignOffHolder, by) -> None:
    audit.record(
        "meetings.sign_off_holder.delete",
        holder,
        by=by,
        changes={"role": [holder.role, None], "user": [holder.user_id, None]},
    )
    holder.delete()


def roles_held_by(user, chain: list[str] | None = None) -> list[str]:
    """The chain's roles ``user`` holds or deputises for, in the chain's order."""
    if not user.is_authenticated:
        return []
    held = set(SignOffHolder.all_objects.filter(user=user).values_list("role", flat=True))
    return [role for role in (chain or sign_off_chain()) if role in held]


def holders_by_role() -> dict[str, list[SignOffHolder]]:
    """Every role of the chain with its holders then deputies (one query)."""
    table: dict[str, list[SignOffHolder]] = {role: [] for role in sign_off_chain()}
    for holder in SignOffHolder.all_objects.select_related("user"):
        if holder.role in table:
            table[holder.role].append(holder)
    return table


# --- What is waiting --------------------------------------------------------------------------------


def outstanding_roles(report: Report, chain: list[str] | None = None) -> list[str]:
    """The chain's roles that have not approved ``report`` since it was last submitted (uses the
    prefetched ``sign_offs`` when there are any; ``chain`` when the caller has read it)."""
    approvals = [
        (s.role, s.signed_at)
        for s in report.sign_offs.all()
        if s.decision == SignOff.Decision.APPROVED
    ]
    return rules.outstanding(chain or sign_off_chain(), approvals, report.submitted_at)


def reports_waiting_for(user) -> list[tuple[Report, list[str]]]:
    """The reports awaiting a sign-off that ``user`` holds (or deputises for), each with those
    of its roles still to approve, soonest meeting first (four queries: the chain from the
    constitution, the roles held, the reports and their sign-offs)."""
    chain = sign_off_chain()
    held = roles_held_by(user, chain)
    if not held:
        return []
    reports = (
        Report.all_objects.filter(status=Report.Status.AWAITING_SIGN_OFF)
        .select_related("item__meeting__committee", "author")
        .prefetch_related("sign_offs")
        .order_by("item__meeting__starts_at", "pk")
    )
    waiting = []
    for report in reports:
        roles = [role for role in outstanding_roles(report, chain) if role in held]
        if roles:
            waiting.append((report, roles))
    return waiting


def last_return(report: Report) -> SignOff | None:
    """The return that sent the report back to its author, while it is with them."""
    if report.status != Report.Status.CHANGES_REQUESTED:
        return None
    return (
        report.sign_offs.filter(decision=SignOff.Decision.CHANGES_REQUESTED)
        .select_related("signed_by")
        .order_by("-signed_at", "-pk")
        .first()
    )


# --- Giving a sign-off in one's own account ----------------------------------------------------------


@transaction.atomic
def sign_off_give(
    *,
    report: Report,
    role: str,
    decision: str,
    comments: str = "",
    by,
    now: datetime | None = None,
) -> SignOff:
    """An approver signs off ``report`` as ``role`` (which they hold or deputise for), or returns
    it to its author with comments."""
    report = Report.all_objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.AWAITING_SIGN_OFF:
        raise ValidationError("The report is not awaiting sign-off.")
    problem = rules.may_sign_as(
        role, held=roles_held_by(by), chain=sign_off_chain(), waiting=outstanding_roles(report)
    )
    if problem:
        raise ValidationError({"role": problem})
    return sign_off_decide(
        report=report, role=role, decision=decision, comments=comments, by=by, now=now
    )


def sign_off_decide(
    *,
    report: Report,
    role: str,
    decision: str,
    comments: str = "",
    evidence: str = "",
    recorded_by_officer: bool = False,
    by,
    now: datetime | None = None,
) -> SignOff:
    """Write one sign-off on a report locked and awaiting sign-off (the callers check). When
    every role has approved, the report is ready; a return sends it back to the author, who is
    emailed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sign_off_decide runs inside its caller's transaction")
    now = now or timezone.now()
    sign_off = SignOff(
        report=report,
        role=role,
        decision=decision,
        comments=comments.strip(),
        evidence=evidence.strip(),
        recorded_by_officer=recorded_by_officer,
        signed_by=by,
        signed_at=now,
    )
    create_audited(
        sign_off,
        "meetings.sign_off.create",
        by=by,
        fields=["report", "role", "decision", "comments", "evidence", "recorded_by_officer"],
    )
    if decision == SignOff.Decision.CHANGES_REQUESTED:
        update_audited(
            report,
            {"status": Report.Status.CHANGES_REQUESTED},
            "meetings.report.changes_requested",
            by=by,
        )
        tell_author_returned(report, sign_off)
    elif not sign_offs_outstanding(report):
        update_audited(
            report,
            {"status": Report.Status.READY, "ready_at": now},
            "meetings.report.ready",
            by=by,
        )
        # A late item's report cleared after publication joins its supplementary pack.
        rebuild_packs_if_published(report.item.meeting)
    return sign_off


def sign_offs_outstanding(report: Report) -> list[str]:
    """The sign-off roles that have not approved since the report was last submitted."""
    approved = set(
        report.sign_offs.filter(
            decision=SignOff.Decision.APPROVED, signed_at__gte=report.submitted_at
        ).values_list("role", flat=True)
    )
    return [role for role in sign_off_chain() if role not in approved]


# --- Emails through the outbox -------------------------------------------------------------------


def _link(path: str) -> str:
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def _describe(report: Report) -> str:
    meeting = report.item.meeting
    return f"{meeting.committee.name} on {timezone.localtime(meeting.starts_at):%-d %B %Y}"


def _queue(
    report: Report, *, kind: str, recipients: Iterable[str], subject: str, body: str
) -> Reminder | None:
    """One outbox row (unique: the report, ``kind``, today), sent once the change commits."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    now = timezone.now()
    row, created = Reminder.outbox.get_or_create(
        subject_type=ContentType.objects.get_for_model(Report, for_concrete_model=False),
        subject_id=str(report.pk),
        kind=kind[:80],
        due_on=timezone.localdate(now),
        defaults={
            "send_at": now,
            "recipients": recipients,
            "email_subject": subject[:200],
            "email_body": body,
        },
    )
    if created:
        transaction.on_commit(lambda pk=row.pk: enqueue(pk))
    return row


def enqueue(reminder_id: int) -> None:
    from democracy.tasks import send_outbox_email

    try:
        send_outbox_email.delay(reminder_id)
    except Exception:  # the broker is down: the next beat tick sends it
        logger.warning("Could not queue email %s; the periodic tick will send it.", reminder_id)


def request_sign_offs(report: Report) -> list[Reminder]:
    """Email each role's holders and deputies that ``report`` awaits their sign-off: one row per
    role per submission."""
    stamp = f"{report.submitted_at.timestamp():.0f}"
    link = _link(reverse("meetings:report-approve", args=[report.pk]))
    rows = []
    for role, holders in holders_by_role().items():
        body = (
            f"The report “{report.title}” for {_describe(report)} is waiting for the {role} "
            f"sign-off.\n\nRead it and sign it off, or return it to its author with your "
            f"comments, in your account:\n{link}\n\n{settings.COUNCIL_NAME}\n"
        )
        row = _queue(
            report,
            kind=f"{REQUEST_KIND}{slugify(role)[:30]}.{stamp}",
            recipients=[h.user.email for h in holders if h.user.is_active],
            subject=f"{role} sign-off needed: {report.title}",
            body=body,
        )
        if row is not None:
            rows.append(row)
    return rows


def tell_author_returned(report: Report, sign_off: SignOff) -> Reminder | None:
    """Email the author that ``sign_off`` returned their report, with its comments."""
    if report.author_id is None:
        return None
    link = _link(reverse("meetings:report-edit", args=[report.pk]))
    body = (
        f"{sign_off.role} returned your report “{report.title}” for {_describe(report)}.\n\n"
        f"What needs to change:\n{sign_off.comments}\n\n"
        f"Change the report and send it for sign-off again:\n{link}\n\n{settings.COUNCIL_NAME}\n"
    )
    return _queue(
        report,
        kind=f"{RETURNED_KIND}{sign_off.pk}",
        recipients=[report.author.email],
        subject=f"Your report was returned by {sign_off.role}: {report.title}",
        body=body,
    )
