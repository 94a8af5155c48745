from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "Education appeals"

    def ready(self) -> None:
        from appeals import config
        from appeals.services import cases, decisions, retention
        from democracy import constitution, public_cache, reminders

        # Nothing of appeals is public: its changes never replace the cached public pages.
        public_cache.register_public_rule("appeals", public_cache.never_public)

        config.check()
        # The appeals periods are kept in the council's constitution: a manager who shortens
        # one below the law's floor (or lengthens a time limit beyond it) is refused there.
        constitution.register_statutory_limits(config.changeable_periods())
        # Emails carrying an evidence link are written when sent: the outbox never holds one.
        reminders.register_composer(cases.ACKNOWLEDGEMENT_KIND, cases.compose_acknowledgement)
        reminders.register_composer(cases.EVIDENCE_LINK_KIND, cases.compose_evidence_link)
        # A decision letter not sent by its day reminds the hearing's clerk; an appeal past its
        # retention period is anonymised as its outbox row is sent.
        reminders.register_source(decisions.letter_reminders)
        reminders.register_source(retention.retention_specs)
        reminders.register_composer(retention.RETENTION_KIND, retention.compose_retention)
