"""The register of interests in the member portal and on the officers' pages.

Portal (Councillor), under ``portal/interests/``: the current published version and the
declaration in progress, with deadlines; adding, changing and removing lines; submitting; a
returned declaration's reasons. A councillor reaches only their own declarations: anyone else's
is a 404 (``get_declaration_for_user``).

Officers (Democratic Services Officer or Manager), under ``officers/interests/``: the queue of
submissions; reviewing one, recording the monitoring officer's agreement that a line is
sensitive (Localism Act 2011 s32), publishing or returning with a reason; dispensations (s33).
"""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import text_limits
from democracy.council import period
from democracy.forms import GovDateField, date_question, gov_helper
from democracy.permissions import role_required
from democracy.roles import MEMBER_ROLES, Role
from democracy.validity import in_force_on
from members.models import (
    CoOption,
    Councillor,
    Dispensation,
    Interest,
    InterestDeclaration,
    Term,
)
from members.rules import interests as rules
from members.rules.interests import CATEGORY_HINTS, CATEGORY_LABELS, Category
from members.services import interests as services

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)

STATUS_TAGS = {
    InterestDeclaration.Status.DRAFT: "govuk-tag--grey",
    InterestDeclaration.Status.SUBMITTED: "govuk-tag--blue",
    InterestDeclaration.Status.RETURNED: "govuk-tag--red",
    InterestDeclaration.Status.PUBLISHED: "govuk-tag--green",
}


def service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the field of the same name, anything else above."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def own_councillor(request: HttpRequest) -> Councillor:
    councillor = Councillor.all_objects.filter(user=request.user).first()
    if councillor is None:
        raise Http404("Your account is not linked to a councillor")
    return councillor


def get_declaration_for_user(request: HttpRequest, pk: int) -> InterestDeclaration:
    """A declaration the user may see (officers: any; a councillor: their own), else 404."""
    try:
        return (
            InterestDeclaration.all_objects.visible_to(request.user)
            .select_related("councillor", "reviewed_by")
            .get(pk=pk)
        )
    except InterestDeclaration.DoesNotExist:
        raise Http404("No such declaration") from None


def get_own_declaration(request: HttpRequest, pk: int) -> InterestDeclaration:
    """For the portal: the signed-in councillor's own declaration, else 404, even for a user
    who is also an officer (officers review on their own pages and never edit a member's)."""
    try:
        return InterestDeclaration.all_objects.select_related("councillor").get(
            pk=pk, councillor__user=request.user
        )
    except InterestDeclaration.DoesNotExist:
        raise Http404("No such declaration") from None


def get_interest_for_user(request: HttpRequest, declaration: InterestDeclaration, pk: int):
    try:
        return Interest.private_objects.visible_to(request.user).get(pk=pk, declaration=declaration)
    except Interest.DoesNotExist:
        raise Http404("No such interest") from None


def private_sections(lines) -> list[dict]:
    """Lines of a declaration in progress (the member's or an officer's view), by category,
    in the same shape as the public sections."""
    by_category: dict[str, list] = {}
    for line in lines:
        by_category.setdefault(line.category, []).append(line)
    return [
        {
            "category": category.value,
            "label": CATEGORY_LABELS[category],
            "is_dpi": rules.is_disclosable_pecuniary(category),
            "lines": by_category.get(category.value, []),
        }
        for category in Category
    ]


