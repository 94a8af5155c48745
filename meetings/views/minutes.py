"""Minutes pages: the editor (draft, edit, publish, approve at a later meeting, correct by
resolution) for democratic services officers, and the minutes PDF.

The PDF comes in two versions. The public version (restricted minutes replaced by their notice)
is open to anyone once the draft is published, and to officers before. The full version is for
officers, and for councillors sitting on the committee once the draft is published
(``meetings.permissions.can_see_restricted``). Anyone else gets a 404 for either, as if it did
not exist.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from democracy import text_limits
from democracy.forms import gov_helper
from democracy.permissions import role_required
from meetings.models import (
    Attendance,
    Meeting,
    Minutes,
    MinutesCorrection,
    MinutesEntry,
    Resolution,
)
from meetings.permissions import get_meeting_for_user, is_officer, sits_on
from meetings.services import minutes as services
from meetings.services.proceedings import record_objection
from meetings.views.proceedings import OFFICERS, add_errors

STATUS_TAGS = {
    Minutes.Status.DRAFT: "govuk-tag--grey",
    Minutes.Status.PUBLISHED: "govuk-tag--yellow",
    Minutes.Status.APPROVED: "govuk-tag--green",
}


def get_minutes(meeting: Meeting) -> Minutes | None:
    return (
        Minutes.all_objects.filter(meeting=meeting)
        .select_related("meeting__committee", "approved_at_meeting__committee")
        .first()
    )


def get_entry(pk: int) -> MinutesEntry:
    """A minute for the officers' editor (officers see every entry), or 404."""
    try:
        return MinutesEntry.all_objects.select_related(
            "minutes__meeting__committee", "minutes__approved_at_meeting", "item"
        ).get(pk=pk)
    except MinutesEntry.DoesNotExist:
        raise Http404("No such minute") from None


# --------------------------------------------------------------------------------------------
# The editor
# --------------------------------------------------------------------------------------------


@role_required(*OFFICERS)
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    minutes = get_minutes(meeting)
    entries = []
    corrections: dict[int, list[MinutesCorrection]] = {}
    if minutes is not None:
        entries = list(MinutesEntry.all_objects.filter(minutes=minutes).select_related("item"))
        for c in MinutesCorrection.all_objects.filter(entry__minutes=minutes).select_related(
            "resolution__item__meeting"
        ):
            corrections.setdefault(c.entry_id, []).append(c)
        for e in entries:
            e.correction_list = corrections.get(e.pk, [])
    return render(
        request,
        "meetings/minutes/editor.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "entries": entries,
            "tag": STATUS_TAGS.get(minutes.status, "") if minutes else "",
            "approval_note": services.approval_note(minutes) if minutes else "",
            "record_objection": record_objection(meeting)
            if minutes and minutes.status == Minutes.Status.DRAFT
            else "",
        },
    )


def back_to_minutes(meeting_pk: int, anchor: str = "") -> str:
    url = reverse("meetings:minutes", args=[meeting_pk])
    return f"{url}#{anchor}" if anchor else url


