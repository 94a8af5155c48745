"""Appeals models, a package by sub-domain: school calendars, reference data (authorities,
agreements, schools, rounds), cases (appeals and what belongs to them) and panels (members,
hearings, seats)."""

from appeals.models.calendars import SchoolCalendar, SchoolClosure, SchoolTerm
from appeals.models.cases import (
    INFANT_YEAR_GROUPS,
    Appeal,
    Appellant,
    Child,
    Decision,
    Evidence,
    EvidenceLink,
    InfantClassSizeGround,
    ReferenceCounter,
    StatusChange,
    YearGroup,
)
from appeals.models.panels import (
    Connection,
    Hearing,
    HearingListing,
    PanelCategory,
    PanelMember,
    PanelSeat,
)
from appeals.models.schools import AdmissionAuthority, AdmissionRound, School, ServiceAgreement

__all__ = [
    "INFANT_YEAR_GROUPS",
    "AdmissionAuthority",
    "AdmissionRound",
    "Appeal",
    "Appellant",
    "Child",
    "Connection",
    "Decision",
    "Evidence",
    "EvidenceLink",
    "Hearing",
    "HearingListing",
    "InfantClassSizeGround",
    "PanelCategory",
    "PanelMember",
    "PanelSeat",
    "ReferenceCounter",
    "School",
    "SchoolCalendar",
    "SchoolClosure",
    "SchoolTerm",
    "ServiceAgreement",
    "StatusChange",
    "YearGroup",
]
