"""``/robots.txt`` (issue 11 item 13; it was a 404): public pages allowed, the signed-in areas
and search disallowed, the sitemap named, read as a crawler reads it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import pytest
from django.urls import get_resolver

from meetings.tests.factories_public import PublicScene
from website.views import ROBOTS_DISALLOW

SITE = "https://democracy.example.org"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def robots(client, settings, db) -> RobotFileParser:
    settings.SITE_URL = SITE
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


def test_public_pages_are_allowed_and_signed_in_areas_and_search_are_not(robots):
    for path in ["/", "/meetings/", "/committees/planning/", "/councillors/", "/decisions/",
                 "/meetings/calendar/2026/5/", "/api/v1/", "/api/v1/docs", "/members/x/interests/"]:  # fmt: skip
        assert robots.can_fetch("Googlebot", f"{SITE}{path}"), path
    for path in ["/officers/", "/officers/meetings/1/", "/members/portal/", "/manage/",
                 "/account/login/", "/search/?q=planning", "/dashboard/"]:  # fmt: skip
        assert not robots.can_fetch("Googlebot", f"{SITE}{path}"), path
    assert robots.site_maps() == [f"{SITE}/sitemap.xml"]


def test_every_disallowed_prefix_is_where_some_pages_are():
    """A prefix that no longer matches any route would disallow nothing: keep the list true."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            else:
                routes.append("/" + route)

    walk(get_resolver().url_patterns, "")
    for prefix in ROBOTS_DISALLOW:
        assert any(route.startswith(prefix) for route in routes), prefix


def test_nothing_in_the_sitemap_is_disallowed(client, robots):
    PublicScene()
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own answer
    urls = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    assert len(urls) > 3
    for url in urls:
        assert robots.can_fetch("Googlebot", SITE + url.split("testserver", 1)[1]), url
