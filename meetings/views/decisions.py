"""The decisions register and call-in.

Officer pages (Democratic Services Officer or Manager): the register with filters, recording,
correcting and publishing a decision, urgency consent, a call-in's outcome, and putting an
accepted call-in on a scrutiny agenda.

Member-portal pages (Councillor), under ``portal/decisions/``: decisions open for call-in,
starting a call-in with grounds, co-signing one, submitting it and following its progress.

Decisions are fetched through ``get_decision_for_user`` (``Decision.all_objects.visible_to``):
what a user may not see is a 404; councillors see only the public register, in which the
details of restricted decisions are withheld. Every page runs a fixed number of queries.
"""

from __future__ import annotations

from datetime import timedelta

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import text_limits
from democracy.council import period
from democracy.forms import GovDateField, date_question, gov_helper
from democracy.permissions import role_required
from democracy.roles import Role
from meetings.models import (
    AgendaItem,
    CallIn,
    CallInSignature,
    Committee,
    Decision,
    ForwardPlanEntry,
    Resolution,
)
from meetings.models.agenda import EXEMPT_PARAGRAPHS, SCHEDULE_12A_PART
from meetings.services import call_in as call_in_services
from meetings.services import decisions as services
from meetings.services.forward_plan import entry_check
from meetings.services.proceedings import record_objection
from members.models import Councillor

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)

STATUS_TAGS = {
    Decision.Status.RECORDED: "govuk-tag--grey",
    Decision.Status.PUBLISHED: "govuk-tag--green",
    Decision.Status.OPEN: "govuk-tag--blue",
    Decision.Status.CALLED_IN: "govuk-tag--orange",
    Decision.Status.IMPLEMENTABLE: "govuk-tag--green",
    Decision.Status.URGENT: "govuk-tag--purple",
    Decision.Status.REFERRED_BACK: "govuk-tag--red",
    Decision.Status.REFERRED_TO_COUNCIL: "govuk-tag--red",
}
CALL_IN_TAGS = {
    CallIn.Status.DRAFT: "govuk-tag--blue",
    CallIn.Status.ACCEPTED: "govuk-tag--orange",
    CallIn.Status.DECIDED: "govuk-tag--green",
    CallIn.Status.LAPSED: "govuk-tag--grey",
    CallIn.Status.WITHDRAWN: "govuk-tag--grey",
}


# --- Fetching what the user may see -------------------------------------------------------------


def get_decision_for_user(request: HttpRequest, pk: int) -> Decision:
    """The decision if ``request.user`` may see it (officers: all; others: the public register,
    restricted details withheld), else 404."""
    try:
        return (
            Decision.all_objects.visible_to(request.user)
            .select_related(
                "decision_maker_committee",
                "decision_maker_councillor",
                "meeting__committee",
                "agenda_item",
                "forward_plan_entry__agenda_item__meeting",
            )
            .get(pk=pk)
        )
    except Decision.DoesNotExist:
        raise Http404("No such decision") from None


def get_call_in_for_user(request: HttpRequest, pk: int) -> CallIn:
    """A call-in of a decision the user may see, else 404."""
    visible = Decision.all_objects.visible_to(request.user).values("pk")
    try:
        return CallIn.all_objects.select_related("lead", "scrutiny_item__meeting__committee").get(
            pk=pk, decision__in=visible
        )
    except CallIn.DoesNotExist:
        raise Http404("No such call-in") from None


def councillor_of(user) -> Councillor | None:
    return Councillor.all_objects.filter(user=user).first() if user.is_authenticated else None


