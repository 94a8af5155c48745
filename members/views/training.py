"""Member training: officer pages under ``/members/officers/training/`` (modules, events, the
attendance register, a councillor's record) and the councillor's "Your training" pages under
``/members/portal/training/`` (their record and needs, booking, feedback).

Bookings are fetched through ``TrainingBooking.all_objects.visible_to``: a councillor asking
for someone else's booking gets a 404.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import text_limits
from democracy.forms import GovDateField, gov_helper
from democracy.permissions import role_required
from democracy.roles import MEMBER_ROLES
from members.models import Councillor, TrainingBooking, TrainingEvent, TrainingModule
from members.services import training as services
from members.views.forms_layout import layout_for
from members.views.records import (
    OFFICERS,
    form_page,
    get_councillor,
    own_councillor,
    posted,
    service_errors,
    serving_choices,
)

ACTIVE = ~Q(bookings__status=TrainingBooking.Status.CANCELLED)


def get_event(pk: int) -> TrainingEvent:
    try:
        return TrainingEvent.objects.select_related("module").get(pk=pk)
    except TrainingEvent.DoesNotExist:
        raise Http404("No such training event") from None


def get_booking_for_user(request: HttpRequest, pk: int) -> TrainingBooking:
    """A booking the user may see (officers: any; a councillor: their own), else 404."""
    try:
        return (
            TrainingBooking.all_objects.visible_to(request.user)
            .select_related("event__module", "councillor")
            .get(pk=pk)
        )
    except TrainingBooking.DoesNotExist:
        raise Http404("No such booking") from None


# --- Forms --------------------------------------------------------------------------------------


class ModuleForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=150, error_messages={"required": "Enter the name of the module"}
    )
    description = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    mandatory = forms.BooleanField(label="Every councillor must attend it", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the module")


class EventForm(forms.Form):
    module = forms.ModelChoiceField(
        label="Module",
        queryset=TrainingModule.objects.all(),
        empty_label="Choose a module",
        error_messages={"required": "Choose the module"},
    )
    day = GovDateField(label="Date of the event")
    time = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M"],
        help_text="For example, 18:30",
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time like 18:30",
        },
    )
    venue = forms.CharField(label="Venue", required=False, max_length=200)
    online = forms.BooleanField(label="Online", required=False)
    cost = forms.DecimalField(
        label="Cost, in pounds",
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal("0.00"),
        error_messages={
            "invalid": "Enter the cost as a number of pounds, like 250.00",
            "min_value": "The cost cannot be negative",
        },
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        error_messages={"required": "Enter the number of places"},
    )
    trainer = forms.CharField(label="Trainer", required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the event")

    def clean(self):
        data = super().clean()
        if not data.get("venue") and not data.get("online"):
            self.add_error("venue", "Enter the venue, or tick online")
        return data


class RegisterForm(forms.Form):
    """One radio question per booking: attended or did not attend."""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (TrainingBooking.Status.ATTENDED, "Attended"),
            (TrainingBooking.Status.DID_NOT_ATTEND, "Did not attend"),
        ]
        self.bookings = bookings
        items = []
        for booking in bookings:
            name = f"booking_{booking.pk}"
            self.fields[name] = forms.ChoiceField(
                label=booking.councillor.full_name,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=booking.status if booking.status != TrainingBooking.Status.BOOKED else None,
            )
            items.append(Field.radios(name, inline=True, small=True, legend_size=Size.SMALL))
        self.helper = gov_helper(*items, Submit("save", "Save the register"))


class BookForm(forms.Form):
    councillor = forms.ModelChoiceField(
        label="Councillor",
        queryset=Councillor.all_objects.none(),
        empty_label="Choose a councillor",
        error_messages={"required": "Choose the councillor to book"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = serving_choices()
        self.helper = layout_for(self, "Book a place")
        self.helper.form_action = "?book=1"


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was it?",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, "5: excellent"),
            (4, "4: good"),
            (3, "3: adequate"),
            (2, "2: poor"),
            (1, "1: very poor"),
        ],
        error_messages={"required": "Select a rating from 1 to 5"},
    )
    comments = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Send feedback")


# --- Officer pages ------------------------------------------------------------------------------


@role_required(*OFFICERS)
def training_home(request: HttpRequest) -> HttpResponse:
    modules = TrainingModule.objects.annotate(events_count=Count("events")).prefetch_related(
        "required_by"
    )
    events = (
        TrainingEvent.objects.select_related("module")
        .annotate(booked=Count("bookings", filter=ACTIVE))
        .order_by("-starts_at")[:50]
    )
    return render(request, "members/training/home.html", {"modules": modules, "events": events})


@role_required(*OFFICERS)
def module_create(request: HttpRequest) -> HttpResponse:
    form = ModuleForm(posted(request))

    def save(data: dict) -> HttpResponse:
        module = services.module_create(by=request.user, **data)
        messages.success(request, f"{module} has been added.")
        return redirect("members:officer-training")

    return form_page(
        request,
        form,
        title="Add a training module",
        back=(reverse("members:officer-training"), "Back to training"),
        on_valid=save,
    )


@role_required(*OFFICERS)
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(posted(request))

    def save(data: dict) -> HttpResponse:
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        event = services.event_create(
            module=data["module"],
            starts_at=starts_at,
            capacity=data["capacity"],
            venue=data["venue"],
            online=data["online"],
            cost=data["cost"],
            trainer=data["trainer"],
            by=request.user,
        )
        messages.success(request, f"{event} has been added.")
        return redirect("members:officer-training-event", event.pk)

    return form_page(
        request,
        form,
        title="Add a training event",
        back=(reverse("members:officer-training"), "Back to training"),
        on_valid=save,
    )


@role_required(*OFFICERS)
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's bookings and, once it has started, the attendance register."""
    event = get_event(pk)
    bookings = list(
        TrainingBooking.all_objects.filter(event=event)
        .exclude(status=TrainingBooking.Status.CANCELLED)
        .select_related("councillor")
        .order_by("councillor__last_name", "councillor__first_name")
    )
    started = event.starts_at <= timezone.now()
    booking_form = None
    if not started:
        booking = request.method == "POST" and "book" in request.GET
        booking_form = BookForm(request.POST if booking else None)
        if booking and booking_form.is_valid():
            councillor = booking_form.cleaned_data["councillor"]
            try:
                services.booking_create(councillor=councillor, event=event, by=request.user)
            except ValidationError as error:
                service_errors(booking_form, error)
            else:
                messages.success(request, f"{councillor.full_name} is booked on {event}.")
                return redirect("members:officer-training-event", event.pk)
    form = RegisterForm(posted(request), bookings=bookings) if started and bookings else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            for booking in bookings:
                status = form.cleaned_data.get(f"booking_{booking.pk}")
                if status and status != booking.status:
                    services.attendance_mark(booking=booking, status=status, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The register has been saved.")
            return redirect("members:officer-training-event", event.pk)
    return render(
        request,
        "members/training/event.html",
        {
            "event": event,
            "bookings": bookings,
            "form": form,
            "booking_form": booking_form,
            "started": started,
        },
    )


@role_required(*OFFICERS)
def councillor_training(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = get_councillor(pk)
    return render(
        request,
        "members/training/record.html",
        {"record": services.training_record(councillor), "officer": True},
    )


# --- Portal: your training ----------------------------------------------------------------------


@role_required(*MEMBER_ROLES)
def portal_training(request: HttpRequest) -> HttpResponse:
    councillor = own_councillor(request)
    record = services.training_record(councillor)
    booked = {b.event_id for b in record.bookings if b.status != TrainingBooking.Status.CANCELLED}
    upcoming = (
        TrainingEvent.objects.upcoming()
        .select_related("module")
        .annotate(booked=Count("bookings", filter=ACTIVE))
        .order_by("starts_at")[:30]
    )
    return render(
        request,
        "members/training/portal.html",
        {
            "record": record,
            "upcoming": upcoming,
            "booked_ids": booked,
            "now": timezone.now(),
        },
    )


@role_required(*MEMBER_ROLES)
@require_POST
def portal_book(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = own_councillor(request)
    event = get_event(pk)
    try:
        services.booking_create(councillor=councillor, event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You are booked on {event}.")
    return redirect("members:portal-training")


@role_required(*MEMBER_ROLES)
def portal_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_user(request, pk)
    if booking.councillor.user_id != request.user.pk:
        raise Http404("No such booking")
    form = FeedbackForm(
        posted(request), initial={"rating": booking.rating, "comments": booking.comments}
    )

    def save(data: dict) -> HttpResponse:
        services.feedback_give(
            booking=booking, rating=data["rating"], comments=data["comments"], by=request.user
        )
        messages.success(request, "Thank you for your feedback.")
        return redirect("members:portal-training")

    return form_page(
        request,
        form,
        title="Feedback",
        caption=str(booking.event),
        back=(reverse("members:portal-training"), "Back to your training"),
        on_valid=save,
    )


class CancelBookingForm(forms.Form):
    reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Why are you cancelling your place?",
        help_text="Democratic services see this. Your place is offered to others at once.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are cancelling your place"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("reason", rows=3),
            Submit("cancel", "Cancel my place", css_class="govuk-button--warning"),
        )


@role_required(*MEMBER_ROLES)
def portal_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A councillor cancels their own place on an event that has not started, saying why."""
    booking = get_booking_for_user(request, pk)
    if booking.councillor.user_id != request.user.pk:
        raise Http404("No such booking")
    form = CancelBookingForm(posted(request))

    def save(data: dict) -> HttpResponse:
        services.booking_cancel_own(booking=booking, reason=data["reason"], by=request.user)
        messages.success(request, f"Your place on {booking.event} has been cancelled.")
        return redirect("members:portal-training")

    return form_page(
        request,
        form,
        title="Cancel your place",
        caption=str(booking.event),
        back=(reverse("members:portal-training"), "Back to your training"),
        on_valid=save,
    )


urlpatterns = [
    path("officers/training/", training_home, name="officer-training"),
    path("officers/training/modules/new/", module_create, name="officer-training-module-create"),
    path("officers/training/events/new/", event_create, name="officer-training-event-create"),
    path("officers/training/events/<int:pk>/", event_register, name="officer-training-event"),
    path(
        "officers/councillors/<int:pk>/training/",
        councillor_training,
        name="officer-councillor-training",
    ),
    path("portal/training/", portal_training, name="portal-training"),
    path("portal/training/events/<int:pk>/book/", portal_book, name="portal-training-book"),
    path("portal/training/bookings/<int:pk>/cancel/", portal_cancel, name="portal-training-cancel"),
    path(
        "portal/training/bookings/<int:pk>/feedback/",
        portal_feedback,
        name="portal-training-feedback",
    ),
]
