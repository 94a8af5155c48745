"""Cases: the clerk's intake screen and case list, entering a paper appeal, the case page (also
open to a panel member sitting on the case's hearing), evidence, and intake decisions.

Every page that shows a case writes an audit row (``get_appeal_for_user``); anyone who may not
see a case, signed in or not, gets a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from appeals import config, rules, uploads
from appeals.forms import layout_for
from appeals.models import (
    Appeal,
    Appellant,
    Decision,
    Evidence,
    InfantClassSizeGround,
    School,
    YearGroup,
)
from appeals.services import cases as services
from appeals.services import scheduling
from appeals.views.common import (
    form_page,
    get_appeal_for_user,
    is_clerk,
    posted,
    posted_files,
)
from democracy import text_limits
from democracy.forms import GovDateField, number_input
from democracy.roles import Role

CLERK = Role.APPEALS_CLERK


def _require_clerk(request: HttpRequest) -> None:
    """Case lists are for appeals clerks only; to anyone else they do not exist."""
    if not is_clerk(request.user):
        raise Http404("No such page")


# --- Lists ---------------------------------------------------------------------------------------


def intake(request: HttpRequest) -> HttpResponse:
    """New appeals waiting for a hearing, oldest first, each with its hearing deadline and a
    late flag; paper appeals are entered from here."""
    _require_clerk(request)
    waiting = list(
        scheduling.unlisted(Appeal.cases.for_clerk(request.user))
        .filter(status=Appeal.Status.LODGED)
        .select_related("school", "admission_authority__calendar", "admission_round")
        .order_by("lodged_at")
    )
    deadlines = scheduling.hear_by_each(waiting)
    for appeal in waiting:
        appeal.hear_by = deadlines[appeal.pk]
    # Stage 1 travel reviews need no hearing: an officer decides them, by their own deadline.
    reviews = list(
        Appeal.cases.for_clerk(request.user)
        .filter(kind=Appeal.Kind.TRANSPORT_STAGE_1, status=Appeal.Status.LODGED)
        .select_related("admission_authority")
        .order_by("lodged_at")
    )
    working_days, periods = config.working_days(), config.periods()
    for review in reviews:
        review.hear_by = rules.transport_deadlines(
            stage_1_requested_on=review.lodged_on, working_days=working_days, periods=periods
        ).stage_1_outcome_by
    return render(request, "appeals/cases/intake.html", {"appeals": waiting, "reviews": reviews})


def case_list(request: HttpRequest) -> HttpResponse:
    _require_clerk(request)
    status = request.GET.get("status", "")
    appeals = Appeal.cases.for_clerk(request.user).select_related("school")
    if status in Appeal.Status.values:
        appeals = appeals.filter(status=status)
    return render(
        request,
        "appeals/cases/list.html",
        {"appeals": appeals[:500], "status": status, "statuses": Appeal.Status.choices},
    )


# --- Entering a paper appeal -----------------------------------------------------------------------


class PaperAppealForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of appeal",
        choices=Appeal.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of appeal"},
    )
    channel = forms.ChoiceField(
        label="How it arrived",
        choices=[c for c in Appeal.Channel.choices if c[0] != Appeal.Channel.ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the appeal arrived"},
    )
    lodged_on = GovDateField(label="Date received")
    school = forms.ModelChoiceField(
        queryset=School.objects.all(),
        required=False,
        label="School",
        help_text="The school applied for or excluded from; for travel, the school attended",
    )
    year_group = forms.ChoiceField(
        label="Year group",
        choices=YearGroup.choices,
        error_messages={"required": "Choose the year group"},
    )
    entry_year = forms.IntegerField(
        label="School year the place is for",
        help_text="By the year it starts: 2026 for 2026 to 2027",
        min_value=2000,
        max_value=2100,
        widget=number_input(),
        error_messages={
            "required": "Enter the school year the place is for",
            "invalid": "The school year must be a year, like 2026",
            "min_value": "The school year must be 2000 or later",
            "max_value": "The school year must be 2100 or earlier",
        },
    )
    decision_notified_on = GovDateField(label="Date the decision appealed against was notified")
    child_first_name = forms.CharField(label="Child's first name", max_length=100, required=False)
    child_last_name = forms.CharField(label="Child's last name", max_length=100, required=False)
    child_date_of_birth = GovDateField(label="Child's date of birth", required=False, min_year=1995)
    current_school_name = forms.CharField(
        label="Child's current school (optional)", max_length=200, required=False
    )
    appellant_name = forms.CharField(label="Appellant's full name", max_length=200, required=False)
    relationship = forms.ChoiceField(
        label="Relationship to the child", choices=Appellant.Relationship.choices, initial="parent"
    )
    appellant_email = text_limits.limited_email(
        "Appellant's email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    address = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    grounds = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Grounds of appeal",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    infant_class_size = forms.BooleanField(
        label="Refused because an infant class would go over 30 pupils", required=False
    )
    sen_expert_requested = forms.BooleanField(
        label="Exclusion reviews: the parent asks for a SEN expert", required=False
    )
    previous_reference = forms.CharField(
        label="Travel stage 2: the stage 1 review's reference (optional)",
        max_length=20,
        required=False,
    )
    late_reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Reason given for lodging late (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.FileField(label="A document sent with the appeal (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Enter the appeal")

    def clean_previous_reference(self):
        reference = self.cleaned_data["previous_reference"].strip().upper()
        if not reference:
            return None
        appeal = Appeal.cases.filter(reference=reference).first()
        if appeal is None:
            raise forms.ValidationError(f"There is no appeal {reference}")
        return appeal


def case_create(request: HttpRequest) -> HttpResponse:
    """A clerk enters an appeal that arrived on paper, by email or at the intake desk."""
    _require_clerk(request)
    form = PaperAppealForm(posted(request), posted_files(request))

    def save(data: dict) -> HttpResponse:
        evidence = []
        if data["evidence"] is not None:
            evidence.append(uploads.check_file(data["evidence"]))
        lodging = services.Lodging(
            kind=data["kind"],
            school=data["school"],
            year_group=data["year_group"],
            entry_year=data["entry_year"],
            decision_notified_on=data["decision_notified_on"],
            lodged_on=data["lodged_on"],
            channel=data["channel"],
            child=services.ChildDetails(
                first_name=data["child_first_name"],
                last_name=data["child_last_name"],
                date_of_birth=data["child_date_of_birth"],
                current_school_name=data["current_school_name"],
            ),
            appellants=[
                services.AppellantDetails(
                    name=data["appellant_name"],
                    relationship=data["relationship"],
                    email=data["appellant_email"],
                    phone=data["phone"],
                    address=data["address"],
                    postcode=data["postcode"],
                )
            ],
            grounds=data["grounds"],
            infant_class_size=data["infant_class_size"],
            sen_expert_requested=data["sen_expert_requested"],
            previous_appeal=data["previous_reference"],
            late_reason=data["late_reason"],
            evidence=evidence,
        )
        try:
            appeal = services.appeal_lodge(lodging=lodging, by=request.user)
        except ValidationError as error:
            # The service names the lodging's fields; this form calls two of them differently.
            renamed = {
                "appellant_email": "appellant_email",
                "previous_appeal": "previous_reference",
            }
            if hasattr(error, "error_dict"):
                raise ValidationError(
                    {renamed.get(k, k): v for k, v in error.error_dict.items()}
                ) from None
            raise
        messages.success(request, f"Appeal {appeal.reference} has been entered.")
        return redirect("appeals:case", appeal.pk)

    return form_page(
        request,
        form,
        title="Enter an appeal received on paper",
        back=(reverse("appeals:intake"), "Back to new appeals"),
        on_valid=save,
    )


# --- The case ------------------------------------------------------------------------------------


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case: for the clerk with its deadlines, evidence, history and actions; for a panel
    member sitting on its hearing, read only."""
    appeal = get_appeal_for_user(request, pk)
    clerk = is_clerk(request.user)
    listing = (
        appeal.listings.filter(cancelled_at=None)
        .select_related("hearing__room__venue", "hearing__clerk")
        .first()
    )
    hearing_day = listing.hearing.date if listing else None
    decision = Decision.private_objects.filter(appeal=appeal).first()
    return render(
        request,
        "appeals/cases/detail.html",
        {
            "appeal": appeal,
            "child": getattr(appeal, "child", None),
            "appellants": appeal.appellants.all(),
            # Panel members see every document, "panel only" ones included: those are for them.
            "evidence": appeal.evidence.all(),
            "history": appeal.status_changes.select_related("by"),
            "deadlines": services.deadlines(appeal, hearing_day=hearing_day),
            "listing": listing,
            "is_clerk": clerk,
            "is_open": appeal.status not in services.CLOSED and appeal.anonymised_at is None,
            "ics_grounds": [
                dict(InfantClassSizeGround.choices).get(ground, ground)
                for ground in appeal.infant_class_size_grounds
            ],
            "links": appeal.evidence_links.all() if clerk else [],
            "today": timezone.localdate(),
            "decision": decision,
            "letter": rules.letter_status(
                decision.letter_due_on, decision.letter_sent_on, timezone.localdate()
            )
            if decision
            else "",
        },
    )