def service_errors(form: forms.Form, error: ValidationError, fields: dict | None = None) -> None:
    """A service's ``ValidationError`` on the form: on the field of the same name (or the one
    ``fields`` maps it to), anything else above the form."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = fields.get(name, name)
            for message in ValidationError(errors).messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def exempt_paragraph_choices() -> list[Choice]:
    part = SCHEDULE_12A_PART[settings.COUNCIL_NATION]
    return [
        Choice(number, f"Paragraph {number} of {part}", hint=text)
        for number, text in EXEMPT_PARAGRAPHS[settings.COUNCIL_NATION].items()
    ]


# --- Forms --------------------------------------------------------------------------------------


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label="Title contains", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind of decision",
        required=False,
        choices=[("", "All kinds"), *Decision.Kind.choices],
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Decision.Status.choices]
    )
    key = forms.BooleanField(label="Key decisions only", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("q"),
            Field.select("kind"),
            Field.select("status"),
            Field.checkbox("key", small=True),
            Submit("filter", "Show decisions", css_class="govuk-button--secondary"),
            method="get",
        )


def _textarea(
    label: str,
    *,
    required: bool = True,
    help_text: str = "",
    error: str = "",
    limit: int = text_limits.LONG,
):
    return text_limits.limited_text(
        label,
        limit=limit,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
        error_messages={"required": error} if error else {},
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of decision",
        choices=Decision.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of decision"},
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="Shown in the public register even when the details are exempt.",
        error_messages={"required": "Enter the title"},
    )
    decision_maker_committee = forms.ModelChoiceField(
        label="Decision-making body (optional)",
        queryset=Committee.objects.none(),
        required=False,
        empty_label="Not a committee",
        help_text="For a committee resolution or a Cabinet decision.",
    )
    decision_maker_councillor = forms.ModelChoiceField(
        label="Executive member (optional)",
        queryset=Councillor.all_objects.none(),
        required=False,
        empty_label="Not an individual member's decision",
        help_text="For a decision of an individual executive member.",
    )
    decision_maker_name = forms.CharField(
        label="Portfolio or officer post (optional)",
        max_length=200,
        required=False,
        help_text="For example, Cabinet Member for Housing, or Director of Place.",
    )
    agenda_item = forms.ModelChoiceField(
        label="Agenda item (optional)",
        queryset=AgendaItem.all_objects.none(),
        required=False,
        empty_label="Not made at a meeting",
        help_text="The item at which the decision was made.",
    )
    forward_plan_entry = forms.ModelChoiceField(
        label="Forward plan entry (optional)",
        queryset=ForwardPlanEntry.all_objects.none(),
        required=False,
        empty_label="None",
    )
    is_key_decision = forms.BooleanField(label="This is a key decision", required=False)
    decided_on = GovDateField(label="Date of the decision", help_text="For example, 14 4 2025")
    decision = _textarea("The decision", error="Enter the decision")
    reasons = _textarea("Reasons for the decision", error="Enter the reasons for the decision")
    alternatives_considered = _textarea(
        "Alternative options considered and rejected",
        help_text="Write 'None' if there were none.",
        error="Enter the alternative options considered and rejected",
    )
    conflicts_declared = _textarea(
        "Conflicts of interest declared (optional)",
        required=False,
        help_text="Leave blank if none was declared. For a decision made at an agenda item, the "
        "interests declared at the item are used, whatever is typed here.",
    )
    dispensations = _textarea(
        "Dispensations granted (optional)",
        required=False,
        help_text="A note of any dispensation granted by the head of paid service.",
    )
    exempt_paragraphs = forms.TypedMultipleChoiceField(
        label="Exempt information (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="If the details are exempt, select the paragraphs of Schedule 12A. The title "
        "stays public; the details are withheld.",
    )
    public_interest_statement = _textarea(
        "Public interest statement (optional)",
        required=False,
        help_text="Needed for exempt details (Schedule 12A paragraph 10).",
    )
    confidential = forms.BooleanField(label="The details are confidential", required=False)

    def __init__(self, *args, submit: str = "Record the decision", **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["decision_maker_committee"].queryset = Committee.objects.active(today)
        self.fields["decision_maker_councillor"].queryset = Councillor.all_objects.serving(today)
        self.fields["agenda_item"].queryset = (
            AgendaItem.all_objects.filter(
                kind=AgendaItem.Kind.BUSINESS,
                meeting__starts_at__date__gte=today - timedelta(days=120),
                meeting__starts_at__date__lte=today + timedelta(days=30),
            )
            .select_related("meeting__committee")
            .order_by("-meeting__starts_at", "position")
        )
        self.fields["agenda_item"].label_from_instance = lambda item: (
            f"{item.meeting}: {item.title}"
        )
        self.fields["forward_plan_entry"].queryset = ForwardPlanEntry.all_objects.filter(
            withdrawn_on__isnull=True
        ).order_by("-expected_decision_date")
        self.fields["exempt_paragraphs"].choices = exempt_paragraph_choices()
        self.helper = gov_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("title"),
            Field.select("decision_maker_committee"),
            Field.select("decision_maker_councillor"),
            Field.text("decision_maker_name"),
            Field.select("agenda_item"),
            Field.select("forward_plan_entry"),
            Field.checkbox("is_key_decision", small=True),
            date_question("decided_on"),
            Field.textarea("decision", rows=4),
            Field.textarea("reasons", rows=4),
            Field.textarea("alternatives_considered", rows=4),
            Field.textarea("conflicts_declared", rows=3),
            Field.textarea("dispensations", rows=3),
            Field.checkboxes("exempt_paragraphs", legend_size=Size.SMALL, small=True),
            Field.textarea("public_interest_statement", rows=3),
            Field.checkbox("confidential", small=True),
            Submit("save", submit),
        )


class UrgencyForm(forms.Form):
    agreed_by = forms.CharField(
        label="Who agreed that the decision is urgent",
        max_length=300,
        help_text="Names and offices, for example the Chair of the Council and the chair of the "
        "relevant scrutiny committee, as the constitution requires.",
        error_messages={"required": "Enter who agreed that the decision is urgent"},
    )
    agreed_on = GovDateField(label="Date of the agreement", help_text="For example, 14 4 2025")
    reasons = _textarea(
        "Why delay would seriously prejudice the council or the public",
        error="Enter why the decision is urgent",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("agreed_by"),
            date_question("agreed_on"),
            Field.textarea("reasons", rows=4),
            Submit("save", "Record the urgency consent", css_class="govuk-button--warning"),
        )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the committee decide?",
        choices=CallIn.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the call-in"},
    )
    decided_on = GovDateField(label="Date of the committee's decision")
    notes = _textarea(
        "Recommendation or notes",
        required=False,
        help_text="Needed when the decision is referred back: the committee's recommendation.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.radios("outcome", legend_size=Size.SMALL),
            date_question("decided_on"),
            Field.textarea("notes", rows=4),
            Submit("save", "Record the outcome"),
        )


class NotesForm(forms.Form):
    notes = _textarea(
        "When and by whom the decision was reconsidered",
        error="Say when and by whom the decision was reconsidered",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("notes", rows=4), Submit("save", "Confirm the decision")
        )


class GroundsForm(forms.Form):
    grounds = _textarea(
        "Grounds for the call-in",
        help_text="Why the decision should be reviewed, for example that it conflicts with the "
        "policy framework or the budget, or that relevant matters were not considered.",
        error="Enter the grounds for the call-in",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("grounds", rows=8), Submit("save", "Start the call-in")
        )


# --- Officer pages ------------------------------------------------------------------------------


@role_required(*OFFICERS)
def decision_list(request: HttpRequest) -> HttpResponse:
    """The register: every decision, newest first, with filters."""
    form = DecisionFilterForm(request.GET or None)
    decisions = Decision.all_objects.visible_to(request.user).select_related(
        "decision_maker_committee", "decision_maker_councillor"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            decisions = decisions.filter(title__icontains=data["q"])
        if data["kind"]:
            decisions = decisions.filter(kind=data["kind"])
        if data["status"]:
            decisions = decisions.filter(status=data["status"])
        if data["key"]:
            decisions = decisions.filter(is_key_decision=True)
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    for decision in page.object_list:
        decision.tag_class = STATUS_TAGS.get(decision.status, "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/decisions/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _decision_values(data: dict) -> dict:
    return {name: data[name] for name in services.DECISION_FIELDS if name != "meeting"}


@role_required(*OFFICERS)
def decision_record(request: HttpRequest) -> HttpResponse:
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(
                **_decision_values(form.cleaned_data), by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The decision has been recorded. Publish it when ready.")
            return redirect("meetings:decision-detail", decision.pk)
    return render(
        request,
        "meetings/decisions/form.html",
        {"form": form, "title": "Record a decision"},
    )


@role_required(*OFFICERS)
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    if decision.is_published:
        raise PermissionDenied("A published decision cannot be changed.")
    initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        submit="Save the decision",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                decision=decision, changes=_decision_values(form.cleaned_data), by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The decision has been saved.")
            return redirect("meetings:decision-detail", decision.pk)
    return render(
        request,
        "meetings/decisions/form.html",
        {"form": form, "title": "Correct the decision", "decision": decision},
    )


@role_required(*OFFICERS)
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    decision.tag_class = STATUS_TAGS.get(decision.status, "")
    call_ins = list(
        decision.call_ins.select_related("lead", "scrutiny_item__meeting__committee")
        .prefetch_related(
            Prefetch(
                "signatures", queryset=CallInSignature.all_objects.select_related("councillor")
            )
        )
        .order_by("-created_at")
    )
    for call_in in call_ins:
        call_in.tag_class = CALL_IN_TAGS.get(call_in.status, "")
    notice = None
    if decision.is_key_decision and decision.forward_plan_entry is not None:
        notice = entry_check(decision.forward_plan_entry, decision_date=decision.decided_on)
    window = None
    if decision.status == Decision.Status.RECORDED and decision.is_executive:
        window = services.call_in_window_for(timezone.localdate())
    return render(
        request,
        "meetings/decisions/detail.html",
        {
            "decision": decision,
            "call_ins": call_ins,
            "notice": notice,
            "window": window,
            "threshold": period("call_in_signatories"),
            "today": timezone.localdate(),
            "record_objection": record_objection(decision.meeting)
            if decision.meeting_id and decision.status == Decision.Status.RECORDED
            else "",
        },
    )


@role_required(*OFFICERS)
@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    try:
        decision = services.decision_publish(
            decision=decision,
            by=request.user,
            exception_reasons=request.POST.get("exception_reasons", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if decision.status == Decision.Status.OPEN:
            messages.success(
                request,
                f"Published. It can be called in until the end of "
                f"{decision.call_in_deadline:%-d %B %Y}.",
            )
        else:
            messages.success(request, "Published.")
    return redirect("meetings:decision-detail", decision.pk)


@role_required(*OFFICERS)
def decision_urgent(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    if not decision.is_executive or decision.status not in (
        Decision.Status.RECORDED,
        Decision.Status.OPEN,
    ):
        raise PermissionDenied("This decision cannot be treated as urgent.")
    form = UrgencyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_mark_urgent(decision=decision, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The urgency consent has been recorded.")
            return redirect("meetings:decision-detail", decision.pk)
    return render(
        request,
        "meetings/decisions/form.html",
        {
            "form": form,
            "title": "Exempt the decision from call-in as urgent",
            "decision": decision,
            "warning": "An urgent decision can be implemented at once and cannot be called in. "
            "Record the consent your constitution requires.",
        },
    )


@role_required(*OFFICERS)
def decision_reconsidered(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    if decision.status not in (Decision.Status.REFERRED_BACK, Decision.Status.REFERRED_TO_COUNCIL):
        raise PermissionDenied("Only a decision referred back can be confirmed.")
    form = NotesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_reconsidered(
                decision=decision, notes=form.cleaned_data["notes"], by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The decision has been confirmed and may be implemented.")
            return redirect("meetings:decision-detail", decision.pk)
    return render(
        request,
        "meetings/decisions/form.html",
        {
            "form": form,
            "title": "Confirm the decision after reconsideration",
            "decision": decision,
        },
    )


@role_required(*OFFICERS)
def call_in_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    call_in = get_call_in_for_user(request, pk)
    if call_in.status != CallIn.Status.ACCEPTED:
        raise PermissionDenied("An outcome can only be recorded for an accepted call-in.")
    form = OutcomeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            call_in_services.call_in_outcome(call_in=call_in, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The outcome of the call-in has been recorded.")
            return redirect("meetings:decision-detail", call_in.decision_id)
    return render(
        request,
        "meetings/decisions/form.html",
        {
            "form": form,
            "title": "Record the outcome of the call-in",
            "decision": call_in.decision,
        },
    )


@role_required(*OFFICERS)
@require_POST
def call_in_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    call_in = get_call_in_for_user(request, pk)
    try:
        item = call_in_services.call_in_add_to_scrutiny(call_in=call_in, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"The call-in is on the agenda of {item.meeting}.")
    return redirect("meetings:decision-detail", call_in.decision_id)


# --- Member portal ------------------------------------------------------------------------------


def _portal_councillor(request: HttpRequest) -> Councillor:
    councillor = councillor_of(request.user)
    if councillor is None:
        raise PermissionDenied("Your account is not linked to a councillor.")
    return councillor


@role_required(Role.COUNCILLOR)
def portal_decisions(request: HttpRequest) -> HttpResponse:
    """Decisions open for call-in, call-ins collecting signatures, and the councillor's own."""
    today = timezone.localdate()
    councillor = councillor_of(request.user)
    open_decisions = (
        Decision.all_objects.public()
        .open_for_call_in(today)
        .select_related("decision_maker_committee", "decision_maker_councillor")
        .order_by("call_in_deadline", "pk")
    )
    mine, to_sign = [], []
    if councillor is not None:
        with_counts = CallIn.all_objects.select_related("decision", "lead").annotate(
            signed=Count("signatures", distinct=True)
        )
        mine = list(
            with_counts.filter(Q(lead=councillor) | Q(signatures__councillor=councillor))
            .distinct()
            .order_by("-created_at")
        )
        to_sign = list(
            with_counts.filter(
                status=CallIn.Status.DRAFT,
                decision__status=Decision.Status.OPEN,
                decision__call_in_deadline__gte=today,
            )
            .exclude(signatures__councillor=councillor)
            .order_by("decision__call_in_deadline")
        )
        for call_in in [*mine, *to_sign]:
            call_in.tag_class = CALL_IN_TAGS.get(call_in.status, "")
    return render(
        request,
        "meetings/decisions/portal_list.html",
        {
            "councillor": councillor,
            "open_decisions": open_decisions,
            "mine": mine,
            "to_sign": to_sign,
            "threshold": period("call_in_signatories"),
        },
    )


