"""Officer pages for the seats on a committee: who sits on it now, who is to join and who has
left; appointing a councillor or co-opted member to a seat; ending a seat.

Every write goes through ``meetings.services.committees`` (``membership_appoint`` and
``membership_end``), which validate, save and audit in one transaction: a refusal is shown on
the field it is about and nothing is half-saved. The political balance shown for a committee is
the balance service's own position (LGHA 1989 ss15-17), never worked out again here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from democracy.forms import GovDateField, date_question, gov_helper
from democracy.permissions import role_required
from democracy.validity import in_force_on
from meetings.models import Committee, CommitteeMembership
from meetings.services import balance as balance_services
from meetings.services import committees as services
from meetings.views.home import OFFICER_ROLES
from members.models import CoOption, Councillor, GroupMembership, Term

Role = CommitteeMembership.Role

# The order seats are listed in: the chair first, substitutes last.
ROLE_ORDER = {
    role: position
    for position, role in enumerate(
        [
            Role.CHAIR,
            Role.VICE_CHAIR,
            Role.MEMBER,
            Role.COOPTED_VOTING,
            Role.COOPTED_NON_VOTING,
            Role.SUBSTITUTE,
        ]
    )
}


# --- Fetching ----------------------------------------------------------------------------------


def get_committee(pk: int) -> Committee:
    try:
        return Committee.objects.get(pk=pk)
    except Committee.DoesNotExist:
        raise Http404("No such committee") from None


def get_open_seat(pk: int) -> CommitteeMembership:
    """A seat that has not yet ended (no end date, or one still to come), else 404: a seat
    already given up is history and is not ended again."""
    today = timezone.localdate()
    try:
        return (
            CommitteeMembership.objects.select_related("committee", "councillor")
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
            .get(pk=pk)
        )
    except CommitteeMembership.DoesNotExist:
        raise Http404("No such seat") from None


# --- Forms -------------------------------------------------------------------------------------


def _in_office_from(model, today: date) -> Subquery:
    """The first day of the person's current or next period of office (a Term or CoOption not
    ended by ``today``)."""
    periods = model.objects.filter(councillor=OuterRef("pk")).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    )
    return Subquery(periods.order_by("start_date").values("start_date")[:1])


def member_choices(today: date) -> tuple[list, dict[int, Councillor]]:
    """Elected councillors and co-opted members in office today or due to take office, in two
    groups for the select; and the people by id (two queries)."""
    groups = []
    people: dict[int, Councillor] = {}
    for label, kind, model in (
        ("Councillors", Councillor.Kind.ELECTED, Term),
        ("Co-opted members", Councillor.Kind.COOPTED, CoOption),
    ):
        found = (
            Councillor.all_objects.filter(kind=kind)
            .annotate(office_from=_in_office_from(model, today))
            .filter(office_from__isnull=False)
            .order_by("last_name", "first_name", "pk")
        )
        options = []
        for person in found:
            people[person.pk] = person
            name = person.formal_name
            if person.office_from > today:
                name = f"{name} (from {person.office_from:%-d %B %Y})"
            options.append((str(person.pk), name))
        if options:
            groups.append((label, options))
    return groups, people


class AppointForm(forms.Form):
    # Named as the service names it, so its refusals land on the right field.
    councillor = forms.ChoiceField(
        label="Member",
        help_text="An elected councillor, or a co-opted member for a co-opted member's seat.",
        error_messages={
            "required": "Choose the member to appoint",
            "invalid_choice": "Choose a member from the list",
        },
    )
    role = forms.ChoiceField(
        label="Seat",
        choices=[("", "Choose a seat"), *Role.choices],
        error_messages={
            "required": "Choose the seat",
            "invalid_choice": "Choose a seat from the list",
        },
    )
    start_date = GovDateField(label="First day in the seat", help_text="For example, 19 5 2026")

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        groups, self.people = member_choices(today)
        self.fields["councillor"].choices = [("", "Choose a member"), *groups]
        self.helper = gov_helper(
            Field.select("councillor"),
            Field.select("role"),
            date_question("start_date"),
            Submit("appoint", "Appoint to the seat"),
        )

    def clean_councillor(self) -> Councillor:
        return self.people[int(self.cleaned_data["councillor"])]


class EndSeatForm(forms.Form):
    end_date = GovDateField(
        label="End date",
        help_text="The first day the seat is no longer held. For example, 1 9 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(date_question("end_date"), Submit("end", "End the seat"))


def service_errors(form: forms.Form, error: ValidationError, *, whole: str | None) -> None:
    """A service's refusal on the field of the same name. A refusal about the whole seat (the
    database's no-overlap rule: the person already sits on the committee then) goes on
    ``whole``."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = name if name in form.fields else (whole if name == NON_FIELD_ERRORS else None)
            for message in ValidationError(errors).messages:
                form.add_error(field, message)
    else:
        for message in error.messages:
            form.add_error(whole, message)


# --- The committee's seats -----------------------------------------------------------------------


