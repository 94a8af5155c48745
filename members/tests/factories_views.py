"""Who may open a members page: each persona asked in turn, anonymous visitors sent to sign in."""

from __future__ import annotations

PERSONAS = [
    "officer",
    "manager",
    "author",
    "councillor",
    "other_councillor",
    "co_opted_member",
    "clerk",
]
# The member portal: councillors and co-opted members (democracy.roles.MEMBER_ROLES).
COUNCILLORS_ONLY = {"councillor": 200, "other_councillor": 200, "co_opted_member": 200}


def check_access(client, request, url: str, allowed: dict[str, int]) -> None:
    """Anonymous visitors are sent to sign in; each persona gets ``allowed`` or a 403."""
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        got = client.get(url).status_code
        assert got == allowed.get(persona, 403), (url, persona, got)
    client.logout()
