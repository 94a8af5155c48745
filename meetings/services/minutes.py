"""Minutes: drafted from the agenda and the record of the meeting, published as a draft,
approved at a later meeting and locked; corrected afterwards only by a later resolution.

LGA 1972 Sch 12 para 41(1): minutes are drawn up and signed at the same or next suitable meeting
by the person presiding. SI 1993/202 Sch 2 para 2: an extraordinary meeting does not approve the
minutes of the meeting before it; the next ordinary meeting does. "Next suitable" is a judgement
(a meeting that deferred the minutes was not suitable), so any later ordinary meeting held after
the draft was published may approve them; the pages offer the next one first.

The minutes PDF is rendered from ``templates/meetings/minutes/pdf.html``: the public version
prints the notice in place of each restricted minute (LGA 1972 s100C), the full version has
every minute; unapproved minutes are marked DRAFT on every page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from democracy import reminders
from democracy.services import create_audited, update_audited
from meetings import search

# The minutes as a document live in ``meetings.minutes_document`` (the pack builder uses them
# too); the names are kept here for the callers that import them from the services.
from meetings.minutes_document import (  # noqa: F401
    Minute,
    approval_note,
    minutes_document,
    minutes_heading,
    minutes_title,
    render_minutes_html,
    render_minutes_pdf,
)
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Minutes,
    MinutesCorrection,
    MinutesEntry,
    OfficerPresent,
    Report,
    Resolution,
    Vote,
    VoteRecord,
)
from meetings.rules import privacy
from meetings.rules.numbering import numbered
from meetings.rules.proceedings import QuorumStatus
from meetings.services import packs as pack_services
from meetings.services.proceedings import check_record_publishable, quorum_status

Kind = AgendaItem.Kind
REMINDER_KIND = "draft_minutes_due"
EXCLUSION_PREFIX = "To consider passing the following resolution: "


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _and(words: list[str]) -> str:
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def body_name(committee: Committee) -> str:
    """How the minutes refer to the body: "The council", "The executive", "The committee"."""
    return {
        Committee.Kind.COUNCIL: "The council",
        Committee.Kind.EXECUTIVE: "The executive",
        Committee.Kind.SUB_COMMITTEE: "The sub-committee",
        Committee.Kind.PANEL: "The panel",
        Committee.Kind.WORKING_GROUP: "The working group",
    }.get(committee.kind, "The committee")


# --------------------------------------------------------------------------------------------
# The record of the meeting, loaded in a fixed number of queries
# --------------------------------------------------------------------------------------------


@dataclass
class MeetingRecord:
    meeting: Meeting
    attendances: list[Attendance]
    quorum: QuorumStatus
    items: list[tuple[str, AgendaItem]]
    reports: dict[int, Report]
    restrictions: dict[int, privacy.Restriction]  # ``meetings.rules.privacy``, by item id
    declarations: dict[int, list[Declaration]] = field(default_factory=dict)
    votes: dict[int, list[Vote]] = field(default_factory=dict)
    resolutions: dict[int, list[Resolution]] = field(default_factory=dict)
    approved_here: dict[int, list[Minutes]] = field(default_factory=dict)
    # The committee's last meeting held before this one, and its minutes (None if none yet).
    previous: Meeting | None = None
    previous_minutes: Minutes | None = None
    officers: list[OfficerPresent] = field(default_factory=list)  # names and roles

    def number_of(self, item_id: int) -> str:
        return next((n for n, i in self.items if i.pk == item_id), "")

    def is_private(self, item: AgendaItem) -> bool:
        """Taken in private (``meetings.rules.privacy``)."""
        return self.restrictions[item.pk].is_restricted

    def markings(self, item: AgendaItem) -> list:
        """The markings that make ``item`` private, nearest first."""
        parent = next((i for _, i in self.items if i.pk == item.parent_id), None)
        return privacy.restricting_markings(
            item,
            report=self.reports.get(item.pk),
            parent=parent,
            parent_report=self.reports.get(parent.pk) if parent is not None else None,
        )


def meeting_record(meeting: Meeting) -> MeetingRecord:
    """Everything the minutes are drawn from. Services only (it reads ``all_objects``)."""
    attendances = sorted(
        meeting.attendances.select_related("councillor", "substitute_for"),
        key=lambda a: (
            not a.presiding,
            a.councillor_id is None,
            (a.councillor.last_name, a.councillor.first_name) if a.councillor_id else ("", ""),
            a.coopted_name,
        ),
    )
    items = list(meeting.items.order_by("position"))
    reports = {r.item_id: r for r in Report.all_objects.filter(item__meeting=meeting)}
    record = MeetingRecord(
        meeting=meeting,
        attendances=attendances,
        quorum=quorum_status(meeting, attendances),
        items=numbered(items),
        reports=reports,
        restrictions=privacy.agenda_privacy(items, reports),
        officers=list(meeting.officers_present.all()),
    )
    for d in Declaration.all_objects.filter(item__meeting=meeting).select_related(
        "attendance__councillor"
    ):
        record.declarations.setdefault(d.item_id, []).append(d)
    records = VoteRecord.all_objects.select_related("attendance__councillor").order_by("pk")
    for v in (
        Vote.all_objects.filter(item__meeting=meeting)
        .select_related("cast_by__councillor")
        .prefetch_related(Prefetch("records", queryset=records))
        .order_by("created_at", "pk")
    ):
        record.votes.setdefault(v.item_id, []).append(v)
    for r in Resolution.all_objects.filter(item__meeting=meeting).order_by("number"):
        record.resolutions.setdefault(r.item_id, []).append(r)
    for m in Minutes.all_objects.filter(approved_at_item__meeting=meeting).select_related(
        "meeting"
    ):
        record.approved_here.setdefault(m.approved_at_item_id, []).append(m)
    record.previous = (
        Meeting.all_objects.filter(
            committee=meeting.committee_id,
            starts_at__lt=meeting.starts_at,
            status=Meeting.Status.HELD,
        )
        .order_by("-starts_at")
        .first()
    )
    if record.previous is not None:
        record.previous_minutes = Minutes.all_objects.filter(meeting=record.previous).first()
    return record


# --------------------------------------------------------------------------------------------
# Standard wording
# --------------------------------------------------------------------------------------------


def attendance_text(record: MeetingRecord) -> str:
    """Who was present (Sch 12 para 40), councillors first and then co-opted members, who are
    not councillors and are named as such; who attended remotely, who was absent without
    apologies; the quorum warning; the chair's reasons for taking a late agenda."""
    present, co_opted, remote, absent = [], [], [], []
    for a in record.attendances:
        if a.status == Attendance.Status.ABSENT:
            absent.append(a.name)
            continue
        if not a.is_present:
            continue
        notes = []
        if a.presiding:
            notes.append("in the chair")
        if a.substitute_for_id:
            notes.append(f"substitute for {a.substitute_for.formal_name}")
        if not a.voting:
            notes.append("non-voting")
        label = f"{a.name} ({', '.join(notes)})" if notes else a.name
        if a.remote:
            remote.append(label)
        elif not a.councillor_id or a.councillor.is_co_opted:
            co_opted.append(label)
        else:
            present.append(label)
    if present or co_opted:
        first = f"Present: {_and(present) or 'no councillors'}."
        if co_opted:
            first += f" Co-opted members: {_and(co_opted)}."
        lines = [first]
    else:
        lines = ["Present: nobody was recorded."]
    if remote:
        lines.append(
            f"Attending remotely, not counted for the quorum and not voting: {_and(remote)}."
        )
    if absent:
        lines.append(f"Absent without apologies: {_and(absent)}.")
    if record.officers:
        lines.append(f"Officers present: {_and([str(o) for o in record.officers])}.")
    if record.quorum.warning:
        lines.append(record.quorum.warning)
    meeting = record.meeting
    if meeting.late_publication_reasons.strip():
        lines.append(
            "The agenda was published after the latest date the law allows. The chair agreed "
            "that the business be considered as a matter of urgency (Local Government Act 1972 "
            f"section 100B(4)(b)) because: {meeting.late_publication_reasons.strip()}"
        )
    return "\n\n".join(lines)


