"""Writes to appeals: lodging (online, on paper, at the intake desk), evidence, evidence links,
and the status changes of intake. Validated, atomic, audited.

Audit rows about a case hold ids, the reference and what changed in the case's handling, never
the child's or the family's details: managers read the audit log, and the case is personal data.

The acknowledgement email goes through the outbox (``democracy.reminders``) exactly once: one row
per appeal (the outbox's unique key), sent by a task once the appeal commits, or by the next
tick if the task is lost. Its body is written when it is sent (a composer), because it carries
the evidence link, and the outbox must never hold a usable link.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from appeals import config, rules
from appeals.models import (
    INFANT_YEAR_GROUPS,
    AdmissionAuthority,
    AdmissionRound,
    Appeal,
    Appellant,
    Child,
    Evidence,
    EvidenceLink,
    ReferenceCounter,
    School,
    StatusChange,
)
from appeals.uploads import CheckedUpload
from democracy import audit, calendars, reminders
from democracy.constitution import constitution
from democracy.models import Reminder

logger = logging.getLogger(__name__)

ACKNOWLEDGEMENT_KIND = "appeals.acknowledgement"
EVIDENCE_LINK_KIND = "appeals.evidence_link."
EVIDENCE_LINK_SALT = "appeals.evidence-link"

PREFIXES = {
    Appeal.Kind.ADMISSION_NORMAL: "ADM",
    Appeal.Kind.ADMISSION_LATE: "ADM",
    Appeal.Kind.ADMISSION_IN_YEAR: "ADM",
    Appeal.Kind.EXCLUSION_REVIEW: "EXC",
    Appeal.Kind.TRANSPORT_STAGE_1: "TRV",
    Appeal.Kind.TRANSPORT_STAGE_2: "TRV",
}

CLOSED = {Appeal.Status.DECIDED, Appeal.Status.WITHDRAWN, Appeal.Status.REJECTED}


@dataclass
class ChildDetails:
    first_name: str
    last_name: str
    date_of_birth: date | None
    current_school: School | None = None
    current_school_name: str = ""


@dataclass
class AppellantDetails:
    name: str
    relationship: str
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""


@dataclass
class Lodging:
    """Everything an appeal is lodged with, however it arrives."""

    kind: str
    school: School | None
    year_group: str
    entry_year: int
    decision_notified_on: date | None
    child: ChildDetails
    appellants: Sequence[AppellantDetails]
    grounds: str
    channel: str
    lodged_on: date | None = None
    infant_class_size: bool = False
    infant_class_size_grounds: Sequence[str] = ()
    sen_expert_requested: bool = False
    previous_appeal: Appeal | None = None
    late_reason: str = ""
    evidence: Sequence[CheckedUpload] = field(default_factory=tuple)


# --- Reading what the rules need ---------------------------------------------------------------


def phase_for(year_group: str) -> str:
    """The normal round a year group's places are offered in: primary for Reception to Year 6,
    secondary from Year 7."""
    return rules.PRIMARY if year_group == "R" or int(year_group) <= 6 else rules.SECONDARY


def admission_round_for(
    authority: AdmissionAuthority, entry_year: int, year_group: str
) -> AdmissionRound | None:
    return AdmissionRound.objects.filter(
        admission_authority=authority, entry_year=entry_year, phase=phase_for(year_group)
    ).first()


def lodging_deadline_for(
    appeal: Appeal, *, school_days: calendars.SchoolDayCalendar | None = None
) -> date | None:
    """The deadline for lodging a normal-round appeal: the published round's, else the earliest
    the Code allows after the day the decision was notified."""
    if appeal.kind not in (Appeal.Kind.ADMISSION_NORMAL, Appeal.Kind.ADMISSION_LATE):
        return None
    if appeal.admission_round_id:
        return appeal.admission_round.lodging_deadline
    return rules.earliest_lodging_deadline(
        appeal.decision_notified_on,
        calendar=school_days or appeal.admission_authority.calendar.as_calendar(),
        school_days=config.period("admission_lodging_school_days"),
    )


def deadlines(
    appeal: Appeal,
    *,
    hearing_day: date | None = None,
    school_days: calendars.SchoolDayCalendar | None = None,
    working_days: calendars.WorkingDayCalendar | None = None,
) -> list[rules.Deadline]:
    """The appeal's statutory deadlines (``rules.appeal_deadlines``) in its authority's school
    calendar and the council's working days (pass them in when listing many appeals, so each is
    read once); empty, with a logged warning, when the calendar has no terms far enough ahead
    (the case page says so)."""
    school_days = school_days or appeal.admission_authority.calendar.as_calendar()
    try:
        return rules.appeal_deadlines(
            appeal.kind,
            decision_notified_on=appeal.decision_notified_on,
            lodged_on=appeal.lodged_on,
            lodging_deadline=lodging_deadline_for(appeal, school_days=school_days),
            school_days=school_days,
            working_days=working_days or config.working_days(),
            hearing_day=hearing_day,
            periods=config.periods(),
        )
    except calendars.CalendarExhausted:
        logger.warning("No school days far enough ahead for appeal %s", appeal.pk)
        return []


# --- Lodging ---------------------------------------------------------------------------------


def _next_reference(kind: str, year: int) -> str:
    prefix = PREFIXES[Appeal.Kind(kind)]
    ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:04d}"


def _validate(lodging: Lodging, today: date) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if lodging.kind not in Appeal.Kind.values:
        add("kind", "Choose what kind of appeal this is")
    is_transport = lodging.kind in Appeal.TRANSPORT_KINDS
    if lodging.school is None and not is_transport:
        add("school", "Choose the school")
    if not lodging.child.first_name.strip():
        add("child_first_name", "Enter the child's first name")
    if not lodging.child.last_name.strip():
        add("child_last_name", "Enter the child's last name")
    if lodging.child.date_of_birth is None:
        add("child_date_of_birth", "Enter the child's date of birth")
    elif lodging.child.date_of_birth >= today:
        add("child_date_of_birth", "The child's date of birth must be in the past")
    if lodging.decision_notified_on is None:
        add("decision_notified_on", "Enter the date you were told of the decision")
    elif lodging.decision_notified_on > (lodging.lodged_on or today):
        add("decision_notified_on", "The date you were told of the decision must be in the past")
    if not lodging.appellants or not lodging.appellants[0].name.strip():
        add("appellant_name", "Enter your full name")
    elif not (lodging.appellants[0].email or lodging.appellants[0].address.strip()):
        add("appellant_email", "Enter an email address or a postal address, so we can reply")
    if not lodging.grounds.strip():
        add("grounds", "Enter the reasons for the appeal")
    if lodging.infant_class_size and lodging.year_group not in INFANT_YEAR_GROUPS:
        add(
            "infant_class_size",
            "Infant class size applies only to Reception, Year 1 and Year 2 places",
        )
    previous = lodging.previous_appeal
    if previous is not None and previous.kind != Appeal.Kind.TRANSPORT_STAGE_1:
        add("previous_appeal", "A stage 2 appeal follows a stage 1 review")
    if errors:
        raise ValidationError(errors)


def _classify(lodging: Lodging, authority: AdmissionAuthority, lodged_on: date):
    """(kind, round, late, rejected note) for the appeal as lodged."""
    kind = Appeal.Kind(lodging.kind)
    school_days = authority.calendar.as_calendar()
    if kind in (Appeal.Kind.ADMISSION_NORMAL, Appeal.Kind.ADMISSION_LATE):
        admission_round = admission_round_for(authority, lodging.entry_year, lodging.year_group)
        deadline = (
            admission_round.lodging_deadline
            if admission_round
            else rules.earliest_lodging_deadline(
                lodging.decision_notified_on,
                calendar=school_days,
                school_days=config.period("admission_lodging_school_days"),
            )
        )
        late = rules.is_late(lodged_on, deadline)
        return (Appeal.Kind.ADMISSION_LATE if late else kind), admission_round, late, ""
    if kind == Appeal.Kind.EXCLUSION_REVIEW:
        last_day = rules.exclusion_application_deadline(
            lodging.decision_notified_on,
            calendar=school_days,
            school_days=config.period("exclusion_application_school_days"),
        )
        if lodged_on > last_day:
            return (
                kind,
                None,
                True,
                f"Applied after {last_day:%-d %B %Y}, the 15th school day after notice of the "
                "board's decision: a late application must be rejected (SI 2012/1033 Sch 1 "
                "para 2(1))",
            )
        return kind, None, False, ""
    if kind in Appeal.TRANSPORT_KINDS:
        name = (
            "transport_stage_1_request_working_days"
            if kind == Appeal.Kind.TRANSPORT_STAGE_1
            else "transport_stage_2_request_working_days"
        )
        last_day = calendars.working_days_after(
            lodging.decision_notified_on, config.period(name), calendar=config.working_days()
        )
        return kind, None, lodged_on > last_day, ""
    return kind, None, False, ""


def _council_authority() -> AdmissionAuthority:
    authority = AdmissionAuthority.objects.filter(is_this_council=True).first()
    if authority is None:
        raise ValidationError(
            {"school": "Add the council as an admission authority before recording travel appeals"}
        )
    return authority


@transaction.atomic
def appeal_lodge(*, lodging: Lodging, by=None, today: date | None = None) -> Appeal:
    """Lodge an appeal: online by the family (``by`` None), or entered by a clerk from a paper
    form, an email or at the intake desk. The kind is corrected from the rules: a normal-round
    appeal lodged after its round's deadline is a late appeal (flagged); an exclusion review
    applied for after 15 school days is recorded and rejected, as the regulations require.
    The lead appellant gets an acknowledgement email with a link to add evidence later."""
    today = today or timezone.localdate()
    lodged_on = lodging.lodged_on or today
    _validate(lodging, today)
    authority = (
        lodging.school.admission_authority if lodging.school is not None else _council_authority()
    )
    try:
        kind, admission_round, late, rejected = _classify(lodging, authority, lodged_on)
    except calendars.CalendarExhausted:
        raise ValidationError(
            {"decision_notified_on": f"{authority.calendar} has no term dates that far ahead"}
        ) from None
    appeal = Appeal(
        reference=_next_reference(kind, lodged_on.year),
        kind=kind,
        status=Appeal.Status.REJECTED if rejected else Appeal.Status.LODGED,
        school=lodging.school,
        admission_authority=authority,
        admission_round=admission_round,
        entry_year=lodging.entry_year,
        year_group=lodging.year_group,
        decision_notified_on=lodging.decision_notified_on,
        lodged_on=lodged_on,
        channel=lodging.channel,
        lodged_late=late,
        late_reason=lodging.late_reason,
        infant_class_size=lodging.infant_class_size,
        grounds=lodging.grounds,
        infant_class_size_grounds=sorted(set(lodging.infant_class_size_grounds)),
        sen_expert_requested=lodging.sen_expert_requested,
        previous_appeal=lodging.previous_appeal,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if rejected:
        _determine(appeal, lodged_on)
    appeal.full_clean()
    appeal.save(force_insert=True)
    child = Child(appeal=appeal, **vars(lodging.child))
    child.full_clean()
    child.save()
    for position, details in enumerate(lodging.appellants):
        appellant = Appellant(appeal=appeal, is_lead=position == 0, **vars(details))
        appellant.full_clean()
        appellant.save()
    StatusChange.private_objects.create(appeal=appeal, status=Appeal.Status.LODGED, by=_user(by))
    if rejected:
        StatusChange.private_objects.create(
            appeal=appeal, status=Appeal.Status.REJECTED, by=_user(by), note=rejected[:300]
        )
    audit.record(
        "appeals.appeal.lodge",
        appeal,
        by=by,
        changes={
            "reference": [None, appeal.reference],
            "kind": [None, appeal.kind],
            "school": [None, str(appeal.school) if appeal.school else None],
            "channel": [None, appeal.channel],
            "lodged_late": [None, appeal.lodged_late],
            "status": [None, appeal.status],
        },
        note=rejected,
    )
    for upload in lodging.evidence:
        evidence_add(
            appeal=appeal,
            upload=upload,
            source=Evidence.Source.LODGING if by is None else Evidence.Source.CLERK,
            by=by,
        )
    _acknowledge(appeal)
    return appeal


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _lead(appeal: Appeal) -> Appellant | None:
    return appeal.appellants.filter(is_lead=True).first()


def _queue_email(
    appeal: Appeal, *, kind: str, subject: str, due_on: date, body: str = ""
) -> Reminder | None:
    """One outbox row to the lead appellant (none without an email address); the unique key
    (appeal, kind, due date) means queuing the same email twice adds nothing."""
    lead = _lead(appeal)
    if lead is None or not lead.email:
        return None
    row, created = Reminder.outbox.get_or_create(
        subject_type=ContentType.objects.get_for_model(Appeal),
        subject_id=str(appeal.pk),
        kind=kind,
        due_on=due_on,
        defaults={
            "send_at": timezone.now(),
            "recipients": [lead.email],
            "email_subject": subject[:200],
            "email_body": body,
        },
    )
    if created:
        transaction.on_commit(lambda pk=row.pk: enqueue_email(pk))
    return row


SEND_EMAIL_TASK = "appeals.tasks.send_email"


def enqueue_email(reminder_id: int) -> None:
    # Sent by name: tasks call services, so services never import the tasks module.
    from celery import current_app

    try:
        current_app.send_task(SEND_EMAIL_TASK, args=[reminder_id])
    except Exception:  # the broker is down: the next beat tick sends it
        logger.warning("Could not queue email %s; the periodic tick will send it.", reminder_id)


def _acknowledge(appeal: Appeal) -> None:
    if appeal.status == Appeal.Status.REJECTED:
        return  # the clerk writes to explain why; no link to add evidence to a rejected appeal
    _queue_email(
        appeal,
        kind=ACKNOWLEDGEMENT_KIND,
        subject=f"Your appeal {appeal.reference} has been received",
        due_on=appeal.lodged_on,
    )


def _appeal_for(reminder: Reminder) -> Appeal | None:
    appeal = (
        Appeal.cases.select_related("school", "admission_authority")
        .filter(pk=reminder.subject_id, anonymised_at=None)
        .first()
    )
    if appeal is None or appeal.status in CLOSED:
        return None
    return appeal


def compose_acknowledgement(reminder: Reminder) -> str | None:
    """The acknowledgement's body, written as it is sent, with a fresh evidence link; None (the
    row is cancelled) if the appeal has since been closed or anonymised."""
    appeal = _appeal_for(reminder)
    if appeal is None:
        return None
    link_url = _issued_link_url(appeal)
    return render_to_string(
        "appeals/email/acknowledgement.txt",
        {
            "appeal": appeal,
            "link_url": link_url,
            "link_days": constitution().appeals_evidence_link_days,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def compose_evidence_link(reminder: Reminder) -> str | None:
    appeal = _appeal_for(reminder)
    if appeal is None:
        return None
    return render_to_string(
        "appeals/email/evidence_link.txt",
        {
            "appeal": appeal,
            "link_url": _issued_link_url(appeal),
            "link_days": constitution().appeals_evidence_link_days,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def _issued_link_url(appeal: Appeal) -> str:
    _, signed = evidence_link_issue(appeal=appeal, by=None)
    path = reverse("appeals:evidence-link", args=[signed])
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


# --- Evidence links ----------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def evidence_link_issue(*, appeal: Appeal, by) -> tuple[EvidenceLink, str]:
    """A new link to add evidence to ``appeal``: returns the row and the signed value for the
    link's address. The random token is in the signed value only; the row keeps its SHA-256
    hash, so nothing stored can be turned back into a working link. The signature's salt ties
    the value to this one purpose; the row's expiry ends it after
    the constitution's ``appeals_evidence_link_days`` days."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = EvidenceLink.private_objects.create(
        appeal=appeal,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=constitution().appeals_evidence_link_days),
    )
    audit.record(
        "appeals.evidence_link.issue",
        appeal,
        by=by,
        changes={"evidence_link": [None, link.pk], "expires_at": [None, link.expires_at]},
    )
    return link, signing.dumps([link.pk, token], salt=EVIDENCE_LINK_SALT)


