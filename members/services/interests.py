"""Writes to the register of interests, dispensations, and gifts and hospitality: keyword-only,
atomic, validated and audited.

The councillor drafts and submits; a democratic services officer (for the monitoring officer)
publishes or returns with a reason. Publishing makes the declaration an immutable version; a
change starts a new draft copied from the current version. A gift or hospitality entry follows
the same review: published, or returned with a reason for the member to correct and resubmit;
a published entry is never changed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from democracy import audit
from democracy.services import create_audited, update_audited
from members.models import (
    Councillor,
    Dispensation,
    GiftOrHospitality,
    Interest,
    InterestDeclaration,
)

INTEREST_FIELDS = ["category", "whose", "description", "organisation", "address", "sensitive"]
LINE_FIELDS = [*INTEREST_FIELDS, "sensitive_reason"]


def _locked(declaration: InterestDeclaration) -> InterestDeclaration:
    return InterestDeclaration.all_objects.select_for_update().get(pk=declaration.pk)


def _editable(declaration: InterestDeclaration) -> InterestDeclaration:
    declaration = _locked(declaration)
    if not declaration.is_editable:
        raise ValidationError(
            f"This declaration is {declaration.get_status_display().lower()} and cannot be changed."
        )
    return declaration


def open_declaration(councillor: Councillor) -> InterestDeclaration | None:
    """The councillor's declaration in progress (draft, submitted or returned), if any."""
    return (
        InterestDeclaration.all_objects.filter(councillor=councillor)
        .exclude(status=InterestDeclaration.Status.PUBLISHED)
        .first()
    )


