"""Writes to the reference data: admission authorities, traded-service agreements, schools and
published admission rounds. Validated, atomic, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from appeals import config, rules
from appeals.models import AdmissionAuthority, AdmissionRound, School, ServiceAgreement
from democracy import calendars
from democracy.services import create_audited, update_audited

AUTHORITY_FIELDS = [
    "name",
    "kind",
    "is_this_council",
    "calendar",
    "contact_name",
    "contact_email",
    "address",
]
AGREEMENT_FIELDS = [
    "admission_authority",
    "reference",
    "starts_on",
    "ends_on",
    "annual_fee",
    "charge_per_appeal_lodged",
    "charge_per_appeal_heard",
    "charge_per_appeal_withdrawn",
    "charge_per_hearing",
]
SCHOOL_FIELDS = ["urn", "name", "phase", "category", "admission_authority", "address", "closed_on"]


@transaction.atomic
def admission_authority_create(*, by, **values) -> AdmissionAuthority:
    return create_audited(
        AdmissionAuthority(**values),
        "appeals.admission_authority.create",
        by=by,
        fields=AUTHORITY_FIELDS,
    )


@transaction.atomic
def admission_authority_update(
    *, authority: AdmissionAuthority, by, **values
) -> AdmissionAuthority:
    if "kind" in values and values["kind"] != authority.kind and authority.schools.exists():
        wrong = [
            school.name
            for school in authority.schools.all()
            if School.AUTHORITY_FOR_CATEGORY[School.Category(school.category)] != values["kind"]
        ]
        if wrong:
            raise ValidationError(
                {"kind": f"{', '.join(wrong)} would no longer have the right kind of authority"}
            )
    return update_audited(authority, values, "appeals.admission_authority.update", by=by)


@transaction.atomic
def service_agreement_create(
    *,
    admission_authority: AdmissionAuthority,
    reference: str,
    starts_on: date,
    ends_on: date | None = None,
    annual_fee: Decimal = Decimal(0),
    charge_per_appeal_lodged: Decimal = Decimal(0),
    charge_per_appeal_heard: Decimal = Decimal(0),
    charge_per_appeal_withdrawn: Decimal = Decimal(0),
    charge_per_hearing: Decimal = Decimal(0),
    notes: str = "",
    by,
) -> ServiceAgreement:
    """Record that the council clerks ``admission_authority``'s appeals for a charge. Refused
    for the council itself, and for a period overlapping another agreement of the authority."""
    if admission_authority.is_this_council:
        raise ValidationError(
            {"admission_authority": "The council clerks its own appeals without an agreement"}
        )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The agreement must end on or after the day it starts"})
    overlapping = admission_authority.service_agreements.filter(starts_on__lte=ends_on or date.max)
    overlapping = [a for a in overlapping if a.ends_on is None or a.ends_on >= starts_on]
    if overlapping:
        raise ValidationError(
            {
                "starts_on": f"{admission_authority} already has agreement {overlapping[0].reference} "
                "for part of that period"
            }
        )
    return create_audited(
        ServiceAgreement(
            admission_authority=admission_authority,
            reference=reference,
            starts_on=starts_on,
            ends_on=ends_on,
            annual_fee=annual_fee,
            charge_per_appeal_lodged=charge_per_appeal_lodged,
            charge_per_appeal_heard=charge_per_appeal_heard,
            charge_per_appeal_withdrawn=charge_per_appeal_withdrawn,
            charge_per_hearing=charge_per_hearing,
            notes=notes,
        ),
        "appeals.service_agreement.create",
        by=by,
        fields=AGREEMENT_FIELDS,
    )


@transaction.atomic
def school_create(*, by, **values) -> School:
    """Add a school. Its category decides which kind of admission authority it has (SSFA 1998
    s88): refused, naming the authority field, when they do not match."""
    return create_audited(School(**values), "appeals.school.create", by=by, fields=SCHOOL_FIELDS)


@transaction.atomic
def school_update(*, school: School, by, **values) -> School:
    return update_audited(school, values, "appeals.school.update", by=by)


@transaction.atomic
def admission_round_create(
    *,
    admission_authority: AdmissionAuthority,
    entry_year: int,
    phase: str,
    offer_date: date,
    lodging_deadline: date,
    by,
) -> AdmissionRound:
    """Record an authority's published appeals timetable for a normal round. The lodging
    deadline must allow the council's lodging period (at least 20 school days from the offer
    date, Code 2022 para 2.3(a)), counted in the authority's school calendar."""
    school_days = admission_authority.calendar.as_calendar()
    try:
        problem = rules.lodging_deadline_problem(
            offer_date,
            lodging_deadline,
            calendar=school_days,
            school_days=config.period("admission_lodging_school_days"),
        )
    except calendars.CalendarExhausted:
        raise ValidationError(
            {
                "offer_date": f"{admission_authority.calendar} has no term dates after "
                f"{offer_date:%-d %B %Y}: add that year's terms first"
            }
        ) from None
    if problem:
        raise ValidationError({"lodging_deadline": problem})
    if AdmissionRound.objects.filter(
        admission_authority=admission_authority, entry_year=entry_year, phase=phase
    ).exists():
        raise ValidationError(
            {"entry_year": f"{admission_authority} already has a {phase} round for {entry_year}"}
        )
    return create_audited(
        AdmissionRound(
            admission_authority=admission_authority,
            entry_year=entry_year,
            phase=phase,
            offer_date=offer_date,
            lodging_deadline=lodging_deadline,
        ),
        "appeals.admission_round.create",
        by=by,
        fields=["admission_authority", "entry_year", "phase", "offer_date", "lodging_deadline"],
    )