def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    appeal = get_appeal_for_user(request, pk, action="evidence_view")
    evidence = Evidence.private_objects.filter(appeal=appeal, pk=evidence_pk).first()
    if evidence is None:
        raise Http404("No such document")
    extension = evidence.extension
    return FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=True,
        filename=f"{appeal.reference}-document-{evidence.pk}{extension}",
    )


class ClerkEvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file", error_messages={"required": "Choose a file to upload"}
    )
    description = forms.CharField(label="What is this document?", required=False, max_length=200)
    source = forms.ChoiceField(
        label="From",
        choices=[
            (Evidence.Source.CLERK, "The appellant, sent to the clerk"),
            (Evidence.Source.AUTHORITY, "The admission authority"),
        ],
        widget=forms.RadioSelect,
        initial=Evidence.Source.CLERK,
    )
    panel_only = forms.BooleanField(
        label="For the panel only, not the parties' bundle", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the document")


def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk)
    form = ClerkEvidenceForm(posted(request), posted_files(request))

    def save(data: dict) -> HttpResponse:
        checked = uploads.check_file(data["file"], field="file")
        services.evidence_add(
            appeal=appeal,
            upload=checked,
            source=data["source"],
            description=data["description"],
            panel_only=data["panel_only"],
            by=request.user,
        )
        messages.success(request, f"The document has been added to {appeal.reference}.")
        return redirect("appeals:case", pk)

    return form_page(
        request,
        form,
        title="Add a document",
        caption=appeal.reference,
        back=(reverse("appeals:case", args=[pk]), f"Back to {appeal.reference}"),
        on_valid=save,
    )


