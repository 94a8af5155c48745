"""Officer screens for co-opted members: people who sit on the council's committees without
being councillors (Localism Act 2011 s27(4); LGA 2000 s49), under ``/members/officers/``.

The list (in office and former), adding a co-opted member with their first co-option in one
step, a co-opted member's record (co-options, committee seats, private contact details, links to
their register of interests and allowances), recording a new co-option and ending one. Ending a
co-option ends the person's committee seats the same day (``members.signals.left_office``, which
meetings listens to); the confirmation says which.

For Democratic Services Officers and Managers: anonymous visitors are sent to sign in, other
roles get a 403, a record that is not a co-opted member's is a 404. Committee seats belong to
meetings, which members may not import: they are read through the reverse relation
``committee_memberships`` only.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from democracy.forms import GovDateField
from democracy.permissions import role_required
from members.models import CoOption, Councillor, InterestDeclaration
from members.services import councillors as services
from members.services import records as record_services
from members.views.forms_layout import layout_for
from members.views.records import (
    OFFICERS,
    PrivateContactForm,
    ProfileForm,
    form_page,
    posted,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _seat_model():
    """meetings' ``CommitteeMembership``, reached through the relation rather than an import."""
    return Councillor._meta.get_field("committee_memberships").related_model


def _seats_in_force(on: date) -> Prefetch:
    seats = (
        _seat_model()
        .objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on)
        .select_related("committee")
        .order_by("committee__name")
    )
    return Prefetch("committee_memberships", seats, to_attr="current_seats")


def get_co_opted_member(pk: int, *prefetch) -> Councillor:
    """A co-opted member's record, else 404 (a councillor's record is not one)."""
    try:
        return (
            Councillor.all_objects.filter(kind=Councillor.Kind.COOPTED)
            .prefetch_related(*prefetch)
            .get(pk=pk)
        )
    except Councillor.DoesNotExist:
        raise Http404("No such co-opted member") from None


def get_co_option(pk: int) -> CoOption:
    try:
        return CoOption.objects.select_related("councillor").get(pk=pk)
    except CoOption.DoesNotExist:
        raise Http404("No such co-option") from None


def _back_to(person: Councillor) -> tuple[str, str]:
    return reverse("members:officer-co-opted-member", args=[person.pk]), f"Back to {person}"


def in_force(periods, on: date):
    """The first of ``periods`` (start_date/end_date, already loaded) in force on ``on``."""
    return next((p for p in periods if p.start_date <= on < (p.end_date or date.max)), None)


def co_opted_since(co_options: list[CoOption], current: CoOption | None) -> date | None:
    """When ``current`` began, following back co-options renewed without a gap."""
    if current is None:
        return None
    since = current.start_date
    by_end = {c.end_date: c for c in co_options if c.end_date}
    while since in by_end:
        since = by_end[since].start_date
    return since


# --- Forms --------------------------------------------------------------------------------------


class YesNoField(forms.TypedChoiceField):
    """A required yes/no question as GOV.UK radios, cleaned to a bool."""

    def __init__(self, *, label: str, required_message: str, **kwargs):
        super().__init__(
            label=label,
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            error_messages={"required": required_message},
            **kwargs,
        )


class CoOptionForm(forms.Form):
    """The questions about one co-option (also the second half of adding a co-opted member)."""

    appointment = forms.CharField(
        label="Co-opted as",
        max_length=200,
        help_text="For example, Independent member of the Audit and Governance Committee, or "
        "Parent governor representative on the Overview and Scrutiny Committee.",
        error_messages={"required": "Enter what they are co-opted as"},
    )
    appointed_by = forms.CharField(
        label="Appointed by",
        max_length=200,
        required=False,
        help_text="The meeting or decision that appointed them, for example Council, 22 May 2025.",
    )
    start_date = GovDateField(
        label="Co-opted from",
        help_text="The day they became a co-opted member. Their 28 days to register their "
        "interests begin that day.",
    )
    voting = YesNoField(
        label="Do they have a vote on the committee?",
        required_message="Select whether they have a vote",
        help_text="Only a voting co-optee is a co-opted member for the code of conduct and the "
        "register of interests (Localism Act 2011 section 27(4)).",
    )
    allowance_payable = YesNoField(
        label="Is the co-optees' allowance payable?",
        required_message="Select whether the co-optees' allowance is payable",
    )

    def __init__(self, *args, submit: str = "Record the co-option", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, submit)


