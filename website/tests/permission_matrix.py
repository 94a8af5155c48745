"""The permission matrix: for EVERY URL pattern of the site, what each persona gets for a GET of
it, with real ids from the one world (website/tests/factories_world.py). Reviewed here, in one
place; ``test_permission_matrix.py`` walks the resolver, so a route with no entry fails.

Reading an entry: the key is the route as the resolver spells it (prefixes joined); each case is
a URL (``{name.attr}`` is filled from the world's objects) and what each persona gets:

    200            the page (or file)
    LOGIN          302 to the sign-in page (anonymous visitors to a protected page)
    CONSOLE_LOGIN  302 to the console's sign-in page (anyone not a manager, at /manage/)
    REDIRECT       301 or 302 anywhere else (a canonical address, or a landing page)
    403            signed in without the role: "you may not do this"
    404            what you may not see is as if it did not exist (ARCHITECTURE.md §4.6)
    405            a GET of a page that only takes POST

Personas (democracy/tests/factories_world.py): ``committee_councillor`` chairs the Planning
Committee (the committee of the held meeting, with its exempt and confidential papers);
``co_opted_member`` sits on it in a voting co-opted seat; ``other_councillor`` sits on Licensing
and Overview and Scrutiny, not on Planning; ``author`` writes the report on the unpublished
agenda (another author wrote the held meeting's reports).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin

from democracy.tests.factories_world import PERSONAS

LOGIN = "login"
CONSOLE_LOGIN = "console login"
REDIRECT = "redirect"

OFFICERS = ("officer", "manager")
COUNCILLORS = ("committee_councillor", "other_councillor")
MEMBERS = (*COUNCILLORS, "co_opted_member")  # the member portal's roles
WRITERS = (*OFFICERS, "author")
ON_PLANNING = ("committee_councillor", "co_opted_member")  # the held meeting's committee


def expect(default, *, anonymous=None, **personas) -> dict[str, int | str]:
    """``default`` for every persona, with ``anonymous`` and named personas overridden."""
    unknown = set(personas) - set(PERSONAS)
    assert not unknown, f"no such persona: {sorted(unknown)}"
    table = dict.fromkeys(PERSONAS, default)
    if anonymous is not None:
        table["anonymous"] = anonymous
    table.update(personas)
    return table


def only(allowed: tuple[str, ...], ok=200, *, others=403, anonymous=LOGIN, **extra):
    """A page behind a role: anonymous visitors sign in, ``allowed`` get ``ok``, the rest
    ``others`` (403), except the personas named in ``extra``."""
    return expect(others, anonymous=anonymous, **{**dict.fromkeys(allowed, ok), **extra})


def officers(ok=200, **extra):
    return only(OFFICERS, ok, **extra)


def members(ok=200, **extra):
    return only(MEMBERS, ok, **extra)


def councillors(ok=200, **extra):
    return only(COUNCILLORS, ok, **extra)


def writers(ok=200, **extra):
    return only(WRITERS, ok, **extra)


def signed_in(ok=200, *, anonymous=LOGIN, **extra):
    """Any signed-in persona gets ``ok`` (unless named in ``extra``); anonymous visitors sign in."""
    return expect(ok, anonymous=anonymous, **extra)


PUBLIC = expect(200)
NOT_FOUND = expect(404)
POST_ONLY = expect(405)  # require_POST is checked before anything else


@dataclass(frozen=True)
class Case:
    url: str
    expected: dict
    why: str = ""


def case(url: str, expected: dict, why: str = "") -> Case:
    return Case(url, expected, why)


# --- The site, accounts and the composition root (website/) ---------------------------------

SITE = {
    "": [case("/", PUBLIC)],
    "accessibility/": [case("/accessibility/", PUBLIC)],
    "cookies/": [case("/cookies/", PUBLIC)],
    "health/": [case("/health/", PUBLIC)],
    "sitemap.xml": [case("/sitemap.xml", PUBLIC)],
    "search/": [case("/search/?q=planning", PUBLIC)],
    "dashboard/": [case("/dashboard/", signed_in(REDIRECT), "to the persona's landing page")],
    "account/login/": [
        case("/account/login/", signed_in(REDIRECT, anonymous=200), "signed in: lands at once")
    ],
    "account/logout/": [case("/account/logout/", expect(405), "signing out is a POST")],
    "account/no-role/": [case("/account/no-role/", signed_in(REDIRECT), "every persona has one")],
    "account/security/": [case("/account/security/", signed_in(200))],
    "account/two-factor/verify/": [
        case("/account/two-factor/verify/", signed_in(REDIRECT), "no authenticator: nothing to do")
    ],
    "account/two-factor/enrol/": [case("/account/two-factor/enrol/", signed_in(200))],
    "account/two-factor/remove/": [
        case("/account/two-factor/remove/", signed_in(REDIRECT), "no authenticator to remove")
    ],
    "account/password-reset/": [case("/account/password-reset/", PUBLIC)],
    "account/password-reset/sent/": [case("/account/password-reset/sent/", PUBLIC)],
    "account/password-reset/<uidb64>/<token>/": [
        case("/account/password-reset/MQ/not-a-token/", PUBLIC, "the page says the link is bad"),
        case(
            "/account/password-reset/{reset.uidb64}/{reset.token}/",
            expect(REDIRECT),
            "a good link moves the token out of the address",
        ),
    ],
    "account/password-reset/complete/": [case("/account/password-reset/complete/", PUBLIC)],
    # Councillor pages and their Modern.Gov addresses.
    "councillors/": [case("/councillors/", PUBLIC), case("/councillors/?status=former", PUBLIC)],
    "councillors/<slug:slug>/": [
        case("/councillors/{carys.slug}/", PUBLIC),
        case("/councillors/{coral.slug}/", PUBLIC, "a co-opted member's profile"),
        case("/councillors/{former.slug}/", PUBLIC, "former councillors stay on record"),
        case("/councillors/{never.slug}/", NOT_FOUND, "never held office: not a public member"),
    ],
    "mgUserInfo.aspx": [
        case("/mgUserInfo.aspx?UID={carys.pk}", expect(REDIRECT), "to the councillor's page"),
        case("/mgUserInfo.aspx?UID={never.pk}", NOT_FOUND),
        case("/mgUserInfo.aspx", NOT_FOUND, "no UID"),
    ],
    "mgRofI.aspx": [
        case("/mgRofI.aspx?UID={carys.pk}", PUBLIC),
        case("/mgRofI.aspx?UID={never.pk}", NOT_FOUND),
    ],
    "mgMemberIndex.aspx": [case("/mgMemberIndex.aspx", expect(REDIRECT), "to /councillors/")],
    # The Modern.Gov-compatible web service and the page addresses its clients follow.
    "mgWebService.asmx": [
        case("/mgWebService.asmx", PUBLIC),
        case("/mgWebService.asmx?WSDL", PUBLIC),
    ],
    "mgWebService.asmx/<str:op>": [
        case("/mgWebService.asmx/GetCommittees", PUBLIC),
        case("/mgWebService.asmx/GetElectionResults?lElectionId={election.pk}", PUBLIC),
        case("/mgWebService.asmx/GetMeeting?lMeetingId={held_meeting.pk}", PUBLIC),
        case(
            "/mgWebService.asmx/GetAttachment?lAttachmentId={exempt_report_attachment}",
            PUBLIC,
            "answers with a SOAP-style 'not found' body",
        ),
        case(
            "/mgWebService.asmx/NoSuchOperation",
            expect(500),
            "as ASP.NET answers an unknown web method (clients expect it)",
        ),
    ],
    "ieListDocuments.aspx": [
        case("/ieListDocuments.aspx?CId={committee.pk}&MId={held_meeting.pk}", expect(REDIRECT))
    ],
    "mgCalendarMonthView.aspx": [case("/mgCalendarMonthView.aspx", expect(REDIRECT))],
    "mgCommitteeDetails.aspx": [
        case("/mgCommitteeDetails.aspx?ID={committee.pk}", expect(REDIRECT))
    ],
    "ieDecisionDetails.aspx": [
        case(
            "/ieDecisionDetails.aspx?ID={public_decision.pk}",
            expect(REDIRECT),
            "to /decisions/<id>/, which decides",
        ),
    ],
    "mgDelegatedDecisions.aspx": [case("/mgDelegatedDecisions.aspx", PUBLIC)],
    "robots.txt": [case("/robots.txt", PUBLIC)],
    "favicon.ico": [case("/favicon.ico", expect(REDIRECT), "to the icon, a static file")],
    "mgConvert2PDF.aspx": [
        case("/mgConvert2PDF.aspx?ID={public_appendix_attachment}", PUBLIC, "rendered here"),
        case(
            "/mgConvert2PDF.aspx?ID={public_report_attachment}",
            expect(REDIRECT),
            "an uploaded PDF: to its download",
        ),
        case("/mgConvert2PDF.aspx?ID={exempt_report_attachment}", NOT_FOUND),
        case("/mgConvert2PDF.aspx?ID={exempt_appendix_attachment}", NOT_FOUND),
        case("/mgConvert2PDF.aspx?ID={unpublished_report_attachment}", NOT_FOUND),
        case("/mgConvert2PDF.aspx?ID={report_exempt_report_attachment}", NOT_FOUND),
    ],
}

# The open data API (django-ninja under /api/v1/).
API = {
    "api/v1/": [case("/api/v1/", PUBLIC, "the index of every endpoint")],
    "^api/v1/docs/?$": [case("/api/v1/docs", PUBLIC, "the docs for people, rendered here")],
    "api/v1/openapi.json": [case("/api/v1/openapi.json", PUBLIC)],
    "api/v1/committees": [case("/api/v1/committees", PUBLIC)],
    "api/v1/committees/<committee_id>": [case("/api/v1/committees/{committee.pk}", PUBLIC)],
    "api/v1/meetings": [case("/api/v1/meetings", PUBLIC)],
    "api/v1/meetings/<meeting_id>": [
        case("/api/v1/meetings/{held_meeting.pk}", PUBLIC),
        case(
            "/api/v1/meetings/{unpublished_meeting.pk}",
            PUBLIC,
            "time and place are public once scheduled (s100A(6)(a)); the papers are not",
        ),
    ],
    "api/v1/decisions": [case("/api/v1/decisions", PUBLIC)],
    "api/v1/decisions/<decision_id>": [
        case("/api/v1/decisions/{public_decision.pk}", PUBLIC),
        case("/api/v1/decisions/{exempt_decision.pk}", PUBLIC, "the notice, not the details"),
        case("/api/v1/decisions/{unpublished_decision.pk}", NOT_FOUND),
    ],
    "api/v1/forward-plan": [case("/api/v1/forward-plan", PUBLIC)],
    "api/v1/popolo/persons": [case("/api/v1/popolo/persons", PUBLIC)],
    "api/v1/popolo/persons/<person_id>": [
        case("/api/v1/popolo/persons/{carys.pk}", PUBLIC),
        case("/api/v1/popolo/persons/{never.pk}", NOT_FOUND),
    ],
    "api/v1/popolo/persons/<person_id>/interests": [
        case("/api/v1/popolo/persons/{carys.pk}/interests", PUBLIC),
        case("/api/v1/popolo/persons/{never.pk}/interests", NOT_FOUND),
    ],
    "api/v1/popolo/organizations": [case("/api/v1/popolo/organizations", PUBLIC)],
    "api/v1/popolo/memberships": [case("/api/v1/popolo/memberships", PUBLIC)],
    "api/v1/popolo/areas": [case("/api/v1/popolo/areas", PUBLIC)],
    "api/v1/elections": [case("/api/v1/elections", PUBLIC)],
    "api/v1/elections/<election_id>/results": [
        case("/api/v1/elections/{election.pk}/results", PUBLIC, "live, the ward declared"),
        case("/api/v1/elections/999999/results", NOT_FOUND),
    ],
}

# --- members ----------------------------------------------------------------------------------

_councillor = "/members/officers/councillors/{carys.pk}"
MEMBERS_APP = {
    "members/portal/": [case("/members/portal/", members())],
    # Officers' records of councillors and co-opted members.
    "members/officers/councillors/": [case("/members/officers/councillors/", officers())],
    "members/officers/councillors/<int:pk>/": [
        case(f"{_councillor}/", officers()),
        case(
            "/members/officers/councillors/{never.pk}/",
            officers(),
            "officers keep records of people never in office",
        ),
    ],
    "members/officers/councillors/<int:pk>/public/": [case(f"{_councillor}/public/", officers())],
    "members/officers/councillors/<int:pk>/private/": [case(f"{_councillor}/private/", officers())],
    "members/officers/councillors/<int:pk>/suspensions/new/": [
        case(f"{_councillor}/suspensions/new/", officers())
    ],
    "members/officers/suspensions/<int:pk>/end/": [
        case("/members/officers/suspensions/{suspension.pk}/end/", officers())
    ],
    "members/officers/councillors/<int:pk>/group/": [
        case(f"{_councillor}/group/", officers()),
        case(
            "/members/officers/councillors/{coral.pk}/group/",
            officers(404),
            "a co-opted member joins no political group",
        ),
    ],
    "members/officers/positions/": [case("/members/officers/positions/", officers())],
    "members/officers/positions/new/": [case("/members/officers/positions/new/", officers())],
    "members/officers/positions/<int:pk>/": [
        case("/members/officers/positions/{position.pk}/", officers())
    ],
    "members/officers/positions/<int:pk>/holders/new/": [
        case("/members/officers/positions/{position.pk}/holders/new/", officers())
    ],
    "members/officers/holdings/<int:pk>/end/": [
        case("/members/officers/holdings/{holding.pk}/end/", officers())
    ],
    "members/officers/outside-bodies/": [case("/members/officers/outside-bodies/", officers())],
    "members/officers/outside-bodies/new/": [
        case("/members/officers/outside-bodies/new/", officers())
    ],
    "members/officers/outside-bodies/<int:pk>/": [
        case("/members/officers/outside-bodies/{outside_body.pk}/", officers())
    ],
    "members/officers/outside-bodies/<int:pk>/appointments/new/": [
        case("/members/officers/outside-bodies/{outside_body.pk}/appointments/new/", officers())
    ],
    "members/officers/appointments/<int:pk>/end/": [
        case("/members/officers/appointments/{appointment.pk}/end/", officers())
    ],
    "members/officers/change-requests/": [case("/members/officers/change-requests/", officers())],
    "members/officers/change-requests/<int:pk>/": [
        case("/members/officers/change-requests/{change_request.pk}/", officers())
    ],
    # A member's own details and requests to change them.
    "members/portal/details/": [case("/members/portal/details/", members())],
    "members/portal/details/change/": [
        case(
            "/members/portal/details/change/",
            members(),
            "the committee councillor's page says a request already waits for review",
        ),
    ],
    "members/portal/details/requests/<int:pk>/": [
        case(
            "/members/portal/details/requests/{change_request.pk}/",
            members(404, committee_councillor=200),
            "another member's request does not exist",
        ),
    ],
    # Co-opted members.
    "members/officers/co-opted-members/": [case("/members/officers/co-opted-members/", officers())],
    "members/officers/co-opted-members/new/": [
        case("/members/officers/co-opted-members/new/", officers())
    ],
    "members/officers/co-opted-members/<int:pk>/": [
        case("/members/officers/co-opted-members/{coral.pk}/", officers()),
        case("/members/officers/co-opted-members/{carys.pk}/", officers(404), "a councillor"),
    ],
    "members/officers/co-opted-members/<int:pk>/co-options/new/": [
        case("/members/officers/co-opted-members/{coral.pk}/co-options/new/", officers())
    ],
    "members/officers/co-options/<int:pk>/end/": [
        case("/members/officers/co-options/{co_option.pk}/end/", officers())
    ],
    # Training.
    "members/officers/training/": [case("/members/officers/training/", officers())],
    "members/officers/training/modules/new/": [
        case("/members/officers/training/modules/new/", officers())
    ],
    "members/officers/training/events/new/": [
        case("/members/officers/training/events/new/", officers())
    ],
    "members/officers/training/events/<int:pk>/": [
        case("/members/officers/training/events/{past_training.pk}/", officers())
    ],
    "members/officers/councillors/<int:pk>/training/": [
        case(f"{_councillor}/training/", officers())
    ],
    "members/portal/training/": [case("/members/portal/training/", members())],
    "members/portal/training/events/<int:pk>/book/": [
        case("/members/portal/training/events/{future_training.pk}/book/", members(405))
    ],
    "members/portal/training/bookings/<int:pk>/cancel/": [
        case(
            "/members/portal/training/bookings/{booking.pk}/cancel/",
            members(404, committee_councillor=200),
            "another member's booking does not exist",
        ),
    ],
    "members/portal/training/bookings/<int:pk>/feedback/": [
        case(
            "/members/portal/training/bookings/{booking.pk}/feedback/",
            members(404, committee_councillor=200),
            "another member's booking does not exist",
        ),
    ],
    # Allowances and expense claims.
    "members/portal/allowances/": [case("/members/portal/allowances/", members())],
    "members/portal/allowances/claims/": [case("/members/portal/allowances/claims/", members())],
    "members/portal/allowances/claims/<int:pk>/": [
        case(
            "/members/portal/allowances/claims/{claim.pk}/", members(404, committee_councillor=200)
        ),
        case(
            "/members/portal/allowances/claims/{other_claim.pk}/",
            members(404, other_councillor=200),
            "another councillor's claim",
        ),
    ],
    "members/portal/allowances/claims/<int:pk>/lines/<int:line>/remove/": [
        case(
            "/members/portal/allowances/claims/{claim.pk}/lines/{claim_line.pk}/remove/", POST_ONLY
        ),
    ],
    "members/portal/allowances/claims/<int:pk>/submit/": [
        case("/members/portal/allowances/claims/{claim.pk}/submit/", POST_ONLY)
    ],
    "members/allowances/receipts/<int:line>/": [
        case(
            "/members/allowances/receipts/{claim_line.pk}/",
            signed_in(404, committee_councillor=200, officer=200, manager=200),
            "the claimant and officers; everyone else, as if there were none",
        ),
        case(
            "/members/allowances/receipts/{other_claim_line.pk}/",
            signed_in(404, other_councillor=200, officer=200, manager=200),
        ),
    ],
    "members/officers/allowances/": [case("/members/officers/allowances/", officers())],
    "members/officers/allowances/new/": [case("/members/officers/allowances/new/", officers())],
    "members/officers/allowances/renunciations/new/": [
        case("/members/officers/allowances/renunciations/new/", officers())
    ],
    "members/officers/allowances/withholdings/new/": [
        case("/members/officers/allowances/withholdings/new/", officers())
    ],
    "members/officers/allowances/claims/": [
        case("/members/officers/allowances/claims/", officers())
    ],
    "members/officers/allowances/claims/<int:pk>/": [
        case("/members/officers/allowances/claims/{claim.pk}/", officers())
    ],
    r"members/officers/allowances/(?P<year>\d{4}-\d{2})/$": [
        case("/members/officers/allowances/{scheme.label}/", officers()),
        case("/members/officers/allowances/2019-20/", officers(404), "no scheme that year"),
    ],
    r"members/officers/allowances/(?P<year>\d{4}-\d{2})/amend/$": [
        case("/members/officers/allowances/{scheme.label}/amend/", officers())
    ],
    r"members/officers/allowances/(?P<year>\d{4}-\d{2})/sra/$": [
        case("/members/officers/allowances/{scheme.label}/sra/", officers())
    ],
    r"members/officers/allowances/(?P<year>\d{4}-\d{2})/payments/$": [
        case("/members/officers/allowances/{scheme.label}/payments/", officers())
    ],
    r"members/officers/allowances/(?P<year>\d{4}-\d{2})/generate/$": [
        case("/members/officers/allowances/{scheme.label}/generate/", POST_ONLY)
    ],
    r"members/officers/allowances/(?P<year>\d{4}-\d{2})/payroll\.csv$": [
        case(
            "/members/officers/allowances/{scheme.label}/payroll.csv?payroll-month=2026-04"
            "&payroll-format=integra",
            officers(),
        ),
        case(
            "/members/officers/allowances/{scheme.label}/payroll.csv",
            officers(404),
            "no month or payroll system chosen",
        ),
    ],
    r"members/officers/allowances/(?P<year>\d{4}-\d{2})/publish/$": [
        case("/members/officers/allowances/{scheme.label}/publish/", POST_ONLY)
    ],
    r"members/allowances/(?P<year>\d{4}-\d{2})/$": [
        case("/members/allowances/{last_scheme.label}/", PUBLIC, "reg 15: published"),
        case(
            "/members/allowances/{scheme.label}/",
            expect(404, officer=200, manager=200),
            "not published yet: officers preview it",
        ),
    ],
    r"members/allowances/(?P<year>\d{4}-\d{2})\.csv$": [
        case("/members/allowances/{last_scheme.label}.csv", PUBLIC),
        case("/members/allowances/{scheme.label}.csv", expect(404, officer=200, manager=200)),
    ],
    # Registers of interests: the member's side.
    "members/portal/interests/": [case("/members/portal/interests/", members())],
    "members/portal/interests/start/": [case("/members/portal/interests/start/", POST_ONLY)],
    "members/portal/interests/declarations/<int:pk>/": [
        case(
            "/members/portal/interests/declarations/{draft_declaration.pk}/",
            members(404, committee_councillor=200),
            "another member's declaration",
        ),
    ],
    "members/portal/interests/declarations/<int:pk>/interests/new/": [
        case(
            "/members/portal/interests/declarations/{draft_declaration.pk}/interests/new/",
            members(404, committee_councillor=200),
        ),
        case(
            "/members/portal/interests/declarations/{published_declaration.pk}/interests/new/",
            members(404, committee_councillor=403),
            "a published version cannot change",
        ),
    ],
    "members/portal/interests/declarations/<int:pk>/interests/<int:line>/": [
        case(
            "/members/portal/interests/declarations/{draft_declaration.pk}/interests/"
            "{draft_interest.pk}/",
            members(404, committee_councillor=200),
        ),
    ],
    "members/portal/interests/declarations/<int:pk>/interests/<int:line>/remove/": [
        case(
            "/members/portal/interests/declarations/{draft_declaration.pk}/interests/"
            "{draft_interest.pk}/remove/",
            POST_ONLY,
        ),
    ],
    "members/portal/interests/declarations/<int:pk>/submit/": [
        case("/members/portal/interests/declarations/{draft_declaration.pk}/submit/", POST_ONLY)
    ],
    "members/portal/gifts/": [case("/members/portal/gifts/", members())],
    "members/portal/gifts/new/": [case("/members/portal/gifts/new/", members())],
    "members/portal/gifts/<int:pk>/correct/": [
        case(
            "/members/portal/gifts/{returned_gift.pk}/correct/",
            members(404, committee_councillor=200),
            "returned to its member for correction",
        ),
        case(
            "/members/portal/gifts/{published_gift.pk}/correct/",
            members(404, committee_councillor=403),
            "published: not to be changed",
        ),
    ],
    # Registers of interests: the officers' side.
    "members/officers/interests/": [case("/members/officers/interests/", officers())],
    "members/officers/interests/declarations/<int:pk>/": [
        case("/members/officers/interests/declarations/{awaiting_declaration.pk}/", officers())
    ],
    "members/officers/interests/declarations/<int:pk>/publish/": [
        case(
            "/members/officers/interests/declarations/{awaiting_declaration.pk}/publish/", POST_ONLY
        ),
    ],
    "members/officers/interests/declarations/<int:pk>/return/": [
        case(
            "/members/officers/interests/declarations/{awaiting_declaration.pk}/return/", officers()
        ),
    ],
    "members/officers/interests/declarations/<int:pk>/interests/<int:line>/sensitive/": [
        case(
            "/members/officers/interests/declarations/{awaiting_declaration.pk}/interests/"
            "{awaiting_interest.pk}/sensitive/",
            officers(),
        ),
    ],
    "members/officers/interests/dispensations/": [
        case("/members/officers/interests/dispensations/", officers())
    ],
    "members/officers/interests/dispensations/new/": [
        case("/members/officers/interests/dispensations/new/", officers())
    ],
    "members/officers/interests/gifts/": [case("/members/officers/interests/gifts/", officers())],
    "members/officers/interests/gifts/<int:pk>/publish/": [
        case("/members/officers/interests/gifts/{pending_gift.pk}/publish/", POST_ONLY)
    ],
    "members/officers/interests/gifts/<int:pk>/return/": [
        case("/members/officers/interests/gifts/{pending_gift.pk}/return/", officers())
    ],
    # The public registers (Localism Act 2011 s29(5)), outside bodies, dispensations, gifts.
    "members/outside-bodies/": [case("/members/outside-bodies/", PUBLIC)],
    "members/interests/": [case("/members/interests/", PUBLIC)],
    "members/interests.csv": [case("/members/interests.csv", PUBLIC)],
    "members/dispensations/": [case("/members/dispensations/", PUBLIC)],
    "members/gifts/": [case("/members/gifts/", PUBLIC)],
    "members/gifts.csv": [case("/members/gifts.csv", PUBLIC)],
    "members/<slug:slug>/interests/": [
        case("/members/{carys.slug}/interests/", PUBLIC),
        case("/members/{coral.slug}/interests/", PUBLIC),
        case("/members/{never.slug}/interests/", NOT_FOUND, "never held office (issue 10, 2)"),
    ],
    "members/<slug:slug>/interests/<int:version>/": [
        case("/members/{carys.slug}/interests/{published_declaration.version}/", PUBLIC),
        case(
            "/members/{carys.slug}/interests/{next_register_version}/",
            NOT_FOUND,
            "the draft of the next version is no version of the register yet",
        ),
    ],
    "members/<slug:slug>/interests.json": [
        case("/members/{carys.slug}/interests.json", PUBLIC),
        case("/members/{never.slug}/interests.json", NOT_FOUND),
    ],
    "members/<slug:slug>/gifts/": [
        case("/members/{carys.slug}/gifts/", PUBLIC),
        case("/members/{never.slug}/gifts/", NOT_FOUND, "never held office (issue 10, 2)"),
    ],
    "members/<slug:slug>/photo/": [
        case("/members/{carys.slug}/photo/", NOT_FOUND, "a public councillor with no photo"),
        case(
            "/members/{never.slug}/photo/",
            only(OFFICERS, others=404, anonymous=404),
            "never held office: their photo is for officers only (issue 10, 2)",
        ),
    ],
}

# --- meetings: officers' screens --------------------------------------------------------------

_held = "/officers/meetings/{held_meeting.pk}"
_draft = "/officers/meetings/{unpublished_meeting.pk}"
MEETINGS_OFFICERS = {
    "officers/": [case("/officers/", officers())],
    "officers/reports/": [case("/officers/reports/", only(("author",)))],
    "officers/meetings/": [case("/officers/meetings/", officers())],
    "officers/meetings/new/": [case("/officers/meetings/new/", officers())],
    "officers/meetings/series/new/": [case("/officers/meetings/series/new/", officers())],
    "officers/meetings/<int:pk>/": [
        case(f"{_held}/", officers()),
        case(f"{_draft}/", officers()),
    ],
    "officers/meetings/<int:pk>/reschedule/": [case(f"{_draft}/reschedule/", officers())],
    "officers/meetings/<int:pk>/cancel/": [case(f"{_draft}/cancel/", officers())],
    "officers/meetings/<int:pk>/postpone/": [case(f"{_draft}/postpone/", officers())],
    "officers/meetings/<int:pk>/items/new/": [case(f"{_draft}/items/new/", officers())],
    "officers/meetings/<int:pk>/publish/": [case(f"{_draft}/publish/", officers())],
    "officers/meetings/<int:pk>/public-participation/": [
        case(f"{_draft}/public-participation/", officers(), "names and emails of the public")
    ],
    "officers/public-participation/<int:pk>/accept/": [
        case("/officers/public-participation/{public_question.pk}/accept/", officers(405))
    ],
    "officers/public-participation/<int:pk>/decline/": [
        case("/officers/public-participation/{public_question.pk}/decline/", officers())
    ],
    "officers/items/<int:pk>/edit/": [
        case("/officers/items/{unpublished_item.pk}/edit/", officers())
    ],
    "officers/items/<int:pk>/move/": [
        case("/officers/items/{unpublished_item.pk}/move/", officers(405))
    ],
    "officers/items/<int:pk>/remove/": [
        case("/officers/items/{unpublished_item.pk}/remove/", officers())
    ],
    "officers/items/<int:pk>/restriction/": [
        case("/officers/items/{unpublished_item.pk}/restriction/", officers())
    ],
    "officers/reports/<int:pk>/restriction/": [
        case("/officers/reports/{unpublished_report.pk}/restriction/", officers())
    ],
    "officers/appendices/<int:pk>/restriction/": [
        case("/officers/appendices/{unpublished_appendix.pk}/restriction/", officers())
    ],
    "officers/items/<int:pk>/report/new/": [
        case("/officers/items/{item_without_report.pk}/report/new/", officers())
    ],
    # Reports: officers any, authors their own (another author's is as if it did not exist).
    "officers/reports/<int:pk>/": [
        case("/officers/reports/{unpublished_report.pk}/", writers()),
        case("/officers/reports/{exempt_report.pk}/", writers(author=404), "another's report"),
    ],
    "officers/reports/<int:pk>/submit/": [
        case("/officers/reports/{unpublished_report.pk}/submit/", writers(405))
    ],
    "officers/reports/<int:pk>/appendices/new/": [
        case("/officers/reports/{unpublished_report.pk}/appendices/new/", writers()),
        case("/officers/reports/{public_report.pk}/appendices/new/", writers(author=404)),
    ],
    "officers/reports/<int:pk>/sign-off/": [
        case("/officers/reports/{unpublished_report.pk}/sign-off/", officers())
    ],
    "officers/reports/<int:pk>/withdraw/": [
        case("/officers/reports/{unpublished_report.pk}/withdraw/", officers())
    ],
    "officers/appendices/<int:pk>/remove/": [
        case("/officers/appendices/{unpublished_appendix.pk}/remove/", writers(405))
    ],
    # Clearance in the approvers' own accounts (issue 15, 1): no persona holds a sign-off, so the
    # list is the officers' alone and a report's sign-off page is as if it did not exist.
    "officers/sign-offs/": [case("/officers/sign-offs/", officers())],
    "officers/sign-offs/holders/": [case("/officers/sign-offs/holders/", officers())],
    "officers/sign-offs/holders/<int:pk>/remove/": [
        case("/officers/sign-offs/holders/1/remove/", officers(405))
    ],
    "officers/reports/<int:pk>/approve/": [
        case("/officers/reports/{unpublished_report.pk}/approve/", signed_in(404))
    ],
    # Writing from a template (issue 15, 2): the report's writers; its images for whoever may
    # read the report (the world's reports have none: as if they did not exist).
    "officers/reports/<int:pk>/template/": [
        case("/officers/reports/{unpublished_report.pk}/template/", writers(405))
    ],
    "officers/reports/<int:pk>/word/": [
        case("/officers/reports/{unpublished_report.pk}/word/", writers()),
        case("/officers/reports/{exempt_report.pk}/word/", writers(author=404), "another's"),
    ],
    "officers/report-images/<int:pk>/": [case("/officers/report-images/999999/", signed_in(404))],
    "officers/report-images/<int:pk>/describe/": [
        case("/officers/report-images/999999/describe/", writers(405))
    ],
    "officers/meetings/<int:pk>/clearance/": [
        case(f"{_held}/clearance/", officers()),
        case(f"{_draft}/clearance/", officers()),
    ],
    # The papers' files, for whoever may read them (s100F: members with a seat on the
    # committee read the exempt papers; nobody else does, signed in or not).
    "officers/reports/<int:pk>/report.pdf": [
        case("/officers/reports/{public_report.pk}/report.pdf", signed_in(200)),
        case(
            "/officers/reports/{exempt_report.pk}/report.pdf",
            signed_in(404, **dict.fromkeys((*OFFICERS, *ON_PLANNING), 200)),
        ),
    ],
    "officers/appendices/<int:pk>/appendix.pdf": [
        case("/officers/appendices/{public_appendix_pdf.pk}/appendix.pdf", signed_in(200)),
        case(
            "/officers/appendices/{exempt_appendix.pk}/appendix.pdf",
            signed_in(404, **dict.fromkeys((*OFFICERS, *ON_PLANNING), 200)),
        ),
    ],
    "officers/meetings/<int:meeting_id>/packs/<str:kind>/": [
        case(f"{_held}/packs/public/", PUBLIC),
        case(f"{_held}/packs/full/", expect(404, **dict.fromkeys((*OFFICERS, *ON_PLANNING), 200))),
        case(f"{_draft}/packs/public/", NOT_FOUND, "the agenda is not published"),
    ],
    "officers/balance/": [case("/officers/balance/", officers())],
    "officers/balance/review/": [case("/officers/balance/review/", POST_ONLY)],
    "officers/balance/variations/new/": [case("/officers/balance/variations/new/", officers())],
    "officers/committees/<int:pk>/seats/": [
        case("/officers/committees/{committee.pk}/seats/", officers())
    ],
    "officers/committees/<int:pk>/seats/appoint/": [
        case("/officers/committees/{committee.pk}/seats/appoint/", officers())
    ],
    "officers/committees/seats/<int:pk>/end/": [
        case("/officers/committees/seats/{seat.pk}/end/", officers())
    ],
    # Running the meeting and its record.
    "officers/meetings/<int:pk>/run/": [case(f"{_held}/run/", officers())],
    "officers/meetings/<int:pk>/held/": [case(f"{_held}/held/", POST_ONLY)],
    "officers/meetings/<int:pk>/attendance/": [case(f"{_held}/attendance/", officers())],
    "officers/items/<int:pk>/proceedings/": [
        case("/officers/items/{public_item.pk}/proceedings/", officers())
    ],
    "officers/items/<int:pk>/declarations/": [
        case("/officers/items/{public_item.pk}/declarations/", POST_ONLY)
    ],
    "officers/items/<int:pk>/votes/": [case("/officers/items/{public_item.pk}/votes/", POST_ONLY)],
    "officers/items/<int:pk>/resolutions/": [
        case("/officers/items/{public_item.pk}/resolutions/", POST_ONLY)
    ],
    "officers/declarations/<int:pk>/remove/": [
        case("/officers/declarations/{declaration.pk}/remove/", POST_ONLY)
    ],
    "officers/votes/<int:pk>/remove/": [case("/officers/votes/{vote.pk}/remove/", POST_ONLY)],
    "officers/resolutions/<int:pk>/remove/": [
        case("/officers/resolutions/{resolution.pk}/remove/", POST_ONLY)
    ],
    "officers/resolutions/<int:pk>/decision-notice/": [
        case("/officers/resolutions/{resolution.pk}/decision-notice/", officers())
    ],
    "officers/meetings/<int:pk>/minutes/": [case(f"{_held}/minutes/", officers())],
    "officers/meetings/<int:pk>/minutes/draft/": [case(f"{_held}/minutes/draft/", POST_ONLY)],
    "officers/meetings/<int:pk>/minutes/publish/": [case(f"{_held}/minutes/publish/", POST_ONLY)],
    "officers/meetings/<int:pk>/minutes/approve/": [case(f"{_held}/minutes/approve/", officers())],
    "officers/meetings/<int:pk>/minutes/<str:version>.pdf": [
        case(f"{_held}/minutes/public.pdf", PUBLIC, "the published draft minutes"),
        case(
            f"{_held}/minutes/full.pdf",
            expect(404, **dict.fromkeys((*OFFICERS, *ON_PLANNING), 200)),
        ),
        case(f"{_draft}/minutes/public.pdf", NOT_FOUND, "no minutes yet"),
    ],
    "officers/minutes/<int:pk>/": [case("/officers/minutes/{minutes_entry.pk}/", officers())],
    "officers/minutes/<int:pk>/redraft/": [
        case("/officers/minutes/{minutes_entry.pk}/redraft/", POST_ONLY)
    ],
    # Decisions and call-in.
    "officers/decisions/": [case("/officers/decisions/", officers())],
    "officers/decisions/record/": [case("/officers/decisions/record/", officers())],
    "officers/decisions/<int:pk>/": [
        case("/officers/decisions/{exempt_decision.pk}/", officers()),
        case("/officers/decisions/{unpublished_decision.pk}/", officers()),
    ],
    "officers/decisions/<int:pk>/edit/": [
        case("/officers/decisions/{unpublished_decision.pk}/edit/", officers()),
        case(
            "/officers/decisions/{public_decision.pk}/edit/",
            officers(403),
            "a published decision cannot be changed",
        ),
    ],
    "officers/decisions/<int:pk>/publish/": [
        case("/officers/decisions/{unpublished_decision.pk}/publish/", officers(405))
    ],
    "officers/decisions/<int:pk>/urgent/": [
        case("/officers/decisions/{open_decision.pk}/urgent/", officers())
    ],
    "officers/decisions/<int:pk>/reconsidered/": [
        case("/officers/decisions/{referred_decision.pk}/reconsidered/", officers()),
        case(
            "/officers/decisions/{open_decision.pk}/reconsidered/",
            officers(403),
            "only a decision referred back",
        ),
    ],
    "officers/decisions/<int:pk>/call-in/received/": [
        case("/officers/decisions/{open_decision.pk}/call-in/received/", officers()),
        case(
            "/officers/decisions/{called_in_decision.pk}/call-in/received/",
            officers(403),
            "only a decision open for call-in",
        ),
    ],
    "officers/call-ins/<int:pk>/outcome/": [
        case("/officers/call-ins/{accepted_call_in.pk}/outcome/", officers()),
        case("/officers/call-ins/{draft_call_in.pk}/outcome/", officers(403), "not accepted"),
    ],
    "officers/call-ins/<int:pk>/schedule/": [
        case("/officers/call-ins/{accepted_call_in.pk}/schedule/", officers(405))
    ],
    # The forward plan (SI 2012/2089 regs 9-11).
    "officers/forward-plan/": [case("/officers/forward-plan/", officers())],
    "officers/forward-plan/new/": [case("/officers/forward-plan/new/", officers())],
    "officers/forward-plan/problems/": [case("/officers/forward-plan/problems/", officers())],
    "officers/forward-plan/<int:pk>/": [
        case("/officers/forward-plan/{draft_forward_plan_entry.pk}/", officers())
    ],
    "officers/forward-plan/<int:pk>/edit/": [
        case("/officers/forward-plan/{draft_forward_plan_entry.pk}/edit/", officers())
    ],
    "officers/forward-plan/<int:pk>/publish/": [
        case("/officers/forward-plan/{draft_forward_plan_entry.pk}/publish/", officers(405))
    ],
    "officers/forward-plan/<int:pk>/general-exception/": [
        case("/officers/forward-plan/{draft_forward_plan_entry.pk}/general-exception/", officers())
    ],
    "officers/forward-plan/<int:pk>/special-urgency/": [
        case("/officers/forward-plan/{draft_forward_plan_entry.pk}/special-urgency/", officers())
    ],
    "officers/forward-plan/<int:pk>/private-notice/": [
        case("/officers/forward-plan/{draft_forward_plan_entry.pk}/private-notice/", officers())
    ],
    "officers/forward-plan/<int:pk>/private-urgency/": [
        case("/officers/forward-plan/{draft_forward_plan_entry.pk}/private-urgency/", officers())
    ],
    "officers/forward-plan/<int:pk>/agenda-item/": [
        case("/officers/forward-plan/{forward_plan_entry.pk}/agenda-item/", officers())
    ],
    "officers/forward-plan/<int:pk>/withdraw/": [
        case("/officers/forward-plan/{forward_plan_entry.pk}/withdraw/", officers())
    ],
    "officers/attendance/": [case("/officers/attendance/", officers())],
    "officers/meetings/<int:pk>/interest-check/": [
        case(f"{_held}/interest-check/", officers()),
        case(f"{_draft}/interest-check/", officers()),
    ],
}

# --- meetings: the member portal --------------------------------------------------------------

MEETINGS_PORTAL = {
    "members/portal/decisions/": [
        case("/members/portal/decisions/", councillors(), "call-in is for councillors only")
    ],
    "members/portal/decisions/<int:pk>/call-in/": [
        case(
            "/members/portal/decisions/{open_decision.pk}/call-in/",
            councillors(),
            "open for call-in",
        ),
        case(
            "/members/portal/decisions/{called_in_decision.pk}/call-in/",
            councillors(403),
            "already called in: no longer open",
        ),
        case("/members/portal/decisions/{unpublished_decision.pk}/call-in/", councillors(404)),
    ],
    "members/portal/call-ins/<int:pk>/": [
        case(
            "/members/portal/call-ins/{draft_call_in.pk}/",
            only((*COUNCILLORS, *OFFICERS)),
            "councillors sign each other's call-ins",
        ),
    ],
    "members/portal/call-ins/<int:pk>/sign/": [
        case("/members/portal/call-ins/{draft_call_in.pk}/sign/", councillors(405))
    ],
    "members/portal/call-ins/<int:pk>/submit/": [
        case("/members/portal/call-ins/{draft_call_in.pk}/submit/", councillors(405))
    ],
    "members/portal/call-ins/<int:pk>/withdraw/": [
        case("/members/portal/call-ins/{draft_call_in.pk}/withdraw/", councillors(405))
    ],
    "members/portal/meetings/": [case("/members/portal/meetings/", members())],
    "members/portal/meetings/<int:pk>/": [
        case(
            "/members/portal/meetings/{held_meeting.pk}/",
            members(),
            "every member reads the public papers; those on Planning the rest too",
        ),
        case(
            "/members/portal/meetings/{unpublished_meeting.pk}/",
            members(),
            "time and place only until the agenda is published",
        ),
    ],
    "members/portal/attendance/": [case("/members/portal/attendance/", members())],
    "members/portal/meetings/<int:pk>/interest-check/": [
        case("/members/portal/meetings/{held_meeting.pk}/interest-check/", members()),
        case(
            "/members/portal/meetings/{unpublished_meeting.pk}/interest-check/",
            members(404),
            "an agenda not yet published is no member's to read (issue 11, 6)",
        ),
    ],
}

# --- meetings: the public side (LGA 1972 Part VA) ---------------------------------------------

_public_meeting = "/meetings/{held_meeting.pk}/{held_meeting.public_slug}/"
MEETINGS_PUBLIC = {
    "committees/": [case("/committees/", PUBLIC)],
    "committees/<slug:slug>/": [
        case("/committees/{committee.slug}/", PUBLIC),
        case("/committees/no-such-committee/", NOT_FOUND),
    ],
    "meetings/": [case("/meetings/", PUBLIC), case("/meetings/?when=past", PUBLIC)],
    "meetings/calendar/": [case("/meetings/calendar/", expect(REDIRECT), "to this month")],
    "meetings/calendar/<int:year>/<int:month>/": [
        case(
            "/meetings/calendar/{held_meeting.starts_at.year}/{held_meeting.starts_at.month}/",
            PUBLIC,
        ),
        case("/meetings/calendar/2026/13/", NOT_FOUND),
    ],
    "meetings/<int:pk>/": [case("/meetings/{held_meeting.pk}/", expect(REDIRECT))],
    "meetings/<int:pk>/<slug:slug>/": [
        case(_public_meeting, PUBLIC),
        case(
            "/meetings/{unpublished_meeting.pk}/{unpublished_meeting.public_slug}/",
            PUBLIC,
            "time and place are public once scheduled (s100A(6)(a)); no papers yet",
        ),
        case("/meetings/{held_meeting.pk}/old-slug/", expect(REDIRECT), "to the canonical one"),
    ],
    "meetings/<int:pk>/ask-a-question/": [
        case("/meetings/{unpublished_meeting.pk}/ask-a-question/", PUBLIC, "no account needed"),
        case("/meetings/{held_meeting.pk}/ask-a-question/", NOT_FOUND, "the meeting is over"),
    ],
    "meetings/<int:pk>/ask-to-speak/": [
        case("/meetings/{unpublished_meeting.pk}/ask-to-speak/", PUBLIC, "no account needed"),
        case("/meetings/{held_meeting.pk}/ask-to-speak/", NOT_FOUND, "the meeting is over"),
    ],
    "meetings/<int:pk>/ask-a-question/received/": [
        case("/meetings/{unpublished_meeting.pk}/ask-a-question/received/", PUBLIC),
    ],
    "meetings/<int:pk>/ask-to-speak/received/": [
        case("/meetings/{unpublished_meeting.pk}/ask-to-speak/received/", PUBLIC),
    ],
    "meetings/<int:pk>/packs/<str:kind>.pdf": [
        case("/meetings/{held_meeting.pk}/packs/public.pdf", PUBLIC),
        case(
            "/meetings/{held_meeting.pk}/packs/full.pdf",
            NOT_FOUND,
            "the public side never serves the full pack, to anyone",
        ),
        case("/meetings/{unpublished_meeting.pk}/packs/public.pdf", NOT_FOUND),
    ],
    "meetings/<int:pk>/minutes.pdf": [
        case("/meetings/{held_meeting.pk}/minutes.pdf", PUBLIC),
        case("/meetings/{unpublished_meeting.pk}/minutes.pdf", NOT_FOUND),
    ],
    "papers/reports/<int:pk>/": [
        case("/papers/reports/{public_report.pk}/", PUBLIC),
        case("/papers/reports/{exempt_report.pk}/", NOT_FOUND),
        case("/papers/reports/{confidential_report.pk}/", NOT_FOUND),
        case("/papers/reports/{report_exempt_report.pk}/", NOT_FOUND),
        case("/papers/reports/{unpublished_report.pk}/", NOT_FOUND),
    ],
    "papers/reports/<int:pk>.pdf": [
        case("/papers/reports/{public_report.pk}.pdf", PUBLIC),
        case("/papers/reports/{exempt_report.pk}.pdf", NOT_FOUND),
    ],
    "papers/appendices/<int:pk>.pdf": [
        case("/papers/appendices/{public_appendix_pdf.pk}.pdf", PUBLIC),
        case("/papers/appendices/{exempt_appendix.pk}.pdf", NOT_FOUND),
    ],
    "decisions/": [case("/decisions/", PUBLIC)],
    "decisions/<int:pk>/": [
        case("/decisions/{public_decision.pk}/", PUBLIC),
        case("/decisions/{exempt_decision.pk}/", PUBLIC, "the notice, not the details"),
        case("/decisions/{unpublished_decision.pk}/", NOT_FOUND),
    ],
    "forward-plan/": [case("/forward-plan/", PUBLIC)],
    # Upcoming elections, their key dates and published candidates (issue 13, point 6).
    "polls/": [case("/polls/", PUBLIC)],
    "documents/": [case("/documents/", PUBLIC)],
    "meetings.ics": [case("/meetings.ics", PUBLIC)],
    "committees/<slug:slug>/meetings.ics": [
        case("/committees/{committee.slug}/meetings.ics", PUBLIC)
    ],
    "feeds/documents.rss": [case("/feeds/documents.rss", PUBLIC)],
    "feeds/documents.atom": [case("/feeds/documents.atom", PUBLIC)],
    "feeds/decisions.rss": [case("/feeds/decisions.rss", PUBLIC)],
    "feeds/decisions.atom": [case("/feeds/decisions.atom", PUBLIC)],
    "committees/<slug:slug>/feed.rss": [case("/committees/{committee.slug}/feed.rss", PUBLIC)],
    "committees/<slug:slug>/feed.atom": [case("/committees/{committee.slug}/feed.atom", PUBLIC)],
}

# --- elections and appeals --------------------------------------------------------------------

CLERK = ("clerk",)
PANEL = ("clerk", "panel_member")  # the clerk, and a panel member for their own hearing's cases
# Appeals' case files are no one's but the clerk's and the panel's: to anyone else, signed in or
# not, they are as if they did not exist (ARCHITECTURE.md 4.6).
CASE_FILE = expect(404, clerk=200)
PANEL_FILE = expect(404, clerk=200, panel_member=200)
REGISTER = expect(404, electoral_officer=200)
REGISTER_POST = expect(404, electoral_officer=405)  # a POST-only page: 404 to anyone else
_case = "/appeals/cases/{listed_appeal.pk}"
_unlisted = "/appeals/cases/{unlisted_appeal.pk}"
_hearing = "/appeals/hearings/{hearing.pk}"

ELECTIONS_AND_APPEALS = {
    "elections/": [case("/elections/", only(("electoral_officer",)))],
    # The register of electors: electoral services' alone; to anyone else, signed in or not,
    # it does not exist (issue 12, point 7).
    "elections/register/": [
        case("/elections/register/", REGISTER),
        case("/elections/register/?q=KM1+4AB", REGISTER, "a postcode search"),
    ],
    "elections/register/properties/<int:pk>/": [
        case("/elections/register/properties/{register_property.pk}/", REGISTER)
    ],
    "elections/register/electors/<int:pk>/": [
        case("/elections/register/electors/{anonymous_elector.pk}/", REGISTER),
        case("/elections/register/electors/{opted_out_elector.pk}/", REGISTER),
    ],
    "elections/register/electors/<int:pk>/alter/": [
        case("/elections/register/electors/{opted_out_elector.pk}/alter/", REGISTER)
    ],
    "elections/register/imports/": [case("/elections/register/imports/", REGISTER)],
    "elections/register/imports/<int:pk>/": [
        case("/elections/register/imports/{register_import.pk}/", REGISTER)
    ],
    "elections/register/imports/<int:pk>/progress/": [
        case("/elections/register/imports/{register_import.pk}/progress/", REGISTER)
    ],
    "elections/register/districts/<int:pk>/<slug:edition>-register.csv": [
        case("/elections/register/districts/{polling_district.pk}/full-register.csv", REGISTER),
        case("/elections/register/districts/{polling_district.pk}/edited-register.csv", REGISTER),
        case("/elections/register/districts/{polling_district.pk}/other-register.csv", NOT_FOUND),
    ],
    "elections/register/districts/<int:pk>/<slug:edition>-register.pdf": [
        case("/elections/register/districts/{polling_district.pk}/full-register.pdf", REGISTER),
        case("/elections/register/districts/{polling_district.pk}/edited-register.pdf", REGISTER),
        case("/elections/register/districts/{polling_district.pk}/other-register.pdf", NOT_FOUND),
    ],
    "elections/register/supplies/": [case("/elections/register/supplies/", REGISTER)],
    "elections/register/stations/<int:pk>/": [
        case("/elections/register/stations/{polling_station.pk}/", REGISTER),
        case("/elections/register/stations/999999/", NOT_FOUND, "no such station"),
    ],
    "elections/register/export/democracy-club.csv": [
        case("/elections/register/export/democracy-club.csv", REGISTER)
    ],
    # Rolling registration and notices of alteration (issue 12, points 3 and 4).
    "elections/register/applications/": [
        case("/elections/register/applications/", REGISTER),
        case("/elections/register/applications/?status=received&district=AA", REGISTER),
    ],
    "elections/register/applications/new/": [
        case("/elections/register/applications/new/", REGISTER)
    ],
    "elections/register/applications/<int:pk>/": [
        case("/elections/register/applications/{registration_application.pk}/", REGISTER)
    ],
    "elections/register/applications/<int:pk>/objections/new/": [
        case(
            "/elections/register/applications/{registration_application.pk}/objections/new/",
            REGISTER,
        )
    ],
    "elections/register/objections/": [case("/elections/register/objections/", REGISTER)],
    "elections/register/objections/<int:pk>/": [
        case("/elections/register/objections/{application_objection.pk}/", REGISTER)
    ],
    "elections/register/invitations/": [case("/elections/register/invitations/", REGISTER)],
    "elections/register/invitations/<int:pk>/": [
        case("/elections/register/invitations/{invitation.pk}/", REGISTER)
    ],
    "elections/register/notices/": [case("/elections/register/notices/", REGISTER)],
    "elections/register/notices/<int:pk>/": [
        case("/elections/register/notices/{notice.pk}/", REGISTER)
    ],
    "elections/register/notices/<int:pk>/districts/<int:district_pk>.csv": [
        case(
            "/elections/register/notices/{notice.pk}/districts/{polling_district.pk}.csv", REGISTER
        )
    ],
    "elections/register/notices/<int:pk>/districts/<int:district_pk>.pdf": [
        case(
            "/elections/register/notices/{notice.pk}/districts/{polling_district.pk}.pdf", REGISTER
        )
    ],
    # The annual canvass (issue 12, point 5): electoral services' alone, like the register.
    "elections/register/canvass/": [case("/elections/register/canvass/", REGISTER)],
    "elections/register/canvass/<int:year>/": [
        case("/elections/register/canvass/2026/", REGISTER),
        case("/elections/register/canvass/2026/?reference=C26-NOTHING", REGISTER, "not found"),
        case("/elections/register/canvass/1999/", NOT_FOUND, "no such canvass"),
    ],
    "elections/register/canvass/<int:year>/route/": [
        case("/elections/register/canvass/2026/route/", REGISTER_POST, "routing is a POST")
    ],
    "elections/register/canvass/<int:year>/matches/": [
        case("/elections/register/canvass/2026/matches/", REGISTER)
    ],
    "elections/register/canvass/<int:year>/matches/<int:pk>/": [
        case("/elections/register/canvass/2026/matches/{canvass_match_import.pk}/", REGISTER)
    ],
    "elections/register/canvass/<int:year>/matches/<int:pk>/progress/": [
        case(
            "/elections/register/canvass/2026/matches/{canvass_match_import.pk}/progress/",
            REGISTER,
        )
    ],
    "elections/register/canvass/<int:year>/local-matching/": [
        case("/elections/register/canvass/2026/local-matching/", REGISTER)
    ],
    "elections/register/canvass/<int:year>/defined-properties/": [
        case("/elections/register/canvass/2026/defined-properties/", REGISTER)
    ],
    "elections/register/canvass/<int:year>/batches/": [
        case("/elections/register/canvass/2026/batches/", REGISTER_POST, "building is a POST")
    ],
    "elections/register/canvass/<int:year>/batches/<int:pk>/": [
        case("/elections/register/canvass/2026/batches/{canvass_batch.pk}/", REGISTER)
    ],
    "elections/register/canvass/<int:year>/batches/<int:pk>/progress/": [
        case("/elections/register/canvass/2026/batches/{canvass_batch.pk}/progress/", REGISTER)
    ],
    "elections/register/canvass/<int:year>/batches/<int:pk>/letters.pdf": [
        case("/elections/register/canvass/2026/batches/{canvass_batch.pk}/letters.pdf", REGISTER)
    ],
    "elections/register/canvass/<int:year>/properties/<int:pk>/": [
        case("/elections/register/canvass/2026/properties/{canvass_property.pk}/", REGISTER)
    ],
    "elections/register/statistics/": [
        case("/elections/register/statistics/", REGISTER),
        case("/elections/register/statistics/?on_0=1&on_1=12&on_2=2026", REGISTER, "on a day"),
    ],
    "elections/register/statistics.csv": [case("/elections/register/statistics.csv", REGISTER)],
    # Responding to the canvass online: for anyone with a letter, no account.
    "elections/canvass/respond/": [case("/elections/canvass/respond/", PUBLIC)],
    "elections/canvass/respond/check/": [
        case("/elections/canvass/respond/check/", expect(REDIRECT), "no code entered yet")
    ],
    "elections/canvass/respond/done/": [
        case("/elections/canvass/respond/done/", expect(REDIRECT), "nothing sent yet")
    ],
    "elections/canvass/respond/<slug:step>/": [
        case("/elections/canvass/respond/household/", expect(REDIRECT), "no code entered yet"),
        case("/elections/canvass/respond/no-such-question/", NOT_FOUND),
    ],
    "appeals/": [case("/appeals/", only(CLERK))],
    "appeals/panel/": [case("/appeals/panel/", only(("panel_member",)))],
    # Lodging an appeal and adding evidence: for families, with no account.
    "appeals/lodge/": [case("/appeals/lodge/", PUBLIC)],
    "appeals/lodge/check/": [
        case(
            "/appeals/lodge/check/", expect(REDIRECT), "nothing answered yet: to the first question"
        )
    ],
    "appeals/lodge/done/": [case("/appeals/lodge/done/", expect(REDIRECT), "nothing lodged yet")],
    "appeals/lodge/<slug:name>/": [
        case("/appeals/lodge/school/", PUBLIC),
        case("/appeals/lodge/contact/", expect(REDIRECT), "earlier questions first"),
        case("/appeals/lodge/no-such-question/", NOT_FOUND),
    ],
    "appeals/evidence/<str:signed>/": [
        case("/appeals/evidence/{evidence_signed}/", PUBLIC, "the family's link"),
        case("/appeals/evidence/not-a-link/", NOT_FOUND),
    ],
    "appeals/cases/": [case("/appeals/cases/", CASE_FILE)],
    "appeals/cases/intake/": [case("/appeals/cases/intake/", CASE_FILE)],
    "appeals/cases/new/": [case("/appeals/cases/new/", CASE_FILE)],
    "appeals/cases/<int:pk>/": [
        case(f"{_case}/", PANEL_FILE),
        case(f"{_unlisted}/", CASE_FILE, "not at the panel member's hearing"),
    ],
    "appeals/cases/<int:pk>/classify/": [case(f"{_case}/classify/", CASE_FILE)],
    "appeals/cases/<int:pk>/reject/": [case(f"{_case}/reject/", CASE_FILE)],
    "appeals/cases/<int:pk>/withdraw/": [case(f"{_case}/withdraw/", CASE_FILE)],
    "appeals/cases/<int:pk>/evidence/new/": [case(f"{_case}/evidence/new/", CASE_FILE)],
    "appeals/cases/<int:pk>/evidence/<int:evidence_pk>/": [
        case(f"{_case}/evidence/{{evidence.pk}}/", PANEL_FILE),
        case(f"{_unlisted}/evidence/{{evidence.pk}}/", NOT_FOUND, "not that case's evidence"),
    ],
    "appeals/cases/<int:pk>/evidence-link/": [
        case(f"{_case}/evidence-link/", POST_ONLY, "sending a link is a POST")
    ],
    "appeals/cases/<int:pk>/decision/": [case(f"{_case}/decision/", CASE_FILE)],
    "appeals/cases/<int:pk>/decision/letter.pdf": [
        case("/appeals/cases/{decided_appeal.pk}/decision/letter.pdf", CASE_FILE),
        case(f"{_case}/decision/letter.pdf", NOT_FOUND, "no decision yet"),
    ],
    "appeals/cases/<int:pk>/decision/letter/send/": [
        case(
            "/appeals/cases/{decided_appeal.pk}/decision/letter/send/",
            POST_ONLY,
            "sending the letter is a POST",
        )
    ],
    "appeals/hearings/": [case("/appeals/hearings/", CASE_FILE)],
    "appeals/hearings/plan/": [case("/appeals/hearings/plan/", CASE_FILE)],
    "appeals/hearings/<int:pk>/": [case(f"{_hearing}/", PANEL_FILE)],
    "appeals/hearings/<int:pk>/notice/": [
        case(f"{_hearing}/notice/", POST_ONLY, "sending the notice is a POST")
    ],
    "appeals/hearings/<int:pk>/notice/<int:listing_pk>/": [
        case(f"{_hearing}/notice/{{listing.pk}}/", CASE_FILE)
    ],
    "appeals/hearings/<int:pk>/cancel/": [case(f"{_hearing}/cancel/", CASE_FILE)],
    "appeals/hearings/<int:pk>/record/": [case(f"{_hearing}/record/", CASE_FILE)],
    # The panel's bundle is the panel's too; each appellant's is the clerk's to send.
    "appeals/hearings/<int:pk>/bundle.pdf": [case(f"{_hearing}/bundle.pdf", PANEL_FILE)],
    "appeals/hearings/<int:pk>/bundle/<int:listing_pk>.pdf": [
        case(f"{_hearing}/bundle/{{listing.pk}}.pdf", CASE_FILE)
    ],
    # Returns and charges: counts, no personal data; the clerk's.
    "appeals/returns/": [case("/appeals/returns/", only(CLERK))],
    "appeals/returns/<int:year>.csv": [case("/appeals/returns/2026.csv", only(CLERK))],
    "appeals/charges/": [case("/appeals/charges/?from=2026-05-01&to=2026-05-31", only(CLERK))],
    "appeals/charges.csv": [
        case("/appeals/charges.csv?from=2026-05-01&to=2026-05-31", only(CLERK))
    ],
    # Reference data: the clerk's screens.
    "appeals/schools/": [case("/appeals/schools/", only(CLERK))],
    "appeals/schools/new/": [case("/appeals/schools/new/", only(CLERK))],
    "appeals/schools/<int:pk>/": [case("/appeals/schools/{school.pk}/", only(CLERK))],
    "appeals/authorities/": [case("/appeals/authorities/", only(CLERK))],
    "appeals/authorities/new/": [case("/appeals/authorities/new/", only(CLERK))],
    "appeals/authorities/<int:pk>/": [
        case("/appeals/authorities/{admission_authority.pk}/", only(CLERK))
    ],
    "appeals/authorities/<int:pk>/edit/": [
        case("/appeals/authorities/{admission_authority.pk}/edit/", only(CLERK))
    ],
    "appeals/authorities/<int:pk>/agreements/new/": [
        case("/appeals/authorities/{admission_authority.pk}/agreements/new/", only(CLERK))
    ],
    "appeals/timetables/": [case("/appeals/timetables/", only(CLERK))],
    "appeals/timetables/new/": [case("/appeals/timetables/new/", only(CLERK))],
    "appeals/calendars/new/": [case("/appeals/calendars/new/", only(CLERK))],
    "appeals/calendars/<int:pk>/terms/new/": [
        case("/appeals/calendars/{school_calendar.pk}/terms/new/", only(CLERK))
    ],
    "appeals/calendars/<int:pk>/closures/new/": [
        case("/appeals/calendars/{school_calendar.pk}/closures/new/", only(CLERK))
    ],
    "appeals/panel-members/": [case("/appeals/panel-members/", only(CLERK))],
    "appeals/panel-members/new/": [case("/appeals/panel-members/new/", only(CLERK))],
    "appeals/panel-members/<int:pk>/": [
        case("/appeals/panel-members/{panel_pool_member.pk}/", only(CLERK))
    ],
    "appeals/panel-members/<int:pk>/edit/": [
        case("/appeals/panel-members/{panel_pool_member.pk}/edit/", only(CLERK))
    ],
    "appeals/panel-members/<int:pk>/connections/new/": [
        case("/appeals/panel-members/{panel_pool_member.pk}/connections/new/", only(CLERK))
    ],
}

# Elections and their statutory timetables (issue 13): electoral services' alone, like the
# register; the calendar at a secret address answers whoever holds the address (a calendar
# application has no session), and a wrong address is a 404 to everyone.
_election = "/elections/elections/{election.pk}"
ELECTION_TIMETABLES = {
    "elections/elections/": [case("/elections/elections/", REGISTER)],
    "elections/elections/new/": [case("/elections/elections/new/", REGISTER)],
    "elections/elections/<int:pk>/": [
        case(f"{_election}/", REGISTER),
        case("/elections/elections/999999/", NOT_FOUND, "no such election"),
    ],
    "elections/elections/<int:pk>/change/": [case(f"{_election}/change/", REGISTER)],
    "elections/elections/<int:pk>/steps/<slug:step>/": [
        case(f"{_election}/steps/notice_of_election/", REGISTER, "a step done"),
        case(f"{_election}/steps/sopn/", REGISTER),
        case(f"{_election}/steps/no_such_step/", NOT_FOUND),
    ],
    "elections/elections/<int:pk>/dates-fixed-by-law/": [
        case(f"{_election}/dates-fixed-by-law/", REGISTER)
    ],
    "elections/elections/<int:pk>/timetable.pdf": [case(f"{_election}/timetable.pdf", REGISTER)],
    "elections/elections/<int:pk>/timetable.ics": [case(f"{_election}/timetable.ics", REGISTER)],
    "elections/elections/timetables.ics": [case("/elections/elections/timetables.ics", REGISTER)],
    "elections/elections/<int:pk>/results/": [case(f"{_election}/results/", REGISTER)],
    "elections/elections/<int:pk>/results/<int:contest_pk>/": [
        case(
            f"{_election}/results/{{contest.pk}}/",
            expect(404, electoral_officer=REDIRECT),
            "declared: to its page",
        ),
        case(f"{_election}/results/999999/", NOT_FOUND),
    ],
    "elections/elections/<int:pk>/results/<int:contest_pk>/declare/": [
        case(f"{_election}/results/{{contest.pk}}/declare/", REGISTER)
    ],
    "elections/elections/<int:pk>/results/<int:contest_pk>/<slug:document>.pdf": [
        case(f"{_election}/results/{{contest.pk}}/declaration-of-result.pdf", REGISTER),
        case(
            f"{_election}/results/{{contest.pk}}/statement-of-rejected-ballot-papers.pdf", REGISTER
        ),
        case(f"{_election}/results/{{contest.pk}}/no-such-notice.pdf", NOT_FOUND),
    ],
    "elections/elections/<int:pk>/results/<int:contest_pk>/terms/": [
        case(f"{_election}/results/{{contest.pk}}/terms/", REGISTER, "the terms listed")
    ],
    "elections/elections/calendar/": [case("/elections/elections/calendar/", REGISTER)],
    "elections/elections/calendar/<str:token>/timetables.ics": [
        case(
            "/elections/elections/calendar/{election_feed_token}/timetables.ics",
            PUBLIC,
            "the electoral officer's own secret address",
        ),
        case("/elections/elections/calendar/not-a-token/timetables.ics", NOT_FOUND),
    ],
    # Nominations, the statutory notices and poll cards (issue 13, points 3 and 4).
    "elections/elections/<int:pk>/nominations/": [case(f"{_election}/nominations/", REGISTER)],
    "elections/elections/<int:pk>/nominations/new/": [
        case(f"{_election}/nominations/new/", REGISTER)
    ],
    "elections/elections/<int:pk>/candidates/<int:candidate_pk>/": [
        case(f"{_election}/candidates/{{candidate.pk}}/", REGISTER),
        case(f"{_election}/candidates/999999/", NOT_FOUND, "no such candidate"),
    ],
    "elections/elections/<int:pk>/notices/<slug:document>.pdf": [
        case(f"{_election}/notices/statement-of-persons-nominated.pdf", REGISTER),
        case(f"{_election}/notices/notice-of-poll.pdf", REGISTER),
        case(f"{_election}/notices/situation-of-polling-stations.pdf", REGISTER),
        case(f"{_election}/notices/no-such-notice.pdf", NOT_FOUND),
    ],
    "elections/elections/<int:pk>/poll-cards/": [case(f"{_election}/poll-cards/", REGISTER)],
    "elections/elections/<int:pk>/poll-cards/<int:batch_pk>/": [
        case(f"{_election}/poll-cards/{{poll_card_batch.pk}}/", REGISTER)
    ],
    "elections/elections/<int:pk>/poll-cards/<int:batch_pk>/progress/": [
        case(f"{_election}/poll-cards/{{poll_card_batch.pk}}/progress/", REGISTER)
    ],
    "elections/elections/<int:pk>/poll-cards/<int:batch_pk>/cards.pdf": [
        case(
            f"{_election}/poll-cards/{{poll_card_batch.pk}}/cards.pdf",
            NOT_FOUND,
            "the batch is not made yet",
        )
    ],
    "elections/elections/<int:pk>/poll-cards/<int:batch_pk>/retry/": [
        case(f"{_election}/poll-cards/{{poll_card_batch.pk}}/retry/", POST_ONLY)
    ],
}

# Results of the count (issue 13, point 5): public once an election's results are live, to
# everyone; an election not live (or no such election) is a 404 to everyone.
_results = "/elections/results/{election.pk}"
ELECTION_RESULTS = {
    "elections/results/": [case("/elections/results/", PUBLIC)],
    "elections/results/<int:pk>/": [
        case(f"{_results}/", PUBLIC, "live, the ward declared"),
        case("/elections/results/999999/", NOT_FOUND, "no such election"),
    ],
    "elections/results/<int:pk>/contests/<int:contest_pk>/": [
        case(f"{_results}/contests/{{contest.pk}}/", PUBLIC, "a declared result"),
        case(f"{_results}/contests/999999/", NOT_FOUND, "no such contest"),
    ],
    "elections/results/<int:pk>/contests/<int:contest_pk>/<slug:document>.pdf": [
        case(f"{_results}/contests/{{contest.pk}}/declaration-of-result.pdf", PUBLIC, "declared"),
        case(
            f"{_results}/contests/{{contest.pk}}/statement-of-rejected-ballot-papers.pdf",
            PUBLIC,
            "declared",
        ),
        case(f"{_results}/contests/{{contest.pk}}/no-such-notice.pdf", NOT_FOUND),
        case(f"{_results}/contests/999999/declaration-of-result.pdf", NOT_FOUND),
    ],
    "elections/results/<int:pk>/democracy-club.csv": [
        case(f"{_results}/democracy-club.csv", PUBLIC)
    ],
}

# --- The console (Django admin at /manage/): managers only -------------------------------------

# What a manager may do with each registered model. Everyone else, signed in or not, is sent to
# the console's sign-in page from every console address.
FULL = frozenset({"changelist", "add", "change", "delete", "history"})
VIEW_ONLY = frozenset({"changelist", "change", "history"})  # change shows the record read-only
KEPT = FULL - {"delete"}  # added and changed (through the services), never deleted
REGISTER_ONLY: frozenset[str] = frozenset()  # electoral services only: none for this manager
ADMIN_MODELS: dict[str, frozenset[str]] = {
    "auth.group": VIEW_ONLY,  # roles come from a data migration; superusers change them
    "democracy.user": KEPT,  # accounts are deactivated, never deleted: the audit log names them
    "democracy.auditevent": VIEW_ONLY,  # the log is evidence
    "democracy.reminder": VIEW_ONLY,  # derived from the records and claimed once by the outbox
    "democracy.nonworkingday": FULL,
    "elections.ward": KEPT,  # abolished, never deleted: terms name it
    "elections.pollingdistrict": FULL,
    "elections.registeredparty": KEPT,  # candidates name it: never deleted
    # Elections, their contests and results: changed on the officer screens, read-only here.
    "elections.election": VIEW_ONLY,
    "elections.contest": VIEW_ONLY,
    "elections.contestresult": VIEW_ONLY,
    "elections.canvass": VIEW_ONLY,
    # The register's personal data and candidates' home addresses: electoral services only, so
    # the manager persona (not in electoral services) gets 403 from every view.
    "elections.elector": REGISTER_ONLY,
    "elections.property": REGISTER_ONLY,
    "elections.registrationapplication": REGISTER_ONLY,
    "elections.applicationobjection": REGISTER_ONLY,
    "elections.canvassproperty": REGISTER_ONLY,
    "elections.candidate": REGISTER_ONLY,
    "members.councillor": KEPT,
    "members.politicalgroup": KEPT,
    "members.position": KEPT,
    "members.outsidebody": KEPT,
    # Changed on the officer screens through their services; the console shows them read-only.
    "members.trainingmodule": VIEW_ONLY,
    "members.trainingevent": VIEW_ONLY,
    "members.interestdeclaration": VIEW_ONLY,
    "members.allowancescheme": VIEW_ONLY,
    "members.specialresponsibility": KEPT,
    "members.specialresponsibilityholding": KEPT,
    "members.allowancewithholding": VIEW_ONLY,
    "members.renunciation": VIEW_ONLY,
    "members.allowancesprofile": KEPT,
    "members.allowancepayment": VIEW_ONLY,  # generated from the scheme
    "members.dispensation": VIEW_ONLY,
    "members.giftorhospitality": VIEW_ONLY,
    "meetings.committee": KEPT,  # dissolved, never deleted
    "meetings.reporttemplate": KEPT,  # made inactive, never deleted: reports were written from it
    "appeals.schoolcalendar": KEPT,
    "otp_totp.totpdevice": VIEW_ONLY,  # never its secret; the reset action removes one
    "axes.accessattempt": VIEW_ONLY | {"delete"},  # deleting one releases a lock-out (audited)
    "axes.accesslog": VIEW_ONLY,
    "axes.accessfailurelog": VIEW_ONLY,
}


CONSOLE_APP_LABELS = "|".join(dict.fromkeys(m._meta.app_label for m in admin.site._registry))


def console(manager=200) -> dict:
    return expect(CONSOLE_LOGIN, manager=manager)


# The council's own settings (democracy/views.py): the constitution is the managers'; venues and
# rooms are every officer's.
COUNCIL = {
    "council/constitution/": [case("/council/constitution/", only(("manager",)))],
    "council/venues/": [case("/council/venues/", officers())],
    "council/venues/add/": [case("/council/venues/add/", officers())],
    "council/venues/<int:pk>/": [case("/council/venues/{venue.pk}/", officers())],
    "council/venues/<int:pk>/retire/": [case("/council/venues/{venue.pk}/retire/", officers())],
    "council/venues/<int:pk>/rooms/add/": [
        case("/council/venues/{venue.pk}/rooms/add/", officers())
    ],
    "council/rooms/<int:pk>/": [case("/council/rooms/{room.pk}/", officers())],
    "council/rooms/<int:pk>/retire/": [case("/council/rooms/{room.pk}/retire/", officers())],
}

CONSOLE = {
    "manage/": [case("/manage/", console())],
    "manage/login/": [
        case(
            "/manage/login/",
            expect(200, manager=REDIRECT),
            "the form, which tells a signed-in non-manager they may not use the console",
        ),
    ],
    "manage/logout/": [
        case(
            "/manage/logout/",
            expect(REDIRECT, manager=405),
            "signing out is a POST; anyone else is sent to the console's front door",
        ),
    ],
    "manage/password_change/": [case("/manage/password_change/", console())],
    "manage/password_change/done/": [case("/manage/password_change/done/", console())],
    "manage/autocomplete/": [case("/manage/autocomplete/", console(403), "no field named")],
    "manage/jsi18n/": [case("/manage/jsi18n/", console())],
    "manage/r/<path:content_type_id>/<path:object_id>/": [
        case(
            "/manage/r/{meeting_content_type}/{held_meeting.pk}/",
            console(REDIRECT),
            "'view on site': to the meeting's public page",
        ),
    ],
    "manage/democracy/user/<id>/password/": [
        case("/manage/democracy/user/{console_user.pk}/password/", console())
    ],
    # One address per app in the console, its pattern listing the apps in registration order.
    rf"manage/(?P<app_label>{CONSOLE_APP_LABELS})/$": [case("/manage/members/", console())],
    "manage/(?P<url>.*)$": [case("/manage/no-such-page/", console(404))],
}

# The six addresses the console gives each registered model; which object each one opens is the
# first of that model in the world (``admin_object`` in the test).
ADMIN_VIEWS = {
    "": "changelist",
    "add/": "add",
    "<path:object_id>/history/": "history",
    "<path:object_id>/delete/": "delete",
    "<path:object_id>/change/": "change",
    "<path:object_id>/": "redirect",
}


def admin_model_cases() -> dict[str, list[Case]]:
    cases = {}
    for label, allowed in ADMIN_MODELS.items():
        app, model = label.split(".")
        for suffix, view in ADMIN_VIEWS.items():
            url = f"/manage/{app}/{model}/" + suffix.replace(
                "<path:object_id>", "{admin[" + label + "]}"
            )
            manager = 200 if view in allowed else 403
            if view == "redirect":
                manager = REDIRECT  # to the change page
            cases[f"manage/{app}/{model}/{suffix}"] = [
                case(url, console(manager), "" if manager != 403 else f"no {view} in the console")
            ]
    return cases


# Development only (runserver with DEBUG, where the URLconf adds it): MEDIA_ROOT is published,
# as the web server publishes it in production. Private files are never under it.
DEVELOPMENT = {
    "^media/(?P<path>.*)$": [
        case("/media/{exempt_report.pdf.name}", NOT_FOUND, "uploads are in private storage")
    ],
}


def _one_table(*groups: dict[str, list[Case]]) -> dict[str, list[Case]]:
    table: dict[str, list[Case]] = {}
    for group in groups:
        twice = set(group) & set(table)
        assert not twice, f"routes listed twice: {sorted(twice)}"
        table.update(group)
    return table


MATRIX: dict[str, list[Case]] = _one_table(
    SITE,
    API,
    MEMBERS_APP,
    MEETINGS_OFFICERS,
    MEETINGS_PORTAL,
    MEETINGS_PUBLIC,
    ELECTIONS_AND_APPEALS,
    ELECTION_TIMETABLES,
    COUNCIL,
    ELECTION_RESULTS,
    CONSOLE,
    admin_model_cases(),
    DEVELOPMENT if settings.DEBUG else {},
)
