"""The hearing and the decision: the clerk's record of the hearing (who attended, the panel
present, the clerk's notes), the panel's decision on each appeal with its reasons (the infant
class size grounds or the two-stage test as data), decision letters as tagged PDFs sent within
5 school days of the hearing (tracked on the decision, with a reminder to the clerk through the
outbox while one is unsent) and the hearing bundle: one paginated, bookmarked PDF for the panel
(every document, "panel only" ones included) or for one appellant (the authority's case and
their own documents, nothing of the other families at a grouped hearing).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from appeals import config, rules
from appeals.models import (
    Appeal,
    Decision,
    Evidence,
    Hearing,
    HearingListing,
    InfantClassSizeGround,
    PanelCategory,
    StatusChange,
)
from appeals.services.cases import CLOSED, enqueue_email
from appeals.services.scheduling import school_days_for
from democracy import audit, pdf, reminders
from democracy.constitution import constitution
from democracy.dates import govuk_date, govuk_time
from democracy.models import Reminder
from democracy.text_limits import LONG, too_long_message

logger = logging.getLogger(__name__)

DECISION_LETTER_KIND = "appeals.decision_letter"
LETTER_REMINDER_KIND = "appeals.decision_letter_due"
LETTER_REMINDER_HOUR = 8


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


# --- The record of the hearing ---------------------------------------------------------------


@dataclass(frozen=True)
class ListingRecord:
    """What the clerk records of one appeal at the hearing."""

    attendance: str
    present: str = ""
    notes: str = ""


@transaction.atomic
def hearing_record(
    *,
    hearing: Hearing,
    listings: Mapping[int, ListingRecord],
    absent_members: Iterable[int] = (),
    authority_present: str = "",
    notes: str = "",
    now: datetime | None = None,
    by,
) -> Hearing:
    """Record that the hearing was held: for each live listing (by id) who attended for the
    appellant and the clerk's notes; which panel members (seat ids) were absent; who presented
    the authority's case; the clerk's notes of the hearing (the group stage). The hearing becomes
    held and its appeals heard. Refused before the hearing starts, for a cancelled hearing, or
    if the panel present is not the panel the rules require (a panel cannot sit short)."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if hearing.status == Hearing.Status.CANCELLED:
        raise ValidationError("A cancelled hearing cannot be recorded")
    if now < hearing.starts_at:
        raise ValidationError(
            {"hearing": f"The hearing starts on {govuk_date(hearing.starts_at)}: record it after"}
        )
    live = list(hearing.listings.filter(cancelled_at=None).select_related("appeal"))
    for listing in live:
        record = listings.get(listing.pk)
        if record is None or record.attendance not in HearingListing.Attendance.values:
            add(
                f"attendance_{listing.pk}",
                f"Say whether the appellant in {listing.appeal.reference} attended",
            )
        elif len(record.notes.strip()) > LONG:
            add(
                f"notes_{listing.pk}",
                too_long_message(f"{listing.appeal.reference}: clerk's notes", LONG),
            )
    if len(notes.strip()) > LONG:
        add("notes", too_long_message("Clerk's notes of the hearing", LONG))
    absent = set(absent_members)
    seats = list(hearing.seats.select_related("member"))
    present = [s for s in seats if s.pk not in absent]
    if len(present) < 3:
        add("absent", "A panel needs 3 members present: adjourn the hearing instead")
    elif hearing.kind == Hearing.Kind.ADMISSION:
        categories = {s.sitting_as for s in present}
        if PanelCategory.LAY not in categories:
            add("absent", "The lay member must be present")
        if PanelCategory.EDUCATION not in categories:
            add("absent", "A member with experience in education must be present")
    if any(s.is_chair and s.pk in absent for s in seats):
        add("absent", "The chair must be present")
    if errors:
        raise ValidationError(errors)
    before = hearing.status
    for listing in live:
        record = listings[listing.pk]
        listing.attendance = record.attendance
        listing.present = record.present.strip()[:300]
        listing.notes = record.notes.strip()
        listing.save(update_fields=["attendance", "present", "notes"])
        appeal = listing.appeal
        if appeal.status == Appeal.Status.LISTED:
            appeal.status = Appeal.Status.HEARD
            appeal.save(update_fields=["status"])
            StatusChange.private_objects.create(
                appeal=appeal,
                status=Appeal.Status.HEARD,
                by=_user(by),
                note=f"Heard on {govuk_date(hearing.starts_at)}",
            )
            audit.record(
                "appeals.appeal.hear",
                appeal,
                by=by,
                changes={"status": [Appeal.Status.LISTED, Appeal.Status.HEARD]},
            )
    for seat in seats:
        seat.attended = seat.pk not in absent
        seat.save(update_fields=["attended"])
    hearing.authority_present = authority_present.strip()[:300]
    hearing.notes = notes.strip()
    hearing.status = Hearing.Status.HELD
    hearing.recorded_at = now
    hearing.save(update_fields=["authority_present", "notes", "status", "recorded_at"])
    audit.record(
        "appeals.hearing.record",
        hearing,
        by=by,
        changes={
            "status": [before, hearing.status],
            "attendance": [None, {str(lst.appeal): listings[lst.pk].attendance for lst in live}],
            "panel_absent": [None, sorted(str(s.member) for s in seats if s.pk in absent)],
        },
    )
    return hearing


