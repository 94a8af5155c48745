"""The console speaks as managers do: sections by task, plain English names, no package names,
and a way to the manager's own two-step verification from every page."""

from __future__ import annotations

import re
from html import unescape

import pytest

from democracy.console import MODEL_SECTIONS, SECTIONS
from democracy.tests.factories import TermFactory

pytestmark = pytest.mark.django_db

# Names only a developer knows: the packages behind the console and Django's own app names.
PACKAGE_NAMES = re.compile(
    r"\b(axes|otp_totp|otp totp|totp|django_celery_beat|celery|django|"
    r"authentication and authorization|access attempts?|access logs?|access failures?)\b",
    re.IGNORECASE,
)


def visible_text(html: str) -> str:
    """What a reader sees: the page without its tags, scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL | re.IGNORECASE)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_console_index_names_no_package(client, manager):
    TermFactory()
    client.force_login(manager)
    text = visible_text(client.get("/manage/").content.decode())
    assert not PACKAGE_NAMES.findall(text), PACKAGE_NAMES.findall(text)
    for section in ("People and access", "Meetings", "Members", "Elections", "Appeals"):
        assert section in text
    for name in (
        "User accounts",
        "Roles",
        "Two-step verification (authenticator apps)",
        "Locked-out sign-ins",
        "Sign-in log",
        "Audit log",
        "Non-working days",
    ):
        assert name in text, name


@pytest.mark.parametrize("app", ["axes", "otp_totp", "auth", "democracy"])
def test_each_apps_own_page_names_no_package_either(client, manager, app):
    client.force_login(manager)
    response = client.get(f"/manage/{app}/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert not PACKAGE_NAMES.findall(text), PACKAGE_NAMES.findall(text)


def test_the_header_links_to_the_managers_own_two_step_verification(client, manager):
    client.force_login(manager)
    page = client.get("/manage/").content.decode()
    assert 'href="/account/security/"' in page
    assert "Your account security (two-step verification)" in page
    assert 'href="/council/constitution/"' in page


def test_every_section_named_for_a_model_is_a_section():
    titles = {title for title, _ in SECTIONS}
    assert set(MODEL_SECTIONS.values()) <= titles


def test_releasing_a_lock_out_asks_first(client, manager):
    from axes.models import AccessAttempt
    from django.utils import timezone

    attempt = AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="test",
        path_info="/account/login/",
        failures_since_start=5,
        attempt_time=timezone.now(),
    )
    client.force_login(manager)
    page = client.get(f"/manage/axes/accessattempt/{attempt.pk}/delete/")
    assert page.status_code == 200
    assert "Are you sure" in page.content.decode()
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    asking = client.post(
        "/manage/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk]},
    )
    assert asking.status_code in {200, 403}
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
