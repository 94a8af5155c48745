"""The council's default report template, seeded by the data migration that creates templates
and restored after a database is emptied (the test suite's transactional tests truncate every
table; ``MeetingsConfig.ready`` connects ``seed_after_migrate``) whenever no template exists.

The council's standard committee report (the shape most English councils use): the sections an
author fills in, with the implications every report must address. Legal: the power relied on;
financial: the chief finance officer's view (LGA 1972 s151); equalities: the public sector
equality duty (Equality Act 2010 s149); background papers: LGA 1972 s100D(1).
"""

from __future__ import annotations

DEFAULT_TEMPLATE = "Committee report"
DEFAULT_SECTIONS = [
    ("Summary", "What the report is about and why it comes to the committee, in a few sentences."),
    ("Recommendations", "What the committee is asked to decide, as numbered recommendations."),
    ("Reasons for the recommendations", "Why these recommendations are made."),
    ("Background", "What the committee needs to know to decide."),
    ("Options considered", "The alternatives considered and why they were not recommended."),
    ("Legal implications", "The power the council relies on, and the legal risks."),
    ("Financial implications", "The cost, the budget it comes from, and the finance view."),
    (
        "Equalities implications",
        "How the public sector equality duty (Equality Act 2010 s149) has been considered.",
    ),
    ("Risk implications", "The main risks and how they are managed."),
    (
        "Background papers",
        "Unpublished documents relied on in writing the report (LGA 1972 s100D), or none.",
    ),
    ("Appendices", "The appendices to the report, by number and title."),
]


def seed(ReportTemplate) -> None:
    """Create the default template if the council has no template at all."""
    if ReportTemplate.objects.exists():
        return
    template = ReportTemplate.objects.create(
        name=DEFAULT_TEMPLATE,
        description="The council's standard report to a committee or the executive.",
        is_default=True,
    )
    for n, (heading, guidance) in enumerate(DEFAULT_SECTIONS, 1):
        template.sections.create(position=n, heading=heading, guidance=guidance)


def seed_after_migrate(sender, **kwargs) -> None:
    from meetings.models import ReportTemplate

    seed(ReportTemplate)
