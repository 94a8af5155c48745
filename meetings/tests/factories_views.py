"""Who may open an officer page: each persona asked in turn, anonymous visitors sent to sign in;
and a meeting date comfortably in the future."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

PERSONAS = [
    "officer",
    "manager",
    "author",
    "councillor",
    "other_councillor",
    "electoral_officer",
    "clerk",
    "panel_member",
]
OFFICERS_ONLY = {"officer": 200, "manager": 200}


def expected_status(persona: str, allowed: dict[str, int]) -> int:
    return allowed.get(persona, 403)


def check_access(client, request, url: str, allowed: dict[str, int]) -> None:
    """Anonymous visitors are sent to sign in; each persona gets ``allowed`` or a 403."""
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        got = client.get(url).status_code
        assert got == expected_status(persona, allowed), (url, persona, got)
    client.logout()


def a_future_tuesday(weeks: int = 8) -> date:
    today = timezone.localdate()
    day = today + timedelta(weeks=weeks)
    return day + timedelta(days=(1 - day.weekday()) % 7)
