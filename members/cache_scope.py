"""Which audited changes of the members app may alter what the public sees
(``democracy.public_cache.register_public_rule``): a councillor's private contact details,
expense claims and their lines, allowance payments and profiles before publication, requests to
change their details, and training bookings are never shown to the public, so changing them
leaves the public page cache be. Registered in ``MembersConfig.ready``."""

from __future__ import annotations

from democracy.public_cache import never_public, register_public_rule

PRIVATE = [
    "members.privatecontact",
    "members.expenseclaim",
    "members.claimline",
    "members.allowancesprofile",
    "members.detailschangerequest",
    "members.trainingbooking",
]


def register() -> None:
    for label in PRIVATE:
        register_public_rule(label, never_public)
