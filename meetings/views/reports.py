"""Report pages: adding a report to an item, writing it (text and/or PDF, appendices), sending it
for sign-off, recording the sign-offs that clear it, withdrawing it, and downloading its files.

Officers see every report; a report author sees only the reports they are writing (anyone
else's is a 404). Files are only ever served through ``report_pdf`` / ``appendix_pdf``, which
apply the same visibility as the pages, never by a link into the media directory.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from democracy.constitution import sign_off_chain
from democracy.permissions import role_required
from democracy.roles import Role
from meetings.forms import (
    AppendixForm,
    ImageAltForm,
    ReasonForm,
    ReportCreateForm,
    ReportForm,
    ReportSectionsForm,
    ReportTemplateChoiceForm,
    SignOffForm,
    add_service_errors,
    posted,
)
from meetings.models import AgendaItem, Appendix, Report, ReportImage, SignOff
from meetings.permissions import is_officer
from meetings.report_html import label_missing_alt, sanitise_report
from meetings.rules.numbering import numbered
from meetings.services import clearance, report_writing
from meetings.services import reports as report_services
from meetings.views.agenda import get_item, item_url
from meetings.views.meetings import OFFICERS, REPORT_TAGS, Deadlines, restriction_labels

WRITERS = (*OFFICERS, Role.REPORT_AUTHOR)


def get_report_for_user(request: HttpRequest, pk: int) -> Report:
    """A report the user may work on: officers any, authors their own; anything else is 404."""
    reports = Report.all_objects.select_related("item__meeting__committee", "author")
    if not is_officer(request.user):
        reports = reports.filter(author=request.user)
    try:
        return reports.get(pk=pk)
    except Report.DoesNotExist:
        raise Http404("No such report") from None


def get_appendix_for_user(request: HttpRequest, pk: int) -> Appendix:
    appendices = Appendix.all_objects.select_related("report")
    if not is_officer(request.user):
        appendices = appendices.filter(report__author=request.user)
    try:
        return appendices.get(pk=pk)
    except Appendix.DoesNotExist:
        raise Http404("No such appendix") from None


def report_url(report: Report) -> str:
    return reverse("meetings:report-edit", args=[report.pk])


@role_required(*OFFICERS)
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Commission the report for an item of business from a report author."""
    item = get_item(pk)
    if item.kind != AgendaItem.Kind.BUSINESS:
        raise Http404("Reports belong to items of business")
    form = ReportCreateForm(posted(request), initial={"title": item.title})
    if request.method == "POST" and form.is_valid():
        try:
            report = report_services.report_create(
                item=item,
                title=form.cleaned_data["title"],
                author=form.cleaned_data["author"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, {"item": "title"})
        else:
            messages.success(request, f"Report added: {report.title}")
            return redirect(item_url(item))
    return render(
        request,
        "meetings/reports/create.html",
        {"form": form, "item": item, "meeting": item.meeting},
    )


def _sign_off_status(report: Report) -> tuple[list[dict], list[SignOff]]:
    """Each sign-off role with its approval since the report was last submitted (if any), and
    the full history of sign-offs."""
    history = list(report.sign_offs.select_related("signed_by").order_by("signed_at", "pk"))
    current = [
        s
        for s in history
        if report.submitted_at
        and s.signed_at >= report.submitted_at
        and s.decision == SignOff.Decision.APPROVED
    ]
    roles = []
    for role in sign_off_chain():
        approval = next((s for s in current if s.role == role), None)
        roles.append({"role": role, "approval": approval})
    return roles, history


def report_preview(report: Report) -> str:
    """The report's text as it will look (with its own images), sanitised again on the way out."""
    images = ReportImage.all_objects.filter(report=report).values_list("pk", flat=True)
    return label_missing_alt(sanitise_report(report.body_html, images))


def render_report_page(
    request: HttpRequest,
    report: Report,
    form: ReportForm | ReportSectionsForm | None = None,
    action_errors: list[str] | None = None,
    status: int = 200,
    alt_forms: dict | None = None,
) -> HttpResponse:
    meeting = report.item.meeting
    items = list(meeting.items.all())
    number = next((n for n, i in numbered(items) if i.pk == report.item_id), "")
    editable = report.status in report_services.EDITABLE
    sections = list(report.sections.order_by("position"))
    if form is None and editable:
        if sections:
            form = ReportSectionsForm(initial={"title": report.title}, sections=sections)
        else:
            form = ReportForm(initial={"title": report.title, "body_html": report.body_html})
    missing_alt = report_writing.images_without_alt(report) if editable else []
    alt_forms = alt_forms or {}
    for n, image in enumerate(missing_alt, 1):
        image.number = n
        image.form = alt_forms.get(image.pk) or ImageAltForm(
            pk=image.pk,
            number=n,
            action=reverse("meetings:report-image-describe", args=[image.pk]),
        )
    template_form = None
    if editable and not sections:
        template_form = ReportTemplateChoiceForm(
            initial={"template": report_writing.default_template()},
            action=reverse("meetings:report-template", args=[report.pk]),
        )
    roles, history = _sign_off_status(report)
    deadline = Deadlines().countdown(meeting.date)
    appendices = list(report.appendices.order_by("position"))
    for appendix in appendices:
        appendix.labels = restriction_labels(appendix)
    return render(
        request,
        "meetings/reports/edit.html",
        {
            "report": report,
            "item": report.item,
            "number": number,
            "meeting": meeting,
            "form": form,
            "editable": editable,
            "officer": is_officer(request.user),
            "tag_class": REPORT_TAGS.get(report.status, ""),
            "labels": restriction_labels(report),
            "item_labels": restriction_labels(report.item),
            "preview": report_preview(report),
            "returned": clearance.last_return(report),
            "appendices": appendices,
            "roles": roles,
            "history": history,
            "countdown": deadline,
            "action_errors": action_errors or [],
            "sections": sections,
            "template_form": template_form,
            "missing_alt": missing_alt,
            "problems": report_writing.accessibility_problems(report) if editable else [],
        },
        status=status,
    )


_report_page = render_report_page


@role_required(*WRITERS)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the report: its title, its text (sanitised when saved) and optionally a PDF."""
    report = get_report_for_user(request, pk)
    if request.method != "POST":
        return _report_page(request, report)
    if report.status not in report_services.EDITABLE:
        return _report_page(
            request,
            report,
            action_errors=[
                f"The report is {report.get_status_display().lower()}: it can only be changed "
                "while it is a draft or after changes were requested."
            ],
        )
    sections = list(report.sections.order_by("position"))
    if sections:
        return _save_sections(request, report, sections)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report_services.report_update(
                report=report,
                title=form.cleaned_data["title"],
                body_html=form.cleaned_data["body_html"],
                pdf=form.cleaned_data["pdf"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Report saved")
            return redirect(report_url(report))
    report.refresh_from_db()
    return _report_page(request, report, form=form)


def _save_sections(request: HttpRequest, report: Report, sections) -> HttpResponse:
    form = ReportSectionsForm(request.POST, sections=sections)
    if form.is_valid():
        try:
            report_writing.report_sections_update(
                report=report,
                title=form.cleaned_data["title"],
                bodies=form.bodies(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Report saved")
            return redirect(report_url(report))
    report.refresh_from_db()
    return _report_page(request, report, form=form)


@role_required(*WRITERS)
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    try:
        report_services.report_submit(report=report, by=request.user)
    except ValidationError as error:
        return _report_page(request, report, action_errors=error.messages)
    messages.success(request, "Report sent for sign-off")
    return redirect(report_url(report))


@role_required(*WRITERS)
def appendix_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    form = AppendixForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appendix = report_services.appendix_add(
                report=report,
                title=data["title"],
                body_html=data["body_html"],
                pdf=data["pdf"],
                exempt_paragraphs=data["exempt_paragraphs"],
                public_interest_statement=data["public_interest_statement"],
                confidential=data["confidential"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{appendix.label} added: {appendix.title}")
            return redirect(f"{report_url(report)}#appendices")
    return render(
        request,
        "meetings/reports/appendix_add.html",
        {
            "form": form,
            "report": report,
            "meeting": report.item.meeting,
            "officer": is_officer(request.user),
        },
    )


@role_required(*WRITERS)
@require_POST
def appendix_remove(request: HttpRequest, pk: int) -> HttpResponse:
    appendix = get_appendix_for_user(request, pk)
    report = appendix.report
    try:
        report_services.appendix_remove(appendix=appendix, by=request.user)
    except ValidationError as error:
        return _report_page(request, report, action_errors=error.messages)
    messages.success(request, f"Appendix removed: {appendix.title}")
    return redirect(f"{report_url(report)}#appendices")


@role_required(*OFFICERS)
def report_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a sign-off (legal, finance, director…): approve, or ask for changes."""
    report = get_report_for_user(request, pk)
    roles, history = _sign_off_status(report)
    outstanding = [r["role"] for r in roles if r["approval"] is None]
    form = SignOffForm(posted(request), roles=outstanding or sign_off_chain())
    if request.method == "POST" and form.is_valid():
        try:
            sign_off = report_services.sign_off_record(
                report=report, **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            report.refresh_from_db()
            if sign_off.decision == SignOff.Decision.CHANGES_REQUESTED:
                message = f"{sign_off.role} asked for changes: the report is back with its author"
            elif report.status == Report.Status.READY:
                message = f"{sign_off.role} approved: the report is ready"
            else:
                message = f"{sign_off.role} approved"
            messages.success(request, message)
            return redirect(report_url(report))
    return render(
        request,
        "meetings/reports/sign_off.html",
        {
            "form": form,
            "report": report,
            "meeting": report.item.meeting,
            "roles": roles,
            "history": history,
            "awaiting": report.status == Report.Status.AWAITING_SIGN_OFF,
        },
    )


@role_required(*OFFICERS)
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    form = ReasonForm(
        posted(request),
        label="Why is the report withdrawn?",
        required="Enter why the report is withdrawn",
        hint="Recorded in the audit log.",
        button="Withdraw the report",
    )
    if request.method == "POST" and form.is_valid():
        try:
            report_services.report_withdraw(
                report=report, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Report withdrawn: {report.title}")
            return redirect(report_url(report))
    return render(
        request,
        "meetings/reports/withdraw.html",
        {"form": form, "report": report, "meeting": report.item.meeting},
    )


# --- Files --------------------------------------------------------------------------------------


def readable_reports(user):
    """Reports whose files ``user`` may download: what ``visible_to`` allows, and, for anyone
    but officers and the report's author, only once cleared (never a draft of a late item)."""
    reports = Report.all_objects.visible_to(user)
    if is_officer(user):
        return reports
    readable = reports.filter(Q(author=user) | Q(status=Report.Status.READY))
    if clearance.roles_held_by(user):  # an approver reads what awaits sign-off
        readable |= Report.all_objects.filter(status=Report.Status.AWAITING_SIGN_OFF)
    return readable


def readable_appendices(user):
    appendices = Appendix.all_objects.visible_to(user)
    if is_officer(user):
        return appendices
    readable = appendices.filter(Q(report__author=user) | Q(report__status=Report.Status.READY))
    if clearance.roles_held_by(user):
        readable |= Appendix.all_objects.filter(report__status=Report.Status.AWAITING_SIGN_OFF)
    return readable


def _pdf_response(document: Report | Appendix, name: str) -> FileResponse:
    if not document.pdf:
        raise Http404("No PDF")
    return FileResponse(
        document.pdf.open("rb"), content_type="application/pdf", filename=f"{slugify(name)}.pdf"
    )


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's uploaded PDF, for whoever may read the report (404 for everyone else)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = readable_reports(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report")
    return _pdf_response(report, report.title)


def appendix_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    appendix = readable_appendices(request.user).filter(pk=pk).first()
    if appendix is None:
        raise Http404("No such appendix")
    return _pdf_response(appendix, f"{appendix.label} {appendix.title}")


urlpatterns = [
    path("items/<int:pk>/report/new/", report_create, name="report-create"),
    path("reports/<int:pk>/", report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", report_submit, name="report-submit"),
    path("reports/<int:pk>/appendices/new/", appendix_add, name="appendix-add"),
    path("reports/<int:pk>/sign-off/", report_sign_off, name="report-sign-off"),
    path("reports/<int:pk>/withdraw/", report_withdraw, name="report-withdraw"),
    path("reports/<int:pk>/report.pdf", report_pdf, name="report-pdf"),
    path("appendices/<int:pk>/remove/", appendix_remove, name="appendix-remove"),
    path("appendices/<int:pk>/appendix.pdf", appendix_pdf, name="appendix-pdf"),
]
