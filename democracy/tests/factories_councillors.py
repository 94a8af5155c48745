"""A small council for the public councillor pages, built through the services: a serving
councillor with a full public record, private contact details and a register holding a sensitive
interest; a suspended councillor; a former councillor; and a councillor never in office."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from democracy.tests.factories import (
    CommitteeFactory,
    CouncillorFactory,
    PoliticalGroupFactory,
    TermFactory,
    WardFactory,
)
from meetings.models import CommitteeMembership
from members.models import GroupMembership
from members.services import interests as interest_services
from members.services import records as record_services
from members.tests.factories_interests import ORDINARY, publish_register

START = date(2023, 5, 8)
PRIVATE_ADDRESS = "HOME-ADDRESS-SECRET, 1 Private Road"
PRIVATE_EMAIL = "personal-secret@example.net"
PRIVATE_PHONE = "07700 900999"
SENSITIVE_DETAIL = "SENSITIVE-INTEREST-SECRET tenancy"
SENSITIVE_ORG = "SENSITIVE-ORGANISATION-SECRET Refuge"
SECRETS = [
    "HOME-ADDRESS-SECRET",
    PRIVATE_EMAIL,
    PRIVATE_PHONE,
    "SENSITIVE-INTEREST-SECRET",
    "SENSITIVE-ORGANISATION-SECRET",
    "A former partner has made threats",
]
SENSITIVE = {
    "category": "land",
    "description": SENSITIVE_DETAIL,
    "organisation": SENSITIVE_ORG,
    "address": "HOME-ADDRESS-SECRET",
    "sensitive": True,
    "sensitive_reason": "A former partner has made threats.",
}
PARTNER_LAND = {
    "category": "land",
    "whose": "partner",
    "description": "Freehold of a shop",
    "address": "12 High Street\nFenwick",
}


class CouncillorScene:
    """Alice Ashdown (serving, Ashdown Ward, Green Party, two committee seats, a position, an
    outside body, a published register with a sensitive interest, a gift); Sam Sutton
    (serving, suspended, in no group); Fred Farley (former); Nina Never (no term: not public)."""

    def __init__(self, *, seats: int = 2) -> None:
        today = timezone.localdate()
        self.ward = WardFactory(name="Ashdown Ward", slug="ashdown")
        self.other_ward = WardFactory(name="Brookside Ward", slug="brookside")
        self.group = PoliticalGroupFactory(name="Green Party", short_name="Green", colour="#00703c")
        self.alice = CouncillorFactory(
            title="Cllr Dr",
            first_name="Alice",
            last_name="Ashdown",
            slug="alice-ashdown",
            council_email="alice.ashdown@council.example.org",
            council_phone="01632 960001",
        )
        TermFactory(councillor=self.alice, ward=self.ward, start_date=START)
        GroupMembership.objects.create(councillor=self.alice, group=self.group, start_date=START)
        record_services.profile_update(
            councillor=self.alice,
            values={
                "biography": "Alice has lived in Ashdown for twenty years.\n\nShe chairs the "
                "residents' association.",
                "postal_address": "c/o Town Hall\nKingsmere",
                "website": "https://alice.example.org/",
            },
            by=None,
        )
        record_services.private_contact_update(
            councillor=self.alice,
            values={
                "home_address": PRIVATE_ADDRESS,
                "personal_email": PRIVATE_EMAIL,
                "personal_phone": PRIVATE_PHONE,
            },
            by=None,
        )
        self.committees = []
        for n in range(seats):
            committee = CommitteeFactory(name=f"Seat Committee {n:02d}", slug=f"seat-{n:02d}")
            CommitteeMembership.objects.create(
                committee=committee,
                councillor=self.alice,
                role="chair" if n == 0 else "member",
                start_date=START,
            )
            position = record_services.position_create(
                title=f"Champion number {n:02d}", kind="other", by=None
            )
            record_services.holding_start(
                position=position, councillor=self.alice, start_date=START, by=None
            )
            body = record_services.outside_body_create(
                name=f"Outside Trust {n:02d}", kind="charity", by=None
            )
            record_services.appointment_start(
                body=body,
                councillor=self.alice,
                role="Trustee",
                start_date=START,
                appointed_by="council",
                by=None,
            )
            self.committees.append(committee)
        # An ended seat does not show.
        ended = CommitteeFactory(name="Disbanded Panel", slug="disbanded")
        CommitteeMembership.objects.create(
            committee=ended,
            councillor=self.alice,
            start_date=START,
            end_date=START + timedelta(days=30),
        )
        self.register = publish_register(self.alice, [ORDINARY, SENSITIVE, PARTNER_LAND])
        gift = interest_services.gift_register(
            councillor=self.alice,
            kind="hospitality",
            donor="Kingsmere Chamber of Commerce",
            description="Annual dinner",
            estimated_value=Decimal("65.00"),
            received_on=today - timedelta(days=10),
            accepted=True,
            by=None,
        )
        interest_services.gift_publish(gift=gift, by=None)

        self.sam = CouncillorFactory(first_name="Sam", last_name="Sutton", slug="sam-sutton")
        TermFactory(councillor=self.sam, ward=self.other_ward, start_date=START)
        record_services.suspension_record(
            councillor=self.sam,
            start_date=today - timedelta(days=20),
            end_date=today + timedelta(days=40),
            reason="SUSPENSION-REASON-TEXT",
            by=None,
        )

        self.fred = CouncillorFactory(first_name="Fred", last_name="Farley", slug="fred-farley")
        TermFactory(
            councillor=self.fred,
            ward=self.other_ward,
            start_date=date(2019, 5, 6),
            end_date=START,
            end_reason="defeated",
        )

        self.nina = CouncillorFactory(first_name="Nina", last_name="Never", slug="nina-never")


def add_serving_councillors(count: int, *, ward=None, group=None) -> list:
    """``count`` more serving councillors, each with a term, a group and a public profile."""
    ward = ward or WardFactory()
    group = group or PoliticalGroupFactory()
    made = []
    for _ in range(count):
        councillor = TermFactory(ward=ward, start_date=START).councillor
        GroupMembership.objects.create(councillor=councillor, group=group, start_date=START)
        record_services.profile_update(
            councillor=councillor, values={"biography": "A councillor."}, by=None
        )
        made.append(councillor)
    return made
