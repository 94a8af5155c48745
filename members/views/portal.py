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
    """A councillor's own page: their ward, group, terms of office and committee seats."""
    today = timezone.localdate()
    councillor = (
        Councillor.objects.with_current_roles(today)
        .prefetch_related("terms__ward", "group_memberships__group")
        .filter(user=request.user)
        .first()
    )
    seats = (
        councillor.committee_memberships.filter(in_force_on(today)).select_related("committee")
        if councillor
        else []
    )
    return render(request, "members/portal.html", {"councillor": councillor, "seats": seats})
