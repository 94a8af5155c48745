"""``/sitemap.xml`` lists the public pages, parsed as a search engine would, and nothing that is
not public (the profiles of councillors and co-opted members included, of no one else); its
queries do not grow with the number of meetings or people."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from democracy.tests.factories import CouncillorFactory
from democracy.tests.factories_councillors import add_co_opted_member
from meetings.tests.factories_public import SECRETS, PublicScene, add_meetings

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own answer
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


def test_the_sitemap_lists_public_pages_only(client, db):
    scene = PublicScene()
    found = locations(client)
    paths = {url.split("testserver", 1)[1] for url in found}
    assert scene.meeting.get_absolute_url() in paths
    assert f"/committees/{scene.committee.slug}/" in paths
    assert f"/papers/reports/{scene.public_report.pk}/" in paths
    assert f"/papers/reports/{scene.exempt_report.pk}/" not in paths
    assert f"/papers/reports/{scene.confidential_report.pk}/" not in paths
    assert f"/decisions/{scene.public_decision.pk}/" in paths
    body = client.get("/sitemap.xml").content.decode()
    for secret in SECRETS:
        assert secret not in body


def test_the_sitemap_lists_councillors_and_co_opted_members_with_a_profile(client, db):
    scene = PublicScene()
    co_opted = add_co_opted_member(
        scene.committee, first_name="Sita", last_name="Coopted", appointment="Adviser"
    )
    never_co_opted = CouncillorFactory(kind="coopted", slug="not-co-opted")
    never_in_office = CouncillorFactory(slug="never-in-office")
    paths = {url.split("testserver", 1)[1] for url in locations(client)}
    assert "/councillors/" in paths
    assert f"/councillors/{scene.councillors[0].slug}/" in paths
    assert f"/councillors/{co_opted.slug}/" in paths
    assert f"/councillors/{never_co_opted.slug}/" not in paths
    assert f"/councillors/{never_in_office.slug}/" not in paths
    for path in paths:  # every address listed is a page
        if path.startswith("/councillors/"):
            assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("meetings", [3, 30])
def test_the_sitemap_runs_the_same_queries_however_many_meetings(
    client, db, meetings, django_assert_num_queries
):
    scene = PublicScene()
    add_meetings(scene.committee, meetings)
    for n in range(meetings // 3):
        add_co_opted_member(
            scene.committee, first_name=f"Co{n}", last_name="Opted", appointment="Member"
        )
    with django_assert_num_queries(11):
        assert client.get("/sitemap.xml").status_code == 200
