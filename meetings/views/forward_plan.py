"""The forward plan (SI 2012/2089 regs 5 and 9-11): officer pages listing every entry with its
notice status and the date each notice must be published by, adding and changing entries,
publishing notices, the general exception and special urgency records, private meeting notices,
linking an entry to the agenda item where it will be decided, and the list of key decisions on
agendas (or on the plan) without a valid notice.

Democratic Services Officer and Manager only. Every page reads the statutory calendar once and
runs a fixed number of queries whatever the size of the plan.
"""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import text_limits
from democracy.forms import GovDateField, date_question, gov_helper
from democracy.permissions import role_required
from democracy.roles import Role
from meetings.models import (
    AgendaItem,
    Committee,
    Decision,
    ForwardPlanEntry,
    Meeting,
    UrgencyAgreer,
)
from meetings.services import forward_plan as services
from meetings.views.decisions import exempt_paragraph_choices, service_errors

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


def get_entry_for_user(request: HttpRequest, pk: int) -> ForwardPlanEntry:
    try:
        return (
            ForwardPlanEntry.all_objects.visible_to(request.user)
            .select_related("decision_maker_committee", "agenda_item__meeting__committee")
            .get(pk=pk)
        )
    except ForwardPlanEntry.DoesNotExist:
        raise Http404("No such forward plan entry") from None


def _editable(entry: ForwardPlanEntry) -> None:
    if entry.withdrawn_on is not None:
        raise PermissionDenied("This entry has been withdrawn from the forward plan.")


# --- Forms --------------------------------------------------------------------------------------


