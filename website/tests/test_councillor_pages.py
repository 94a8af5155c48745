"""The public councillor pages: the index (by name, ward, group; former councillors), the
profile, and the Modern.Gov addresses (mgUserInfo.aspx, mgRofI.aspx, mgMemberIndex.aspx).

Anonymous visitors see them; nothing private (home address, personal email or phone, a
sensitive interest's details, a suspension's reason) appears on any of them; each runs the same
number of queries for a small and a large council; and the register of interests comes out of
mgRofI.aspx in the tables a Modern.Gov client parses, found the way Democracy Club's interests
scraper finds it (from mgUserInfo.aspx, following the first link to the register)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from democracy.tests.factories import CommitteeFactory, TermFactory
from democracy.tests.factories_councillors import (
    SECRETS,
    START,
    CouncillorScene,
    add_serving_councillors,
)
from meetings.models import CommitteeMembership
from meetings.rules.attendance_stats import municipal_year, municipal_year_of
from meetings.tests.factories_public import PublicScene
from members.rules.interests import CATEGORY_LABELS, WITHHELD, Category
from members.services import records as record_services
from members.tests.factories_interests import publish_register
from website.tests.factories_moderngov import parse_xml
from website.tests.factories_pages import count_queries, parse, register_link, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return CouncillorScene()


def pages(scene: CouncillorScene) -> list[str]:
    return [
        "/councillors/",
        "/councillors/?by=ward",
        "/councillors/?by=group",
        "/councillors/?status=former",
        "/councillors/alice-ashdown/",
        "/councillors/sam-sutton/",
        "/councillors/fred-farley/",
        f"/mgRofI.aspx?UID={scene.alice.pk}",
        "/",
        # Co-opted members: serving (with private details and a sensitive interest), non-voting,
        # former and appointed for later, and their registers.
        "/councillors/cora-cooper/",
        "/councillors/victor-voiceless/",
        "/councillors/olive-outgone/",
        "/councillors/luke-later/",
        f"/mgRofI.aspx?UID={scene.cora.pk}",
        "/members/cora-cooper/interests/",
        "/committees/audit/",
    ]


# --- Nothing private on any page ----------------------------------------------------------------


def test_no_private_contact_detail_or_sensitive_interest_reaches_any_page(client, scene):
    for url in pages(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        body = text_of(response)
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        assert "SUSPENSION-REASON-TEXT" not in body, url


def test_signed_in_personas_see_the_same_public_pages(client, request, scene):
    """Being an officer or the councillor does not put private details on the public pages."""
    for persona in ["officer", "manager", "councillor", "other_councillor"]:
        client.force_login(request.getfixturevalue(persona))
        for url in pages(scene):
            response = client.get(url)
            assert response.status_code == 200, (persona, url)
            assert not any(secret in text_of(response) for secret in SECRETS), (persona, url)
        client.logout()


# --- The index ----------------------------------------------------------------------------------


def test_index_by_name_lists_serving_councillors_linked_to_their_profiles(client, scene):
    body = text_of(client.get("/councillors/"))
    assert 'href="/councillors/alice-ashdown/"' in body
    assert "Cllr Dr Alice Ashdown" in body
    assert 'href="/councillors/sam-sutton/"' in body
    assert "Suspended" in body
    assert "Ashdown Ward" in body
    # The group's colour is a swatch beside its name, never alone.
    assert '<rect width="10" height="10" fill="#00703c"/></svg>Green Party' in body
    assert "Independent" in body  # Sam is in no group
    # Former councillors and those never in office are not current councillors.
    assert "fred-farley" not in body and "nina-never" not in body
    assert body.index("Alice Ashdown") < body.index("Sam Sutton")
    # A to Z: a link to the first surname under each letter.
    assert 'href="#letter-A"' in body and 'id="letter-A"' in body
    assert 'href="#letter-S"' in body and 'id="letter-S"' in body


def test_index_by_ward_lists_every_current_ward(client, scene):
    body = text_of(client.get("/councillors/?by=ward"))
    assert body.index("Ashdown Ward") < body.index("Alice Ashdown") < body.index("Brookside Ward")
    assert body.index("Brookside Ward") < body.index("Sam Sutton")


def test_index_by_group_puts_independents_last(client, scene):
    body = text_of(client.get("/councillors/?by=group"))
    assert body.index("Green Party") < body.index("Alice Ashdown") < body.index("Independent")
    assert body.index("Independent") < body.index("Sam Sutton")


def test_an_unknown_view_falls_back_to_the_list_by_name(client, scene):
    response = client.get("/councillors/?by=<script>")
    assert response.status_code == 200
    assert "<script>" not in text_of(response).split("<main", 1)[1]


def test_former_councillors_are_listed_separately_with_their_last_day(client, scene):
    body = text_of(client.get("/councillors/?status=former"))
    assert 'href="/councillors/fred-farley/"' in body
    assert "Brookside Ward" in body
    assert "7 May 2023" in body  # the term ended on 8 May 2023: the last day in office is 7 May
    assert "alice-ashdown" not in body and "nina-never" not in body


def test_photo_has_alt_text(client, scene, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    path = tmp_path / "photo.png"
    Image.new("RGB", (20, 20), "green").save(path)
    record_services.profile_update(
        councillor=scene.alice,
        values={"photo": SimpleUploadedFile("photo.png", path.read_bytes(), "image/png")},
        by=None,
    )
    for url in ["/councillors/", "/councillors/alice-ashdown/"]:
        body = text_of(client.get(url))
        assert 'alt="Photo of Alice Ashdown"' in body, url
        assert 'src="/members/alice-ashdown/photo/?v=' in body, url


def test_get_councillors_by_ward_gives_the_published_photo(client, scene, settings, tmp_path):
    """Democracy Club's councillors scraper takes ``photobigurl`` from GetCouncillorsByWard."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://democracy.example.org"
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (20, 20), "green").save(path, "JPEG")
    record_services.profile_update(
        councillor=scene.alice,
        values={"photo": SimpleUploadedFile("photo.jpg", path.read_bytes(), "image/jpeg")},
        by=None,
    )
    root = parse_xml(client.get("/mgWebService.asmx/GetCouncillorsByWard").content)
    people = {c.findtext("councillorid"): c for c in root.iter("councillor")}
    alice, sam = people[str(scene.alice.pk)], people[str(scene.sam.pk)]
    assert alice.findtext("photobigurl").startswith(
        "https://democracy.example.org/members/alice-ashdown/photo/?v="
    )
    assert alice.findtext("photosmallurl") == alice.findtext("photobigurl")
    assert not sam.findtext("photobigurl").strip()