@dataclass
class Seat:
    membership: CommitteeMembership
    group: str

    @property
    def name(self) -> str:
        m = self.membership
        return m.councillor.formal_name if m.councillor_id else m.coopted_name

    @property
    def sort_name(self) -> tuple[str, str]:
        m = self.membership
        if m.councillor_id:
            return (m.councillor.last_name.lower(), m.councillor.first_name.lower())
        return (m.coopted_name.lower(), "")

    @property
    def co_opted(self) -> bool:
        m = self.membership
        return m.councillor.is_co_opted if m.councillor_id else True

    @property
    def affiliation(self) -> str:
        """The councillor's group today, "Co-opted member" for a co-optee."""
        if self.co_opted:
            return "Co-opted member"
        return self.group or "No group"


def _seats(committee: Committee, today: date) -> tuple[list[Seat], list[Seat], list[Seat]]:
    """Current, future and past seats (one query)."""
    group = GroupMembership.objects.filter(in_force_on(today), councillor=OuterRef("councillor"))
    memberships = (
        committee.memberships.select_related("councillor")
        .annotate(group_name=Subquery(group.values("group__name")[:1]))
        .order_by()  # sorted below, by role and name
    )
    current, future, past = [], [], []
    for m in memberships:
        seat = Seat(m, m.group_name or "")
        if m.start_date > today:
            future.append(seat)
        elif m.end_date is not None and m.end_date <= today:
            past.append(seat)
        else:
            current.append(seat)
    current.sort(key=lambda s: (ROLE_ORDER[s.membership.role], s.sort_name))
    future.sort(key=lambda s: (s.membership.start_date, ROLE_ORDER[s.membership.role], s.sort_name))
    past.sort(key=lambda s: (s.membership.end_date, s.membership.start_date), reverse=True)
    return current, future, past


@role_required(*OFFICER_ROLES)
def committee_seats(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee's seats today, with its political balance where s15 applies."""
    committee = get_committee(pk)
    today = timezone.localdate()
    current, future, past = _seats(committee, today)
    voting = [s for s in current if s.membership.role in services.VOTING_COUNCILLOR_ROLES]
    co_opted = [s for s in current if s.membership.role in services.CO_OPTED_ROLES]
    balance = error = None
    if committee.political_balance_applies:
        position = balance_services.balance_position(today)
        balance = next((c for c in position.committees if c.committee.pk == committee.pk), None)
        error = position.error
    return render(
        request,
        "meetings/committees/seats.html",
        {
            "committee": committee,
            "today": today,
            "current": current,
            "future": future,
            "past": past,
            "voting_filled": len(voting),
            "co_opted": co_opted,
            "co_opted_voting": sum(s.membership.role == Role.COOPTED_VOTING for s in co_opted),
            "balance": balance,
            "balance_error": error,
            "dissolved": committee.dissolved_on is not None and committee.dissolved_on <= today,
        },
    )


@role_required(*OFFICER_ROLES)
def seat_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint a member to a seat (``membership_appoint``); a missing-training warning from the
    service is shown with the confirmation."""
    committee = get_committee(pk)
    today = timezone.localdate()
    form = AppointForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.membership_appoint(
                committee=committee,
                councillor=data["councillor"],
                role=data["role"],
                start_date=data["start_date"],
                by=request.user,
            )
        except ValidationError as error:
            service_errors(form, error, whole="councillor")
        else:
            messages.success(
                request,
                f"{membership.councillor.formal_name} appointed as "
                f"{membership.get_role_display().lower()} from "
                f"{membership.start_date:%-d %B %Y}",
            )
            if membership.training_warning:
                messages.warning(request, membership.training_warning)
            return redirect("meetings:committee-seats", committee.pk)
    return render(
        request,
        "meetings/committees/form.html",
        {
            "form": form,
            "committee": committee,
            "title": "Appoint to a seat",
            "caption": committee.name,
        },
    )


@role_required(*OFFICER_ROLES)
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a seat (``membership_end``) from the first day it is no longer held."""
    membership = get_open_seat(pk)
    seat = Seat(membership, "")
    form = EndSeatForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                membership=membership, end_date=form.cleaned_data["end_date"], by=request.user
            )
        except ValidationError as error:
            service_errors(form, error, whole="end_date")
        else:
            messages.success(
                request,
                f"{seat.name}'s seat as {membership.get_role_display().lower()} ends on "
                f"{membership.end_date:%-d %B %Y}",
            )
            return redirect("meetings:committee-seats", membership.committee_id)
    return render(
        request,
        "meetings/committees/form.html",
        {
            "form": form,
            "committee": membership.committee,
            "title": "End a seat",
            "caption": f"{seat.name}, {membership.get_role_display().lower()} of "
            f"{membership.committee.name} since {membership.start_date:%-d %B %Y}",
        },
    )


urlpatterns = [
    path("committees/<int:pk>/seats/", committee_seats, name="committee-seats"),
    path("committees/<int:pk>/seats/appoint/", seat_appoint, name="committee-seat-appoint"),
    path("committees/seats/<int:pk>/end/", seat_end, name="committee-seat-end"),
]