def deadlines(councillor: Councillor, declaration: InterestDeclaration | None) -> dict:
    """The s30(1) deadline from the start of the member's current term (a councillor) or
    co-option (a co-opted member), and the deadline for a change in progress. A co-optee without
    a vote is not a co-opted member (s27(4)): no deadline, ``voluntary`` instead."""
    today = timezone.localdate()
    result: dict = {"today": today}
    took_office = None
    ordinary = False
    if councillor.is_co_opted:
        co_option = CoOption.objects.filter(in_force_on(today), councillor=councillor).first()
        result["co_option"] = co_option
        if co_option is not None:
            if rules.must_register(co_opted=True, voting=co_option.voting):
                took_office = co_option.start_date
            else:
                result["voluntary"] = True
    else:
        term = Term.objects.filter(in_force_on(today), councillor=councillor).first()
        took_office = term.start_date if term is not None else None
        ordinary = term is not None and rules.elected_at_ordinary_election(term.start_reason)
    if took_office is not None:
        deadline = rules.registration_deadline(
            took_office,
            elected_at_ordinary_election=ordinary,
            days=period("interest_registration_days"),
        )
        result["registration_due"] = deadline.due
        result["registration_reading"] = deadline.reading
        result["registration_overdue"] = rules.is_overdue(deadline.due, today=today)
        result["took_office"] = took_office
    if declaration is not None and declaration.change_aware_on:
        due = rules.change_due(declaration.change_aware_on, days=period("interest_change_days"))
        result["change_due"] = due
        result["change_overdue"] = rules.is_overdue(due, today=today)
    return result


# --- Forms --------------------------------------------------------------------------------------


class InterestForm(forms.Form):
    category = forms.ChoiceField(
        label="What kind of interest is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of interest"},
    )
    whose = forms.ChoiceField(
        label="Whose interest is it?",
        choices=Interest.Whose.choices,
        widget=forms.RadioSelect,
        initial=Interest.Whose.SELF,
        help_text="Disclosable pecuniary interests of your spouse, civil partner or the person "
        "you live with as such must be registered if you know of them.",
        error_messages={"required": "Select whose interest it is"},
    )
    description = forms.CharField(
        label="Describe the interest",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example: Solicitor, employed by; Director; Freehold of my home.",
        error_messages={"required": "Describe the interest"},
    )
    organisation = forms.CharField(
        label="Name of the employer, company or body (optional)",
        max_length=300,
        required=False,
        help_text="As it would be named in a council report, so that agendas can be checked.",
    )
    address = forms.CharField(
        label="Address or description of the land (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    sensitive = forms.BooleanField(
        label="Ask for this interest to be withheld as a sensitive interest",
        required=False,
        help_text="Only if disclosing it could lead to you or someone connected with you being "
        "subject to violence or intimidation; the monitoring officer must agree (Localism Act "
        "2011 section 32).",
    )
    sensitive_reason = forms.CharField(
        label="Why could disclosing it lead to violence or intimidation? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, submit: str = "Save the interest", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            Choice(c.value, CATEGORY_LABELS[c], hint=CATEGORY_HINTS[c]) for c in Category
        ]
        self.helper = gov_helper(
            Field.radios("category", legend_size=Size.SMALL, small=True),
            Field.radios("whose", legend_size=Size.SMALL, small=True),
            Field.textarea("description", rows=3),
            Field.text("organisation"),
            Field.textarea("address", rows=3),
            Field.checkbox("sensitive", small=True),
            Field.textarea("sensitive_reason", rows=3),
            Submit("save", submit),
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("category")
            and data.get("whose") == Interest.Whose.PARTNER
            and not rules.partner_may_hold(data["category"])
        ):
            self.add_error(
                "whose",
                "Only disclosable pecuniary interests are registered for a spouse, civil partner "
                "or cohabitee; choose Yours for this kind of interest",
            )
        if data.get("sensitive") and not data.get("sensitive_reason", "").strip():
            self.add_error(
                "sensitive_reason", "Say why disclosing this interest could lead to violence"
            )
        return data


class ChangeDateForm(forms.Form):
    change_aware_on = GovDateField(
        label="Date you became aware of the change",
        help_text="You must tell the monitoring officer within 28 days. For example, 2 11 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("change_aware_on"),
            Submit("save", "Save the date", css_class="govuk-button--secondary"),
        )


