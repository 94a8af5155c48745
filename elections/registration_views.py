"""Rolling registration and notices of alteration: electoral services' pages (issue 12, points 3
and 4), under /elections/register/. Like every register page, a 404 to anyone but electoral
services; viewing an application is audited by its reference, never the person's name; the
National Insurance number is never shown in full.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Hidden, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Prefetch, When
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from democracy import audit
from democracy.forms import GovDateField, date_question, gov_helper, number_input
from democracy.text_limits import limited_email, limited_text
from elections import notice_publication, registration
from elections.models import (
    ApplicationObjection,
    Elector,
    InvitationContact,
    NoticeOfAlteration,
    PollingDistrict,
    Property,
    RegisterAlteration,
    RegistrationApplication,
    RegistrationInvitation,
)
from elections.register_views import require_electoral

LIST_LIMIT = 100


def _add_errors(form: forms.Form, error: ValidationError, *, default: str) -> None:
    """A service's refusal on the form, under the field it names (or ``default``)."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else default, messages_)


def _act(request: HttpRequest, form: forms.Form, call, *, default: str, done: str, then: str, pk):
    """One action of a record's page: ``call`` the service with the valid form's data; its
    refusal goes on the form (None returned, the page is shown again), or ``done`` is flashed and
    the record's page ``then`` shown afresh."""
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        _add_errors(form, error, default=default)
        return None
    messages.success(request, done)
    return redirect(then, pk=pk)


# --- Applications ----------------------------------------------------------------------------


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *RegistrationApplication.Status.choices],
    )
    verification = forms.ChoiceField(
        label="Verification",
        required=False,
        choices=[("", "Any verification"), *RegistrationApplication.Verification.choices],
    )
    district = forms.ModelChoiceField(
        label="Polling district",
        required=False,
        queryset=PollingDistrict.objects.order_by("code"),
        empty_label="Any polling district",
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "status", "verification", "district", Submit("filter", "Filter"), method="get"
        )


def applications(request: HttpRequest) -> HttpResponse:
    """Applications to register, newest first, filtered by status, verification and district."""
    require_electoral(request)
    form = ApplicationFilterForm(request.GET or None)
    found = RegistrationApplication.register.for_officer(request.user).select_related(
        "address__polling_district", "alteration__polling_district"
    )
    if form.is_valid():
        if form.cleaned_data["status"]:
            found = found.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["verification"]:
            found = found.filter(verification=form.cleaned_data["verification"])
        if form.cleaned_data["district"]:
            found = found.filter(address__polling_district=form.cleaned_data["district"])
    rows = list(found[: LIST_LIMIT + 1])
    return render(
        request,
        "elections/register/applications.html",
        {
            "form": form,
            "applications": rows[:LIST_LIMIT],
            "more": len(rows) > LIST_LIMIT,
            "limit": LIST_LIMIT,
        },
    )


class VerifyForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="verify", max_length=10)
    verification = forms.ChoiceField(
        label="How was the applicant's identity verified?",
        choices=[
            choice
            for choice in RegistrationApplication.Verification.choices
            if choice[0] != RegistrationApplication.Verification.PENDING
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the applicant's identity was verified"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper("action", "verification", Submit("verify", "Record verification"))


class DetermineForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="determine", max_length=10)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept: add to the register"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or reject the application"},
    )
    reason = limited_text(
        "Reason",
        limit=500,
        required=False,
        help_text="Needed when you reject an application; it is kept in the audit log.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "action", "decision", "reason", Submit("determine", "Record the decision")
        )


