"""Members' models, one module per sub-domain; everything is importable from ``members.models``."""

from members.models.allowances import (
    AllowancePayment,
    AllowanceScheme,
    AllowancesProfile,
    AllowanceWithholding,
    ClaimLine,
    ExpenseClaim,
    Head,
    MileageRate,
    Renunciation,
    SpecialResponsibility,
    SpecialResponsibilityHolding,
    SRARate,
)
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
    "AllowancePayment",
    "AllowanceScheme",
    "AllowanceWithholding",
    "AllowancesProfile",
    "ClaimLine",
    "Councillor",
    "CouncillorQuerySet",
    "ExpenseClaim",
    "GroupMembership",
    "Head",
    "MileageRate",
    "PoliticalGroup",
    "PrivateContact",
    "PrivateContactQuerySet",
    "Renunciation",
    "SRARate",
    "SpecialResponsibility",
    "SpecialResponsibilityHolding",
    "Term",
]
