"""Report pages: commissioning a report, the author writing it (sanitised text, a checked PDF,
appendices), sending it for sign-off, officers recording sign-offs and withdrawing it, the
files served only to whoever may read them, and the landing pages' lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from democracy.tests.factories import CommitteeFactory, set_constitution
from meetings.models import Appendix, Report
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import (
    add_item,
    clear_report,
    make_author,
    make_meeting,
    make_report,
    pdf_upload,
)
from meetings.tests.factories_views import OFFICERS_ONLY, PERSONAS, a_future_tuesday, check_access


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(db):
    return make_meeting(CommitteeFactory(name="Planning Committee"), day=a_future_tuesday())


@pytest.fixture
def item(meeting):
    return add_item(meeting, "Land at Mill Lane")


@pytest.fixture
def report(item, author):
    """A draft by the ``author`` persona."""
    return make_report(item, author, body="<p>The application should be approved.</p>")


def url(name: str, pk: int) -> str:
    return reverse(f"meetings:{name}", args=[pk])


# --- Who may open the pages ---------------------------------------------------------------------


def test_officers_and_the_reports_author_open_the_report_pages(client, request, report):
    writers = {**OFFICERS_ONLY, "author": 200}
    for page in [url("report-edit", report.pk), url("appendix-add", report.pk)]:
        check_access(client, request, page, writers)
    for page in [
        url("report-create", report.item_id),
        url("report-sign-off", report.pk),
        url("report-withdraw", report.pk),
    ]:
        check_access(client, request, page, OFFICERS_ONLY)


def test_an_author_cannot_open_someone_elses_report(client, item, author):
    theirs = make_report(item, make_author("other-writer"))
    appendix = report_services.appendix_add(
        report=theirs, title="Plan", body_html="<p>x</p>", by=None
    )
    client.force_login(author)
    assert client.get(url("report-edit", theirs.pk)).status_code == 404
    assert client.get(url("appendix-add", theirs.pk)).status_code == 404
    assert client.post(url("report-submit", theirs.pk)).status_code == 404
    assert client.post(url("appendix-remove", appendix.pk)).status_code == 404
    assert Appendix.all_objects.filter(pk=appendix.pk).exists()


def test_submitting_and_removing_are_posts_for_writers_only(client, request, report):
    appendix = report_services.appendix_add(
        report=report, title="Plan", body_html="<p>x</p>", by=None
    )
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url("report-submit", report.pk)).status_code in {403, 405}
        if persona in {
            "councillor",
            "other_councillor",
            "electoral_officer",
            "clerk",
            "panel_member",
        }:
            assert client.post(url("report-submit", report.pk)).status_code == 403
            assert client.post(url("appendix-remove", appendix.pk)).status_code == 403
    client.logout()
    assert client.post(url("report-submit", report.pk)).status_code == 302


def test_commissioning_a_report(client, officer, item, author):
    client.force_login(officer)
    page = client.get(url("report-create", item.pk))
    assert page.context["form"].initial["title"] == "Land at Mill Lane"
    assert list(page.context["form"].fields["author"].queryset) == [author]
    response = client.post(
        url("report-create", item.pk),
        {"title": "Land at Mill Lane: application", "author": author.pk},
    )
    assert response.status_code == 302
    report = Report.all_objects.get()
    assert (report.author, report.status) == (author, Report.Status.DRAFT)
    # The item already has a report.
    response = client.post(url("report-create", item.pk), {"title": "Again", "author": author.pk})
    assert response.context["form"].errors == {"title": ["This item already has a report."]}
    # Standard items take no report.
    apologies = item.meeting.items.get(kind="apologies")
    assert client.get(url("report-create", apologies.pk)).status_code == 404


# --- Writing ------------------------------------------------------------------------------------


def test_the_author_writes_the_report_and_sees_it_sanitised(client, author, report):
    client.force_login(author)
    page = client.get(url("report-edit", report.pk))
    text = page.content.decode()
    assert "The application should be approved." in text
    assert page.context["countdown"].deadline == meeting_services.deadline_for(report.item.meeting)
    response = client.post(
        url("report-edit", report.pk),
        {
            "title": "Land at Mill Lane",
            "body_html": '<h2>Recommendation</h2><p onmouseover="x()">Approve</p><script>bad()</script>',
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.body_html == "<h2>Recommendation</h2><p>Approve</p>"
    text = client.get(url("report-edit", report.pk)).content.decode()
    assert '<div class="app-preview govuk-body"><h2>Recommendation</h2><p>Approve</p></div>' in text
    assert "bad()" not in text


def test_a_file_that_is_not_a_pdf_is_refused_on_the_pdf_field(client, author, report):
    client.force_login(author)
    response = client.post(
        url("report-edit", report.pk),
        {
            "title": "Land at Mill Lane",
            "body_html": "<p>x</p>",
            "pdf": SimpleUploadedFile("report.docx", b"PK\x03\x04"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "pdf": ["report.docx is not a PDF. Upload a PDF file."]
    }
    assert 'href="#id_pdf"' in response.content.decode()
    report.refresh_from_db()
    assert not report.pdf and report.body_html == "<p>The application should be approved.</p>"


def test_an_uploaded_pdf_is_served_to_the_author_and_officers_only(
    client, author, officer, councillor, report
):
    client.force_login(author)
    response = client.post(
        url("report-edit", report.pk),
        {"title": "Land at Mill Lane", "body_html": "", "pdf": pdf_upload("mill-lane.pdf")},
    )
    assert response.status_code == 302
    download = client.get(url("report-pdf", report.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert 'filename="land-at-mill-lane.pdf"' in download["Content-Disposition"]
    client.force_login(officer)
    assert client.get(url("report-pdf", report.pk)).status_code == 200
    # A councillor cannot read a draft; nor can anybody signed out.
    client.force_login(councillor)
    assert client.get(url("report-pdf", report.pk)).status_code == 404
    client.logout()
    assert client.get(url("report-pdf", report.pk)).status_code == 302


def test_adding_and_removing_appendices(client, author, report):
    client.force_login(author)
    response = client.post(url("appendix-add", report.pk), {"title": "Site plan"})
    assert response.context["form"].errors == {
        "pdf": ["Upload the appendix as a PDF, or write its text"]
    }
    response = client.post(
        url("appendix-add", report.pk),
        {"title": "Site plan", "pdf": pdf_upload("plan.pdf")},
    )
    assert response["Location"] == f"/officers/reports/{report.pk}/#appendices"
    response = client.post(
        url("appendix-add", report.pk),
        {
            "title": "Valuation",
            "body_html": "<p>£1.2m</p>",
            "exempt_paragraphs": ["3"],
            "public_interest_statement": "Commercially sensitive.",
        },
    )
    assert response.status_code == 302
    plan, valuation = Appendix.all_objects.order_by("position")
    assert valuation.exempt_paragraphs == [3]
    text = client.get(url("report-edit", report.pk)).content.decode()
    assert "Appendix 2: Valuation" in text and "Exempt: paragraph 3" in text
    assert client.get(url("appendix-pdf", plan.pk)).status_code == 200
    response = client.post(url("appendix-remove", plan.pk))
    assert response.status_code == 302
    valuation.refresh_from_db()
    assert valuation.position == 1


def test_sending_for_sign_off_locks_the_draft(client, author, report):
    client.force_login(author)
    response = client.post(url("report-submit", report.pk), follow=True)
    assert "Report sent for sign-off" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.AWAITING_SIGN_OFF
    page = client.get(url("report-edit", report.pk))
    assert page.context["form"] is None
    response = client.post(url("report-edit", report.pk), {"title": "Changed", "body_html": ""})
    assert response.context["action_errors"] == [
        "The report is awaiting sign-off: it can only be changed while it is a draft or after "
        "changes were requested."
    ]
    report.refresh_from_db()
    assert report.title == "Report: Land at Mill Lane"


def test_an_empty_report_cannot_be_sent(client, author, item):
    empty = make_report(item, author, body="")
    client.force_login(author)
    response = client.post(url("report-submit", empty.pk))
    assert response.status_code == 200
    assert response.context["action_errors"] == ["Write the report, or upload it as a PDF, first."]
    assert "<title>Error:" in response.content.decode()


# --- Sign-off -----------------------------------------------------------------------------------


def test_officers_record_each_sign_off_until_the_report_is_ready(
    client, officer, author, report, settings
):
    set_constitution(report_sign_offs=["Legal", "Finance", "Director"])
    report_services.report_submit(report=report, by=author)
    client.force_login(officer)
    page = client.get(url("report-sign-off", report.pk))
    assert [choice[0] for choice in page.context["form"].fields["role"].choices] == [
        "Legal",
        "Finance",
        "Director",
    ]
    response = client.post(
        url("report-sign-off", report.pk), {"role": "Legal", "decision": "changes_requested"}
    )
    # A sign-off recorded by an officer was given outside the system: its evidence is needed.
    assert response.context["form"].errors == {
        "comments": ["Say what needs to change"],
        "evidence": ["Enter the evidence of the sign-off"],
    }
    for role in ["Legal", "Finance"]:
        response = client.post(
            url("report-sign-off", report.pk),
            {"role": role, "decision": "approved", "evidence": f"Email from {role}"},
        )
        assert response.status_code == 302
    page = client.get(url("report-sign-off", report.pk))
    assert [choice[0] for choice in page.context["form"].fields["role"].choices] == ["Director"]
    response = client.post(
        url("report-sign-off", report.pk),
        {"role": "Director", "decision": "approved", "evidence": "Signed memo"},
        follow=True,
    )
    assert "Director approved: the report is ready" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    page = client.get(url("report-sign-off", report.pk)).content.decode()
    assert "no sign-off can be recorded" in page


def test_changes_requested_go_back_to_the_author(client, officer, author, report):
    report_services.report_submit(report=report, by=author)
    client.force_login(officer)
    response = client.post(
        url("report-sign-off", report.pk),
        {
            "role": "Legal",
            "decision": "changes_requested",
            "comments": "Cite the policy.",
            "evidence": "Phone call with the Monitoring Officer",
        },
        follow=True,
    )
    assert (
        "Legal asked for changes: the report is back with its author" in response.content.decode()
    )
    client.force_login(author)
    page = client.get(url("report-edit", report.pk))
    assert page.context["editable"]
    # The reason is at the top of the report page, not hidden in the history.
    assert page.context["returned"].comments == "Cite the policy."
    banner = page.content.decode().split('id="returned"')[1].split("</div>\n        </div>")[0]
    assert "Returned by Legal" in banner and "Cite the policy." in banner


def test_withdrawing_a_report(client, officer, report):
    client.force_login(officer)
    response = client.post(url("report-withdraw", report.pk), {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Enter why the report is withdrawn"]}
    response = client.post(url("report-withdraw", report.pk), {"reason": "Deferred to June"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.WITHDRAWN


# --- Landing pages ------------------------------------------------------------------------------


def test_the_author_sees_their_reports_with_due_dates(client, author, report, item):
    make_report(add_item(item.meeting, "Not mine"), make_author("other-writer"))
    past = make_meeting(item.meeting.committee, day=date(2019, 4, 23))
    make_report(add_item(past, "Old business"), author)
    client.force_login(author)
    response = client.get("/officers/reports/")
    assert [r.title for r in response.context["reports"]] == ["Report: Land at Mill Lane"]
    due = meeting_services.deadline_for(item.meeting).report_deadline
    text = response.content.decode()
    assert f"{due:%-d %B %Y}" in text
    assert f'href="/officers/reports/{report.pk}/"' in text


def test_an_overdue_report_is_flagged(client, author, officer):
    # A meeting a week away: its report deadline has passed.
    soon = make_meeting(
        CommitteeFactory(name="Cabinet"), day=timezone.localdate() + timedelta(days=7)
    )
    make_report(add_item(soon, "Budget"), author)
    client.force_login(author)
    response = client.get("/officers/reports/")
    [shown] = response.context["reports"]
    assert shown.overdue
    assert "Overdue" in response.content.decode()


def test_the_officer_landing_page_counts_down_to_each_publication(client, officer, meeting):
    client.force_login(officer)
    response = client.get("/officers/")
    [shown] = response.context["upcoming"]
    assert shown == meeting
    assert shown.countdown.summary in response.content.decode()
    assert f'href="/officers/meetings/{meeting.pk}/"' in response.content.decode()


def test_the_report_page_of_a_published_public_report_reaches_the_pdf_for_councillors(
    client, officer, author, councillor, report
):
    report_services.report_update(
        report=report, title=report.title, body_html="", pdf=pdf_upload("r.pdf"), by=author
    )
    clear_report(report, officer)
    meeting_services.agenda_publish(meeting=report.item.meeting, by=officer)
    client.force_login(councillor)
    assert client.get(url("report-pdf", report.pk)).status_code == 200
    # Pages link files through the checked download, never into the media directory.
    client.force_login(author)
    text = client.get(url("report-edit", report.pk)).content.decode()
    assert f'href="/officers/reports/{report.pk}/report.pdf"' in text
    assert "/media/" not in text