# --- The profile --------------------------------------------------------------------------------


def test_profile_shows_the_public_record(client, scene):
    response = client.get("/councillors/alice-ashdown/")
    assert response.status_code == 200
    body = text_of(response)
    assert "<h1" in body and "Cllr Dr Alice Ashdown</h1>" in body
    for public in [
        "alice.ashdown@council.example.org",
        "01632 960001",
        "c/o Town Hall<br>Kingsmere",
        "https://alice.example.org/",
        "She chairs the residents",
        "Ashdown Ward",
        "8 May 2023",
        "Green Party",
        "Champion number 00",
        "Outside Trust 01",
        "Trustee",
    ]:
        assert public in body, public
    # Committee seats now, with the role, linked to the public committee page.
    assert 'href="/committees/seat-00/">Seat Committee 00</a>' in body
    assert 'href="/committees/seat-01/">Seat Committee 01</a>' in body
    assert "Disbanded Panel" not in body
    # The register summarised, the sensitive interest counted as withheld only.
    assert "3 interests registered, of which 1 is a sensitive interest" in body
    assert 'href="/members/alice-ashdown/interests/"' in body
    assert 'href="/members/alice-ashdown/gifts/"' in body
    assert "1 entry in the register of gifts and hospitality" in body
    assert 'id="allowances"' in body
    assert f'href="/api/v1/popolo/persons/{scene.alice.pk}"' in body


def test_a_suspended_councillor_is_shown_as_suspended_without_the_reason(client, scene):
    body = text_of(client.get("/councillors/sam-sutton/"))
    assert "is suspended from" in body
    assert "still holds office" in body
    assert "SUSPENSION-REASON-TEXT" not in body
    assert "Independent" in body


def test_a_former_councillor_is_shown_with_their_last_day(client, scene):
    body = text_of(client.get("/councillors/fred-farley/"))
    assert "no longer holds office" in body
    assert "7 May 2023" in body
    assert "Not re-elected" in body
    assert "Former councillors" in body


def test_a_councillor_elect_is_neither_current_nor_former(client, scene):
    elect = TermFactory(
        councillor__first_name="Ella",
        councillor__last_name="Elect",
        councillor__slug="ella-elect",
        start_date=timezone.localdate() + timedelta(days=3),
        start_reason="by_election",
    ).councillor
    body = text_of(client.get(f"/councillors/{elect.slug}/"))
    assert "has been elected and takes office on" in body
    assert "no longer holds office" not in body
    assert "ella-elect" not in text_of(client.get("/councillors/?status=former"))
    assert "ella-elect" not in text_of(client.get("/councillors/"))


def test_profile_404s_for_an_unknown_slug_and_for_someone_never_in_office(client, scene):
    assert client.get("/councillors/nobody-here/").status_code == 404
    assert client.get("/councillors/nina-never/").status_code == 404


