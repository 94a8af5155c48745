"""Rolling registration and notices of alteration (issue 12, points 3 and 4; DOMAIN.md C3, C4).

Every write here is a service: keyword-only, atomic, validated, audited. Audit rows name the
application, invitation or entry by reference and elector number, never the person, and never
hold a National Insurance number.

The life of an application: received (its objection period worked out), verified (a DWP match,
documentary evidence or an attestation; the National Insurance number is then erased), then
determined. An accepted application becomes a pending *addition* with the next elector number of
its district; deletions and changes of entries are pending alterations too. None of them is in
the register until the notice of alteration that carries it is published
(``notice_of_alteration_publish``): the published register never shows a pending change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from democracy import audit
from democracy.council import election_calendar
from democracy.models import Reminder, User
from democracy.reminders import ReminderSpec
from democracy.roles import Role
from democracy.services import create_audited
from elections import register_rules as rules
from elections.models import (
    ApplicationObjection,
    Elector,
    InvitationContact,
    NoticeOfAlteration,
    PollingDistrict,
    Property,
    RegisterAlteration,
    RegistrationApplication,
    RegistrationInvitation,
)
from elections.services import ELECTOR_AUDIT_FIELDS

logger = logging.getLogger(__name__)

APPLICATION_AUDIT_FIELDS = [
    "received_on",
    "channel",
    "address",
    "nationality",
    "anonymous",
    "open_register_opt_out",
    "verification",
    "objection_period_ends",
]
AUDITED_ENTRY_FIELDS = frozenset([*ELECTOR_AUDIT_FIELDS, "deleted_on"])
# What a change of an entry may alter: the rest of an entry (its number, its address) changes
# by a deletion and an addition.
CHANGEABLE_FIELDS = ["title", "first_names", "surname", "franchise", "open_register_opt_out"]


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- Invitations to register -----------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, address: Property, name: str, email: str = "", by
) -> RegistrationInvitation:
    """Record a resident to invite to register (DOMAIN.md C4, "Invitation to register")."""
    invitation = RegistrationInvitation(address=address, name=name, email=email)
    return create_audited(invitation, "elections.invitation.create", by=by, fields=["address"])


@transaction.atomic
def invitation_contact_record(
    *, invitation: RegistrationInvitation, kind: str, method: str, given_on: date, by
) -> InvitationContact:
    """Record an invitation to register, or the personal visit, given on ``given_on``: at most
    three written invitations, and the visit after the first (Electoral Commission guidance,
    DOMAIN.md C4)."""
    invitation = RegistrationInvitation.register.select_for_update().get(pk=invitation.pk)
    if invitation.application_id is not None:
        raise ValidationError({"kind": "The resident has applied: no more invitations are given"})
    previous = list(invitation.contacts.values_list("kind", flat=True))
    problem = rules.invitation_problem(kind, previous)
    if problem:
        raise ValidationError({"kind": problem})
    if kind == InvitationContact.Kind.VISIT and method != InvitationContact.Method.IN_PERSON:
        raise ValidationError({"method": "A personal visit is made in person"})
    if kind == InvitationContact.Kind.WRITTEN and method == InvitationContact.Method.IN_PERSON:
        # An invitation is given by delivery, post or electronically, not verbally (reg 32ZC(3)).
        raise ValidationError({"method": "An invitation to register is given in writing"})
    if method == InvitationContact.Method.EMAIL and not invitation.email:
        raise ValidationError(
            {"method": "The resident gave no email address: send the invitation by post or by hand"}
        )
    last = invitation.contacts.aggregate(last=Max("given_on"))["last"]
    if last and given_on < last:
        raise ValidationError({"given_on": "The date given must not be before the last contact"})
    contact = InvitationContact(
        invitation=invitation, kind=kind, method=method, given_on=given_on, recorded_by=by
    )
    contact = create_audited(
        contact,
        "elections.invitation.contact",
        by=by,
        fields=["invitation", "kind", "method", "given_on"],
    )
    if method == InvitationContact.Method.EMAIL:
        _queue_invitation_email(invitation, given_on)
    return contact


INVITATION_EMAIL_KIND = "elections.invitation.email"
SEND_EMAIL_TASK = "democracy.tasks.send_outbox_email"


def _queue_invitation_email(invitation: RegistrationInvitation, given_on: date) -> None:
    """An invitation to register by email goes through the outbox: one row (the unique key is
    the invitation, the kind and the day), sent once by the task queued on commit or, if the
    queue is down, by the next beat tick. Its body is written when it is sent, so the row holds
    no more of the person than their address."""
    row, created = Reminder.outbox.get_or_create(
        subject_type=ContentType.objects.get_for_model(RegistrationInvitation),
        subject_id=str(invitation.pk),
        kind=INVITATION_EMAIL_KIND,
        due_on=given_on,
        defaults={
            "send_at": timezone.now(),
            "recipients": [invitation.email],
            "email_subject": f"{settings.COUNCIL_NAME}: you are invited to register to vote",
            "email_body": "",
        },
    )
    if created:
        transaction.on_commit(lambda pk=row.pk: _enqueue_email(pk))


def _enqueue_email(reminder_id: int) -> None:
    # Sent by name: services never import the tasks modules.
    from celery import current_app

    try:
        current_app.send_task(SEND_EMAIL_TASK, args=[reminder_id])
    except Exception:  # the broker is down: the next beat tick sends it
        logger.warning("Could not queue email %s; the periodic tick will send it.", reminder_id)


def compose_invitation_email(reminder: Reminder) -> str | None:
    """The invitation's body, written as it is sent; None (the row is cancelled) if the
    resident has applied since."""
    invitation = (
        RegistrationInvitation.register.select_related("address")
        .filter(pk=reminder.subject_id, application=None)
        .first()
    )
    if invitation is None:
        return None
    return render_to_string(
        "elections/email/invitation_to_register.txt",
        {"invitation": invitation, "council_name": settings.COUNCIL_NAME},
    )


def electoral_officer_emails() -> list[str]:
    return sorted(
        User.objects.filter(is_active=True, groups__name=Role.ELECTORAL_SERVICES_OFFICER.value)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


INVITATION_REMINDER_KIND = "elections.invitation.next_due"
REMINDER_SEND_AT = time(8, 0)


def invitation_reminders(today: date) -> Iterator[ReminderSpec]:
    """The outbox's reminders to electoral services: when a resident invited to register has not
    applied ``INVITATION_FOLLOW_UP_DAYS`` after the last contact and an invitation or the
    personal visit is still to be given, the next is due (DOMAIN.md C4). The email names the
    invitation by number, never the person (the outbox is readable by managers)."""
    waiting = (
        RegistrationInvitation.register.filter(application__isnull=True)
        .annotate(last=Max("contacts__given_on"))
        .filter(last__lte=today - timedelta(days=rules.INVITATION_FOLLOW_UP_DAYS))
        .prefetch_related("contacts")
    )
    recipients = None
    for invitation in waiting:
        previous = [contact.kind for contact in invitation.contacts.all()]
        outstanding = rules.invitations_outstanding(previous)
        if not outstanding:
            continue
        if recipients is None:
            recipients = electoral_officer_emails()
        due_on = invitation.last + timedelta(days=rules.INVITATION_FOLLOW_UP_DAYS)
        link = settings.SITE_URL.rstrip("/") + reverse(
            "elections:register-invitation", args=[invitation.pk]
        )
        yield ReminderSpec(
            subject=invitation,
            kind=INVITATION_REMINDER_KIND,
            due_on=due_on,
            send_at=timezone.make_aware(datetime.combine(due_on, REMINDER_SEND_AT)),
            recipients=recipients,
            email_subject=f"{invitation}: the next contact is due",
            email_body=(
                f"No application has been received for {invitation} since the last contact on "
                f"{invitation.last:%-d %B %Y}. Still to do: {'; '.join(outstanding)}.\n\n"
                f"Record it at {link}\n"
            ),
        )


# --- Applications ----------------------------------------------------------------------------


@transaction.atomic
def application_receive(
    *,
    received_on: date,
    first_names: str,
    surname: str,
    address: Property,
    date_of_birth: date,
    nationality: str,
    nino: str = "",
    no_nino_reason: str = "",
    title: str = "",
    channel: str = RegistrationApplication.Channel.ONLINE,
    anonymous: bool = False,
    open_register_opt_out: bool = False,
    invitation: RegistrationInvitation | None = None,
    email: str = "",
    by,
) -> RegistrationApplication:
    """Record an application to register (DOMAIN.md C3), with the day its objection period
    ends (five working days after it is listed; none for an anonymous application)."""
    errors: dict[str, str] = {}
    normalised = ""
    if nino.strip():
        normalised = rules.normalise_nino(nino) or ""
        if not normalised:
            errors["nino"] = (
                "Enter a National Insurance number in the right format, like QQ 12 34 56 C"
            )
    elif not no_nino_reason.strip():
        errors["no_nino_reason"] = (
            "Enter the National Insurance number, or why the applicant does not have one"
        )
    if errors:
        raise ValidationError(errors)
    application = RegistrationApplication(
        received_on=received_on,
        channel=channel,
        title=title,
        first_names=first_names,
        surname=surname,
        address=address,
        date_of_birth=date_of_birth,
        nino=normalised,
        nino_ending=rules.nino_ending(normalised),
        no_nino_reason=no_nino_reason,
        nationality=nationality,
        anonymous=anonymous,
        open_register_opt_out=open_register_opt_out,
        email=email.strip(),
        objection_period_ends=rules.objection_period_end(
            received_on, anonymous=anonymous, calendar=election_calendar()
        ),
    )
    application = create_audited(
        application, "elections.application.receive", by=by, fields=APPLICATION_AUDIT_FIELDS
    )
    if invitation is not None:
        RegistrationInvitation.register.filter(pk=invitation.pk).update(application=application)
    return application


@transaction.atomic
def application_verify(
    *, application: RegistrationApplication, verification: str, by, today: date | None = None
) -> RegistrationApplication:
    """Record how the applicant's identity was verified. Once the DWP has answered (matched or
    not) the National Insurance number has done its work and is erased; only its last three
    characters stay, to recognise it."""
    application = RegistrationApplication.register.select_for_update().get(pk=application.pk)
    if application.status != RegistrationApplication.Status.RECEIVED:
        raise ValidationError({"verification": "The application has been determined"})
    if verification not in RegistrationApplication.Verification.values or verification == (
        RegistrationApplication.Verification.PENDING
    ):
        raise ValidationError({"verification": "Choose how the identity was verified"})
    before = audit.snapshot(application, ["verification", "verified_on"])
    application.verification = verification
    application.verified_on = _today(today)
    erased = bool(application.nino)
    application.nino = ""
    application.full_clean()
    application.save(update_fields=["verification", "verified_on", "nino"])
    changes = audit.diff(before, audit.snapshot(application, before))
    if erased:
        changes["nino"] = ["held", "erased"]
    audit.record("elections.application.verify", application, by=by, changes=changes)
    return application


def _district_entries(district: PollingDistrict) -> list[tuple[int | None, int, int]]:
    """(property, number, suffix) of every entry of ``district``: in the register (live or
    deleted) and pending addition, so that no number is given twice."""
    entries = list(
        Elector.register.filter(polling_district=district).values_list(
            "qualifying_address_id", "number", "suffix"
        )
    )
    entries += list(
        RegisterAlteration.register.pending()
        .filter(polling_district=district, kind=RegisterAlteration.Kind.ADDITION)
        .values_list("application__address_id", "number", "suffix")
    )
    return entries


@transaction.atomic
def application_determine(
    *,
    application: RegistrationApplication,
    accept: bool,
    reason: str = "",
    by,
    today: date | None = None,
) -> RegistrationApplication:
    """Determine an application (DOMAIN.md C3, C4): accepted, it becomes a pending addition with
    the next elector number of its district (or a suffix within its property's run), in the
    register once the notice that carries it is published; rejected, with the reason."""
    today = _today(today)
    application = (
        RegistrationApplication.register.select_for_update()
        .select_related("address__polling_district")
        .get(pk=application.pk)
    )
    if application.status != RegistrationApplication.Status.RECEIVED:
        raise ValidationError({"decision": "The application has already been determined"})
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": "Enter the reason for rejecting the application"})
    problem = rules.open_objections_problem(
        ApplicationObjection.register.filter(
            application=application, status=ApplicationObjection.Status.OPEN
        ).count()
    ) or rules.determination_problem(application.objection_period_ends, today)
    if accept and not problem:
        if not application.verified:
            problem = "Verify the applicant's identity before accepting the application"
        elif rules.franchise_for_nationality(application.nationality) is None:
            problem = (
                "An applicant of another nationality cannot be registered: reject the "
                "application with the reason"
            )
        else:
            problem = rules.age_problem(application.date_of_birth, today)
    if problem:
        raise ValidationError({"decision": problem})
    before = audit.snapshot(application, ["status", "determination_reason"])
    application.status = (
        RegistrationApplication.Status.ACCEPTED
        if accept
        else RegistrationApplication.Status.REJECTED
    )
    application.determined_on = today
    application.determination_reason = reason
    application.determined_by = by
    # A National Insurance number not yet erased (an application rejected unverified) goes now:
    # it is needed only to verify the applicant.
    application.nino = ""
    application.full_clean()
    application.save(
        update_fields=["status", "determined_on", "determination_reason", "determined_by", "nino"]
    )
    changes = audit.diff(before, audit.snapshot(application, before))
    if accept:
        district = PollingDistrict.objects.select_for_update().get(
            pk=application.address.polling_district_id
        )
        number, suffix = rules.next_elector_number(
            _district_entries(district), application.address_id
        )
        alteration = RegisterAlteration(
            kind=RegisterAlteration.Kind.ADDITION,
            polling_district=district,
            number=number,
            suffix=suffix,
            application=application,
            determined_on=today,
            determined_by=by,
        )
        alteration.full_clean()
        alteration.save()
        changes["elector_number"] = [None, alteration.elector_number]
    audit.record("elections.application.determine", application, by=by, changes=changes)
    return application


# --- Objections to applications ----------------------------------------------------------------

OBJECTION_EMAIL_KIND = "elections.objection."
OBJECTION_AUDIT_FIELDS = ["application", "objector", "received_on", "status"]


def _queue_objection_email(
    objection: ApplicationObjection, *, event: str, party: str, email: str, on: date
) -> bool:
    """A notice about an objection, to the objector or the applicant, through the outbox: one
    row (its key is the objection, the event, the party and the day), its body written when it
    is sent, so the row holds no more of the person than their email address. Without an
    address there is nothing to queue (the officer writes instead)."""
    if not email:
        return False
    row, created = Reminder.outbox.get_or_create(
        subject_type=ContentType.objects.get_for_model(ApplicationObjection),
        subject_id=str(objection.pk),
        kind=f"{OBJECTION_EMAIL_KIND}{event}.{party}",
        due_on=on,
        defaults={
            "send_at": timezone.now(),
            "recipients": [email],
            "email_subject": f"{settings.COUNCIL_NAME}: {objection} to application "
            f"{objection.application.reference}",
            "email_body": "",
        },
    )
    if created:
        transaction.on_commit(lambda pk=row.pk: _enqueue_email(pk))
    return True


def compose_objection_email(reminder: Reminder) -> str | None:
    """The body of a notice about an objection, written as it is sent."""
    objection = (
        ApplicationObjection.register.select_related("application")
        .filter(pk=reminder.subject_id)
        .first()
    )
    if objection is None:
        return None
    event, _, party = reminder.kind.removeprefix(OBJECTION_EMAIL_KIND).partition(".")
    return render_to_string(
        "elections/email/objection_notice.txt",
        {
            "objection": objection,
            "application": objection.application,
            "event": event,
            "party": party,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def _objector_entry(number: str) -> Elector:
    parsed = rules.parse_elector_number(number)
    if parsed is None:
        raise ValidationError(
            {"objector_number": "Enter the objector's elector number, like KA12 or KA12/1"}
        )
    prefix, num, suffix = parsed
    entry = (
        Elector.register.live()
        .filter(polling_district__code=prefix, number=num, suffix=suffix)
        .first()
    )
    if entry is None:
        raise ValidationError(
            {
                "objector_number": f"There is nobody on the register with the elector number "
                f"{rules.format_elector_number(prefix, num, suffix)}: only an elector may object"
            }
        )
    return entry


@transaction.atomic
def objection_record(
    *,
    application: RegistrationApplication,
    objector_number: str,
    objector_name: str,
    grounds: str,
    received_on: date,
    objector_email: str = "",
    by,
) -> ApplicationObjection:
    """Record an objection to an application by someone on the register, received in the
    objection period (``register_rules.objection_problem``; RPR 2001 regs 27-29). A late one is
    refused with the date the period ended, and nothing is saved. The objector is sent an
    acknowledgement through the outbox; the application then waits for the objection."""
    application = RegistrationApplication.register.select_for_update().get(pk=application.pk)
    errors = {}
    if not objector_name.strip():
        errors["objector_name"] = "Enter the objector's name"
    if not grounds.strip():
        errors["grounds"] = "Enter the grounds of the objection"
    if errors:
        raise ValidationError(errors)
    problem = rules.objection_problem(
        received_on=received_on,
        application_received_on=application.received_on,
        objection_period_ends=application.objection_period_ends,
        anonymous=application.anonymous,
        determined=application.status != RegistrationApplication.Status.RECEIVED,
    )
    if problem:
        raise ValidationError({"received_on": problem})
    objector = _objector_entry(objector_number)
    objection = ApplicationObjection(
        application=application,
        objector=objector,
        objector_name=objector_name.strip(),
        objector_email=objector_email.strip(),
        grounds=grounds.strip(),
        received_on=received_on,
        recorded_by=by,
    )
    objection = create_audited(
        objection, "elections.objection.record", by=by, fields=OBJECTION_AUDIT_FIELDS
    )
    _queue_objection_email(
        objection,
        event="received",
        party="objector",
        email=objection.objector_email,
        on=received_on,
    )
    return objection


def _open_objection(objection: ApplicationObjection) -> ApplicationObjection:
    locked = (
        ApplicationObjection.register.select_for_update()
        .select_related("application")
        .get(pk=objection.pk)
    )
    if locked.status != ApplicationObjection.Status.OPEN:
        raise ValidationError({"decision": "The objection has already been determined"})
    return locked


@transaction.atomic
def objection_hearing_set(
    *, objection: ApplicationObjection, hearing_on: date, by, today: date | None = None
) -> ApplicationObjection:
    """Fix the day of the hearing of an objection; the objector and the applicant are given
    notice of it through the outbox (RPR 2001 reg 29)."""
    today = _today(today)
    objection = _open_objection(objection)
    if hearing_on < today:
        raise ValidationError({"hearing_on": "The hearing must be today or later"})
    before = audit.snapshot(objection, ["hearing_on"])
    objection.hearing_on = hearing_on
    objection.save(update_fields=["hearing_on"])
    audit.record(
        "elections.objection.hearing",
        objection,
        by=by,
        changes=audit.diff(before, audit.snapshot(objection, before)),
    )
    for party, email in (
        ("objector", objection.objector_email),
        ("applicant", objection.application.email),
    ):
        _queue_objection_email(objection, event="hearing", party=party, email=email, on=today)
    return objection


@transaction.atomic
def objection_determine(
    *,
    objection: ApplicationObjection,
    upheld: bool,
    reasons: str,
    by,
    today: date | None = None,
) -> ApplicationObjection:
    """Determine an objection, at a hearing or without one, with reasons (RPR 2001 reg 29).
    Upheld, the application is rejected with those reasons; dismissed, the application can then
    be determined on its own merits. The objector and the applicant are notified through the
    outbox."""
    today = _today(today)
    objection = _open_objection(objection)
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": "Enter the reasons for the decision"})
    objection.status = (
        ApplicationObjection.Status.UPHELD if upheld else ApplicationObjection.Status.DISMISSED
    )
    objection.determined_on = today
    objection.reasons = reasons
    objection.determined_by = by
    objection.full_clean()
    objection.save(update_fields=["status", "determined_on", "reasons", "determined_by"])
    audit.record(
        "elections.objection.determine",
        objection,
        by=by,
        changes={"status": ["open", objection.status], "determined_on": [None, today.isoformat()]},
    )
    application = RegistrationApplication.register.select_for_update().get(
        pk=objection.application_id
    )
    if upheld and application.status == RegistrationApplication.Status.RECEIVED:
        application.status = RegistrationApplication.Status.REJECTED
        application.determined_on = today
        application.determination_reason = f"Objection {objection.reference} upheld"[:500]
        application.determined_by = by
        application.nino = ""
        application.full_clean()
        application.save(
            update_fields=[
                "status",
                "determined_on",
                "determination_reason",
                "determined_by",
                "nino",
            ]
        )
        audit.record(
            "elections.application.determine",
            application,
            by=by,
            changes={"status": ["received", "rejected"], "objection": [None, objection.reference]},
        )
    for party, email in (
        ("objector", objection.objector_email),
        ("applicant", application.email),
    ):
        _queue_objection_email(objection, event="determined", party=party, email=email, on=today)
    return objection


@transaction.atomic
def alteration_delete(*, elector: Elector, reason: str, by, today: date | None = None):
    """Determine that an entry is to be deleted (DOMAIN.md C4, "Review of entries / deletions"):
    pending until the notice that carries it is published."""
    return _alteration_pending(
        elector, RegisterAlteration.Kind.DELETION, {}, reason, by=by, today=today
    )


@transaction.atomic
def alteration_change(
    *, elector: Elector, changes: dict, reason: str, by, today: date | None = None
):
    """Determine a change to an entry (a new name, franchise or open register choice): pending
    until published."""
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown or not changes:
        raise ValidationError(
            {"kind": "Enter what changes: a new name, franchise or open register choice"}
        )
    trial = Elector.register.get(pk=elector.pk)
    for name, value in changes.items():
        setattr(trial, name, value)
    trial.full_clean()
    return _alteration_pending(
        elector, RegisterAlteration.Kind.CHANGE, changes, reason, by=by, today=today
    )


def _alteration_pending(elector, kind, changes, reason, *, by, today):
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the alteration"})
    if elector.deleted_on is not None:
        raise ValidationError({"elector": "The entry has been deleted"})
    if RegisterAlteration.register.pending().filter(elector=elector, kind="deletion").exists():
        raise ValidationError({"elector": "The entry is already to be deleted"})
    alteration = RegisterAlteration(
        kind=kind,
        polling_district_id=elector.polling_district_id,
        number=elector.number,
        suffix=elector.suffix,
        elector=elector,
        changes=changes,
        reason=reason,
        determined_on=_today(today),
        determined_by=by,
    )
    alteration.full_clean()
    alteration.save()
    audit.record(
        f"elections.alteration.{kind}",
        alteration,
        by=by,
        changes={"fields": [None, sorted(changes)], "reason": [None, reason]},
    )
    return alteration


# --- Notices of alteration -------------------------------------------------------------------


@transaction.atomic
def monthly_notice_prepare(*, year: int, month: int, by) -> NoticeOfAlteration:
    """The monthly notice of alteration for ``month``, with its dates by the rule (first
    working day; determinations 14 days and applications 6 working days before)."""
    dates = rules.monthly_notice_of_alteration(year, month, calendar=election_calendar())
    existing = NoticeOfAlteration.objects.filter(
        kind=NoticeOfAlteration.Kind.MONTHLY, publication_date=dates.publication
    ).first()
    if existing:
        return existing
    notice = NoticeOfAlteration(
        kind=NoticeOfAlteration.Kind.MONTHLY,
        publication_date=dates.publication,
        application_deadline=dates.application_deadline,
        determination_deadline=dates.determination_deadline,
    )
    return create_audited(
        notice,
        "elections.notice_of_alteration.create",
        by=by,
        fields=["kind", "publication_date", "determination_deadline"],
    )


@transaction.atomic
def election_notices_prepare(*, poll_date: date, by) -> list[NoticeOfAlteration]:
    """The first interim and final election notices of alteration for a poll on
    ``poll_date`` (``register_rules.election_notices_of_alteration_for_poll``). An election
    notice carries what was determined up to its day of publication: DOMAIN.md C3 sets no
    earlier cut-off for election notices, so this is our default, not a statutory one."""
    dates = rules.election_notices_of_alteration_for_poll(poll_date, calendar=election_calendar())
    notices = []
    for kind, day in (
        (NoticeOfAlteration.Kind.FIRST_INTERIM, dates.first_interim),
        (NoticeOfAlteration.Kind.FINAL, dates.final),
    ):
        notices.append(_election_notice(kind, day, dates, by=by))
    return notices


@transaction.atomic
def interim_notice_prepare(*, poll_date: date, publication_date: date, by) -> NoticeOfAlteration:
    """An interim election notice at the ERO's discretion, between the first interim notice and
    the final one (DOMAIN.md C3)."""
    dates = rules.election_notices_of_alteration_for_poll(poll_date, calendar=election_calendar())
    problem = dates.discretionary_interim_problem(publication_date)
    if problem:
        raise ValidationError({"publication_date": problem})
    return _election_notice(NoticeOfAlteration.Kind.INTERIM, publication_date, dates, by=by)


def _election_notice(kind, day, dates, *, by) -> NoticeOfAlteration:
    existing = NoticeOfAlteration.objects.filter(kind=kind, publication_date=day).first()
    if existing:
        return existing
    notice = NoticeOfAlteration(
        kind=kind,
        publication_date=day,
        application_deadline=dates.registration_deadline,
        determination_deadline=day,
        poll_date=dates.poll_date,
    )
    return create_audited(
        notice,
        "elections.notice_of_alteration.create",
        by=by,
        fields=["kind", "publication_date", "poll_date"],
    )


def carried_by(notice: NoticeOfAlteration):
    """The alterations ``notice`` carries: its own once published; before, the pending ones
    determined by its determination deadline."""
    if notice.published_at is not None:
        found = RegisterAlteration.register.filter(notice=notice)
    else:
        found = RegisterAlteration.register.pending().filter(
            determined_on__lte=notice.determination_deadline
        )
    return found.select_related(
        "polling_district", "application__address", "elector__qualifying_address"
    )


@transaction.atomic
def notice_of_alteration_publish(
    *, notice: NoticeOfAlteration, by, today: date | None = None
) -> NoticeOfAlteration:
    """Publish a notice of alteration: the alterations it carries take effect today (RPA 1983
    s13A(2), s13B): additions enter the register, deletions leave it, changes are made. Claimed
    once (a second click or a retry publishes nothing twice); audited, each entry by number."""
    today = _today(today)
    if notice.publication_date > today:
        raise ValidationError(
            {
                "notice": "This notice is published on "
                f"{notice.publication_date.day} {notice.publication_date:%B %Y}, not before"
            }
        )
    claimed = NoticeOfAlteration.objects.filter(pk=notice.pk, published_at=None).update(
        published_at=timezone.now(), published_by=by
    )
    if not claimed:
        raise ValidationError({"notice": "This notice has already been published"})
    notice.refresh_from_db()
    alterations = list(
        RegisterAlteration.register.pending()
        .filter(determined_on__lte=notice.determination_deadline)
        .select_for_update(of=("self",))
        .select_related("application__address", "elector", "polling_district")
        .order_by("polling_district__code", "number", "suffix", "pk")
    )
    counts = dict.fromkeys(RegisterAlteration.Kind.values, 0)
    for alteration in alterations:
        _apply(alteration, today, by=by)
        alteration.notice = notice
        alteration.save(update_fields=["notice"])
        counts[alteration.kind] += 1
    audit.record(
        "elections.notice_of_alteration.publish",
        notice,
        by=by,
        changes={
            "published_at": [None, notice.published_at.isoformat()],
            **{f"{kind}s": [None, count] for kind, count in counts.items()},
        },
    )
    return notice


def _apply(alteration: RegisterAlteration, today: date, *, by) -> None:
    if alteration.kind == RegisterAlteration.Kind.ADDITION:
        application = alteration.application
        elector = Elector(
            polling_district=alteration.polling_district,
            number=alteration.number,
            suffix=alteration.suffix,
            qualifying_address=application.address,
            title=application.title,
            first_names=application.first_names,
            surname=application.surname,
            franchise=rules.franchise_for_nationality(application.nationality) or "",
            attainer_18_on=rules.attainer_18_on_for(application.date_of_birth, today),
            anonymous=application.anonymous,
            open_register_opt_out=application.open_register_opt_out,
            added_on=today,
        )
        create_audited(
            elector,
            "elections.elector.create",
            by=by,
            fields=ELECTOR_AUDIT_FIELDS,
            note=f"Notice of alteration, {alteration}",
        )
        alteration.elector = elector
        alteration.save(update_fields=["elector"])
        return
    elector = Elector.register.select_for_update().get(pk=alteration.elector_id)
    if alteration.kind == RegisterAlteration.Kind.DELETION:
        values = {"deleted_on": today}
        action = "elections.elector.delete"
    else:
        values = dict(alteration.changes)
        action = "elections.elector.change"
    fields = list(values)
    before = audit.snapshot(elector, fields)
    for name, value in values.items():
        setattr(elector, name, value)
    elector.full_clean()
    elector.save(update_fields=fields)
    # Names are never audited: only which fields changed.
    after = audit.snapshot(elector, fields)
    changes = {
        name: [before[name], after[name]]
        if name in AUDITED_ENTRY_FIELDS
        else ["changed", "changed"]
        for name in fields
    }
    audit.record(
        action, elector, by=by, changes=changes, note=f"Notice of alteration, {alteration}"
    )


@dataclass(frozen=True)
class PublicationDates:
    revised_register: date
    deferred: bool
    next_notice: rules.NoticeDates


def publication_dates(today: date) -> PublicationDates:
    """What the register home page shows: the next date by which the revised register must be
    published (1 December, or 1 February after an election in the canvass period; the polls are
    those the election notices of alteration were prepared for) and the next monthly notice."""
    polls = tuple(
        NoticeOfAlteration.objects.filter(poll_date__isnull=False)
        .values_list("poll_date", flat=True)
        .distinct()
    )
    deadline = rules.revised_register_deadline(today, polls=polls)
    return PublicationDates(
        revised_register=deadline,
        deferred=deadline.month == 2,
        next_notice=rules.next_monthly_notice_of_alteration(today, calendar=election_calendar()),
    )
