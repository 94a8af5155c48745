"""The registered parties the system starts with, seeded by the migration that creates the table
and restored after a database is emptied (the test suite's transactional tests truncate every
table; ``ElectionsConfig.ready`` connects ``seed_after_migrate``) whenever no party exists."""

from __future__ import annotations

# A few parties on the Electoral Commission's register of political parties, with some of their
# registered descriptions; the console keeps the table up to date from the register.
PARTIES = [
    (
        "Conservative and Unionist Party",
        "PP52",
        "Tree",
        ["Conservative Party Candidate", "The Conservative Party Candidate", "Local Conservatives"],
    ),
    ("Labour Party", "PP53", "Rose", ["Labour Party", "Labour and Co-operative Party"]),
    ("Liberal Democrats", "PP90", "Bird of liberty", ["Liberal Democrats", "Liberal Democrat"]),
    ("Green Party", "PP63", "", ["Green Party", "The Green Party"]),
    ("Reform UK", "PP7931", "", ["Reform UK"]),
]


def seed(RegisteredParty, PartyDescription) -> None:
    """Create the parties above and their descriptions where missing."""
    for name, reference, emblem, descriptions in PARTIES:
        party, _ = RegisteredParty.objects.get_or_create(
            ec_reference=reference, defaults={"name": name, "emblem": emblem}
        )
        for description in descriptions:
            PartyDescription.objects.get_or_create(party=party, description=description)


def seed_after_migrate(sender, using="default", **kwargs) -> None:
    from elections.models import PartyDescription, RegisteredParty

    if not RegisteredParty.objects.using(using).exists():
        seed(RegisteredParty, PartyDescription)