def declaration_text(d: Declaration, record: MeetingRecord, *, with_item: bool) -> str:
    where = ""
    if with_item:
        where = f" in item {record.number_of(d.item_id)} ({d.item.title})"
    kind = d.get_type_display().lower()
    article = "an" if kind[0] in "aeiou" else "a"
    text = f"{d.attendance.name} declared {article} {kind}{where}: {d.nature}"
    text = text.rstrip(".") + "."
    if d.dispensation:
        text += f" A dispensation had been granted ({d.dispensation})."
    if d.left_room:
        text += " They left the room and took no part in the discussion or vote."
    return text


def vote_text(v: Vote) -> str:
    abstained = f"{v.abstentions} abstention{'s' if v.abstentions != 1 else ''}"
    motion = v.motion.strip().rstrip(".")
    if motion[:5].lower() == "that ":
        motion = motion[5:]
    lines = [
        f"The motion that {motion} was put to the vote: {v.votes_for} for, "
        f"{v.votes_against} against, {abstained}."
    ]
    if v.casting_vote:
        who = v.cast_by.name if v.cast_by_id else "The chair"
        lines.append(
            f"The votes being equal, {who}, presiding, gave a casting vote {v.casting_vote} the "
            "motion."
        )
    if v.by_name:
        why = (
            "as this was a budget decision meeting (SI 2014/165)"
            if v.budget_decision
            else "at the request of a member"
        )
        names = defaultdict(list)
        for r in v.records.all():
            names[r.choice].append(r.attendance.name)
        parts = [
            f"{label}: {_and(names[choice]) or 'none'}."
            for choice, label in (("for", "For"), ("against", "Against"), ("abstain", "Abstained"))
        ]
        lines.append(f"The vote was recorded by name {why}. " + " ".join(parts))
    lines.append(f"The motion was {v.get_result_display().lower()}.")
    return " ".join(lines)


