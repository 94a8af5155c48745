"""Helpers to build registers of interests through the services, as the portal does."""

from __future__ import annotations

from datetime import date

from members.models import Councillor, InterestDeclaration
from members.services import interests as services

SECRET = "Refuge-Address-77 Secret Lane"
SECRET_ORG = "Hidden Refuge Trust Kingsmere"


def councillor_of(user) -> Councillor:
    return Councillor.all_objects.get(user=user)


def publish_register(
    councillor: Councillor, lines: list[dict], *, by=None, mo: str = "Alex Monitoring"
) -> InterestDeclaration:
    """Start (or continue) a declaration with ``lines`` added, submit it, record the monitoring
    officer's agreement to any sensitive line and publish it."""
    declaration = services.declaration_start(councillor=councillor, by=by)
    for line in lines:
        services.interest_add(declaration=declaration, by=by, **line)
    services.declaration_submit(declaration=declaration, by=by)
    for interest in declaration.interests.filter(sensitive=True, sensitive_agreed_by=""):
        services.interest_agree_sensitive(
            interest=interest, agreed_by=mo, agreed_on=date(2026, 5, 20), by=by
        )
    return services.declaration_publish(declaration=declaration, by=by)


ORDINARY = {
    "category": "employment",
    "description": "Chartered surveyor, employed by",
    "organisation": "Kingsmere Housing Association",
}
LAND = {
    "category": "land",
    "whose": "partner",
    "description": "Freehold of a shop",
    "address": "12 High Street\nFenwick",
}
SENSITIVE = {
    "category": "land",
    "description": f"Tenancy of {SECRET}",
    "organisation": SECRET_ORG,
    "address": SECRET,
    "sensitive": True,
    "sensitive_reason": "A former partner has made threats.",
}
