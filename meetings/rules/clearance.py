"""Clearance of a report through the council's sign-off chain: pure rules (no ORM, no clock).

The chain's order rules, unchanged since sign-offs were recorded by officers: every role in the
chain must approve after the report's latest submission, in any order; approvals given before a
resubmission lapse; a return ("changes requested") by any role sends the report back to its
author. These are the council's own clearance rules (its constitution's report protocol), not
statute: the chain is configured per council (``democracy.constitution.sign_off_chain``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime


def outstanding(
    chain: Iterable[str], approvals: Iterable[tuple[str, datetime]], submitted_at: datetime | None
) -> list[str]:
    """The roles of ``chain`` (in its order) with no approval (``(role, signed_at)``) at or
    after ``submitted_at``."""
    approved = {role for role, signed_at in approvals if submitted_at and signed_at >= submitted_at}
    return [role for role in chain if role not in approved]


def may_sign_as(role: str, *, held: Iterable[str], chain: Iterable[str], waiting: Iterable[str]):
    """Why ``role`` may not be signed by someone holding ``held``, or None if it may: the role
    must be in the chain, held by them (as holder or deputy) and still awaiting approval."""
    if role not in list(chain):
        return f"{role} is not one of the council's sign-offs."
    if role not in set(held):
        return f"You do not hold the {role} sign-off."
    if role not in set(waiting):
        return f"{role} has already signed off this version of the report."
    return None