# --- Decisions ---------------------------------------------------------------------------------


def live_listing(appeal: Appeal) -> HearingListing | None:
    return (
        appeal.listings.filter(cancelled_at=None)
        .select_related("hearing__room__venue", "hearing__school", "hearing__clerk")
        .first()
    )


def letter_due_on(appeal: Appeal, hearing_day: date | None) -> date:
    """The decision letter's deadline: 5 school days after the hearing (Code 2022 para 2.3),
    5 working days for a travel panel (guidance 2024), as the council configures them; for a
    stage 1 travel review, which has no hearing, its written outcome within 20 working days of
    the request (guidance 2024)."""
    if appeal.kind == Appeal.Kind.TRANSPORT_STAGE_1:
        return rules.transport_deadlines(
            stage_1_requested_on=appeal.lodged_on,
            working_days=config.working_days(),
            periods=config.periods(),
        ).stage_1_outcome_by
    if appeal.is_transport:
        return rules.decision_letter_due(
            hearing_day,
            calendar=config.working_days(),
            days=config.period("transport_stage_2_decision_working_days"),
        )
    return rules.decision_letter_due(
        hearing_day,
        calendar=school_days_for(appeal),
        days=config.period("admission_decision_letter_school_days"),
    )


@transaction.atomic
def decision_record(
    *,
    appeal: Appeal,
    outcome: str,
    reasons: str = "",
    infant_class_size_ground: str = "",
    prejudice_found: bool | None = None,
    appellant_case_outweighs: bool | None = None,
    decided_on: date | None = None,
    today: date | None = None,
    by,
) -> Decision:
    """Record the panel's decision on an appeal heard at a held hearing (a grouped hearing's
    panel decides none until it has heard them all, so the whole hearing must be recorded
    first), or the outcome of a stage 1 travel review, which a senior officer decides without a
    hearing. Checked by ``rules.decision_problems``; at a grouped hearing stage 1 (prejudice) is
    decided once for every appeal, so it must agree with the decisions already recorded. The
    appeal is determined (decided, or withdrawn), its decision letter falls due 5 school days
    after the hearing and its personal data is kept until the constitution's
    ``appeals_retention_years`` years after the decision. A decision may be corrected until its letter is sent, never after."""
    today = today or timezone.localdate()
    if appeal.anonymised_at:
        raise ValidationError("The appeal has been anonymised")
    # A stage 1 travel review is decided by a senior officer, not heard by a panel.
    review = appeal.kind == Appeal.Kind.TRANSPORT_STAGE_1
    listing = None if review else live_listing(appeal)
    if not review and (listing is None or listing.hearing.status != Hearing.Status.HELD):
        raise ValidationError(
            "Record the hearing first: the panel decides once it has heard every appeal"
        )
    existing = Decision.private_objects.filter(appeal=appeal).first()
    if existing is not None and existing.letter_sent_on is not None:
        raise ValidationError("The decision letter has been sent: the decision is final")
    if existing is None and appeal.status in CLOSED:
        raise ValidationError(f"The appeal is {appeal.get_status_display().lower()}")
    hearing = listing.hearing if listing else None
    decided_on = decided_on or (hearing.date if hearing else today)
    errors = dict(
        rules.decision_problems(
            kind=appeal.kind,
            outcome=outcome,
            reasons=reasons,
            infant_class_size=appeal.infant_class_size,
            infant_class_size_ground=infant_class_size_ground,
            prejudice_found=prejudice_found,
            appellant_case_outweighs=appellant_case_outweighs,
        )
    )
    if hearing is not None and decided_on < hearing.date:
        errors["decided_on"] = (
            f"The panel decided on or after the hearing, {govuk_date(hearing.date)}"
        )
    elif hearing is None and decided_on < appeal.lodged_on:
        errors["decided_on"] = (
            f"The review was decided on or after it was asked for, {govuk_date(appeal.lodged_on)}"
        )
    elif decided_on > today:
        errors["decided_on"] = "The date of the decision cannot be in the future"
    if (
        hearing is not None
        and hearing.is_grouped
        and prejudice_found is not None
        and outcome != rules.WITHDRAWN
    ):
        other = (
            Decision.private_objects.filter(
                appeal__listings__hearing=hearing,
                appeal__listings__cancelled_at=None,
                prejudice_found__isnull=False,
            )
            .exclude(appeal=appeal)
            .values_list("prejudice_found", flat=True)
            .first()
        )
        if other is not None and other != prejudice_found:
            errors.setdefault(
                "prejudice_found",
                "At a grouped hearing the panel decides stage 1 once for every appeal: it found "
                + ("prejudice" if other else "no prejudice")
                + " for the others",
            )
    if errors:
        raise ValidationError(errors)
    is_ics = appeal.is_admission and appeal.infant_class_size
    fields = {
        "outcome": outcome,
        "reasons": reasons.strip(),
        "infant_class_size_ground": infant_class_size_ground if is_ics else "",
        "prejudice_found": prejudice_found if appeal.is_admission and not is_ics else None,
        "appellant_case_outweighs": appellant_case_outweighs
        if appeal.is_admission and not is_ics and prejudice_found
        else None,
        "decided_on": decided_on,
        "letter_due_on": letter_due_on(appeal, hearing.date if hearing else None),
    }
    names = list(fields)
    if existing is None:
        decision = Decision(appeal=appeal, recorded_by=_user(by), **fields)
        before = dict.fromkeys(names)
    else:
        decision = existing
        before = audit.snapshot(decision, names)
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.recorded_by = _user(by)
        decision.recorded_at = timezone.now()
    decision.full_clean()
    decision.save()
    status = Appeal.Status.WITHDRAWN if outcome == rules.WITHDRAWN else Appeal.Status.DECIDED
    status_before = appeal.status
    appeal.status = status
    appeal.determined_on = decided_on
    appeal.retain_until = rules.retain_until(
        decided_on, years=constitution().appeals_retention_years
    )
    appeal.save(update_fields=["status", "determined_on", "retain_until"])
    if status_before != status:
        StatusChange.private_objects.create(
            appeal=appeal, status=status, by=_user(by), note=decision.get_outcome_display()
        )
    changes = audit.diff(before, audit.snapshot(decision, names))
    # The reasons are the family's story: the audit row says they changed, never what they say.
    if "reasons" in changes:
        changes["reasons"] = ["[not recorded]", "[changed]"]
    changes["status"] = [status_before, status]
    audit.record(
        "appeals.appeal.determine" if existing is None else "appeals.appeal.redetermine",
        appeal,
        by=by,
        changes=changes,
    )
    return decision