def _application_for(request: HttpRequest, pk: int) -> RegistrationApplication:
    require_electoral(request)
    application = (
        RegistrationApplication.register.for_officer(request.user)
        .select_related("address__polling_district__ward", "determined_by")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One application: verify it, then determine it. Every view is audited."""
    application = _application_for(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    verify_form = VerifyForm(request.POST if action == "verify" else None)
    determine_form = DetermineForm(request.POST if action == "determine" else None)
    page = {"then": "elections:register-application", "pk": application.pk}
    response = None
    if action == "verify" and verify_form.is_valid():
        response = _act(
            request,
            verify_form,
            lambda data: registration.application_verify(
                application=application, verification=data["verification"], by=request.user
            ),
            default="verification",
            done=f"Verification recorded for {application.reference}",
            **page,
        )
    if action == "determine" and determine_form.is_valid():
        response = _act(
            request,
            determine_form,
            lambda data: registration.application_determine(
                application=application,
                accept=data["decision"] == "accept",
                reason=data["reason"],
                by=request.user,
            ),
            default="decision",
            done=f"Decision recorded for {application.reference}",
            **page,
        )
    if response is not None:
        return response
    # Every showing of the record is audited, a form returned with errors as much as a GET.
    with transaction.atomic():
        audit.record("elections.application.view", application, by=request.user)
    alteration = (
        RegisterAlteration.register.filter(application=application)
        .select_related("polling_district", "notice")
        .first()
    )
    objections = list(
        ApplicationObjection.register.filter(application=application).select_related(
            "objector__polling_district"
        )
    )
    return render(
        request,
        "elections/register/application.html",
        {
            "application": application,
            "alteration": alteration,
            "objections": objections,
            "open_objections": any(o.status == "open" for o in objections),
            "verify_form": verify_form,
            "determine_form": determine_form,
            "form": verify_form if verify_form.errors else determine_form,
        },
    )


class ApplicationForm(forms.Form):
    """An application as the "Register to vote" service or a paper form gives it."""

    received_on = GovDateField(label="Date received", help_text="For example, 7 12 2026")
    channel = forms.ChoiceField(
        label="How was it made?",
        choices=RegistrationApplication.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the application was made"},
    )
    title = forms.CharField(label="Title (optional)", max_length=20, required=False)
    first_names = forms.CharField(
        label="First names",
        max_length=150,
        error_messages={"required": "Enter the applicant's first names"},
    )
    surname = forms.CharField(
        label="Surname",
        max_length=150,
        error_messages={"required": "Enter the applicant's surname"},
    )
    property_reference = forms.CharField(
        label="Property reference",
        max_length=30,
        help_text="The address's reference in the register, like P100",
        error_messages={"required": "Enter the property reference"},
    )
    date_of_birth = GovDateField(
        label="Date of birth", min_year=1900, help_text="For example, 27 3 2007"
    )
    nino = forms.CharField(
        label="National Insurance number (optional)",
        max_length=13,
        required=False,
        help_text="For example, QQ 12 34 56 C. It is erased once the application is verified.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    no_nino_reason = forms.CharField(
        label="If there is no National Insurance number, why not? (optional)",
        max_length=500,
        required=False,
    )
    nationality = forms.ChoiceField(
        label="Nationality",
        choices=RegistrationApplication.Nationality.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the applicant's nationality"},
    )
    invitation = forms.IntegerField(
        label="Invitation to register number (optional)",
        required=False,
        min_value=1,
        help_text="If the applicant was invited to register, the invitation's number",
        widget=number_input(),
        error_messages={"invalid": "Invitation to register number must be a number, like 12"},
    )
    anonymous = forms.BooleanField(label="An application for anonymous entry", required=False)
    open_register_opt_out = forms.BooleanField(
        label="Opted out of the open register", required=False
    )
    email = limited_email(
        "Email address (optional)",
        required=False,
        help_text="Notices about the application, such as an objection, are emailed to it",
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("received_on"),
            "channel",
            "title",
            "first_names",
            "surname",
            "property_reference",
            date_question("date_of_birth"),
            "nino",
            "no_nino_reason",
            "nationality",
            "invitation",
            "anonymous",
            "open_register_opt_out",
            "email",
            Submit("record", "Record the application"),
        )

    def clean_property_reference(self) -> Property:
        return _property_by_reference(self.cleaned_data["property_reference"])

    def clean_invitation(self) -> RegistrationInvitation | None:
        number = self.cleaned_data["invitation"]
        if number is None:
            return None
        found = RegistrationInvitation.register.filter(pk=number, application=None).first()
        if found is None:
            raise forms.ValidationError(
                f"There is no invitation to register {number} waiting for an application"
            )
        return found


def _property_by_reference(reference: str) -> Property:
    reference = reference.strip()
    found = Property.objects.filter(reference=reference).first()
    if found is None:
        raise forms.ValidationError(f"There is no property with the reference {reference}")
    return found


def application_new(request: HttpRequest) -> HttpResponse:
    """Record an application to register: its objection period starts from the day received."""
    require_electoral(request)
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["address"] = data.pop("property_reference")
        try:
            application = registration.application_receive(**data, by=request.user)
        except ValidationError as error:
            _add_errors(form, error, default="first_names")
        else:
            messages.success(request, f"Application {application.reference} recorded")
            return redirect("elections:register-application", pk=application.pk)
    return render(request, "elections/register/application_new.html", {"form": form})


# --- Objections to applications ----------------------------------------------------------------


class ObjectionForm(forms.Form):
    """An objection to an application, as the objector made it in writing."""

    received_on = GovDateField(label="Date received", help_text="For example, 7 12 2026")
    objector_name = forms.CharField(
        label="Objector's name",
        max_length=200,
        error_messages={"required": "Enter the objector's name"},
    )
    objector_number = forms.CharField(
        label="Objector's elector number",
        max_length=20,
        help_text="Only someone on the register may object. For example, KA12 or KA12/1",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the objector's elector number"},
    )
    objector_email = limited_email(
        "Objector's email address (optional)",
        required=False,
        help_text="Notices about the objection are emailed to it",
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com"
        },
    )
    grounds = limited_text(
        "Grounds of the objection",
        limit=2000,
        help_text="For example, that the applicant does not live at the address",
        error_messages={"required": "Enter the grounds of the objection"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("received_on"),
            "objector_name",
            "objector_number",
            "objector_email",
            "grounds",
            Submit("record", "Record the objection"),
        )


def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an objection to an application, received in its objection period."""
    application = _application_for(request, pk)
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            objection = registration.objection_record(
                application=application, **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error, default="grounds")
        else:
            messages.success(
                request,
                f"{objection} recorded: the application waits until it is determined",
            )
            return redirect("elections:register-objection", pk=objection.pk)
    return render(
        request,
        "elections/register/objection_new.html",
        {"form": form, "application": application},
    )


def objections(request: HttpRequest) -> HttpResponse:
    """Objections to applications, the open ones first."""
    require_electoral(request)
    found = (
        ApplicationObjection.register.for_officer(request.user)
        .select_related("application", "objector__polling_district")
        .order_by(Case(When(status="open", then=0), default=1), "-received_on", "-pk")
    )
    rows = list(found[: LIST_LIMIT + 1])
    return render(
        request,
        "elections/register/objections.html",
        {"objections": rows[:LIST_LIMIT], "more": len(rows) > LIST_LIMIT, "limit": LIST_LIMIT},
    )


class HearingForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="hearing", max_length=10)
    hearing_on = GovDateField(label="Date of the hearing", help_text="For example, 14 1 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "action", date_question("hearing_on"), Submit("hearing", "Fix the hearing")
        )


class ObjectionDecisionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="determine", max_length=10)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("uphold", "Uphold the objection: reject the application"),
            ("dismiss", "Dismiss the objection"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to uphold or dismiss the objection"},
    )
    reasons = limited_text(
        "Reasons",
        limit=2000,
        help_text="They are sent to the objector and the applicant",
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "action", "decision", "reasons", Submit("determine", "Record the decision")
        )


def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One objection: fix a hearing, then determine it with reasons. Every view is audited."""
    require_electoral(request)
    objection = (
        ApplicationObjection.register.for_officer(request.user)
        .select_related("application", "objector__polling_district", "determined_by")
        .filter(pk=pk)
        .first()
    )
    if objection is None:
        raise Http404("No such objection")
    action = request.POST.get("action") if request.method == "POST" else None
    hearing_form = HearingForm(request.POST if action == "hearing" else None)
    decision_form = ObjectionDecisionForm(request.POST if action == "determine" else None)
    page = {"then": "elections:register-objection", "pk": objection.pk}
    response = None
    if action == "hearing" and hearing_form.is_valid():
        response = _act(
            request,
            hearing_form,
            lambda data: registration.objection_hearing_set(
                objection=objection, hearing_on=data["hearing_on"], by=request.user
            ),
            default="hearing_on",
            done=f"Hearing of {objection} fixed",
            **page,
        )
    if action == "determine" and decision_form.is_valid():
        response = _act(
            request,
            decision_form,
            lambda data: registration.objection_determine(
                objection=objection,
                upheld=data["decision"] == "uphold",
                reasons=data["reasons"],
                by=request.user,
            ),
            default="decision",
            done=f"Decision on {objection} recorded",
            **page,
        )
    if response is not None:
        return response
    with transaction.atomic():
        audit.record("elections.objection.view", objection, by=request.user)
    return render(
        request,
        "elections/register/objection.html",
        {
            "objection": objection,
            "hearing_form": hearing_form,
            "decision_form": decision_form,
            "form": hearing_form if hearing_form.errors else decision_form,
        },
    )


# --- Deletions and changes of entries ----------------------------------------------------------


class AlterationForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is to change?",
        choices=[
            ("deletion", "Delete the entry"),
            ("change", "Change the name or the open register choice"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a deletion or a change"},
    )
    first_names = forms.CharField(
        label="New first names (optional)", max_length=150, required=False
    )
    surname = forms.CharField(label="New surname (optional)", max_length=150, required=False)
    open_register = forms.ChoiceField(
        label="Open register",
        choices=[("", "No change"), ("in", "Include in the open register"), ("out", "Opt out")],
        required=False,
    )
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        help_text="For example, moved away, or marriage. It is kept in the audit log.",
        error_messages={"required": "Enter the reason for the alteration"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "kind",
            "first_names",
            "surname",
            "open_register",
            "reason",
            Submit("record", "Record the alteration"),
        )

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {
            name: data[name].strip() for name in ("first_names", "surname") if data[name].strip()
        }
        if data["open_register"]:
            changes["open_register_opt_out"] = data["open_register"] == "out"
        return changes


def elector_alter(request: HttpRequest, pk: int) -> HttpResponse:
    """Determine a deletion or a change of an entry: pending until the next notice of
    alteration is published."""
    require_electoral(request)
    elector = (
        Elector.register.for_officer(request.user)
        .select_related("polling_district", "qualifying_address")
        .filter(pk=pk)
        .first()
    )
    if elector is None:
        raise Http404("No such elector")
    form = AlterationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data["kind"] == "deletion":
                registration.alteration_delete(elector=elector, reason=reason, by=request.user)
            else:
                registration.alteration_change(
                    elector=elector, changes=form.changes(), reason=reason, by=request.user
                )
        except ValidationError as error:
            _add_errors(form, error, default="kind")
        else:
            messages.success(
                request,
                f"The alteration of {elector.elector_number} is pending until the next notice "
                "of alteration is published",
            )
            return redirect("elections:register-elector", pk=elector.pk)
    pending = list(
        RegisterAlteration.register.pending()
        .filter(elector=elector)
        .select_related("polling_district")
    )
    with transaction.atomic():
        audit.record("elections.elector.view", elector, by=request.user, note="Alteration page")
    return render(
        request,
        "elections/register/elector_alter.html",
        {"elector": elector, "form": form, "pending": pending},
    )


# --- Invitations to register -----------------------------------------------------------------


class InvitationForm(forms.Form):
    property_reference = forms.CharField(
        label="Property reference",
        max_length=30,
        help_text="The property's reference in the register, like P100",
        error_messages={"required": "Enter the property reference"},
    )
    name = forms.CharField(
        label="Name of the person invited",
        max_length=200,
        error_messages={"required": "Enter the name of the person invited"},
    )
    email = limited_email(
        "Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com"
        },
    )
    method = forms.ChoiceField(
        label="How was the first invitation sent?",
        choices=[
            (InvitationContact.Method.POST, "By post"),
            (InvitationContact.Method.HAND, "Delivered by hand"),
            (InvitationContact.Method.EMAIL, "By email"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the invitation was sent"},
    )
    given_on = GovDateField(label="Date sent", help_text="For example, 7 12 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "property_reference",
            "name",
            "email",
            "method",
            date_question("given_on"),
            Submit("invite", "Record the invitation"),
        )

    def clean_property_reference(self) -> Property:
        return _property_by_reference(self.cleaned_data["property_reference"])


def invitations(request: HttpRequest) -> HttpResponse:
    """Invitations to register: who was invited, when, and what is still to be given."""
    require_electoral(request)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                invitation = registration.invitation_create(
                    address=data["property_reference"],
                    name=data["name"],
                    email=data["email"],
                    by=request.user,
                )
                registration.invitation_contact_record(
                    invitation=invitation,
                    kind=InvitationContact.Kind.WRITTEN,
                    method=data["method"],
                    given_on=data["given_on"],
                    by=request.user,
                )
        except ValidationError as error:
            _add_errors(form, error, default="name")
        else:
            messages.success(request, f"{invitation} recorded")
            return redirect("elections:register-invitation", pk=invitation.pk)
    found = list(
        RegistrationInvitation.register.for_officer(request.user)
        .select_related("address", "application")
        .prefetch_related(Prefetch("contacts", queryset=InvitationContact.register.all()))[
            : LIST_LIMIT + 1
        ]
    )
    return render(
        request,
        "elections/register/invitations.html",
        {"form": form, "invitations": found[:LIST_LIMIT], "more": len(found) > LIST_LIMIT},
    )


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was given?",
        choices=InvitationContact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an invitation to register or a personal visit"},
    )
    method = forms.ChoiceField(
        label="How?",
        choices=InvitationContact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it was given"},
    )
    given_on = GovDateField(label="Date given", help_text="For example, 7 12 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "kind", "method", date_question("given_on"), Submit("record", "Record it")
        )


def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One resident invited: the invitations and visit given, and the form for the next."""
    require_electoral(request)
    invitation = (
        RegistrationInvitation.register.for_officer(request.user)
        .select_related("address__polling_district", "application")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration.invitation_contact_record(
                invitation=invitation, **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error, default="kind")
        else:
            messages.success(request, "Recorded")
            return redirect("elections:register-invitation", pk=invitation.pk)
    contacts = list(invitation.contacts.all())
    with transaction.atomic():
        audit.record("elections.invitation.view", invitation, by=request.user)
    return render(
        request,
        "elections/register/invitation.html",
        {
            "invitation": invitation,
            "contacts": contacts,
            "outstanding": registration.rules.invitations_outstanding([c.kind for c in contacts]),
            "form": form,
        },
    )


# --- Notices of alteration -------------------------------------------------------------------


class ElectionNoticesForm(forms.Form):
    poll_date = GovDateField(label="Polling day", help_text="For example, 7 5 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Hidden("action", "election"),
            date_question("poll_date"),
            Submit("election", "Prepare the election notices"),
        )


class InterimNoticeForm(forms.Form):
    poll_date = GovDateField(label="Polling day", help_text="For example, 7 5 2027")
    publication_date = GovDateField(label="Date of publication", help_text="For example, 20 4 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="interim", **kwargs)
        self.helper = gov_helper(
            Hidden("action", "interim"),
            date_question("poll_date"),
            date_question("publication_date"),
            Submit("interim", "Prepare an interim notice"),
        )


def notices(request: HttpRequest) -> HttpResponse:
    """Notices of alteration: the next monthly notice and its cut-offs, election notices, and
    every notice prepared or published."""
    require_electoral(request)
    action = request.POST.get("action") if request.method == "POST" else None
    election_form = ElectionNoticesForm(request.POST if action == "election" else None)
    interim_form = InterimNoticeForm(request.POST if action == "interim" else None)
    today = timezone.localdate()
    calendar = registration.election_calendar()
    next_monthly = registration.rules.next_monthly_notice_of_alteration(today, calendar=calendar)
    if action == "monthly":
        notice = registration.monthly_notice_prepare(
            year=next_monthly.publication.year,
            month=next_monthly.publication.month,
            by=request.user,
        )
        return redirect("elections:register-notice", pk=notice.pk)
    if action == "election" and election_form.is_valid():
        registration.election_notices_prepare(
            poll_date=election_form.cleaned_data["poll_date"], by=request.user
        )
        messages.success(request, "The election notices of alteration have been prepared")
        return redirect("elections:register-notices")
    if action == "interim" and interim_form.is_valid():
        try:
            notice = registration.interim_notice_prepare(
                **interim_form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            _add_errors(interim_form, error, default="publication_date")
        else:
            return redirect("elections:register-notice", pk=notice.pk)
    listed = NoticeOfAlteration.objects.annotate(carried=Count("alterations")).order_by(
        "-publication_date", "-pk"
    )[:LIST_LIMIT]
    return render(
        request,
        "elections/register/notices.html",
        {
            "next_monthly": next_monthly,
            "election_form": election_form,
            "interim_form": interim_form,
            "form": interim_form if interim_form.errors else election_form,
            "notices": listed,
            "pending": RegisterAlteration.register.pending().count(),
        },
    )


def _notice_for(request: HttpRequest, pk: int) -> NoticeOfAlteration:
    require_electoral(request)
    notice = NoticeOfAlteration.objects.select_related("published_by").filter(pk=pk).first()
    if notice is None:
        raise Http404("No such notice")
    return notice


class PublishForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Submit("publish", "Publish the notice", css_class="govuk-button--warning")
        )


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice: its dates, what it carries by polling district, downloads, and publishing it."""
    notice = _notice_for(request, pk)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration.notice_of_alteration_publish(notice=notice, by=request.user)
        except ValidationError as error:
            form.add_error(None, error.message_dict.get("notice", error.messages))
        else:
            messages.success(request, f"{notice} published: its alterations are in the register")
            return redirect("elections:register-notice", pk=notice.pk)
    by_district = (
        registration.carried_by(notice)
        .order_by()
        .values("polling_district")
        .annotate(count=Count("pk"))
    )
    counts = {row["polling_district"]: row["count"] for row in by_district}
    districts = [
        (district, counts[district.pk])
        for district in PollingDistrict.objects.filter(pk__in=counts).order_by("code")
    ]
    return render(
        request,
        "elections/register/notice.html",
        {"notice": notice, "districts": districts, "form": form},
    )


def _notice_download(request: HttpRequest, pk: int, district_pk: int, kind: str):
    notice = _notice_for(request, pk)
    district = PollingDistrict.objects.select_related("ward").filter(pk=district_pk).first()
    if district is None:
        raise Http404("No such polling district")
    with transaction.atomic():
        audit.record(
            "elections.notice_of_alteration.export",
            notice,
            by=request.user,
            note=f"Polling district {district.code} ({kind})",
        )
    return notice, district


def notice_csv(request: HttpRequest, pk: int, district_pk: int) -> StreamingHttpResponse:
    notice, district = _notice_download(request, pk, district_pk, "CSV")
    response = StreamingHttpResponse(
        notice_publication.csv_lines(notice, district), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="notice-of-alteration-{notice.publication_date}-{district.code}.csv"'
    )
    return response


def notice_pdf(request: HttpRequest, pk: int, district_pk: int) -> HttpResponse:
    notice, district = _notice_download(request, pk, district_pk, "PDF")
    response = HttpResponse(
        notice_publication.render_pdf(notice, district), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="notice-of-alteration-{notice.publication_date}-{district.code}.pdf"'
    )
    return response