@require_POST
@role_required(*OFFICERS)
def minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    try:
        services.minutes_draft(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Draft minutes written from the agenda and the record")
    return redirect(back_to_minutes(meeting.pk))


@require_POST
@role_required(*OFFICERS)
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    minutes = get_minutes(meeting)
    if minutes is None:
        raise Http404("No minutes")
    try:
        services.minutes_publish_draft(
            minutes=minutes,
            by=request.user,
            exception_reasons=request.POST.get("exception_reasons", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Draft minutes published")
    return redirect(back_to_minutes(meeting.pk))


class EntryForm(forms.Form):
    text = text_limits.limited_text(
        limit=text_limits.MINUTES,
        label="Minute",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("text", label_size=Size.SMALL), Submit("save", "Save the minute")
        )


class CorrectionForm(forms.Form):
    text = text_limits.limited_text(
        limit=text_limits.MINUTES,
        label="Corrected minute",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the corrected minute"},
    )
    resolution = forms.TypedChoiceField(
        label="Resolution making the correction",
        help_text="A resolution of a later meeting of the committee",
        coerce=int,
        error_messages={"required": "Choose the resolution that made the correction"},
    )

    def __init__(self, *args, resolutions: list[Resolution], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].choices = [("", "Choose a resolution")] + [
            (
                r.pk,
                f"Minute {r.reference} ({r.item.meeting.starts_at:%-d %B %Y}): {r.text[:60]}",
            )
            for r in resolutions
        ]
        self.helper = gov_helper(
            Field.textarea("text", label_size=Size.SMALL),
            Field("resolution"),
            Submit("correct", "Correct the minute"),
        )


@role_required(*OFFICERS)
def minutes_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a minute (draft), or correct it by a later resolution (approved)."""
    entry = get_entry(pk)
    minutes = entry.minutes
    meeting = minutes.meeting
    approved = minutes.status == Minutes.Status.APPROVED
    if approved:
        resolutions = services.correcting_resolutions(minutes)
        form = CorrectionForm(
            request.POST or None, resolutions=resolutions, initial={"text": entry.text}
        )
    else:
        resolutions = []
        form = EntryForm(request.POST or None, initial={"text": entry.text})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if approved:
                resolution = next(r for r in resolutions if r.pk == data["resolution"])
                services.minutes_correct(
                    entry=entry, text=data["text"], resolution=resolution, by=request.user
                )
            else:
                services.minutes_update_entry(entry=entry, text=data["text"], by=request.user)
        except ValidationError as error:
            add_errors(form, error, {"after_text": "text"})
        else:
            messages.success(request, f"Minute {'corrected' if approved else 'saved'}: {entry}")
            return redirect(back_to_minutes(meeting.pk, f"entry-{entry.pk}"))
    return render(
        request,
        "meetings/minutes/entry.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "entry": entry,
            "form": form,
            "approved": approved,
            "no_resolutions": approved and not resolutions,
        },
    )


@require_POST
@role_required(*OFFICERS)
def minutes_entry_redraft(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry(pk)
    try:
        services.minutes_redraft_entry(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Minute redrafted from the record: {entry}")
    return redirect(back_to_minutes(entry.minutes.meeting_id, f"entry-{entry.pk}"))


class ApproveForm(forms.Form):
    at_item = forms.TypedChoiceField(
        label="Which meeting approved the minutes?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting that approved the minutes"},
    )
    signed_by = forms.CharField(
        label="Signed by (the person presiding)",
        max_length=150,
        error_messages={"required": "Enter the name of the chair who signed the minutes"},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_item"].choices = [
            (
                item.pk,
                f"{item.meeting.committee}, {item.meeting.starts_at:%-d %B %Y}",
            )
            for item in candidates
        ]
        self.helper = gov_helper(
            Field.radios("at_item", legend_size=Size.SMALL),
            Field.text("signed_by", field_width=Fluid.TWO_THIRDS),
            Submit("approve", "Record the approval and lock the minutes"),
        )


@role_required(*OFFICERS)
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    minutes = get_minutes(meeting)
    if minutes is None:
        raise Http404("No minutes")
    candidates = services.approving_candidates(minutes)
    chair = None
    if candidates:
        chair = (
            Attendance.objects.filter(meeting=candidates[0].meeting_id, presiding=True)
            .select_related("councillor")
            .first()
        )
    form = ApproveForm(
        request.POST or None,
        candidates=candidates,
        initial={
            "at_item": candidates[0].pk if candidates else None,
            "signed_by": chair.name if chair else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        at_item = next(c for c in candidates if c.pk == data["at_item"])
        try:
            services.minutes_approve(
                minutes=minutes, at_item=at_item, signed_by=data["signed_by"], by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The minutes are approved and locked")
            return redirect(back_to_minutes(meeting.pk))
    return render(
        request,
        "meetings/minutes/approve.html",
        {"meeting": meeting, "minutes": minutes, "form": form, "candidates": candidates},
    )


# --------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------


def minutes_pdf(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    minutes = get_minutes(meeting)
    officer = is_officer(request.user)
    if minutes is None or version not in {"public", "full"}:
        raise Http404("No minutes")
    if not officer:
        if not minutes.is_published:
            raise Http404("No minutes")
        if version == "full" and not sits_on(request.user, meeting):
            raise Http404("No minutes")
    pdf = services.render_minutes_pdf(minutes, public=version == "public")
    response = HttpResponse(pdf, content_type="application/pdf")
    day = f"{meeting.starts_at:%Y-%m-%d}"
    suffix = "" if version == "public" else "-full"
    draft = "" if minutes.status == Minutes.Status.APPROVED else "-draft"
    response["Content-Disposition"] = (
        f'inline; filename="minutes-{meeting.committee.slug}-{day}{draft}{suffix}.pdf"'
    )
    if version == "full" or not minutes.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("meetings/<int:pk>/minutes/", minutes_page, name="minutes"),
    path("meetings/<int:pk>/minutes/draft/", minutes_draft, name="minutes-draft"),
    path("meetings/<int:pk>/minutes/publish/", minutes_publish, name="minutes-publish"),
    path("meetings/<int:pk>/minutes/approve/", minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/<str:version>.pdf", minutes_pdf, name="minutes-pdf"),
    path("minutes/<int:pk>/", minutes_entry, name="minutes-entry"),
    path("minutes/<int:pk>/redraft/", minutes_entry_redraft, name="minutes-entry-redraft"),
]
