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
from members.models.interests import (
    Dispensation,
    GiftOrHospitality,
    Interest,
    InterestDeclaration,
)

__all__ = [
    "Councillor",
    "CouncillorQuerySet",
    "Dispensation",
    "GiftOrHospitality",
    "GroupMembership",
    "Interest",
    "InterestDeclaration",
    "PoliticalGroup",
    "PrivateContact",
    "PrivateContactQuerySet",
    "Term",
]