def test_profile_shows_attendance_this_municipal_year(client, db):
    scene = PublicScene()  # a meeting held a week ago: the chair present, the third apologies
    start, end = municipal_year(municipal_year_of(timezone.localdate()))
    chair = scene.councillors[0]
    body = text_of(client.get(f"/councillors/{chair.slug}/"))
    if not start <= scene.day < end:
        # In the first week of May the meeting belongs to the year just ended, which the profile
        # does not count: it shows no attendance rather than last year's.
        assert "Planning Committee</th>" not in body
        return
    assert "Planning Committee</th>" in body
    assert "100.0%" in body
    body = text_of(client.get(f"/councillors/{scene.councillors[2].slug}/"))
    assert "0.0%" in body


def test_public_meeting_and_committee_pages_link_councillors_to_their_profiles(client, db):
    scene = PublicScene()
    chair = scene.councillors[0]
    link = f'href="/councillors/{chair.slug}/"'
    assert link in text_of(client.get("/committees/planning/"))
    assert link in text_of(client.get(scene.meeting.get_absolute_url()))
    assert link in text_of(client.get("/"))


def test_the_register_and_gifts_pages_lead_back_to_the_profile(client, scene):
    for url in ["/members/alice-ashdown/interests/", "/members/alice-ashdown/gifts/"]:
        body = text_of(client.get(url))
        assert 'class="govuk-breadcrumbs__link" href="/councillors/alice-ashdown/"' in body, url


def test_councillors_are_in_the_public_navigation(client, db):
    body = text_of(client.get("/"))
    assert 'class="govuk-service-navigation__link" href="/councillors/"' in body


# --- Query bounds -------------------------------------------------------------------------------


def add_former_councillors(count: int) -> None:
    for _ in range(count):
        TermFactory(start_date=date(2019, 5, 6), end_date=START, end_reason="retired")


def test_index_runs_the_same_queries_for_5_and_50_councillors(client, db):
    urls = [
        "/councillors/",
        "/councillors/?by=ward",
        "/councillors/?by=group",
        "/councillors/?status=former",
    ]
    add_serving_councillors(5)
    add_former_councillors(2)
    small = {url: count_queries(client, url) for url in urls}
    add_serving_councillors(25)
    add_serving_councillors(20)
    add_former_councillors(12)
    assert {url: count_queries(client, url) for url in urls} == small


def test_profile_runs_the_same_queries_for_2_and_10_seats(client, db):
    small = CouncillorScene(seats=2)
    counts = {"small": count_queries(client, "/councillors/alice-ashdown/")}
    councillor = small.alice
    for n in range(2, 10):
        committee = CommitteeFactory(name=f"More Committee {n}", slug=f"more-{n}")
        CommitteeMembership.objects.create(
            committee=committee, councillor=councillor, start_date=START
        )
        position = record_services.position_create(title=f"Extra role {n}", kind="other", by=None)
        record_services.holding_start(
            position=position, councillor=councillor, start_date=START, by=None
        )
        body = record_services.outside_body_create(name=f"More Trust {n}", kind="other", by=None)
        record_services.appointment_start(
            body=body,
            councillor=councillor,
            role="Member",
            start_date=START,
            appointed_by="executive",
            by=None,
        )
    publish_register(
        councillor,
        [{"category": "employment", "description": f"Director number {n}"} for n in range(8)],
    )
    counts["large"] = count_queries(client, "/councillors/alice-ashdown/")
    assert counts["small"] == counts["large"]
    assert "Extra role 9" in text_of(client.get("/councillors/alice-ashdown/"))


def test_mg_rofi_runs_the_same_queries_whatever_the_register(client, db):
    scene = CouncillorScene()
    url = f"/mgRofI.aspx?UID={scene.alice.pk}"
    small = count_queries(client, url)
    publish_register(
        scene.alice,
        [{"category": "employment", "description": f"Director number {n}"} for n in range(8)],
    )
    assert count_queries(client, url) == small


# --- Modern.Gov addresses -----------------------------------------------------------------------


def test_mg_user_info_redirects_permanently_to_the_profile(client, scene):
    response = client.get(f"/mgUserInfo.aspx?UID={scene.alice.pk}")
    assert response.status_code == 301
    assert response["Location"] == "/councillors/alice-ashdown/"
    assert client.get(f"/mgUserInfo.aspx?uid={scene.fred.pk}")["Location"] == (
        "/councillors/fred-farley/"
    )


@pytest.mark.parametrize(
    "query",
    ["", "?UID=", "?UID=abc", "?UID=999999", "?ID=1", "?UID=-1", "?UID=99999999999999999999"],
)
def test_mg_pages_404_for_a_missing_or_unknown_uid(client, scene, query):
    assert client.get(f"/mgUserInfo.aspx{query}").status_code == 404
    assert client.get(f"/mgRofI.aspx{query}").status_code == 404


