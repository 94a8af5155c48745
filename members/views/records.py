"""Councillor records: officer screens under ``/members/officers/`` and the councillor's own
"Your details" pages under ``/members/portal/details/``.

Officer pages (Democratic Services Officer or Manager): the councillor list, a councillor's
record (public profile and photo, private contact details, suspensions, group, positions,
outside bodies, change requests), positions and their holders, outside bodies and their
appointments, and the review of councillors' change requests.

Portal pages (Councillor): their own record and change requests. A councillor is found through
their own account, never an id in the URL; a change request is fetched through
``DetailsChangeRequest.all_objects.visible_to`` so someone else's is a 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from democracy import text_limits
from democracy.forms import GovDateField
from democracy.permissions import role_required
from democracy.roles import MEMBER_ROLES, Role
from democracy.validity import in_force_on
from members.models import (
    Councillor,
    DetailsChangeRequest,
    GroupMembership,
    OutsideBody,
    OutsideBodyAppointment,
    PoliticalGroup,
    Position,
    PositionHolding,
    PublicProfile,
    Suspension,
    Term,
)
from members.rules.records import STATUS_LABELS, status_on
from members.services import councillors as councillor_services
from members.services import records as services
from members.views.forms_layout import layout_for

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)
FORM_TEMPLATE = "members/records/form.html"
# The political balance page (meetings) by URL name: members may not import meetings.
BALANCE_URL_NAME = "meetings:balance"


# --- Fetching what the user may see -------------------------------------------------------------


def get_councillor(pk: int) -> Councillor:
    try:
        return Councillor.all_objects.get(pk=pk)
    except Councillor.DoesNotExist:
        raise Http404("No such councillor") from None


def own_councillor(request: HttpRequest) -> Councillor:
    """The councillor record linked to the signed-in account, else 404."""
    councillor = Councillor.all_objects.filter(user=request.user).first()
    if councillor is None:
        raise Http404("Your account is not linked to a councillor")
    return councillor


def get_change_request_for_user(request: HttpRequest, pk: int) -> DetailsChangeRequest:
    """A change request the user may see (officers: any; a councillor: their own), else 404."""
    try:
        return (
            DetailsChangeRequest.all_objects.visible_to(request.user)
            .select_related("councillor", "decided_by")
            .get(pk=pk)
        )
    except DetailsChangeRequest.DoesNotExist:
        raise Http404("No such change request") from None


def _get(model, pk: int, *related: str):
    """For officer screens: every row (the default manager, ``all_objects`` where a model has
    private rows)."""
    try:
        return model._default_manager.select_related(*related).get(pk=pk)
    except model.DoesNotExist:
        raise Http404(f"No such {model._meta.verbose_name}") from None


def service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the field of the same name, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back: tuple[str, str],
    on_valid: Callable[[dict], HttpResponse],
    caption: str = "",
    warning: str = "",
    intro: str = "",
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``on_valid(cleaned_data)``, whose service errors
    are shown on the form (the service is atomic, so nothing is half-saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid(form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back_url": back[0],
            "back_text": back[1],
            "warning": warning,
            "intro": intro,
        },
    )


def posted(request: HttpRequest):
    """The submitted data on a POST, else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


# --- Forms --------------------------------------------------------------------------------------


