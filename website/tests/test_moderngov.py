"""The Modern.Gov-compatible web service, read the way its clients read it: plain XML over HTTP
GET (Democracy Club's scrapers: lower-case elements, dates parsed strictly as dd/mm/yyyy,
booleans "True"/"False") and SOAP 1.1 POST (the Gloucester client), plus the Modern.Gov page
addresses that redirect to ours."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from democracy.services import update_audited
from democracy.tests.factories import CommitteeFactory
from meetings import public as public_data
from meetings.services import meetings as meeting_services
from meetings.tests.factories_public import PublicScene, add_meetings
from website.tests.factories_moderngov import get, parse_xml

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS = "http://moderngov.co.uk/namespaces"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://democracy.example.org"


@pytest.fixture
def scene(db):
    return PublicScene()


def strict_date(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def window(scene: PublicScene) -> dict[str, str]:
    return {
        "sFromDate": f"{scene.day - timedelta(days=28):%d/%m/%Y}",
        "sToDate": f"{scene.day + timedelta(days=14):%d/%m/%Y}",
    }


def test_get_committees(client, scene):
    CommitteeFactory(name="Old Committee", slug="old", dissolved_on=date(2024, 5, 1))
    root = get(client, "GetCommittees", lDummy=0)
    assert root.tag == "committees"
    assert root.findtext("committeescount") == " 2"
    rows = {c.findtext("committeetitle"): c for c in root.findall("committee")}
    planning = rows["Planning Committee"]
    assert planning.findtext("committeeid") == str(scene.committee.pk)
    assert planning.findtext("committeedeleted") == "False"
    assert planning.findtext("committeeexpired") == "False"
    assert rows["Old Committee"].findtext("committeeexpired") == "True"


def test_get_meetings_in_a_window(client, scene):
    later = add_meetings(scene.committee, 2, start=scene.day + timedelta(days=1))
    root = get(client, "GetMeetings", lCommitteeId=scene.committee.pk, **window(scene))
    assert root.tag == "getmeetings"
    assert root.findtext("meetingscount") == " 3"
    assert root.findtext("committeescount") == " 1"
    committee = root.find("committee")
    assert committee.findtext("committeetitle") == "Planning Committee"
    assert committee.findtext("committeemeetingcount") == " 3"
    meetings = committee.findall("committeemeetings/meeting")
    assert [int(m.findtext("meetingid")) for m in meetings] == [
        scene.meeting.pk,
        later[0].pk,
        later[1].pk,
    ]
    first = meetings[0]
    assert strict_date(first.findtext("meetingdate")) == scene.day
    assert first.findtext("meetingtime") == "6.30 pm"
    assert first.findtext("meetingstatus") == "Confirmed"
    assert first.findtext("iswebcast") == "True"


def test_get_meetings_with_no_meetings_gives_only_the_counts(client, scene):
    root = get(
        client, "GetMeetings", lCommitteeId=scene.committee.pk,
        sFromDate="01/01/2001", sToDate="31/01/2001",
    )  # fmt: skip
    assert [e.tag for e in root] == ["meetingscount", "committeescount"]
    assert root.findtext("meetingscount") == " 0"


def test_iso_dates_are_ignored_and_a_capped_dump_returned(client, scene):
    add_meetings(scene.committee, 2, start=date(2030, 1, 1))
    root = get(
        client, "GetMeetings", lCommitteeId=scene.committee.pk,
        sFromDate="2001-01-01", sToDate="2001-01-31",
    )  # fmt: skip
    assert root.findtext("meetingscount") == " 3"


def test_dates_are_required(client, scene):
    response = client.get("/mgWebService.asmx/GetMeetings", {"lCommitteeId": scene.committee.pk})
    assert response.status_code == 500
    assert b"Missing parameter: sFromDate." in response.content


def test_get_all_meetings_by_date(client, scene):
    other = CommitteeFactory(name="Licensing Committee", slug="licensing")
    [theirs] = add_meetings(other, 1, start=scene.day + timedelta(days=2))
    root = get(client, "GetAllMeetingsByDate", lCommitteeId=-1, **window(scene),
               bIsAscendingDateOrder="False")  # fmt: skip
    assert root.tag == "getmeetingsbydate"
    assert root.findtext("meetingscount") == " 2"
    rows = root.findall("meetings/meeting")
    assert [int(r.findtext("meetingid")) for r in rows] == [theirs.pk, scene.meeting.pk]
    assert rows[0].findtext("committeetitle") == "Licensing Committee"
    assert rows[0].findtext("committeeid") == str(other.pk)
    nothing = get(client, "GetAllMeetingsByDate", lCommitteeId=0, **window(scene))
    assert nothing.findtext("meetingscount") == " 0"
    assert nothing.find("meetings/meeting") is None
    one = get(client, "GetAllMeetingsByDate", lCommitteeId=other.pk, **window(scene))
    assert [int(r.findtext("meetingid")) for r in one.findall("meetings/meeting")] == [theirs.pk]


def test_get_meeting_as_democracy_club_reads_it(client, scene):
    root = get(client, "GetMeeting", lMeetingId=scene.meeting.pk)
    assert root.tag == "meeting"
    assert int(root.findtext("meetingid")) == scene.meeting.pk
    assert strict_date(root.findtext("meetingdate")) == scene.day
    assert root.findtext("meetingstatus") == "Confirmed"
    assert root.findtext("meetinglocation") == "Council Chamber, Town Hall"
    assert root.findtext("agendapublished") == "True"
    assert root.findtext("minutepublished") == "True"
    assert root.findtext("meetingplannedfinishtime") == "9.00 pm"
    assert root.findtext("meetingactualstarttime").strip() == ""
    items = {i.findtext("agendaitemtitle"): i for i in root.findall("agendaitems/agendaitem")}
    public = items["Local plan review"]
    assert public.findtext("isrestricted") == "False"
    assert "PUBLIC-ITEM-TEXT" in public.findtext("agendatext")
    assert "<p>" in public.findtext("agendatext")  # an HTML fragment, escaped in the XML
    assert "The committee considered the report." in public.findtext("minutesnonemptyhtmlbody")
    assert public.findtext("isdecision") == "True"
    assert "PUBLIC-DECISION-TEXT" in public.findtext("decisionnonemptyhtmlbody")
    docs = public.findall("linkeddocuments/linkeddoc")
    titles = [d.findtext("title") for d in docs]
    assert "Report: Local plan review" in titles and "Appendix 1: Housing numbers" in titles
    for doc in docs:
        assert doc.findtext("url").startswith("https://democracy.example.org/")
        assert doc.findtext("isrestricted") == "False"
        strict_date(doc.findtext("publicationdate"))
    for title in ("Disposal of the depot", "Legal advice on the contract"):
        restricted = items[title]
        assert restricted.findtext("isrestricted") == "True"
        assert restricted.findtext("agendatext").strip() == ""
        assert restricted.findtext("minutesnonemptyhtmlbody").strip() == ""
        assert restricted.findtext("decisionnonemptyhtmlbody").strip() == ""
        assert restricted.find("linkeddocuments/linkeddoc") is None
    attendees = root.findall("attendees/attendee")
    by_name = {a.get("name"): a for a in attendees}
    chair = by_name[f"Councillor {scene.councillors[0].full_name}"]
    assert chair.get("attendance") == "Present" and chair.get("roledescription") == "Chair"
    assert chair.get("politicalparty") == "PP" and chair.get("ward") == "Planning Ward"
    assert chair.get("memberid") == str(scene.councillors[0].pk)
    assert chair.findtext("url").endswith(f"mgUserInfo.aspx?UID={scene.councillors[0].pk}")
    assert by_name[f"Councillor {scene.councillors[2].full_name}"].get("attendance") == "Apologies"


def test_before_the_meeting_the_members_are_expected(client, db):
    scene = PublicScene(held=False)
    root = get(client, "GetMeeting", lMeetingId=scene.meeting.pk)
    assert root.findtext("minutepublished") == "False"
    assert {a.get("attendance") for a in root.findall("attendees/attendee")} == {"Expected"}


def test_an_unpublished_agenda_has_no_items_and_a_missing_meeting_is_empty(client, scene):
    [upcoming] = add_meetings(scene.committee, 1)
    root = get(client, "GetMeeting", lMeetingId=upcoming.pk)
    assert root.findtext("agendapublished") == "False"
    assert root.find("agendaitems/agendaitem") is None
    missing = get(client, "GetMeeting", lMeetingId=999999)
    assert missing.tag == "meeting" and len(missing) == 0


def test_a_cancelled_meeting_is_cancelled(client, scene):
    [upcoming] = add_meetings(scene.committee, 1)
    meeting_services.meeting_cancel(meeting=upcoming, reason="No business.", by=None)
    root = get(client, "GetMeeting", lMeetingId=upcoming.pk)
    assert root.findtext("meetingstatus") == "Cancelled"


def test_get_attachment(client, scene):
    report_id = public_data.attachment_id(public_data.REPORT, scene.public_report.pk)
    root = get(client, "GetAttachment", lAttachmentId=report_id)
    details = root.find("attachmentdetails")
    assert details.findtext("attachmentid") == str(report_id)
    assert details.findtext("title") == "Report: Local plan review"
    assert details.findtext("isrestricted") == "False"
    assert details.findtext("committeetitle") == "Planning Committee"
    assert details.findtext("ownertitle") == "Local plan review"
    assert strict_date(details.findtext("meetingdate")) == scene.day
    exempt_id = public_data.attachment_id(public_data.REPORT, scene.exempt_report.pk)
    assert len(get(client, "GetAttachment", lAttachmentId=exempt_id)) == 0
    minutes_id = public_data.attachment_id(public_data.MINUTES, scene.meeting.pk)
    assert (
        get(client, "GetAttachment", lAttachmentId=minutes_id).findtext("attachmentdetails/title")
        == "Draft minutes"
    )


def test_get_councillors_by_ward(client, scene):
    from members.models import PrivateContact

    PrivateContact.private_objects.create(
        councillor=scene.councillors[0],
        home_address="1 SECRET-HOME-ADDRESS Lane",
        personal_email="secret-personal@example.org",
    )
    response = client.get("/mgWebService.asmx/GetCouncillorsByWard")
    assert b"SECRET-HOME-ADDRESS" not in response.content
    assert b"secret-personal" not in response.content
    root = parse_xml(response.content)
    assert root.tag == "councillorsbyward"
    [ward] = root.findall("wards/ward")
    assert ward.findtext("wardtitle") == "Planning Ward"
    assert ward.findtext("councillors/councillorcount") == " 3"
    councillors = ward.findall("councillors/councillor")
    for councillor in councillors:  # what Democracy Club asserts for every councillor
        assert councillor.findtext("councillorid").strip()
        assert councillor.findtext("fullusername").strip()
        assert councillor.findtext("politicalpartytitle") == "Planning Party"
    first = next(
        c for c in councillors if c.findtext("councillorid") == str(scene.councillors[0].pk)
    )
    assert first.findtext(".//email") == scene.councillors[0].council_email
    assert first.findtext("termsofoffice/termofoffice/enddate") == "unspecified"
    strict_date(first.findtext("termsofoffice/termofoffice/startdate"))
    by_id = get(client, "GetCouncillorsByWardId", lWardId=scene.ward.pk)
    assert by_id.tag == "councillorsbyward"
    assert len(by_id.findall("wards/ward/councillors/councillor")) == 3
    assert get(client, "GetCouncillorsByWardId", lWardId=999999).find("wards/ward") is None


def soap(client, op: str, **params):
    body = "".join(f"<{k}>{v}</{k}>" for k, v in params.items())
    envelope = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:soap="{SOAP}"><soap:Body>'
        f'<{op} xmlns="{NS}">{body}</{op}>'
        "</soap:Body></soap:Envelope>"
    )
    return client.post(
        "/mgWebService.asmx",
        data=envelope,
        content_type="text/xml; charset=utf-8",
        headers={"SOAPAction": f"{NS}/{op}"},
    )


def test_soap_get_committees(client, scene):
    response = soap(client, "GetCommittees")
    assert response.status_code == 200
    envelope = parse_xml(response.content)
    result = envelope.find(
        f"{{{SOAP}}}Body/{{{NS}}}GetCommitteesResponse/{{{NS}}}GetCommitteesResult"
    )
    committees = result.find("committees")  # the result's elements are in no namespace
    assert committees.findtext("committeescount") == " 1"
    assert committees.findtext("committee/committeetitle") == "Planning Committee"


def test_soap_get_meeting_and_faults(client, scene):
    response = soap(client, "GetMeeting", lMeetingId=scene.meeting.pk)
    envelope = parse_xml(response.content)
    meeting = envelope.find(
        f"{{{SOAP}}}Body/{{{NS}}}GetMeetingResponse/{{{NS}}}GetMeetingResult/meeting"
    )
    assert int(meeting.findtext("meetingid")) == scene.meeting.pk
    assert soap(client, "GetMeeting").status_code == 500  # missing parameter: a SOAP fault
    fault = parse_xml(soap(client, "NoSuchOperation").content)
    assert fault.find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault/faultstring").text == "Unknown operation."
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        f'<soap:Envelope xmlns:soap="{SOAP}"><soap:Body><GetCommittees xmlns="{NS}"/>'
        "</soap:Body></soap:Envelope>"
    )
    response = client.post("/mgWebService.asmx", data=hostile, content_type="text/xml")
    assert response.status_code == 500 and b"Document type" in response.content


def test_the_service_page_and_wsdl(client, db):
    assert client.get("/mgWebService.asmx").status_code == 200
    wsdl = parse_xml(client.get("/mgWebService.asmx?WSDL").content)
    names = {e.get("name") for e in wsdl.iter("{http://schemas.xmlsoap.org/wsdl/}operation")}
    assert {"GetCommittees", "GetMeeting", "GetCouncillorsByWard"} <= names
    response = client.get("/mgWebService.asmx/NoSuchThing")
    assert response.status_code == 500


def test_modern_gov_pages_redirect_to_ours(client, scene):
    meeting = scene.meeting
    response = client.get(f"/ieListDocuments.aspx?CId={scene.committee.pk}&MId={meeting.pk}")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    response = client.get("/mgCalendarMonthView.aspx?M=3&DD=2027&CID=0")
    assert response["Location"] == "/meetings/calendar/2027/3/"
    response = client.get(f"/mgCommitteeDetails.aspx?ID={scene.committee.pk}")
    assert response["Location"] == "/committees/planning/"
    response = client.get(f"/ieDecisionDetails.aspx?ID={scene.public_decision.pk}")
    assert response["Location"] == f"/decisions/{scene.public_decision.pk}/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "address", ["/ieDecisionDetails.aspx", "/mgConvert2PDF.aspx", "/ieListDocuments.aspx"]
)
def test_modern_gov_pages_take_a_negative_or_huge_id(client, db, address):
    """``ieDecisionDetails.aspx?ID=-1`` and ``mgConvert2PDF.aspx?ID=-6`` (a minutes id of a
    negative meeting) answered 500: the id went into one of our addresses, which have none."""
    for value in ("-1", "-6", "-19", "0", "99999999999999999999999"):
        response = client.get(address, {"ID": value, "MId": value})
        assert response.status_code in (302, 404), (value, response.status_code)
        if response.status_code == 302:
            assert client.get(response["Location"]).status_code in (200, 404)


def test_delegated_decisions_list_as_the_decisions_scraper_reads_it(client, scene):
    start = scene.day - timedelta(days=3)
    end = scene.day + timedelta(days=3)
    response = client.get(f"/mgDelegatedDecisions.aspx?DS=2&DR={start:%d/%m/%Y}-{end:%d/%m/%Y}")
    page = response.content.decode()
    assert f'ieDecisionDetails.aspx?ID={scene.public_decision.pk}"' in page
    assert (
        f'<td class="govuk-table__cell">{scene.public_decision.published_on:%d/%m/%Y}</td>' in page
    )


def test_the_web_service_runs_the_same_queries_whatever_the_size(client, db):
    small = PublicScene(items=2, slug="small")
    add_meetings(small.committee, 3, start=small.day + timedelta(days=1))
    large = PublicScene(items=20, slug="large")
    add_meetings(large.committee, 30, start=large.day + timedelta(days=1))

    def count(op: str, **params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/mgWebService.asmx/{op}", params).status_code == 200
        return len(queries)

    for s_small, s_large in [(small, large)]:
        pairs = [
            ("GetMeeting", {"lMeetingId": s_small.meeting.pk}, {"lMeetingId": s_large.meeting.pk}),
            (
                "GetMeetings",
                {"lCommitteeId": s_small.committee.pk, **window(s_small)},
                {"lCommitteeId": s_large.committee.pk, **window(s_large)},
            ),
            ("GetCouncillorsByWardId", {"lWardId": s_small.ward.pk}, {"lWardId": s_large.ward.pk}),
        ]
        for op, small_params, large_params in pairs:
            assert count(op, **small_params) == count(op, **large_params), op
    assert timezone.now()


def test_a_conditional_get_of_an_unchanged_meeting_is_a_304(client, scene):
    url = f"/mgWebService.asmx/GetMeeting?lMeetingId={scene.meeting.pk}"
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    # No longer webcast: changed as every change is, in a transaction with its audit row (the
    # newest audit row versions all public answers, democracy.public_cache).
    with transaction.atomic():
        update_audited(scene.meeting, {"webcast_url": ""}, "meetings.meeting.update", by=None)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_every_linked_document_downloads_as_a_pdf(client, scene):
    root = get(client, "GetMeeting", lMeetingId=scene.meeting.pk)
    urls = [d.findtext("url") for d in root.iter("linkeddoc")]
    assert len(urls) >= 3  # the report, its public appendix and the minutes
    for url in urls:
        assert "/mgConvert2PDF.aspx?ID=" in url
        response = client.get(url.removeprefix("https://democracy.example.org"), follow=True)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf", url
    for pk in (scene.exempt_report.pk, scene.confidential_report.pk):
        exempt = public_data.attachment_id(public_data.REPORT, pk)
        assert client.get(f"/mgConvert2PDF.aspx?ID={exempt}").status_code == 404
    assert client.get("/mgConvert2PDF.aspx?ID=nonsense").status_code == 404
