"""The member portal's meetings: a councillor sees the meetings of the committees they sit on,
and each published agenda with the papers they may read. Exempt and confidential papers are for
the committee's members only: anyone else gets the restriction notice, and their files a 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from democracy.tests.factories import CommitteeFactory
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import (
    add_item,
    clear_report,
    make_author,
    make_meeting,
    make_report,
    pdf_upload,
    seat,
)
from meetings.tests.factories_views import a_future_tuesday, check_access

SECRET = "CONFIDENTIAL-LAND-VALUE-417"
PIS = "Disclosure would prejudice the sale."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def planning(db):
    return CommitteeFactory(name="Planning Committee")


@pytest.fixture
def meeting(planning, councillor, officer):
    """A meeting of Planning (the ``councillor`` persona sits on it) with a public report and an
    exempt one, both cleared."""
    seat(councillor, planning)
    meeting = make_meeting(planning, day=a_future_tuesday())
    author = make_author()
    public = make_report(
        add_item(meeting, "Local plan review"), author, body="<p>PUBLIC-PLAN-TEXT</p>"
    )
    report_services.appendix_add(
        report=public,
        title="Land values",
        body_html="<p>APPENDIX-SECRET-99</p>",
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        by=None,
    )
    exempt = make_report(
        add_item(meeting, "Disposal of the depot"),
        author,
        body=f"<p>The land is worth {SECRET}.</p><script>alert(1)</script>",
    )
    report_services.report_update(
        report=exempt, title=exempt.title, body_html=exempt.body_html, pdf=pdf_upload(), by=None
    )
    agenda_services.restriction_set(
        target=exempt,
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        confidential=False,
        by=None,
    )
    for report in (public, exempt):
        clear_report(report, officer)
    meeting.public_report, meeting.exempt_report = public, exempt
    return meeting


def publish(meeting):
    meeting_services.agenda_publish(meeting=meeting, by=None)
    meeting.refresh_from_db()


def page(client, user, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:portal-meeting", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- Who may open the pages ---------------------------------------------------------------------


def test_only_councillors_open_the_portal_pages(client, request, meeting):
    councillors = {"councillor": 200, "other_councillor": 200}
    check_access(client, request, reverse("meetings:portal-meetings"), councillors)
    check_access(
        client, request, reverse("meetings:portal-meeting", args=[meeting.pk]), councillors
    )


def test_a_meeting_that_does_not_exist_is_a_404(client, councillor):
    client.force_login(councillor)
    assert client.get(reverse("meetings:portal-meeting", args=[999999])).status_code == 404


# --- Your meetings ------------------------------------------------------------------------------


def test_your_meetings_are_those_of_your_committees(client, councillor, planning):
    seat(councillor, planning)
    licensing = CommitteeFactory(name="Licensing Committee")
    mine = make_meeting(planning, day=a_future_tuesday())
    recent = make_meeting(planning, day=timezone.localdate() - timedelta(days=20))
    make_meeting(planning, day=timezone.localdate() - timedelta(days=400))  # too old
    make_meeting(licensing, day=a_future_tuesday(3))  # not my committee
    client.force_login(councillor)
    response = client.get(reverse("meetings:portal-meetings"))
    assert response.context["upcoming"] == [mine]
    assert response.context["recent"] == [recent]
    text = response.content.decode()
    assert "Meetings of the committees you sit on: Planning Committee." in text
    assert f'href="/members/portal/meetings/{mine.pk}/"' in text


def test_a_seat_counts_for_the_meetings_held_while_you_hold_it(client, councillor, planning):
    later = a_future_tuesday(10)
    seat(councillor, planning, start=date(2018, 5, 15), end_date=later - timedelta(days=1))
    before = make_meeting(planning, day=a_future_tuesday(4))
    make_meeting(planning, day=later)
    client.force_login(councillor)
    assert client.get(reverse("meetings:portal-meetings")).context["upcoming"] == [before]


def test_a_councillor_on_no_committee_is_told_so(client, other_councillor):
    client.force_login(other_councillor)
    text = client.get(reverse("meetings:portal-meetings")).content.decode()
    assert "You do not sit on any committees at the moment." in text
    assert "You have no upcoming meetings." in text


def test_the_member_portal_links_to_your_meetings(client, councillor):
    client.force_login(councillor)
    text = client.get("/members/portal/").content.decode()
    assert 'href="/members/portal/meetings/"' in text


# --- A meeting's papers -------------------------------------------------------------------------


def test_before_publication_there_are_no_papers(client, councillor, meeting):
    text = page(client, councillor, meeting)
    assert "Agenda not yet published" in text
    assert "Local plan review" not in text and "PUBLIC-PLAN-TEXT" not in text
    assert SECRET not in text
    client.force_login(councillor)
    assert (
        client.get(reverse("meetings:report-pdf", args=[meeting.exempt_report.pk])).status_code
        == 404
    )


def test_a_committee_member_reads_the_exempt_papers(client, councillor, meeting):
    publish(meeting)
    text = page(client, councillor, meeting)
    assert "PUBLIC-PLAN-TEXT" in text
    assert f"The land is worth {SECRET}." in text
    assert "APPENDIX-SECRET-99" in text
    assert "alert(1)" not in text  # sanitised
    assert (
        "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local "
        "Government Act 1972."
    ) in text
    assert "you can read its exempt and confidential papers" in text
    client.force_login(councillor)
    download = client.get(reverse("meetings:report-pdf", args=[meeting.exempt_report.pk]))
    assert download.status_code == 200


def test_another_councillor_gets_the_notice_and_a_404_for_the_file(
    client, other_councillor, meeting
):
    publish(meeting)
    text = page(client, other_councillor, meeting)
    assert "PUBLIC-PLAN-TEXT" in text
    assert "Disposal of the depot" in text  # the item's title is public
    assert SECRET not in text
    assert "APPENDIX-SECRET-99" not in text and "Land values" not in text
    assert text.count("Not for publication by virtue of paragraph 3 of Part 1") == 2
    assert "you can read its exempt and confidential papers" not in text
    client.force_login(other_councillor)
    exempt = meeting.exempt_report
    assert client.get(reverse("meetings:report-pdf", args=[exempt.pk])).status_code == 404
    valuation = meeting.public_report.appendices.get()
    assert client.get(reverse("meetings:appendix-pdf", args=[valuation.pk])).status_code == 404


def test_a_draft_report_on_a_late_item_is_not_shown(client, councillor, meeting):
    publish(meeting)
    late = add_item(meeting, "Flood response", urgency_reasons="The river burst its banks.")
    draft = make_report(late, make_author("late-writer"), body="<p>DRAFT-TEXT-12</p>")
    text = page(client, councillor, meeting)
    assert "Flood response" in text and "The river burst its banks." in text
    assert "DRAFT-TEXT-12" not in text
    assert client.get(reverse("meetings:report-pdf", args=[draft.pk])).status_code == 404


def test_the_portal_meeting_page_runs_the_same_queries_with_5_and_40_items(
    client, councillor, meeting, officer
):
    publish(meeting)
    url = reverse("meetings:portal-meeting", args=[meeting.pk])
    client.force_login(councillor)
    author = make_author("bulk-writer")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def grow(to: int) -> None:
        while meeting.items.filter(kind="business").count() < to:
            n = meeting.items.count()
            item = add_item(meeting, f"Item {n}", urgency_reasons="Urgent.")
            if n % 2:
                report = make_report(item, author)
                report_services.appendix_add(
                    report=report, title=f"Appendix to {n}", body_html="<p>a</p>", by=None
                )
                clear_report(report, officer)

    grow(5)
    small = count()
    grow(40)
    assert count() == small


def test_the_packs_on_the_portal_page_follow_the_same_rule(
    client, councillor, other_councillor, meeting
):
    from meetings import packs

    publish(meeting)
    packs.build_meeting_packs(meeting)
    full = f"/officers/meetings/{meeting.pk}/packs/full/"
    public = f"/officers/meetings/{meeting.pk}/packs/public/"
    mine = page(client, councillor, meeting)
    assert f'href="{full}"' in mine and f'href="{public}"' in mine
    assert client.get(full).status_code == 200
    theirs = page(client, other_councillor, meeting)
    assert f'href="{full}"' not in theirs and f'href="{public}"' in theirs
    assert client.get(full).status_code == 404


def test_who_may_download_an_exempt_report(client, request, meeting):
    publish(meeting)
    url = reverse("meetings:report-pdf", args=[meeting.exempt_report.pk])
    entitled = {"officer", "manager", "councillor"}
    for persona in [
        "officer",
        "manager",
        "author",
        "councillor",
        "other_councillor",
        "electoral_officer",
        "clerk",
        "panel_member",
    ]:
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url).status_code == (200 if persona in entitled else 404), persona
    # Its writer may, being its author.
    client.force_login(meeting.exempt_report.author)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_a_private_items_description_is_for_those_entitled_to_its_papers(
    client, councillor, other_councillor, meeting
):
    private = agenda_services.item_add(
        meeting=meeting,
        title="Acquisition of land",
        description="ITEM-SECRET-BUYER is the vendor.",
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        by=None,
    )
    agenda_services.item_add(
        meeting=meeting,
        title="Terms",
        description="SUB-ITEM-SECRET terms.",
        parent=private,
        by=None,
    )
    publish(meeting)
    member = page(client, councillor, meeting)
    assert "ITEM-SECRET-BUYER" in member and "SUB-ITEM-SECRET" in member
    other = page(client, other_councillor, meeting)
    assert "Acquisition of land" in other  # the heading is on the public agenda
    assert "ITEM-SECRET-BUYER" not in other and "SUB-ITEM-SECRET" not in other
