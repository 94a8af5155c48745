"""Writes to reports and appendices: drafting, uploads, clearance through the council's
sign-offs, and withdrawal."""

from __future__ import annotations

import io
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from democracy import audit, pdf_safety
from democracy.constitution import sign_off_chain
from democracy.richtext import sanitise
from democracy.services import create_audited, update_audited
from meetings.models import AgendaItem, Appendix, Report, SignOff
from meetings.services.agenda import arrange, rebuild_packs_if_published

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
EDITABLE = {Report.Status.DRAFT, Report.Status.CHANGES_REQUESTED}


def check_pdf(upload: UploadedFile, *, field: str = "pdf") -> int:
    """Refuse anything but a readable, unencrypted PDF that runs nothing when opened
    (``democracy.pdf_safety``); returns its page count."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({field: "The file must be smaller than 50 MB."})
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ValidationError({field: f"{upload.name} is not a PDF. Upload a PDF file."})
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                {field: f"{upload.name} is password-protected. Upload a copy without a password."}
            )
        pages = len(reader.pages)
    except PdfReadError:
        raise ValidationError({field: f"{upload.name} is damaged and cannot be read."}) from None
    if pages == 0:
        raise ValidationError({field: f"{upload.name} has no pages."})
    # Reports and appendices are published and merged into packs: nothing that runs is accepted.
    found = pdf_safety.active_content(data)
    if found:
        raise ValidationError({field: pdf_safety.refusal(upload.name, found)})
    return pages


def _check_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            f"The report is {report.get_status_display().lower()}: it can only be changed "
            "while it is a draft or after changes were requested."
        )


@transaction.atomic
def report_create(*, item: AgendaItem, title: str, author, by) -> Report:
    if item.kind != AgendaItem.Kind.BUSINESS:
        raise ValidationError({"item": "Reports belong to items of business."})
    if Report.all_objects.filter(item=item).exists():
        raise ValidationError({"item": "This item already has a report."})
    report = Report(item=item, title=title.strip(), author=author)
    return create_audited(
        report, "meetings.report.create", by=by, fields=["item", "title", "author"]
    )


@transaction.atomic
def report_update(
    *, report: Report, title: str, body_html: str, pdf: UploadedFile | None = None, by
) -> Report:
    """Change the draft: its title, its text (sanitised) and optionally its PDF."""
    _check_editable(report)
    values = {"title": title.strip(), "body_html": sanitise(body_html)}
    if pdf is not None:
        check_pdf(pdf)
        values["pdf"] = pdf
    if not values["body_html"] and not (pdf or report.pdf):
        raise ValidationError({"body_html": "Write the report, or upload it as a PDF."})
    return update_audited(report, values, "meetings.report.update", by=by)


@transaction.atomic
def appendix_add(
    *,
    report: Report,
    title: str,
    body_html: str = "",
    pdf: UploadedFile | None = None,
    exempt_paragraphs: list[int] | tuple[int, ...] = (),
    public_interest_statement: str = "",
    confidential: bool = False,
    by,
) -> Appendix:
    _check_editable(report)
    if pdf is not None:
        check_pdf(pdf)
    appendix = Appendix(
        report=report,
        position=report.appendices.count() + 1,
        title=title.strip(),
        body_html=sanitise(body_html),
        pdf=pdf or "",
        exempt_paragraphs=sorted(exempt_paragraphs),
        public_interest_statement=public_interest_statement,
        confidential=confidential,
    )
    return create_audited(
        appendix,
        "meetings.appendix.create",
        by=by,
        fields=["report", "position", "title", "exempt_paragraphs", "confidential"],
    )


@transaction.atomic
def appendix_remove(*, appendix: Appendix, by) -> None:
    report = appendix.report
    _check_editable(report)
    audit.record("meetings.appendix.delete", appendix, by=by, note=appendix.title)
    appendix.delete()
    for position, remaining in enumerate(report.appendices.order_by("position"), 1):
        if remaining.position != position:
            Appendix.all_objects.filter(pk=remaining.pk).update(position=position)


@transaction.atomic
def report_submit(*, report: Report, by, now: datetime | None = None) -> Report:
    """The author sends the report for sign-off (``now``: when, if not now)."""
    _check_editable(report)
    if not report.body_html.strip() and not report.pdf:
        raise ValidationError({"body_html": "Write the report, or upload it as a PDF, first."})
    return update_audited(
        report,
        {"status": Report.Status.AWAITING_SIGN_OFF, "submitted_at": now or timezone.now()},
        "meetings.report.submit",
        by=by,
    )


def sign_offs_outstanding(report: Report) -> list[str]:
    """The sign-off roles that have not approved since the report was last submitted."""
    approved = set(
        report.sign_offs.filter(
            decision=SignOff.Decision.APPROVED, signed_at__gte=report.submitted_at
        ).values_list("role", flat=True)
    )
    return [role for role in sign_off_chain() if role not in approved]


@transaction.atomic
def sign_off_record(
    *,
    report: Report,
    role: str,
    decision: str,
    comments: str = "",
    by,
    now: datetime | None = None,
) -> SignOff:
    """Record one sign-off (``now``: when, if not now). When every role has approved, the report
    is ready; a request for changes sends it back to the author."""
    now = now or timezone.now()
    report = Report.all_objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.AWAITING_SIGN_OFF:
        raise ValidationError("The report is not awaiting sign-off.")
    sign_off = SignOff(
        report=report,
        role=role,
        decision=decision,
        comments=comments.strip(),
        signed_by=by,
        signed_at=now,
    )
    create_audited(
        sign_off,
        "meetings.sign_off.create",
        by=by,
        fields=["report", "role", "decision", "comments"],
    )
    if decision == SignOff.Decision.CHANGES_REQUESTED:
        update_audited(
            report,
            {"status": Report.Status.CHANGES_REQUESTED},
            "meetings.report.changes_requested",
            by=by,
        )
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


@transaction.atomic
def report_withdraw(*, report: Report, reason: str, by) -> Report:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the report is withdrawn."})
    update_audited(
        report, {"status": Report.Status.WITHDRAWN}, "meetings.report.withdraw", by=by, note=reason
    )
    arrange(report.item.meeting)
    rebuild_packs_if_published(report.item.meeting)
    return report
