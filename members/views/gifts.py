"""Gifts and hospitality in the member portal and on the officers' pages (LGA Model Councillor
Code of Conduct 2020 paras 9.2-9.3). A member (councillor or co-opted member) registers their
own, received or declined; an officer reviews each entry and publishes it to the public register
or returns it to the member with a reason; the member corrects a returned entry and resubmits it.
A member reaches only their own entries in the portal (anyone else's is a 404); a published
entry is never changed."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from democracy import text_limits
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
    description = text_limits.limited_text(
        limit=text_limits.LONG,
        label="What was it?",
        name="Description",
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
    reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="The occasion, or why you declined it (optional if accepted)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, submit: str = "Register it", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True, inline=True),
            Field.text("donor"),
            Field.textarea("description", rows=3),
            Field.text("estimated_value", field_width=5),
            date_question("received_on"),
            Field.radios("accepted", legend_size=Size.SMALL, small=True),
            Field.textarea("reason", rows=3),
            Submit("save", submit),
        )


class GiftReturnForm(forms.Form):
    return_reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Why is the entry being returned?",
        name="The reason for returning it",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The member sees this, corrects the entry and resubmits it.",
        error_messages={"required": "Say why the entry is being returned"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("return_reason", rows=4),
            Submit("save", "Return the entry", css_class="govuk-button--warning"),
        )


def get_gift_for_user(request: HttpRequest, pk: int) -> GiftOrHospitality:
    """An entry the user may see (officers: any; a member: their own or a published one), else
    404."""
    try:
        return (
            GiftOrHospitality.all_objects.visible_to(request.user)
            .select_related("councillor")
            .get(pk=pk)
        )
    except GiftOrHospitality.DoesNotExist:
        raise Http404("No such gift or hospitality") from None


def get_own_gift(request: HttpRequest, pk: int) -> GiftOrHospitality:
    """For the portal: the signed-in member's own entry, else 404, even for a user who is also an
    officer (officers review on their own pages and never edit a member's entry)."""
    try:
        return GiftOrHospitality.all_objects.select_related("councillor").get(
            pk=pk, councillor__user=request.user
        )
    except GiftOrHospitality.DoesNotExist:
        raise Http404("No such gift or hospitality") from None


def registered_message(request: HttpRequest, gift: GiftOrHospitality, done: str) -> None:
    """The message after registering or resubmitting: a warning if it was registered after the
    28 days from receipt (para 9.2, ``gift_registration_days``), judged the same way for both
    (``registered_on`` is the first registration, see ``services.gift_resubmit``)."""
    days = period("gift_registration_days")
    if rules.is_late(gift.received_on, gift.registered_on, days=days):
        due = rules.registration_due(gift.received_on, days=days)
        messages.warning(
            request,
            f"{done}. It was due by {due:%-d %B %Y} ({days} days from receipt).",
        )
    elif gift.accepted and not rules.is_registrable(gift.estimated_value, threshold=threshold()):
        messages.success(
            request,
            f"Recorded. At under {pounds(threshold())} it did not need registering; "
            "democratic services will publish it with the others.",
        )
    else:
        messages.success(request, f"{done}. Democratic services will publish it.")


@role_required(*MEMBER_ROLES)
def portal_gifts(request: HttpRequest) -> HttpResponse:
    """The member's own entries; those returned for correction first, with the reason."""
    councillor = own_councillor(request)
    gifts = list(GiftOrHospitality.all_objects.filter(councillor=councillor))
    return render(
        request,
        "members/gifts/portal.html",
        {
            "gifts": gifts,
            "returned": [g for g in gifts if g.status == GiftOrHospitality.Status.RETURNED],
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
            registered_message(request, gift, "Registered")
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


@role_required(*MEMBER_ROLES)
def portal_gift_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a returned entry and resubmit it. Another member's entry is a 404; one of your
    own that is not returned (awaiting review or published) cannot be changed: 403."""
    gift = get_own_gift(request, pk)
    if not gift.is_correctable:
        raise PermissionDenied
    initial = {name: getattr(gift, name) for name in services.GIFT_FIELDS}
    initial["accepted"] = "yes" if gift.accepted else "no"
    form = GiftForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        submit="Resubmit it",
    )
    if request.method == "POST" and form.is_valid():
        try:
            gift = services.gift_resubmit(gift=gift, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            registered_message(request, gift, "Resubmitted")
            return redirect("members:portal-gifts")
    return render(
        request,
        "members/gifts/correct.html",
        {"form": form, "gift": gift, "title": "Correct a gift or hospitality"},
    )


@role_required(*OFFICERS)
def officer_gifts(request: HttpRequest) -> HttpResponse:
    """Entries awaiting review, those returned to their members for correction, then the newest
    published (at most 500): three queries whatever the numbers."""
    entries = GiftOrHospitality.all_objects.select_related("councillor")
    status = GiftOrHospitality.Status
    return render(
        request,
        "members/gifts/officer.html",
        {
            "submitted": list(
                entries.filter(status=status.SUBMITTED).order_by("registered_on", "id")
            ),
            "returned": list(entries.filter(status=status.RETURNED).order_by("returned_at", "id")),
            "published": list(
                entries.filter(status=status.PUBLISHED).order_by("-received_on", "id")[:500]
            ),
            "show_councillor": True,
            "show_status": True,
        },
    )


@require_POST
@role_required(*OFFICERS)
def officer_gift_publish(request: HttpRequest, pk: int) -> HttpResponse:
    gift = get_gift_for_user(request, pk)
    try:
        services.gift_publish(gift=gift, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("members:officer-gifts")
    messages.success(request, f"Published the {gift.get_kind_display().lower()} from {gift.donor}.")
    return redirect("members:officer-gifts")


@role_required(*OFFICERS)
def officer_gift_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return an entry awaiting review to its member with a reason. Any other entry (returned
    already, or published) cannot be returned: 403."""
    gift = get_gift_for_user(request, pk)
    if gift.status != GiftOrHospitality.Status.SUBMITTED:
        raise PermissionDenied
    form = GiftReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.gift_return(
                gift=gift, reason=form.cleaned_data["return_reason"], by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"Returned the {gift.get_kind_display().lower()} from {gift.donor} to "
                f"{gift.councillor.formal_name}.",
            )
            return redirect("members:officer-gifts")
    return render(
        request,
        "members/gifts/correct.html",
        {"form": form, "gift": gift, "title": "Return a gift or hospitality", "officer": True},
    )
