"""Writes to agendas: standard items, business items and sub-items, their order, and exempt or
confidential marking with the exclusion resolution that follows from it.

An agenda is laid out in sections, kept in this order whatever is added or moved:

1. apologies and substitutions, declarations of interest, minutes of the previous meeting;
2. business taken in public;
3. urgent business;
4. the resolution to exclude the press and public, present exactly while any item is
   restricted (LGA 1972 s100A(2) and (4));
5. business taken in private.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from democracy import audit
from democracy.services import create_audited, update_audited
from meetings.models import AgendaItem, Appendix, Meeting, Report
from meetings.models.agenda import SCHEDULE_12A_PART
from meetings.rules import privacy
from meetings.services import packs as pack_services

Kind = AgendaItem.Kind

HEAD = [Kind.APOLOGIES, Kind.DECLARATIONS, Kind.MINUTES]
STANDARD_TITLES = {
    Kind.APOLOGIES: "Apologies for absence and substitutions",
    Kind.DECLARATIONS: "Declarations of interest",
    Kind.MINUTES: "Minutes of the previous meeting",
    Kind.URGENT_BUSINESS: "Urgent business",
    Kind.EXCLUSION: "Exclusion of the press and public",
}
STANDARD_DESCRIPTIONS = {
    Kind.APOLOGIES: "To receive apologies for absence and to note any substitutions.",
    Kind.DECLARATIONS: "To receive any declarations of interest from members in items on the "
    "agenda.",
    Kind.MINUTES: "To approve as a correct record the minutes of the previous meeting.",
    Kind.URGENT_BUSINESS: "To consider any other business which, in the opinion of the chair, "
    "should be considered as a matter of urgency (LGA 1972 s100B(4)(b)).",
}
ITEM_FIELDS = [
    "meeting",
    "parent",
    "kind",
    "title",
    "description",
    "is_key_decision",
    "exempt_paragraphs",
    "confidential",
    "added_late",
    "urgency_reasons",
]


def rebuild_packs_if_published(meeting: Meeting) -> None:
    """Published papers changed: ask for the packs to be rebuilt (``meetings.packs``)."""
    if meeting.is_published:
        pack_services.request_build(meeting)


def and_list(values: list[object]) -> str:
    """1 / 1 and 6 / 1, 3 and 6."""
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _section(item: AgendaItem, private: bool) -> int:
    if item.kind in HEAD:
        return HEAD.index(item.kind)
    if item.kind == Kind.URGENT_BUSINESS:
        return 11
    if item.kind == Kind.EXCLUSION:
        return 12
    return 13 if private else 10


def _reports_by_item(meeting: Meeting) -> dict[int, Report]:
    return {r.item_id: r for r in Report.all_objects.filter(item__meeting=meeting)}


def _exclusion_text(item_count: int, grounds_of: list[privacy.Restriction]) -> str:
    paragraphs = sorted({p for g in grounds_of for p in g.exempt_paragraphs})
    confidential = any(g.confidential for g in grounds_of)
    grounds = []
    if paragraphs:
        listed = and_list(paragraphs)
        noun = "paragraph" if len(paragraphs) == 1 else "paragraphs"
        grounds.append(
            f"the likely disclosure of exempt information as defined in {noun} {listed} of "
            f"{SCHEDULE_12A_PART[settings.COUNCIL_NATION]} of Schedule 12A to the Act"
        )
    if confidential:
        grounds.append("the likely disclosure of confidential information (section 100A(3))")
    if item_count == 1:
        count, involves = "item", "it involves"
    else:
        count, involves = "items", "they involve"
    return (
        "To consider passing the following resolution: that under section 100A of the Local "
        f"Government Act 1972 the press and public be excluded from the meeting for the following "
        f"{count} of business on the grounds that {involves} {' and '.join(grounds)}."
    )


def arrange(meeting: Meeting) -> None:
    """Put the agenda in its sections, add or remove the exclusion resolution as restricted
    items come and go, and number positions 1, 2, 3… at each level."""
    items = list(meeting.items.select_for_update().order_by("position", "pk"))
    grounds = privacy.private_business(items, _reports_by_item(meeting))
    top = [i for i in items if i.parent_id is None]
    private = [i for i in top if i.kind == Kind.BUSINESS and i.pk in grounds]
    exclusion = next((i for i in top if i.kind == Kind.EXCLUSION), None)
    if private and exclusion is None:
        exclusion = AgendaItem.all_objects.create(
            meeting=meeting,
            kind=Kind.EXCLUSION,
            title=STANDARD_TITLES[Kind.EXCLUSION],
            position=len(top) + 1000,
            added_late=meeting.is_published,
            urgency_reasons="Exclusion resolution for a restricted item"
            if meeting.is_published
            else "",
        )
        top.append(exclusion)
    elif not private and exclusion is not None:
        exclusion.delete()
        top.remove(exclusion)
        exclusion = None
    if exclusion is not None:
        exclusion.description = _exclusion_text(
            len(private), [g for i in private for g in grounds[i.pk]]
        )
        exclusion.save(update_fields=["description"])
    private_ids = {i.pk for i in private}
    if meeting.is_published:
        top = _published_order(top, private_ids)
    else:
        top.sort(key=lambda i: (_section(i, i.pk in private_ids), i.position, i.pk))
    _renumber(top)
    for parent in top:
        _renumber([i for i in items if i.parent_id == parent.pk])


def _published_order(top: list[AgendaItem], private_ids: set[int]) -> list[AgendaItem]:
    """A published agenda keeps the order of the items published with it, so their numbers never
    change (``meetings.rules.numbering``); each late item goes after the last item of its section
    or an earlier one (a late public item before urgent business, a late exclusion resolution
    before the private business it introduces)."""

    def section(item: AgendaItem) -> int:
        return _section(item, item.pk in private_ids)

    ordered = sorted((i for i in top if not i.added_late), key=lambda i: (i.position, i.pk))
    for item in sorted(
        (i for i in top if i.added_late), key=lambda i: (section(i), i.position, i.pk)
    ):
        at = max((k + 1 for k, o in enumerate(ordered) if section(o) <= section(item)), default=0)
        ordered.insert(at, item)
    return ordered


def _renumber(siblings: list[AgendaItem]) -> None:
    """Number siblings 1, 2, 3… The unique position constraint is deferred, but moving the
    changed rows out of the way first keeps this correct even where it is not."""
    changed = [item for number, item in enumerate(siblings, 1) if item.position != number]
    if not changed:
        return
    AgendaItem.all_objects.filter(pk__in=[i.pk for i in changed]).update(
        position=F("position") + 10000
    )
    for number, item in enumerate(siblings, 1):
        item.position = number
    AgendaItem.all_objects.bulk_update(changed, ["position"])


def create_standard_items(meeting: Meeting) -> None:
    """The items every agenda starts and ends with; extraordinary meetings do not approve minutes
    (SI 1993/202 Sch 2 para 2: the next ordinary meeting does)."""
    kinds = [Kind.APOLOGIES, Kind.DECLARATIONS]
    if not meeting.is_extraordinary:
        kinds.append(Kind.MINUTES)
    kinds.append(Kind.URGENT_BUSINESS)
    AgendaItem.all_objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            kind=kind,
            position=position,
            title=STANDARD_TITLES[kind],
            description=STANDARD_DESCRIPTIONS[kind],
        )
        for position, kind in enumerate(kinds, 1)
    )


def _check_editable(meeting: Meeting) -> None:
    if meeting.status in {Meeting.Status.HELD, Meeting.Status.CANCELLED, Meeting.Status.POSTPONED}:
        raise ValidationError(
            f"The agenda of a {meeting.get_status_display().lower()} meeting cannot be changed."
        )


@transaction.atomic
def item_add(
    *,
    meeting: Meeting,
    title: str,
    description: str = "",
    parent: AgendaItem | None = None,
    is_key_decision: bool = False,
    exempt_paragraphs: list[int] | tuple[int, ...] = (),
    public_interest_statement: str = "",
    confidential: bool = False,
    urgency_reasons: str = "",
    by,
) -> AgendaItem:
    """Add an item of business (or a sub-item). Once the agenda is published an addition is a
    late item: it needs the chair's reasons of urgency (s100B(4)(b)) and goes in a
    supplementary pack."""
    meeting = Meeting.all_objects.select_for_update().get(pk=meeting.pk)
    _check_editable(meeting)
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise ValidationError(
            {"parent": "A sub-item must belong to a top-level item of this meeting."}
        )
    siblings = meeting.items.filter(parent=parent)
    item = AgendaItem(
        meeting=meeting,
        parent=parent,
        position=(siblings.count() + 1) if parent else 900,
        kind=Kind.BUSINESS,
        title=title.strip(),
        description=description,
        is_key_decision=is_key_decision,
        exempt_paragraphs=sorted(exempt_paragraphs),
        public_interest_statement=public_interest_statement,
        confidential=confidential,
        added_late=meeting.is_published,
        urgency_reasons=urgency_reasons.strip() if meeting.is_published else "",
    )
    create_audited(item, "meetings.agenda_item.create", by=by, fields=ITEM_FIELDS)
    arrange(meeting)
    item.refresh_from_db()
    rebuild_packs_if_published(meeting)  # a late item goes into a supplementary pack
    return item


@transaction.atomic
def item_update(
    *, item: AgendaItem, title: str, description: str, is_key_decision: bool, by
) -> AgendaItem:
    item = AgendaItem.all_objects.select_for_update().get(pk=item.pk)
    _check_editable(item.meeting)
    update_audited(
        item,
        {"title": title.strip(), "description": description, "is_key_decision": is_key_decision},
        "meetings.agenda_item.update",
        by=by,
    )
    rebuild_packs_if_published(item.meeting)
    return item


@transaction.atomic
def item_move(*, item: AgendaItem, up: bool, by) -> AgendaItem:
    """Swap an item with its neighbour in the same section (standard items stay in place).
    Not once the agenda is published: its numbers are in everyone's papers and never change."""
    _check_editable(item.meeting)
    if item.meeting.is_published:
        raise ValidationError(
            "The agenda is published: its items keep their order and numbers. A late item takes "
            "the next number or a supplementary one."
        )
    if item.kind != Kind.BUSINESS:
        raise ValidationError("Standard items keep their place on the agenda.")
    # Top-level business moves within its section, public or private (``arrange``); sub-items
    # among their siblings.
    in_private = privacy.private_business(
        list(item.meeting.items.all()), _reports_by_item(item.meeting)
    )
    private = item.pk in in_private
    siblings = [
        s
        for s in item.meeting.items.filter(parent=item.parent_id, kind=Kind.BUSINESS).order_by(
            "position"
        )
        if s.parent_id is not None or (s.pk in in_private) == private
    ]
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return item
    neighbour = siblings[other]
    before = item.position
    item.position, neighbour.position = neighbour.position, item.position
    AgendaItem.all_objects.filter(pk__in=[item.pk, neighbour.pk]).update(
        position=F("position") + 10000
    )
    AgendaItem.all_objects.bulk_update([item, neighbour], ["position"])
    audit.record(
        "meetings.agenda_item.move",
        item,
        by=by,
        changes={"position": [before, item.position]},
    )
    return item


