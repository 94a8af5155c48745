"""Every write to meetings goes through a function here: keyword-only, atomic, validated,
audited. One module per part of the work; the committee services are re-exported for brevity."""

from meetings.services.committees import (
    VOTING_COUNCILLOR_ROLES,
    committee_create,
    membership_appoint,
)

__all__ = ["VOTING_COUNCILLOR_ROLES", "committee_create", "membership_appoint"]