def resolution_text(r: Resolution) -> str:
    return f"RESOLVED (minute {r.reference}): {r.text}"


def item_text(item: AgendaItem, record: MeetingRecord) -> str:
    """The pre-filled minute of an item: standard wording for standard items; the declarations,
    votes and resolutions recorded for an item of business."""
    paragraphs: list[str] = []
    body = body_name(record.meeting.committee)
    if item.kind == Kind.APOLOGIES:
        apologies = [a for a in record.attendances if a.status == Attendance.Status.APOLOGIES]
        if apologies:
            paragraphs.append(
                f"Apologies for absence were received from {_and([a.name for a in apologies])}."
            )
        else:
            paragraphs.append("There were no apologies for absence.")
        for a in record.attendances:
            if a.substitute_for_id:
                paragraphs.append(
                    f"{a.name} attended as substitute for {a.substitute_for.formal_name}."
                )
    elif item.kind == Kind.DECLARATIONS:
        public = [
            d
            for number, i in record.items
            if not record.is_private(i)
            for d in record.declarations.get(i.pk, [])
        ]
        if public:
            paragraphs += [declaration_text(d, record, with_item=True) for d in public]
        elif not any(record.declarations.values()):
            paragraphs.append("No declarations of interest were made.")
        else:
            paragraphs.append("No declarations of interest were made in the items taken in public.")
    elif item.kind == Kind.MINUTES:
        paragraphs += previous_minutes_text(item, record)
    elif item.kind == Kind.EXCLUSION and item.description.startswith(EXCLUSION_PREFIX):
        paragraphs.append("RESOLVED: " + item.description.removeprefix(EXCLUSION_PREFIX))
    if item.added_late and item.urgency_reasons.strip():
        paragraphs.append(
            "The chair agreed that this item be considered as a matter of urgency (Local "
            "Government Act 1972 section 100B(4)(b)) because: " + item.urgency_reasons.strip()
        )
    if item.kind != Kind.DECLARATIONS:
        paragraphs += [
            declaration_text(d, record, with_item=False)
            for d in record.declarations.get(item.pk, [])
        ]
    resolutions = record.resolutions.get(item.pk, [])
    for v in record.votes.get(item.pk, []):
        paragraphs.append(vote_text(v))
        paragraphs += [resolution_text(r) for r in resolutions if r.vote_id == v.pk]
    paragraphs += [resolution_text(r) for r in resolutions if r.vote_id is None]
    if item.kind == Kind.URGENT_BUSINESS and len(paragraphs) == 0:
        paragraphs.append("There was no urgent business.")
    if item.kind == Kind.BUSINESS and not paragraphs and item.pk in record.reports:
        paragraphs.append(f"{body} considered the report.")
    return "\n\n".join(paragraphs)