@transaction.atomic
def item_remove(*, item: AgendaItem, by) -> None:
    meeting = item.meeting
    _check_editable(meeting)
    if meeting.is_published:
        raise ValidationError("The agenda is published: an item can no longer be removed from it.")
    if item.kind == Kind.EXCLUSION:
        raise ValidationError("The exclusion resolution follows the restricted items: unmark them.")
    audit.record("meetings.agenda_item.delete", item, by=by, note=item.title)
    item.delete()
    arrange(meeting)


@transaction.atomic
def restriction_set(
    *,
    target: AgendaItem | Report | Appendix,
    exempt_paragraphs: list[int] | tuple[int, ...],
    public_interest_statement: str,
    confidential: bool,
    by,
) -> AgendaItem | Report | Appendix:
    """Mark an item, a report or one appendix exempt (the Schedule 12A paragraphs and the public
    interest statement) or confidential, or clear the marking."""
    target = type(target)._default_manager.select_for_update().get(pk=target.pk)
    meeting = _meeting_of(target)
    _check_editable(meeting)
    update_audited(
        target,
        {
            "exempt_paragraphs": sorted(exempt_paragraphs),
            "public_interest_statement": public_interest_statement.strip()
            if exempt_paragraphs
            else "",
            "confidential": confidential,
        },
        f"meetings.{target._meta.model_name}.restriction",
        by=by,
    )
    arrange(meeting)
    rebuild_packs_if_published(meeting)  # the public pack is withdrawn at once if now unsafe
    return target


def _meeting_of(target: AgendaItem | Report | Appendix) -> Meeting:
    if isinstance(target, AgendaItem):
        return target.meeting
    if isinstance(target, Report):
        return target.item.meeting
    return target.report.item.meeting
