"""The meetings part of the cross-domain world (democracy/tests/factories_world.py), made through
the services on top of the members part: the Planning Committee (the committee councillor in the
chair, the co-opted member in a voting co-opted seat), Licensing (the other councillor), Cabinet
and Overview and Scrutiny; a meeting held a week ago with public, exempt and confidential papers,
its record, minutes and decisions; a meeting whose agenda is not yet published; executive
decisions with call-ins; forward plan entries.

What the public must never see is planted in it: an exempt report (title, body, the text of its
uploaded PDF), an exempt appendix of a public report, an exempt item and its sub-item, a
confidential item and report, a public item whose REPORT is exempt (LGA 1972 s100B(2): its
description is withheld with the report), exempt minutes and decision details, the agenda and
draft report of a meeting not yet published, a decision not yet published and a forward plan
entry whose notice is not yet published.

Packs are requested (as publishing does) but not built here: the permission matrix builds them
in the test process and the planted-secret test with the real worker.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from democracy.constitution import sign_off_chain
from democracy.tests.factories_world import World
from elections.services import ward_create
from meetings.models import Decision, MinutesEntry, SignOff
from meetings.services import agenda as agenda_services
from meetings.services import call_in as call_in_services
from meetings.services import committees as committee_services
from meetings.services import decisions as decision_services
from meetings.services import forward_plan as forward_plan_services
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services
from meetings.services import proceedings as proceedings_services
from meetings.services import reports as report_services
from meetings.services.proceedings import AttendanceLine
from members.services import councillors as councillor_services

START = date(2023, 5, 8)
ON_PLANNING = ("committee_councillor", "co_opted_member")
PIS = "The public interest in withholding the information outweighs that in disclosing it."

EXEMPT_REPORT_TITLE = "EXEMPTREPORTTITLESECRET valuation"
EXEMPT_REPORT = "EXEMPTREPORTSECRET"
EXEMPT_UPLOAD = "EXEMPTUPLOADSECRET"
EXEMPT_APPENDIX = "EXEMPTAPPENDIXSECRET"
EXEMPT_APPENDIX_TITLE = "EXEMPTAPPENDIXTITLESECRET"
EXEMPT_ITEM = "EXEMPTITEMSECRET"
EXEMPT_SUB_ITEM = "EXEMPTSUBITEMSECRET"
CONFIDENTIAL_ITEM = "CONFIDENTIALITEMSECRET"
CONFIDENTIAL_REPORT = "CONFIDENTIALREPORTSECRET"
REPORT_EXEMPT_ITEM = "TENDERSITEMSECRET"
REPORT_EXEMPT_BODY = "REPORTEXEMPTBODYSECRET"
EXEMPT_MINUTE = "EXEMPTMINUTESECRET"
EXEMPT_DECISION = "EXEMPTDECISIONSECRET"
EXEMPT_REASONS = "EXEMPTREASONSSECRET"
PRIVATE_RESOLUTION = "PRIVATERESOLUTIONSECRET"
UNPUBLISHED_TITLE = "UNPUBLISHEDTITLESECRET"
UNPUBLISHED_ITEM = "UNPUBLISHEDITEMSECRET"
UNPUBLISHED_REPORT = "UNPUBLISHEDREPORTSECRET"
UNPUBLISHED_DECISION = "UNPUBLISHEDDECISIONSECRET"
DRAFT_PLAN = "DRAFTPLANSECRET"
PENDING_QUESTION = "PENDINGQUESTIONSECRET"
PENDING_ASKER = "Pendingaskersecret"
ASKER_EMAIL = "askeremailsecret@example.com"
DECLINED_QUESTION = "DECLINEDQUESTIONSECRET"
DECLINED_ASKER = "Declinedaskersecret"
UNCONSENTED_ASKER = "Unconsentedaskersecret"


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def text_pdf(text: str) -> SimpleUploadedFile:
    """A one-page PDF (rendered by WeasyPrint) whose extracted text holds ``text``."""
    from weasyprint import HTML

    data = HTML(string=f"<p>Uploaded appraisal of {text}.</p>").write_pdf()
    return SimpleUploadedFile("appraisal.pdf", data, "application/pdf")


def build(world: World) -> None:
    from democracy.accounts.services import user_create
    from democracy.roles import Role

    today = timezone.localdate()
    officer = world.users["officer"]
    # Another report author: the author persona may not work on this one's reports.
    world.add(
        report_writer=user_create(
            username="report-writer",
            first_name="Rhian",
            last_name="Writer",
            email="rhian.writer@council.example.org",
            roles=[Role.REPORT_AUTHOR],
            by=None,
        )
    )
    _committees(world)
    held = HeldMeeting(world, day=today - timedelta(days=7))
    draft = _unpublished_meeting(world, today + timedelta(days=21))
    scrutiny_meeting = meeting_services.meeting_create(
        committee=world.scrutiny,
        starts_at=moment(today + timedelta(days=14), 18),
        ends_at=moment(today + timedelta(days=14), 20),
        location_note="Council Chamber",
        by=officer,
    )
    world.add(
        held_meeting=held.meeting,
        unpublished_meeting=draft,
        scrutiny_meeting=scrutiny_meeting,
    )
    _public_participation(world, draft)
    _executive_decisions(world, today)
    _forward_plan(world, today)


def _committees(world: World) -> None:
    officer = world.users["officer"]

    def committee(name: str, kind: str = "committee", **extra):
        return committee_services.committee_create(
            name=name,
            kind=kind,
            size=9,
            quorum=3,
            established_on=START,
            terms_of_reference=f"The {name} exercises the functions the council delegates.",
            by=officer,
            **extra,
        )

    planning = committee("Planning Committee")
    licensing = committee("Licensing Committee")
    cabinet = committee("Cabinet", kind="executive", political_balance_applies=False)
    scrutiny = committee("Overview and Scrutiny Committee", kind="scrutiny")

    def appoint(committee_, councillor, role="member"):
        return committee_services.membership_appoint(
            committee=committee_, councillor=councillor, role=role, start_date=START, by=officer
        )

    seat = appoint(planning, world.carys, "chair")
    for extra in world.committee_extra:
        appoint(planning, extra)
    co_opted_seat = appoint(planning, world.coral, "coopted_voting")
    appoint(licensing, world.owen)
    # The Leader chairs Cabinet; being on the executive, the Leader never signs a call-in.
    leader = councillor_services.councillor_create(
        first_name="Lewys", last_name="Leaderton", by=officer
    )
    councillor_services.term_start(
        councillor=leader,
        ward=ward_create(name="Castle Ward", seats=1, created_on=date(2019, 5, 2), by=officer),
        start_date=START,
        start_reason="ordinary",
        by=officer,
    )
    appoint(cabinet, leader, "chair")
    appoint(scrutiny, world.owen, "chair")
    # Call-in is for overview and scrutiny members (the default): the lead and the signatories
    # of the world's call-ins sit on it.
    for member in (world.carys, *world.committee_extra, world.suspended):
        appoint(scrutiny, member)
    world.add(
        committee=planning,
        licensing=licensing,
        cabinet=cabinet,
        scrutiny=scrutiny,
        seat=seat,
        co_opted_seat=co_opted_seat,
        leader=leader,
    )


class HeldMeeting:
    """The Planning Committee a week ago: published a fortnight before, held, with attendance,
    a declaration, a vote and a resolution, published minutes and two decisions."""

    def __init__(self, world: World, *, day: date) -> None:
        self.world, self.officer, self.day = world, world.users["officer"], day
        self.writer = world.report_writer
        self.meeting = meeting_services.meeting_create(
            committee=world.committee,
            starts_at=moment(day, 18, 30),
            ends_at=moment(day, 21),
            location_note="Council Chamber, Town Hall",
            webcast_url="https://webcast.example.org/planning",
            by=self.officer,
        )
        public_item = self.add("Local plan review", description="The review of the local plan.")
        public_report = self.report(
            public_item,
            "<p>The local plan needs review.</p>",
            pdf=text_pdf("the local plan"),
            cleared=False,
        )
        public_appendix = report_services.appendix_add(
            report=public_report,
            title="Housing numbers",
            body_html="<p>Five hundred homes a year.</p>",
            by=self.officer,
        )
        public_appendix_pdf = report_services.appendix_add(
            report=public_report,
            title="Site plan",
            pdf=text_pdf("the site plan"),
            by=self.officer,
        )
        exempt_appendix = report_services.appendix_add(
            report=public_report,
            title=f"{EXEMPT_APPENDIX_TITLE} valuations",
            pdf=text_pdf(EXEMPT_APPENDIX),
            exempt_paragraphs=[3],
            public_interest_statement=PIS,
            by=self.officer,
        )
        public_report = clear(public_report, self.officer)
        exempt_item = self.add(
            "Disposal of the depot",
            description=f"{EXEMPT_ITEM} buyer named here.",
            exempt_paragraphs=[3],
            public_interest_statement=PIS,
        )
        exempt_sub_item = self.add(
            "Terms of the sale", description=f"{EXEMPT_SUB_ITEM} terms.", parent=exempt_item
        )
        exempt_report = self.report(
            exempt_item,
            f"<p>The land is worth {EXEMPT_REPORT}.</p>",
            title=EXEMPT_REPORT_TITLE,
            pdf=text_pdf(EXEMPT_UPLOAD),
        )
        confidential_item = self.add(
            "Legal advice on the contract",
            description=f"{CONFIDENTIAL_ITEM} advice.",
            confidential=True,
        )
        confidential_report = self.report(
            confidential_item, f"<p>Counsel advises {CONFIDENTIAL_REPORT}.</p>"
        )
        # An item open to the public whose report is exempt: its description goes with the
        # report (the public agenda shows the title and the notice only).
        report_exempt_item = self.add(
            "Car park charges", description=f"{REPORT_EXEMPT_ITEM} tenders received."
        )
        report_exempt_report = self.report(
            report_exempt_item, f"<p>The tenders are {REPORT_EXEMPT_BODY}.</p>", cleared=False
        )
        agenda_services.restriction_set(
            target=report_exempt_report,
            exempt_paragraphs=[3],
            public_interest_statement=PIS,
            confidential=False,
            by=self.officer,
        )
        report_exempt_report = clear(report_exempt_report, self.officer)
        meeting_services.agenda_publish(
            meeting=self.meeting, by=self.officer, today=day - timedelta(days=14)
        )
        self.meeting.refresh_from_db()
        self.hold(public_item, exempt_item, exempt_sub_item, confidential_item, report_exempt_item)
        public_decision = self.decide(
            "Local plan review adopted",
            "The committee adopted the local plan review.",
            public_item,
        )
        exempt_decision = self.decide(
            "Disposal of the depot",
            f"{EXEMPT_DECISION} sold for a sum.",
            exempt_item,
            exempt_paragraphs=[3],
            public_interest_statement=PIS,
            reasons=EXEMPT_REASONS,
        )
        world.add(
            public_item=public_item,
            public_report=public_report,
            public_appendix=public_appendix,
            public_appendix_pdf=public_appendix_pdf,
            exempt_appendix=exempt_appendix,
            exempt_item=exempt_item,
            exempt_sub_item=exempt_sub_item,
            exempt_report=exempt_report,
            confidential_item=confidential_item,
            confidential_report=confidential_report,
            report_exempt_item=report_exempt_item,
            report_exempt_report=report_exempt_report,
            public_decision=public_decision,
            exempt_decision=exempt_decision,
        )
        self.plants(world)

    def add(self, title: str, **kwargs):
        return agenda_services.item_add(
            meeting=self.meeting, title=title, by=self.officer, **kwargs
        )

    def report(self, item, body: str, *, title: str = "", pdf=None, cleared: bool = True):
        report = report_services.report_create(
            item=item, title=title or f"Report: {item.title}", author=self.writer, by=self.officer
        )
        report_services.report_update(
            report=report, title=report.title, body_html=body, pdf=pdf, by=self.officer
        )
        return clear(report, self.officer) if cleared else report

    def hold(self, public_item, exempt_item, exempt_sub_item, confidential_item, report_exempt):
        world, officer = self.world, self.officer
        proceedings_services.meeting_mark_held(meeting=self.meeting, by=officer)
        present = [world.carys, *world.committee_extra, world.coral]
        attendances = proceedings_services.attendance_record(
            meeting=self.meeting,
            lines=[
                AttendanceLine(status="present", councillor=person, presiding=n == 0)
                for n, person in enumerate(present)
            ],
            by=officer,
        )
        carys = next(a for a in attendances if a.councillor_id == world.carys.pk)
        declaration = proceedings_services.declaration_record(
            item=public_item,
            attendance=carys,
            type="nri",
            nature="Her sister lives near one of the sites.",
            by=officer,
        )
        vote = proceedings_services.vote_record(
            item=public_item,
            motion="That the local plan review be adopted.",
            votes_for=3,
            votes_against=1,
            by=officer,
        )
        resolution = proceedings_services.resolution_record(
            item=public_item,
            text="RESOLVED that the local plan review be adopted.",
            vote=vote,
            by=officer,
        )
        # What the committee resolved on the item whose report is exempt: the minute is withheld,
        # and so is the decision notice drawn from it (``meetings.rules.privacy``).
        private_resolution = proceedings_services.resolution_record(
            item=report_exempt,
            text=f"RESOLVED that the tender from {PRIVATE_RESOLUTION} be accepted.",
            reasons="The best value of the tenders received.",
            alternatives_considered="Re-tendering, which would delay the work by a year.",
            by=officer,
        )
        minutes = minutes_services.minutes_draft(meeting=self.meeting, by=officer)
        private = {exempt_item.pk, exempt_sub_item.pk, confidential_item.pk, report_exempt.pk}
        for entry in MinutesEntry.all_objects.filter(minutes=minutes):
            if entry.item_id in private:
                text = f"The committee agreed the terms at {EXEMPT_MINUTE}."
            else:
                text = entry.text or f"The committee considered {entry.title}."
            minutes_services.minutes_update_entry(entry=entry, text=text, by=officer)
        minutes_services.minutes_publish_draft(minutes=minutes, by=officer)
        private_notice = decision_services.decision_publish(
            decision=decision_services.decision_from_resolution(
                resolution=private_resolution, by=officer
            ),
            by=officer,
            today=self.day + timedelta(days=1),
        )
        world.plant(
            PRIVATE_RESOLUTION,
            "the decision notice drawn from the minute of an item whose report is exempt",
            f"/officers/decisions/{private_notice.pk}/",
            entitled=ON_PLANNING,
            search=["tender", "accepted"],
        )
        world.add(
            attendance=carys,
            declaration=declaration,
            vote=vote,
            resolution=resolution,
            minutes=minutes,
            minutes_entry=MinutesEntry.all_objects.filter(
                minutes=minutes, item=public_item
            ).first(),
        )

    def decide(self, title: str, text: str, item, **kwargs) -> Decision:
        kwargs.setdefault("reasons", "The reasons in the report.")
        decision = decision_services.decision_record(
            kind=Decision.Kind.COMMITTEE_RESOLUTION,
            title=title,
            decided_on=self.day,
            decision=text,
            alternatives_considered="None.",
            decision_maker_committee=self.world.committee,
            meeting=self.meeting,
            agenda_item=item,
            by=self.officer,
            **kwargs,
        )
        return decision_services.decision_publish(
            decision=decision, by=self.officer, today=self.day + timedelta(days=1)
        )

    def plants(self, world: World) -> None:
        meeting = f"/officers/meetings/{self.meeting.pk}/"
        full_pack = f"/officers/meetings/{self.meeting.pk}/packs/full/"
        full_minutes = f"/officers/meetings/{self.meeting.pk}/minutes/full.pdf"
        for secret, what, seen_at, by, search in [
            (
                EXEMPT_REPORT_TITLE.split()[0],
                "an exempt report's title",
                full_pack,
                "committee_councillor",
                ["valuation"],
            ),
            (
                EXEMPT_REPORT,
                "an exempt report's body",
                full_pack,
                "committee_councillor",
                ["worth", "land"],
            ),
            (
                EXEMPT_UPLOAD,
                "the text of an exempt report's uploaded PDF",
                f"/officers/reports/{world.exempt_report.pk}/report.pdf",
                "committee_councillor",
                ["appraisal", "Uploaded"],
            ),
            (
                EXEMPT_APPENDIX,
                "an exempt appendix (an uploaded PDF) of a public report",
                f"/officers/appendices/{world.exempt_appendix.pk}/appendix.pdf",
                "officer",
                ["appraisal"],
            ),
            (
                EXEMPT_APPENDIX_TITLE,
                "an exempt appendix's title",
                f"/members/portal/meetings/{self.meeting.pk}/",
                "committee_councillor",
                ["valuations"],
            ),
            (EXEMPT_ITEM, "an exempt item's description", meeting, "officer", ["buyer"]),
            (
                EXEMPT_SUB_ITEM,
                "the description of a sub-item of an exempt item",
                meeting,
                "officer",
                ["terms"],
            ),
            (
                CONFIDENTIAL_ITEM,
                "a confidential item's description",
                meeting,
                "officer",
                ["advice"],
            ),
            (
                CONFIDENTIAL_REPORT,
                "a confidential report",
                full_pack,
                "co_opted_member",
                ["Counsel", "advises"],
            ),
            (
                REPORT_EXEMPT_ITEM,
                "the description of an item whose report is exempt",
                meeting,
                "officer",
                ["tenders", "received"],
            ),
            (
                REPORT_EXEMPT_BODY,
                "an exempt report on an item open to the public",
                full_pack,
                "officer",
                ["tenders"],
            ),
            (
                EXEMPT_MINUTE,
                "the minute of an exempt item",
                full_minutes,
                "officer",
                ["agreed", "terms"],
            ),
            (
                EXEMPT_DECISION,
                "an exempt decision",
                f"/officers/decisions/{world.exempt_decision.pk}/",
                "officer",
                ["sold", "sum"],
            ),
            (
                EXEMPT_REASONS,
                "an exempt decision's reasons",
                f"/officers/decisions/{world.exempt_decision.pk}/",
                "officer",
                [],
            ),
        ]:
            # The exempt and confidential papers are for the committee's members (LGA 1972
            # s100F), the co-opted member in a voting seat included.
            world.plant(secret, what, seen_at, seen_by=by, entitled=ON_PLANNING, search=search)


def clear(report, by):
    """Send the report for sign-off and record every sign-off role's approval."""
    report_services.report_submit(report=report, by=by)
    for role in sign_off_chain():
        report_services.sign_off_record(
            report=report, role=role, decision=SignOff.Decision.APPROVED, by=by
        )
    report.refresh_from_db()
    return report


