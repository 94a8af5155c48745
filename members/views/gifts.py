"""Gifts and hospitality in the member portal and on the officers' pages (LGA Model Councillor
Code of Conduct 2020 paras 9.2-9.3). A councillor registers their own, received or declined;
an officer reviews and publishes them to the public register."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy.council import period
from democracy.forms import GovDateField, date_question, gov_helper
from democracy.permissions import role_required
from democracy.roles import MEMBER_ROLES
from members.models import GiftOrHospitality
from members.rules import gifts as rules
from members.services import interests as services
from members.templatetags.money import pounds
from members.views.interests import OFFICERS, own_councillor, service_errors


def threshold() -> Decimal:
    return Decimal(period("gift_threshold_pounds"))


class GiftForm(forms.Form):
    kind = forms.ChoiceField(
        label="Was it a gift or hospitality?",
        choices=GiftOrHospitality.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select gift or hospitality"},
    )
    donor = forms.CharField(
        label="Who gave or offered it?",
        max_length=300,
        error_messages={"required": "Enter who gave or offered it"},
    )
    description = forms.CharField(
        label="What was it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the gift or hospitality"},
    )
    estimated_value = forms.DecimalField(
        label="Estimated value in pounds",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the estimated value",
            "invalid": "Estimated value must be an amount of money, like 75 or 75.50",
            "min_value": "Estimated value must be 0 or more",
            "max_decimal_places": "Estimated value must have no more than 2 decimal places",
        },
    )
    received_on = GovDateField(label="Date received or offered")
    accepted = forms.TypedChoiceField(
        label="Did you accept it?",
        choices=[("yes", "Yes, I accepted it"), ("no", "No, I declined it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you accepted it"},
    )
    reason = forms.CharField(
        label="The occasion, or why you declined it (optional if accepted)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True, inline=True),
            Field.text("donor"),
            Field.textarea("description", rows=3),
            Field.text("estimated_value", field_width=5),
            date_question("received_on"),
            Field.radios("accepted", legend_size=Size.SMALL, small=True),
            Field.textarea("reason", rows=3),
            Submit("save", "Register it"),
        )


@role_required(*MEMBER_ROLES)
def portal_gifts(request: HttpRequest) -> HttpResponse:
    councillor = own_councillor(request)
    gifts = list(GiftOrHospitality.all_objects.filter(councillor=councillor))
    return render(
        request,
        "members/gifts/portal.html",
        {
            "gifts": gifts,
            "show_status": True,
            "threshold": pounds(threshold()),
            "days": period("gift_registration_days"),
        },
    )


@role_required(*MEMBER_ROLES)
def portal_gift_new(request: HttpRequest) -> HttpResponse:
    councillor = own_councillor(request)
    form = GiftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            gift = services.gift_register(
                councillor=councillor, **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            days = period("gift_registration_days")
            if rules.is_late(gift.received_on, gift.registered_on, days=days):
                due = rules.registration_due(gift.received_on, days=days)
                messages.warning(
                    request,
                    f"Registered. It was due by {due:%-d %B %Y} ({days} days from receipt).",
                )
            elif gift.accepted and not rules.is_registrable(
                gift.estimated_value, threshold=threshold()
            ):
                messages.success(
                    request,
                    f"Recorded. At under {pounds(threshold())} it did not need registering; "
                    "democratic services will publish it with the others.",
                )
            else:
                messages.success(request, "Registered. Democratic services will publish it.")
            return redirect("members:portal-gifts")
    return render(
        request,
        "members/interests/form.html",
        {
            "form": form,
            "title": "Register a gift or hospitality",
            "intro": f"Register anything worth at least {pounds(threshold())} within "
            f"{period('gift_registration_days')} days of receiving it, and significant offers you "
            "declined.",
            "back": "members:portal-gifts",
        },
    )


@role_required(*OFFICERS)
def officer_gifts(request: HttpRequest) -> HttpResponse:
    gifts = list(
        GiftOrHospitality.all_objects.select_related("councillor").order_by(
            "status", "-received_on", "id"
        )[:500]
    )
    today = timezone.localdate()
    return render(
        request,
        "members/gifts/officer.html",
        {
            "gifts": gifts,
            "show_councillor": True,
            "show_status": True,
            "publish_buttons": True,
            "today": today,
        },
    )


@require_POST
@role_required(*OFFICERS)
def officer_gift_publish(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        gift = GiftOrHospitality.all_objects.get(pk=pk)
    except GiftOrHospitality.DoesNotExist:
        raise Http404("No such gift") from None
    services.gift_publish(gift=gift, by=request.user)
    messages.success(request, f"Published the {gift.get_kind_display().lower()} from {gift.donor}.")
    return redirect("members:officer-gifts")
