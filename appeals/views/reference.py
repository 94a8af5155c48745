"""The clerk's reference data screens: schools, admission authorities and their traded-service
agreements, published appeals timetables (admission rounds), school calendars and the pool of
panel members with their declared connections. None of it is personal data about a family."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from appeals import forms as appeal_forms
from appeals.models import (
    AdmissionAuthority,
    AdmissionRound,
    PanelMember,
    School,
    SchoolCalendar,
    ServiceAgreement,
)
from appeals.services import calendars as calendar_services
from appeals.services import panels as panel_services
from appeals.services import reference as services
from appeals.views.common import form_page, posted
from democracy.permissions import role_required
from democracy.roles import Role

CLERK = Role.APPEALS_CLERK


def _get(queryset, pk: int):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


# --- Schools -----------------------------------------------------------------------------------


@role_required(CLERK)
def school_list(request: HttpRequest) -> HttpResponse:
    schools = School.objects.select_related("admission_authority").annotate(
        open_appeals=Count(
            "appeals", filter=~Q(appeals__status__in=["decided", "withdrawn", "rejected"])
        )
    )
    return render(request, "appeals/reference/school_list.html", {"schools": schools})


@role_required(CLERK)
def school_create(request: HttpRequest) -> HttpResponse:
    form = appeal_forms.SchoolForm(posted(request), submit="Add the school")

    def save(data: dict) -> HttpResponse:
        school = services.school_create(by=request.user, **data)
        messages.success(request, f"{school} has been added.")
        return redirect("appeals:schools")

    return form_page(
        request,
        form,
        title="Add a school",
        back=(reverse("appeals:schools"), "Back to schools"),
        on_valid=save,
    )


@role_required(CLERK)
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school = _get(School.objects.all(), pk)
    form = appeal_forms.SchoolForm(posted(request), instance=school)
    if request.method == "POST":
        # Validate a copy, so a refused change never touches the school the service is given.
        form.instance = School.objects.get(pk=pk)

    def save(data: dict) -> HttpResponse:
        services.school_update(school=School.objects.get(pk=pk), by=request.user, **data)
        messages.success(request, f"{data['name']} has been saved.")
        return redirect("appeals:schools")

    return form_page(
        request,
        form,
        title=f"Change {school}",
        back=(reverse("appeals:schools"), "Back to schools"),
        on_valid=save,
    )


# --- Admission authorities and their agreements --------------------------------------------------


@role_required(CLERK)
def authority_list(request: HttpRequest) -> HttpResponse:
    authorities = (
        AdmissionAuthority.objects.select_related("calendar")
        .annotate(school_count=Count("schools", distinct=True))
        .prefetch_related(
            Prefetch("service_agreements", ServiceAgreement.objects.order_by("-starts_on"))
        )
    )
    return render(request, "appeals/reference/authority_list.html", {"authorities": authorities})


@role_required(CLERK)
def authority_create(request: HttpRequest) -> HttpResponse:
    form = appeal_forms.AuthorityForm(posted(request), submit="Add the authority")

    def save(data: dict) -> HttpResponse:
        authority = services.admission_authority_create(by=request.user, **data)
        messages.success(request, f"{authority} has been added.")
        return redirect("appeals:authority", authority.pk)

    return form_page(
        request,
        form,
        title="Add an admission authority",
        back=(reverse("appeals:authorities"), "Back to admission authorities"),
        on_valid=save,
    )


@role_required(CLERK)
def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _get(AdmissionAuthority.objects.select_related("calendar"), pk)
    return render(
        request,
        "appeals/reference/authority_detail.html",
        {
            "authority": authority,
            "schools": authority.schools.all(),
            "agreements": authority.service_agreements.order_by("-starts_on"),
            "rounds": authority.rounds.order_by("-entry_year", "phase"),
        },
    )


@role_required(CLERK)
def authority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _get(AdmissionAuthority.objects.all(), pk)
    form = appeal_forms.AuthorityForm(
        posted(request), instance=AdmissionAuthority.objects.get(pk=pk)
    )

    def save(data: dict) -> HttpResponse:
        services.admission_authority_update(
            authority=AdmissionAuthority.objects.get(pk=pk), by=request.user, **data
        )
        messages.success(request, f"{data['name']} has been saved.")
        return redirect("appeals:authority", pk)

    return form_page(
        request,
        form,
        title=f"Change {authority}",
        back=(reverse("appeals:authority", args=[pk]), f"Back to {authority}"),
        on_valid=save,
    )


@role_required(CLERK)
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _get(AdmissionAuthority.objects.all(), pk)
    form = appeal_forms.AgreementForm(posted(request))

    def save(data: dict) -> HttpResponse:
        services.service_agreement_create(admission_authority=authority, by=request.user, **data)
        messages.success(request, f"The agreement {data['reference']} has been added.")
        return redirect("appeals:authority", pk)

    return form_page(
        request,
        form,
        title="Add a service agreement",
        caption=str(authority),
        intro="The council clerks this authority's appeals as a traded service and charges for it.",
        back=(reverse("appeals:authority", args=[pk]), f"Back to {authority}"),
        on_valid=save,
    )


# --- Admission rounds (published appeals timetables) -----------------------------------------


@role_required(CLERK)
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = AdmissionRound.objects.select_related("admission_authority")
    return render(request, "appeals/reference/round_list.html", {"rounds": rounds})


@role_required(CLERK)
def round_create(request: HttpRequest) -> HttpResponse:
    form = appeal_forms.RoundForm(posted(request))

    def save(data: dict) -> HttpResponse:
        created = services.admission_round_create(by=request.user, **data)
        messages.success(request, f"The timetable for {created} has been added.")
        return redirect("appeals:rounds")

    return form_page(
        request,
        form,
        title="Add an appeals timetable",
        intro=(
            "Admission authorities publish their appeals timetable by 28 February. The deadline "
            "for lodging appeals must allow at least 20 school days from national offer day."
        ),
        back=(reverse("appeals:rounds"), "Back to appeals timetables"),
        on_valid=save,
    )


# --- School calendars ------------------------------------------------------------------------


@role_required(CLERK)
def calendar_create(request: HttpRequest) -> HttpResponse:
    form = appeal_forms.CalendarForm(posted(request))

    def save(data: dict) -> HttpResponse:
        calendar = calendar_services.school_calendar_create(
            name=data["name"],
            nation="england",
            terms=data["terms"],
            closures=data["closures"],
            by=request.user,
        )
        messages.success(request, f"{calendar} has been added.")
        return redirect(reverse("appeals:clerk-home") + "#school-calendars")

    return form_page(
        request,
        form,
        title="Add a school calendar",
        back=(reverse("appeals:clerk-home"), "Back to appeals"),
        on_valid=save,
    )


@role_required(CLERK)
def term_create(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = _get(SchoolCalendar.objects.all(), pk)
    form = appeal_forms.TermForm(posted(request))

    def save(data: dict) -> HttpResponse:
        calendar_services.school_term_add(calendar=calendar, by=request.user, **data)
        messages.success(request, f"{data['name']} has been added to {calendar}.")
        return redirect(reverse("appeals:clerk-home") + "#school-calendars")

    return form_page(
        request,
        form,
        title="Add a term",
        caption=str(calendar),
        back=(reverse("appeals:clerk-home"), "Back to appeals"),
        on_valid=save,
    )


@role_required(CLERK)
def closure_create(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = _get(SchoolCalendar.objects.all(), pk)
    form = appeal_forms.ClosureForm(posted(request))

    def save(data: dict) -> HttpResponse:
        calendar_services.school_closure_add(
            calendar=calendar, day=data["date"], reason=data["reason"], by=request.user
        )
        messages.success(request, f"The closure day has been added to {calendar}.")
        return redirect(reverse("appeals:clerk-home") + "#school-calendars")

    return form_page(
        request,
        form,
        title="Add a closure day",
        caption=str(calendar),
        intro="An INSET day or another day the schools close inside a term: it is not a school day.",
        back=(reverse("appeals:clerk-home"), "Back to appeals"),
        on_valid=save,
    )


# --- Panel members -----------------------------------------------------------------------------


@role_required(CLERK)
def panel_member_list(request: HttpRequest) -> HttpResponse:
    members = PanelMember.private_objects.for_clerk(request.user).prefetch_related("connections")
    return render(request, "appeals/reference/panel_member_list.html", {"members": members})


@role_required(CLERK)
def panel_member_create(request: HttpRequest) -> HttpResponse:
    form = appeal_forms.PanelMemberForm(posted(request), submit="Add the panel member")

    def save(data: dict) -> HttpResponse:
        member = panel_services.panel_member_create(by=request.user, **data)
        messages.success(request, f"{member} has been added to the panel list.")
        return redirect("appeals:panel-member", member.pk)

    return form_page(
        request,
        form,
        title="Add a panel member",
        intro=(
            "Lay members have no experience of managing a school or providing education in one, "
            "other than as a governor or volunteer, so they cannot also be appointed for "
            "experience in education or as a head teacher."
        ),
        back=(reverse("appeals:panel-members"), "Back to panel members"),
        on_valid=save,
    )


@role_required(CLERK)
def panel_member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _get(PanelMember.private_objects.for_clerk(request.user).select_related("user"), pk)
    connections = member.connections.select_related("school", "admission_authority", "appeal")
    seats = member.seats.select_related("hearing__school").order_by("-hearing__starts_at")[:20]
    return render(
        request,
        "appeals/reference/panel_member_detail.html",
        {"member": member, "connections": connections, "seats": seats},
    )


@role_required(CLERK)
def panel_member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _get(PanelMember.private_objects.for_clerk(request.user), pk)
    initial = {
        "name": member.name,
        "email": member.email,
        "categories": member.categories,
        "trained_on": member.trained_on,
        "user": member.user,
    }
    form = appeal_forms.PanelMemberForm(posted(request), initial=initial)

    def save(data: dict) -> HttpResponse:
        panel_services.panel_member_update(member=member, by=request.user, **data)
        messages.success(request, f"{data['name']} has been saved.")
        return redirect("appeals:panel-member", pk)

    return form_page(
        request,
        form,
        title=f"Change {member}",
        back=(reverse("appeals:panel-member", args=[pk]), f"Back to {member}"),
        on_valid=save,
    )


@role_required(CLERK)
def connection_create(request: HttpRequest, pk: int) -> HttpResponse:
    member = _get(PanelMember.private_objects.for_clerk(request.user), pk)
    form = appeal_forms.ConnectionForm(posted(request))

    def save(data: dict) -> HttpResponse:
        panel_services.connection_declare(
            member=member,
            kind=data["kind"],
            school=data["school"],
            admission_authority=data["admission_authority"],
            appeal=data["appeal"],
            description=data["description"],
            by=request.user,
        )
        messages.success(request, f"The connection has been recorded for {member}.")
        return redirect("appeals:panel-member", pk)

    return form_page(
        request,
        form,
        title="Record a declared connection",
        caption=str(member),
        intro=(
            "A member connected with the school, the admission authority or a child cannot sit "
            "on the panel that hears the appeal."
        ),
        back=(reverse("appeals:panel-member", args=[pk]), f"Back to {member}"),
        on_valid=save,
    )
