"""The members part of the cross-domain world (democracy/tests/factories_world.py), made through
the services: the councillor personas' records (one on the committee, one not), a co-opted
member, a former, a suspended and a never-in-office person; registers of interests (published,
draft, awaiting review) with a sensitive interest; gifts; dispensations; positions and outside
bodies; a details change request; training; allowances schemes (one published), payments and
expense claims with receipts.

It plants what the public must never see: private contact details (also in a change request),
a sensitive interest (Localism Act 2011 s32(2)), a gift not yet published, claims and receipts,
a suspension's reason, and the name of a person who never held office.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from democracy.tests.factories_world import World
from members.models import Councillor
from members.services import allowances as allowance_services
from members.services import councillors as councillor_services
from members.services import interests as interest_services
from members.services import records as record_services
from members.services import training as training_services
from members.tests.factories_records import image

START = date(2023, 5, 8)  # the Monday after the ordinary elections of Thursday 4 May 2023

HOME_ADDRESS = "HOMEADDRESSSECRET, 4 Quiet Lane"
PERSONAL_EMAIL = "personalsecret@example.net"
PERSONAL_PHONE = "07700 900461"
COOPTED_ADDRESS = "COOPTEDADDRESSSECRET, 9 Hidden Close"
COOPTED_EMAIL = "coopted.secret@example.net"
COOPTED_PHONE = "07700 900777"
COOPTED_SENSITIVE = "COOPTEDSENSITIVESECRET lease"
NEW_HOME_ADDRESS = "CHANGEREQUESTSECRET, 7 New Road"
SENSITIVE_DESCRIPTION = "SENSITIVEINTERESTSECRET tenancy"
SENSITIVE_ORGANISATION = "SENSITIVEORGSECRET Refuge"
SENSITIVE_REASON = "SENSITIVEREASONSECRET threats by a former partner"
DRAFT_INTEREST = "DRAFTINTERESTSECRET shareholding"
SUBMITTED_INTEREST = "SUBMITTEDINTERESTSECRET directorship"
PENDING_GIFT = "PENDINGGIFTSECRET hamper"
RETURNED_GIFT = "RETURNEDGIFTSECRET tickets"
CLAIM_PURPOSE = "CLAIMPURPOSESECRET site visit"
SUSPENSION_REASON = "SUSPENSIONREASONSECRET breach of the code"
NEVER_FIRST, NEVER_LAST = "Nerys", "Neverheldoffice"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build(world: World) -> None:
    today = timezone.localdate()
    officer = world.users["officer"]
    ward, other_ward = world.ward, world.other_ward
    group = councillor_services.group_create(
        name="Green Party", short_name="Green", colour="#00703c", constituted_on=START, by=officer
    )

    def councillor(first: str, last: str, *, ward=ward, user=None, start=START, **contact):
        person = councillor_services.councillor_create(
            first_name=first,
            last_name=last,
            council_email=f"{first.lower()}.{last.lower()}@council.example.org",
            user=user,
            by=officer,
            **contact,
        )
        councillor_services.term_start(
            councillor=person, ward=ward, start_date=start, start_reason="ordinary", by=officer
        )
        councillor_services.group_join(councillor=person, group=group, start_date=start, by=officer)
        return person

    # The committee councillor: a full public record, private contact details, a published
    # register with a sensitive interest and a draft of the next version, gifts, a claim.
    carys = councillor(
        "Carys",
        "Chairwood",
        user=world.users["committee_councillor"],
        home_address=HOME_ADDRESS,
        personal_email=PERSONAL_EMAIL,
        personal_phone=PERSONAL_PHONE,
    )
    record_services.profile_update(
        councillor=carys,
        values={"biography": "Carys has chaired the Planning Committee since 2023."},
        by=officer,
    )
    owen = councillor("Owen", "Otherfield", ward=other_ward, user=world.users["other_councillor"])
    extra = [councillor("Ffion", "Fellowes"), councillor("Gwyn", "Godfrey")]
    sion = councillor("Sion", "Suspendedson", ward=other_ward)
    record_services.suspension_record(
        councillor=sion,
        start_date=today - timedelta(days=20),
        end_date=today + timedelta(days=40),
        reason=SUSPENSION_REASON,
        by=officer,
    )
    fred = councillor_services.councillor_create(
        first_name="Fred", last_name="Formerly", by=officer
    )
    term = councillor_services.term_start(
        councillor=fred,
        ward=other_ward,
        start_date=date(2019, 5, 6),
        start_reason="ordinary",
        by=officer,
    )
    councillor_services.term_end(term=term, end_date=START, end_reason="defeated", by=officer)
    never = councillor_services.councillor_create(
        first_name=NEVER_FIRST, last_name=NEVER_LAST, by=officer
    )
    # Their photo, ready for when they take office: served to officers only until then.
    record_services.profile_update(councillor=never, values={"photo": image()}, by=officer)
    coral = councillor_services.co_opted_member_create(
        title="Mrs",
        first_name="Coral",
        last_name="Coopersmith",
        council_email="coral.coopersmith@council.example.org",
        home_address=COOPTED_ADDRESS,
        personal_email=COOPTED_EMAIL,
        personal_phone=COOPTED_PHONE,
        appointment="Independent member of the Planning Committee",
        appointed_by="Council, 22 May 2023",
        start_date=START,
        by=officer,
    )
    councillor_services.councillor_link_user(
        councillor=coral, user=world.users["co_opted_member"], by=officer
    )
    world.add(
        group=group,
        carys=carys,
        owen=owen,
        committee_extra=extra,
        suspended=sion,
        suspension=sion.suspensions.get(),
        former=fred,
        never=never,
        coral=coral,
        co_option=coral.co_options.get(),
    )
    _registers(world, carys, owen, coral)
    _records(world, carys)
    _training(world, carys, today)
    _allowances(world, carys, owen, today)

    world.plant(
        HOME_ADDRESS.split(",")[0],
        "a councillor's home address",
        f"/members/officers/councillors/{carys.pk}/",
        entitled=("committee_councillor",),
        search=["Quiet", "Lane"],
    )
    world.plant(
        PERSONAL_EMAIL,
        "a councillor's personal email",
        f"/members/officers/councillors/{carys.pk}/",
        entitled=("committee_councillor",),
    )
    world.plant(
        PERSONAL_PHONE,
        "a councillor's personal phone",
        f"/members/officers/councillors/{carys.pk}/",
        entitled=("committee_councillor",),
    )
    world.plant(
        COOPTED_ADDRESS.split(",")[0],
        "a co-opted member's home address",
        f"/members/officers/co-opted-members/{coral.pk}/",
        entitled=("co_opted_member",),
        search=["Hidden", "Close"],
    )
    world.plant(
        COOPTED_PHONE,
        "a co-opted member's personal phone",
        f"/members/officers/co-opted-members/{coral.pk}/",
        entitled=("co_opted_member",),
    )
    world.plant(
        COOPTED_EMAIL,
        "a co-opted member's personal email",
        f"/members/officers/co-opted-members/{coral.pk}/",
        entitled=("co_opted_member",),
    )
    world.plant(
        SUSPENSION_REASON.split()[0],
        "the reason for a suspension",
        f"/members/officers/councillors/{sion.pk}/",
        search=["breach", "code"],
    )
    world.plant(
        f"{NEVER_FIRST} {NEVER_LAST}",
        "a person who never held office",
        f"/members/officers/councillors/{never.pk}/",
        search=[NEVER_LAST, NEVER_FIRST],
    )


def _registers(world: World, carys: Councillor, owen: Councillor, coral: Councillor) -> None:
    officer = world.users["officer"]
    carys_user = world.users["committee_councillor"]
    ordinary = {
        "category": "employment",
        "description": "Chartered surveyor, employed by",
        "organisation": "Kingsmere Housing Association",
    }
    sensitive = {
        "category": "land",
        "description": SENSITIVE_DESCRIPTION,
        "organisation": SENSITIVE_ORGANISATION,
        "address": HOME_ADDRESS,
        "sensitive": True,
        "sensitive_reason": SENSITIVE_REASON,
    }
    published = _publish_register(carys, [ordinary, sensitive], by=officer)
    draft = interest_services.declaration_start(councillor=carys, by=carys_user)
    draft_line = interest_services.interest_add(
        declaration=draft,
        category="securities",
        description=DRAFT_INTEREST,
        organisation="Kingsmere Holdings plc",
        by=carys_user,
    )
    awaiting = interest_services.declaration_start(
        councillor=owen, by=world.users["other_councillor"]
    )
    owen_line = interest_services.interest_add(
        declaration=awaiting,
        category="employment",
        description=SUBMITTED_INTEREST,
        organisation="Brookside Garages Ltd",
        by=world.users["other_councillor"],
    )
    interest_services.declaration_submit(declaration=awaiting, by=world.users["other_councillor"])
    coral_sensitive = {
        "category": "land",
        "description": COOPTED_SENSITIVE,
        "organisation": "Kingsmere Women's Shelter",
        "address": COOPTED_ADDRESS,
        "sensitive": True,
        "sensitive_reason": "A stalker has been convicted.",
    }
    coral_register = _publish_register(coral, [ordinary, coral_sensitive], by=officer)
    dispensation = interest_services.dispensation_grant(
        councillor=carys,
        granted_by="Standards Committee",
        granted_on=date(2025, 6, 10),
        expires_on=date(2027, 6, 9),
        ground="c",
        scope="Setting the council tax",
        reasons="Most members own property in the district.",
        by=officer,
    )
    today = timezone.localdate()
    gift = {
        "kind": "hospitality",
        "estimated_value": D("80.00"),
        "accepted": True,
        "by": carys_user,
    }
    published_gift = interest_services.gift_register(
        councillor=carys,
        donor="Kingsmere Chamber of Commerce",
        description="Annual dinner",
        received_on=today - timedelta(days=30),
        **gift,
    )
    interest_services.gift_publish(gift=published_gift, by=officer)
    returned_gift = interest_services.gift_register(
        councillor=carys,
        donor="Ashdown Rovers FC",
        description=RETURNED_GIFT,
        received_on=today - timedelta(days=20),
        **gift,
    )
    interest_services.gift_return(gift=returned_gift, reason="Give the value.", by=officer)
    pending_gift = interest_services.gift_register(
        councillor=owen,
        donor="Brookside Garages Ltd",
        description=PENDING_GIFT,
        received_on=today - timedelta(days=10),
        **{**gift, "by": world.users["other_councillor"]},
    )
    sensitive_line = published.interests.get(sensitive=True)
    world.add(
        published_declaration=published,
        sensitive_interest=sensitive_line,
        draft_declaration=draft,
        draft_interest=draft_line,
        awaiting_declaration=awaiting,
        awaiting_interest=owen_line,
        dispensation=dispensation,
        published_gift=published_gift,
        returned_gift=returned_gift,
        pending_gift=pending_gift,
    )
    declaration_page = f"/members/officers/interests/declarations/{published.pk}/"
    world.plant(
        COOPTED_SENSITIVE.split()[0],
        "a co-opted member's sensitive interest (s32(2))",
        f"/members/officers/interests/declarations/{coral_register.pk}/",
        entitled=("co_opted_member",),
        search=["lease", "Shelter"],
    )
    world.plant(
        SENSITIVE_DESCRIPTION.split()[0],
        "a sensitive interest (s32(2))",
        declaration_page,
        entitled=("committee_councillor",),
        search=["tenancy"],
    )
    world.plant(
        SENSITIVE_ORGANISATION.split()[0],
        "a sensitive interest's organisation",
        declaration_page,
        entitled=("committee_councillor",),
        search=["Refuge"],
    )
    world.plant(
        SENSITIVE_REASON.split()[0],
        "why an interest is sensitive",
        f"{declaration_page}interests/{sensitive_line.pk}/sensitive/",
        entitled=("committee_councillor",),
        search=["threats", "partner"],
    )
    world.plant(
        DRAFT_INTEREST.split()[0],
        "an interest in a draft declaration",
        f"/members/portal/interests/declarations/{draft.pk}/",
        seen_by="committee_councillor",
        search=["shareholding"],
    )
    world.plant(
        SUBMITTED_INTEREST.split()[0],
        "an interest awaiting the officers' review",
        f"/members/officers/interests/declarations/{awaiting.pk}/",
        entitled=("other_councillor",),
        search=["directorship"],
    )
    world.plant(
        PENDING_GIFT.split()[0],
        "a gift not yet published",
        "/members/officers/interests/gifts/",
        entitled=("other_councillor",),
        search=["hamper"],
    )
    world.plant(
        RETURNED_GIFT.split()[0],
        "a gift returned to the member",
        "/members/portal/gifts/",
        seen_by="committee_councillor",
        search=["tickets", "Rovers"],
    )


def _publish_register(councillor: Councillor, lines: list[dict], *, by):
    declaration = interest_services.declaration_start(councillor=councillor, by=by)
    for line in lines:
        interest_services.interest_add(declaration=declaration, by=by, **line)
    interest_services.declaration_submit(declaration=declaration, by=by)
    for interest in declaration.interests.filter(sensitive=True, sensitive_agreed_by=""):
        interest_services.interest_agree_sensitive(
            interest=interest, agreed_by="Alex Monitoring", agreed_on=date(2025, 5, 20), by=by
        )
    return interest_services.declaration_publish(declaration=declaration, by=by)


def _records(world: World, carys: Councillor) -> None:
    officer = world.users["officer"]
    position = record_services.position_create(
        title="Deputy Leader of the Council", kind="other", by=officer
    )
    holding = record_services.holding_start(
        position=position, councillor=carys, start_date=START, by=officer
    )
    body = record_services.outside_body_create(
        name="Kingsmere Almshouses Trust", kind="charity", by=officer
    )
    appointment = record_services.appointment_start(
        body=body,
        councillor=carys,
        role="Trustee",
        start_date=START,
        appointed_by="council",
        by=officer,
    )
    change = record_services.change_request_submit(
        councillor=carys,
        values={"home_address": NEW_HOME_ADDRESS},
        by=world.users["committee_councillor"],
    )
    world.add(
        position=position,
        holding=holding,
        outside_body=body,
        appointment=appointment,
        change_request=change,
    )
    world.plant(
        NEW_HOME_ADDRESS.split(",")[0],
        "a new home address in a change request",
        f"/members/officers/change-requests/{change.pk}/",
        entitled=("committee_councillor",),
        search=["New", "Road"],
    )


def _training(world: World, carys: Councillor, today: date) -> None:
    officer = world.users["officer"]
    module = training_services.module_create(
        name="Planning law for members", mandatory=True, by=officer
    )
    past = training_services.event_create(
        module=module,
        starts_at=moment(today - timedelta(days=14), 18),
        capacity=20,
        venue="Committee Room 1",
        by=officer,
    )
    future = training_services.event_create(
        module=module,
        starts_at=moment(today + timedelta(days=21), 18),
        capacity=20,
        venue="Committee Room 1",
        by=officer,
    )
    booking = training_services.booking_create(
        councillor=carys, event=past, by=officer, now=moment(today - timedelta(days=30), 9)
    )
    training_services.attendance_mark(booking=booking, status="attended", by=officer)
    world.add(training_module=module, past_training=past, future_training=future, booking=booking)


def _allowances(world: World, carys: Councillor, owen: Councillor, today: date) -> None:
    officer = world.users["officer"]
    rates = {
        "basic_allowance": D("5400.00"),
        "co_optees_allowance": D("1200.00"),
        "carers_hourly_rate": D("12.21"),
        "carers_cap": D("100.00"),
        "subsistence_breakfast": D("7.50"),
        "subsistence_lunch": D("10.00"),
        "subsistence_evening_meal": D("20.00"),
    }
    last_year = allowance_services.scheme_create(
        year_start=date(2025, 4, 1), adopted_on=date(2025, 2, 20), by=officer, **rates
    )
    this_year = allowance_services.scheme_create(
        year_start=date(2026, 4, 1), adopted_on=date(2026, 2, 19), by=officer, **rates
    )
    for scheme in (last_year, this_year):
        allowance_services.mileage_rate_set(
            scheme=scheme, vehicle="car", rate=D("0.45"), by=officer
        )
    post = allowance_services.responsibility_create(name="Chair of Planning", by=officer)
    allowance_services.sra_rate_set(
        scheme=this_year, responsibility=post, annual_amount=D("3000.00"), by=officer
    )
    holding = allowance_services.responsibility_assign(
        councillor=carys, responsibility=post, start_date=START, by=officer
    )
    withholding = allowance_services.withholding_record(
        councillor=world.suspended,
        start_date=today - timedelta(days=20),
        end_date=today + timedelta(days=40),
        reason="Suspended by the Standards Committee.",
        by=officer,
    )
    renunciation = allowance_services.renunciation_record(
        councillor=owen,
        scope="sra",
        notice_given_on=date(2026, 4, 1),
        start_date=date(2026, 4, 1),
        by=officer,
    )
    profile = allowance_services.profile_set(councillor=carys, payroll_number="P00461", by=officer)
    allowance_services.payments_generate(
        scheme=last_year, month=date(2025, 4, 1), by=officer, today=today
    )
    allowance_services.publication_publish(scheme=last_year, on=date(2026, 4, 2), by=officer)
    payments = allowance_services.payments_generate(
        scheme=this_year, month=date(2026, 4, 1), by=officer, today=today
    )
    claim = _claim(carys, today, by=world.users["committee_councillor"])
    other_claim = _claim(
        owen, today, by=world.users["other_councillor"], purpose="Licensing site visit"
    )
    world.add(
        last_scheme=last_year,
        scheme=this_year,
        responsibility=post,
        responsibility_holding=holding,
        withholding=withholding,
        renunciation=renunciation,
        allowances_profile=profile,
        payment=payments[0] if isinstance(payments, list) else None,
        claim=claim,
        claim_line=claim.lines.get(),
        other_claim=other_claim,
        other_claim_line=other_claim.lines.get(),
    )
    world.plant(
        CLAIM_PURPOSE.split()[0],
        "an expense claim's purpose",
        f"/members/officers/allowances/claims/{claim.pk}/",
        entitled=("committee_councillor",),
        search=["visit"],
    )


def _claim(councillor: Councillor, today: date, *, by, purpose: str = CLAIM_PURPOSE):
    month = today.replace(day=1) - timedelta(days=1)
    claim = allowance_services.claim_create(
        councillor=councillor, period_start=month.replace(day=1), period_end=month, by=by
    )
    allowance_services.claim_line_add(
        claim=claim,
        date=month.replace(day=3),
        kind="mileage",
        purpose=purpose,
        vehicle="car",
        from_place="Home",
        to_place="Kingsmere House",
        miles=D("12.0"),
        receipt=SimpleUploadedFile("ticket.png", PNG, content_type="image/png"),
        by=by,
    )
    return claim
