"""Nominations, the statutory notices and poll cards: electoral services' pages (issue 13,
points 3 and 4), under /elections/elections/<pk>/.

For electoral services officers only: to anyone else every page here is a 404, like the rest of
the elections pages. Writes go through ``elections.nominations`` and ``elections.poll_cards``
(validated, atomic, audited); the poll card task is queued when the request's transaction
commits, and the page shows its progress.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from crispy_forms_gds.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from democracy.forms import ClockTimeField, GovDateField, date_question, gov_helper
from democracy.storage import private_storage
from elections import nomination_documents, nominations, poll_cards, tasks
from elections.election_views import _add_errors, get_election_for_user
from elections.models import (
    Candidate,
    Election,
    PartyDescription,
    PollCardBatch,
    PollingDistrict,
    PollingStation,
    RegisteredParty,
)

BATCH_LIMIT = 100


def _london() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _moment(day, at) -> datetime:
    return datetime.combine(day, at, tzinfo=_london())


# --- The nominations page ---------------------------------------------------------------------


@require_safe
def nominations_page(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    contests = list(election.contests.select_related("ward").order_by("division_name", "pk"))
    candidates = (
        Candidate.nominations.for_officer(request.user)
        .filter(contest__election=election)
        .select_related("party")
    )
    by_contest: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_contest.setdefault(candidate.contest_id, []).append(candidate)
    return render(
        request,
        "elections/nominations/page.html",
        {
            "election": election,
            "contests": [(c, by_contest.get(c.pk, [])) for c in contests],
            "close": nominations.deadline(election, "nominations_close"),
            "withdrawals": nominations.deadline(election, "withdrawals_close"),
        },
    )


class NominationForm(forms.Form):
    contest = forms.ModelChoiceField(
        label="Ward or division",
        queryset=None,
        empty_label="Choose the ward or division",
        error_messages={"required": "Choose the ward or division"},
    )
    surname = forms.CharField(
        label="Surname", max_length=100, error_messages={"required": "Enter the surname"}
    )
    other_names = forms.CharField(
        label="Other names",
        max_length=150,
        error_messages={"required": "Enter the candidate's other names"},
    )
    commonly_used_surname = forms.CharField(
        label="Commonly used surname (if any)", max_length=100, required=False
    )
    commonly_used_forenames = forms.CharField(
        label="Commonly used forenames (if any)", max_length=150, required=False
    )
    home_address = forms.CharField(
        label="Home address",
        max_length=300,
        error_messages={"required": "Enter the candidate's home address"},
    )
    address_area = forms.CharField(
        label="Area of the home address, if it is not to be made public",
        max_length=150,
        required=False,
        help_text="Printed as “address in …” on the statement of persons nominated",
    )
    party = forms.ModelChoiceField(
        label="Registered party",
        queryset=RegisteredParty.objects.order_by("name"),
        required=False,
        empty_label="None (independent or no description)",
    )
    description = forms.CharField(
        label="Description",
        max_length=75,
        required=False,
        help_text="One of the party's registered descriptions, “Independent”, or blank",
    )
    use_emblem = forms.BooleanField(label="Print the party's emblem", required=False)
    agent_name = forms.CharField(label="Election agent", max_length=200, required=False)
    agent_address = forms.CharField(
        label="Election agent's office address", max_length=300, required=False
    )
    received_on = GovDateField(label="Date the nomination paper was received")
    received_time = ClockTimeField(label="Time received", example="3:45pm or 15:45")

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = election.contests.order_by("division_name")
        self.helper = gov_helper(
            "contest",
            "surname",
            "other_names",
            "commonly_used_surname",
            "commonly_used_forenames",
            "home_address",
            "address_area",
            "party",
            "description",
            "use_emblem",
            "agent_name",
            "agent_address",
            date_question("received_on"),
            "received_time",
            Submit("save", "Record the nomination paper"),
        )


def nomination_new(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    form = NominationForm(request.POST if request.method == "POST" else None, election=election)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        received_at = _moment(data.pop("received_on"), data.pop("received_time"))
        try:
            nominations.nomination_receive(by=request.user, received_at=received_at, **data)
        except ValidationError as error:
            if "received_at" in error.message_dict:
                error = ValidationError({"received_on": error.message_dict["received_at"]})
            _add_errors(form, error)
        else:
            messages.success(request, "The nomination paper has been recorded")
            return redirect("elections:nominations", pk=election.pk)
    return render(
        request,
        "elections/nominations/new.html",
        {
            "election": election,
            "form": form,
            "descriptions": PartyDescription.objects.select_related("party"),
        },
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Is the nomination valid?",
        choices=[("valid", "Valid"), ("invalid", "Invalid")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the nomination is valid"},
    )
    invalid_reason = forms.CharField(
        label="Reason the nomination is invalid",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper("decision", "invalid_reason", Submit("decide", "Save"))


class WithdrawalForm(forms.Form):
    withdrawn_on = GovDateField(label="Date the notice of withdrawal was received")
    withdrawn_time = ClockTimeField(label="Time received", example="3:45pm or 15:45")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("withdrawn_on"), "withdrawn_time", Submit("withdraw", "Record")
        )


def candidate_detail(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    candidate = (
        Candidate.nominations.for_officer(request.user)
        .filter(pk=candidate_pk, contest__election=election)
        .select_related("contest", "party")
        .first()
    )
    if candidate is None:
        raise Http404("No such candidate")
    posted = request.POST if request.method == "POST" else None
    decision = DecisionForm(posted if posted and "decide" in posted else None)
    withdrawal = WithdrawalForm(posted if posted and "withdraw" in posted else None)
    try:
        if posted and "decide" in posted and decision.is_valid():
            nominations.nomination_decide(
                candidate=candidate,
                valid=decision.cleaned_data["decision"] == "valid",
                reason=decision.cleaned_data["invalid_reason"],
                by=request.user,
            )
            messages.success(request, "The decision has been recorded")
            return redirect("elections:nominations", pk=election.pk)
        if posted and "withdraw" in posted and withdrawal.is_valid():
            data = withdrawal.cleaned_data
            nominations.nomination_withdraw(
                candidate=candidate,
                withdrawn_at=_moment(data["withdrawn_on"], data["withdrawn_time"]),
                by=request.user,
            )
            messages.success(request, "The withdrawal has been recorded")
            return redirect("elections:nominations", pk=election.pk)
    except ValidationError as error:
        if "withdrawn_at" in error.message_dict:
            _add_errors(withdrawal, ValidationError({"withdrawn_on": error.messages}))
        else:
            _add_errors(decision, error)
    return render(
        request,
        "elections/nominations/candidate.html",
        {
            "election": election,
            "candidate": candidate,
            "decision": decision,
            "withdrawal": withdrawal,
        },
    )


# --- The statutory notices ----------------------------------------------------------------------

DOCUMENTS = {
    "statement-of-persons-nominated": nomination_documents.render_sopn_pdf,
    "notice-of-poll": nomination_documents.render_notice_of_poll_pdf,
    "situation-of-polling-stations": nomination_documents.render_situation_pdf,
}


@require_safe
def notice_pdf(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    election = get_election_for_user(request, pk)
    render_document = DOCUMENTS.get(document)
    if render_document is None:
        raise Http404("No such notice")
    response = HttpResponse(render_document(election), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document}-{election.election_id}.pdf"'
    return response


# --- Poll cards ---------------------------------------------------------------------------------


def _districts(election: Election):
    wards = [c.ward_id for c in election.contests.all() if c.ward_id]
    return PollingDistrict.objects.filter(ward__in=wards).order_by("code")


def poll_cards_page(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    if request.method == "POST":
        district = _districts(election).filter(pk=request.POST.get("district")).first()
        kind = request.POST.get("kind", "")
        if district is None or kind not in PollCardBatch.Kind.values:
            raise Http404("No such polling district")
        with transaction.atomic():
            if kind == PollCardBatch.Kind.STATION_REGISTER:
                made = poll_cards.station_register_start(
                    election=election, polling_district=district, by=request.user
                )
            else:
                made = [
                    poll_cards.poll_card_batch_start(
                        election=election, polling_district=district, kind=kind, by=request.user
                    )
                ]
            for batch in made:
                transaction.on_commit(lambda pk=batch.pk: tasks.make_poll_card_batch.delay(pk))
        if len(made) > 1:
            messages.success(
                request,
                f"One polling station register asked for each of {district.code}'s "
                f"{len(made)} stations.",
            )
            return redirect("elections:poll-cards", pk=election.pk)
        return redirect("elections:poll-card-batch", pk=election.pk, batch_pk=made[0].pk)
    batches = list(
        PollCardBatch.register.for_officer(request.user)
        .filter(election=election)
        .select_related("polling_district", "polling_station")[:BATCH_LIMIT]
    )
    return render(
        request,
        "elections/nominations/poll_cards.html",
        {
            "election": election,
            "districts": list(
                _districts(election).prefetch_related(
                    Prefetch("stations", queryset=PollingStation.objects.order_by("number"))
                )
            ),
            "kinds": PollCardBatch.Kind.choices,
            "batches": batches,
        },
    )


def _batch(request: HttpRequest, pk: int, batch_pk: int) -> tuple[Election, PollCardBatch]:
    election = get_election_for_user(request, pk)
    batch = (
        PollCardBatch.register.for_officer(request.user)
        .filter(pk=batch_pk, election=election)
        .select_related("polling_district", "polling_station")
        .first()
    )
    if batch is None:
        raise Http404("No such batch")
    return election, batch


@require_safe
def poll_card_batch(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    election, batch = _batch(request, pk, batch_pk)
    return render(
        request,
        "elections/nominations/batch.html",
        {"election": election, "batch": batch},
    )


@require_safe
def poll_card_batch_progress(request: HttpRequest, pk: int, batch_pk: int) -> JsonResponse:
    _, batch = _batch(request, pk, batch_pk)
    return JsonResponse(
        {"status": batch.status, "done": batch.cards_done, "total": batch.cards_total},
        headers={"Cache-Control": "private, no-store"},
    )


@require_safe
def poll_card_batch_pdf(request: HttpRequest, pk: int, batch_pk: int):
    _, batch = _batch(request, pk, batch_pk)
    if batch.status != PollCardBatch.Status.DONE:
        raise Http404("The batch is not ready")
    station = f"-{batch.polling_station.number}" if batch.polling_station_id else ""
    name = f"{batch.kind}-{batch.polling_district.code}{station}.pdf".replace("_", "-")
    return FileResponse(
        private_storage.open(batch.stored_as, "rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )


@require_POST
def poll_card_batch_retry(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    """A failed batch is asked for again (a new batch; the failed one stays as the record)."""
    election, batch = _batch(request, pk, batch_pk)
    with transaction.atomic():
        again = poll_cards.poll_card_batch_start(
            election=election,
            polling_district=batch.polling_district,
            kind=batch.kind,
            by=request.user,
            polling_station=batch.polling_station,
        )
        transaction.on_commit(lambda: tasks.make_poll_card_batch.delay(again.pk))
    return redirect("elections:poll-card-batch", pk=election.pk, batch_pk=again.pk)