def _unpublished_meeting(world: World, day: date):
    """The Planning Committee in three weeks: its agenda is being drafted (an item, and a report
    the author persona is writing)."""
    officer = world.users["officer"]
    meeting = meeting_services.meeting_create(
        committee=world.committee,
        starts_at=moment(day, 18, 30),
        ends_at=moment(day, 21),
        location_note="Council Chamber, Town Hall",
        by=officer,
    )
    item = agenda_services.item_add(
        meeting=meeting,
        title=f"{UNPUBLISHED_TITLE} regeneration scheme",
        description=f"{UNPUBLISHED_ITEM} proposals.",
        by=officer,
    )
    report = report_services.report_create(
        item=item, title="Regeneration scheme", author=world.users["author"], by=officer
    )
    report_services.report_update(
        report=report,
        title=report.title,
        body_html=f"<p>The draft proposals are {UNPUBLISHED_REPORT}.</p>",
        by=world.users["author"],
    )
    appendix = report_services.appendix_add(
        report=report,
        title="Consultation responses",
        body_html="<p>Responses so far.</p>",
        by=world.users["author"],
    )
    bare_item = agenda_services.item_add(
        meeting=meeting, title="Town centre parking review", by=officer
    )  # no report yet
    world.add(
        unpublished_item=item,
        unpublished_report=report,
        unpublished_appendix=appendix,
        item_without_report=bare_item,
    )
    page = f"/officers/meetings/{meeting.pk}/"
    world.plant(
        UNPUBLISHED_TITLE,
        "an item's title on an agenda not yet published",
        page,
        entitled=("author",),  # the author of its report
        search=["regeneration"],
    )
    world.plant(
        UNPUBLISHED_ITEM,
        "an item's description on an agenda not yet published",
        page,
        entitled=("author",),  # the author of its report
        search=["proposals"],
    )
    world.plant(
        UNPUBLISHED_REPORT,
        "a draft report for an agenda not yet published",
        f"/officers/reports/{report.pk}/",
        seen_by="author",
        search=["draft"],
    )
    return meeting


