"""The council's own settings pages: the constitution (managers) and venues and rooms (officers).

Every write goes through a service (``democracy.constitution.constitution_update``,
``democracy.venues``), which validates, saves and audits in one transaction: a refusal is shown
on the field it is about, and nothing is half-saved.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from democracy import venues
from democracy.constitution import (
    EDITABLE,
    constitution,
    constitution_update,
    limit_description,
)
from democracy.forms import ClockTimeField, GovDateField, date_question, gov_helper, number_input
from democracy.models import Constitution, Room, Venue
from democracy.permissions import role_required
from democracy.roles import Role
from democracy.text_limits import SHORT

MANAGERS = (Role.DEMOCRATIC_SERVICES_MANAGER,)
OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the field of the same name, anything else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _through_service(request, form, service, success) -> HttpResponse | None:
    """A valid post calls ``service``: done, ``success(result)`` is said and the officer goes
    back to the venues; refused, its reasons go on the form. None: show the form (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = service()
    except ValidationError as error:
        _service_errors(form, error)
        return None
    messages.success(request, success(result))
    return redirect("council:venues")


def _subject(label: str) -> str:
    return label[0].upper() + label[1:]


# --- The constitution ------------------------------------------------------------------------------

# The page's sections, in order: (legend, fields).
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Call-in",
        [
            "call_in_working_days",
            "call_in_signatories",
            "call_in_signatory_groups",
            "call_in_scrutiny_members_only",
        ],
    ),
    ("Report clearance", ["report_sign_offs", "report_deadline_working_days"]),
    (
        "Publication",
        [
            "agenda_clear_days",
            "meeting_notice_clear_days",
            "decision_publication_working_days",
            "draft_minutes_working_days",
            "meeting_calendar_excludes_christmas_eve",
        ],
    ),
    (
        "Meetings and committees",
        [
            "meeting_start_time",
            "meeting_duration_minutes",
            "substitutes_same_group",
            "remote_attendance_counts_for_quorum",
        ],
    ),
    (
        "Public participation",
        [
            "public_question_deadline_working_days",
            "deputation_deadline_working_days",
            "public_speaking_minutes",
            "public_participation_retention_days",
        ],
    ),
    (
        "Executive decisions and notices",
        [
            "key_decision_notice_clear_days",
            "private_meeting_notice_clear_days",
            "private_meeting_final_notice_clear_days",
            "general_exception_clear_days",
            "long_notice_clear_days_are_working_days",
            "short_notice_clear_days_are_working_days",
        ],
    ),
    (
        "Members' interests and gifts",
        [
            "interest_registration_days",
            "interest_change_days",
            "interest_reminder_days",
            "gift_registration_days",
            "gift_threshold_pounds",
        ],
    ),
    (
        "Members' allowances",
        ["allowances_withhold_during_suspension", "allowances_cost_centre"],
    ),
    (
        "Education appeals",
        [
            "appeals_evidence_link_days",
            "appeals_panel_training_months",
            "appeals_panel_access_days",
            "appeals_retention_years",
        ],
    ),
    (
        "Education appeals: statutory periods",
        [
            "admission_lodging_school_days",
            "admission_notice_school_days",
            "admission_decision_letter_school_days",
            "admission_normal_hearing_school_days",
            "admission_late_hearing_school_days",
            "admission_in_year_hearing_school_days",
            "exclusion_review_school_days",
            "transport_stage_1_request_working_days",
            "transport_stage_1_review_working_days",
            "transport_stage_2_request_working_days",
            "transport_stage_2_panel_working_days",
            "transport_stage_2_decision_working_days",
        ],
    ),
]


def _help(model_field, name: str) -> str:
    """The field's own help, and the statutory limit where there is one, so the manager knows
    before saving."""
    parts = [str(model_field.help_text)] if model_field.help_text else []
    if limit := limit_description(name):
        parts.append(limit)
    return " ".join(parts)


