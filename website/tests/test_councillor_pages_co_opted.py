"""Co-opted members on the public councillor pages: a section of their own on the index (never
among the councillors, in a ward or in a political group), former co-opted members beside former
councillors, a profile at the same address as a councillor's (appointment, co-opted since,
committee seats voting or not, council contact details, attendance, register of interests; no
ward, no group), the Modern.Gov addresses (mgUserInfo.aspx, mgRofI.aspx), and nothing private
of theirs (home address, personal email or phone, a sensitive interest) on any of them. The
index and the profile run the same number of queries with few or many co-opted members."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from democracy.tests.factories import CommitteeFactory
from democracy.tests.factories_councillors import (
    SECRETS,
    START,
    CouncillorScene,
    add_co_opted_member,
)
from meetings.models import Attendance
from meetings.rules.attendance_stats import municipal_year, municipal_year_of
from meetings.services import committees as committee_services
from meetings.tests.factories_public import PublicScene
from members.models import Councillor
from members.rules.interests import WITHHELD
from members.services import councillors as councillor_services
from members.tests.factories_interests import publish_register
from website.tests.factories_moderngov import parse_xml
from website.tests.factories_pages import count_queries, parse, register_link, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return CouncillorScene()


def after(body: str, marker: str) -> str:
    return body.split(marker, 1)[1]


def before(body: str, marker: str) -> str:
    return body.split(marker, 1)[0]


# --- The index ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["", "?by=ward", "?by=group"])
def test_co_opted_members_have_their_own_section_never_among_the_councillors(client, scene, view):
    body = text_of(client.get(f"/councillors/{view}"))
    councillors, co_opted = before(body, 'id="co-opted"'), after(body, 'id="co-opted"')
    # Not a councillor, not in a ward, not in a group.
    for slug in ["cora-cooper", "victor-voiceless", "olive-outgone", "luke-later", "norma"]:
        assert slug not in councillors, slug
    assert "Cooper" not in councillors and "Voiceless" not in councillors
    assert "The council has 2 councillors" in councillors  # Alice and Sam only
    # Listed under Co-opted members with the formal name, the appointment and committees.
    assert 'href="/councillors/cora-cooper/">Mrs Cora Cooper</a>' in co_opted
    assert "Independent member of the Audit Committee" in co_opted
    assert 'href="/committees/audit/">Audit Committee</a>' in co_opted
    assert 'href="/councillors/victor-voiceless/">Dr Victor Voiceless</a>' in co_opted
    assert "Audit Committee</a> (non-voting)" in co_opted
    assert "Councillor Cora Cooper" not in body
    # Former, appointed for later, never co-opted: not current co-opted members.
    for slug in ["olive-outgone", "luke-later", "norma-nocoopt"]:
        assert slug not in co_opted, slug
    assert co_opted.index("Cora Cooper") < co_opted.index("Victor Voiceless")


def test_former_co_opted_members_are_listed_with_former_councillors(client, scene):
    body = text_of(client.get("/councillors/?status=former"))
    councillors, co_opted = before(body, 'id="co-opted"'), after(body, 'id="co-opted"')
    assert "fred-farley" in councillors and "olive-outgone" not in councillors
    assert 'href="/councillors/olive-outgone/">Ms Olive Outgone</a>' in co_opted
    assert "Parent governor representative" in co_opted
    assert "31 August 2024" in co_opted  # co-option ended on 1 September: last day the 31st
    for slug in ["cora-cooper", "victor-voiceless", "luke-later", "norma-nocoopt"]:
        assert slug not in body, slug


def test_the_index_says_so_when_there_are_no_co_opted_members(client, db):
    body = text_of(client.get("/councillors/"))
    assert "There are no co-opted members at the moment." in body
    body = text_of(client.get("/councillors/?status=former"))
    assert "There are no former co-opted members to show." in body


# --- The profile --------------------------------------------------------------------------------


def test_a_co_opted_members_profile(client, scene):
    response = client.get("/councillors/cora-cooper/")
    assert response.status_code == 200
    body = text_of(response)
    assert "Mrs Cora Cooper</h1>" in body
    assert "<title>Mrs Cora Cooper, co-opted member" in body
    assert "Co-opted member</span>" in body
    for public in [
        "Independent member of the Audit Committee",
        "Appointed by Council, 22 May 2023",
        "Co-opted since",
        "8 May 2023",
        "Entitled to vote on the committee",
        "cora.cooper@council.example.org",
        'href="/committees/audit/">Audit Committee</a>',
        "Co-opted member (voting)",
        "Continuing",
    ]:
        assert public in body, public
    # Not a councillor: no ward, no political group, no terms of office.
    for councillor_only in ["Ward</dt>", "Political group", "Terms of office", "Councillor for"]:
        assert councillor_only not in body, councillor_only
    # The register, the sensitive interest counted as withheld only, and its addresses.
    assert "2 interests registered, of which 1 is a sensitive interest" in body
    assert 'href="/members/cora-cooper/interests/"' in body
    assert f'href="/mgRofI.aspx?UID={scene.cora.pk}"' in body
    assert 'href="/members/cora-cooper/gifts/"' in body
    assert 'id="attendance"' in body and 'id="allowances"' in body
    assert f'href="/api/v1/popolo/persons/{scene.cora.pk}"' in body
    # Breadcrumb back to the co-opted members.
    assert 'class="govuk-breadcrumbs__link" href="/councillors/#co-opted">Co-opted members' in body
    for secret in SECRETS:
        assert secret not in body, secret


def test_a_non_voting_co_opted_member(client, scene):
    body = text_of(client.get("/councillors/victor-voiceless/"))
    assert "Non-voting: takes part in discussion but does not vote" in body
    assert "Co-opted member (non-voting)" in body
    assert "No register of interests has been published for Victor Voiceless yet." in body


def test_a_former_co_opted_member_is_shown_with_their_last_day(client, scene):
    body = text_of(client.get("/councillors/olive-outgone/"))
    assert "Former co-opted member</span>" in body
    assert (
        "is no longer a co-opted member: their last day as a co-opted member was 31 August 2024"
        in body
    )
    assert "Term of appointment ended" in body
    assert "No committee seats at the moment." in body  # ending the co-option ended the seat
    assert "Co-opted since" not in body
    assert 'href="/councillors/?status=former#co-opted">Former co-opted members' in body


def test_a_co_opted_member_appointed_for_later(client, scene):
    body = text_of(client.get("/councillors/luke-later/"))
    assert "has been appointed and becomes a co-opted member on" in body
    assert "Diocesan representative" in body


def test_a_reappointment_continues_co_opted_since(client, scene):
    co_option = scene.cora.co_options.get()
    councillor_services.co_option_end(
        co_option=co_option, end_date=date(2025, 5, 19), end_reason="term_ended", by=None
    )
    councillor_services.co_option_start(
        councillor=scene.cora,
        appointment="Independent member of the Audit Committee",
        start_date=date(2025, 5, 19),
        by=None,
    )
    body = text_of(client.get("/councillors/cora-cooper/"))
    since = after(body, "Co-opted since")
    assert since.index("8 May 2023") < since.index("</dd>")


def test_someone_never_co_opted_has_no_page(client, scene):
    assert client.get(f"/councillors/{scene.norma.slug}/").status_code == 404
    assert client.get(f"/mgUserInfo.aspx?UID={scene.norma.pk}").status_code == 404
    assert client.get(f"/mgRofI.aspx?UID={scene.norma.pk}").status_code == 404


def test_the_profile_shows_a_co_opted_members_attendance(client, db):
    scene = PublicScene()
    member = add_co_opted_member(
        scene.committee,
        first_name="Petra",
        last_name="Present",
        appointment="Independent member",
    )
    Attendance.objects.create(
        meeting=scene.meeting, councillor=member, status=Attendance.Status.PRESENT
    )
    start, end = municipal_year(municipal_year_of(timezone.localdate()))
    body = text_of(client.get(f"/councillors/{member.slug}/"))
    if not start <= scene.day < end:
        # In the first week of May the meeting belongs to the year just ended.
        assert "Planning Committee</th>" not in body
    else:
        line = after(body, "Planning Committee</th>").split("</tr>", 1)[0]
        assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in line
    # The meeting page links them to their profile.
    assert f'href="/councillors/{member.slug}/"' in text_of(
        client.get(scene.meeting.get_absolute_url())
    )


# --- Modern.Gov addresses -----------------------------------------------------------------------


def test_mg_user_info_and_mg_rofi_for_a_co_opted_member(client, scene):
    profile = client.get(f"/mgUserInfo.aspx?UID={scene.cora.pk}", follow=True)
    assert profile.redirect_chain == [("/councillors/cora-cooper/", 301)]
    href = register_link(parse(text_of(profile)).links)
    assert href == f"/mgRofI.aspx?UID={scene.cora.pk}"
    body = text_of(client.get(href))
    assert "Mrs Cora Cooper, co-opted member" in body
    rows = [row for table in parse(body).tables for row in table["rows"]]
    details = [row["Interest"] for row in rows]
    assert len(rows) == 2
    assert " ".join(WITHHELD.split()) in details
    for secret in SECRETS:
        assert secret not in body, secret


def test_co_opted_members_are_in_no_ward_of_get_councillors_by_ward(client, scene):
    root = parse_xml(client.get("/mgWebService.asmx/GetCouncillorsByWard").content)
    ids = {c.findtext("councillorid") for c in root.iter("councillor")}
    assert str(scene.alice.pk) in ids
    for member in (scene.cora, scene.victor, scene.olive, scene.luke):
        assert str(member.pk) not in ids


def test_mg_member_index_keeps_co_opted_members_out_of_the_ward_list(client, scene):
    response = client.get("/mgMemberIndex.aspx?FN=WARD", follow=True)
    body = text_of(response)
    assert "cora-cooper" not in before(body, 'id="co-opted"')


# --- Query bounds -------------------------------------------------------------------------------


def test_index_runs_the_same_queries_for_2_and_12_co_opted_members(client, db):
    urls = ["/councillors/", "/councillors/?by=ward", "/councillors/?by=group"]
    urls.append("/councillors/?status=former")
    CouncillorScene()
    small = {url: count_queries(client, url) for url in urls}
    for n in range(10):
        committee = CommitteeFactory(name=f"Co-opted Committee {n}", slug=f"co-opted-{n}")
        person = add_co_opted_member(
            committee, first_name=f"Extra{n}", last_name="Cooptee", appointment=f"Member {n}"
        )
        add_co_opted_member(
            CommitteeFactory(),
            first_name=f"Gone{n}",
            last_name="Cooptee",
            appointment="Former",
            start_date=date(2020, 1, 1),
        )
        if n % 2:
            committee_services.membership_appoint(
                committee=CommitteeFactory(),
                councillor=person,
                role="coopted_voting",
                start_date=START,
                by=None,
            )
    for person in Councillor.all_objects.filter(first_name__startswith="Gone"):
        councillor_services.co_option_end(
            co_option=person.co_options.get(),
            end_date=date(2022, 1, 1),
            end_reason="resigned",
            by=None,
        )
    assert {url: count_queries(client, url) for url in urls} == small
    assert "Extra9 Cooptee" in text_of(client.get("/councillors/"))
    assert "Gone9 Cooptee" in text_of(client.get("/councillors/?status=former"))


def test_co_opted_profile_runs_the_same_queries_for_1_and_8_seats(client, scene):
    url = "/councillors/cora-cooper/"
    small = count_queries(client, url)
    for n in range(7):
        committee_services.membership_appoint(
            committee=CommitteeFactory(name=f"More Audit {n}"),
            councillor=scene.cora,
            role="coopted_voting",
            start_date=START,
            by=None,
        )
    publish_register(
        scene.cora,
        [{"category": "employment", "description": f"Director number {n}"} for n in range(8)],
    )
    assert count_queries(client, url) == small
    assert "More Audit 6" in text_of(client.get(url))
