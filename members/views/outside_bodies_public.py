"""The public list of outside bodies the council appoints councillors to, with the current
appointees and their roles (``/members/outside-bodies/``)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from democracy.validity import in_force_on
from members.models import OutsideBody, OutsideBodyAppointment


@require_safe
def outside_bodies(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = OutsideBodyAppointment.objects.filter(in_force_on(today)).select_related("councillor")
    bodies = OutsideBody.objects.order_by("name").prefetch_related(
        Prefetch("appointments", queryset=current.order_by("councillor__last_name"), to_attr="now")
    )
    return render(request, "members/outside_bodies.html", {"bodies": bodies})


outside_bodies_page = public_conditional(outside_bodies)