def _executive_decisions(world: World, today: date) -> None:
    """Executive decisions of Cabinet published today (their call-in window open): one with a
    call-in collecting signatures, one called in (accepted), one referred back by scrutiny; and a
    decision recorded but not yet published."""
    officer = world.users["officer"]
    signers = [world.owen, *world.committee_extra, world.suspended]

    def executive(title: str, text: str = "To adopt the plan.", publish: bool = True):
        decision = decision_services.decision_record(
            kind=Decision.Kind.EXECUTIVE,
            title=title,
            decided_on=today,
            decision=text,
            reasons="The plan sets out priority routes.",
            alternatives_considered="None.",
            decision_maker_committee=world.cabinet,
            by=officer,
        )
        if publish:
            decision = decision_services.decision_publish(
                decision=decision, by=officer, today=today
            )
        return decision

    def called_in(decision):
        call_in = call_in_services.call_in_start(
            decision=decision,
            lead=world.carys,
            grounds="The ward councillors were not consulted.",
            by=world.users["committee_councillor"],
            today=today,
        )
        for councillor in signers:
            call_in_services.call_in_sign(
                call_in=call_in, councillor=councillor, by=officer, today=today
            )
        call_in_services.call_in_submit(call_in=call_in, by=officer, today=today)
        call_in.refresh_from_db()
        return call_in

    open_decision = executive("Cycling and walking plan")
    draft_call_in = call_in_services.call_in_start(
        decision=open_decision,
        lead=world.carys,
        grounds="Not consulted on the routes.",
        by=world.users["committee_councillor"],
        today=today,
    )
    accepted = called_in(executive("Closure of the museum"))
    referred = called_in(executive("Sale of the leisure centre"))
    call_in_services.call_in_outcome(
        call_in=referred,
        outcome="referred_back",
        decided_on=today,
        by=officer,
        notes="Referred back to Cabinet.",
    )
    unpublished = executive(
        "Waste collection contract", f"{UNPUBLISHED_DECISION} award the contract.", publish=False
    )
    world.add(
        open_decision=open_decision,
        draft_call_in=draft_call_in,
        accepted_call_in=accepted,
        called_in_decision=accepted.decision,
        referred_call_in=referred,
        referred_decision=Decision.all_objects.get(pk=referred.decision_id),
        unpublished_decision=unpublished,
    )
    world.plant(
        UNPUBLISHED_DECISION,
        "a decision not yet published",
        f"/officers/decisions/{unpublished.pk}/",
        search=["contract", "Waste"],
    )