# --- Decision letters ---------------------------------------------------------------------------


def _ground_label(value: str) -> str:
    return dict(InfantClassSizeGround.choices).get(value, "")


def letter_context(appeal: Appeal, *, today: date | None = None) -> dict:
    decision = appeal.decision
    listing = live_listing(appeal)
    hearing = listing.hearing if listing else None
    finding = None
    if appeal.is_admission and decision.outcome != rules.WITHDRAWN:
        if appeal.infant_class_size:
            finding = rules.infant_class_size_finding(decision.infant_class_size_ground or None)
        elif decision.prejudice_found is not None:
            finding = rules.two_stage_finding(
                prejudice=decision.prejudice_found,
                appellant_case_outweighs=decision.appellant_case_outweighs,
            )
    return {
        "appeal": appeal,
        "decision": decision,
        "hearing": hearing,
        "appellant": appeal.appellants.filter(is_lead=True).first(),
        "child": getattr(appeal, "child", None),
        "finding": finding,
        "ground": _ground_label(decision.infant_class_size_ground),
        "hearing_date": govuk_date(hearing.starts_at) if hearing else "",
        "decided_on": govuk_date(decision.decided_on),
        "council_name": settings.COUNCIL_NAME,
        "today": govuk_date(today or timezone.localdate()),
        "academy": appeal.school is not None and appeal.school.category == "academy",
        "stage_2_days": config.period("transport_stage_2_request_working_days"),
    }


