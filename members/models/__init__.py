"""Members' models, one module per sub-domain; everything is importable from ``members.models``."""

from members.models.councillors import (
    Councillor,
    CouncillorQuerySet,
    GroupMembership,
    PoliticalGroup,
    PrivateContact,
    PrivateContactQuerySet,
    Term,
)

__all__ = [
    "Councillor",
    "CouncillorQuerySet",
    "GroupMembership",
    "PoliticalGroup",
    "PrivateContact",
    "PrivateContactQuerySet",
    "Term",
]
