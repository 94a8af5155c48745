"""Every model of the foundations, members, elections and appeals is classified, as
``meetings/tests/test_managers.py`` classifies meetings' (issue 10, point 1: models that hold
private rows have no plain ``objects``). A model holding anything the public may not read
(personal data of members, electors, residents, appellants and children; drafts, internal notes,
the outbox) has no plain ``objects``, so every query chooses: the public side its ``public()``,
officers and services their own manager. A new model must be added here, with its reason.
"""

from __future__ import annotations

import pytest
from django.apps import apps

APPS = ("democracy", "members", "elections", "appeals")

# Public by law or by nature, or working records that hold nothing personal or exempt: these
# keep ``objects``. The reason is the review.
PUBLIC_ROWS = {
    # The foundations.
    "democracy.NonWorkingDay": "bank holidays and days of mourning",
    "democracy.Venue": "the council's venues, printed on every agenda",
    "democracy.Room": "rooms of the venues",
    "democracy.RoomBooking": "a room's bookings: a standard title (an appeal hearing's names no one)",
    "democracy.Constitution": "the council's constitution, published",
    "democracy.User": "Django's accounts (contrib.auth and its apps expect objects); no public "
    "route reads an account",
    # Members (Localism Act 2011 s27-s34; LGA 1972 s100G; SI 2003/1021 reg 15).
    "members.PoliticalGroup": "groups are notified and public (SI 1990/1553 reg 8)",
    "members.Term": "terms of office: each one makes a public member",
    "members.GroupMembership": "who sits in which group, dated",
    "members.CoOption": "co-options: each one makes a public member",
    "members.AllowanceScheme": "the members' allowances scheme, adopted in public",
    "members.MileageRate": "rates of the scheme",
    "members.SpecialResponsibility": "responsibilities the scheme pays for",
    "members.SRARate": "rates of the scheme",
    "members.SpecialResponsibilityHolding": "who holds a paid responsibility, published yearly",
    "members.PublicProfile": "what a member gives for publication",
    "members.Position": "positions (leader, cabinet member, mayor)",
    "members.PositionHolding": "who holds them",
    "members.OutsideBody": "outside bodies the council appoints to",
    "members.OutsideBodyAppointment": "who the council appoints to them",
    "members.TrainingModule": "the training offered to members",
    "members.TrainingEvent": "its sessions (the bookings are private)",
    # Elections: geography, polls and results.
    "elections.Ward": "electoral areas",
    "elections.PollingDistrict": "polling districts (published with the review)",
    "elections.PollingPlace": "polling places (published with the review)",
    "elections.PollingStation": "polling stations, on the notice of situation",
    "elections.Property": "addresses from the gazetteer; who lives at one is the Elector's",
    "elections.NoticeOfAlteration": "a published notice (its entries are RegisterAlteration)",
    "elections.CombinedPoll": "polls taken together",
    "elections.Election": "elections and their statutory timetables",
    "elections.Contest": "the contests of an election",
    "elections.TimetableOverride": "dates of a timetable moved under the rules",
    "elections.TimetableStepDone": "which steps of a timetable are done",
    "elections.ElectionFeedToken": "only a hash of an officer's calendar address",
    "elections.RegisteredParty": "the Electoral Commission's register of parties",
    "elections.PartyDescription": "their registered descriptions",
    "elections.ResultsLive": "whether an election's results are published",
    # Working records of a job: file names, progress, counts; nothing of anyone.
    "elections.RegisterImport": "an import's progress and its errors by line and column",
    "elections.RegisterSupply": "a supply of the register, to whom and under which provision",
    "elections.Canvass": "a year's canvass and its dates",
    "elections.CanvassMatchImport": "a data match import's progress",
    "elections.CanvassContact": "the method and date of a contact attempt",
    "elections.CanvassBatch": "a mail-merge batch's progress",
    "elections.CanvassAttemptCount": "a counter of failed attempts, keyed by a hash",
    # Appeals: the schools' side.
    "appeals.SchoolCalendar": "school calendars",
    "appeals.SchoolTerm": "their terms",
    "appeals.SchoolClosure": "their closures",
    "appeals.AdmissionAuthority": "admission authorities",
    "appeals.ServiceAgreement": "traded-service agreements and their charges",
    "appeals.School": "schools",
    "appeals.AdmissionRound": "admission rounds and their statutory dates",
    "appeals.ReferenceCounter": "the last case reference given out",
}

