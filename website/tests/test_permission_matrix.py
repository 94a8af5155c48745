"""The permission matrix (issue 10, point 4): every URL pattern of the resolver, requested with
real ids from one world by every persona, gets what ``permission_matrix.py`` says. A new route
with no entry fails ``test_every_route_has_an_entry_and_every_entry_a_route``; each case (a URL
of a route) is its own test, asking as every persona, and a failure shows the route and URL and,
persona by persona, what they got against what the matrix says. Every response carries the
Content-Security-Policy, and every response to a signed-in persona ``Cache-Control: no-store``.

The world is built once for the module inside a transaction that is rolled back at the end;
each test runs in a savepoint inside it, so nothing a GET does lasts beyond its test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from democracy.tests.factories_world import PERSONAS
from website.tests.factories_world import (
    build_packs_and_index,
    build_world,
    response_text,
    url_context,
)
from website.tests.permission_matrix import (
    ADMIN_MODELS,
    CONSOLE_LOGIN,
    LOGIN,
    MATRIX,
    REDIRECT,
    Case,
)

pytestmark = pytest.mark.django_db


def walk(patterns, prefix: str = "") -> list[str]:
    """Every route of the URLconf as the resolver joins it (``members/<slug:slug>/gifts/``;
    like Django, a regular expression's ``^`` is dropped when it follows a prefix)."""
    routes = []
    for pattern in patterns:
        part = str(pattern.pattern)
        route = prefix + part.removeprefix("^") if prefix else part
        if isinstance(pattern, URLResolver):
            routes += walk(pattern.url_patterns, route)
        elif pattern.name == "api-root":
            # django-ninja's own root, always added after the API's operations: the API's index
            # answers /api/v1/ first, and ninja keeps the name to work out the OpenAPI prefix.
            continue
        else:
            assert isinstance(pattern, URLPattern)
            routes.append(route)
    return routes


ROUTES = walk(get_resolver().url_patterns)

CASES = [
    pytest.param(route, case, id=f"{route} | {case.url}")
    for route, cases in MATRIX.items()
    for case in cases
]


def test_every_route_has_an_entry_and_every_entry_a_route():
    missing = [route for route in ROUTES if route not in MATRIX]
    stale = [route for route in MATRIX if route not in ROUTES]
    assert missing == [], "routes with no entry in website/tests/permission_matrix.py"
    assert stale == [], "entries for routes that no longer exist"
    assert len(ROUTES) == len(set(ROUTES))
    assert all(MATRIX[route] for route in MATRIX), "every route needs at least one case"


def test_every_registered_console_model_has_an_entry():
    from django.contrib import admin

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


# --- The world, built once for the module ----------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    quick = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=None, PASSWORD_HASHERS=quick),
        transaction.atomic(),
    ):
        world = build_world()
        build_packs_and_index()
        world.media = str(media)
        world.sessions = {}
        for persona, user in world.users.items():
            client = Client()
            client.force_login(user)
            world.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        world.context = url_context(world)
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world_media(world, settings):
    """The files the world uploaded and built (this runs after the suite's autouse fixture that
    gives every test an empty media directory of its own)."""
    settings.MEDIA_ROOT = world.media
    settings.PRIVATE_MEDIA_ROOT = None


def client_for(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    return client


def outcome(response) -> int | str:
    """What the persona got, in the matrix's terms."""
    if response.status_code in (301, 302):
        target = urlsplit(response["Location"]).path
        if response.status_code == 302 and target == "/account/login/":
            return LOGIN
        if response.status_code == 302 and target == "/manage/login/":
            return CONSOLE_LOGIN
        return REDIRECT
    return response.status_code


@pytest.mark.parametrize(("route", "case"), CASES)
def test_matrix(world, world_media, route: str, case: Case):
    """Every persona requests the case's URL; a difference names the persona, what they got
    and what the matrix says. What a persona is given must hold no planted string they are
    not entitled to (an exempt paper, another member's private details, a draft)."""
    url = case.url.format(**world.context)
    match = resolve(urlsplit(url).path)
    assert match.route == route, f"{url} is not an address of {route}"
    got, seen, unguarded = {}, [], []
    for persona in PERSONAS:
        response = client_for(world, persona).get(url)
        got[persona] = outcome(response)
        # Issue 11 item 5: the policy on every response, and nothing a signed-in user is sent
        # kept by the browser or anything between.
        if "Content-Security-Policy" not in response:
            unguarded.append(f"{persona}: no Content-Security-Policy")
        if persona != "anonymous" and "no-store" not in response.get("Cache-Control", ""):
            unguarded.append(f"{persona}: no Cache-Control: no-store")
        if response.status_code == 200:
            text = response_text(response).casefold()
            seen += [
                f"{persona} sees {plant.what}"
                for plant in world.plants
                if not plant.entitles(persona) and plant.secret.casefold() in text
            ]
    assert got == case.expected, f"{url}" + (f" ({case.why})" if case.why else "")
    assert seen == [], f"{url} shows what these personas may not see"
    assert unguarded == [], f"{url} is sent without its protective headers"
