"""The open data API's index (``/api/v1/``) and its documentation for people (``/api/v1/docs``),
both 404 before (issue 11 item 13). The docs are rendered on the server from the OpenAPI
description: no script or styles of their own and nothing from another site, so they work under
the site's Content-Security-Policy; axe finds nothing in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from democracy.tests.factories_browser import axe_violations
from website.api import api


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://democracy.example.org"
    cache.clear()
    yield
    cache.clear()


def described_paths() -> set[str]:
    return {path for path, methods in api.get_openapi_schema()["paths"].items() if "get" in methods}


def test_the_index_lists_every_endpoint_and_links_to_the_description_and_the_docs(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    index = response.json()
    assert index["title"] == api.title
    assert {e["path"] for e in index["endpoints"]} == described_paths()
    assert len(index["endpoints"]) > 10
    for endpoint in index["endpoints"]:
        assert endpoint["url"] == f"https://democracy.example.org{endpoint['path']}"
        assert endpoint["summary"]
    assert index["openapi"] == "https://democracy.example.org/api/v1/openapi.json"
    assert index["docs"] == "https://democracy.example.org/api/v1/docs"
    for link in (index["openapi"], index["docs"]):
        assert client.get(link.removeprefix("https://democracy.example.org")).status_code == 200
    # Every endpoint without a parameter answers.
    for endpoint in index["endpoints"]:
        if "{" not in endpoint["path"]:
            assert client.get(endpoint["path"]).status_code == 200, endpoint["path"]


def test_the_docs_describe_every_endpoint_and_what_it_returns(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Open data API" in page
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        assert f"<code>GET {path}</code>" in page
        assert methods["get"]["summary"].replace("'", "&#x27;") in page
        for parameter in methods["get"].get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in page
    for name, shape in schema["components"]["schemas"].items():
        assert f'id="schema-{name.lower()}"' in page
        for field in shape.get("properties", {}):
            assert f"<code>{field}</code>" in page
    # Links within the page go somewhere on it.
    anchors = set(re.findall(r'id="([^"]+)"', page))
    for target in re.findall(r'href="#([^"]+)"', page):
        assert target in anchors, target
    assert client.get("/api/v1/docs/").status_code == 200


def scripts_and_styles(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>|<style\b|<link\b[^>]*>|\sstyle=", page)


def test_the_docs_bring_no_script_style_or_other_site_of_their_own(client, db):
    """Whatever the layout loads, the docs page adds nothing: no script, no inline style and no
    CDN (the site's CSP allows only its own files)."""
    docs = client.get("/api/v1/docs").content.decode()
    plain = client.get("/accessibility/").content.decode()
    assert scripts_and_styles(docs) == scripts_and_styles(plain)
    loaded = re.findall(r'\ssrc="([^"]+)"', docs) + re.findall(r'<link\b[^>]*href="([^"]+)"', docs)
    assert loaded
    for address in loaded:
        assert address.startswith("/") and not address.startswith("//"), address


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_pass_axe_with_no_console_errors(live_page):
    errors = []
    # A refused or missing resource shows as a response; the browser's own request for
    # /favicon.ico is not the page's (the council has no icon of its own: no GOV.UK crown).
    live_page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    live_page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    live_page.on("pageerror", lambda e: errors.append(str(e)))
    live_page.goto(f"{live_page.base}/api/v1/docs")
    assert live_page.locator("h1").inner_text().endswith("open data API")
    assert axe_violations(live_page) == []
    live_page.get_by_role("link", name="One meeting, with its agenda items").first.click()
    assert live_page.url.endswith("#get-api-v1-meetings-meeting-id")
    assert errors == []