def current_version(councillor: Councillor) -> InterestDeclaration | None:
    return (
        InterestDeclaration.all_objects.published()
        .filter(councillor=councillor)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def declaration_start(
    *, councillor: Councillor, change_aware_on: date | None = None, by
) -> InterestDeclaration:
    """Open a draft for ``councillor`` (or return the one in progress), copying the lines of the
    current version so that a change is an edit of what is published. A sensitive line keeps the
    monitoring officer's recorded agreement; changing or removing it is a change like any other."""
    Councillor.all_objects.select_for_update().get(pk=councillor.pk)
    existing = open_declaration(councillor)
    if existing is not None:
        return existing
    declaration = create_audited(
        InterestDeclaration(councillor=councillor, change_aware_on=change_aware_on),
        "members.interest_declaration.start",
        by=by,
        fields=["councillor", "change_aware_on"],
    )
    current = current_version(councillor)
    if current is not None:
        for line in current.interests.all():
            Interest.private_objects.create(
                declaration=declaration,
                position=line.position,
                **{name: getattr(line, name) for name in LINE_FIELDS},
                sensitive_agreed_by=line.sensitive_agreed_by,
                sensitive_agreed_on=line.sensitive_agreed_on,
            )
    return declaration


@transaction.atomic
def declaration_set_change_date(
    *, declaration: InterestDeclaration, change_aware_on: date | None, by
) -> InterestDeclaration:
    declaration = _editable(declaration)
    return update_audited(
        declaration,
        {"change_aware_on": change_aware_on},
        "members.interest_declaration.change_date",
        by=by,
    )


@transaction.atomic
def interest_add(
    *,
    declaration: InterestDeclaration,
    category: str,
    description: str,
    whose: str = Interest.Whose.SELF,
    organisation: str = "",
    address: str = "",
    sensitive: bool = False,
    sensitive_reason: str = "",
    by,
) -> Interest:
    declaration = _editable(declaration)
    if sensitive and not sensitive_reason.strip():
        raise ValidationError(
            {
                "sensitive_reason": "Say why disclosing this interest could lead to violence or "
                "intimidation."
            }
        )
    position = (declaration.interests.aggregate(top=Max("position"))["top"] or 0) + 1
    interest = Interest(
        declaration=declaration,
        position=position,
        category=category,
        whose=whose,
        description=description.strip(),
        organisation=organisation.strip(),
        address=address.strip(),
        sensitive=sensitive,
        sensitive_reason=sensitive_reason.strip() if sensitive else "",
    )
    return create_audited(interest, "members.interest.add", by=by, fields=LINE_FIELDS)


@transaction.atomic
def interest_update(*, interest: Interest, by, **values) -> Interest:
    _editable(interest.declaration)
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    sensitive = values.get("sensitive", interest.sensitive)
    reason = values.get("sensitive_reason", interest.sensitive_reason)
    if sensitive and not reason:
        raise ValidationError(
            {
                "sensitive_reason": "Say why disclosing this interest could lead to violence or "
                "intimidation."
            }
        )
    if not sensitive:
        values |= {"sensitive_reason": "", "sensitive_agreed_by": "", "sensitive_agreed_on": None}
    return update_audited(interest, values, "members.interest.update", by=by)


@transaction.atomic
def interest_remove(*, interest: Interest, by) -> None:
    _editable(interest.declaration)
    audit.record(
        "members.interest.remove",
        interest.declaration,
        by=by,
        changes={"interest": [interest.pk, None]},
    )
    interest.delete()


@transaction.atomic
def declaration_submit(*, declaration: InterestDeclaration, by) -> InterestDeclaration:
    """The councillor notifies the monitoring officer (s30(1))."""
    declaration = _editable(declaration)
    return update_audited(
        declaration,
        {"status": InterestDeclaration.Status.SUBMITTED, "submitted_at": timezone.now()},
        "members.interest_declaration.submit",
        by=by,
    )


def _submitted(declaration: InterestDeclaration) -> InterestDeclaration:
    declaration = _locked(declaration)
    if declaration.status != InterestDeclaration.Status.SUBMITTED:
        raise ValidationError("Only a submitted declaration can be reviewed.")
    return declaration


@transaction.atomic
def declaration_return(*, declaration: InterestDeclaration, reason: str, by) -> InterestDeclaration:
    declaration = _submitted(declaration)
    if not reason.strip():
        raise ValidationError({"return_reason": "Say why the declaration is being returned."})
    return update_audited(
        declaration,
        {
            "status": InterestDeclaration.Status.RETURNED,
            "return_reason": reason.strip(),
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
        },
        "members.interest_declaration.return",
        by=by,
    )


@transaction.atomic
def interest_agree_sensitive(
    *, interest: Interest, agreed_by: str, agreed_on: date, by
) -> Interest:
    """Record the monitoring officer's agreement that an interest is sensitive (s32(1)); an
    officer may also mark a submitted line sensitive this way."""
    _submitted(interest.declaration)
    if not agreed_by.strip():
        raise ValidationError({"sensitive_agreed_by": "Enter the monitoring officer's name."})
    values = {
        "sensitive": True,
        "sensitive_agreed_by": agreed_by.strip(),
        "sensitive_agreed_on": agreed_on,
    }
    if not interest.sensitive_reason:
        values["sensitive_reason"] = "Marked sensitive by the monitoring officer."
    return update_audited(interest, values, "members.interest.agree_sensitive", by=by)


@transaction.atomic
def declaration_publish(*, declaration: InterestDeclaration, by) -> InterestDeclaration:
    """Publish a submitted declaration as the councillor's next version. A line marked
    sensitive must have the monitoring officer's agreement first (s32(1)(b))."""
    declaration = _submitted(declaration)
    unagreed = [
        line.position
        for line in declaration.interests.all()
        if line.sensitive and not line.sensitive_agreed_by
    ]
    if unagreed:
        lines = ", ".join(str(n) for n in unagreed)
        raise ValidationError(
            f"Interest {lines} is marked sensitive: record the monitoring officer's agreement "
            "or return the declaration before publishing."
        )
    # Lock the councillor so two publications cannot take the same version number.
    Councillor.all_objects.select_for_update().get(pk=declaration.councillor_id)
    top = InterestDeclaration.all_objects.filter(councillor=declaration.councillor_id).aggregate(
        top=Max("version")
    )["top"]
    return update_audited(
        declaration,
        {
            "status": InterestDeclaration.Status.PUBLISHED,
            "version": (top or 0) + 1,
            "published_at": timezone.now(),
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
            "return_reason": "",
        },
        "members.interest_declaration.publish",
        by=by,
    )


# --- Dispensations ------------------------------------------------------------------------------


@transaction.atomic
def dispensation_grant(
    *,
    councillor: Councillor,
    granted_by: str,
    granted_on: date,
    expires_on: date,
    ground: str,
    scope: str,
    reasons: str,
    by,
) -> Dispensation:
    return create_audited(
        Dispensation(
            councillor=councillor,
            granted_by=granted_by,
            granted_on=granted_on,
            expires_on=expires_on,
            ground=ground,
            scope=scope,
            reasons=reasons,
        ),
        "members.dispensation.grant",
        by=by,
        fields=["councillor", "granted_by", "granted_on", "expires_on", "ground", "scope"],
    )


# --- Gifts and hospitality ----------------------------------------------------------------------


@transaction.atomic
def gift_register(
    *,
    councillor: Councillor,
    kind: str,
    donor: str,
    description: str,
    estimated_value: Decimal,
    received_on: date,
    accepted: bool,
    reason: str = "",
    registered_on: date | None = None,
    by,
) -> GiftOrHospitality:
    registered_on = registered_on or timezone.localdate()
    if received_on and received_on > registered_on:
        raise ValidationError({"received_on": "The date received must be today or in the past."})
    if not accepted and not reason.strip():
        raise ValidationError({"reason": "Say why the offer was declined."})
    gift = GiftOrHospitality(
        councillor=councillor,
        kind=kind,
        donor=donor.strip(),
        description=description.strip(),
        estimated_value=estimated_value,
        received_on=received_on,
        accepted=accepted,
        reason=reason.strip(),
        registered_on=registered_on,
    )
    return create_audited(
        gift,
        "members.gift.register",
        by=by,
        fields=["councillor", "kind", "donor", "estimated_value", "received_on", "accepted"],
    )


GIFT_FIELDS = [
    "kind",
    "donor",
    "description",
    "estimated_value",
    "received_on",
    "accepted",
    "reason",
]


def _gift_locked(gift: GiftOrHospitality) -> GiftOrHospitality:
    return GiftOrHospitality.all_objects.select_for_update().get(pk=gift.pk)


def _gift_awaiting_review(gift: GiftOrHospitality) -> GiftOrHospitality:
    if gift.status != GiftOrHospitality.Status.SUBMITTED:
        raise ValidationError(
            f"This entry is {gift.get_status_display().lower()}: only an entry awaiting review "
            "can be published or returned."
        )
    return gift


@transaction.atomic
def gift_publish(*, gift: GiftOrHospitality, by) -> GiftOrHospitality:
    """Publish an entry awaiting review to the public register. Publishing it again changes
    nothing; a returned entry waits for the member's correction."""
    gift = _gift_locked(gift)
    if gift.status == GiftOrHospitality.Status.PUBLISHED:
        return gift
    _gift_awaiting_review(gift)
    return update_audited(
        gift,
        {
            "status": GiftOrHospitality.Status.PUBLISHED,
            "published_at": timezone.now(),
            "published_by": by,
            "return_reason": "",
        },
        "members.gift.publish",
        by=by,
    )


@transaction.atomic
def gift_return(*, gift: GiftOrHospitality, reason: str, by) -> GiftOrHospitality:
    """Return an entry awaiting review to its member for correction, saying why (as a
    declaration of interests is returned). A published entry cannot be returned."""
    gift = _gift_awaiting_review(_gift_locked(gift))
    if not reason.strip():
        raise ValidationError({"return_reason": "Say why the entry is being returned."})
    return update_audited(
        gift,
        {
            "status": GiftOrHospitality.Status.RETURNED,
            "return_reason": reason.strip(),
            "returned_at": timezone.now(),
            "returned_by": by,
        },
        "members.gift.return",
        by=by,
    )


@transaction.atomic
def gift_resubmit(
    *,
    gift: GiftOrHospitality,
    kind: str,
    donor: str,
    description: str,
    estimated_value: Decimal,
    received_on: date,
    accepted: bool,
    reason: str = "",
    by,
) -> GiftOrHospitality:
    """The member corrects a returned entry and submits it again for review.

    Only the member whose entry it is may do this (``by`` is their user), and only while it is
    returned: an entry awaiting review or published cannot be changed.

    The 28 days of LGA Model Code 2020 para 9.2 ("within 28 days of its receipt",
    ``gift_registration_days``) still count from ``received_on``, and ``registered_on`` is kept
    from the first submission: the member registered it with the monitoring officer that day,
    and a return for correction does not undo the registration or make the member late for the
    time the officer took. Lateness is judged as for a first submission,
    ``rules.is_late(received_on, registered_on)``, so correcting the date received to an earlier
    one can make the entry late. The date received cannot be after the day it was registered.
    The previous ``return_reason`` stays on the entry (private to the member and officers) until
    it is published.
    """
    gift = _gift_locked(gift)
    if by is None or gift.councillor.user_id != by.pk:
        raise PermissionDenied("Only the member who registered an entry can correct it.")
    if not gift.is_correctable:
        raise ValidationError(
            f"This entry is {gift.get_status_display().lower()} and cannot be changed."
        )
    if received_on and received_on > gift.registered_on:
        raise ValidationError(
            {
                "received_on": "The date received must be on or before "
                f"{gift.registered_on:%-d %B %Y}, when it was first registered."
            }
        )
    if not accepted and not reason.strip():
        raise ValidationError({"reason": "Say why the offer was declined."})
    values = {
        "kind": kind,
        "donor": donor.strip(),
        "description": description.strip(),
        "estimated_value": estimated_value,
        "received_on": received_on,
        "accepted": accepted,
        "reason": reason.strip(),
        "status": GiftOrHospitality.Status.SUBMITTED,
    }
    return update_audited(gift, values, "members.gift.resubmit", by=by)