class ProfileForm(forms.Form):
    photo = forms.ImageField(
        label="Photo",
        required=False,
        help_text="A JPEG or PNG of at most 2 MB. Leave empty to keep the current photo.",
        error_messages={"invalid_image": "The photo must be a JPEG or PNG image"},
    )
    remove_photo = forms.BooleanField(label="Remove the current photo", required=False)
    biography = forms.CharField(
        label="Biography",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. Leave a blank line between paragraphs.",
    )
    council_email = text_limits.limited_email(
        "Council email address",
        required=False,
        error_messages={"invalid": "Enter the council email address in the right format"},
    )
    council_phone = forms.CharField(label="Council phone number", required=False, max_length=30)
    postal_address = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Public postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published. For example, care of the council offices.",
    )
    website = forms.URLField(
        max_length=200,
        label="Website",
        required=False,
        error_messages={
            "invalid": "Enter the website address in the right format, like https://example.org"
        },
    )
    social_media = forms.CharField(label="Social media", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Save the public record")


class PrivateContactForm(forms.Form):
    home_address = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Home address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    personal_email = text_limits.limited_email(
        "Personal email address",
        required=False,
        error_messages={"invalid": "Enter the personal email address in the right format"},
    )
    personal_phone = forms.CharField(label="Personal phone number", required=False, max_length=30)

    def __init__(self, *args, submit: str = "Save the private contact details", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, submit)


class SuspensionForm(forms.Form):
    start_date = GovDateField(label="First day of the suspension")
    end_date = GovDateField(
        label="First day no longer suspended",
        required=False,
        help_text="Leave empty if the suspension has no end date yet.",
    )
    reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the suspension"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Record the suspension")


class EndForm(forms.Form):
    end_date = GovDateField(label="End date", help_text="The first day it no longer applies.")

    def __init__(self, *args, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, submit)


class GroupChangeForm(forms.Form):
    change = forms.ChoiceField(
        label="What is changing?",
        widget=forms.RadioSelect,
        choices=[("join", "Joining a political group"), ("leave", "Leaving their group")],
        error_messages={"required": "Select whether the councillor is joining or leaving a group"},
    )
    group = forms.ModelChoiceField(
        label="Group joined",
        queryset=PoliticalGroup.objects.filter(dissolved_on__isnull=True),
        required=False,
        empty_label="Choose a group",
    )
    on = GovDateField(label="Date of the change", help_text="The first day in the new group.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Record the change of group")

    def clean(self):
        data = super().clean()
        if data.get("change") == "join" and not data.get("group"):
            self.add_error("group", "Choose the group the councillor is joining")
        return data


class PositionForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="For example, Cabinet Member for Housing.",
        error_messages={"required": "Enter the title of the position"},
    )
    kind = forms.ChoiceField(
        label="Kind of position", choices=[("", "Choose a kind"), *Position.Kind.choices]
    )
    portfolio = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Portfolio",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    group = forms.ModelChoiceField(
        label="Political group",
        queryset=PoliticalGroup.objects.all(),
        required=False,
        empty_label="No group",
        help_text="Only for a group leader, deputy leader or whip.",
    )
    holders = forms.IntegerField(
        label="Number of holders at once", initial=1, min_value=1, max_value=50
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the kind of position"
        self.helper = layout_for(self, "Create the position")


def serving_choices():
    return Councillor.all_objects.serving().order_by("last_name", "first_name")


class HoldingForm(forms.Form):
    councillor = forms.ModelChoiceField(
        label="Councillor",
        queryset=Councillor.all_objects.none(),
        empty_label="Choose a councillor",
        error_messages={"required": "Choose the councillor"},
    )
    start_date = GovDateField(label="First day in the position")
    end_date = GovDateField(
        label="First day no longer in the position",
        required=False,
        help_text="Leave empty while they hold it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = serving_choices()
        self.helper = layout_for(self, "Record the holder")


class OutsideBodyForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the name of the body"}
    )
    kind = forms.ChoiceField(
        label="Kind of body", choices=[("", "Choose a kind"), *OutsideBody.Kind.choices]
    )
    description = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.URLField(
        max_length=200,
        label="Website",
        required=False,
        error_messages={"invalid": "Enter the website address in the right format"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the kind of body"
        self.helper = layout_for(self, "Add the outside body")


class AppointmentForm(forms.Form):
    councillor = forms.ModelChoiceField(
        label="Councillor",
        queryset=Councillor.all_objects.none(),
        empty_label="Choose a councillor",
        error_messages={"required": "Choose the councillor"},
    )
    role = forms.CharField(
        label="Role on the body", initial="Council representative", max_length=100
    )
    appointed_by = forms.ChoiceField(
        label="Appointed by",
        widget=forms.RadioSelect,
        choices=OutsideBodyAppointment.AppointedBy.choices,
        error_messages={"required": "Select who made the appointment"},
    )
    start_date = GovDateField(label="First day of the appointment")
    end_date = GovDateField(label="First day no longer appointed", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = serving_choices()
        self.helper = layout_for(self, "Record the appointment")


class ChangeRequestForm(forms.Form):
    """The councillor's proposed record: public details, then private contact details."""

    biography = ProfileForm.base_fields["biography"]
    council_phone = ProfileForm.base_fields["council_phone"]
    postal_address = ProfileForm.base_fields["postal_address"]
    website = ProfileForm.base_fields["website"]
    social_media = ProfileForm.base_fields["social_media"]
    home_address = PrivateContactForm.base_fields["home_address"]
    personal_email = PrivateContactForm.base_fields["personal_email"]
    personal_phone = PrivateContactForm.base_fields["personal_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Send for review")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        choices=[("apply", "Apply the changes"), ("reject", "Do not apply them")],
        error_messages={"required": "Select whether to apply the changes"},
    )
    note = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Note to the councillor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if you do not apply the changes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Save the decision")


# --- Officer pages: councillors ---------------------------------------------------------------


@role_required(*OFFICERS)
def councillor_list(request: HttpRequest) -> HttpResponse:
    """Every elected councillor with ward, group, status today and waiting change requests
    (co-opted members, who are not councillors, have their own list). Two queries whatever the
    size of the council (plus the session and roles)."""
    today = timezone.localdate()
    councillors = (
        Councillor.all_objects.elected()
        .with_current_roles(today)
        .annotate(
            serving=Exists(Term.objects.filter(in_force_on(today), councillor=OuterRef("pk"))),
            suspended=Exists(
                Suspension.all_objects.in_force(today).filter(councillor=OuterRef("pk"))
            ),
            pending=Exists(
                DetailsChangeRequest.all_objects.filter(
                    councillor=OuterRef("pk"), status=DetailsChangeRequest.Status.PENDING
                )
            ),
        )
    )
    return render(
        request, "members/records/councillor_list.html", {"councillors": list(councillors)}
    )


@role_required(*OFFICERS)
def councillor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    try:
        councillor = (
            Councillor.all_objects.with_current_roles(today)
            .select_related("profile")
            .prefetch_related(
                "terms__ward",
                "suspensions",
                "group_memberships__group",
                Prefetch(
                    "position_holdings",
                    PositionHolding.objects.select_related("position").order_by("-start_date"),
                ),
                Prefetch(
                    "outside_appointments",
                    OutsideBodyAppointment.objects.select_related("body").order_by("-start_date"),
                ),
            )
            .get(pk=pk)
        )
    except Councillor.DoesNotExist:
        raise Http404("No such councillor") from None
    if councillor.is_co_opted:
        return redirect("members:officer-co-opted-member", councillor.pk)
    status = status_on(
        today,
        terms=[(t.start_date, t.end_date) for t in councillor.terms.all()],
        suspensions=[(s.start_date, s.end_date) for s in councillor.suspensions.all()],
    )
    requests = DetailsChangeRequest.all_objects.filter(councillor=councillor)[:10]
    return render(
        request,
        "members/records/councillor_detail.html",
        {
            "councillor": councillor,
            "profile": services.profile_of(councillor),
            "contact": services.private_contact_of(councillor),
            "status": STATUS_LABELS[status],
            "status_key": status,
            "change_requests": requests,
        },
    )


def officer_record_url(councillor: Councillor) -> str:
    """The officer's page for a member: a councillor's record, or a co-opted member's."""
    if councillor.is_co_opted:
        return reverse("members:officer-co-opted-member", args=[councillor.pk])
    return reverse("members:officer-councillor", args=[councillor.pk])


def _back_to(councillor: Councillor) -> tuple[str, str]:
    return officer_record_url(councillor), f"Back to {councillor.full_name}"


@role_required(*OFFICERS)
def councillor_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = get_councillor(pk)
    profile = services.profile_of(councillor)
    initial = {
        "biography": profile.biography,
        "council_email": councillor.council_email,
        "council_phone": councillor.council_phone,
        "postal_address": profile.postal_address,
        "website": profile.website,
        "social_media": profile.social_media,
    }
    form = ProfileForm(posted(request), posted_files(request), initial=initial)

    def save(data: dict) -> HttpResponse:
        values = {k: v for k, v in data.items() if k not in ("photo", "remove_photo")}
        if data.get("photo"):
            values["photo"] = data["photo"]
        elif data.get("remove_photo"):
            values["photo"] = ""
        try:
            services.profile_update(councillor=councillor, values=values, by=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "photo" in error.error_dict:
                raise ValidationError({"photo": error.error_dict["photo"]}) from None
            raise
        messages.success(request, f"The public record of {councillor.full_name} has been saved.")
        return redirect(officer_record_url(councillor))

    return form_page(
        request,
        form,
        title="Public record",
        caption=councillor.full_name,
        back=_back_to(councillor),
        on_valid=save,
    )


@role_required(*OFFICERS)
def councillor_private_edit(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = get_councillor(pk)
    contact = services.private_contact_of(councillor)
    form = PrivateContactForm(
        posted(request), initial={f: getattr(contact, f) for f in services.PRIVATE_FIELDS}
    )

    def save(data: dict) -> HttpResponse:
        services.private_contact_update(councillor=councillor, values=data, by=request.user)
        messages.success(
            request, f"The private contact details of {councillor.full_name} have been saved."
        )
        return redirect(officer_record_url(councillor))

    return form_page(
        request,
        form,
        title="Private contact details",
        caption=councillor.full_name,
        intro="These details are never published.",
        back=_back_to(councillor),
        on_valid=save,
    )


@role_required(*OFFICERS)
def suspension_add(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = get_councillor(pk)
    form = SuspensionForm(posted(request))

    def save(data: dict) -> HttpResponse:
        services.suspension_record(councillor=councillor, by=request.user, **data)
        messages.success(request, f"The suspension of {councillor.full_name} has been recorded.")
        return redirect("members:officer-councillor", councillor.pk)

    return form_page(
        request,
        form,
        title="Record a suspension",
        caption=councillor.full_name,
        back=_back_to(councillor),
        on_valid=save,
    )


@role_required(*OFFICERS)
def suspension_end(request: HttpRequest, pk: int) -> HttpResponse:
    suspension = _get(Suspension, pk, "councillor")
    form = EndForm(posted(request), submit="End the suspension")

    def save(data: dict) -> HttpResponse:
        services.suspension_end(suspension=suspension, end_date=data["end_date"], by=request.user)
        messages.success(request, "The end of the suspension has been recorded.")
        return redirect("members:officer-councillor", suspension.councillor_id)

    return form_page(
        request,
        form,
        title="End a suspension",
        caption=suspension.councillor.full_name,
        back=_back_to(suspension.councillor),
        on_valid=save,
    )


@role_required(*OFFICERS)
def group_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Join or leave a political group. Group sizes change, so political balance must be
    reviewed (LGHA 1989 s15): the banner afterwards links to the balance page. Co-opted
    members belong to no political group, so this page is not theirs (404)."""
    councillor = get_councillor(pk)
    if councillor.is_co_opted:
        raise Http404("A co-opted member is in no political group")
    form = GroupChangeForm(posted(request))

    def save(data: dict) -> HttpResponse:
        on = data["on"]
        if data["change"] == "join":
            councillor_services.group_join(
                councillor=councillor, group=data["group"], start_date=on, by=request.user
            )
            what = f"{councillor.full_name} joined {data['group']} on {on:%-d %B %Y}."
        else:
            membership = GroupMembership.objects.filter(
                in_force_on(on), councillor=councillor
            ).first()
            if membership is None:
                raise ValidationError(
                    {"change": f"{councillor.full_name} is not in a group on {on:%-d %B %Y}."}
                )
            councillor_services.group_leave(membership=membership, end_date=on, by=request.user)
            what = f"{councillor.full_name} left {membership.group} on {on:%-d %B %Y}."
        messages.warning(
            request,
            format_html(
                "{} The group sizes have changed, so political balance must be reviewed: "
                '<a class="govuk-notification-banner__link" href="{}?on={}">review political balance</a>.',
                what,
                reverse(BALANCE_URL_NAME),
                on.isoformat(),
            ),
        )
        return redirect("members:officer-councillor", councillor.pk)

    return form_page(
        request,
        form,
        title="Change of political group",
        caption=councillor.full_name,
        back=_back_to(councillor),
        on_valid=save,
    )


# --- Officer pages: positions -------------------------------------------------------------------


@role_required(*OFFICERS)
def position_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    positions = Position.objects.select_related("group").prefetch_related(
        Prefetch(
            "holdings",
            PositionHolding.objects.filter(in_force_on(today)).select_related("councillor"),
            to_attr="current_holdings",
        )
    )
    return render(request, "members/records/position_list.html", {"positions": positions})


@role_required(*OFFICERS)
def position_create(request: HttpRequest) -> HttpResponse:
    form = PositionForm(posted(request))

    def save(data: dict) -> HttpResponse:
        position = services.position_create(by=request.user, **data)
        messages.success(request, f"{position} has been created.")
        return redirect("members:officer-position", position.pk)

    return form_page(
        request,
        form,
        title="Create a position",
        back=(reverse("members:officer-positions"), "Back to positions"),
        on_valid=save,
    )


@role_required(*OFFICERS)
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    position = _get(Position, pk, "group")
    holdings = position.holdings.select_related("councillor").order_by("-start_date")
    return render(
        request,
        "members/records/position_detail.html",
        {"position": position, "holdings": holdings, "today": timezone.localdate()},
    )


@role_required(*OFFICERS)
def holding_add(request: HttpRequest, pk: int) -> HttpResponse:
    position = _get(Position, pk)
    form = HoldingForm(posted(request))

    def save(data: dict) -> HttpResponse:
        services.holding_start(position=position, by=request.user, **data)
        messages.success(
            request, f"{data['councillor'].full_name} has been recorded as {position}."
        )
        return redirect("members:officer-position", position.pk)

    return form_page(
        request,
        form,
        title="Record a holder",
        caption=position.title,
        back=(reverse("members:officer-position", args=[position.pk]), f"Back to {position}"),
        on_valid=save,
    )


@role_required(*OFFICERS)
def holding_end(request: HttpRequest, pk: int) -> HttpResponse:
    holding = _get(PositionHolding, pk, "position", "councillor")
    form = EndForm(posted(request), submit="End the holding")

    def save(data: dict) -> HttpResponse:
        services.holding_end(holding=holding, end_date=data["end_date"], by=request.user)
        messages.success(request, f"{holding} has been ended.")
        return redirect("members:officer-position", holding.position_id)

    return form_page(
        request,
        form,
        title="End a holding",
        caption=str(holding),
        back=(
            reverse("members:officer-position", args=[holding.position_id]),
            "Back to the position",
        ),
        on_valid=save,
    )


# --- Officer pages: outside bodies --------------------------------------------------------------


@role_required(*OFFICERS)
def outside_body_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    bodies = OutsideBody.objects.prefetch_related(
        Prefetch(
            "appointments",
            OutsideBodyAppointment.objects.filter(in_force_on(today)).select_related("councillor"),
            to_attr="current_appointments",
        )
    )
    return render(request, "members/records/outside_body_list.html", {"bodies": bodies})


@role_required(*OFFICERS)
def outside_body_create(request: HttpRequest) -> HttpResponse:
    form = OutsideBodyForm(posted(request))

    def save(data: dict) -> HttpResponse:
        body = services.outside_body_create(by=request.user, **data)
        messages.success(request, f"{body} has been added.")
        return redirect("members:officer-outside-body", body.pk)

    return form_page(
        request,
        form,
        title="Add an outside body",
        back=(reverse("members:officer-outside-bodies"), "Back to outside bodies"),
        on_valid=save,
    )


@role_required(*OFFICERS)
def outside_body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get(OutsideBody, pk)
    appointments = body.appointments.select_related("councillor").order_by("-start_date")
    return render(
        request,
        "members/records/outside_body_detail.html",
        {"body": body, "appointments": appointments},
    )


@role_required(*OFFICERS)
def appointment_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get(OutsideBody, pk)
    form = AppointmentForm(posted(request))

    def save(data: dict) -> HttpResponse:
        services.appointment_start(body=body, by=request.user, **data)
        messages.success(request, f"{data['councillor'].full_name} has been appointed to {body}.")
        return redirect("members:officer-outside-body", body.pk)

    return form_page(
        request,
        form,
        title="Appoint a councillor",
        caption=body.name,
        back=(reverse("members:officer-outside-body", args=[body.pk]), f"Back to {body}"),
        on_valid=save,
    )


@role_required(*OFFICERS)
def appointment_end(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _get(OutsideBodyAppointment, pk, "body", "councillor")
    form = EndForm(posted(request), submit="End the appointment")

    def save(data: dict) -> HttpResponse:
        services.appointment_end(
            appointment=appointment, end_date=data["end_date"], by=request.user
        )
        messages.success(
            request, f"The appointment of {appointment.councillor.full_name} has been ended."
        )
        return redirect("members:officer-outside-body", appointment.body_id)

    return form_page(
        request,
        form,
        title="End an appointment",
        caption=str(appointment),
        back=(
            reverse("members:officer-outside-body", args=[appointment.body_id]),
            "Back to the body",
        ),
        on_valid=save,
    )


# --- Officer pages: change requests -------------------------------------------------------------


@role_required(*OFFICERS)
def change_request_list(request: HttpRequest) -> HttpResponse:
    requests = DetailsChangeRequest.all_objects.visible_to(request.user).select_related(
        "councillor", "decided_by"
    )
    pending = requests.filter(status=DetailsChangeRequest.Status.PENDING).order_by("submitted_at")
    decided = requests.exclude(status=DetailsChangeRequest.Status.PENDING)[:50]
    return render(
        request,
        "members/records/change_request_list.html",
        {"pending": pending, "decided": decided},
    )


def comparison(change: DetailsChangeRequest) -> list[dict]:
    """Each field the request changes: before and after (as proposed). Before is the record as
    it stands now while the request waits, and as it stood when the request was decided once it
    has been (applied or not); a request decided before that was kept has no before."""
    pending = change.status == DetailsChangeRequest.Status.PENDING
    current = services.current_details(change.councillor) if pending else change.values_before
    labels = {**{n: f.label for n, f in ChangeRequestForm.base_fields.items()}}
    changed = services.change_request_fields(change)
    return [
        {
            "label": labels[name],
            "current": current.get(name),
            "known": name in current,
            "proposed": getattr(change, name),
            "changed": current.get(name) != getattr(change, name),
            "private": name in DetailsChangeRequest.PRIVATE_FIELDS,
        }
        for name in (*DetailsChangeRequest.PUBLIC_FIELDS, *DetailsChangeRequest.PRIVATE_FIELDS)
        if name in changed
    ]


@role_required(*OFFICERS)
def change_request_review(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_change_request_for_user(request, pk)
    form = None
    if change.status == DetailsChangeRequest.Status.PENDING:
        form = DecisionForm(posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                if form.cleaned_data["decision"] == "apply":
                    services.change_request_apply(
                        request=change, note=form.cleaned_data["note"], by=request.user
                    )
                    messages.success(
                        request, f"The changes for {change.councillor.full_name} have been applied."
                    )
                else:
                    services.change_request_reject(
                        request=change, note=form.cleaned_data["note"], by=request.user
                    )
                    messages.success(
                        request,
                        f"The changes for {change.councillor.full_name} have not been applied.",
                    )
                return redirect("members:officer-change-requests")
            except ValidationError as error:
                if hasattr(error, "error_dict") and "decision_note" in error.error_dict:
                    error = ValidationError({"note": error.error_dict["decision_note"]})
                service_errors(form, error)
    return render(
        request,
        "members/records/change_request.html",
        {"change": change, "rows": comparison(change), "form": form, "officer": True},
    )


# --- Portal: your details -----------------------------------------------------------------------


@role_required(*MEMBER_ROLES)
def portal_details(request: HttpRequest) -> HttpResponse:
    councillor = own_councillor(request)
    today = timezone.localdate()
    try:
        profile = councillor.profile
    except PublicProfile.DoesNotExist:
        profile = PublicProfile(councillor=councillor)
    return render(
        request,
        "members/records/portal_details.html",
        {
            "councillor": councillor,
            "profile": profile,
            "contact": services.private_contact_of(councillor),
            "suspensions": councillor.suspensions.all(),
            "holdings": councillor.position_holdings.select_related("position").order_by(
                "-start_date"
            ),
            "appointments": councillor.outside_appointments.select_related("body").order_by(
                "-start_date"
            ),
            "change_requests": DetailsChangeRequest.all_objects.filter(councillor=councillor)[:10],
            "pending": DetailsChangeRequest.all_objects.filter(
                councillor=councillor, status=DetailsChangeRequest.Status.PENDING
            ).count(),
            "today": today,
        },
    )


@role_required(*MEMBER_ROLES)
def portal_details_change(request: HttpRequest) -> HttpResponse:
    councillor = own_councillor(request)
    form = ChangeRequestForm(posted(request), initial=services.current_details(councillor))

    def save(data: dict) -> HttpResponse:
        change = services.change_request_submit(councillor=councillor, values=data, by=request.user)
        messages.success(request, "Your changes have been sent to democratic services for review.")
        return redirect("members:portal-change-request", change.pk)

    return form_page(
        request,
        form,
        title="Change your details",
        intro=(
            "Democratic services check every change before it is made. Your biography, council "
            "phone number, public address, website and social media are published; your home "
            "address and personal email and phone are not."
        ),
        back=(reverse("members:portal-details"), "Back to your details"),
        on_valid=save,
    )


@role_required(*MEMBER_ROLES)
def portal_change_request(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_change_request_for_user(request, pk)
    return render(
        request,
        "members/records/change_request.html",
        {"change": change, "rows": comparison(change), "form": None, "officer": False},
    )


urlpatterns = [
    path("officers/councillors/", councillor_list, name="officer-councillors"),
    path("officers/councillors/<int:pk>/", councillor_detail, name="officer-councillor"),
    path("officers/councillors/<int:pk>/public/", councillor_profile_edit, name="officer-profile"),
    path("officers/councillors/<int:pk>/private/", councillor_private_edit, name="officer-private"),
    path(
        "officers/councillors/<int:pk>/suspensions/new/",
        suspension_add,
        name="officer-suspension-add",
    ),
    path("officers/suspensions/<int:pk>/end/", suspension_end, name="officer-suspension-end"),
    path("officers/councillors/<int:pk>/group/", group_change, name="officer-group-change"),
    path("officers/positions/", position_list, name="officer-positions"),
    path("officers/positions/new/", position_create, name="officer-position-create"),
    path("officers/positions/<int:pk>/", position_detail, name="officer-position"),
    path("officers/positions/<int:pk>/holders/new/", holding_add, name="officer-holding-add"),
    path("officers/holdings/<int:pk>/end/", holding_end, name="officer-holding-end"),
    path("officers/outside-bodies/", outside_body_list, name="officer-outside-bodies"),
    path("officers/outside-bodies/new/", outside_body_create, name="officer-outside-body-create"),
    path("officers/outside-bodies/<int:pk>/", outside_body_detail, name="officer-outside-body"),
    path(
        "officers/outside-bodies/<int:pk>/appointments/new/",
        appointment_add,
        name="officer-appointment-add",
    ),
    path("officers/appointments/<int:pk>/end/", appointment_end, name="officer-appointment-end"),
    path("officers/change-requests/", change_request_list, name="officer-change-requests"),
    path(
        "officers/change-requests/<int:pk>/", change_request_review, name="officer-change-request"
    ),
    path("portal/details/", portal_details, name="portal-details"),
    path("portal/details/change/", portal_details_change, name="portal-details-change"),
    path("portal/details/requests/<int:pk>/", portal_change_request, name="portal-change-request"),
]