class ConstitutionForm(forms.Form):
    """Every editable field of the constitution, built from the model so that a new period gets
    its question without a change here; messages name the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EDITABLE:
            model_field = Constitution._meta.get_field(name)
            label = str(model_field.verbose_name)
            help_text = _help(model_field, name)
            if name == "report_sign_offs":
                field = forms.CharField(
                    label=label,
                    help_text=f"{help_text} One sign-off a line, first to sign at the top.",
                    required=False,
                    max_length=SHORT,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            elif name == "meeting_start_time":
                field = ClockTimeField(label=label, example="6:30pm or 18:30")
            elif isinstance(model_field, models.BooleanField):
                field = forms.BooleanField(label=label, help_text=help_text, required=False)
            elif isinstance(model_field, models.CharField):
                field = forms.CharField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    max_length=model_field.max_length,
                    error_messages={
                        "max_length": f"{_subject(label)} must be "
                        f"{model_field.max_length} characters or fewer"
                    },
                )
            else:
                least = max(
                    [
                        v.limit_value
                        for v in model_field.validators
                        if isinstance(v, MinValueValidator)
                    ],
                    default=0,
                )
                field = forms.IntegerField(
                    label=label,
                    help_text=help_text,
                    min_value=least,
                    max_value=999,
                    widget=number_input(),
                    error_messages={
                        "required": f"Enter the {label[0].lower()}{label[1:]}",
                        "invalid": f"{_subject(label)} must be a whole number",
                        "min_value": f"{_subject(label)} must be {least} or more",
                        "max_value": f"{_subject(label)} must be 999 or less",
                    },
                )
            self.fields[name] = field
        layout = []
        for legend, names in SECTIONS:
            items = []
            for name in names:
                field = self.fields[name]
                if isinstance(field, forms.BooleanField):
                    items.append(Field.checkbox(name))
                elif name == "report_sign_offs":
                    items.append(Field.textarea(name, rows=4))
                elif isinstance(field, forms.CharField):
                    items.append(Field.text(name, field_width=Fixed.TEN))
                else:
                    items.append(Field.text(name, field_width=Fixed.FIVE))
            layout.append(Fieldset(*items, legend=legend, legend_size=Size.MEDIUM))
        layout.append(Submit("save", "Save the constitution"))
        self.helper = gov_helper(*layout)

    def clean_report_sign_offs(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["report_sign_offs"].splitlines()]


def _initial(row: Constitution) -> dict:
    initial = {name: getattr(row, name) for name in EDITABLE}
    initial["report_sign_offs"] = "\n".join(row.report_sign_offs)
    return initial


@role_required(*MANAGERS)
def constitution_page(request: HttpRequest) -> HttpResponse:
    """The constitution: managers change it here, checked against the law and audited."""
    row = constitution()
    form = ConstitutionForm(_posted(request), initial=_initial(row))
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in EDITABLE}
        try:
            constitution_update(values=changed, by=request.user)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Constitution saved")
            return redirect("council:constitution")
    return render(
        request, "democracy/constitution.html", {"form": form, "updated_at": row.updated_at}
    )


# --- Venues and rooms -----------------------------------------------------------------------------


def _get_venue(pk: int) -> Venue:
    try:
        return Venue.objects.get(pk=pk)
    except Venue.DoesNotExist:
        raise Http404("No such venue") from None


def _get_room(pk: int) -> Room:
    try:
        return Room.objects.select_related("venue").get(pk=pk)
    except Room.DoesNotExist:
        raise Http404("No such room") from None


class VenueForm(forms.Form):
    name = forms.CharField(
        label="Name of the venue",
        max_length=150,
        error_messages={
            "required": "Enter the name of the venue",
            "max_length": "Name of the venue must be 150 characters or fewer",
        },
    )
    address = forms.CharField(
        label="Address",
        max_length=SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the address",
            "max_length": "Address must be 2,000 characters or fewer",
        },
    )
    accessibility = forms.CharField(
        label="Accessibility",
        help_text="Step-free access, hearing loop, parking: shown to the public.",
        max_length=SHORT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Accessibility must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("name"),
            Field.textarea("address", rows=3),
            Field.textarea("accessibility", rows=3),
            Submit("save", button),
        )


class RoomForm(forms.Form):
    name = forms.CharField(
        label="Name of the room",
        max_length=150,
        error_messages={
            "required": "Enter the name of the room",
            "max_length": "Name of the room must be 150 characters or fewer",
        },
    )
    capacity = forms.IntegerField(
        label="Capacity",
        help_text="How many people the room seats.",
        required=False,
        min_value=1,
        max_value=5000,
        widget=number_input(),
        error_messages={
            "invalid": "Capacity must be a whole number",
            "min_value": "Capacity must be 1 or more",
            "max_value": "Capacity must be 5,000 or fewer",
        },
    )
    accessibility = forms.CharField(
        label="Accessibility of the room",
        help_text="What this room offers beyond the building's access: a hearing loop, a lowered "
        "table, where the accessible toilet is.",
        max_length=SHORT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Accessibility of the room must be 2,000 characters or fewer"
        },
    )

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("name"),
            Field.text("capacity", field_width=Fixed.FIVE),
            Field.textarea("accessibility", rows=3),
            Submit("save", button),
        )


class RetireForm(forms.Form):
    retired_on = GovDateField(label="No longer used from", help_text="For example, 1 9 2026")

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(date_question("retired_on"), Submit("retire", button))


def _form_page(request, form, *, title: str, caption: str = "", warning: str = "") -> HttpResponse:
    return render(
        request,
        "democracy/venue_form.html",
        {"form": form, "title": title, "caption": caption, "warning": warning},
    )


@role_required(*OFFICERS)
def venue_list(request: HttpRequest) -> HttpResponse:
    """Every venue with its rooms (two queries), those in use first."""
    today = timezone.localdate()
    found = (
        Venue.objects.prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("name")))
        .annotate(room_count=Count("rooms"))
        .order_by("name")
    )
    in_use = [v for v in found if v.retired_on is None or v.retired_on > today]
    retired = [v for v in found if v.retired_on is not None and v.retired_on <= today]
    return render(
        request,
        "democracy/venues.html",
        {"in_use": in_use, "retired": retired, "today": today},
    )


@role_required(*OFFICERS)
def venue_add(request: HttpRequest) -> HttpResponse:
    form = VenueForm(_posted(request), button="Add the venue")
    done = _through_service(
        request,
        form,
        lambda: venues.venue_create(**form.cleaned_data, by=request.user),
        lambda venue: f"{venue} added",
    )
    return done or _form_page(request, form, title="Add a venue")


@role_required(*OFFICERS)
def venue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    venue = _get_venue(pk)
    form = VenueForm(
        _posted(request),
        initial={f: getattr(venue, f) for f in venues.VENUE_FIELDS},
        button="Save the venue",
    )
    done = _through_service(
        request,
        form,
        lambda: venues.venue_update(venue=venue, values=form.cleaned_data, by=request.user),
        lambda _: f"{venue} saved",
    )
    return done or _form_page(request, form, title="Change a venue", caption=venue.name)


@role_required(*OFFICERS)
def venue_retire(request: HttpRequest, pk: int) -> HttpResponse:
    venue = _get_venue(pk)
    if venue.retired_on is not None:
        raise Http404("Already retired")
    form = RetireForm(_posted(request), button="Retire the venue")
    done = _through_service(
        request,
        form,
        lambda: venues.venue_retire(
            venue=venue, retired_on=form.cleaned_data["retired_on"], by=request.user
        ),
        lambda _: f"{venue} retired from {venue.retired_on:%-d %B %Y}",
    )
    return done or _form_page(
        request,
        form,
        title="Retire a venue",
        caption=venue.name,
        warning="None of its rooms can be booked from this date. Past bookings are kept.",
    )


@role_required(*OFFICERS)
def room_add(request: HttpRequest, pk: int) -> HttpResponse:
    venue = _get_venue(pk)
    form = RoomForm(_posted(request), button="Add the room")
    done = _through_service(
        request,
        form,
        lambda: venues.room_create(venue=venue, **form.cleaned_data, by=request.user),
        lambda room: f"{room} added",
    )
    return done or _form_page(request, form, title="Add a room", caption=venue.name)


@role_required(*OFFICERS)
def room_edit(request: HttpRequest, pk: int) -> HttpResponse:
    room = _get_room(pk)
    form = RoomForm(
        _posted(request),
        initial={f: getattr(room, f) for f in venues.ROOM_FIELDS},
        button="Save the room",
    )
    done = _through_service(
        request,
        form,
        lambda: venues.room_update(room=room, values=form.cleaned_data, by=request.user),
        lambda _: f"{room} saved",
    )
    return done or _form_page(request, form, title="Change a room", caption=str(room))


@role_required(*OFFICERS)
def room_retire(request: HttpRequest, pk: int) -> HttpResponse:
    room = _get_room(pk)
    if room.retired_on is not None:
        raise Http404("Already retired")
    form = RetireForm(_posted(request), button="Retire the room")
    done = _through_service(
        request,
        form,
        lambda: venues.room_retire(
            room=room, retired_on=form.cleaned_data["retired_on"], by=request.user
        ),
        lambda _: f"{room} retired from {room.retired_on:%-d %B %Y}",
    )
    return done or _form_page(
        request,
        form,
        title="Retire a room",
        caption=str(room),
        warning="It cannot be booked from this date. Past bookings are kept.",
    )


urlpatterns = [
    path("constitution/", constitution_page, name="constitution"),
    path("venues/", venue_list, name="venues"),
    path("venues/add/", venue_add, name="venue-add"),
    path("venues/<int:pk>/", venue_edit, name="venue-edit"),
    path("venues/<int:pk>/retire/", venue_retire, name="venue-retire"),
    path("venues/<int:pk>/rooms/add/", room_add, name="room-add"),
    path("rooms/<int:pk>/", room_edit, name="room-edit"),
    path("rooms/<int:pk>/retire/", room_retire, name="room-retire"),
]