def test_mg_pages_404_for_someone_never_in_office(client, scene):
    assert client.get(f"/mgUserInfo.aspx?UID={scene.nina.pk}").status_code == 404
    assert client.get(f"/mgRofI.aspx?UID={scene.nina.pk}").status_code == 404


def test_mg_member_index_redirects_to_the_index(client, db):
    response = client.get("/mgMemberIndex.aspx")
    assert response.status_code == 301 and response["Location"] == "/councillors/"
    assert client.get("/mgMemberIndex.aspx?FN=WARD&VW=LIST")["Location"] == (
        "/councillors/?by=ward"
    )
    assert client.get("/mgMemberIndex.aspx?FN=PARTY")["Location"] == "/councillors/?by=group"


def test_a_modern_gov_client_reads_the_register_from_mg_rofi(client, scene):
    # From GetCouncillorsByWard's id to the councillor's page, then to the register.
    profile = client.get(f"/mgUserInfo.aspx?UID={scene.alice.pk}", follow=True)
    assert profile.redirect_chain == [("/councillors/alice-ashdown/", 301)]
    href = register_link(parse(text_of(profile)).links)
    assert href == f"/mgRofI.aspx?UID={scene.alice.pk}"
    response = client.get(href)
    assert response.status_code == 200
    body = text_of(response)
    assert "This register of interests was published on " in body
    published = timezone.localtime(scene.register.published_at)
    assert f"published on {published:%A}, {published.day} {published:%B %Y}." in body
    tables = parse(body).tables
    assert [t["caption"] for t in tables] == [
        "1. Employment, office, trade, profession or vocation",
        f"4. {CATEGORY_LABELS[Category.LAND]}",
    ]
    rows = [row for table in tables for row in table["rows"]]
    assert all(set(row) == {"Category", "Interest"} for row in rows)
    assert len(rows) == 3  # one row per interest
    details = [row["Interest"] for row in rows]
    assert "Chartered surveyor, employed by (Kingsmere Housing Association)" in details
    assert "Spouse, civil partner or cohabitee: Freehold of a shop, 12 High Street Fenwick" in (
        details
    )
    assert " ".join(WITHHELD.split()) in details
    for secret in SECRETS:
        assert secret not in body
    # And a link to our own register page.
    assert 'href="/members/alice-ashdown/interests/"' in body


def test_mg_rofi_for_a_councillor_with_no_register(client, scene):
    body = text_of(client.get(f"/mgRofI.aspx?UID={scene.sam.pk}"))
    assert "No register of interests has been published" in body
    assert parse(body).tables == []


def test_mg_rofi_shows_only_the_current_version(client, scene):
    publish_register(scene.alice, [{"category": "sponsorship", "description": "Election costs"}])
    tables = parse(text_of(client.get(f"/mgRofI.aspx?UID={scene.alice.pk}"))).tables
    assert sum(len(t["rows"]) for t in tables) == 4
    assert client.get("/councillors/alice-ashdown/").content.decode().count("Version 2") == 1


# --- The demo council ---------------------------------------------------------------------------


def test_every_demo_councillor_has_a_working_profile_and_register_page(client, demo_council):
    """Kingsmere's 48 serving councillors and the one who resigned: every profile and every
    mgRofI.aspx page renders, and the index lists the serving ones in each view."""
    from members.models import Councillor

    public = list(Councillor.all_objects.filter(terms__isnull=False).distinct())
    assert len(public) == 49
    for councillor in public:
        assert client.get(f"/councillors/{councillor.slug}/").status_code == 200, councillor
        assert client.get(f"/mgRofI.aspx?UID={councillor.pk}").status_code == 200, councillor
    for url in ["/councillors/", "/councillors/?by=ward", "/councillors/?by=group"]:
        body = text_of(client.get(url))
        assert body.count('href="/councillors/') - body.count('href="/councillors/?') >= 48, url
    assert "Former councillors" in text_of(client.get("/councillors/?status=former"))


def test_a_by_election_term_with_its_end_fixed_says_until_the_next_ordinary_election(client):
    today = timezone.localdate()
    term = TermFactory(
        start_date=today - timedelta(days=3),
        start_reason="by_election",
        end_date=today + timedelta(days=400),
        end_reason="retired",
    )
    body = text_of(client.get(f"/councillors/{term.councillor.slug}/"))
    assert f"{today + timedelta(days=399):%-d %B %Y}" in body
    assert "Until the next ordinary election" in body
    assert "Term ended at the ordinary election" not in body
    term.end_date = today - timedelta(days=1)
    term.save()
    body = text_of(client.get(f"/councillors/{term.councillor.slug}/"))
    assert "Term ended at the ordinary election" in body
