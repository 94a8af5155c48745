"""``/sitemap.xml`` lists the public pages, parsed as a search engine would, and nothing that is
not public; its queries do not grow with the number of meetings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

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


@pytest.mark.parametrize("meetings", [3, 30])
def test_the_sitemap_runs_the_same_queries_however_many_meetings(
    client, db, meetings, django_assert_num_queries
):
    scene = PublicScene()
    add_meetings(scene.committee, meetings)
    with django_assert_num_queries(9):
        assert client.get("/sitemap.xml").status_code == 200
