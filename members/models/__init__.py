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
from members.models.records import (
    DetailsChangeRequest,
    OutsideBody,
    OutsideBodyAppointment,
    Position,
    PositionHolding,
    PublicProfile,
    Suspension,
)
from members.models.training import TrainingBooking, TrainingEvent, TrainingModule

__all__ = [
    "Councillor",
    "CouncillorQuerySet",
    "DetailsChangeRequest",
    "Dispensation",
    "GiftOrHospitality",
    "GroupMembership",
    "Interest",
    "InterestDeclaration",
    "OutsideBody",
    "OutsideBodyAppointment",
    "PoliticalGroup",
    "Position",
    "PositionHolding",
    "PrivateContact",
    "PrivateContactQuerySet",
    "PublicProfile",
    "Suspension",
    "Term",
    "TrainingBooking",
    "TrainingEvent",
    "TrainingModule",
]