class ReturnForm(forms.Form):
    reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Why is the declaration being returned?",
        name="The reason for returning it",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The councillor sees this.",
        error_messages={"required": "Say why the declaration is being returned"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("reason", rows=4),
            Submit("save", "Return the declaration", css_class="govuk-button--warning"),
        )


class SensitiveForm(forms.Form):
    agreed_by = forms.CharField(
        label="Monitoring officer who agreed",
        max_length=200,
        error_messages={"required": "Enter the monitoring officer's name"},
    )
    agreed_on = GovDateField(label="Date of the agreement")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("agreed_by"),
            date_question("agreed_on"),
            Submit("save", "Record the agreement"),
        )


class DispensationForm(forms.Form):
    councillor = forms.ModelChoiceField(
        label="Member",
        queryset=Councillor.all_objects.none(),
        help_text="A councillor, or a co-opted member with a vote.",
        error_messages={"required": "Select the member"},
    )
    granted_by = forms.CharField(
        label="Granted by",
        max_length=200,
        help_text="For example, Standards Committee, or the Monitoring Officer under delegation.",
        error_messages={"required": "Enter who granted the dispensation"},
    )
    granted_on = GovDateField(label="Date granted")
    expires_on = GovDateField(label="Date it expires", help_text="At most four years later.")
    ground = forms.ChoiceField(
        label="Ground (Localism Act 2011 section 33(2))",
        choices=Dispensation.Ground.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the ground"},
    )
    scope = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Business covered",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the business or items the dispensation covers"},
    )
    reasons = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reasons"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # s33 dispensations are for "a member or co-opted member"; a co-optee without a vote is
        # not one (s27(4)) and cannot need one to vote.
        today = timezone.localdate()
        voting = CoOption.objects.filter(in_force_on(today), voting=True).values("councillor_id")
        self.fields["councillor"].queryset = Councillor.all_objects.filter(
            Q(pk__in=Councillor.all_objects.serving(today).values("pk")) | Q(pk__in=voting)
        ).order_by("last_name", "first_name")
        self.helper = gov_helper(
            Field.select("councillor"),
            Field.text("granted_by"),
            date_question("granted_on"),
            date_question("expires_on"),
            Field.radios("ground", legend_size=Size.SMALL, small=True),
            Field.textarea("scope", rows=3),
            Field.textarea("reasons", rows=3),
            Submit("save", "Record the dispensation"),
        )


# --- Portal -------------------------------------------------------------------------------------


@role_required(*MEMBER_ROLES)
def portal_interests(request: HttpRequest) -> HttpResponse:
    councillor = own_councillor(request)
    declarations = list(
        InterestDeclaration.all_objects.filter(councillor=councillor)
        .annotate(lines=Count("interests"))
        .order_by("-version", "-created_at")
    )
    published = [d for d in declarations if d.status == InterestDeclaration.Status.PUBLISHED]
    open_ = next((d for d in declarations if d.status != "published"), None)
    current = published[0] if published else None
    lines = (
        list(Interest.private_objects.filter(declaration=current).order_by("position"))
        if current
        else []
    )
    for d in declarations:
        d.tag_class = STATUS_TAGS[d.status]
    return render(
        request,
        "members/interests/portal.html",
        {
            "councillor": councillor,
            "current": current,
            "open": open_,
            "published": published,
            "sections": private_sections(lines),
            "deadlines": deadlines(councillor, open_),
        },
    )


@require_POST
@role_required(*MEMBER_ROLES)
def portal_start(request: HttpRequest) -> HttpResponse:
    councillor = own_councillor(request)
    declaration = services.declaration_start(councillor=councillor, by=request.user)
    return redirect("members:portal-declaration", declaration.pk)