def evidence_link_resolve(value: str) -> EvidenceLink | None:
    """The live link a signed value opens, or None: a bad signature, a value older than the
    configured period, a wrong or revoked token, an expired link, or an appeal that is closed or
    anonymised all give None (and the page the same 404)."""
    try:
        link_id, token = signing.loads(
            value,
            salt=EVIDENCE_LINK_SALT,
            max_age=timedelta(days=constitution().appeals_evidence_link_days),
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(token, str):
        return None
    link = (
        EvidenceLink.private_objects.select_related("appeal", "appeal__school")
        .filter(
            pk=link_id,
            token_hash=_hash(token),
            purpose=EvidenceLink.Purpose.ADD_EVIDENCE,
            appeal__anonymised_at=None,
        )
        .first()
    )
    if link is None or not link.is_live() or link.appeal.status in CLOSED:
        return None
    return link


@transaction.atomic
def evidence_link_send(*, appeal: Appeal, by) -> Reminder | None:
    """Email the lead appellant a new link to add evidence (an expired one, a lost email)."""
    if appeal.status in CLOSED or appeal.anonymised_at:
        raise ValidationError("Evidence cannot be added to a closed appeal")
    lead = _lead(appeal)
    if lead is None or not lead.email:
        raise ValidationError("The lead appellant has no email address: send the link by post")
    row = _queue_email(
        appeal,
        kind=f"{EVIDENCE_LINK_KIND}{uuid.uuid4().hex}",
        subject=f"Add evidence to your appeal {appeal.reference}",
        due_on=timezone.localdate(),
    )
    audit.record("appeals.evidence_link.send", appeal, by=by)
    return row


@transaction.atomic
def evidence_link_revoke(*, link: EvidenceLink, by) -> EvidenceLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit.record(
            "appeals.evidence_link.revoke",
            link.appeal,
            by=by,
            changes={"evidence_link": [link.pk, None]},
        )
    return link


# --- Evidence ----------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(
    *,
    appeal: Appeal,
    upload: CheckedUpload,
    source: str,
    description: str = "",
    panel_only: bool = False,
    link: EvidenceLink | None = None,
    by,
) -> Evidence:
    """Store a checked upload (``appeals.uploads.check``) against an appeal, privately, under a
    name made from its hash. Refused for a closed or anonymised appeal."""
    if appeal.status in CLOSED or appeal.anonymised_at:
        raise ValidationError({"evidence": "Evidence cannot be added to a closed appeal"})
    evidence = Evidence(
        appeal=appeal,
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        description=description,
        source=source,
        panel_only=panel_only,
        uploaded_by=_user(by),
    )
    # Written before the row: if the transaction then rolls back, an unreferenced file is left
    # (named by its hash, in private storage), never a row without its file.
    evidence.file.save("upload", ContentFile(upload.data), save=False)
    evidence.full_clean()
    evidence.save()
    if link is not None:
        link.last_used_at = timezone.now()
        link.save(update_fields=["last_used_at"])
    audit.record(
        "appeals.evidence.add",
        appeal,
        by=by,
        changes={
            "evidence": [None, evidence.pk],
            "content_type": [None, evidence.content_type],
            "size": [None, evidence.size],
            "source": [None, evidence.source],
        },
    )
    return evidence


