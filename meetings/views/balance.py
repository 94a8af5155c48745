"""Officer pages for political balance (LGHA 1989 ss15-17): the position on a date, recording
a review, and recording a variation agreed under s17.

The forms live here rather than in ``meetings/forms.py`` because they are built from the
computed position (one field per tie, one per committee and group) and used nowhere else.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import text_limits
from democracy.forms import GovDateField, date_question, gov_helper, number_input
from democracy.permissions import role_required
from meetings.models import BalanceReview
from meetings.services import balance as services
from meetings.views.home import OFFICER_ROLES


def _position_date(request: HttpRequest) -> date:
    """The page's date: ``?on=YYYY-MM-DD`` (or the form's hidden ``on``), else today."""
    value = request.POST.get("on") or request.GET.get("on") or ""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return timezone.localdate()


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _tie_choice(chosen) -> str:
    return "|".join(chosen)


def _tie_label(tie, chosen) -> str:
    gets = " and ".join(chosen)
    verb = "gets" if len(chosen) == 1 and not chosen[0].endswith("members") else "get"
    return f"{gets} {verb} the {'seat' if tie.seats == 1 else 'seats'}"


class ReviewForm(forms.Form):
    """Record a review; one question per tie, its current choice selected."""

    reason = forms.ChoiceField(
        label="Why is the allocation being reviewed?",
        choices=BalanceReview.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the allocation is being reviewed"},
    )
    note = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the notice under regulation 9 that prompted the review.",
    )

    def __init__(self, *args, ties=(), on: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.ties = list(ties)
        layout = [Field.radios("reason", legend_size=Size.SMALL, small=True)]
        for i, tie in enumerate(self.ties):
            options = list(combinations(tie.contenders, tie.seats))
            self.fields[f"tie_{i}"] = forms.ChoiceField(
                label=f"{tie.scope}: who gets the {'seat' if tie.seats == 1 else 'seats'}?",
                choices=[(_tie_choice(o), _tie_label(tie, o)) for o in options],
                initial=_tie_choice(tie.chosen),
                widget=forms.RadioSelect,
                help_text="Exact shares: "
                + ", ".join(
                    f"{c} {float(x):.2f}" for c, x in zip(tie.contenders, tie.exact, strict=True)
                ),
                error_messages={"required": f"Select who gets the seat on {tie.scope}"},
            )
            layout.append(Field.radios(f"tie_{i}", legend_size=Size.SMALL, small=True))
        layout += [
            Field.textarea("note", rows=3),
            HTML(f'<input type="hidden" name="on" value="{on.isoformat()}">'),
            Submit("record", "Record a review"),
        ]
        self.helper = gov_helper(*layout, action=reverse("meetings:balance-review"))

    def decisions(self) -> dict[str, list[str]]:
        return {
            tie.key: self.cleaned_data[f"tie_{i}"].split("|") for i, tie in enumerate(self.ties)
        }


class VariationForm(forms.Form):
    """An s17 variation: the bodies, the resolution and the agreed seats on each body."""

    committees = forms.MultipleChoiceField(
        label="Which committees does the variation apply to?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the committees the variation applies to"},
    )
    resolved_on = GovDateField(
        label="Date of the resolution",
        help_text="The meeting that agreed it. For example, 19 5 2026",
    )
    minute_reference = forms.CharField(
        label="Minute reference (optional)", required=False, max_length=100
    )
    description = text_limits.limited_text(
        limit=text_limits.LONG,
        label="What did the council agree?",
        name="The description of what was agreed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the council agreed"},
    )
    votes_against = forms.IntegerField(
        label="How many members voted against?",
        min_value=0,
        widget=number_input(),
        help_text="LGHA 1989 s17(1): the council may depart from political balance only if no "
        "member votes against.",
        error_messages={
            "required": "Enter how many members voted against",
            "invalid": "Votes against must be a whole number, like 0",
            "min_value": "Votes against must be 0 or more",
        },
    )

    def __init__(self, *args, position: services.BalancePosition, **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position
        on = position.on.isoformat()
        self.committee_rows = {c.committee.pk: c for c in position.committees}
        self.fields["committees"].choices = [
            (str(c.committee.pk), c.committee.name) for c in position.committees
        ]
        grids = []
        for c in position.committees:
            names = []
            for row in c.rows:
                name = f"seats_{c.committee.pk}_{row.participant.key.replace(':', '_')}"
                self.fields[name] = forms.IntegerField(
                    label=row.participant.name,
                    min_value=0,
                    max_value=c.committee.size,
                    initial=row.entitled,
                    widget=number_input(),
                    error_messages={
                        "required": f"Enter the seats for {row.participant.name} on "
                        f"{c.committee.name}",
                        "invalid": f"Seats for {row.participant.name} on {c.committee.name} "
                        "must be a whole number",
                        "min_value": f"Seats for {row.participant.name} on {c.committee.name} "
                        "must be 0 or more",
                        "max_value": f"Seats for {row.participant.name} on {c.committee.name} "
                        f"cannot be more than {c.committee.size}",
                    },
                )
                names.append(Field.text(name, field_width=2))
            grids.append(
                Fieldset(
                    *names,
                    legend=f"{c.committee.name}: agreed seats ({c.committee.size})",
                    legend_size=Size.SMALL,
                )
            )
        self.helper = gov_helper(
            Field.checkboxes("committees", legend_size=Size.SMALL, small=True),
            date_question("resolved_on"),
            Field.text("minute_reference", field_width=10),
            Field.textarea("description", rows=4),
            Field.text("votes_against", field_width=3),
            HTML(
                '<h2 class="govuk-heading-m">Agreed seats</h2><p class="govuk-body">Only the '
                "committees you selected are recorded. The figures start at the allocation "
                "under s15.</p>"
            ),
            *grids,
            HTML(f'<input type="hidden" name="on" value="{on}">'),
            Submit("record", "Record the variation"),
        )

    def allocation(self) -> dict[int, dict[str, int]]:
        chosen = [int(pk) for pk in self.cleaned_data["committees"]]
        return {
            pk: {
                row.participant.key: self.cleaned_data[
                    f"seats_{pk}_{row.participant.key.replace(':', '_')}"
                ]
                for row in self.committee_rows[pk].rows
            }
            for pk in chosen
        }


@role_required(*OFFICER_ROLES)
def balance(request: HttpRequest) -> HttpResponse:
    """The political balance of the council's committees on a date: entitlement against the
    seats held, breaches, ties needing a decision, s17 variations and whether a review is due."""
    on = _position_date(request)
    position = services.balance_position(on)
    form = ReviewForm(ties=position.ties, on=on)
    return render(
        request, "meetings/balance/position.html", {"position": position, "review_form": form}
    )


@require_POST
@role_required(*OFFICER_ROLES)
def balance_review(request: HttpRequest) -> HttpResponse:
    on = _position_date(request)
    position = services.balance_position(on)
    form = ReviewForm(request.POST, ties=position.ties, on=on)
    if form.is_valid():
        try:
            services.balance_review_record(
                reviewed_on=on,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                tie_decisions=form.decisions(),
                by=request.user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"Review recorded as at {on:%-d %B %Y}")
            return redirect(f"{reverse('meetings:balance')}?on={on.isoformat()}")
    return render(
        request,
        "meetings/balance/position.html",
        {"position": position, "review_form": form},
        status=400,
    )


@role_required(*OFFICER_ROLES)
def balance_variation(request: HttpRequest) -> HttpResponse:
    on = _position_date(request)
    position = services.balance_position(on)
    form = VariationForm(request.POST or None, position=position)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        committees = [form.committee_rows[int(pk)].committee for pk in data["committees"]]
        try:
            services.balance_variation_record(
                committees=committees,
                resolved_on=data["resolved_on"],
                description=data["description"],
                minute_reference=data["minute_reference"],
                allocation=form.allocation(),
                votes_against=data["votes_against"],
                by=request.user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, f"Variation recorded for {', '.join(c.name for c in committees)}"
            )
            return redirect(f"{reverse('meetings:balance')}?on={on.isoformat()}")
    return render(
        request, "meetings/balance/variation_form.html", {"form": form, "position": position}
    )


urlpatterns = [
    path("balance/", balance, name="balance"),
    path("balance/review/", balance_review, name="balance-review"),
    path("balance/variations/new/", balance_variation, name="balance-variation"),
]
