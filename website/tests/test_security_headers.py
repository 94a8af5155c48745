"""Issue 11, item 5: the headers and error pages that protect what a page shows.

- A strict Content-Security-Policy (Django's own middleware) on every response, and no inline
  script, inline style or event-handler attribute in any page template (they would be refused).
- ``Cache-Control: private, no-store`` on every response to a signed-in user.
- With DEBUG on (``make run``), Django's debug 404 and 500 pages (every URL pattern; the
  traceback and settings) only for requests from INTERNAL_IPS; anyone else gets the ordinary
  pages. ``make run`` itself listens on this machine only.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from democracy import devstack
from democracy.tests.factories_councillors import add_serving_councillors

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OUTSIDER = "203.0.113.7"  # a documentation address: anyone not on this machine

STRICT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


# --- Content-Security-Policy ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/councillors/", "/account/login/", "/no-such-page/"])
def test_every_public_response_carries_the_strict_policy(client, path):
    add_serving_councillors(2)
    response = client.get(path)
    assert response.status_code in (200, 404)
    found = policy(response)
    for directive, value in STRICT_CSP.items():
        assert found[directive] == value, directive
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/officers/", "/manage/", "/members/portal/"])
def test_signed_in_pages_and_the_console_carry_the_policy_too(client, manager, councillor, path):
    client.force_login(councillor if path.startswith("/members/") else manager)
    response = client.get(path)
    assert response.status_code == 200
    assert policy(response) | STRICT_CSP == policy(response)


def test_a_council_logo_on_another_site_is_allowed_as_an_image_and_nothing_else(settings):
    from django.utils.csp import build_policy

    from democracy.settings import _origin_of

    assert _origin_of("https://cdn.example.gov.uk/logo.svg") == "https://cdn.example.gov.uk"
    assert _origin_of("/static/logo.svg") == ""
    assert _origin_of("") == ""
    assert "img-src 'self'" in build_policy(settings.SECURE_CSP)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "an event-handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def _page_templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT).as_posix()
        # PDFs are drawn by WeasyPrint from these, never served to a browser.
        if any(
            part in relative for part in ("/pdf", "/letters/", "/bundle/", "_pdf.html", "/_pdf_")
        ):
            continue
        yield relative, path.read_text()


def test_no_page_template_has_inline_script_style_or_handlers():
    found = [
        f"{name}: {what}"
        for name, text in _page_templates()
        for pattern, what in INLINE
        if pattern.search(text)
    ]
    assert found == []


def test_the_template_scan_finds_what_the_policy_would_refuse():
    samples = [
        "<script>alert(1)</script>",
        '<style nonce="x">p{}</style>',
        '<span style="color: red">',
        '<a onclick="go()">',
        '<a href="javascript:go()">',
    ]
    for sample in samples:
        assert any(pattern.search(sample) for pattern, _ in INLINE), sample
    assert not any(
        pattern.search('<script src="/static/js/a.js"></script>') for pattern, _ in INLINE
    )


def test_group_colours_are_drawn_without_a_style_attribute(client):
    add_serving_councillors(1)
    body = client.get("/councillors/").content.decode()
    assert 'class="app-swatch"' in body
    assert "style=" not in body


# --- Cache-Control for signed-in users ------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("councillor", "/members/portal/"),
        ("councillor", "/members/portal/allowances/claims/"),
        ("councillor", "/"),
        ("officer", "/officers/"),
        ("officer", "/councillors/"),
        ("manager", "/manage/"),
    ],
)
def test_no_response_to_a_signed_in_user_may_be_stored(client, request, persona, path):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(path)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_an_anonymous_visitor_gets_public_pages_without_no_store(client):
    add_serving_councillors(1)
    response = client.get("/councillors/")
    assert "no-store" not in response.get("Cache-Control", "")


# --- Debug pages only on this machine -------------------------------------------------------------


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = "website.tests.urls_raising"


def test_with_debug_on_a_missing_page_shows_outsiders_the_ordinary_404(client, debug_on):
    response = client.get("/no-such-page/", REMOTE_ADDR=OUTSIDER)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "If you typed the web address" in body
    assert "URLconf" not in body and "mgWebService" not in body
    assert "Content-Security-Policy" in response


def test_with_debug_on_this_machine_still_gets_the_debug_404(client, debug_on):
    response = client.get("/no-such-page/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_with_debug_on_an_error_shows_outsiders_no_traceback(client, debug_on, accept):
    client.raise_request_exception = False
    response = client.get("/broken-on-purpose/", REMOTE_ADDR=OUTSIDER, HTTP_ACCEPT=accept)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    for leak in ("Traceback", "RuntimeError", "DATABASE_URL", "secret@db", "SECRET_KEY"):
        assert leak not in body, leak


def test_with_debug_on_this_machine_still_gets_the_traceback(client, debug_on):
    client.raise_request_exception = False
    response = client.get("/broken-on-purpose/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 500
    assert "RuntimeError" in response.content.decode()


def test_with_debug_off_nobody_gets_a_debug_page(client, settings):
    settings.ROOT_URLCONF = "website.tests.urls_raising"
    client.raise_request_exception = False
    for address in ("127.0.0.1", OUTSIDER):
        response = client.get("/broken-on-purpose/", REMOTE_ADDR=address)
        assert response.status_code == 500
        assert "RuntimeError" not in response.content.decode()
        assert "URLconf" not in client.get("/nowhere/", REMOTE_ADDR=address).content.decode()


def test_make_run_listens_on_this_machine_only(monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    parser = devstack.build_parser()
    assert parser.parse_args(["run"]).host == "127.0.0.1"
    assert parser.parse_args(["run", "--host", "::1"]).host == "::1"
    for host in ("0.0.0.0", "::", "192.168.1.20", "democracy.example.org"):  # noqa: S104
        with pytest.raises(argparse.ArgumentTypeError, match="this machine only"):
            devstack.loopback_host(host)
        with pytest.raises(SystemExit):
            parser.parse_args(["run", "--host", host])


def test_make_run_refuses_a_host_from_the_environment_that_others_could_reach(monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104
    with pytest.raises(SystemExit):
        devstack.build_parser().parse_args(["run"])
