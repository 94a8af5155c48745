"""The appeals part of the cross-domain world (democracy/tests/factories_world.py), made through
the services: a school-day calendar, the reference data of ``appeals.tests.factories`` (schools,
admission authorities, a round, a pool of panel members with the ``panel_member`` persona in it),
two appeals listed at a grouped hearing on whose panel the persona sits, a third appeal not
listed, a piece of evidence and an evidence link. It plants a child's name and an appellant's
contact details: the appeals clerk sees both, the panel member the child's name for their own
hearing's cases, nobody else either."""

from __future__ import annotations

import io
from datetime import date

from appeals.services import cases, decisions, scheduling, school_calendar_create
from appeals.tests.factories import at, build_scene, lodge
from appeals.uploads import check
from democracy.tests.factories_world import World

CHILD = ("Saffron", "Quillfeather")
APPELLANT_EMAIL = "marigold.quillfeather@example.net"
APPELLANT_ADDRESS = "17 Wrenfold Crescent"
OTHER_CHILD = ("Tobias", "Nettlebrook")
HEARING_DAY = date(2026, 5, 6)
LISTED_ON = date(2026, 4, 20)
PANEL_ONLY_DOCUMENT = "Hollowmere safeguarding chronology"
CLERKS_NOTE = "Grandmother Quillfeather cares after school"
DECISION_REASONS = "Brackenridge bus route reasons do not outweigh"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, format="PNG")
    return out.getvalue()


def build(world: World) -> None:
    clerk, panel_user = world.users["clerk"], world.users["panel_member"]
    calendar = school_calendar_create(
        name="Kingsmere community schools",
        nation="england",
        terms=[
            ("Autumn 1 2026", date(2026, 9, 2), date(2026, 10, 23)),
            ("Autumn 2 2026", date(2026, 11, 2), date(2026, 12, 18)),
        ],
        closures=[(date(2026, 11, 2), "INSET day")],
        by=clerk,
    )
    scene = build_scene(by=clerk, panel_user=panel_user)
    first, last = CHILD
    listed = lodge(
        scene.academy,
        child=cases.ChildDetails(first_name=first, last_name=last, date_of_birth=date(2014, 6, 1)),
        appellants=[
            cases.AppellantDetails(
                name="Marigold Quillfeather",
                relationship="parent",
                email=APPELLANT_EMAIL,
                address=f"{APPELLANT_ADDRESS}, Kingsmere",
                postcode="KM2 9QF",
            )
        ],
    )
    alongside = lodge(scene.academy)
    hearing = scheduling.hearing_schedule(
        appeals=[listed, alongside],
        starts_at=at(HEARING_DAY, 10),
        ends_at=at(HEARING_DAY, 16),
        group_stage_ends_at=at(HEARING_DAY, 11),
        clerk=clerk,
        seats=scene.valid_admission_panel(),
        room=scene.room,
        today=LISTED_ON,
        by=clerk,
    )
    other_first, other_last = OTHER_CHILD
    unlisted = lodge(
        scene.academy,
        child=cases.ChildDetails(
            first_name=other_first, last_name=other_last, date_of_birth=date(2014, 2, 2)
        ),
    )
    evidence = cases.evidence_add(
        appeal=listed,
        upload=check("letter.png", _png()),
        source="clerk",
        description="Letter from the family doctor",
        by=clerk,
    )
    panel_only = cases.evidence_add(
        appeal=listed,
        upload=check("report.png", _png()),
        source="clerk",
        description=PANEL_ONLY_DOCUMENT,
        panel_only=True,
        by=clerk,
    )
    _link, signed = cases.evidence_link_issue(appeal=unlisted, by=clerk)
    # The hearing was held; the panel has decided the second appeal, not yet the first.
    decisions.hearing_record(
        hearing=hearing,
        listings={
            listing.pk: decisions.ListingRecord(
                attendance="attended", present="The parent", notes=CLERKS_NOTE
            )
            for listing in hearing.listings.all()
        },
        authority_present="Admissions officer",
        notes="The trust presented its case on the school's capacity.",
        by=clerk,
    )
    decisions.decision_record(
        appeal=alongside,
        outcome="dismissed",
        reasons=DECISION_REASONS,
        prejudice_found=True,
        appellant_case_outweighs=False,
        by=clerk,
    )
    world.add(
        school_calendar=calendar,
        appeals_scene=scene,
        listed_appeal=listed,
        unlisted_appeal=unlisted,
        hearing=hearing,
        listing=hearing.listings.order_by("pk").first(),
        evidence=evidence,
        panel_only_evidence=panel_only,
        decided_appeal=alongside,
        evidence_signed=signed,
        panel_pool_member=scene.members["lay"],
        school=scene.academy,
        admission_authority=scene.trust,
    )
    case_url = f"/appeals/cases/{listed.pk}/"
    world.plant(
        f"{first} {last}",
        "a child's name in an appeal",
        case_url,
        seen_by="clerk",
        entitled=("panel_member",),
    )
    world.plant(APPELLANT_EMAIL, "an appellant's email", case_url, seen_by="clerk")
    world.plant(APPELLANT_ADDRESS, "an appellant's address", case_url, seen_by="clerk")
    hearing_url = f"/appeals/hearings/{hearing.pk}/"
    world.plant(
        PANEL_ONLY_DOCUMENT,
        "a document for the panel only",
        f"{hearing_url}bundle.pdf",
        seen_by="clerk",
        entitled=("panel_member",),
    )
    world.plant(CLERKS_NOTE, "the clerk's notes of an appeal's hearing", case_url, seen_by="clerk")
    world.plant(
        DECISION_REASONS,
        "a panel's reasons for its decision",
        f"/appeals/cases/{alongside.pk}/decision/letter.pdf",
        seen_by="clerk",
    )
    world.plant(
        f"{other_first} {other_last}",
        "an unlisted child's name",
        f"/appeals/cases/{unlisted.pk}/",
        seen_by="clerk",
    )