PRIVATE_ROWS = {
    "democracy.AuditEvent": "the audit log: who changed what, exempt papers included",
    "democracy.Reminder": "the outbox: recipients' email addresses and the emails",
    "members.Councillor": "people recorded but never in office are not public",
    "members.PrivateContact": "home addresses, personal emails and phones",
    "members.AllowanceWithholding": "why an allowance is withheld",
    "members.Renunciation": "a member's renunciation, until published",
    "members.AllowancesProfile": "payroll numbers",
    "members.ExpenseClaim": "claims until published",
    "members.ClaimLine": "their lines and receipts",
    "members.AllowancePayment": "payments until the year is published",
    "members.InterestDeclaration": "drafts and declarations awaiting review",
    "members.Interest": "sensitive interests (s32)",
    "members.Dispensation": "dispensations",
    "members.GiftOrHospitality": "gifts until published",
    "members.Suspension": "the reasons for a suspension",
    "members.DetailsChangeRequest": "a new home address asked for",
    "members.TrainingBooking": "who booked and their feedback",
    "elections.Elector": "the register of electors",
    "elections.RegistrationInvitation": "residents invited to register",
    "elections.InvitationContact": "contacts with them",
    "elections.RegistrationApplication": "applications to register (National Insurance numbers)",
    "elections.ApplicationObjection": "objections and their grounds",
    "elections.RegisterAlteration": "alterations until their notice is published",
    "elections.CanvassMatch": "each elector's data matching result",
    "elections.DefinedProperty": "a defined property's responsible person and their email",
    "elections.CanvassProperty": "the canvass of each property",
    "elections.CanvassResponse": "who lives there, as the household told us",
    "elections.Candidate": "home addresses, public only on the published statement",
    "elections.PollCardBatch": "poll cards: electors' names and addresses",
    "elections.ContestResult": "a count until it is declared",
    "elections.CandidateResult": "a candidate's votes until declared",
    "appeals.Appeal": "appeals",
    "appeals.Child": "children",
    "appeals.Appellant": "appellants' names and addresses",
    "appeals.Evidence": "evidence",
    "appeals.EvidenceLink": "its links to appeals",
    "appeals.StatusChange": "an appeal's history",
    "appeals.Decision": "panels' decisions and reasons",
    "appeals.PanelMember": "panel members' details",
    "appeals.Connection": "their connections to schools",
    "appeals.Hearing": "hearings",
    "appeals.HearingListing": "which appeals a hearing hears",
    "appeals.PanelSeat": "who sits on a panel",
}

MODELS = {
    model._meta.label: model for app in APPS for model in apps.get_app_config(app).get_models()
}


def test_every_model_is_classified():
    assert set(MODELS) - set(PUBLIC_ROWS) - set(PRIVATE_ROWS) == set(), "classify the new model"
    assert set(PUBLIC_ROWS) | set(PRIVATE_ROWS) <= set(MODELS), "a model that no longer exists"
    assert not set(PUBLIC_ROWS) & set(PRIVATE_ROWS)


@pytest.mark.parametrize("label", sorted(PRIVATE_ROWS))
def test_a_model_holding_private_rows_has_no_plain_objects(label):
    model = MODELS[label]
    assert not hasattr(model, "objects"), f"{label} has a plain objects manager"
    # Related managers, the admin and dumpdata use the default manager: it must be one of the
    # model's own, named for what it holds.
    assert model._default_manager.name != "objects"
    assert model._base_manager.name != "objects"
