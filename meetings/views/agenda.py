"""Officer pages that build an agenda: adding, editing, moving and removing items, marking items,
reports and appendices exempt or confidential, and publishing the agenda."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy.permissions import role_required
from meetings.forms import (
    ItemEditForm,
    ItemForm,
    PublishForm,
    RestrictionForm,
    add_service_errors,
    posted,
)
from meetings.models import AgendaItem, Appendix, Meeting, Report
from meetings.permissions import get_meeting_for_user
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.views.meetings import OFFICERS, Deadlines, awaiting_publication


def get_item(pk: int) -> AgendaItem:
    """An agenda item with its meeting, or 404. Agenda items are officers' working data and these
    pages are for officers only."""
    try:
        return AgendaItem.all_objects.select_related("meeting__committee").get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404("No such agenda item") from None


def item_url(item: AgendaItem) -> str:
    return f"{reverse('meetings:meeting-detail', args=[item.meeting_id])}#item-{item.pk}"


@role_required(*OFFICERS)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    initial = {}
    if parent := request.GET.get("parent", ""):
        initial["parent"] = parent if parent.isdigit() else None
    form = ItemForm(posted(request), meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = agenda_services.item_add(
                meeting=meeting,
                title=data["title"],
                description=data["description"],
                parent=data["parent"],
                is_key_decision=data["is_key_decision"],
                exempt_paragraphs=data["exempt_paragraphs"],
                public_interest_statement=data["public_interest_statement"],
                confidential=data["confidential"],
                urgency_reasons=data.get("urgency_reasons", ""),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Item added: {item.title}")
            return redirect(item_url(item))
    return render(
        request,
        "meetings/agenda/item_form.html",
        {"form": form, "meeting": meeting, "title": "Add an item to the agenda"},
    )


@role_required(*OFFICERS)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(pk)
    if item.kind == AgendaItem.Kind.EXCLUSION:
        raise Http404("The exclusion resolution is written from the restricted items")
    form = ItemEditForm(
        posted(request),
        initial={
            "title": item.title,
            "description": item.description,
            "is_key_decision": item.is_key_decision,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.item_update(item=item, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Item saved: {form.cleaned_data['title']}")
            return redirect(item_url(item))
    return render(
        request,
        "meetings/agenda/item_form.html",
        {"form": form, "meeting": item.meeting, "item": item, "title": "Edit the item"},
    )


@role_required(*OFFICERS)
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, "Choose whether to move the item up or down.")
        return redirect(item_url(item))
    try:
        agenda_services.item_move(item=item, up=direction == "up", by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Moved {direction}: {item.title}")
    return redirect(item_url(item))


@role_required(*OFFICERS)
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(pk)
    meeting = item.meeting
    error_messages: list[str] = []
    if request.method == "POST":
        try:
            agenda_services.item_remove(item=item, by=request.user)
        except ValidationError as error:
            error_messages = error.messages
        else:
            messages.success(request, f"Item removed: {item.title}")
            return redirect(f"{reverse('meetings:meeting-detail', args=[meeting.pk])}#agenda")
    report = Report.all_objects.filter(item=item).first()
    return render(
        request,
        "meetings/agenda/item_remove.html",
        {
            "item": item,
            "meeting": meeting,
            "report": report,
            "sub_items": item.sub_items.order_by("position"),
            "error_messages": error_messages,
        },
    )


# --- Exempt and confidential marking ------------------------------------------------------------


def _restriction(
    request: HttpRequest, target: AgendaItem | Report | Appendix, *, meeting: Meeting, back: str
) -> HttpResponse:
    kind = {AgendaItem: "item", Report: "report", Appendix: "appendix"}[type(target)]
    item = {"item": target, "report": getattr(target, "item", None), "appendix": None}[kind]
    if item is not None and item.parent_id is not None:
        # The exclusion resolution is worked out from top-level items, so a sub-item (or its
        # report) is taken in public or in private with its item: the item is marked instead.
        return render(
            request,
            "meetings/agenda/restriction.html",
            {
                "target": target,
                "kind": kind,
                "meeting": meeting,
                "back": back,
                "parent": item.parent,
            },
        )
    form = RestrictionForm(
        posted(request),
        initial={
            "exempt_paragraphs": target.exempt_paragraphs,
            "public_interest_statement": target.public_interest_statement,
            "confidential": target.confidential,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.restriction_set(target=target, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            cleared = (
                not form.cleaned_data["exempt_paragraphs"] and not form.cleaned_data["confidential"]
            )
            messages.success(
                request,
                f"{'Marking cleared' if cleared else 'Marking saved'}: {target}",
            )
            return redirect(back)
    return render(
        request,
        "meetings/agenda/restriction.html",
        {"form": form, "target": target, "kind": kind, "meeting": meeting, "back": back},
    )


@role_required(*OFFICERS)
def item_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(pk)
    if item.kind != AgendaItem.Kind.BUSINESS:
        raise Http404("Only items of business are marked")
    if item.parent_id:
        item = AgendaItem.all_objects.select_related("meeting__committee", "parent").get(pk=pk)
    return _restriction(request, item, meeting=item.meeting, back=item_url(item))


@role_required(*OFFICERS)
def report_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = Report.all_objects.select_related("item__meeting__committee", "item__parent").get(
            pk=pk
        )
    except Report.DoesNotExist:
        raise Http404("No such report") from None
    return _restriction(
        request,
        report,
        meeting=report.item.meeting,
        back=reverse("meetings:report-edit", args=[report.pk]),
    )


@role_required(*OFFICERS)
def appendix_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        appendix = Appendix.all_objects.select_related("report__item__meeting__committee").get(
            pk=pk
        )
    except Appendix.DoesNotExist:
        raise Http404("No such appendix") from None
    return _restriction(
        request,
        appendix,
        meeting=appendix.report.item.meeting,
        back=reverse("meetings:report-edit", args=[appendix.report_id]),
    )


# --- Publication --------------------------------------------------------------------------------


@role_required(*OFFICERS)
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the agenda and reports. After the latest lawful date the chair's reasons of
    urgency must be recorded (LGA 1972 s100B(4)(b))."""
    meeting = get_meeting_for_user(request, pk)
    if not awaiting_publication(meeting):
        messages.error(
            request,
            "The agenda has already been published."
            if meeting.is_published
            else f"The meeting is {meeting.get_status_display().lower()}.",
        )
        return redirect("meetings:meeting-detail", meeting.pk)
    countdown = Deadlines().countdown(meeting.date)
    form = PublishForm(posted(request), late=countdown.passed)
    not_ready = list(
        Report.all_objects.filter(item__meeting=meeting)
        .exclude(status__in=[Report.Status.READY, Report.Status.WITHDRAWN])
        .select_related("item")
        .order_by("item__position")
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.agenda_publish(
                meeting=meeting,
                late_reasons=form.cleaned_data.get("late_reasons", ""),
                today=timezone.localdate(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Agenda published: {meeting}")
            return redirect("meetings:meeting-detail", meeting.pk)
    return render(
        request,
        "meetings/agenda/publish.html",
        {
            "form": form,
            "meeting": meeting,
            "countdown": countdown,
            "deadline": countdown.deadline,
            "not_ready": not_ready,
        },
    )


urlpatterns = [
    path("meetings/<int:pk>/items/new/", item_add, name="item-add"),
    path("meetings/<int:pk>/publish/", agenda_publish, name="agenda-publish"),
    path("items/<int:pk>/edit/", item_edit, name="item-edit"),
    path("items/<int:pk>/move/", item_move, name="item-move"),
    path("items/<int:pk>/remove/", item_remove, name="item-remove"),
    path("items/<int:pk>/restriction/", item_restriction, name="item-restriction"),
    path("reports/<int:pk>/restriction/", report_restriction, name="report-restriction"),
    path("appendices/<int:pk>/restriction/", appendix_restriction, name="appendix-restriction"),
]
