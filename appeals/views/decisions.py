"""The hearing and the decision, for the clerk: recording the hearing (attendance, the panel
present, the clerk's notes), the decision on each appeal, its letter (a PDF to print, an email
through the outbox) and the hearing bundles (the panel's, which panel members may also open for
their own hearing, and each appellant's)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from appeals import rules
from appeals.forms import layout_for
from appeals.models import Appeal, Decision, Hearing, HearingListing, InfantClassSizeGround
from appeals.services import decisions
from appeals.views.common import (
    form_page,
    get_appeal_for_user,
    get_hearing_for_user,
    is_clerk,
    posted,
)
from democracy import audit
from democracy.dates import govuk_date
from democracy.forms import GovDateField
from democracy.text_limits import LONG, limited_text


def _require_clerk(request: HttpRequest) -> None:
    if not is_clerk(request.user):
        raise Http404("No such page")


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Recording the hearing -----------------------------------------------------------------------


class HearingRecordForm(forms.Form):
    authority_present = forms.CharField(
        label="Who presented the admission authority's case?",
        required=False,
        max_length=300,
    )
    absent = forms.MultipleChoiceField(
        label="Panel members who were absent",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty if the whole panel sat",
    )
    notes = forms.CharField(
        label="Clerk's notes of the hearing",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For a grouped hearing, the group stage",
    )

    def __init__(self, *args, hearing: Hearing, listings: list[HearingListing], **kwargs):
        super().__init__(*args, **kwargs)
        self.listings = listings
        self.fields["absent"].choices = [
            (str(seat.pk), str(seat.member)) for seat in hearing.seats.select_related("member")
        ]
        for listing in listings:
            reference = listing.appeal.reference
            self.fields[f"attendance_{listing.pk}"] = forms.ChoiceField(
                label=f"{reference}: did the appellant attend?",
                choices=HearingListing.Attendance.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether the appellant in {reference} attended"},
            )
            self.fields[f"present_{listing.pk}"] = forms.CharField(
                label=f"{reference}: who attended for the appellant",
                required=False,
                max_length=300,
            )
            self.fields[f"notes_{listing.pk}"] = limited_text(
                f"{reference}: clerk's notes",
                limit=LONG,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.helper = layout_for(self, "Record the hearing")

    def records(self) -> dict[int, decisions.ListingRecord]:
        data = self.cleaned_data
        return {
            listing.pk: decisions.ListingRecord(
                attendance=data[f"attendance_{listing.pk}"],
                present=data[f"present_{listing.pk}"],
                notes=data[f"notes_{listing.pk}"],
            )
            for listing in self.listings
        }


def hearing_record(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    hearing = get_hearing_for_user(request, pk)
    listings = list(
        hearing.listings.filter(cancelled_at=None).select_related("appeal").order_by("position")
    )
    initial = {
        "authority_present": hearing.authority_present,
        "notes": hearing.notes,
        "absent": [str(s.pk) for s in hearing.seats.filter(attended=False)],
    }
    for listing in listings:
        initial[f"attendance_{listing.pk}"] = listing.attendance or None
        initial[f"present_{listing.pk}"] = listing.present
        initial[f"notes_{listing.pk}"] = listing.notes
    form = HearingRecordForm(posted(request), hearing=hearing, listings=listings, initial=initial)

    def save(data: dict) -> HttpResponse:
        decisions.hearing_record(
            hearing=hearing,
            listings=form.records(),
            absent_members=[int(v) for v in data["absent"]],
            authority_present=data["authority_present"],
            notes=data["notes"],
            by=request.user,
        )
        messages.success(request, "The hearing has been recorded. Record the panel's decisions.")
        return redirect("appeals:hearing", pk)

    return form_page(
        request,
        form,
        title="Record the hearing",
        caption=str(hearing),
        back=(reverse("appeals:hearing", args=[pk]), "Back to the hearing"),
        on_valid=save,
    )


# --- The decision --------------------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="The panel's decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the panel's decision"},
    )
    infant_class_size_ground = forms.ChoiceField(
        label="Infant class size: the ground the panel found",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "None of them"), *list(InfantClassSizeGround.choices)],
    )
    prejudice_found = forms.ChoiceField(
        label="Stage 1: did the admission authority show that admitting another child would "
        "prejudice efficient education or the efficient use of resources?",
        required=False,
        widget=forms.RadioSelect,
        choices=YES_NO,
    )
    appellant_case_outweighs = forms.ChoiceField(
        label="Stage 2: does the appellant's case outweigh the prejudice?",
        required=False,
        widget=forms.RadioSelect,
        choices=YES_NO,
    )
    reasons = forms.CharField(
        label="The panel's reasons",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="These go in the decision letter",
    )
    decided_on = GovDateField(label="Date of the decision", required=False)

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Decision.Outcome.choices)
        self.fields["outcome"].choices = [
            (value, labels[value]) for value in rules.OUTCOMES_FOR_KIND.get(appeal.kind, ())
        ]
        if not (appeal.is_admission and appeal.infant_class_size):
            del self.fields["infant_class_size_ground"]
        if not appeal.is_admission or appeal.infant_class_size:
            del self.fields["prejudice_found"]
            del self.fields["appellant_case_outweighs"]
        if appeal.kind == Appeal.Kind.TRANSPORT_STAGE_1:
            self.fields["outcome"].label = "The outcome of the review"
            self.fields["outcome"].error_messages["required"] = "Choose the outcome of the review"
            self.fields["reasons"].label = "The reasons for the outcome"
            self.fields["reasons"].help_text = (
                "How the review was conducted, who was consulted, the factors considered and "
                "the reasons: these go in the letter"
            )
        self.helper = layout_for(self, "Record the decision")


def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk)
    existing = Decision.private_objects.filter(appeal=appeal).first()
    initial = {}
    if existing is not None:
        initial = {
            "outcome": existing.outcome,
            "reasons": existing.reasons,
            "infant_class_size_ground": existing.infant_class_size_ground,
            "prejudice_found": {True: "yes", False: "no"}.get(existing.prejudice_found, ""),
            "appellant_case_outweighs": {True: "yes", False: "no"}.get(
                existing.appellant_case_outweighs, ""
            ),
            "decided_on": existing.decided_on,
        }
    form = DecisionForm(posted(request), appeal=appeal, initial=initial)

    def save(data: dict) -> HttpResponse:
        decision = decisions.decision_record(
            appeal=appeal,
            outcome=data["outcome"],
            reasons=data["reasons"],
            infant_class_size_ground=data.get("infant_class_size_ground", ""),
            prejudice_found=_yes_no(data.get("prejudice_found", "")),
            appellant_case_outweighs=_yes_no(data.get("appellant_case_outweighs", "")),
            decided_on=data["decided_on"],
            by=request.user,
        )
        messages.success(
            request,
            f"The decision on {appeal.reference} has been recorded: "
            f"{decision.get_outcome_display().lower()}. Send the letter by "
            f"{govuk_date(decision.letter_due_on)}.",
        )
        return redirect("appeals:case", pk)

    review = appeal.kind == Appeal.Kind.TRANSPORT_STAGE_1
    return form_page(
        request,
        form,
        title="Record the outcome of the review" if review else "Record the panel's decision",
        caption=appeal.reference,
        intro=(
            "An infant class size appeal can be upheld only on one of the three grounds."
            if appeal.infant_class_size
            else ""
        ),
        back=(reverse("appeals:case", args=[pk]), f"Back to {appeal.reference}"),
        on_valid=save,
    )


def decision_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk, action="decision_letter_view")
    if not Decision.private_objects.filter(appeal=appeal).exists():
        raise Http404("No decision yet")
    return _pdf(
        decisions.render_decision_letter_pdf(appeal), f"{appeal.reference}-decision-letter.pdf"
    )


@require_POST
def decision_letter_send(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    appeal = get_appeal_for_user(request, pk, action="decision_letter")
    try:
        row = decisions.decision_letter_send(appeal=appeal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "The decision letter has been emailed to the appellant and recorded as sent today."
            if row is not None
            else "The decision letter has been recorded as sent today. Post the printed letter.",
        )
    return redirect("appeals:case", pk)


# --- Bundles -------------------------------------------------------------------------------------


def _audit_bundle(request: HttpRequest, listings, audience: str) -> None:
    """A bundle shows cases: each appeal in it is audited as viewed, like its case page."""
    with transaction.atomic():
        for listing in listings:
            audit.record(
                "appeals.appeal.bundle_view",
                listing.appeal,
                by=request.user,
                changes={"bundle": [None, audience]},
            )


def bundle_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel's bundle: for the clerk, and for a panel member of this hearing while its
    cases are still theirs to see."""
    hearing = get_hearing_for_user(request, pk)
    _audit_bundle(
        request,
        hearing.listings.filter(cancelled_at=None).select_related("appeal"),
        decisions.PANEL,
    )
    data = decisions.render_bundle_pdf(hearing, audience=decisions.PANEL)
    return _pdf(data, f"hearing-{hearing.pk}-panel-bundle.pdf")


def bundle_parties(request: HttpRequest, pk: int, listing_pk: int) -> HttpResponse:
    _require_clerk(request)
    hearing = get_hearing_for_user(request, pk)
    listing = (
        hearing.listings.filter(pk=listing_pk, cancelled_at=None).select_related("appeal").first()
    )
    if listing is None:
        raise Http404("No such appeal at this hearing")
    _audit_bundle(request, [listing], decisions.PARTIES)
    data = decisions.render_bundle_pdf(hearing, audience=decisions.PARTIES, listing=listing)
    return _pdf(data, f"{listing.appeal.reference}-bundle.pdf")


def letter_status(decision: Decision | None, today=None) -> str:
    if decision is None:
        return ""
    return rules.letter_status(
        decision.letter_due_on, decision.letter_sent_on, today or timezone.localdate()
    )
