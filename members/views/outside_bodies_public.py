"""The public list of outside bodies the council appoints councillors to, with the current
appointees and their roles (``/members/outside-bodies/``), read through ``members.public``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from members import public


@require_safe
def outside_bodies(request: HttpRequest) -> HttpResponse:
    bodies = public.outside_bodies(timezone.localdate())
    return render(request, "members/outside_bodies.html", {"bodies": bodies})


outside_bodies_page = public_conditional(outside_bodies)