def render_decision_letter_pdf(appeal: Appeal, *, today: date | None = None) -> bytes:
    """The decision letter to the lead appellant as a tagged PDF (PDF/UA-1)."""
    html = render_to_string("appeals/letters/decision.html", letter_context(appeal, today=today))
    return pdf.render_pdf(
        html, title=f"Decision on appeal {appeal.reference}", base_url=str(settings.BASE_DIR)
    )


@transaction.atomic
def decision_letter_send(*, appeal: Appeal, today: date | None = None, by) -> Reminder | None:
    """Send the decision letter: an email to the lead appellant through the outbox (once,
    however often this runs) with the letter's text; the clerk posts the PDF to anyone without
    an email address. The decision records the day it went (the deadline is tracked against it)
    and the reminder to the clerk is cancelled."""
    today = today or timezone.localdate()
    decision = Decision.private_objects.filter(appeal=appeal).first()
    if decision is None:
        raise ValidationError("Record the panel's decision first")
    if appeal.anonymised_at:
        raise ValidationError("The appeal has been anonymised")
    if decision.letter_sent_on is not None:
        return None
    context = letter_context(appeal, today=today)
    row = None
    lead = context["appellant"]
    if lead is not None and lead.email:
        row, created = Reminder.outbox.get_or_create(
            subject_type=ContentType.objects.get_for_model(Appeal),
            subject_id=str(appeal.pk),
            kind=DECISION_LETTER_KIND,
            due_on=decision.decided_on,
            defaults={
                "send_at": timezone.now(),
                "recipients": [lead.email],
                "email_subject": f"The decision on your appeal {appeal.reference}",
                "email_body": render_to_string("appeals/email/decision.txt", context),
            },
        )
        if created:
            transaction.on_commit(lambda pk=row.pk: enqueue_email(pk))
    decision.letter_sent_on = today
    decision.save(update_fields=["letter_sent_on"])
    reminders.cancel(appeal, kind=LETTER_REMINDER_KIND)
    audit.record(
        "appeals.decision_letter.send",
        appeal,
        by=by,
        changes={
            "letter_sent_on": [None, today],
            "on_time": [None, today <= decision.letter_due_on if decision.letter_due_on else None],
        },
    )
    return row


def letter_reminders(today: date) -> list[reminders.ReminderSpec]:
    """A reminder source: the hearing's clerk is reminded on the morning a decision letter is
    due if it has not been sent (and the row stays, so it is never sent twice)."""
    specs = []
    pending = (
        Decision.private_objects.filter(
            letter_sent_on=None,
            letter_due_on__isnull=False,
            letter_due_on__gte=today,
            appeal__anonymised_at=None,
        )
        .exclude(outcome=Decision.Outcome.WITHDRAWN)
        .select_related("appeal")
    )
    for decision in pending:
        listing = (
            decision.appeal.listings.filter(cancelled_at=None)
            .select_related("hearing__clerk")
            .first()
        )
        # A stage 1 travel review has no hearing: the officer who recorded its outcome.
        clerk = listing.hearing.clerk if listing else decision.recorded_by
        if clerk is None or not clerk.email:
            continue
        due = decision.letter_due_on
        specs.append(
            reminders.ReminderSpec(
                subject=decision.appeal,
                kind=LETTER_REMINDER_KIND,
                due_on=due,
                send_at=timezone.make_aware(datetime.combine(due, time(LETTER_REMINDER_HOUR))),
                recipients=[clerk.email],
                email_subject=f"Decision letter due today: appeal {decision.appeal.reference}",
                email_body=(
                    f"The decision letter for appeal {decision.appeal.reference} is due to be "
                    f"sent today, {govuk_date(due)} (within 5 school days of the hearing, "
                    "School Admission Appeals Code 2022 para 2.3). It has not been sent yet.\n\n"
                    f"{settings.SITE_URL.rstrip('/')}{decision.appeal.get_absolute_url()}\n"
                ),
            )
        )
    return specs


# --- Hearing bundles ------------------------------------------------------------------------------

PANEL = "panel"
PARTIES = "parties"


def _evidence_part(item: Evidence, number: int) -> pdf.Part:
    label = f"Document {number}" + (f": {item.description}" if item.description else "")
    with item.file.open("rb") as handle:
        data = handle.read()
    if item.content_type == "application/pdf":
        return pdf.prepare_pdf(data)
    # A photograph or scan: a page of its own, with its label as its text alternative.
    encoded = base64.b64encode(data).decode()
    html = render_to_string(
        "appeals/bundle/image.html",
        {"label": label, "src": f"data:{item.content_type};base64,{encoded}"},
    )
    return pdf.prepare_html(html, title=label)