@role_required(Role.COUNCILLOR)
def portal_call_in_start(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    councillor = _portal_councillor(request)
    today = timezone.localdate()
    if decision.status != Decision.Status.OPEN or today > decision.call_in_deadline:
        raise PermissionDenied("This decision is not open for call-in.")
    form = GroundsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            call_in = call_in_services.call_in_start(
                decision=decision,
                lead=councillor,
                grounds=form.cleaned_data["grounds"],
                by=request.user,
                today=today,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                "You have started the call-in and signed it. Ask other councillors to sign it.",
            )
            return redirect("meetings:portal-call-in", call_in.pk)
    return render(
        request,
        "meetings/decisions/portal_start.html",
        {
            "form": form,
            "decision": decision,
            "threshold": period("call_in_signatories"),
        },
    )


@role_required(Role.COUNCILLOR, *OFFICERS)
def portal_call_in(request: HttpRequest, pk: int) -> HttpResponse:
    call_in = get_call_in_for_user(request, pk)
    decision = get_decision_for_user(request, call_in.decision_id)
    councillor = councillor_of(request.user)
    today = timezone.localdate()
    signatures = list(call_in.signatures.select_related("councillor"))
    is_open = (
        call_in.status == CallIn.Status.DRAFT
        and decision.status == Decision.Status.OPEN
        and today <= decision.call_in_deadline
    )
    has_signed = councillor is not None and any(
        s.councillor_id == councillor.pk for s in signatures
    )
    is_lead = councillor is not None and councillor.pk == call_in.lead_id
    call_in.tag_class = CALL_IN_TAGS.get(call_in.status, "")
    return render(
        request,
        "meetings/decisions/portal_call_in.html",
        {
            "call_in": call_in,
            "decision": decision,
            "signatures": signatures,
            "threshold": period("call_in_signatories"),
            "can_sign": is_open and councillor is not None and not has_signed,
            "can_submit": is_open and is_lead,
            "has_signed": has_signed,
            "is_lead": is_lead,
        },
    )


def _portal_action(request: HttpRequest, pk: int, *, lead_only: bool):
    call_in = get_call_in_for_user(request, pk)
    councillor = _portal_councillor(request)
    if lead_only and councillor.pk != call_in.lead_id:
        raise PermissionDenied("Only the lead councillor can do that.")
    return call_in, councillor


@role_required(Role.COUNCILLOR)
@require_POST
def portal_call_in_sign(request: HttpRequest, pk: int) -> HttpResponse:
    call_in, councillor = _portal_action(request, pk, lead_only=False)
    try:
        call_in_services.call_in_sign(call_in=call_in, councillor=councillor, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "You have signed the call-in.")
    return redirect("meetings:portal-call-in", call_in.pk)


@role_required(Role.COUNCILLOR)
@require_POST
def portal_call_in_submit(request: HttpRequest, pk: int) -> HttpResponse:
    call_in, _ = _portal_action(request, pk, lead_only=True)
    try:
        submission = call_in_services.call_in_submit(call_in=call_in, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"The call-in has been accepted. {submission.message}")
    return redirect("meetings:portal-call-in", call_in.pk)


@role_required(Role.COUNCILLOR)
@require_POST
def portal_call_in_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    call_in, _ = _portal_action(request, pk, lead_only=True)
    try:
        call_in_services.call_in_withdraw(call_in=call_in, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The call-in has been withdrawn.")
    return redirect("meetings:portal-decisions")


class ReceivedCallInForm(forms.Form):
    """A call-in that arrived on paper or by email, with a row per signatory the officer has
    confirmed with the councillor (the date and the means of confirmation)."""

    received_by = forms.ChoiceField(
        label="How did the call-in arrive?",
        choices=[(CallIn.Received.PAPER, "On paper"), (CallIn.Received.EMAIL, "By email")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the call-in came on paper or by email"},
    )
    received_on = GovDateField(
        label="Date the call-in was received", help_text="For example, 23 4 2025"
    )
    lead = forms.ModelChoiceField(
        label="Lead councillor",
        queryset=Councillor.all_objects.none(),
        empty_label="Choose the lead councillor",
        error_messages={"required": "Choose the lead councillor"},
    )
    grounds = _textarea("Grounds for the call-in", error="Enter the grounds for the call-in")

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        councillors = Councillor.all_objects.serving(timezone.localdate()).order_by(
            "last_name", "first_name"
        )
        self.fields["lead"].queryset = councillors
        self.fields["lead"].label_from_instance = lambda c: c.formal_name
        self.rows = rows
        choices = [("", "Choose a councillor")] + [(str(c.pk), c.formal_name) for c in councillors]
        means = [("", "Choose how they confirmed"), *CallInSignature.Means.choices]
        layout = []
        for k in range(rows):
            n = k + 1
            self.fields[f"sig_{k}_councillor"] = forms.ChoiceField(
                label=f"Signatory {n}", choices=choices, required=False
            )
            self.fields[f"sig_{k}_means"] = forms.ChoiceField(
                label=f"How signatory {n} confirmed signing", choices=means, required=False
            )
            self.fields[f"sig_{k}_confirmed"] = GovDateField(
                label=f"Date signatory {n} confirmed signing", required=False
            )
            layout.append(
                Fieldset(
                    Field.select(f"sig_{k}_councillor"),
                    Field.select(f"sig_{k}_means"),
                    date_question(f"sig_{k}_confirmed"),
                    legend=f"Signatory {n}",
                    legend_size=Size.SMALL,
                )
            )
        self.helper = gov_helper(
            Field.radios("received_by", legend_size=Size.SMALL, inline=True),
            date_question("received_on"),
            Field.select("lead"),
            Field.textarea("grounds", rows=5),
            HTML(
                '<h2 class="govuk-heading-m">Signatories</h2><p class="govuk-body">Confirm each '
                "signature with the councillor before recording it. The lead councillor is "
                "one of the signatories.</p>"
            ),
            *layout,
            Submit("save", "Record the call-in"),
        )

    def signatories(self) -> list:
        data = self.cleaned_data
        chosen, self.row_of = [], {}
        by_pk = {str(c.pk): c for c in self.fields["lead"].queryset}
        for k in range(self.rows):
            who = data.get(f"sig_{k}_councillor")
            means = data.get(f"sig_{k}_means") or ""
            confirmed = data.get(f"sig_{k}_confirmed")
            if not who:
                if means or confirmed:
                    self.add_error(f"sig_{k}_councillor", f"Choose signatory {k + 1}")
                continue
            self.row_of[len(chosen)] = k
            chosen.append(call_in_services.ConfirmedSignatory(by_pk[who], confirmed, means))
        return chosen

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            service_errors(self, error)
            return
        names = {"councillor": "councillor", "confirmed_on": "confirmed", "means": "means"}
        for key, errors in error.error_dict.items():
            target = key if key in self.fields else None
            if key.startswith("signatories."):
                _, index, field = key.split(".", 2)
                target = f"sig_{self.row_of[int(index)]}_{names[field]}"
            for message in ValidationError(errors).messages:
                self.add_error(target, message)


@role_required(*OFFICERS)
def call_in_received(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a call-in received on paper or by email: the portal's validity rules apply."""
    decision = get_decision_for_user(request, pk)
    if decision.status != Decision.Status.OPEN:
        raise PermissionDenied("Only a decision open for call-in can be called in.")
    form = ReceivedCallInForm(
        request.POST if request.method == "POST" else None,
        rows=period("call_in_signatories") + 2,
    )
    if request.method == "POST" and form.is_valid():
        signatories = form.signatories()
        if not form.errors:
            data = form.cleaned_data
            try:
                result = call_in_services.call_in_record_received(
                    decision=decision,
                    lead=data["lead"],
                    grounds=data["grounds"],
                    received_on=data["received_on"],
                    received_by=data["received_by"],
                    signatories=signatories,
                    by=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"The call-in has been accepted. {result.message}")
                return redirect("meetings:decision-detail", decision.pk)
    return render(
        request,
        "meetings/decisions/form.html",
        {
            "form": form,
            "title": "Record a call-in received on paper or by email",
            "decision": decision,
        },
    )


class NoticeForm(forms.Form):
    """The parts of a decision notice drawn from a minute that the officer may reword."""

    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="Shown in the public register even when the details are exempt.",
        error_messages={"required": "Enter the title"},
    )
    decision = _textarea("The decision", error="Enter the decision")
    reasons = _textarea("Reasons for the decision", error="Enter the reasons for the decision")
    alternatives_considered = _textarea(
        "Alternative options considered and rejected",
        help_text="Write 'None' if there were none.",
        error="Enter the alternative options considered and rejected",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("title"),
            Field.textarea("decision", rows=4),
            Field.textarea("reasons", rows=4),
            Field.textarea("alternatives_considered", rows=4),
            Submit("save", "Record the decision notice"),
        )


@role_required(*OFFICERS)
def decision_from_resolution(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision notice of a minute, drawn from it for the officer to review: the resolution,
    reasons and alternatives recorded at the meeting (rewordable), the interests declared at the
    item and the call-in deadline (not typed)."""
    try:
        resolution = Resolution.all_objects.select_related("item__meeting__committee").get(pk=pk)
    except Resolution.DoesNotExist:
        raise Http404("No such resolution") from None
    existing = Decision.all_objects.filter(resolution=resolution).first()
    if existing is not None:
        messages.info(request, f"Minute {resolution.reference} already has its decision notice.")
        return redirect("meetings:decision-detail", existing.pk)
    draft = services.notice_draft(resolution)
    initial = {
        "title": draft.title,
        "decision": draft.decision,
        "reasons": draft.reasons,
        "alternatives_considered": draft.alternatives_considered,
    }
    form = NoticeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_from_resolution(
                resolution=resolution, **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, "The decision notice has been recorded. Publish it when ready."
            )
            return redirect("meetings:decision-detail", decision.pk)
    return render(
        request,
        "meetings/decisions/from_resolution.html",
        {"form": form, "draft": draft, "resolution": resolution, "item": resolution.item},
    )


urlpatterns = [
    path("decisions/", decision_list, name="decision-list"),
    path(
        "resolutions/<int:pk>/decision-notice/",
        decision_from_resolution,
        name="decision-from-resolution",
    ),
    path("decisions/record/", decision_record, name="decision-record"),
    path("decisions/<int:pk>/", decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/edit/", decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/publish/", decision_publish, name="decision-publish"),
    path("decisions/<int:pk>/urgent/", decision_urgent, name="decision-urgent"),
    path("decisions/<int:pk>/reconsidered/", decision_reconsidered, name="decision-reconsidered"),
    path("decisions/<int:pk>/call-in/received/", call_in_received, name="call-in-received"),
    path("call-ins/<int:pk>/outcome/", call_in_outcome, name="call-in-outcome"),
    path("call-ins/<int:pk>/schedule/", call_in_schedule, name="call-in-schedule"),
    path("portal/decisions/", portal_decisions, name="portal-decisions"),
    path("portal/decisions/<int:pk>/call-in/", portal_call_in_start, name="portal-call-in-start"),
    path("portal/call-ins/<int:pk>/", portal_call_in, name="portal-call-in"),
    path("portal/call-ins/<int:pk>/sign/", portal_call_in_sign, name="portal-call-in-sign"),
    path("portal/call-ins/<int:pk>/submit/", portal_call_in_submit, name="portal-call-in-submit"),
    path(
        "portal/call-ins/<int:pk>/withdraw/",
        portal_call_in_withdraw,
        name="portal-call-in-withdraw",
    ),
]
