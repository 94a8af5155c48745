"""Clearance of reports in the approvers' own accounts: the reports waiting for my sign-off, a
report's sign-off page for its approver, the clearance state of every report for a meeting, and
who holds each sign-off.

An approver is any user who holds (or deputises for) a role of the sign-off chain
(``SignOffHolder``); they may read a report while it awaits a sign-off they hold. Anyone else is
given a 404 for the report, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from democracy.constitution import sign_off_chain
from democracy.permissions import role_required
from meetings.forms import (
    ApproverSignOffForm,
    SignOffHolderForm,
    add_service_errors,
    posted,
)
from meetings.models import Report, SignOff, SignOffHolder
from meetings.permissions import get_meeting_for_user, is_officer
from meetings.rules.numbering import numbered
from meetings.services import clearance
from meetings.views.meetings import OFFICERS, REPORT_TAGS, restriction_labels
from meetings.views.reports import report_preview


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def my_sign_offs(request: HttpRequest) -> HttpResponse:
    """Reports waiting for my sign-off: for the holders and deputies of the sign-offs (and
    officers, who see whether any wait for them)."""
    if response := _signed_in(request):
        return response
    held = clearance.roles_held_by(request.user)
    if not held and not is_officer(request.user):
        raise PermissionDenied
    waiting = clearance.reports_waiting_for(request.user)
    for report, _roles in waiting:
        report.tag_class = REPORT_TAGS.get(report.status, "")
    return render(request, "meetings/clearance/mine.html", {"held": held, "waiting": waiting})


def _report_for_approver(request: HttpRequest, pk: int) -> Report:
    """A report awaiting a sign-off the user holds, or one they have signed; else 404."""
    held = clearance.roles_held_by(request.user)
    if not held:
        raise Http404("No such report")
    report = (
        Report.all_objects.select_related("item__meeting__committee", "author")
        .prefetch_related("sign_offs__signed_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report")
    signed = any(s.signed_by_id == request.user.pk for s in report.sign_offs.all())
    if report.status != Report.Status.AWAITING_SIGN_OFF and not signed:
        raise Http404("No such report")
    return report


def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The approver reads the report and signs it off, or returns it with comments."""
    if response := _signed_in(request):
        return response
    report = _report_for_approver(request, pk)
    held = clearance.roles_held_by(request.user)
    waiting = [r for r in clearance.outstanding_roles(report) if r in held]
    awaiting = report.status == Report.Status.AWAITING_SIGN_OFF and bool(waiting)
    form = ApproverSignOffForm(posted(request), roles=waiting or held)
    if request.method == "POST" and awaiting and form.is_valid():
        try:
            sign_off = clearance.sign_off_give(report=report, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if sign_off.decision == SignOff.Decision.CHANGES_REQUESTED:
                text = f"You returned “{report.title}” to its author"
            else:
                text = f"You signed off “{report.title}” for {sign_off.role}"
            messages.success(request, text)
            return redirect("meetings:my-sign-offs")
    meeting = report.item.meeting
    number = next((n for n, i in numbered(list(meeting.items.all())) if i.pk == report.item_id), "")
    history = sorted(report.sign_offs.all(), key=lambda s: (s.signed_at, s.pk))
    return render(
        request,
        "meetings/clearance/approve.html",
        {
            "report": report,
            "meeting": meeting,
            "number": number,
            "form": form,
            "awaiting": awaiting,
            "waiting": waiting,
            "preview": report_preview(report),
            "labels": restriction_labels(report),
            "appendices": list(report.appendices.order_by("position")),
            "history": history,
        },
    )


@role_required(*OFFICERS)
def meeting_clearance(request: HttpRequest, pk: int) -> HttpResponse:
    """The clearance state of every report for a meeting, on one page."""
    meeting = get_meeting_for_user(request, pk)
    items = list(meeting.items.all())
    numbers = {i.pk: n for n, i in numbered(items)}
    chain = sign_off_chain()
    reports = list(
        Report.all_objects.filter(item__meeting=meeting)
        .select_related("item", "author")
        .prefetch_related("sign_offs__signed_by")
    )
    reports.sort(key=lambda r: (r.item.position or 0, r.pk))
    rows = []
    for report in reports:
        sign_offs = sorted(report.sign_offs.all(), key=lambda s: (s.signed_at, s.pk))
        current = {
            s.role: s
            for s in sign_offs
            if report.submitted_at
            and s.signed_at >= report.submitted_at
            and s.decision == SignOff.Decision.APPROVED
        }
        returned = next(
            (s for s in reversed(sign_offs) if s.decision == SignOff.Decision.CHANGES_REQUESTED),
            None,
        )
        rows.append(
            {
                "report": report,
                "number": numbers.get(report.item_id, ""),
                "tag_class": REPORT_TAGS.get(report.status, ""),
                "cells": [(role, current.get(role)) for role in chain],
                "returned": returned if report.status == Report.Status.CHANGES_REQUESTED else None,
            }
        )
    holders = clearance.holders_by_role()
    unheld = [role for role in chain if not holders.get(role)]
    return render(
        request,
        "meetings/clearance/meeting.html",
        {"meeting": meeting, "chain": chain, "rows": rows, "unheld": unheld},
    )


@role_required(*OFFICERS)
def sign_off_holders(request: HttpRequest) -> HttpResponse:
    """Who gives each sign-off, and their deputies; assign someone."""
    form = SignOffHolderForm(posted(request), roles=sign_off_chain())
    if request.method == "POST" and form.is_valid():
        try:
            holder = clearance.sign_off_holder_assign(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            kind = "deputy" if holder.deputy else "holder"
            who = holder.user.get_full_name() or holder.user.username
            messages.success(request, f"{who} is now a {holder.role} {kind}")
            return redirect("meetings:sign-off-holders")
    return render(
        request,
        "meetings/clearance/holders.html",
        {"form": form, "table": clearance.holders_by_role()},
    )


@role_required(*OFFICERS)
@require_POST
def sign_off_holder_remove(request: HttpRequest, pk: int) -> HttpResponse:
    holder = SignOffHolder.all_objects.select_related("user").filter(pk=pk).first()
    if holder is None:
        raise Http404("No such sign-off holder")
    clearance.sign_off_holder_remove(holder=holder, by=request.user)
    who = holder.user.get_full_name() or holder.user.username
    messages.success(request, f"{who} no longer gives the {holder.role} sign-off")
    return redirect(reverse("meetings:sign-off-holders"))


urlpatterns = [
    path("sign-offs/", my_sign_offs, name="my-sign-offs"),
    path("sign-offs/holders/", sign_off_holders, name="sign-off-holders"),
    path(
        "sign-offs/holders/<int:pk>/remove/", sign_off_holder_remove, name="sign-off-holder-remove"
    ),
    path("reports/<int:pk>/approve/", report_approve, name="report-approve"),
    path("meetings/<int:pk>/clearance/", meeting_clearance, name="meeting-clearance"),
]
