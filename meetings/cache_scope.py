"""Which audited changes of the meetings app may alter what the public sees
(``democracy.public_cache.register_public_rule``): the papers of an agenda not yet published,
a decision recorded but not published, draft minutes, a forward plan entry whose notice is not
published, a report's sign-offs and a public question not accepted change no public page, so they leave the public page cache
be. Everything else (meetings, published agendas and minutes, decisions once published,
attendance, committees and their seats) replaces it. Registered in ``MeetingsConfig.ready``."""

from __future__ import annotations

from democracy.public_cache import never_public, register_public_rule
from meetings.models import Meeting, PublicSubmission


def _agenda_published(meeting_id) -> bool:
    return Meeting.all_objects.filter(pk=meeting_id, agenda_published_at__isnull=False).exists()


def register() -> None:
    register_public_rule("meetings.agendaitem", lambda item: _agenda_published(item.meeting_id))
    register_public_rule(
        "meetings.report", lambda report: _agenda_published(report.item.meeting_id)
    )
    register_public_rule(
        "meetings.appendix",
        lambda appendix: _agenda_published(appendix.report.item.meeting_id),
    )
    register_public_rule("meetings.signoff", never_public)
    # A question or request to speak is public only once accepted (and never its email).
    register_public_rule(
        "meetings.publicsubmission",
        lambda submission: submission.status == PublicSubmission.Status.ACCEPTED,
    )
    register_public_rule("meetings.decision", lambda decision: decision.is_published)
    register_public_rule("meetings.minutes", lambda minutes: minutes.is_published)
    register_public_rule("meetings.minutesentry", lambda entry: entry.minutes.is_published)
    register_public_rule(
        "meetings.forwardplanentry", lambda entry: entry.notice_published_on is not None
    )
