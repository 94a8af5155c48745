"""Nominations (issue 13, point 3; DOMAIN.md C1.3): receiving nomination papers, the returning
officer's decision on each, and withdrawals. Keyword-only, atomic, validated and audited like
every service; views, the console and commands call these.

Deadlines come from the election's timetable (``elections.election_timetable``), overrides
included: nomination papers and notices of withdrawal by 4pm on the nineteenth working day
before the poll (SI 2006/3304 Sch 1 r 1 as amended by SI 2014/494). A candidate's home address
is never written to the audit log (it is public only on the published statement of persons
nominated, and not at all when the candidate gave an area instead).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from democracy.services import create_audited, update_audited
from elections import election_rules, election_timetable
from elections.models import Candidate, Contest, Election, PartyDescription, RegisteredParty
from elections.timetables import Step, TimetableError, step_time

# Audited: never the home address (personal data; see the module's docstring).
AUDITED_FIELDS = [
    "contest",
    "surname",
    "other_names",
    "commonly_used_surname",
    "commonly_used_forenames",
    "address_area",
    "party",
    "description",
    "use_emblem",
    "agent_name",
    "received_at",
    "status",
]


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def timetable_step(election: Election, key: str) -> Step | None:
    """The election's step ``key`` with its overrides, or None if its timetable has none."""
    try:
        steps = election_timetable.statutory_steps(election, overrides=election.overrides.all())
    except TimetableError:
        return None
    return next((step for step in steps if step.key == key), None)


def deadline(election: Election, key: str) -> datetime | None:
    """When the step ``key`` closes (``nominations_close``, ``withdrawals_close``)."""
    step = timetable_step(election, key)
    if step is None:
        return None
    return election_rules.deadline_moment(step.date, step_time(step), _tz())


def _check_in_time(election: Election, key: str, at: datetime, field: str, what: str) -> None:
    close = deadline(election, key)
    if close is None:
        raise ValidationError({field: f"This election's timetable has no {what} deadline"})
    if at > close:
        raise ValidationError(
            {field: f"{what.capitalize()} closed at {when(close)}: this was after the deadline"}
        )


def when(moment: datetime) -> str:
    """Like "4pm on 9 April 2026"."""
    local = moment.astimezone(_tz())
    hour = (
        local.strftime("%-I%p").lower() if not local.minute else local.strftime("%-I:%M%p").lower()
    )
    return f"{hour} on {local:%-d %B %Y}"


def _check_description(party: RegisteredParty | None, description: str, use_emblem: bool) -> None:
    registered = (
        None
        if party is None
        else list(
            PartyDescription.objects.filter(party=party).values_list("description", flat=True)
        )
    )
    problem = election_rules.description_problem(description, registered)
    if problem:
        raise ValidationError({"description": problem})
    if use_emblem and party is None:
        raise ValidationError({"use_emblem": "Only a party's candidate may have its emblem"})


@transaction.atomic
def nomination_receive(
    *,
    contest: Contest,
    surname: str,
    other_names: str,
    home_address: str,
    received_at: datetime,
    by,
    commonly_used_surname: str = "",
    commonly_used_forenames: str = "",
    address_area: str = "",
    party: RegisteredParty | None = None,
    description: str = "",
    use_emblem: bool = False,
    agent_name: str = "",
    agent_address: str = "",
) -> Candidate:
    """Record a nomination paper delivered at ``received_at``. Refused (ValidationError naming
    ``received_at``) after the close of nominations; a description must be the party's
    registered one, or "Independent" or blank without a party."""
    election = contest.election
    _check_in_time(
        election, "nominations_close", received_at, "received_at", "delivery of nominations"
    )
    _check_description(party, description, use_emblem)
    if agent_name and not agent_address:
        raise ValidationError({"agent_address": "Enter the election agent's office address"})
    candidate = Candidate(
        contest=contest,
        surname=surname.strip(),
        other_names=other_names.strip(),
        commonly_used_surname=commonly_used_surname.strip(),
        commonly_used_forenames=commonly_used_forenames.strip(),
        home_address=home_address.strip(),
        address_area=address_area.strip(),
        party=party,
        description=description,
        use_emblem=use_emblem,
        agent_name=agent_name.strip(),
        agent_address=agent_address.strip(),
        received_at=received_at,
        created_by=by,
    )
    return create_audited(candidate, "elections.candidate.nominate", by=by, fields=AUDITED_FIELDS)


@transaction.atomic
def nomination_decide(*, candidate: Candidate, valid: bool, by, reason: str = "") -> Candidate:
    """The returning officer's decision on a nomination paper (SI 2006/3304 Sch 2 r 10): valid,
    or invalid with the reason, which the statement of persons nominated prints (r 11(2))."""
    candidate = Candidate.nominations.select_for_update().get(pk=candidate.pk)
    if candidate.withdrawn_at is not None:
        raise ValidationError({"valid": "This candidate has withdrawn"})
    reason = reason.strip()
    if not valid and not reason:
        raise ValidationError({"invalid_reason": "Enter the reason the nomination is invalid"})
    values = {
        "status": Candidate.Status.VALID if valid else Candidate.Status.INVALID,
        "invalid_reason": "" if valid else reason,
        "decided_at": timezone.now(),
    }
    return update_audited(candidate, values, "elections.candidate.decide", by=by)


@transaction.atomic
def nomination_withdraw(*, candidate: Candidate, withdrawn_at: datetime, by) -> Candidate:
    """A notice of withdrawal (SI 2006/3304 Sch 2 r 13): refused (naming ``withdrawn_at``) after
    the withdrawal deadline."""
    candidate = Candidate.nominations.select_for_update().get(pk=candidate.pk)
    if candidate.withdrawn_at is not None:
        raise ValidationError({"withdrawn_at": "This candidate has already withdrawn"})
    election = candidate.contest.election
    _check_in_time(
        election, "withdrawals_close", withdrawn_at, "withdrawn_at", "withdrawal of candidature"
    )
    if withdrawn_at < candidate.received_at:
        raise ValidationError(
            {"withdrawn_at": "A withdrawal cannot be before the nomination paper was received"}
        )
    return update_audited(
        candidate, {"withdrawn_at": withdrawn_at}, "elections.candidate.withdraw", by=by
    )


def candidates_for_statement(contest: Contest) -> tuple[list[Candidate], list[Candidate]]:
    """The statement of persons nominated's two lists (SI 2006/3304 Sch 2 r 11): those validly
    nominated and not withdrawn, in alphabetical order of surname then other names; and those
    no longer standing (invalid, with the reason, or withdrawn)."""
    rows = list(Candidate.nominations.filter(contest=contest).select_related("party"))
    key = lambda c: (c.ballot_surname.casefold(), c.ballot_forenames.casefold(), c.pk)  # noqa: E731
    standing = sorted(
        (c for c in rows if c.status == Candidate.Status.VALID and c.withdrawn_at is None), key=key
    )
    others = sorted(
        (c for c in rows if c.status == Candidate.Status.INVALID or c.withdrawn_at is not None),
        key=key,
    )
    return standing, others
