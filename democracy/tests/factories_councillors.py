"""A small council for the public councillor pages, built through the services: a serving
councillor with a full public record, private contact details and a register holding a sensitive
interest; a suspended councillor; a former councillor; a councillor never in office; and
co-opted members (one serving with private contact details and a sensitive interest of their
own, one non-voting, one former, one appointed for later, one never co-opted)."""

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
from meetings.services import committees as committee_services
from members.models import Councillor, GroupMembership
from members.services import councillors as councillor_services
from members.services import interests as interest_services
from members.services import records as record_services
from members.tests.factories_interests import ORDINARY, publish_register

START = date(2023, 5, 8)
PRIVATE_ADDRESS = "HOME-ADDRESS-SECRET, 1 Private Road"
PRIVATE_EMAIL = "personal-secret@example.net"
PRIVATE_PHONE = "07700 900999"
SENSITIVE_DETAIL = "SENSITIVE-INTEREST-SECRET tenancy"
SENSITIVE_ORG = "SENSITIVE-ORGANISATION-SECRET Refuge"
COOPTED_ADDRESS = "COOPTED-HOME-SECRET, 9 Hidden Close"
COOPTED_EMAIL = "coopted-personal-secret@example.net"
COOPTED_PHONE = "07700 900888"
COOPTED_SENSITIVE = {
    "category": "land",
    "description": "COOPTED-SENSITIVE-SECRET lease",
    "organisation": "COOPTED-SENSITIVE-ORG-SECRET Shelter",
    "address": "COOPTED-HOME-SECRET",
    "sensitive": True,
    "sensitive_reason": "A stalker has been convicted.",
}
SECRETS = [
    "HOME-ADDRESS-SECRET",
    PRIVATE_EMAIL,
    PRIVATE_PHONE,
    "SENSITIVE-INTEREST-SECRET",
    "SENSITIVE-ORGANISATION-SECRET",
    "A former partner has made threats",
    "COOPTED-HOME-SECRET",
    COOPTED_EMAIL,
    COOPTED_PHONE,
    "COOPTED-SENSITIVE-SECRET",
    "COOPTED-SENSITIVE-ORG-SECRET",
    "A stalker has been convicted",
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

        self.audit = CommitteeFactory(name="Audit Committee", slug="audit")
        self.cora = add_co_opted_member(
            self.audit,
            title="Mrs",
            first_name="Cora",
            last_name="Cooper",
            appointment="Independent member of the Audit Committee",
            council_email="cora.cooper@council.example.org",
            home_address=COOPTED_ADDRESS,
            personal_email=COOPTED_EMAIL,
            personal_phone=COOPTED_PHONE,
        )
        publish_register(self.cora, [ORDINARY, COOPTED_SENSITIVE])
        self.victor = add_co_opted_member(
            self.audit,
            title="Dr",
            first_name="Victor",
            last_name="Voiceless",
            appointment="Adviser to the Audit Committee",
            voting=False,
        )
        self.olive = add_co_opted_member(
            self.audit,
            title="Ms",
            first_name="Olive",
            last_name="Outgone",
            appointment="Parent governor representative",
            start_date=date(2021, 9, 1),
        )
        councillor_services.co_option_end(
            co_option=self.olive.co_options.get(),
            end_date=date(2024, 9, 1),
            end_reason="term_ended",
            by=None,
        )
        self.luke = councillor_services.councillor_create(
            kind=Councillor.Kind.COOPTED, title="Mr", first_name="Luke", last_name="Later", by=None
        )
        councillor_services.co_option_start(
            councillor=self.luke,
            appointment="Diocesan representative",
            start_date=today + timedelta(days=30),
            by=None,
        )
        self.norma = councillor_services.councillor_create(
            kind=Councillor.Kind.COOPTED,
            title="Mrs",
            first_name="Norma",
            last_name="Nocoopt",
            by=None,
        )


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


def add_co_opted_member(
    committee,
    *,
    first_name: str,
    last_name: str,
    appointment: str,
    title: str = "Mrs",
    voting: bool = True,
    start_date: date = START,
    **contact,
) -> Councillor:
    """A co-opted member (not a councillor) co-opted from ``start_date`` and seated on
    ``committee`` in a voting or non-voting co-opted seat, through the services."""
    person = councillor_services.councillor_create(
        kind=Councillor.Kind.COOPTED,
        title=title,
        first_name=first_name,
        last_name=last_name,
        by=None,
        **contact,
    )
    councillor_services.co_option_start(
        councillor=person,
        appointment=appointment,
        appointed_by="Council, 22 May 2023",
        start_date=start_date,
        voting=voting,
        by=None,
    )
    committee_services.membership_appoint(
        committee=committee,
        councillor=person,
        role="coopted_voting" if voting else "coopted_non_voting",
        start_date=start_date,
        by=None,
    )
    return person
