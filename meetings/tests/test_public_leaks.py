"""No leaks: a published, held meeting with an exempt report (and an exempt appendix, an exempt
decision and exempt minutes) and a confidential item. Every public page (crawled from the home
page by following links), feed, download, web-service answer, open data API answer, search
results page and the sitemap is fetched, and none holds any
of the exempt or confidential text. The same text is in the database and in the full pack, so
the test would catch a route that reads it. A co-opted member sits on the committee and attended
the meeting: their home address, personal email and phone, and a sensitive interest on their
published register (Localism Act 2011 s32) are in the database and must reach no public route."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf import PdfReader

from meetings import packs, search
from meetings import public as public_data
from meetings.models import AgendaPack, Appendix, Attendance, Report
from meetings.tests.factories_public import SECRETS, PublicScene, crawl, text_of


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


CO_OPTED_SECRETS = [
    "COOPTED-HOME-SECRET",
    "coopted-personal-secret@example.net",
    "07700 900777",
    "COOPTED-SENSITIVE-SECRET",
    "COOPTED-SENSITIVE-ORG-SECRET",
    "A stalker has been convicted",
]


def add_co_opted_attendee(scene: PublicScene):
    """A voting co-opted member of the committee, present at the meeting, with private contact
    details and a published register holding a sensitive interest."""
    from democracy.tests.factories_councillors import add_co_opted_member
    from members.tests.factories_interests import ORDINARY, publish_register

    member = add_co_opted_member(
        scene.committee,
        first_name="Cecily",
        last_name="Coopted",
        appointment="Independent member of the Planning Committee",
        council_email="cecily.coopted@council.example.org",
        home_address="COOPTED-HOME-SECRET, 3 Quiet Lane",
        personal_email="coopted-personal-secret@example.net",
        personal_phone="07700 900777",
    )
    Attendance.objects.create(
        meeting=scene.meeting, councillor=member, status=Attendance.Status.PRESENT
    )
    publish_register(
        member,
        [
            ORDINARY,
            {
                "category": "land",
                "description": "COOPTED-SENSITIVE-SECRET lease",
                "organisation": "COOPTED-SENSITIVE-ORG-SECRET Shelter",
                "address": "COOPTED-HOME-SECRET",
                "sensitive": True,
                "sensitive_reason": "A stalker has been convicted.",
            },
        ],
    )
    from members.models import PrivateContact

    planted = PrivateContact.private_objects.get(councillor=member)
    assert planted.personal_email == "coopted-personal-secret@example.net"  # planted: it is there
    return member


def test_nothing_exempt_or_confidential_reaches_the_public(client, db):
    scene = PublicScene()
    co_opted = add_co_opted_attendee(scene)
    assert packs.build_pending_packs(older_than=timedelta(0)) == 1
    full = AgendaPack.all_objects.get(meeting=scene.meeting, kind="full", supplement=0)
    with full.file.open("rb") as handle:
        full_text = "\n".join(p.extract_text() or "" for p in PdfReader(handle).pages)
    assert "EXEMPT-REPORT-SECRET" in full_text  # planted: the full pack has it

    search.reindex_all()  # as the nightly task does, over everything published
    responses = crawl(client, "/")
    meeting_page = scene.meeting.get_absolute_url()
    assert meeting_page in responses
    assert reverse_pack(scene) in responses  # the public pack was downloaded by the crawl
    assert f"/meetings/{scene.meeting.pk}/minutes.pdf" in responses

    meeting, committee, ward = scene.meeting, scene.committee, scene.ward
    window = {
        "sFromDate": f"{scene.day - timedelta(days=28):%d/%m/%Y}",
        "sToDate": f"{scene.day + timedelta(days=7):%d/%m/%Y}",
    }
    query = "&".join(f"{k}={v}" for k, v in window.items())
    attachment_ids = (
        [
            public_data.attachment_id(public_data.REPORT, pk)
            for pk in Report.all_objects.values_list("pk", flat=True)
        ]
        + [
            public_data.attachment_id(public_data.APPENDIX, pk)
            for pk in Appendix.all_objects.values_list("pk", flat=True)
        ]
        + [
            public_data.attachment_id(public_data.PACK, pk)
            for pk in AgendaPack.all_objects.values_list("pk", flat=True)
        ]
        + [public_data.attachment_id(public_data.MINUTES, meeting.pk)]
    )
    others = [
        "/meetings.ics",
        f"/committees/{committee.slug}/meetings.ics",
        "/feeds/documents.rss",
        "/feeds/documents.atom",
        "/feeds/decisions.rss",
        "/feeds/decisions.atom",
        f"/committees/{committee.slug}/feed.rss",
        f"/committees/{committee.slug}/feed.atom",
        "/mgWebService.asmx",
        "/mgWebService.asmx?WSDL",
        "/mgWebService.asmx/GetCommittees",
        f"/mgWebService.asmx/GetMeetings?lCommitteeId={committee.pk}&{query}",
        f"/mgWebService.asmx/GetAllMeetingsByDate?lCommitteeId=-1&{query}",
        f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}",
        "/mgWebService.asmx/GetCouncillorsByWard",
        f"/mgWebService.asmx/GetCouncillorsByWardId?lWardId={ward.pk}",
        *[f"/mgWebService.asmx/GetAttachment?lAttachmentId={a}" for a in attachment_ids],
        f"/ieListDocuments.aspx?CId={committee.pk}&MId={meeting.pk}",
        f"/ieDecisionDetails.aspx?ID={scene.exempt_decision.pk}",
        f"/mgCommitteeDetails.aspx?ID={committee.pk}",
        f"/mgDelegatedDecisions.aspx?DR={scene.day:%d/%m/%Y}-{scene.day + timedelta(days=2):%d/%m/%Y}",
        "/mgCalendarMonthView.aspx",
        # The sitemap, the open data API and site search.
        "/sitemap.xml",
        "/api/v1/openapi.json",
        "/api/v1/committees",
        f"/api/v1/committees/{committee.pk}",
        "/api/v1/meetings",
        f"/api/v1/meetings/{meeting.pk}",
        "/api/v1/decisions",
        *[f"/api/v1/decisions/{d.pk}" for d in (scene.public_decision, scene.exempt_decision)],
        "/api/v1/forward-plan",
        "/api/v1/popolo/persons",
        "/api/v1/popolo/organizations",
        "/api/v1/popolo/memberships",
        "/api/v1/popolo/areas",
        f"/api/v1/popolo/persons/{co_opted.pk}",
        f"/api/v1/popolo/persons/{co_opted.pk}/interests",
        f"/api/v1/popolo/memberships?person_id={co_opted.pk}",
        f"/mgUserInfo.aspx?UID={co_opted.pk}",
        f"/mgRofI.aspx?UID={co_opted.pk}",
        f"/members/{co_opted.slug}/interests.json",
        "/councillors/?status=former",
        *[f"/search/?q={word}" for word in ["Coopted", "Cecily", "lease"]],
        *[f"/search/?q={word}" for word in ["depot", "land", "advice", "contract", "minutes"]],
    ]
    for url in others:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        responses[url] = text_of(response)
    for a in attachment_ids:  # every document as a PDF: public ones served, the rest 404
        response = client.get(f"/mgConvert2PDF.aspx?ID={a}", follow=True)
        assert response.status_code in (200, 404), a
        if response.status_code == 200:
            responses[f"mgConvert2PDF {a}"] = text_of(response)
    assert sum(url.startswith("mgConvert2PDF") for url in responses) >= 4
    soap = (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
        'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        f'<GetMeeting xmlns="http://moderngov.co.uk/namespaces"><lMeetingId>{meeting.pk}'
        "</lMeetingId></GetMeeting></soap:Body></soap:Envelope>"
    )
    response = client.post("/mgWebService.asmx", data=soap, content_type="text/xml")
    assert response.status_code == 200
    responses["SOAP GetMeeting"] = response.content.decode()

    # Exempt documents addressed directly are not found.
    for url in [
        f"/papers/reports/{scene.exempt_report.pk}/",
        f"/papers/reports/{scene.exempt_report.pk}.pdf",
        f"/papers/reports/{scene.confidential_report.pk}/",
        *[
            f"/papers/appendices/{pk}.pdf"
            for pk in Appendix.all_objects.exclude(exempt_paragraphs=[]).values_list(
                "pk", flat=True
            )
        ],
        f"/meetings/{meeting.pk}/packs/full.pdf",
    ]:
        assert client.get(url).status_code == 404, url

    assert len(responses) > 30
    # The crawl found the co-opted member's profile and register from the home page.
    assert f"/councillors/{co_opted.slug}/" in responses
    assert f"/members/{co_opted.slug}/interests/" in responses
    assert "Cecily Coopted" in responses[meeting_page]
    leaks = [
        (url, s)
        for url, text in responses.items()
        for s in [*SECRETS, *CO_OPTED_SECRETS]
        if s in text
    ]
    assert leaks == []
    # The notices take the withheld papers' place.
    assert "Not for publication by virtue of paragraph 3" in responses[meeting_page]


def reverse_pack(scene) -> str:
    return f"/meetings/{scene.meeting.pk}/packs/public.pdf"
