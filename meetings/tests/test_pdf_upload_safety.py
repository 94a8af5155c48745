"""Issue 11, item 8: a PDF with embedded JavaScript (or anything else that runs when it is
opened) is refused with a clear message at every PDF upload, not only appeals evidence: reports
and appendices (published and merged into packs) and allowance receipts (opened by officers).
``democracy.pdf_safety`` decides; refusing, not stripping, is documented there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from democracy.roles import Role
from democracy.tests.factories import CommitteeFactory, UserFactory
from democracy.tests.factories_pdf import encrypted_pdf, pdf_with
from meetings.models import Appendix, Report
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_public import moment
from members.services.allowances import check_receipt

pytestmark = pytest.mark.django_db

SCRIPTED = pdf_with(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>")
PLAIN = pdf_with()


def upload(data: bytes, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def draft_report():
    day = timezone.localdate() + timedelta(days=40)
    meeting = meeting_services.meeting_create(
        committee=CommitteeFactory(name="Cabinet"),
        starts_at=moment(day, 18, 30),
        ends_at=moment(day, 21),
        location_note="Council Chamber",
        by=None,
    )
    item = agenda_services.item_add(meeting=meeting, title="Car parking charges", by=None)
    author = UserFactory(username="report-author", roles=[Role.REPORT_AUTHOR])
    return report_services.report_create(
        item=item, title="Car parking charges", author=author, by=None
    )


def test_a_report_pdf_with_javascript_is_refused_and_nothing_saved(draft_report):
    with pytest.raises(ValidationError) as raised:
        report_services.report_update(
            report=draft_report,
            title="Car parking charges",
            body_html="",
            pdf=upload(SCRIPTED, "parking.pdf"),
            by=draft_report.author,
        )
    message = raised.value.message_dict["pdf"][0]
    assert message.startswith("parking.pdf contains JavaScript.")
    assert "export or print it to a new PDF" in message
    assert not Report.all_objects.get(pk=draft_report.pk).pdf


def test_an_appendix_pdf_with_javascript_is_refused_and_nothing_saved(draft_report):
    with pytest.raises(ValidationError) as raised:
        report_services.appendix_add(
            report=draft_report,
            title="Tariffs",
            pdf=upload(SCRIPTED, "tariffs.pdf"),
            by=draft_report.author,
        )
    assert raised.value.message_dict["pdf"][0].startswith("tariffs.pdf contains JavaScript.")
    assert not Appendix.all_objects.filter(report=draft_report).exists()


def test_a_plain_pdf_is_still_accepted(draft_report):
    report_services.appendix_add(
        report=draft_report, title="Tariffs", pdf=upload(PLAIN, "tariffs.pdf"), by=None
    )
    assert Appendix.all_objects.filter(report=draft_report).count() == 1


def test_a_receipt_pdf_with_javascript_is_refused():
    with pytest.raises(ValidationError) as raised:
        check_receipt(upload(SCRIPTED, "taxi.pdf"))
    assert raised.value.message_dict["receipt"][0].startswith("taxi.pdf contains JavaScript.")
    assert check_receipt(upload(PLAIN, "taxi.pdf")) == "pdf"


def test_a_receipt_pdf_with_javascript_behind_an_empty_password_is_refused():
    """A PDF encrypted with an empty user password opens in any reader without a prompt (and
    runs its JavaScript); the check did not look inside an encrypted PDF, and receipts, unlike
    reports, did not refuse encrypted ones, so this one was accepted."""
    with pytest.raises(ValidationError) as raised:
        check_receipt(upload(encrypted_pdf(javascript=True), "taxi.pdf"))
    assert raised.value.message_dict["receipt"][0].startswith("taxi.pdf contains JavaScript.")
    # A "secured" receipt that only restricts printing or editing is still accepted.
    assert check_receipt(upload(encrypted_pdf(javascript=False), "taxi.pdf")) == "pdf"


def test_a_receipt_pdf_that_needs_a_password_is_refused():
    """What cannot be opened cannot be checked (nor read by the officer who pays the claim)."""
    locked = encrypted_pdf(javascript=True, user_password="open-sesame")
    with pytest.raises(ValidationError) as raised:
        check_receipt(upload(locked, "taxi.pdf"))
    assert raised.value.message_dict["receipt"] == [
        "taxi.pdf is protected by a password: upload a copy without one."
    ]


def test_a_pdf_too_damaged_to_parse_is_still_searched_for_javascript():
    """pypdf could not parse it, so nothing was found; a reader may repair it and run it."""
    damaged = b"%PDF-1.7\n" + b"\x00" * 200 + b"\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\n"
    with pytest.raises(ValidationError) as raised:
        check_receipt(upload(damaged, "taxi.pdf"))
    assert raised.value.message_dict["receipt"][0].startswith("taxi.pdf contains JavaScript.")
