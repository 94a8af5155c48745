"""Writing a report from the council's template: its sections, a Word document (.docx) converted
to HTML (with its images and tables), the images' alt text, and the accessibility check that
must pass before the report goes for sign-off.

The report's ``body_html`` (what the pages, packs and search read) is always put together from
its sections once it has any (``report_html.compose``), so every reader is unchanged.
"""

from __future__ import annotations

import io
import zipfile

import mammoth
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from democracy import audit
from democracy.services import update_audited
from meetings import report_html
from meetings.models import Report, ReportImage, ReportSection, ReportTemplate
from meetings.rules import accessibility
from meetings.services.reports import EDITABLE, MAX_UPLOAD_BYTES

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Word's heading styles become the report's levels: the report's title is level 1 and its
# sections level 2, so a document's "Heading 1" is a section heading.
STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
"""
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
MAX_IMAGES = 50


def _check_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            f"The report is {report.get_status_display().lower()}: it can only be changed "
            "while it is a draft or after changes were requested."
        )


def _image_ids(report: Report) -> list[int]:
    return list(ReportImage.all_objects.filter(report=report).values_list("pk", flat=True))


def _sections(report: Report) -> list[ReportSection]:
    return list(ReportSection.all_objects.filter(report=report).order_by("position"))


def _recompose(report: Report, sections: list[ReportSection], *, by, title: str | None = None):
    values = {"body_html": report_html.compose((s.heading, s.body_html) for s in sections)}
    if title is not None:
        values["title"] = title.strip()
    update_audited(report, values, "meetings.report.update", by=by)


def default_template() -> ReportTemplate | None:
    return ReportTemplate.objects.filter(is_active=True).order_by("-is_default", "name").first()


@transaction.atomic
def report_use_template(*, report: Report, template: ReportTemplate, by) -> list[ReportSection]:
    """Start writing ``report`` section by section from ``template``. Text already written goes
    into the first section."""
    _check_editable(report)
    if ReportSection.all_objects.filter(report=report).exists():
        raise ValidationError({"template": "The report is already written from a template."})
    headings = list(template.sections.order_by("position"))
    if not headings:
        raise ValidationError({"template": f"The template {template.name} has no sections."})
    sections = []
    for n, heading in enumerate(headings, 1):
        section = ReportSection(
            report=report,
            position=n,
            heading=heading.heading,
            guidance=heading.guidance,
            body_html=report.body_html if n == 1 else "",
        )
        section.full_clean()
        sections.append(section)
    ReportSection.all_objects.bulk_create(sections)
    update_audited(report, {"template": template}, "meetings.report.use_template", by=by)
    _recompose(report, sections, by=by)
    return sections


@transaction.atomic
def report_sections_update(
    *, report: Report, title: str, bodies: dict[int, str], by
) -> list[ReportSection]:
    """Save the text of each section (by position), sanitised, and the report's title."""
    _check_editable(report)
    sections = _sections(report)
    if not sections:
        raise ValidationError("Choose a template for the report first.")
    images = _image_ids(report)
    for section in sections:
        if section.position in bodies:
            cleaned = report_html.sanitise_report(bodies[section.position], images)
            if cleaned != section.body_html:
                section.body_html = cleaned
                section.full_clean()
                section.save(update_fields=["body_html"])
    _recompose(report, sections, by=by, title=title)
    return sections


def _store_image(report: Report, image, stored: list[ReportImage]) -> dict[str, str]:
    """mammoth's image handler: keep a checked copy of the image as the report's own."""
    if len(stored) >= MAX_IMAGES:
        raise ValidationError({"docx": f"The document has more than {MAX_IMAGES} images."})
    with image.open() as source:
        data = source.read()
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
            kind = picture.format
    except (UnidentifiedImageError, OSError, ValueError):
        kind = None
    if kind not in IMAGE_TYPES:
        raise ValidationError(
            {
                "docx": f"Image {len(stored) + 1} of the document is not a PNG, JPEG or GIF "
                "picture: save it as one in Word and upload the document again."
            }
        )
    row = ReportImage(
        report=report, content_type=IMAGE_TYPES[kind], alt_text=(image.alt_text or "").strip()
    )
    row.file.save(f"image.{kind.lower()}", ContentFile(data), save=False)
    row.full_clean()
    row.save(force_insert=True)
    stored.append(row)
    return {"src": report_html.image_url(row.pk)}


def _convert(report: Report, upload: UploadedFile) -> tuple[str, list[ReportImage]]:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"docx": "The file must be smaller than 50 MB."})
    data = upload.read()
    upload.seek(0)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError(
            {"docx": f"{upload.name} is not a Word document. Upload a .docx file."}
        )
    stored: list[ReportImage] = []
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(
                lambda image: _store_image(report, image, stored)
            ),
        )
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            {"docx": f"{upload.name} cannot be read as a Word document. Save it as .docx again."}
        ) from None
    return result.value, stored


@transaction.atomic
def report_docx_upload(*, report: Report, upload: UploadedFile, by) -> list[ReportImage]:
    """Replace the report's text with a Word document's, converted to HTML (headings, lists,
    tables and images kept; everything else removed) and shared out among its sections by
    their headings. Returns the images that need alt text."""
    _check_editable(report)
    html, images = _convert(report, upload)
    # The images of the text replaced go with it.
    ReportImage.all_objects.filter(report=report).exclude(pk__in=[i.pk for i in images]).delete()
    cleaned = report_html.sanitise_report(html, [i.pk for i in images])
    sections = _sections(report)
    if sections:
        bodies = report_html.share_out(cleaned, [s.heading for s in sections])
        for section, body in zip(sections, bodies, strict=True):
            section.body_html = body
            section.full_clean()
            section.save(update_fields=["body_html"])
        _recompose(report, sections, by=by)
    else:
        update_audited(report, {"body_html": cleaned}, "meetings.report.update", by=by)
    audit.record(
        "meetings.report.upload_docx",
        report,
        by=by,
        note=f"{upload.name}: {len(images)} image{'s' if len(images) != 1 else ''}",
    )
    return [image for image in images if not image.alt_text]


def images_without_alt(report: Report) -> list[ReportImage]:
    return [i for i in ReportImage.all_objects.filter(report=report) if not i.alt_text.strip()]


@transaction.atomic
def report_image_describe(*, image: ReportImage, alt_text: str, by) -> ReportImage:
    """Give an image of the report its alt text, in the image and wherever the text shows it."""
    report = Report.all_objects.select_for_update().get(pk=image.report_id)
    _check_editable(report)
    alt_text = " ".join(alt_text.split())
    if not alt_text:
        raise ValidationError({"alt_text": "Describe what the image shows."})
    update_audited(image, {"alt_text": alt_text}, "meetings.report_image.describe", by=by)
    sections = _sections(report)
    if sections:
        for section in sections:
            described = report_html.set_alt(section.body_html, image.pk, alt_text)
            if described != section.body_html:
                section.body_html = described
                section.save(update_fields=["body_html"])
        _recompose(report, sections, by=by)
    else:
        body = report_html.set_alt(report.body_html, image.pk, alt_text)
        update_audited(report, {"body_html": body}, "meetings.report.update", by=by)
    return image


def accessibility_problems(report: Report) -> list[str]:
    """What to fix before ``report`` can be sent for sign-off (its written text only; an
    uploaded PDF is checked when it is uploaded)."""
    return accessibility.problems(report.body_html)
