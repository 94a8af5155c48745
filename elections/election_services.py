"""Writes to elections, contests and their timetables (issue 13): keyword-only, atomic,
validated and audited, like every service. Views, the console and commands call these."""

from __future__ import annotations

import copy
import hashlib
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from democracy import audit
from democracy.services import create_audited, update_audited
from elections import election_rules, election_timetable
from elections.models import (
    CombinedPoll,
    Contest,
    Election,
    ElectionFeedToken,
    TimetableOverride,
    TimetableStepDone,
    Ward,
)

ELECTION_FIELDS = [
    "title",
    "election_type",
    "nation",
    "organisation",
    "poll_date",
    "election_id",
    "writ_received_on",
    "vacancy_on",
    "vacancy_notice_on",
    "request_received_on",
    "ordinary_retirement_on",
    "declared_on",
]
EDITABLE = {
    "title",
    "organisation",
    "poll_date",
    "writ_received_on",
    "vacancy_on",
    "vacancy_notice_on",
    "request_received_on",
    "ordinary_retirement_on",
    "declared_on",
}


def _combined_poll(poll_date: date) -> CombinedPoll:
    poll, _ = CombinedPoll.objects.get_or_create(poll_date=poll_date)
    return poll


@transaction.atomic
def election_create(
    *,
    title: str,
    election_type: str,
    nation: str,
    organisation: str,
    poll_date: date,
    by,
    writ_received_on: date | None = None,
    vacancy_on: date | None = None,
    vacancy_notice_on: date | None = None,
    request_received_on: date | None = None,
    ordinary_retirement_on: date | None = None,
) -> Election:
    """Create an election, join it to the combined poll of its day, and identify it in
    Democracy Club's scheme. Raises ValidationError naming the field for impossible dates."""
    election = Election(
        title=title,
        election_type=election_type,
        nation=nation,
        organisation=organisation,
        poll_date=poll_date,
        writ_received_on=writ_received_on,
        vacancy_on=vacancy_on,
        vacancy_notice_on=vacancy_notice_on,
        request_received_on=request_received_on,
        ordinary_retirement_on=ordinary_retirement_on,
        created_by=by,
    )
    election.election_id = _identifier(election)
    # Validate before the combined poll is made, so nothing is half-saved.
    election.full_clean(exclude=["combined_poll"])
    election.combined_poll = _combined_poll(poll_date)
    return create_audited(election, "elections.election.create", by=by, fields=ELECTION_FIELDS)


def _identifier(election: Election) -> str:
    try:
        return election_rules.election_identifier(
            election.election_type, election.organisation, election.poll_date
        )
    except (ValueError, TypeError) as error:
        raise ValidationError({"organisation": f"No identifier can be made: {error}"}) from None


@transaction.atomic
def election_update(*, election: Election, by, **values) -> Election:
    """Change an election's details (a moved poll, the writ, the declaration)."""
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    election = Election.objects.select_for_update().get(pk=election.pk)
    probe = copy.copy(election)
    for name, value in values.items():
        setattr(probe, name, value)
    identifier = _identifier(probe)
    probe.election_id = identifier
    probe.full_clean(exclude=["combined_poll"])
    if "poll_date" in values:
        values["combined_poll"] = _combined_poll(values["poll_date"])
    return update_audited(
        election, {**values, "election_id": identifier}, "elections.election.update", by=by
    )


@transaction.atomic
def contest_create(
    *,
    election: Election,
    by,
    ward: Ward | None = None,
    division_name: str = "",
    seats: int = 1,
) -> Contest:
    """Add a contest: a ward (its name and seats by default) or, for PCC, mayoral elections and
    referendums, the whole area. A casual vacancy's contest is a by-election."""
    if ward is not None:
        division_name = division_name or ward.name
    whole_area = election.election_type in election_rules.WHOLE_AREA
    if whole_area and (ward is not None or division_name):
        raise ValidationError({"ward": f"A {election.type_label.lower()} has no wards"})
    if not whole_area and not division_name:
        raise ValidationError({"division_name": "Choose a ward or enter the division's name"})
    try:
        ballot_id = election_rules.ballot_identifier(
            election.election_type, election.organisation, election.poll_date, division_name
        )
    except (ValueError, TypeError) as error:
        raise ValidationError({"division_name": f"No identifier can be made: {error}"}) from None
    contest = Contest(
        election=election,
        ward=ward,
        division_name=division_name,
        seats=seats,
        by_election=election.election_type in election_rules.BY_ELECTIONS,
        ballot_id=ballot_id,
    )
    return create_audited(
        contest,
        "elections.contest.create",
        by=by,
        fields=["election", "ward", "division_name", "seats", "by_election", "ballot_id"],
    )


def _check_step(election: Election, step: str) -> None:
    if step not in {s.key for s in election_timetable.statutory_steps(election)}:
        raise ValidationError({"step": f"This election's timetable has no step “{step}”"})


@transaction.atomic
def timetable_override_set(
    *, election: Election, step: str, date: date, reason: str, by
) -> TimetableOverride:
    """Fix a step's date by one-off legislation, with its legal basis (replacing any earlier
    override of the step)."""
    _check_step(election, step)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason and legal basis for the date"})
    existing = TimetableOverride.objects.filter(election=election, step=step).first()
    if existing is not None:
        return update_audited(
            existing, {"date": date, "reason": reason}, "elections.timetable_override.update", by=by
        )
    override = TimetableOverride(
        election=election, step=step, date=date, reason=reason, created_by=by
    )
    return create_audited(
        override,
        "elections.timetable_override.create",
        by=by,
        fields=["election", "step", "date", "reason"],
    )


@transaction.atomic
def timetable_step_mark_done(
    *, election: Election, step: str, done_on: date, by
) -> TimetableStepDone:
    """Record the day a step was done (the notice published, the register closed...)."""
    _check_step(election, step)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date done cannot be in the future"})
    existing = TimetableStepDone.objects.filter(election=election, step=step).first()
    if existing is not None:
        return update_audited(
            existing, {"done_on": done_on}, "elections.timetable_step.done", by=by
        )
    done = TimetableStepDone(election=election, step=step, done_on=done_on, recorded_by=by)
    return create_audited(
        done, "elections.timetable_step.done", by=by, fields=["election", "step", "done_on"]
    )


@transaction.atomic
def timetable_step_undo(*, election: Election, step: str, by) -> None:
    """Take back a step marked done by mistake."""
    done = TimetableStepDone.objects.filter(election=election, step=step).first()
    if done is None:
        return
    audit.record(
        "elections.timetable_step.undo",
        election,
        by=by,
        changes={"step": [step, None], "done_on": [done.done_on, None]},
    )
    done.delete()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def election_feed_token_issue(*, user) -> str:
    """A new secret calendar address for ``user`` (replacing the old one, which stops working).
    Returns the token; only its hash is stored, and the audit row records the fact only."""
    token = secrets.token_urlsafe(32)
    ElectionFeedToken.objects.filter(user=user).delete()
    row = ElectionFeedToken.objects.create(user=user, token_hash=_hash(token))
    audit.record("elections.feed_token.issue", row, by=user)
    return token


def election_feed_user(token: str):
    """The active electoral services user whose calendar address this is, or None."""
    if not token or len(token) > 100:
        return None
    row = (
        ElectionFeedToken.objects.select_related("user")
        .filter(token_hash=_hash(token), user__is_active=True)
        .first()
    )
    return row.user if row else None