def previous_minutes_text(item: AgendaItem, record: MeetingRecord) -> list[str]:
    """The minute of "Minutes of the previous meeting", written from the record so the officer
    never has to: the minutes approved at this item (LGA 1972 Sch 12 para 41(1)); else what
    became of the previous meeting's minutes; else that there were none to approve."""
    approved = record.approved_here.get(item.pk, [])
    if approved:
        return [
            f"RESOLVED: that the minutes of the meeting held on {_fmt(m.meeting.date)} be "
            "approved as a correct record and signed by the chair."
            for m in approved
        ]
    previous, minutes = record.previous, record.previous_minutes
    if previous is None:
        return ["There were no minutes of a previous meeting to approve."]
    held_on = _fmt(previous.date)
    if minutes is None or not minutes.is_published:
        return [
            f"The minutes of the meeting held on {held_on} were not ready and will be submitted "
            "to the next meeting."
        ]
    if minutes.status == Minutes.Status.APPROVED:
        return [f"The minutes of the meeting held on {held_on} had already been approved."]
    return [
        f"The minutes of the meeting held on {held_on} were submitted for approval as a "
        "correct record."
    ]


def _restriction_of(item: AgendaItem, record: MeetingRecord) -> dict:
    """The minute of an item taken in private is as restricted as its papers: the grounds
    ``meetings.rules.privacy`` gives (the item, its report, and for a sub-item its parent item
    and the parent's report), with their public interest statements."""
    grounds = record.restrictions[item.pk]
    statements = [m.public_interest_statement for m in record.markings(item)]
    return {
        "exempt_paragraphs": grounds.exempt_paragraphs,
        "confidential": grounds.confidential,
        "public_interest_statement": "\n\n".join(s for s in statements if s.strip())
        if grounds.exempt_paragraphs
        else "",
    }


# --------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------


def _locked(minutes: Minutes) -> Minutes:
    return (
        Minutes.all_objects.select_for_update()
        .select_related("meeting__committee")
        .get(pk=minutes.pk)
    )


@transaction.atomic
def minutes_draft(*, meeting: Meeting, by) -> Minutes:
    """Draw up the draft minutes of a held meeting: the attendance record, then one minute per
    agenda item pre-filled from the record (apologies and substitutes, declarations, votes and
    resolutions) with the standard wording for standard items. Restricted items give restricted
    minutes."""
    meeting = Meeting.all_objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError("Mark the meeting as held before drafting its minutes.")
    if Minutes.all_objects.filter(meeting=meeting).exists():
        raise ValidationError("The minutes of this meeting have already been drafted.")
    minutes = create_audited(
        Minutes(meeting=meeting), "meetings.minutes.create", by=by, fields=["meeting", "status"]
    )
    record = meeting_record(meeting)
    entries = [
        MinutesEntry(
            minutes=minutes, item=None, position=0, number="", title="Attendance",
            text=attendance_text(record),
        )
    ]  # fmt: skip
    for position, (number, item) in enumerate(record.items, 1):
        entry = MinutesEntry(
            minutes=minutes,
            item=item,
            position=position,
            number=number,
            title=item.title,
            text=item_text(item, record),
            **_restriction_of(item, record),
        )
        entry.full_clean()
        entries.append(entry)
    MinutesEntry.all_objects.bulk_create(entries)
    return minutes


def _entry_for_update(entry: MinutesEntry) -> MinutesEntry:
    return (
        MinutesEntry.all_objects.select_for_update(of=("self",))
        .select_related("minutes__meeting__committee", "item")
        .get(pk=entry.pk)
    )


@transaction.atomic
def minutes_update_entry(*, entry: MinutesEntry, text: str, by) -> MinutesEntry:
    """Change the text of a minute while the minutes are a draft (published or not). Approved
    minutes are locked: use ``minutes_correct`` with a later resolution."""
    entry = _entry_for_update(entry)
    minutes = _locked(entry.minutes)
    if minutes.is_locked:
        raise ValidationError(
            "These minutes were approved and are locked: a correction needs a resolution of a "
            "later meeting."
        )
    return update_audited(
        entry,
        {"text": text.strip(), "updated_at": timezone.now()},
        "meetings.minutes_entry.update",
        by=by,
    )


@transaction.atomic
def minutes_redraft_entry(*, entry: MinutesEntry, by) -> MinutesEntry:
    """Replace a minute's text with the wording drawn afresh from the record (after a vote or
    declaration was added), while the draft is unpublished."""
    entry = _entry_for_update(entry)
    minutes = _locked(entry.minutes)
    if minutes.is_published:
        raise ValidationError(
            "The draft minutes are published: the record is fixed, so edit the text instead."
        )
    record = meeting_record(minutes.meeting)
    text = attendance_text(record) if entry.item is None else item_text(entry.item, record)
    return update_audited(
        entry,
        {"text": text, "updated_at": timezone.now()},
        "meetings.minutes_entry.redraft",
        by=by,
    )