# --- Intake --------------------------------------------------------------------------------------


def _determine(appeal: Appeal, on: date) -> None:
    """An appeal that ends without a panel's decision (withdrawn, rejected) is determined on the
    day it ends: its retention period runs from then (``rules.retain_until``), as a decided
    appeal's does, so its personal data is anonymised in its turn."""
    appeal.determined_on = on
    appeal.retain_until = rules.retain_until(on, years=constitution().appeals_retention_years)


def _set_status(
    appeal: Appeal, status: str, *, by, note: str = "", today: date | None = None
) -> None:
    before = appeal.status
    appeal.status = status
    fields = ["status"]
    if status in CLOSED:
        _determine(appeal, today or timezone.localdate())
        fields += ["determined_on", "retain_until"]
    appeal.save(update_fields=fields)
    StatusChange.private_objects.create(appeal=appeal, status=status, by=_user(by), note=note[:300])
    changes = {"status": [before, status]}
    if status in CLOSED:
        changes["retain_until"] = [None, appeal.retain_until]
    audit.record(f"appeals.appeal.{status}", appeal, by=by, changes=changes, note=note)


@transaction.atomic
def appeal_classify(
    *,
    appeal: Appeal,
    kind: str,
    infant_class_size: bool,
    infant_class_size_grounds: Iterable[str] = (),
    by,
) -> Appeal:
    """The clerk corrects how an appeal is treated at intake: its kind (normal round, late,
    in-year) and whether the refusal was on infant class size grounds."""
    if appeal.status in CLOSED:
        raise ValidationError("A closed appeal cannot be changed")
    if kind not in Appeal.ADMISSION_KINDS and appeal.kind in Appeal.ADMISSION_KINDS:
        raise ValidationError({"kind": "An admission appeal stays an admission appeal"})
    if infant_class_size and appeal.year_group not in INFANT_YEAR_GROUPS:
        raise ValidationError(
            {"infant_class_size": "Infant class size applies only to Reception, Year 1 and Year 2"}
        )
    before = audit.snapshot(appeal, ["kind", "infant_class_size", "infant_class_size_grounds"])
    appeal.kind = kind
    appeal.infant_class_size = infant_class_size
    appeal.infant_class_size_grounds = sorted(set(infant_class_size_grounds))
    if kind in (Appeal.Kind.ADMISSION_NORMAL, Appeal.Kind.ADMISSION_LATE):
        appeal.admission_round = admission_round_for(
            appeal.admission_authority, appeal.entry_year, appeal.year_group
        )
    appeal.full_clean()
    appeal.save()
    changes = audit.diff(before, audit.snapshot(appeal, before))
    if changes:
        audit.record("appeals.appeal.classify", appeal, by=by, changes=changes)
    return appeal


