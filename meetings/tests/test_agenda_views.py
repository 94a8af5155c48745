"""Officer pages that build an agenda: adding (with the exempt paragraphs and, after publication,
the chair's reasons of urgency), editing, moving, removing, marking and publishing."""

from __future__ import annotations

from datetime import date

import pytest

from democracy.tests.factories import CommitteeFactory
from meetings.models import AgendaItem, Appendix, Meeting
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import (
    add_item,
    clear_report,
    make_author,
    make_meeting,
    make_report,
)
from meetings.tests.factories_views import OFFICERS_ONLY, a_future_tuesday, check_access

PIS = "Commercially sensitive while the sale is negotiated."


@pytest.fixture
def meeting(db):
    return make_meeting(CommitteeFactory(name="Planning Committee"), day=a_future_tuesday())


@pytest.fixture
def item(meeting):
    return add_item(meeting, "Land at Mill Lane")


def url(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(f"meetings:{name}", args=[pk])


# --- Who may open the pages ---------------------------------------------------------------------


def test_only_officers_open_the_agenda_pages(client, request, meeting, item):
    report = make_report(item, make_author())
    appendix = report_services.appendix_add(
        report=report, title="Plan", body_html="<p>Map</p>", by=None
    )
    for page in [
        url("item-add", meeting.pk),
        url("agenda-publish", meeting.pk),
        url("item-edit", item.pk),
        url("item-remove", item.pk),
        url("item-restriction", item.pk),
        url("report-restriction", report.pk),
        url("appendix-restriction", appendix.pk),
    ]:
        check_access(client, request, page, OFFICERS_ONLY)


def test_moving_is_a_post_for_officers_only(client, request, item, officer):
    # GET is not allowed; anonymous visitors go to sign in; others are refused.
    client.force_login(officer)
    assert client.get(url("item-move", item.pk)).status_code == 405
    for persona in ["author", "councillor", "electoral_officer", "clerk", "panel_member"]:
        client.force_login(request.getfixturevalue(persona))
        assert client.post(url("item-move", item.pk), {"direction": "up"}).status_code == 403
    client.logout()
    assert client.post(url("item-move", item.pk), {"direction": "up"}).status_code == 302


def test_missing_items_reports_and_appendices_are_404s(client, officer):
    client.force_login(officer)
    for name in ["item-edit", "item-remove", "item-restriction", "report-restriction"]:
        assert client.get(url(name, 999999)).status_code == 404
    assert client.get(url("appendix-restriction", 999999)).status_code == 404
    assert client.post(url("item-move", 999999), {"direction": "up"}).status_code == 404


# --- Adding items -------------------------------------------------------------------------------


def test_the_add_form_lists_the_exempt_paragraphs_with_their_descriptions(client, officer, meeting):
    client.force_login(officer)
    text = client.get(url("item-add", meeting.pk)).content.decode()
    assert "Paragraph 3 of Part 1" in text
    assert "Information relating to the financial or business affairs" in text
    assert "urgency_reasons" not in text


def test_adding_an_exempt_item(client, officer, meeting):
    client.force_login(officer)
    response = client.post(
        url("item-add", meeting.pk),
        {
            "title": "Disposal of the depot",
            "description": "To agree the sale.",
            "is_key_decision": "on",
            "exempt_paragraphs": ["3", "1"],
            "public_interest_statement": PIS,
        },
    )
    item = meeting.items.get(title="Disposal of the depot")
    assert response.status_code == 302
    assert response["Location"] == f"/officers/meetings/{meeting.pk}/#item-{item.pk}"
    assert item.exempt_paragraphs == [1, 3] and item.is_key_decision
    assert meeting.items.filter(kind=AgendaItem.Kind.EXCLUSION).exists()


def test_an_exempt_item_needs_its_public_interest_statement(client, officer, meeting):
    client.force_login(officer)
    response = client.post(
        url("item-add", meeting.pk), {"title": "Disposal of the depot", "exempt_paragraphs": ["3"]}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["public_interest_statement"]
    assert response.content.decode().count("<title>Error:") == 1
    assert not meeting.items.filter(title="Disposal of the depot").exists()


def test_adding_a_sub_item(client, officer, meeting, item):
    client.force_login(officer)
    page = client.get(f"{url('item-add', meeting.pk)}?parent={item.pk}")
    assert page.context["form"].initial["parent"] == str(item.pk)
    response = client.post(
        url("item-add", meeting.pk), {"title": "Appeal at 4 Church Street", "parent": item.pk}
    )
    assert response.status_code == 302
    assert meeting.items.get(title="Appeal at 4 Church Street").parent == item
    # A sub-item is not marked on its own.
    response = client.post(
        url("item-add", meeting.pk),
        {"title": "Secret", "parent": item.pk, "confidential": "on"},
    )
    assert list(response.context["form"].errors) == ["exempt_paragraphs"]


def test_after_publication_an_item_needs_the_chairs_reasons(client, officer, meeting):
    meeting_services.agenda_publish(meeting=meeting, by=officer)
    client.force_login(officer)
    page = client.get(url("item-add", meeting.pk)).content.decode()
    assert "This will be a late item" in page
    assert 'name="urgency_reasons"' in page
    response = client.post(url("item-add", meeting.pk), {"title": "Flood response"})
    assert response.context["form"].errors == {
        "urgency_reasons": [
            "Record the chair's reasons for considering this item as a matter of urgency"
        ]
    }
    response = client.post(
        url("item-add", meeting.pk),
        {"title": "Flood response", "urgency_reasons": "The river burst its banks on Monday."},
    )
    assert response.status_code == 302
    late = meeting.items.get(title="Flood response")
    assert late.added_late
    page = client.get(f"/officers/meetings/{meeting.pk}/").content.decode()
    assert "Late item" in page and "The river burst its banks on Monday." in page


def test_items_cannot_be_added_to_a_cancelled_meeting(client, officer, meeting):
    meeting_services.meeting_cancel(meeting=meeting, reason="No business", by=officer)
    client.force_login(officer)
    response = client.post(url("item-add", meeting.pk), {"title": "Too late"})
    assert response.context["form"].non_field_errors() == [
        "The agenda of a cancelled meeting cannot be changed."
    ]


# --- Editing, moving, removing ------------------------------------------------------------------


def test_editing_an_item(client, officer, item):
    client.force_login(officer)
    assert client.get(url("item-edit", item.pk)).context["form"].initial["title"] == item.title
    response = client.post(
        url("item-edit", item.pk),
        {"title": "Land at Mill Lane, Bedworth", "description": "", "is_key_decision": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Land at Mill Lane, Bedworth" and item.is_key_decision
    response = client.post(url("item-edit", item.pk), {"title": ""})
    assert response.context["form"].errors == {"title": ["Enter the item's title"]}


def test_the_exclusion_resolution_is_not_edited_by_hand(client, officer, meeting):
    add_item(meeting, "Police briefing", confidential=True)
    exclusion = meeting.items.get(kind=AgendaItem.Kind.EXCLUSION)
    client.force_login(officer)
    assert client.get(url("item-edit", exclusion.pk)).status_code == 404
    assert client.get(url("item-restriction", exclusion.pk)).status_code == 404


def test_moving_items(client, officer, meeting, item):
    second = add_item(meeting, "Local plan review")
    client.force_login(officer)
    response = client.post(url("item-move", second.pk), {"direction": "up"})
    assert response["Location"] == f"/officers/meetings/{meeting.pk}/#item-{second.pk}"
    second.refresh_from_db()
    item.refresh_from_db()
    assert second.position < item.position
    apologies = meeting.items.get(kind=AgendaItem.Kind.APOLOGIES)
    response = client.post(url("item-move", apologies.pk), {"direction": "down"}, follow=True)
    assert "Standard items keep their place on the agenda." in response.content.decode()
    response = client.post(url("item-move", item.pk), {"direction": "sideways"}, follow=True)
    assert "Choose whether to move the item up or down." in response.content.decode()


def test_removing_an_item_asks_first(client, officer, meeting, item):
    make_report(item, make_author())
    add_item(meeting, "Sub", parent=item)
    client.force_login(officer)
    page = client.get(url("item-remove", item.pk)).content.decode()
    assert "Remove “Land at Mill Lane” from the agenda?" in page
    assert "Its report, “Report: Land at Mill Lane”" in page
    assert "Its 1 sub-item will be removed too." in page
    response = client.post(url("item-remove", item.pk))
    assert response.status_code == 302
    assert not meeting.items.filter(title="Land at Mill Lane").exists()


def test_an_item_cannot_be_removed_after_publication(client, officer, meeting, item):
    meeting_services.agenda_publish(meeting=meeting, by=officer)
    client.force_login(officer)
    response = client.post(url("item-remove", item.pk))
    assert response.status_code == 200
    assert "<title>Error:" in response.content.decode()
    assert "can no longer be removed" in response.content.decode()
    assert AgendaItem.all_objects.filter(pk=item.pk).exists()


# --- Marking ------------------------------------------------------------------------------------


def test_marking_and_clearing_an_item(client, officer, meeting, item):
    client.force_login(officer)
    response = client.post(
        url("item-restriction", item.pk),
        {"exempt_paragraphs": ["1", "6"], "public_interest_statement": PIS},
    )
    assert response.status_code == 302
    exclusion = meeting.items.get(kind=AgendaItem.Kind.EXCLUSION)
    assert "paragraphs 1 and 6 of Part 1 of Schedule 12A" in exclusion.description
    page = client.get(url("item-restriction", item.pk))
    assert page.context["form"].initial["exempt_paragraphs"] == [1, 6]
    response = client.post(url("item-restriction", item.pk), {}, follow=True)
    assert "Marking cleared: Land at Mill Lane" in response.content.decode()
    assert not meeting.items.filter(kind=AgendaItem.Kind.EXCLUSION).exists()


def test_a_bad_marking_names_the_field(client, officer, item):
    client.force_login(officer)
    response = client.post(
        url("item-restriction", item.pk),
        {"exempt_paragraphs": ["9"], "public_interest_statement": ""},
    )
    assert list(response.context["form"].errors) == ["exempt_paragraphs"]
    response = client.post(url("item-restriction", item.pk), {"exempt_paragraphs": ["2"]})
    assert list(response.context["form"].errors) == ["public_interest_statement"]


def test_marking_a_report_and_an_appendix(client, officer, meeting, item):
    report = make_report(item, make_author())
    appendix = report_services.appendix_add(
        report=report, title="Valuation", body_html="<p>£1m</p>", by=None
    )
    client.force_login(officer)
    response = client.post(url("report-restriction", report.pk), {"confidential": "on"})
    assert response["Location"] == f"/officers/reports/{report.pk}/"
    report.refresh_from_db()
    assert report.confidential
    assert meeting.items.filter(kind=AgendaItem.Kind.EXCLUSION).exists()
    response = client.post(
        url("appendix-restriction", appendix.pk),
        {"exempt_paragraphs": ["3"], "public_interest_statement": PIS},
    )
    assert response.status_code == 302
    assert Appendix.all_objects.get(pk=appendix.pk).exempt_paragraphs == [3]


def test_a_sub_item_is_marked_through_its_item(client, officer, meeting, item):
    sub = add_item(meeting, "Appeal at 4 Church Street", parent=item)
    client.force_login(officer)
    response = client.post(url("item-restriction", sub.pk), {"confidential": "on"})
    assert response.status_code == 200
    assert "A sub-item is taken in public or in private with its item" in response.content.decode()
    sub.refresh_from_db()
    assert not sub.confidential


# --- Publishing ---------------------------------------------------------------------------------


def test_publishing_lists_reports_that_are_not_ready(client, officer, meeting, item):
    report = make_report(item, make_author())
    client.force_login(officer)
    page = client.get(url("agenda-publish", meeting.pk)).content.decode()
    assert "Report: Land at Mill Lane</a> (draft)" in page
    response = client.post(url("agenda-publish", meeting.pk))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "These reports are not ready to publish: Report: Land at Mill Lane (draft)."
    ]
    clear_report(report, officer)
    response = client.post(url("agenda-publish", meeting.pk))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    # Publishing again just explains.
    response = client.get(url("agenda-publish", meeting.pk), follow=True)
    assert "The agenda has already been published." in response.content.decode()


def test_publishing_late_needs_the_chairs_reasons(client, officer):
    # Nuneaton & Bedworth's meeting of 23 April 2019: its latest lawful date is long gone.
    meeting = make_meeting(CommitteeFactory(name="Planning Committee"), day=date(2019, 4, 23))
    client.force_login(officer)
    page = client.get(url("agenda-publish", meeting.pk)).content.decode()
    assert "The latest lawful date to publish this agenda was Thursday 11 April 2019" in page
    response = client.post(url("agenda-publish", meeting.pk), {"late_reasons": ""})
    assert list(response.context["form"].errors) == ["late_reasons"]
    response = client.post(
        url("agenda-publish", meeting.pk),
        {"late_reasons": "The Easter bank holidays were overlooked."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.late_publication_reasons == "The Easter bank holidays were overlooked."
    text = client.get(f"/officers/meetings/{meeting.pk}/").content.decode()
    assert "Published after the latest lawful date (11 April 2019)" in text


def test_publishing_on_time_asks_for_no_reasons(client, officer, meeting):
    client.force_login(officer)
    response = client.get(url("agenda-publish", meeting.pk))
    assert "late_reasons" not in response.context["form"].fields
    assert client.post(url("agenda-publish", meeting.pk)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_published and meeting.late_publication_reasons == ""
