"""Issue 15 point 3: the attendance sheet is one grid of members by present, apologies,
absent, substitute, remote, arrived and left, with "mark everyone present" (a submit button
that works without scripts), the officers present recorded and named in the minutes."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from playwright.sync_api import expect

from democracy.models import AuditEvent
from democracy.tests.factories import TermFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import Attendance, OfficerPresent
from meetings.services import minutes as minutes_services
from meetings.services import proceedings as services
from meetings.tests.factories_rules import committee_with_members, held_meeting

DAY = date(2026, 10, 6)


def fifteen(by=None):
    committee, members = committee_with_members(15, quorum=5, name="Development Committee", by=by)
    meeting = held_meeting(committee, day=DAY, by=by)
    spare = TermFactory(start_date=date(2023, 5, 8)).councillor
    return meeting, members, spare


def test_everyone_present_without_scripts_comes_back_marked_present_and_unsaved(client, officer):
    meeting, _, _ = fifteen()
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = client.post(url, {"all_present": "1", "status_2": "absent"})
    assert response.status_code == 200
    form = response.context["form"]
    assert [form[f"status_{n}"].value() for n in range(15)] == ["present"] * 15
    assert "Everyone is marked present" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()
    # Saving that sheet records all fifteen present.
    data = {f"status_{n}": "present" for n in range(15)}
    assert client.post(url, {**data, "save": ""}).status_code == 302
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 15


def test_a_substitute_is_chosen_on_the_absent_members_row(client, officer):
    meeting, members, spare = fifteen()
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[meeting.pk])
    form = client.get(url).context["form"]
    n = next(i for i, seat in enumerate(form.seats) if seat.councillor_id == members[3].pk)
    data = {f"status_{i}": "present" for i in range(15)}
    data.pop(f"status_{n}")  # choosing a substitute is enough: the member sent apologies
    data[f"subby_{n}"] = str(spare.pk)
    data[f"arrived_{n}"] = "7pm"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    absent = Attendance.objects.get(meeting=meeting, councillor=members[3])
    substitute = Attendance.objects.get(meeting=meeting, councillor=spare)
    assert absent.status == "apologies" and absent.arrived_at is None
    assert substitute.substitute_for == members[3] and substitute.arrived_at == time(19)
    # The grid shows it again on the same row.
    form = client.get(url).context["form"]
    assert form[f"subby_{n}"].value() == str(spare.pk)
    assert form[f"arrived_{n}"].value() in {time(19), "19:00"}


def test_a_substitute_for_a_member_marked_present_is_refused_on_that_row(client, officer):
    meeting, _, spare = fifteen()
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[meeting.pk])
    data = {f"status_{i}": "present" for i in range(15)}
    data["subby_4"] = str(spare.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_subby_4"' in page
    assert "did not send apologies" in page
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_officers_present_are_recorded_audited_and_named_in_the_minutes(officer):
    meeting, members, _ = fifteen(by=officer)
    services.attendance_record(
        meeting=meeting,
        lines=[services.AttendanceLine(status="present", councillor=c) for c in members],
        by=officer,
        today=DAY,
    )
    services.officers_present_record(
        meeting=meeting,
        officers=[
            services.OfficerLine("Priya Shah", "Democratic Services Officer"),
            services.OfficerLine("Tom Reed", "Solicitor"),
        ],
        by=officer,
    )
    assert AuditEvent.private_objects.filter(action="meetings.officer_present.create").count() == 2
    minutes = minutes_services.minutes_draft(meeting=meeting, by=officer)
    attendance = minutes.entries.order_by("position").first().text
    assert (
        "Officers present: Priya Shah (Democratic Services Officer) and Tom Reed (Solicitor)."
        in attendance
    )


def test_an_officer_without_a_role_is_refused_and_nothing_is_saved(officer):
    meeting, _, _ = fifteen()
    with pytest.raises(ValidationError) as excinfo:
        services.officers_present_record(
            meeting=meeting,
            officers=[
                services.OfficerLine("Priya Shah", "Democratic Services Officer"),
                services.OfficerLine("Tom Reed", " "),
            ],
            by=officer,
        )
    assert excinfo.value.message_dict == {"officers.1.role": ["Enter the role of Tom Reed."]}
    assert not OfficerPresent.objects.exists()


def test_the_grid_names_the_officer_row_at_fault(client, officer):
    meeting, _, _ = fifteen()
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[meeting.pk])
    data = {f"status_{i}": "present" for i in range(15)}
    data["officer_1_role"] = "Solicitor"
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_officer_1_name"' in page
    assert "Enter the name of officer 1, or clear their role." in page
    assert not Attendance.objects.filter(meeting=meeting).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_records_fifteen_members_in_under_ten_actions(live_page, officer, password):
    meeting, members, spare = fifteen()
    sign_in_with_browser(live_page, officer.username, password)
    page = live_page
    page.set_viewport_size({"width": 1280, "height": 1024})
    actions = 0

    page.goto(f"{page.base}{reverse('meetings:attendance', args=[meeting.pk])}")
    actions += 1
    assert axe_violations(page) == []
    grid = page.locator("#attendance-grid")
    # The whole grid fits one screen.
    box = grid.bounding_box()
    assert box["height"] < 1024, box
    page.get_by_role("button", name="Mark everyone present").click()
    actions += 1
    expect(page.locator("#attendance-grid-status")).to_contain_text("15 members marked present")
    third, fifth = members[2].formal_name, members[4].formal_name
    page.get_by_label(f"Substitute for {third}", exact=True).select_option(str(spare.pk))
    actions += 1
    page.get_by_label(f"Apologies: {third}", exact=True).check()
    actions += 1
    page.get_by_label(
        f"Time {fifth} arrived, if after the start (for example, 7:45pm or 19:45)", exact=True
    ).fill("7:05pm")
    actions += 1
    page.get_by_label("Officer 1: name").fill("Priya Shah")
    actions += 1
    page.get_by_label("Officer 1: role").fill("Democratic Services Officer")
    actions += 1
    # Enter in a box saves the sheet (the default button is Save, not "Mark everyone present").
    page.get_by_label("Officer 1: role").press("Enter")
    actions += 1
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Attendance saved")
    assert actions < 10
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 15
    assert Attendance.objects.get(meeting=meeting, councillor=members[2]).status == "apologies"
    assert Attendance.objects.get(meeting=meeting, councillor=spare).substitute_for == members[2]
    assert Attendance.objects.get(meeting=meeting, councillor=members[4]).arrived_at == time(19, 5)
    assert OfficerPresent.objects.get(meeting=meeting).role == "Democratic Services Officer"
    assert axe_violations(page) == []


def test_the_officers_present_are_on_the_public_meeting_page_and_minutes_once_it_is_held(
    client, officer
):
    from io import BytesIO

    from pypdf import PdfReader

    from meetings.services import meetings as meeting_services
    from meetings.services.minutes import render_minutes_pdf
    from meetings.tests.factories_meetings import make_meeting, moment

    committee, members = committee_with_members(5, quorum=3, name="Licensing Committee")
    meeting = make_meeting(committee, day=DAY)
    meeting_services.agenda_publish(meeting=meeting, today=date(2026, 9, 22), by=officer)
    services.officers_present_record(
        meeting=meeting,
        officers=[
            services.OfficerLine("Priya Shah", "Democratic Services Officer"),
            services.OfficerLine("Tom Reed", "Solicitor"),
        ],
        by=officer,
    )
    # Not held yet: the public page names no officers.
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Officers present" not in page and "Priya Shah" not in page

    services.meeting_mark_held(meeting=meeting, by=officer, now=moment(DAY, time(21, 30)))
    services.attendance_record(
        meeting=meeting,
        lines=[services.AttendanceLine(status="present", councillor=c) for c in members],
        by=officer,
        today=DAY,
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<h2 class="govuk-heading-m" id="officers-present">Officers present</h2>' in page
    assert "<li>Priya Shah, Democratic Services Officer</li>" in page
    assert "<li>Tom Reed, Solicitor</li>" in page

    # The published minutes name them too, in the public PDF.
    minutes = minutes_services.minutes_draft(meeting=meeting, by=officer)
    minutes = minutes_services.minutes_publish_draft(minutes=minutes, by=officer)
    text = " ".join(
        p.extract_text() for p in PdfReader(BytesIO(render_minutes_pdf(minutes, public=True))).pages
    )
    assert "Priya Shah (Democratic Services Officer)" in " ".join(text.split())
