"""Registers of interests and gifts for co-opted members (Localism Act 2011 s30(1): "a member or
co-opted member"; s27(4): only a co-optee entitled to vote is a co-opted member, so only they
have the 28-day deadline and its reminders). The ``co_opted_member`` persona is a voting
co-opted member from Monday 2 June 2025."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from democracy import reminders
from democracy.models import Reminder
from democracy.roles import Role
from democracy.tests.factories import CoOptionFactory, CouncillorFactory, UserFactory
from members.models import GiftOrHospitality, InterestDeclaration
from members.reminder_sources.interests import DUE, OVERDUE
from members.rules.interests import WITHHELD
from members.services import councillors as councillor_services
from members.services import interests as services
from members.tests.factories_interests import (
    ORDINARY,
    SECRET,
    SECRET_ORG,
    SENSITIVE,
    councillor_of,
    publish_register,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
APPOINTMENT = "Independent member of the Audit and Governance Committee"
# Co-opted Monday 2 June 2025: 28 days beginning with that day end on Sunday 29 June 2025.
CO_OPTED_ON = date(2025, 6, 2)
DUE_ON = date(2025, 6, 29)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def non_voting(db):
    """A co-optee without a vote (an adviser to Standards), with the Co-opted Member role."""
    user = UserFactory(username="adviser", roles=[Role.CO_OPTED_MEMBER])
    person = CouncillorFactory(
        user=user, kind="coopted", title="Ms", first_name="Ruth", last_name="Adviser"
    )
    CoOptionFactory(
        councillor=person,
        appointment="Independent adviser to the Standards Committee (non-voting)",
        voting=False,
        start_date=date(2026, 6, 15),
    )
    return user


def tick(day: date) -> None:
    reminders.tick(today=day, now=datetime.combine(day, time(9), tzinfo=LONDON))


def sent(kind: str) -> list[Reminder]:
    return list(Reminder.outbox.filter(kind=kind, sent_at__isnull=False))


def draft_with_line(user):
    declaration = services.declaration_start(councillor=councillor_of(user), by=user)
    line = services.interest_add(declaration=declaration, **ORDINARY, by=user)
    return declaration, line


# --- Reminders ----------------------------------------------------------------------------------


def test_a_voting_co_opted_member_is_reminded_before_the_deadline_by_formal_name(
    co_opted_member, officer
):
    person = councillor_of(co_opted_member)
    tick(date(2025, 6, 21))
    assert not sent(DUE)
    tick(date(2025, 6, 22))
    tick(date(2025, 6, 23))
    [reminder] = sent(DUE)
    assert reminder.due_on == DUE_ON
    assert reminder.recipients == [co_opted_member.email]
    [message] = [
        m for m in mail.outbox if m.subject == "Your register of interests is due by 29 June 2025"
    ]
    assert message.body.startswith(f"Dear {person.formal_name},")
    assert person.formal_name.startswith("Mrs ") and "Councillor" not in message.body
    assert "by Sunday 29 June 2025" in message.body


def test_officers_are_told_the_day_after_the_co_opted_members_deadline(co_opted_member, officer):
    person = councillor_of(co_opted_member)
    tick(DUE_ON)
    assert not sent(OVERDUE)
    tick(date(2025, 6, 30))
    tick(date(2025, 7, 1))
    [reminder] = sent(OVERDUE)
    assert reminder.recipients == [officer.email]
    [message] = [m for m in mail.outbox if "overdue" in m.subject]
    assert message.subject == f"Register of interests overdue: {person.formal_name}"


def test_nothing_is_sent_once_the_co_opted_member_has_submitted(co_opted_member, officer):
    declaration, _ = draft_with_line(co_opted_member)
    services.declaration_submit(declaration=declaration, by=co_opted_member)
    tick(date(2025, 6, 22))
    tick(date(2025, 6, 30))
    assert not sent(DUE) and not sent(OVERDUE)


def test_a_co_optee_without_a_vote_has_no_deadline_and_no_reminders(non_voting, officer):
    for day in (date(2026, 7, 5), date(2026, 7, 12), date(2026, 7, 13), date(2026, 8, 1)):
        tick(day)
    assert not Reminder.outbox.filter(kind__in=[DUE, OVERDUE]).exists()


def test_an_ended_co_option_is_not_reminded(co_opted_member, officer):
    co_option = councillor_of(co_opted_member).co_options.get()
    councillor_services.co_option_end(
        co_option=co_option, end_date=date(2025, 6, 20), end_reason="resigned", by=None
    )
    tick(date(2025, 6, 22))
    tick(date(2025, 6, 30))
    assert not sent(DUE) and not sent(OVERDUE)


# --- The member portal --------------------------------------------------------------------------


def test_the_portal_shows_a_co_opted_members_deadline(client, co_opted_member):
    client.force_login(co_opted_member)
    page = client.get(reverse("members:portal-interests")).content.decode()
    assert "You became a co-opted member on 2 June 2025" in page
    assert "by 29 June 2025 (Localism Act 2011 section 30(1)). This is overdue" in page


def test_the_portal_tells_a_non_voting_co_optee_registering_is_voluntary(client, non_voting):
    client.force_login(non_voting)
    page = client.get(reverse("members:portal-interests")).content.decode()
    assert "there is no deadline" in page and "section 27(4)" in page
    assert "You must tell the monitoring officer" not in page
    # They may still register.
    client.post(reverse("members:portal-interests-start"))
    assert InterestDeclaration.all_objects.filter(councillor=councillor_of(non_voting)).exists()


def test_a_co_opted_member_drafts_submits_and_sees_their_versions(client, co_opted_member, officer):
    client.force_login(co_opted_member)
    client.post(reverse("members:portal-interests-start"))
    declaration = InterestDeclaration.all_objects.get()
    assert declaration.councillor == councillor_of(co_opted_member)
    add = reverse("members:portal-interest-add", args=[declaration.pk])
    assert client.post(add, {"whose": "self", **ORDINARY}).status_code == 302
    client.post(reverse("members:portal-declaration-submit", args=[declaration.pk]))
    services.declaration_publish(declaration=declaration, by=officer)
    publish_register(councillor_of(co_opted_member), [SENSITIVE], by=officer)
    page = client.get(reverse("members:portal-interests")).content.decode()
    assert "Version 2" in page and "Kingsmere Housing Association" in page
    assert SECRET in page  # their own sensitive interest, in their own portal
    person = councillor_of(co_opted_member)
    assert reverse("members:interests-version", args=[person.slug, 1]) in page


def _portal_views(declaration, line) -> tuple[list[str], list[str]]:
    """(GET urls, POST-only urls) of a declaration in the portal."""
    gets = [
        reverse("members:portal-declaration", args=[declaration.pk]),
        reverse("members:portal-interest-add", args=[declaration.pk]),
        reverse("members:portal-interest-edit", args=[declaration.pk, line.pk]),
    ]
    posts = [
        reverse("members:portal-interest-remove", args=[declaration.pk, line.pk]),
        reverse("members:portal-declaration-submit", args=[declaration.pk]),
    ]
    return gets, posts


def test_nobody_reaches_anothers_declaration_through_the_portal(
    client, co_opted_member, councillor, other_councillor, officer
):
    """404 for another member's declaration (councillor or co-opted, either way), 403 for an
    officer (not a portal role), sign-in for the anonymous; nothing changes."""
    theirs = draft_with_line(councillor)
    mine = draft_with_line(co_opted_member)
    for user, (declaration, line) in [
        (co_opted_member, theirs),
        (councillor, mine),
        (other_councillor, mine),
    ]:
        client.force_login(user)
        gets, posts = _portal_views(declaration, line)
        for url in gets:
            assert client.get(url).status_code == 404, (user.username, url)
            assert client.post(url, {"whose": "self", **ORDINARY}).status_code == 404, url
        for url in posts:
            assert client.post(url).status_code == 404, (user.username, url)
    client.force_login(officer)
    for url in [*_portal_views(*mine)[0], *_portal_views(*mine)[1]]:
        assert client.post(url).status_code == 403, url
    client.logout()
    for url in _portal_views(*mine)[0]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    for declaration, _ in (theirs, mine):
        declaration.refresh_from_db()
        assert declaration.status == "draft" and declaration.interests.count() == 1


def test_a_co_opted_members_submitted_declaration_is_seen_but_not_changed(client, co_opted_member):
    declaration, line = draft_with_line(co_opted_member)
    services.declaration_submit(declaration=declaration, by=co_opted_member)
    client.force_login(co_opted_member)
    gets, posts = _portal_views(declaration, line)
    assert client.get(gets[0]).status_code == 200
    for url in gets[1:]:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url).status_code == 403, url
    declaration.refresh_from_db()
    assert declaration.status == "submitted" and declaration.interests.count() == 1


def test_officer_pages_refuse_a_co_opted_member(client, co_opted_member):
    declaration, line = draft_with_line(co_opted_member)
    services.declaration_submit(declaration=declaration, by=co_opted_member)
    client.force_login(co_opted_member)
    for url in [
        reverse("members:officer-interests"),
        reverse("members:officer-declaration", args=[declaration.pk]),
        reverse("members:officer-declaration-return", args=[declaration.pk]),
        reverse("members:officer-interest-sensitive", args=[declaration.pk, line.pk]),
        reverse("members:officer-gifts"),
        reverse("members:officer-dispensations"),
    ]:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("members:officer-declaration-publish", args=[declaration.pk])
        ).status_code
        == 403
    )


def _gift(user, donor: str, *, publish_by=None) -> GiftOrHospitality:
    gift = services.gift_register(
        councillor=councillor_of(user),
        kind="gift",
        donor=donor,
        description="Book",
        estimated_value=Decimal("55"),
        received_on=date(2026, 5, 1),
        accepted=True,
        registered_on=date(2026, 5, 2),
        by=user,
    )
    return services.gift_publish(gift=gift, by=publish_by) if publish_by else gift


def test_a_co_opted_member_registers_gifts_and_sees_only_their_own(
    client, co_opted_member, councillor, officer
):
    _gift(councillor, "Councillor's Unpublished Donor")
    _gift(councillor, "Councillor's Published Donor", publish_by=officer)
    client.force_login(co_opted_member)
    received = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("members:portal-gift-new"),
        {
            "kind": "hospitality",
            "donor": "Audit Forum",
            "description": "Conference dinner",
            "estimated_value": "65.00",
            "received_on_0": str(received.day),
            "received_on_1": str(received.month),
            "received_on_2": str(received.year),
            "accepted": "yes",
            "reason": "Spoke at the forum.",
        },
    )
    assert response.status_code == 302
    gift = GiftOrHospitality.all_objects.get(donor="Audit Forum")
    assert gift.councillor == councillor_of(co_opted_member) and gift.status == "submitted"
    page = client.get(reverse("members:portal-gifts")).content.decode()
    assert "Audit Forum" in page
    assert "Councillor&#x27;s" not in page and "Councillor's" not in page
    client.force_login(councillor)
    assert "Audit Forum" not in client.get(reverse("members:portal-gifts")).content.decode()
    # A gift cannot be published from the portal.
    client.force_login(co_opted_member)
    url = reverse("members:officer-gift-publish", args=[gift.pk])
    assert client.post(url).status_code == 403


def test_a_co_opted_member_corrects_their_own_returned_gift_and_no_one_elses(
    client, co_opted_member, councillor, officer
):
    own = _gift(co_opted_member, "Audit Forum")
    theirs = _gift(councillor, "Councillor's Donor")
    services.gift_return(gift=own, reason="Was it hospitality?", by=officer)
    services.gift_return(gift=theirs, reason="Private-Reason-Councillor", by=officer)
    client.force_login(co_opted_member)
    page = client.get(reverse("members:portal-gifts")).content.decode()
    assert "Was it hospitality?" in page and "Private-Reason-Councillor" not in page
    other_url = reverse("members:portal-gift-correct", args=[theirs.pk])
    assert client.get(other_url).status_code == 404
    response = client.post(
        reverse("members:portal-gift-correct", args=[own.pk]),
        {
            "kind": "hospitality",
            "donor": "Regional Audit Forum",
            "description": "Conference dinner",
            "estimated_value": "55.00",
            "received_on_0": "1",
            "received_on_1": "5",
            "received_on_2": "2026",
            "accepted": "yes",
            "reason": "Spoke at the forum.",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.kind, own.donor) == ("submitted", "hospitality", "Regional Audit Forum")
    assert own.registered_on == date(2026, 5, 2)  # the first registration is kept
    theirs.refresh_from_db()
    assert theirs.status == "returned" and theirs.donor == "Councillor's Donor"


# --- The public registers -----------------------------------------------------------------------


@pytest.fixture
def co_opted_register(co_opted_member, officer):
    """The co-opted member's register: version 1 with an ordinary and a sensitive interest,
    version 2 adding nothing new."""
    person = councillor_of(co_opted_member)
    first = publish_register(person, [ORDINARY, SENSITIVE], by=officer)
    publish_register(person, [], by=officer)
    return person, first


def test_the_index_lists_co_opted_members_in_their_own_section(
    client, co_opted_register, councillor, non_voting
):
    person, _ = co_opted_register
    former = CoOptionFactory(
        councillor__last_name="Formerly", start_date=date(2024, 6, 3)
    ).councillor
    councillor_services.co_option_end(
        co_option=former.co_options.get(), end_date=date(2025, 6, 1), end_reason="resigned", by=None
    )
    page = client.get(reverse("members:interests-index")).content.decode()
    councillors, co_opted = page.split('id="co-opted-members"')
    assert councillor_of(councillor).full_name in councillors
    assert person.full_name not in councillors
    assert person.formal_name in co_opted and f"{APPOINTMENT}, since 2 June 2025" in co_opted
    assert reverse("members:interests", args=[person.slug]) in co_opted
    assert "Ms Ruth Adviser" in co_opted  # listed; registering is voluntary for her
    assert "Formerly" not in page  # no longer in office
    assert SECRET not in page and SECRET_ORG not in page


def test_a_co_opted_members_register_page_shows_the_appointment_not_a_ward(
    client, co_opted_register
):
    person, _ = co_opted_register
    page = client.get(reverse("members:interests", args=[person.slug])).content.decode()
    assert f"Co-opted member: {APPOINTMENT}, since 2 June 2025." in page
    assert "Ward" not in page and "ward" not in page
    assert "Kingsmere Housing Association" in page
    # Co-opted members have no councillor profile: no link to one.
    assert reverse("councillor", args=[person.slug]) not in page
    assert reverse("members:interests-index") in page


def test_a_co_opted_members_sensitive_interest_is_withheld_everywhere_public(
    client, co_opted_register
):
    person, first = co_opted_register
    responses = {
        "page": client.get(reverse("members:interests", args=[person.slug])),
        "earlier version": client.get(
            reverse("members:interests-version", args=[person.slug, first.version])
        ),
        "json": client.get(reverse("members:interests-json", args=[person.slug])),
        "csv": client.get(reverse("members:interests-csv")),
        "index": client.get(reverse("members:interests-index")),
    }
    for name, response in responses.items():
        assert response.status_code == 200, name
        body = response.content.decode()
        assert SECRET not in body and SECRET_ORG not in body, name
        assert "Secret Lane" not in body and "former partner" not in body, name
        if name != "index":
            assert WITHHELD in body and "Kingsmere Housing Association" in body, name
    data = json.loads(responses["json"].content)
    assert data["councillor"]["co_opted"] is True
    assert [line["description"] for line in data["interests"] if line["withheld"]] == [WITHHELD]
    rows = list(csv.reader(io.StringIO(responses["csv"].content.decode())))
    assert rows[0][-1] == "Member type"
    assert {row[-1] for row in rows[1:]} == {"Co-opted member"}


def test_the_gifts_register_shows_a_co_opted_members_gifts_by_formal_name(
    client, co_opted_member, officer
):
    person = councillor_of(co_opted_member)
    _gift(co_opted_member, "Regional Audit Forum", publish_by=officer)
    _gift(co_opted_member, "Unpublished Donor")
    page = client.get(reverse("members:gifts")).content.decode()
    assert "Regional Audit Forum" in page and person.formal_name in page
    assert "Unpublished Donor" not in page
    own = client.get(reverse("members:gifts-for", args=[person.slug])).content.decode()
    assert "Regional Audit Forum" in own and person.formal_name in own
    assert reverse("councillor", args=[person.slug]) not in own


# --- Officers -----------------------------------------------------------------------------------


def test_the_officers_overview_includes_co_opted_members_with_their_deadline(
    client, officer, councillor, co_opted_member, non_voting
):
    client.force_login(officer)
    page = client.get(reverse("members:officer-interests")).content.decode()
    person = councillor_of(co_opted_member)
    row = page.split(person.full_name, 1)[1].split("</tr>", 1)[0]
    assert "Co-opted member" in row and APPOINTMENT in row
    assert "29 June 2025" in row and "Overdue" in row
    adviser = page.split("Ruth Adviser", 1)[1].split("</tr>", 1)[0]
    assert "Co-opted member" in adviser and "Not required" in adviser and "Overdue" not in adviser
    assert councillor_of(councillor).full_name in page


def test_an_officer_records_a_dispensation_for_a_voting_co_opted_member(
    client, officer, co_opted_member, non_voting
):
    client.force_login(officer)
    url = reverse("members:officer-dispensation-new")
    form = client.get(url).content.decode()
    assert councillor_of(co_opted_member).formal_name in form
    assert "Ruth Adviser" not in form  # no vote, so no dispensation to vote
    client.post(
        url,
        {
            "councillor": councillor_of(co_opted_member).pk,
            "granted_by": "Standards Committee",
            "granted_on_0": "19",
            "granted_on_1": "5",
            "granted_on_2": "2026",
            "expires_on_0": "18",
            "expires_on_1": "5",
            "expires_on_2": "2027",
            "ground": "e",
            "scope": "Audit of the housing company",
            "reasons": "Her expertise is needed.",
        },
    )
    client.logout()
    page = client.get(reverse("members:dispensations")).content.decode()
    assert "Audit of the housing company" in page
    assert councillor_of(co_opted_member).formal_name in page


# --- From submission to the public register -----------------------------------------------------


def test_a_co_opted_members_register_goes_from_the_portal_to_the_public_index(
    client, co_opted_member, officer
):
    person = councillor_of(co_opted_member)
    index = reverse("members:interests-index")
    assert "None published yet" in client.get(index).content.decode().split("co-opted-members")[-1]
    client.force_login(co_opted_member)
    client.post(reverse("members:portal-interests-start"))
    declaration = InterestDeclaration.all_objects.get(councillor=person)
    client.post(
        reverse("members:portal-interest-add", args=[declaration.pk]),
        {
            "category": "public_body",
            "whose": "self",
            "description": "Trustee",
            "organisation": "Kingsmere Citizens Advice",
        },
    )
    client.post(reverse("members:portal-declaration-submit", args=[declaration.pk]))
    client.logout()
    register = reverse("members:interests", args=[person.slug])
    assert "Kingsmere Citizens Advice" not in client.get(register).content.decode()
    client.force_login(officer)
    queue = client.get(reverse("members:officer-interests")).content.decode()
    waiting = queue.split("Waiting for review", 1)[1].split("</table>", 1)[0]
    assert person.full_name in waiting and "Co-opted member" in waiting
    client.post(reverse("members:officer-declaration-publish", args=[declaration.pk]))
    client.logout()
    declaration.refresh_from_db()
    co_opted = client.get(index).content.decode().split('id="co-opted-members"')[1]
    row = co_opted.split(person.formal_name, 1)[1].split("</tr>", 1)[0]
    assert f"Published {timezone.localtime(declaration.published_at):%-d %B %Y}" in row
    page = client.get(register).content.decode()
    assert "Kingsmere Citizens Advice" in page and "Trustee" in page
    assert f"Co-opted member: {APPOINTMENT}" in page