@transaction.atomic
def minutes_publish_draft(
    *, minutes: Minutes, by, now: datetime | None = None, exception_reasons: str = ""
) -> Minutes:
    """Publish the draft minutes: the public can read them (restricted minutes replaced by their
    notice), and the record of the meeting is fixed. Refused when no attendance is recorded or
    the meeting was not quorate, unless ``exception_reasons`` say why (LGA 1972 Sch 12 paras 6
    and 40; ``proceedings.check_record_publishable``)."""
    minutes = _locked(minutes)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError("The draft minutes have already been published.")
    check_record_publishable(minutes.meeting, reasons=exception_reasons, by=by)
    empty = [str(e) for e in minutes.entries.filter(text="").exclude(item__kind=Kind.EXCLUSION)]
    if empty:
        raise ValidationError(
            {"entries": f"Write the minute of {_and(empty)} before publishing the draft."}
        )
    reminders.cancel(minutes.meeting, kind=REMINDER_KIND)
    minutes = update_audited(
        minutes,
        {"status": Minutes.Status.PUBLISHED, "published_at": now or timezone.now()},
        "meetings.minutes.publish_draft",
        by=by,
    )
    search.index_minutes(minutes)
    _rebuild_next_pack(minutes.meeting)
    return minutes


def _rebuild_next_pack(meeting: Meeting) -> None:
    """The committee's next meeting prints these minutes at "Minutes of the previous meeting":
    if its agenda is already published, they go into a supplementary pack."""
    following = (
        Meeting.all_objects.filter(
            committee=meeting.committee_id,
            starts_at__gt=meeting.starts_at,
            agenda_published_at__isnull=False,
        )
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.POSTPONED])
        .order_by("starts_at")
        .first()
    )
    if following is not None and following.items.filter(kind=Kind.MINUTES).exists():
        pack_services.request_build(following)


def _begun_by(today: date | None, now: datetime | None) -> datetime:
    """The moment by which an approving meeting must have begun: ``now``; or, given only a day,
    the end of a past day, and the present moment today."""
    now = now or timezone.now()
    if today is None or today >= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(today, datetime.max.time()))


def approving_candidates(
    minutes: Minutes, *, today: date | None = None, now: datetime | None = None
) -> list[AgendaItem]:
    """The "minutes of the previous meeting" items that could approve these minutes: later
    ordinary meetings of the same committee that have begun and were not called off, from the
    day the draft was published; the next such meeting first."""
    if not minutes.is_published:
        return []
    meeting = minutes.meeting
    return list(
        AgendaItem.all_objects.filter(
            kind=Kind.MINUTES,
            meeting__committee=meeting.committee_id,
            meeting__is_extraordinary=False,
            meeting__starts_at__gt=meeting.starts_at,
            meeting__starts_at__date__gte=timezone.localdate(minutes.published_at),
            meeting__starts_at__lte=_begun_by(today, now),
        )
        .exclude(meeting__status__in=[Meeting.Status.CANCELLED, Meeting.Status.POSTPONED])
        .select_related("meeting__committee")
        .order_by("meeting__starts_at")
    )