def _forward_plan(world: World, today: date) -> None:
    officer = world.users["officer"]
    published = forward_plan_services.entry_create(
        title="Leisure strategy",
        expected_decision_date=today + timedelta(days=60),
        contact="Head of Leisure",
        decision_maker_committee=world.cabinet,
        by=officer,
    )
    forward_plan_services.entry_publish_notice(entry=published, by=officer, today=today)
    draft = forward_plan_services.entry_create(
        title=f"{DRAFT_PLAN} housing company",
        expected_decision_date=today + timedelta(days=90),
        contact="Head of Housing",
        decision_maker_committee=world.cabinet,
        by=officer,
    )
    world.add(forward_plan_entry=published, draft_forward_plan_entry=draft)
    world.plant(
        DRAFT_PLAN,
        "a forward plan entry whose notice is not yet published",
        f"/officers/forward-plan/{draft.pk}/",
        search=["housing", "company"],
    )


def _public_participation(world: World, meeting) -> None:
    """Questions from the public for the meeting to come: one waiting, one declined, one
    accepted from an asker who did not agree to their name being published, and an accepted
    deputation whose speaker did. Only the accepted texts (and the consenting speaker's name)
    are public; the emails never are."""
    from meetings.services import participation

    officer = world.users["officer"]

    def send(kind, name, text, *, email=ASKER_EMAIL, publish_name=False):
        return participation.submission_create(
            meeting=meeting,
            kind=kind,
            name=name,
            email=email,
            text=text,
            publish_name=publish_name,
        )

    pending = send("question", PENDING_ASKER, f"Will the council publish {PENDING_QUESTION}?")
    declined = send("question", DECLINED_ASKER, f"Why not {DECLINED_QUESTION}?", publish_name=True)
    participation.submission_decline(
        submission=declined, reason="It is about a planning application.", by=officer
    )
    accepted = send("question", UNCONSENTED_ASKER, "When will the new library open?")
    participation.submission_accept(submission=accepted, by=officer)
    speaker = send(
        "deputation",
        "Dana Speaker",
        "The Friends of Mill Park on the park's future",
        email="dana@example.com",
        publish_name=True,
    )
    participation.submission_accept(submission=speaker, by=officer)
    world.add(public_question=pending)
    page = f"/officers/meetings/{meeting.pk}/public-participation/"
    world.plant(PENDING_QUESTION, "a public question waiting for a decision", page)
    world.plant(PENDING_ASKER, "the name of a member of the public who asked a question", page)
    world.plant(ASKER_EMAIL, "the email of a member of the public who asked a question", page)
    world.plant(DECLINED_QUESTION, "a declined public question", page)
    world.plant(DECLINED_ASKER, "the name of an asker whose question was declined", page)
    world.plant(UNCONSENTED_ASKER, "the name of an asker who did not agree to publication", page)
