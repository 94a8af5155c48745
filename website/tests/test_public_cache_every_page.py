"""The public page cache is on in the tests as in production (issue 11, item 10): every public
address an anonymous visitor may read (each case of the permission matrix that answers them
200) is asked for twice. The first answer is rendered by its view (a miss) and the second comes
from the cache (a hit: no query but the version's), the same bytes with the same validators; an
address the cache does not keep (a stored file streamed from disk, a page that sets a cookie) is
named here with the reason. The sitemap's 500 (it answered with an unrendered response) is the
kind of fault this finds.

The world is built once for the module inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import resolve

from democracy import public_cache
from democracy.tests.factories_cache import render_public_pages_afresh
from website.tests.factories_world import build_packs_and_index, build_world, url_context
from website.tests.permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

# Public addresses answered without the cache, and why.
NOT_CACHED = {
    "health/": "the load balancer's probe: never cached, always asks the database",
    "robots.txt": "a constant file",
    "account/login/": "a form: sets the CSRF cookie",
    "manage/login/": "a form: sets the CSRF cookie",
    "account/password-reset/": "a form: sets the CSRF cookie",
    "account/password-reset/sent/": "an account page, not public data",
    "account/password-reset/<uidb64>/<token>/": "an account page, not public data",
    "account/password-reset/complete/": "an account page, not public data",
    "accessibility/": "a constant page",
    "cookies/": "a constant page",
    "meetings/<int:pk>/packs/<str:kind>.pdf": "a stored file, streamed from disk",
    "mgConvert2PDF.aspx": "a document rendered to PDF on request (issue 11, item 8)",
    "officers/meetings/<int:meeting_id>/packs/<str:kind>/": "the officers' list of the packs",
    "officers/meetings/<int:pk>/minutes/<str:version>.pdf": "rendered on request (item 8)",
    "mgWebService.asmx": "a constant description of the web service, and its WSDL",
    "api/v1/openapi.json": "a constant description of the API",
    "papers/reports/<int:pk>.pdf": "a stored file, streamed from disk",
    "papers/appendices/<int:pk>.pdf": "a stored file, streamed from disk",
    "appeals/lodge/": "the start of a family's appeal, never cached (it is not public data)",
    "appeals/lodge/<slug:name>/": "a form kept in the visitor's session: sets the CSRF cookie",
    "elections/canvass/respond/": "a form for a resident with a letter: sets the CSRF cookie",
    "meetings/<int:pk>/ask-a-question/": "a form for the public: sets the CSRF cookie",
    "meetings/<int:pk>/ask-to-speak/": "a form for the public: sets the CSRF cookie",
    "meetings/<int:pk>/ask-a-question/received/": "the confirmation after sending a question",
    "meetings/<int:pk>/ask-to-speak/received/": "the confirmation after sending a request",
    "appeals/evidence/<str:signed>/": "one family's own link to add evidence",
    "elections/elections/calendar/<str:token>/timetables.ics": (
        "one officer's secret calendar address: private, never stored"
    ),
}

CASES = [
    pytest.param(route, case, id=f"{route} | {case.url}")
    for route, cases in MATRIX.items()
    for case in cases
    if case.expected.get("anonymous") == 200
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("cache-media")
    quick = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=None, PASSWORD_HASHERS=quick),
        transaction.atomic(),
    ):
        world = build_world()
        build_packs_and_index()
        world.media = str(media)
        world.context = url_context(world)
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world_media(world, settings):
    settings.MEDIA_ROOT = world.media
    settings.PRIVATE_MEDIA_ROOT = None


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_public_address_is_in_the_matrix_cases():
    """The cases below cover every public route (and the routes named as not cached exist)."""
    routes = {route for route, _ in (p.values for p in CASES)}
    assert set(NOT_CACHED) - routes == set()
    assert len(routes - set(NOT_CACHED)) >= 50


@pytest.mark.parametrize(("route", "case"), CASES)
def test_a_public_address_is_a_miss_then_a_hit(world, world_media, route, case):
    url = case.url.format(**world.context)
    assert resolve(urlsplit(url).path).route == route
    render_public_pages_afresh()
    client = Client()
    first = client.get(url)
    assert first.status_code == 200, url
    first_body = body(first)
    kept = "ETag" in first and public_cache.is_kept(first["ETag"])
    with CaptureQueriesContext(connection) as again_queries:
        again = client.get(url)
    assert again.status_code == 200, url
    if route in NOT_CACHED:
        assert not kept, f"{url} is cached after all"
        return
    assert kept, f"{url}: the first answer was not kept for the next visitor"
    assert len(again_queries) == 1, f"{url}: the second request was not served from the cache"
    assert body(again) == first_body, f"{url}: the cached copy differs from the rendered one"
    for header in ("ETag", "Last-Modified", "Content-Type", "Vary"):
        assert again[header] == first[header], f"{url}: {header}"
    assert "Cookie" in again["Vary"]
    # And the visitor's own copy is revalidated, not sent again.
    assert client.get(url, headers={"If-None-Match": again["ETag"]}).status_code == 304
