"""Demo registers of interests, gifts and hospitality and dispensations for Kingsmere.

Every serving councillor has a published register; some list their spouse's or partner's
interests, one has a sensitive interest withheld under Localism Act 2011 s32, one has two
published versions (a change registered after the first). Two Cabinet members have interests in
organisations named in the demo's Cabinet reports (Kingsmere Housing Association in the depot
disposal's exempt appendix, Kingsmere Environmental Services Ltd in the waste contract award), so the interest check finds
them. Deterministic (fixed seed) and idempotent: a councillor with any declaration is left alone.

The co-opted members (``members.demo.co_opted``): Mrs Helen Marsh, the independent audit
member, has a published register and a published hospitality; Mr David Okoro, the parent
governor representative co-opted on 1 September 2026, has submitted his first register, which
waits for review; Ms Ruth Ellison, a non-voting adviser and so not a co-opted member for the
register (Localism Act 2011 s27(4)), has none.

Runs after the meetings demo (it reads Cabinet membership through the ORM's reverse relation
rather than importing meetings, which members must not).
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from members.demo.co_opted import CO_OPTEES
from members.models import Councillor, Dispensation, GiftOrHospitality, InterestDeclaration
from members.services import interests as services

SEED = 2026
MONITORING_OFFICER = "Jonathan Reid, Monitoring Officer"
AGREED_ON = date(2023, 5, 30)

EMPLOYERS = [
    ("Solicitor, partner in", "Fenwick & Marsh LLP"),
    ("Teacher, employed by", "Harbourside Academy Trust"),
    ("Nurse, employed by", "Kingsmere and District NHS Foundation Trust"),
    ("Self-employed electrician, trading as", "Brightwire Electrical"),
    ("Retired (pension from)", "Local Government Pension Scheme"),
    ("Farmer, partner in", "Lark Rise Farm Partnership"),
    ("Accountant, employed by", "Quayside Accounting Ltd"),
    ("Shop owner, director of", "Market Square Books Ltd"),
    ("Civil servant, employed by", "HM Revenue and Customs"),
    ("Engineer, employed by", "Brookhollow Water Services Ltd"),
]
PARTNER_EMPLOYERS = [
    ("Employed as a care worker by", "Elm Avenue Care Home Ltd"),
    ("Employed as a pharmacist by", "Castle Street Pharmacy"),
    ("Director of", "Fenwick Garden Centre Ltd"),
]
BODIES = [
    ("Member", "Kingsmere Conservative Association"),
    ("Member", "Kingsmere Constituency Labour Party"),
    ("Member", "Kingsmere Liberal Democrats"),
    ("Member", "Kingsmere Green Party"),
    ("Trustee", "Kingsmere Citizens Advice"),
    ("Member", "UNISON"),
    ("Governor", "Brookhollow Park Primary School"),
]
GROUP_PARTY = {
    "Conservative Group": 0,
    "Labour Group": 1,
    "Liberal Democrat Group": 2,
    "Green Group": 3,
}


def _lines(rng: random.Random, index: int, councillor: Councillor) -> list[dict]:
    job, employer = EMPLOYERS[index % len(EMPLOYERS)]
    lines = [{"category": "employment", "description": job, "organisation": employer}]
    lines.append(
        {
            "category": "land",
            "description": "Freehold of the councillor's home in the district",
        }
    )
    if index % 3 == 0:
        p_job, p_employer = PARTNER_EMPLOYERS[index % len(PARTNER_EMPLOYERS)]
        lines.append(
            {
                "category": "employment",
                "whose": "partner",
                "description": p_job,
                "organisation": p_employer,
            }
        )
    if index % 5 == 1:
        lines.append(
            {
                "category": "securities",
                "whose": "partner" if index % 2 else "self",
                "description": "Shareholding above £25,000 nominal value",
                "organisation": "Kingsmere Building Society",
            }
        )
    group = councillor.current_group_name
    if group in GROUP_PARTY:
        role, body = BODIES[GROUP_PARTY[group]]
        lines.append({"category": "public_body", "description": role, "organisation": body})
    if rng.random() < 0.3:
        role, body = BODIES[4 + rng.randrange(3)]
        lines.append({"category": "public_body", "description": role, "organisation": body})
    return lines


def _publish(councillor: Councillor, lines: list[dict], by) -> InterestDeclaration:
    declaration = services.declaration_start(councillor=councillor, by=by)
    for line in lines:
        services.interest_add(declaration=declaration, by=by, **line)
    services.declaration_submit(declaration=declaration, by=by)
    for interest in declaration.interests.filter(sensitive=True, sensitive_agreed_by=""):
        services.interest_agree_sensitive(
            interest=interest, agreed_by=MONITORING_OFFICER, agreed_on=AGREED_ON, by=by
        )
    return services.declaration_publish(declaration=declaration, by=by)


def _cabinet_members() -> list[Councillor]:
    today = timezone.localdate()
    return list(
        Councillor.all_objects.filter(
            committee_memberships__committee__kind="executive",
            committee_memberships__role="member",
            committee_memberships__start_date__lte=today,
        )
        .exclude(committee_memberships__end_date__lte=today)
        .distinct()
        .order_by("last_name", "first_name")
    )


def load(*, by=None) -> None:
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    serving = list(
        Councillor.all_objects.serving(today)
        .with_current_roles(today)
        .order_by("last_name", "first_name")
    )
    cabinet = _cabinet_members()
    housing, energy = (cabinet + serving)[:2] if len(cabinet) < 2 else cabinet[:2]
    sensitive_member = serving[5]
    two_versions = serving[0]
    for index, councillor in enumerate(serving):
        lines = _lines(rng, index, councillor)  # drawn for everyone, so the sequence is fixed
        if InterestDeclaration.all_objects.filter(councillor=councillor).exists():
            continue
        if councillor == housing:
            lines.append(
                {
                    "category": "employment",
                    "whose": "partner",
                    "description": "Employed as a housing officer by",
                    "organisation": "Kingsmere Housing Association",
                }
            )
        if councillor == energy:
            lines += [
                {
                    "category": "unpaid_directorship",
                    "description": "Unpaid director",
                    "organisation": "Kingsmere Community Energy",
                },
                {
                    "category": "securities",
                    "description": "Shareholding above £25,000 nominal value",
                    "organisation": "Kingsmere Environmental Services Ltd",
                },
            ]
        if councillor == sensitive_member:
            lines.append(
                {
                    "category": "land",
                    "description": "Leasehold of a second flat, used by a family member",
                    "address": "Flat 3, 41 Quay Street, Harbourside",
                    "sensitive": True,
                    "sensitive_reason": "A family member is protected by a non-molestation order.",
                }
            )
        _publish(councillor, lines, by)
        if councillor == two_versions:
            _publish(
                councillor,
                [
                    {
                        "category": "licences",
                        "description": "Licence to occupy an allotment plot for 12 months",
                        "address": "Elm Avenue Allotments, Kingsmere",
                    }
                ],
                by,
            )
    _gifts(serving, by)
    _dispensations(serving, by)
    _co_opted(by)


GIFTS = [
    # councillor index, kind, donor, description, value, received, accepted, reason
    (1, "hospitality", "Kingsmere Chamber of Commerce", "Annual business awards dinner",
     "85.00", date(2026, 3, 13), True, "Attended as ward councillor."),
    (2, "gift", "Orchard Homes Ltd", "Case of wine", "120.00", date(2026, 9, 18), False,
     "Declined: Orchard Homes had an offer for council land under consideration."),
    (4, "hospitality", "Harbourside Regatta Committee", "Lunch and seat at the regatta",
     "60.00", date(2026, 7, 25), True, "Invited to present the trophies."),
    (7, "gift", "Twinning Association of Saint-Aubin", "Framed print of the town hall",
     "50.00", date(2026, 6, 6), True, "Civic visit."),
    (9, "hospitality", "Kingsmere Leisure Trust", "Tickets for the pantomime (two)",
     "54.00", date(2025, 12, 20), True, "Opening night."),
]  # fmt: skip


def _gifts(serving: list[Councillor], by) -> None:
    for index, kind, donor, description, value, received, accepted, reason in GIFTS:
        councillor = serving[index]
        if GiftOrHospitality.all_objects.filter(
            councillor=councillor, donor=donor, received_on=received
        ).exists():
            continue
        gift = services.gift_register(
            councillor=councillor,
            kind=kind,
            donor=donor,
            description=description,
            estimated_value=Decimal(value),
            received_on=received,
            accepted=accepted,
            reason=reason,
            registered_on=date.fromordinal(received.toordinal() + 10),
            by=by,
        )
        services.gift_publish(gift=gift, by=by)


def _dispensations(serving: list[Councillor], by) -> None:
    for councillor, scope, ground, reasons in [
        (
            serving[3],
            "Setting the council tax and budget for 2027/28",
            "c",
            "The councillor's partner is employed by the council; every member's household "
            "pays council tax.",
        ),
        (
            serving[6],
            "Business of the Kingsmere Building Society's community fund at Cabinet",
            "e",
            "The shareholding is small relative to the fund and the councillor's ward "
            "knowledge is needed.",
        ),
    ]:
        if Dispensation.all_objects.filter(councillor=councillor, scope=scope).exists():
            continue
        services.dispensation_grant(
            councillor=councillor,
            granted_by="Standards Committee",
            granted_on=date(2026, 6, 2),
            expires_on=date(2030, 5, 31),
            ground=ground,
            scope=scope,
            reasons=reasons,
            by=by,
        )


# The co-optees' registers, by the slug the co-opted demo gives them: published, submitted only.
CO_OPTED_PUBLISHED = {
    "helen-marsh": [
        {
            "category": "employment",
            "description": "Chartered public finance accountant, self-employed, trading as",
            "organisation": "Marsh Governance Consulting",
        },
        {"category": "land", "description": "Freehold of her home in the district"},
        {
            "category": "employment",
            "whose": "partner",
            "description": "Employed as an engineer by",
            "organisation": "Brookhollow Water Services Ltd",
        },
        {
            "category": "public_body",
            "description": "Trustee",
            "organisation": "Kingsmere Citizens Advice",
        },
    ],
}
CO_OPTED_SUBMITTED = {
    "david-okoro": [
        {
            "category": "employment",
            "description": "Pharmacist, employed by",
            "organisation": "Castle Street Pharmacy",
        },
        {"category": "land", "description": "Freehold of his home in the district"},
        {
            "category": "public_body",
            "description": "Parent governor",
            "organisation": "Brookhollow Park Primary School",
        },
    ],
}
CO_OPTED_GIFTS = [
    # slug, kind, donor, description, value, received, accepted, reason
    ("helen-marsh", "hospitality", "Chartered Institute of Public Finance and Accountancy",
     "Dinner at the regional audit committee members' conference", "65.00", date(2026, 4, 23),
     True, "Attended as the council's independent audit member."),
]  # fmt: skip


def _co_opted(by) -> None:
    slugs = {slugify(f"{spec.first_name} {spec.last_name}") for spec in CO_OPTEES}
    people = {p.slug: p for p in Councillor.all_objects.filter(kind="coopted", slug__in=slugs)}
    for slug, lines in [*CO_OPTED_PUBLISHED.items(), *CO_OPTED_SUBMITTED.items()]:
        person = people.get(slug)
        if person is None or InterestDeclaration.all_objects.filter(councillor=person).exists():
            continue
        if slug in CO_OPTED_PUBLISHED:
            _publish(person, lines, by)
            continue
        declaration = services.declaration_start(councillor=person, by=by)
        for line in lines:
            services.interest_add(declaration=declaration, by=by, **line)
        services.declaration_submit(declaration=declaration, by=by)
    for slug, kind, donor, description, value, received, accepted, reason in CO_OPTED_GIFTS:
        person = people.get(slug)
        if (
            person is None
            or GiftOrHospitality.all_objects.filter(
                councillor=person, donor=donor, received_on=received
            ).exists()
        ):
            continue
        gift = services.gift_register(
            councillor=person,
            kind=kind,
            donor=donor,
            description=description,
            estimated_value=Decimal(value),
            received_on=received,
            accepted=accepted,
            reason=reason,
            registered_on=date.fromordinal(received.toordinal() + 10),
            by=by,
        )
        services.gift_publish(gift=gift, by=by)
