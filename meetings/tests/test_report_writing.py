"""Writing a report from the council's template (issue 15, point 2): templates as data, the
structured editor, a real Word document converted (headings, a table, an image kept as the
report's own file), alt text asked for, the accessibility check blocking submission, and the
image in the PDF pack (``meetings/services/report_writing.py``, ``meetings/rules/accessibility.py``).
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from democracy.models import AuditEvent
from meetings import packs
from meetings.models import Report, ReportImage, ReportTemplate
from meetings.rules import accessibility
from meetings.services import report_writing
from meetings.services import reports as report_services
from meetings.tests.factories_docx import committee_report_template, docx_upload, png_bytes
from meetings.tests.factories_meetings import (
    add_item,
    clear_report,
    make_author,
    make_meeting,
    make_report,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def writer(db):
    return make_author("writer")


@pytest.fixture
def report(writer):
    return make_report(add_item(make_meeting(), "Disposal of the depot"), writer, body="")


# --- The accessibility rules ----------------------------------------------------------------------


def test_headings_must_not_skip_a_level():
    assert accessibility.problems("<h2>A</h2><h3>B</h3><h2>C</h2><h3>D</h3><h4>E</h4>") == []
    [problem] = accessibility.problems("<h2>Summary</h2><h4>Bids</h4>")
    assert "“Bids” skips a level: it is a level 4 heading after a level 2" in problem
    assert "Make it a level 3 heading" in problem
    assert "skips a level" in accessibility.problems("<h3>First</h3>")[0]


def test_images_need_alt_text_and_tables_a_header_row():
    html = (
        '<img src="/a" alt=""><img src="/b" alt="A map"><img src="/c">'
        "<table><tr><td>Bidder</td><td>Offer</td></tr></table>"
        "<table><thead><tr><th>Ward</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>"
        "<table><tr><th>Year</th><td>2026</td></tr></table>"
    )
    assert accessibility.problems(html) == [
        "Image 1 has no alt text: describe what it shows.",
        "Image 3 has no alt text: describe what it shows.",
        "Table 1 (starting “Bidder Offer”) has no header row: mark its first row as a header row.",
    ]


# --- Templates as data ----------------------------------------------------------------------------


def test_the_default_template_is_seeded_with_the_standard_headings(db):
    template = ReportTemplate.objects.get(is_default=True)
    headings = list(template.sections.values_list("heading", flat=True))
    assert headings[:2] == ["Summary", "Recommendations"]
    for heading in ["Legal implications", "Financial implications", "Equalities implications"]:
        assert heading in headings
    assert headings[-2:] == ["Background papers", "Appendices"]


def test_writing_section_by_section_is_sanitised_and_composed(report, writer):
    template = committee_report_template()
    sections = report_writing.report_use_template(report=report, template=template, by=writer)
    assert [s.heading for s in sections][:2] == ["Summary", "Recommendations"]
    with pytest.raises(ValidationError, match="already written from a template"):
        report_writing.report_use_template(report=report, template=template, by=writer)
    report_writing.report_sections_update(
        report=report,
        title="Disposal of the depot",
        bodies={
            1: "<p onclick='x()'>Sell it.</p><script>alert(1)</script>",
            2: '<p>Agree the sale.</p><img src="https://evil.example/x.png" alt="x">',
        },
        by=writer,
    )
    report.refresh_from_db()
    assert report.template == template
    assert report.body_html == (
        "<h2>Summary</h2><p>Sell it.</p><h2>Recommendations</h2><p>Agree the sale.</p>"
    )
    assert "meetings.report.use_template" in set(
        AuditEvent.private_objects.values_list("action", flat=True)
    )


# --- A real Word document -----------------------------------------------------------------------


def test_a_word_document_is_converted_shared_out_and_its_image_kept(report, writer, client):
    report_writing.report_use_template(
        report=report, template=committee_report_template(), by=writer
    )
    missing = report_writing.report_docx_upload(report=report, upload=docx_upload(), by=writer)
    report.refresh_from_db()
    [image] = ReportImage.all_objects.filter(report=report)
    assert missing == [image] and image.content_type == "image/png"
    sections = {s.heading: s.body_html for s in report.sections.all()}
    assert sections["Summary"] == "<p>The depot is surplus to requirements.</p>"
    assert sections["Recommendations"].startswith(
        "<p>That the depot is sold to the highest bidder.</p><table><thead><tr><th>"
    )
    assert "<h3>Bids received</h3>" in sections["Recommendations"]
    assert f'<img src="/officers/report-images/{image.pk}/">' in sections["Recommendations"]
    assert "s123 LGA 1972" in sections["Legal implications"]

    # The image is missing its alt text: the check says so and submission is blocked.
    assert report_writing.accessibility_problems(report) == [
        "Image 1 has no alt text: describe what it shows."
    ]
    with pytest.raises(ValidationError, match="Image 1 has no alt text"):
        report_services.report_submit(report=report, by=writer)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT

    report_writing.report_image_describe(
        image=image, alt_text=" Bar chart of the two offers ", by=writer
    )
    report.refresh_from_db()
    assert 'alt="Bar chart of the two offers"' in report.body_html
    assert report_writing.accessibility_problems(report) == []
    assert report_writing.images_without_alt(report) == []
    report_services.report_submit(report=report, by=writer)

    # The image is the report's own file, served to whoever may read the report.
    url = reverse("meetings:report-image", args=[image.pk])
    client.force_login(writer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    client.force_login(make_author("someone-else"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_table_without_a_header_row_blocks_submission_until_fixed(report, writer):
    report_writing.report_docx_upload(
        report=report, upload=docx_upload(header_row=False, alt_text="A chart"), by=writer
    )
    report.refresh_from_db()
    assert report.sections.count() == 0  # no template: the whole text is the report
    assert report_writing.accessibility_problems(report) == [
        "Table 1 (starting “Bidder Offer Acme Ltd”) has no header row: mark its first row as a "
        "header row."
    ]
    with pytest.raises(ValidationError, match="has no header row"):
        report_services.report_submit(report=report, by=writer)
    report_services.report_update(
        report=report,
        title=report.title,
        body_html=report.body_html.replace(
            "<td><p>Bidder</p></td><td><p>Offer</p></td>", "<th>Bidder</th><th>Offer</th>"
        ),
        by=writer,
    )
    report.refresh_from_db()
    assert 'alt="A chart"' in report.body_html  # the image survived the edit
    report_services.report_submit(report=report, by=writer)


def test_what_is_not_a_word_document_is_refused_with_nothing_saved(report, writer):
    with pytest.raises(ValidationError) as caught:
        report_writing.report_docx_upload(
            report=report, upload=SimpleUploadedFile("report.docx", b"%PDF-1.7"), by=writer
        )
    assert caught.value.message_dict == {
        "docx": ["report.docx is not a Word document. Upload a .docx file."]
    }
    assert not ReportImage.all_objects.exists()


def test_the_image_is_in_the_pdf_of_the_report(report, writer, officer):
    report_writing.report_docx_upload(
        report=report, upload=docx_upload(alt_text="Bar chart of the offers"), by=writer
    )
    report.refresh_from_db()
    clear_report(report, officer)
    data = packs.render_report_pdf(report)
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Acme Ltd" in text and "£410,000" in text
    assert sum(len(page.images) for page in reader.pages) == 1


# --- The pages ------------------------------------------------------------------------------------


def test_the_author_writes_from_a_template_uploads_word_and_gives_alt_text(client, report, writer):
    template = committee_report_template()
    client.force_login(writer)
    edit = reverse("meetings:report-edit", args=[report.pk])
    page = client.get(edit)
    assert page.context["template_form"] is not None
    response = client.post(
        reverse("meetings:report-template", args=[report.pk]), {"template": template.pk}
    )
    assert response.status_code == 302
    page = client.get(edit)
    labels = [field.label for field in page.context["form"]]
    assert labels[:3] == ["Title", "Summary", "Recommendations"]

    word = reverse("meetings:report-docx", args=[report.pk])
    response = client.post(word, {})
    assert response.context["form"].errors == {"docx": ["Choose the Word document to upload"]}
    response = client.post(word, {"docx": docx_upload()}, follow=True)
    assert "Word document uploaded: 1 image needs alt text" in response.content.decode()
    [image] = response.context["missing_alt"]
    assert response.context["problems"] == ["Image 1 has no alt text: describe what it shows."]
    response = client.post(reverse("meetings:report-submit", args=[report.pk]))
    assert response.context["action_errors"] == [
        "Before the report can be sent for sign-off: Image 1 has no alt text: describe what "
        "it shows."
    ]
    describe = reverse("meetings:report-image-describe", args=[image.pk])
    response = client.post(describe, {f"image-{image.pk}-alt_text": " "})
    assert response.context["missing_alt"][0].form.errors == {
        "alt_text": ["Describe what the image shows"]
    }
    response = client.post(describe, {f"image-{image.pk}-alt_text": "Bar chart of the offers"})
    assert response.status_code == 302
    # Saving the sections keeps the image and its alt text.
    page = client.get(edit)
    data = {"title": report.title}
    for field in page.context["form"]:
        if field.name.startswith("section_"):
            data[field.name] = field.value() or ""
    response = client.post(edit, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert 'alt="Bar chart of the offers"' in report.body_html
    assert client.post(reverse("meetings:report-submit", args=[report.pk])).status_code == 302


def test_managers_keep_the_templates_in_the_console(client, manager):
    client.force_login(manager)
    prefix = "sections"
    response = client.post(
        reverse("admin:meetings_reporttemplate_add"),
        {
            "name": "Cabinet report",
            "description": "",
            "is_active": "on",
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-position": "1",
            f"{prefix}-0-heading": "Recommendations",
            f"{prefix}-0-guidance": "",
            f"{prefix}-1-position": "2",
            f"{prefix}-1-heading": "Equalities implications",
            f"{prefix}-1-guidance": "Equality Act 2010 s149.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = ReportTemplate.objects.get(name="Cabinet report")
    assert list(template.sections.values_list("heading", flat=True)) == [
        "Recommendations",
        "Equalities implications",
    ]
    actions = set(AuditEvent.private_objects.values_list("action", flat=True))
    assert {"meetings.reporttemplate.create", "meetings.reporttemplatesection.create"} <= actions
