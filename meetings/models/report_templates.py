"""The council's report templates, as data: each a list of sections with standard headings
(summary, recommendations, legal, financial and equalities implications, background papers,
appendices…), and the sections and images of a report written from one."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from democracy.storage import private_storage
from democracy.text_limits import DOCUMENT, SHORT, LimitedTextField

__all__ = ["ReportImage", "ReportSection", "ReportTemplate", "ReportTemplateSection"]


class ReportTemplate(models.Model):
    name = models.CharField(max_length=200, unique=True)
    description = LimitedTextField(max_length=SHORT, blank=True)
    is_default = models.BooleanField(
        default=False, help_text="Offered first to authors starting a report."
    )
    is_active = models.BooleanField(default=True, help_text="Offered to authors.")

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="report_template_one_default",
                violation_error_message="Only one template can be the default.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReportTemplateSection(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    guidance = LimitedTextField(
        max_length=SHORT, blank=True, help_text="Shown to the author under the heading."
    )

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="report_template_section_position"
            ),
            models.UniqueConstraint(
                fields=["template", "heading"], name="report_template_section_heading"
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class ReportSection(models.Model):
    """One section of a report written from a template: its heading and sanitised text."""

    report = models.ForeignKey("meetings.Report", on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    guidance = LimitedTextField(max_length=SHORT, blank=True)
    body_html = LimitedTextField(max_length=DOCUMENT, blank=True)

    # Part of a report, which may be exempt or a draft: reached through the report only.
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="report_section_position")
        ]

    def __str__(self) -> str:
        return self.heading


def image_upload_to(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"meetings/report-images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ReportImage(models.Model):
    """An image of a report (from its Word document): a file the report owns, served only to
    whoever may read the report, with the alt text the author gave it."""

    report = models.ForeignKey("meetings.Report", on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=image_upload_to, storage=private_storage)
    content_type = models.CharField(max_length=50)
    alt_text = LimitedTextField(max_length=SHORT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return f"Image {self.pk} of {self.report_id}"