def _textarea(
    label: str,
    *,
    required: bool = False,
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


class EntryForm(forms.Form):
    title = forms.CharField(
        label="Matter to be decided",
        max_length=300,
        error_messages={"required": "Enter the matter to be decided"},
    )
    matter = _textarea("Description (optional)")
    decision_maker_committee = forms.ModelChoiceField(
        label="Decision-making body (optional)",
        queryset=Committee.objects.none(),
        required=False,
        empty_label="An individual decision maker",
    )
    decision_maker_name = forms.CharField(
        label="Individual decision maker (optional)",
        max_length=200,
        required=False,
        help_text="The name and title of an executive member or officer who will decide.",
    )
    expected_decision_date = GovDateField(
        label="Date of the decision",
        help_text="The date, or the first day of the period, in which it will be made. For "
        "example, 3 7 2025",
    )
    is_key_decision = forms.BooleanField(
        label="This is a key decision", required=False, initial=True
    )
    documents = _textarea(
        "Documents to be submitted (optional)",
        help_text="The reports and other documents the decision maker will consider.",
    )
    contact = forms.CharField(
        label="Contact for copies of the documents",
        max_length=300,
        help_text="The officer or address from which copies can be requested.",
        error_messages={"required": "Enter where copies of the documents can be obtained"},
    )
    private = forms.BooleanField(
        label="The decision is intended to be taken in private", required=False
    )
    private_paragraphs = forms.TypedMultipleChoiceField(
        label="Why it would be taken in private (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The paragraphs of Schedule 12A that apply.",
    )
    private_reasons = _textarea("Reasons for meeting in private (optional)")

    def __init__(self, *args, submit: str = "Add to the forward plan", **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["decision_maker_committee"].queryset = Committee.objects.active(today)
        self.fields["private_paragraphs"].choices = exempt_paragraph_choices()
        self.helper = gov_helper(
            Field.text("title"),
            Field.textarea("matter", rows=4),
            Field.select("decision_maker_committee"),
            Field.text("decision_maker_name"),
            date_question("expected_decision_date"),
            Field.checkbox("is_key_decision", small=True),
            Field.textarea("documents", rows=3),
            Field.text("contact"),
            Field.checkbox("private", small=True),
            Field.checkboxes("private_paragraphs", legend_size=Size.SMALL, small=True),
            Field.textarea("private_reasons", rows=3),
            Submit("save", submit),
        )


class GeneralExceptionForm(forms.Form):
    reasons = _textarea(
        "Why 28 clear days' notice was impracticable",
        required=True,
        error="Enter why 28 clear days' notice was impracticable",
    )
    scrutiny_chair_informed_on = GovDateField(
        label="Date the chair of overview and scrutiny was informed in writing"
    )
    notice_on = GovDateField(
        label="Date the notice was made available at the offices and on the website"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("reasons", rows=4),
            date_question("scrutiny_chair_informed_on"),
            date_question("notice_on"),
            Submit("save", "Record the general exception"),
        )


class AgreementForm(forms.Form):
    agreed_by_role = forms.ChoiceField(
        label="Who agreed",
        choices=UrgencyAgreer.choices,
        widget=forms.RadioSelect,
        help_text="The chair of the relevant overview and scrutiny committee; if there is none "
        "or they cannot act, the chair of the council; failing that, its vice-chair.",
        error_messages={"required": "Select the office of the person who agreed"},
    )
    agreed_by = forms.CharField(
        label="Their name",
        max_length=200,
        error_messages={"required": "Enter the name of the person who agreed"},
    )
    agreed_on = GovDateField(label="Date of the agreement")
    reasons = _textarea(
        "Why it is urgent and cannot reasonably be deferred",
        required=True,
        error="Enter why it is urgent and cannot reasonably be deferred",
    )

    def __init__(self, *args, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.radios("agreed_by_role", legend_size=Size.SMALL),
            Field.text("agreed_by"),
            date_question("agreed_on"),
            Field.textarea("reasons", rows=4),
            Submit("save", submit),
        )


class PrivateNoticeForm(forms.Form):
    representations = _textarea(
        "Representations received (optional)",
        help_text="Any representations about why the meeting should be open to the public.",
    )
    response = _textarea("Response to the representations (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("representations", rows=4),
            Field.textarea("response", rows=4),
            Submit("save", "Publish the further notice today"),
        )


class LinkForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        label="Agenda item",
        queryset=AgendaItem.all_objects.none(),
        required=False,
        empty_label="Not on an agenda yet",
        help_text="The item of business at which the decision will be taken.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        field.queryset = (
            AgendaItem.all_objects.filter(
                kind=AgendaItem.Kind.BUSINESS,
                meeting__status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
                meeting__starts_at__date__gte=timezone.localdate(),
            )
            .select_related("meeting__committee")
            .order_by("meeting__starts_at", "position")
        )
        field.label_from_instance = lambda item: f"{item.meeting}: {item.title}"
        self.helper = gov_helper(Field.select("agenda_item"), Submit("save", "Save"))


class WithdrawForm(forms.Form):
    reason = _textarea(
        "Why it is withdrawn", required=True, error="Enter why the entry is withdrawn"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("reason", rows=3),
            Submit("save", "Withdraw from the forward plan", css_class="govuk-button--warning"),
        )


# --- Pages --------------------------------------------------------------------------------------


def _decorate(entries, today: date) -> list[ForwardPlanEntry]:
    notice = services.notice_rules()
    entries = list(entries)
    for entry in entries:
        entry.notice_check = services.entry_check(entry, notice_rules_=notice)
        entry.private_check = services.entry_private_check(entry, notice_rules_=notice)
        entry.notice_overdue = (
            entry.notice_published_on is None and today > entry.notice_check.latest_notice_date
        )
    return entries


@role_required(*OFFICERS)
def forward_plan_list(request: HttpRequest) -> HttpResponse:
    """Entries not withdrawn and not yet decided, by decision date, each with its notice status
    and the latest date for the notice."""
    today = timezone.localdate()
    show = request.GET.get("show", "current")
    entries = ForwardPlanEntry.all_objects.select_related(
        "decision_maker_committee", "agenda_item__meeting"
    ).annotate(decided=Exists(Decision.all_objects.filter(forward_plan_entry=OuterRef("pk"))))
    if show == "all":
        entries = entries.order_by("-expected_decision_date", "pk")
    else:
        show = "current"
        entries = entries.filter(withdrawn_on__isnull=True, decided=False)
    return render(
        request,
        "meetings/forward_plan/list.html",
        {"entries": _decorate(entries, today), "show": show, "today": today},
    )


@role_required(*OFFICERS)
def entry_create(request: HttpRequest) -> HttpResponse:
    form = EntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Added to the forward plan. Publish the notice when ready.")
            return redirect("meetings:forward-plan-detail", entry.pk)
    return render(
        request,
        "meetings/forward_plan/form.html",
        {"form": form, "title": "Add a decision to the forward plan"},
    )


@role_required(*OFFICERS)
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    _editable(entry)
    initial = {name: getattr(entry, name) for name in services.ENTRY_FIELDS}
    form = EntryForm(
        request.POST if request.method == "POST" else None, initial=initial, submit="Save the entry"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(entry=entry, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The entry has been saved.")
            return redirect("meetings:forward-plan-detail", entry.pk)
    return render(
        request,
        "meetings/forward_plan/form.html",
        {"form": form, "title": "Change the entry", "entry": entry},
    )


@role_required(*OFFICERS)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    today = timezone.localdate()
    [entry] = _decorate([entry], today)
    decisions = list(
        Decision.all_objects.filter(forward_plan_entry=entry).select_related(
            "decision_maker_committee", "decision_maker_councillor"
        )
    )
    return render(
        request,
        "meetings/forward_plan/detail.html",
        {"entry": entry, "decisions": decisions, "today": today},
    )


@role_required(*OFFICERS)
@require_POST
def entry_publish(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    try:
        services.entry_publish_notice(entry=entry, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The notice has been published on the forward plan.")
    return redirect("meetings:forward-plan-detail", entry.pk)


def _entry_form_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class,
    title: str,
    save,
    done: str,
    form_kwargs: dict | None = None,
    warning: str = "",
) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    _editable(entry)
    form = form_class(request.POST if request.method == "POST" else None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            save(entry, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("meetings:forward-plan-detail", entry.pk)
    return render(
        request,
        "meetings/forward_plan/form.html",
        {"form": form, "title": title, "entry": entry, "warning": warning},
    )


@role_required(*OFFICERS)
def entry_general_exception(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_form_page(
        request,
        pk,
        form_class=GeneralExceptionForm,
        title="Record the general exception",
        done="The general exception has been recorded.",
        warning="The decision can only be made once five clear days have passed after the notice "
        "was made available (SI 2012/2089 regulation 10).",
        save=lambda entry, data: services.entry_record_general_exception(
            entry=entry, **data, by=request.user
        ),
    )


@role_required(*OFFICERS)
def entry_special_urgency(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_form_page(
        request,
        pk,
        form_class=AgreementForm,
        form_kwargs={"submit": "Record the agreement"},
        title="Record special urgency",
        done="The special urgency agreement has been recorded.",
        warning="Decisions taken under special urgency are reported to council "
        "(SI 2012/2089 regulation 19).",
        save=lambda entry, data: services.entry_record_special_urgency(
            entry=entry, **data, by=request.user
        ),
    )


@role_required(*OFFICERS)
def entry_private_notice(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_form_page(
        request,
        pk,
        form_class=PrivateNoticeForm,
        title="Publish the further notice of a private meeting",
        done="The further notice has been published.",
        save=lambda entry, data: services.entry_publish_private_notice(
            entry=entry, **data, by=request.user
        ),
    )


@role_required(*OFFICERS)
def entry_private_urgency(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_form_page(
        request,
        pk,
        form_class=AgreementForm,
        form_kwargs={"submit": "Record the agreement"},
        title="Record agreement to meet in private urgently",
        done="The agreement has been recorded.",
        save=lambda entry, data: services.entry_record_private_urgency(
            entry=entry, **data, by=request.user
        ),
    )


@role_required(*OFFICERS)
def entry_link(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    return _entry_form_page(
        request,
        pk,
        form_class=LinkForm,
        form_kwargs={"initial": {"agenda_item": entry.agenda_item}},
        title="Agenda item for the decision",
        done="The agenda item has been saved.",
        save=lambda entry, data: services.entry_link_item(
            entry=entry, agenda_item=data["agenda_item"], by=request.user
        ),
    )


@role_required(*OFFICERS)
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_form_page(
        request,
        pk,
        form_class=WithdrawForm,
        title="Withdraw from the forward plan",
        done="The entry has been withdrawn.",
        save=lambda entry, data: services.entry_withdraw(
            entry=entry, reason=data["reason"], by=request.user
        ),
    )


@role_required(*OFFICERS)
def key_decision_problems(request: HttpRequest) -> HttpResponse:
    """Key decisions from today on (on agendas, or on the plan past their latest notice date)
    that cannot lawfully be made on their date as things stand."""
    today = timezone.localdate()
    return render(
        request,
        "meetings/forward_plan/problems.html",
        {"problems": services.upcoming_key_decision_problems(today), "today": today},
    )


urlpatterns = [
    path("forward-plan/", forward_plan_list, name="forward-plan"),
    path("forward-plan/new/", entry_create, name="forward-plan-add"),
    path("forward-plan/problems/", key_decision_problems, name="key-decision-problems"),
    path("forward-plan/<int:pk>/", entry_detail, name="forward-plan-detail"),
    path("forward-plan/<int:pk>/edit/", entry_edit, name="forward-plan-edit"),
    path("forward-plan/<int:pk>/publish/", entry_publish, name="forward-plan-publish"),
    path(
        "forward-plan/<int:pk>/general-exception/",
        entry_general_exception,
        name="forward-plan-general-exception",
    ),
    path(
        "forward-plan/<int:pk>/special-urgency/",
        entry_special_urgency,
        name="forward-plan-special-urgency",
    ),
    path(
        "forward-plan/<int:pk>/private-notice/",
        entry_private_notice,
        name="forward-plan-private-notice",
    ),
    path(
        "forward-plan/<int:pk>/private-urgency/",
        entry_private_urgency,
        name="forward-plan-private-urgency",
    ),
    path("forward-plan/<int:pk>/agenda-item/", entry_link, name="forward-plan-link"),
    path("forward-plan/<int:pk>/withdraw/", entry_withdraw, name="forward-plan-withdraw"),
]
