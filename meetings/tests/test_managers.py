"""Every meetings model is classified: public rows keep ``objects``; a model holding anything the
public may not read (exempt or confidential papers and records, drafts, internal notes, the
members' joining link) has no plain ``objects``, so every query chooses ``all_objects`` (officers
and services) or its ``public()`` / ``visible_to(user)``. A new model must be added here."""

from __future__ import annotations

import pytest
from django.apps import apps

# Public by law or by nature: committees and their membership (LGA 1972 s100G(1)(b)), the
# cycle of meetings, attendance (Sch 12 para 40) and political balance (LGHA 1989 ss15-17).
PUBLIC_ROWS = {
    "Attendance",
    "OfficerPresent",  # named with their roles in the public minutes
    "BalanceReview",
    "BalanceVariation",
    "Committee",
    "CommitteeMembership",
    "MeetingSeries",
    # The council's report templates: headings and guidance, nothing of any report.
    "ReportTemplate",
    "ReportTemplateSection",
}
PRIVATE_ROWS = {
    "AgendaItem",
    "AgendaPack",
    "Appendix",
    "CallIn",
    "CallInSignature",
    "Decision",
    "Declaration",
    "ForwardPlanEntry",
    "Meeting",
    "Minutes",
    "MinutesCorrection",
    "MinutesEntry",
    "PackBuild",
    "PublicSubmission",  # questions from the public: names and emails; public once accepted
    "RenderedPart",
    "Report",
    "ReportImage",  # an image of a report, exempt with it
    "ReportSection",  # a section of a report, exempt with it
    "Resolution",
    "SearchEntry",
    "SignOff",
    "SignOffHolder",  # who signs off for a role: officers' own business
    "Vote",
    "VoteRecord",
}
MODELS = {model.__name__: model for model in apps.get_app_config("meetings").get_models()}


def test_every_meetings_model_is_classified():
    assert set(MODELS) == PUBLIC_ROWS | PRIVATE_ROWS
    assert not PUBLIC_ROWS & PRIVATE_ROWS


@pytest.mark.parametrize("name", sorted(PRIVATE_ROWS))
def test_a_model_holding_private_rows_has_no_plain_objects(name):
    model = MODELS[name]
    assert not hasattr(model, "objects"), f"{name} has a plain objects manager"
    # Related managers, the admin and dumpdata use the default manager; Django's own lookups
    # (a related object's ``.meeting``) the base manager: both see every row, unfiltered.
    assert model._default_manager.name == "all_objects"
    assert model._base_manager.name == "all_objects"
