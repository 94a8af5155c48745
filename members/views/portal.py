"""The member portal."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from democracy.permissions import role_required
from democracy.roles import MEMBER_ROLES
from democracy.validity import in_force_on
from members.models import Councillor


@role_required(*MEMBER_ROLES)
def portal(request: HttpRequest) -> HttpResponse:
    """A member's own page: a councillor's ward, group and terms of office, or a co-opted
    member's co-options; and their committee seats."""
    today = timezone.localdate()
    councillor = (
        Councillor.all_objects.with_current_roles(today)
        .prefetch_related("terms__ward", "group_memberships__group", "co_options")
        .filter(user=request.user)
        .first()
    )
    seats = (
        councillor.committee_memberships.filter(in_force_on(today)).select_related("committee")
        if councillor
        else []
    )
    current_co_option = (
        next((c for c in councillor.co_options.all() if c.is_in_force_on(today)), None)
        if councillor
        else None
    )
    return render(
        request,
        "members/portal.html",
        {"councillor": councillor, "seats": seats, "current_co_option": current_co_option},
    )