class CoOptedMemberForm(forms.Form):
    """Who they are, how to reach them, and their first co-option: one form, one service call."""

    title = forms.CharField(
        label="Title",
        max_length=20,
        required=False,
        help_text="For example Mrs, Mr, Ms or Dr. A co-opted member is not a councillor.",
    )
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter their first name"},
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    council_email = ProfileForm.base_fields["council_email"]
    council_phone = ProfileForm.base_fields["council_phone"]
    home_address = PrivateContactForm.base_fields["home_address"]
    personal_email = PrivateContactForm.base_fields["personal_email"]
    personal_phone = PrivateContactForm.base_fields["personal_phone"]
    appointment = CoOptionForm.base_fields["appointment"]
    appointed_by = CoOptionForm.base_fields["appointed_by"]
    start_date = CoOptionForm.base_fields["start_date"]
    voting = CoOptionForm.base_fields["voting"]
    allowance_payable = CoOptionForm.base_fields["allowance_payable"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the co-opted member")


class EndCoOptionForm(forms.Form):
    end_date = GovDateField(
        label="First day no longer a co-opted member",
        help_text="Their committee seats end the same day.",
    )
    end_reason = forms.ChoiceField(
        label="Why did the co-option end?",
        widget=forms.RadioSelect,
        choices=CoOption.EndReason.choices,
        error_messages={"required": "Select why the co-option ended"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "End the co-option")


# --- Pages --------------------------------------------------------------------------------------


@role_required(*OFFICERS)
def co_opted_list(request: HttpRequest) -> HttpResponse:
    """Every co-opted member, in office first, with their current (else latest) co-option and
    their committee seats today. Three queries whatever the number (plus session and roles)."""
    today = timezone.localdate()
    people = list(
        Councillor.all_objects.filter(kind=Councillor.Kind.COOPTED).prefetch_related(
            Prefetch("co_options", CoOption.objects.order_by("-start_date")),
            _seats_in_force(today),
        )
    )
    for person in people:
        co_options = list(person.co_options.all())
        person.current_co_option = in_force(co_options, today)
        person.latest_co_option = person.current_co_option or next(iter(co_options), None)
        person.co_opted_since = co_opted_since(co_options, person.current_co_option)
    in_office = [p for p in people if p.current_co_option]
    former = [p for p in people if not p.current_co_option]
    return render(
        request,
        "members/records/co_opted_list.html",
        {"in_office": in_office, "former": former, "today": today},
    )


@role_required(*OFFICERS)
def co_opted_create(request: HttpRequest) -> HttpResponse:
    form = CoOptedMemberForm(posted(request))

    def save(data: dict) -> HttpResponse:
        person = services.co_opted_member_create(by=request.user, **data)
        messages.success(request, f"{person} has been added as a co-opted member.")
        return redirect("members:officer-co-opted-member", person.pk)

    return form_page(
        request,
        form,
        title="Add a co-opted member",
        intro=(
            "A co-opted member sits on a committee without being a councillor. Their home "
            "address and personal email and phone are never published."
        ),
        back=(reverse("members:officer-co-opted-members"), "Back to co-opted members"),
        on_valid=save,
    )


@role_required(*OFFICERS)
def co_opted_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    seats = (
        _seat_model().objects.select_related("committee").order_by("-start_date", "committee__name")
    )
    person = get_co_opted_member(
        pk,
        Prefetch("co_options", CoOption.objects.order_by("-start_date")),
        Prefetch("committee_memberships", seats, to_attr="all_seats"),
    )
    co_options = list(person.co_options.all())
    current = in_force(co_options, today)
    open_co_option = next((c for c in co_options if c.end_date is None), None)
    current_seats = [s for s in person.all_seats if in_force([s], today)]
    declaration = (
        InterestDeclaration.all_objects.visible_to(request.user)
        .filter(councillor=person)
        .order_by("-pk")
        .only("pk", "status", "version")
        .first()
    )
    return render(
        request,
        "members/records/co_opted_detail.html",
        {
            "person": person,
            "councillor": person,
            "contact": record_services.private_contact_of(person),
            "co_options": co_options,
            "current": current,
            "co_opted_since": co_opted_since(co_options, current),
            "open_co_option": open_co_option,
            "current_seats": current_seats,
            "past_seats": [s for s in person.all_seats if s not in current_seats],
            "declaration": declaration,
            "today": today,
        },
    )


@role_required(*OFFICERS)
def co_option_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_co_opted_member(pk)
    form = CoOptionForm(posted(request))

    def save(data: dict) -> HttpResponse:
        co_option = services.co_option_start(councillor=person, by=request.user, **data)
        messages.success(
            request,
            f"{person} is co-opted as {co_option.appointment} from "
            f"{co_option.start_date:%-d %B %Y}.",
        )
        return redirect("members:officer-co-opted-member", person.pk)

    return form_page(
        request,
        form,
        title="Record a new co-option",
        caption=str(person),
        back=_back_to(person),
        on_valid=save,
    )


@role_required(*OFFICERS)
def co_option_end(request: HttpRequest, pk: int) -> HttpResponse:
    co_option = get_co_option(pk)
    person = co_option.councillor
    form = EndCoOptionForm(posted(request))

    def save(data: dict) -> HttpResponse:
        end_date = data["end_date"]
        open_seats = list(
            person.committee_memberships.filter(
                Q(end_date__isnull=True) | Q(end_date__gt=end_date)
            ).select_related("committee")
        )
        services.co_option_end(co_option=co_option, by=request.user, **data)
        still_open = set(
            person.committee_memberships.filter(
                Q(end_date__isnull=True) | Q(end_date__gt=end_date)
            ).values_list("pk", flat=True)
        )
        ended = sorted({s.committee.name for s in open_seats if s.pk not in still_open})
        text = f"The co-option of {person} ends on {end_date:%-d %B %Y}."
        if ended:
            which = ", ".join(ended)
            text += (
                f" Their seat{'s' if len(ended) > 1 else ''} on {which} "
                f"end{'' if len(ended) > 1 else 's'} the same day."
            )
        messages.success(request, text)
        return redirect("members:officer-co-opted-member", person.pk)

    return form_page(
        request,
        form,
        title="End a co-option",
        caption=f"{person}: {co_option.appointment}",
        back=_back_to(person),
        on_valid=save,
    )


urlpatterns = [
    path("officers/co-opted-members/", co_opted_list, name="officer-co-opted-members"),
    path("officers/co-opted-members/new/", co_opted_create, name="officer-co-opted-create"),
    path("officers/co-opted-members/<int:pk>/", co_opted_detail, name="officer-co-opted-member"),
    path(
        "officers/co-opted-members/<int:pk>/co-options/new/",
        co_option_add,
        name="officer-co-option-add",
    ),
    path("officers/co-options/<int:pk>/end/", co_option_end, name="officer-co-option-end"),
]