@require_POST
def evidence_link_send(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk, action="evidence_link")
    try:
        services.evidence_link_send(appeal=appeal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "A new link to add evidence has been emailed to the appellant.")
    return redirect("appeals:case", pk)


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of appeal",
        choices=[(k, label) for k, label in Appeal.Kind.choices if k in Appeal.ADMISSION_KINDS],
        widget=forms.RadioSelect,
    )
    infant_class_size = forms.BooleanField(
        label="Refused because an infant class would go over 30 pupils", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Save")


def case_classify(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk)
    if not appeal.is_admission:
        raise Http404("Only admission appeals are classified")
    form = ClassifyForm(
        posted(request),
        initial={"kind": appeal.kind, "infant_class_size": appeal.infant_class_size},
    )

    def save(data: dict) -> HttpResponse:
        services.appeal_classify(
            appeal=appeal,
            kind=data["kind"],
            infant_class_size=data["infant_class_size"],
            infant_class_size_grounds=appeal.infant_class_size_grounds,
            by=request.user,
        )
        messages.success(request, f"{appeal.reference} has been saved.")
        return redirect("appeals:case", pk)

    return form_page(
        request,
        form,
        title="How the appeal is treated",
        caption=appeal.reference,
        back=(reverse("appeals:case", args=[pk]), f"Back to {appeal.reference}"),
        on_valid=save,
    )


class RejectForm(forms.Form):
    reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Why is the appeal rejected?",
        name="The reason for rejecting it",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the appeal is rejected"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Reject the appeal")


def case_reject(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk)
    form = RejectForm(posted(request))

    def save(data: dict) -> HttpResponse:
        services.appeal_reject(appeal=appeal, reason=data["reason"], by=request.user)
        messages.success(request, f"{appeal.reference} has been rejected.")
        return redirect("appeals:case", pk)

    return form_page(
        request,
        form,
        title="Reject the appeal",
        caption=appeal.reference,
        intro="For example an exclusion review applied for after 15 school days, which the regulations require to be rejected.",
        back=(reverse("appeals:case", args=[pk]), f"Back to {appeal.reference}"),
        on_valid=save,
    )


class WithdrawForm(forms.Form):
    note = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Anything to note about the withdrawal (optional)",
        name="The note",
        required=False,
        help_text="For example: offered a place at another school. Keep the family's details out.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Record the withdrawal")


def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The appellant withdraws before the hearing (by letter, email or telephone): the clerk
    records it; the appeal comes off any hearing and is determined that day."""
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk)
    form = WithdrawForm(posted(request))

    def save(data: dict) -> HttpResponse:
        services.appeal_withdraw(appeal=appeal, note=data["note"], by=request.user)
        messages.success(request, f"{appeal.reference} has been withdrawn.")
        return redirect("appeals:case", pk)

    return form_page(
        request,
        form,
        title="The appellant withdraws the appeal",
        caption=appeal.reference,
        intro="Once the panel has heard the appeal, record a withdrawal as the panel's decision.",
        back=(reverse("appeals:case", args=[pk]), f"Back to {appeal.reference}"),
        on_valid=save,
    )