@transaction.atomic
def appeal_reject(*, appeal: Appeal, reason: str, today: date | None = None, by) -> Appeal:
    """Reject an appeal that cannot proceed (an exclusion review applied for out of time; an
    appeal against something that is not appealable), saying why. It is determined that day."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the appeal is rejected"})
    if appeal.status in CLOSED:
        raise ValidationError("The appeal is already closed")
    if appeal.listings.filter(cancelled_at=None).exists():
        raise ValidationError("Take the appeal off its hearing first")
    _set_status(appeal, Appeal.Status.REJECTED, by=by, note=reason, today=today)
    return appeal


HEARING_NOTICE_KIND = "appeals.hearing_notice"  # the notice of a hearing (``scheduling``)


@transaction.atomic
def appeal_withdraw(*, appeal: Appeal, note: str = "", today: date | None = None, by) -> Appeal:
    """The appellant withdraws before the hearing: any live listing is cancelled, with a notice
    of the hearing not yet sent, and the appeal is determined that day. Once the panel has heard
    it, a withdrawal is the panel's decision to record (``decisions.decision_record``)."""
    appeal.refresh_from_db(fields=["status"])
    if appeal.status in CLOSED:
        raise ValidationError("The appeal is already closed")
    if appeal.status == Appeal.Status.HEARD:
        raise ValidationError(
            "The panel has heard the appeal: record the withdrawal as the panel's decision"
        )
    appeal.listings.filter(cancelled_at=None).update(cancelled_at=timezone.now())
    reminders.cancel(appeal, kind=HEARING_NOTICE_KIND)
    _set_status(appeal, Appeal.Status.WITHDRAWN, by=by, note=note, today=today)
    return appeal