def _visible(evidence: Iterable[Evidence], audience: str) -> list[Evidence]:
    return [e for e in evidence if audience == PANEL or not e.panel_only]


def render_bundle_pdf(
    hearing: Hearing, *, audience: str, listing: HearingListing | None = None
) -> bytes:
    """The hearing bundle as one tagged PDF with a contents page, bookmarks and "Page X of Y".

    ``audience`` PANEL: every appeal at the hearing with all its documents ("panel only" ones
    included). PARTIES: for one appellant (``listing``): the authority's case for the hearing
    and their own appeal's documents, never another family's and never a "panel only" one."""
    live = list(
        hearing.listings.filter(cancelled_at=None)
        .select_related("appeal__school", "appeal__child")
        .prefetch_related("appeal__evidence")
        .order_by("position")
    )
    if audience == PARTIES:
        if listing is None:
            raise ValueError("A parties' bundle is for one appeal")
        live = [lst for lst in live if lst.pk == listing.pk]
    sections: list[tuple[str, HearingListing, list[Evidence], list[Evidence]]] = []
    for item in live:
        evidence = _visible(item.appeal.evidence.all(), audience)
        authority = [e for e in evidence if e.source == Evidence.Source.AUTHORITY]
        family = [e for e in evidence if e.source != Evidence.Source.AUTHORITY]
        sections.append((item.appeal.reference, item, authority, family))

    # Parts: a cover with the contents, then for each appeal a summary page and its documents.
    title = (
        f"Hearing bundle (panel), {hearing}"
        if audience == PANEL
        else f"Hearing bundle, appeal {listing.appeal.reference}"
    )
    jobs: list[tuple[str, object]] = []  # (label, html or Evidence)
    numbers: dict[int, int] = {}
    for _, item, authority, family in sections:
        jobs.append(("summary", item))
        for evidence in [*authority, *family]:
            numbers[evidence.pk] = len(numbers) + 1
            jobs.append(("evidence", evidence))

    rendered: list[tuple[str, object, pdf.Part]] = []
    for kind, obj in jobs:
        if kind == "summary":
            html = render_to_string(
                "appeals/bundle/summary.html",
                {
                    "listing": obj,
                    "appeal": obj.appeal,
                    "child": getattr(obj.appeal, "child", None),
                    "audience": audience,
                },
            )
            part = pdf.prepare_html(html, title=f"Appeal {obj.appeal.reference}")
        else:
            part = _evidence_part(obj, numbers[obj.pk])
        rendered.append((kind, obj, part))

    # The contents page needs the page numbers: the cover is one page, then the parts in order.
    contents: list[tuple[str, int, int]] = []  # (title, depth, page 1-based)
    page = 1
    for kind, obj, part in rendered:
        if kind == "summary":
            contents.append((f"Appeal {obj.appeal.reference}", 0, page + 1))
        else:
            contents.append((_document_title(obj, numbers[obj.pk]), 1, page + 1))
        page += part.page_count

    def render_cover(contents):
        html = render_to_string(
            "appeals/bundle/cover.html",
            {
                "hearing": hearing,
                "title": title,
                "audience": audience,
                "contents": contents,
                "date": govuk_date(hearing.starts_at),
                "time": govuk_time(hearing.starts_at),
                "council_name": settings.COUNCIL_NAME,
            },
        )
        return pdf.prepare_html(html, title=title)

    cover = render_cover(contents)
    if cover.page_count != 1:  # a long contents list: every page number moves on
        contents = [(t, d, p + cover.page_count - 1) for t, d, p in contents]
        cover = render_cover(contents)
    parts = [cover] + [part for _, _, part in rendered]
    bookmarks = [pdf.Bookmark("Contents", 0)]
    current: pdf.Bookmark | None = None
    for (_, _depth, number), (kind, obj, _) in zip(contents, rendered, strict=True):
        if kind == "summary":
            current = pdf.Bookmark(f"Appeal {obj.appeal.reference}", number - 1, [])
            bookmarks.append(current)
        elif current is not None:
            current.children.append(pdf.Bookmark(_document_title(obj, numbers[obj.pk]), number - 1))
    return pdf.merge(parts, title=title, bookmarks=bookmarks, footer_label=title)


def _document_title(evidence: Evidence, number: int) -> str:
    source = (
        "Admission authority's case"
        if evidence.source == Evidence.Source.AUTHORITY
        else "Appellant's document"
    )
    description = f": {evidence.description}" if evidence.description else ""
    panel = " (panel only)" if evidence.panel_only else ""
    return f"Document {number}, {source}{description}{panel}"