@role_required(*MEMBER_ROLES)
def portal_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_own_declaration(request, pk)
    lines = list(declaration.interests.order_by("position", "id"))
    form = ChangeDateForm(
        request.POST if request.method == "POST" else None,
        initial={"change_aware_on": declaration.change_aware_on},
    )
    if request.method == "POST":
        if not declaration.is_editable:
            return redirect("members:portal-declaration", pk)
        if form.is_valid():
            services.declaration_set_change_date(
                declaration=declaration,
                change_aware_on=form.cleaned_data["change_aware_on"],
                by=request.user,
            )
            messages.success(request, "Date saved.")
            return redirect("members:portal-declaration", pk)
    return render(
        request,
        "members/interests/portal_declaration.html",
        {
            "declaration": declaration,
            "sections": private_sections(lines),
            "lines": lines,
            "form": form,
            "tag_class": STATUS_TAGS[declaration.status],
            "deadlines": deadlines(declaration.councillor, declaration),
        },
    )


def _editable_or_403(request, declaration) -> None:
    """Seen but not changeable (submitted or published): 403."""
    if not declaration.is_editable:
        raise PermissionDenied


@role_required(*MEMBER_ROLES)
def portal_interest_add(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_own_declaration(request, pk)
    _editable_or_403(request, declaration)
    form = InterestForm(
        request.POST if request.method == "POST" else None, submit="Add the interest"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_add(declaration=declaration, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Interest added. Submit the declaration when it is complete.")
            return redirect("members:portal-declaration", declaration.pk)
    return render(
        request,
        "members/interests/form.html",
        {"form": form, "title": "Add an interest", "declaration": declaration},
    )


@role_required(*MEMBER_ROLES)
def portal_interest_edit(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    declaration = get_own_declaration(request, pk)
    interest = get_interest_for_user(request, declaration, line)
    _editable_or_403(request, declaration)
    initial = {name: getattr(interest, name) for name in services.LINE_FIELDS}
    form = InterestForm(
        request.POST if request.method == "POST" else None, initial=initial, submit="Save changes"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_update(interest=interest, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Interest changed.")
            return redirect("members:portal-declaration", declaration.pk)
    return render(
        request,
        "members/interests/form.html",
        {"form": form, "title": "Change an interest", "declaration": declaration},
    )


@require_POST
@role_required(*MEMBER_ROLES)
def portal_interest_remove(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    declaration = get_own_declaration(request, pk)
    interest = get_interest_for_user(request, declaration, line)
    _editable_or_403(request, declaration)
    services.interest_remove(interest=interest, by=request.user)
    messages.success(request, "Interest removed.")
    return redirect("members:portal-declaration", declaration.pk)


@require_POST
@role_required(*MEMBER_ROLES)
def portal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_own_declaration(request, pk)
    _editable_or_403(request, declaration)
    services.declaration_submit(declaration=declaration, by=request.user)
    messages.success(
        request, "Declaration submitted to the monitoring officer. It is published once reviewed."
    )
    return redirect("members:portal-interests")


# --- Officers -----------------------------------------------------------------------------------


@role_required(*OFFICERS)
def officer_queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for review, then the register status of every member in office:
    serving councillors and co-opted members, a voting co-optee with the s30(1) deadline from
    their co-option, a non-voting one marked as not required to register (s27(4))."""
    submitted = list(
        InterestDeclaration.all_objects.filter(status=InterestDeclaration.Status.SUBMITTED)
        .select_related("councillor")
        .annotate(
            lines=Count("interests"),
            sensitive_lines=Count("interests", filter=Q(interests__sensitive=True)),
        )
        .order_by("submitted_at")
    )
    today = timezone.localdate()
    current = {
        d.councillor_id: d
        for d in InterestDeclaration.all_objects.current().only(
            "pk", "councillor_id", "version", "published_at"
        )
    }
    terms = {
        t.councillor_id: t
        for t in Term.objects.filter(in_force_on(today)).only(
            "councillor_id", "start_date", "start_reason"
        )
    }
    co_options = {
        c.councillor_id: c
        for c in CoOption.objects.filter(in_force_on(today)).only(
            "councillor_id", "start_date", "voting", "appointment"
        )
    }
    days = period("interest_registration_days")
    councillors = list(
        Councillor.all_objects.filter(
            Q(pk__in=Councillor.all_objects.serving(today).values("pk"))
            | Q(pk__in=Councillor.all_objects.co_opted(today).values("pk"))
        ).order_by("last_name", "first_name")
    )
    for councillor in councillors:
        councillor.current = current.get(councillor.pk)
        councillor.co_option = co_options.get(councillor.pk) if councillor.is_co_opted else None
        office = councillor.co_option or terms.get(councillor.pk)
        councillor.must_register = office is not None and rules.must_register(
            co_opted=councillor.co_option is not None,
            voting=getattr(office, "voting", True),
        )
        councillor.due = (
            rules.registration_deadline(
                office.start_date,
                elected_at_ordinary_election=rules.elected_at_ordinary_election(
                    getattr(office, "start_reason", None)
                ),
                days=days,
            ).due
            if councillor.must_register
            else None
        )
        councillor.overdue = (
            councillor.current is None
            and councillor.due is not None
            and rules.is_overdue(councillor.due, today=today)
        )
    return render(
        request,
        "members/interests/officer_queue.html",
        {"submitted": submitted, "councillors": councillors},
    )


@role_required(*OFFICERS)
def officer_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_declaration_for_user(request, pk)
    lines = list(declaration.interests.order_by("position", "id"))
    return render(
        request,
        "members/interests/officer_declaration.html",
        {
            "declaration": declaration,
            "sections": private_sections(lines),
            "lines": lines,
            "tag_class": STATUS_TAGS[declaration.status],
            "unagreed": [line for line in lines if line.sensitive and not line.sensitive_agreed_by],
            "return_form": ReturnForm(),
        },
    )


@require_POST
@role_required(*OFFICERS)
def officer_publish(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_declaration_for_user(request, pk)
    try:
        services.declaration_publish(declaration=declaration, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("members:officer-declaration", pk)
    messages.success(request, "Register published.")
    return redirect("members:officer-interests")


@role_required(*OFFICERS)
def officer_return(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_declaration_for_user(request, pk)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_return(
                declaration=declaration, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Declaration returned to the councillor.")
            return redirect("members:officer-interests")
    return render(
        request,
        "members/interests/form.html",
        {"form": form, "title": "Return the declaration", "declaration": declaration},
    )


@role_required(*OFFICERS)
def officer_sensitive(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    declaration = get_declaration_for_user(request, pk)
    interest = get_interest_for_user(request, declaration, line)
    form = SensitiveForm(
        request.POST if request.method == "POST" else None,
        initial={"agreed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_agree_sensitive(
                interest=interest,
                agreed_by=form.cleaned_data["agreed_by"],
                agreed_on=form.cleaned_data["agreed_on"],
                by=request.user,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The monitoring officer's agreement is recorded.")
            return redirect("members:officer-declaration", pk)
    return render(
        request,
        "members/interests/form.html",
        {
            "form": form,
            "title": "Withhold a sensitive interest",
            "declaration": declaration,
            "interest": interest,
            "withheld": rules.WITHHELD,
        },
    )


@role_required(*OFFICERS)
def officer_dispensations(request: HttpRequest) -> HttpResponse:
    rows = Dispensation.all_objects.select_related("councillor").order_by("-granted_on", "id")
    return render(
        request,
        "members/interests/dispensations.html",
        {"dispensations": rows, "officer_view": True},
    )


@role_required(*OFFICERS)
def officer_dispensation_new(request: HttpRequest) -> HttpResponse:
    form = DispensationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispensation_grant(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Dispensation recorded and published.")
            return redirect("members:officer-dispensations")
    return render(
        request, "members/interests/form.html", {"form": form, "title": "Record a dispensation"}
    )
