"""Context every page needs: the council and the navigation for the visitor's roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from democracy.council import council
from democracy.permissions import roles_of
from democracy.roles import MEMBER_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, url name, roles that see it); anonymous visitors see the items with no roles.
NAVIGATION: list[tuple[str, str, frozenset[Role]]] = [
    ("Home", "home", frozenset()),
    ("Meetings", "meetings:public-meetings", frozenset()),
    ("Committees", "meetings:public-committees", frozenset()),
    ("Decisions", "meetings:public-decisions", frozenset()),
    ("Councillors", "councillor-index", frozenset()),
    ("Documents", "meetings:public-documents", frozenset()),
    ("Search", "search", frozenset()),
    (
        "Democratic services",
        "meetings:officer-home",
        frozenset({Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER}),
    ),
    ("My reports", "meetings:author-home", frozenset({Role.REPORT_AUTHOR})),
    ("Electoral services", "elections:officer-home", frozenset({Role.ELECTORAL_SERVICES_OFFICER})),
    ("Appeals", "appeals:clerk-home", frozenset({Role.APPEALS_CLERK})),
    ("My hearings", "appeals:panel-home", frozenset({Role.APPEALS_PANEL_MEMBER})),
    ("Member portal", "members:portal", frozenset(MEMBER_ROLES)),
    ("Console", "admin:index", frozenset({Role.DEMOCRATIC_SERVICES_MANAGER})),
]


def navigation_for(request: HttpRequest) -> list[NavItem]:
    held = roles_of(request.user)
    items = []
    for label, url_name, roles in NAVIGATION:
        if roles and not (roles & held):
            continue
        url = reverse(url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append(NavItem(label, url, active))
    return items


def site(request: HttpRequest) -> dict:
    return {"council": council(), "navigation": navigation_for(request)}