@transaction.atomic
def minutes_approve(
    *,
    minutes: Minutes,
    at_item: AgendaItem,
    signed_by: str,
    by,
    today: date | None = None,
    now: datetime | None = None,
) -> Minutes:
    """Record that a later meeting approved the minutes as a correct record and its chair signed
    them (LGA 1972 Sch 12 para 41(1): signed "at the same or next suitable meeting"), and lock
    them. The approving meeting must have begun: minutes are not approved in advance."""
    minutes = _locked(minutes)
    meeting = minutes.meeting
    begun_by = _begun_by(today, now)
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError("These minutes have already been approved.")
    if minutes.status != Minutes.Status.PUBLISHED:
        raise ValidationError("Publish the draft minutes before they are approved.")
    at_item = AgendaItem.all_objects.select_related("meeting").get(pk=at_item.pk)
    approving = at_item.meeting
    problem = None
    if approving.committee_id != meeting.committee_id:
        problem = f"Minutes are approved by a later meeting of {meeting.committee}."
    elif at_item.kind != Kind.MINUTES:
        problem = "Choose the 'minutes of the previous meeting' item of the approving meeting."
    elif approving.is_extraordinary:
        problem = (
            "An extraordinary meeting does not approve minutes: the next ordinary meeting does "
            "(SI 1993/202 Sch 2 para 2)."
        )
    elif approving.starts_at <= meeting.starts_at:
        problem = f"The approving meeting must come after the meeting of {_fmt(meeting.date)}."
    elif approving.status in {Meeting.Status.CANCELLED, Meeting.Status.POSTPONED}:
        problem = f"The meeting of {_fmt(approving.date)} did not take place."
    elif approving.starts_at > begun_by:
        local = timezone.localtime(approving.starts_at)
        clock = f"{local:%-I:%M%p}".replace(":00", "").lower()
        problem = (
            f"The meeting of {_fmt(approving.date)} has not begun yet: minutes are approved at "
            f"the meeting itself, from {clock} that day."
        )
    elif approving.date < timezone.localdate(minutes.published_at):
        problem = (
            f"The draft was published on {_fmt(timezone.localdate(minutes.published_at))}, after "
            f"the meeting of {_fmt(approving.date)}."
        )
    if problem:
        raise ValidationError({"at_item": problem})
    if not signed_by.strip():
        raise ValidationError({"signed_by": "Enter the name of the chair who signed the minutes."})
    entry = MinutesEntry.all_objects.filter(
        minutes__meeting=approving, minutes__status=Minutes.Status.DRAFT, item=at_item
    ).first()
    drafted = item_text(at_item, meeting_record(approving)) if entry is not None else None
    minutes = update_audited(
        minutes,
        {
            "status": Minutes.Status.APPROVED,
            "approved_at_meeting": approving,
            "approved_at_item": at_item,
            "approved_by_name": signed_by.strip(),
            "locked_at": timezone.now(),
        },
        "meetings.minutes.approve",
        by=by,
    )
    if entry is not None and entry.text.strip() in {"", drafted}:
        # The approving meeting's draft still has the wording drawn from the record: now it
        # records the approval (an officer's own wording is left alone).
        update_audited(
            entry,
            {"text": item_text(at_item, meeting_record(approving)), "updated_at": timezone.now()},
            "meetings.minutes_entry.redraft",
            by=by,
        )
    return minutes


def correcting_resolutions(minutes: Minutes) -> list[Resolution]:
    """Resolutions that may correct approved minutes: of the same committee, at a meeting after
    the one that approved them. Officers only (it reads ``all_objects``)."""
    if minutes.approved_at_meeting_id is None:
        return []
    return list(
        Resolution.all_objects.filter(
            committee=minutes.meeting.committee_id,
            item__meeting__starts_at__gt=minutes.approved_at_meeting.starts_at,
        )
        .select_related("item__meeting")
        .order_by("-item__meeting__starts_at", "-number")
    )


@transaction.atomic
def minutes_correct(
    *, entry: MinutesEntry, text: str, resolution: Resolution, by
) -> MinutesCorrection:
    """Correct an approved minute. The approved minutes are the council's signed record, so only
    a resolution of a later meeting of the same body can change them; the correction keeps the
    text before and after and is audited."""
    entry = _entry_for_update(entry)
    minutes = _locked(entry.minutes)
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(
            "These minutes are still a draft: change the text directly until they are approved."
        )
    resolution = Resolution.all_objects.select_related("item__meeting").get(pk=resolution.pk)
    if resolution.committee_id != minutes.meeting.committee_id:
        raise ValidationError(
            {"resolution": f"Choose a resolution of {minutes.meeting.committee}."}
        )
    approving = minutes.approved_at_meeting
    if resolution.item.meeting.starts_at <= approving.starts_at:
        raise ValidationError(
            {
                "resolution": "Choose a resolution of a meeting after the one that approved the "
                f"minutes ({_fmt(approving.date)})."
            }
        )
    correction = MinutesCorrection(
        entry=entry,
        resolution=resolution,
        before_text=entry.text,
        after_text=text.strip(),
        made_by=by if getattr(by, "is_authenticated", False) else None,
    )
    create_audited(
        correction,
        "meetings.minutes_correction.create",
        by=by,
        fields=["entry", "resolution", "before_text", "after_text"],
    )
    update_audited(
        entry,
        {"text": correction.after_text, "updated_at": timezone.now()},
        "meetings.minutes_entry.correct",
        by=by,
        note=f"Corrected by minute {resolution.reference}",
    )
    search.index_minutes(entry.minutes)
    return correction
