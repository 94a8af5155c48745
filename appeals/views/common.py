"""What every appeals page shares: fetching a case or hearing for the user (a 404 for anyone who
may not see it, and an audit row for every view of a case) and form pages with service errors on
their fields."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from appeals.models import Appeal, Hearing
from democracy import audit
from democracy.permissions import has_role
from democracy.roles import Role

FORM_TEMPLATE = "appeals/form.html"


def is_clerk(user) -> bool:
    return has_role(user, Role.APPEALS_CLERK)


def get_appeal_for_user(request: HttpRequest, pk: int, *, action: str = "view") -> Appeal:
    """The appeal if ``request.user`` may see it (``Appeal.cases.visible_to``), else a 404 (for
    anonymous visitors too: "can't see" and "doesn't exist" are one answer). Every successful
    fetch writes an audit row: who looked at which case (ids only, never the child)."""
    appeal = (
        Appeal.cases.visible_to(request.user)
        .select_related("school", "admission_authority__calendar", "admission_round")
        .filter(pk=pk)
        .first()
    )
    if appeal is None:
        raise Http404("No such appeal")
    with transaction.atomic():
        audit.record(f"appeals.appeal.{action}", appeal, by=request.user)
    return appeal


def get_hearing_for_user(request: HttpRequest, pk: int) -> Hearing:
    hearing = (
        Hearing.hearings.visible_to(request.user)
        .select_related("school", "room__venue", "clerk", "admission_authority")
        .filter(pk=pk)
        .first()
    )
    if hearing is None:
        raise Http404("No such hearing")
    with transaction.atomic():
        audit.record("appeals.hearing.view", hearing, by=request.user)
    return hearing


def service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the field of the same name, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back: tuple[str, str],
    on_valid: Callable[[dict], HttpResponse],
    caption: str = "",
    intro: str = "",
    template: str = FORM_TEMPLATE,
    context: dict | None = None,
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``on_valid(cleaned_data)``, whose service errors are
    shown on their fields (the service is atomic, so nothing is half-saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid(form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "back_url": back[0],
            "back_text": back[1],
            **(context or {}),
        },
    )
