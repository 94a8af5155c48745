"""Writing a report from a template: choosing the template, uploading a Word document, giving
its images alt text, and the images themselves, served only to whoever may read the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from democracy.permissions import role_required
from meetings.forms import (
    ImageAltForm,
    ReportDocxForm,
    ReportTemplateChoiceForm,
    add_service_errors,
    posted,
)
from meetings.models import Report, ReportImage
from meetings.permissions import is_officer
from meetings.services import report_writing
from meetings.views.reports import (
    WRITERS,
    get_report_for_user,
    readable_reports,
    render_report_page,
    report_url,
)


@role_required(*WRITERS)
@require_POST
def report_template_choose(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    form = ReportTemplateChoiceForm(request.POST, action=request.path)
    if form.is_valid():
        try:
            report_writing.report_use_template(
                report=report, template=form.cleaned_data["template"], by=request.user
            )
        except ValidationError as error:
            return render_report_page(request, report, action_errors=error.messages)
        messages.success(request, f"The report now follows {form.cleaned_data['template']}")
        return redirect(report_url(report))
    return render_report_page(
        request, report, action_errors=[e for errs in form.errors.values() for e in errs]
    )


@role_required(*WRITERS)
def report_docx_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    form = ReportDocxForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            missing = report_writing.report_docx_upload(
                report=report, upload=form.cleaned_data["docx"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = "Word document uploaded"
            if missing:
                count = len(missing)
                text += f": {count} image{'s' if count != 1 else ''} need{'' if count != 1 else 's'} alt text"
            messages.success(request, text)
            return redirect(report_url(report))
    return render(
        request,
        "meetings/reports/docx_upload.html",
        {
            "form": form,
            "report": report,
            "meeting": report.item.meeting,
            "officer": is_officer(request.user),
            "editable": report.status in report_writing.EDITABLE,
        },
    )


@role_required(*WRITERS)
@require_POST
def report_image_describe(request: HttpRequest, pk: int) -> HttpResponse:
    image = (
        ReportImage.all_objects.filter(report__in=_writable(request), pk=pk)
        .select_related("report")
        .first()
    )
    if image is None:
        raise Http404("No such image")
    report = image.report
    number = next(
        (n for n, i in enumerate(report_writing.images_without_alt(report), 1) if i.pk == pk), 1
    )
    form = ImageAltForm(request.POST, pk=pk, number=number, action=request.path)
    if form.is_valid():
        try:
            report_writing.report_image_describe(
                image=image, alt_text=form.cleaned_data["alt_text"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Alt text saved")
            return redirect(f"{report_url(report)}#images")
    return render_report_page(request, report, alt_forms={pk: form})


def _writable(request: HttpRequest):
    reports = Report.all_objects.all()
    return reports if is_officer(request.user) else reports.filter(author=request.user)


def report_image(request: HttpRequest, pk: int) -> HttpResponse:
    """An image of a report, for whoever may read the report: anyone once the report is public,
    otherwise as its PDF (``readable_reports``); 404 for everyone else."""
    image = ReportImage.all_objects.filter(pk=pk).first()
    public = image and Report.all_objects.public().filter(pk=image.report_id).exists()
    if not public:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if image is None or not readable_reports(request.user).filter(pk=image.report_id).exists():
            raise Http404("No such image")
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=0" if not public else "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("reports/<int:pk>/template/", report_template_choose, name="report-template"),
    path("reports/<int:pk>/word/", report_docx_upload, name="report-docx"),
    path("report-images/<int:pk>/", report_image, name="report-image"),
    path("report-images/<int:pk>/describe/", report_image_describe, name="report-image-describe"),
]
