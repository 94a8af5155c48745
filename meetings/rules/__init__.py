"""Statutory rules for meetings: pure functions of dates and numbers (no ORM, no clock, no I/O).

One module per subject: ``deadlines`` (agenda publication), ``balance`` (political balance),
``call_in``, ``forward_plan``.
"""

from meetings.rules.deadlines import PublicationDeadline, publication_deadline

__all__ = ["PublicationDeadline", "publication_deadline"]
