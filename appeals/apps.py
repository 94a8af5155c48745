from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "Education appeals"

    def ready(self) -> None:
        from appeals import config
        from appeals.services import cases, decisions, retention
        from democracy import public_cache, reminders

        # Nothing of appeals is public: its changes never replace the cached public pages.
        public_cache.register_public_rule("appeals", public_cache.never_public)

        # A period shortened below the law's floor must stop the site starting, not surface
        # months later as an unlawful deadline.
        config.check()
        # Emails carrying an evidence link are written when sent: the outbox never holds one.
        reminders.register_composer(cases.ACKNOWLEDGEMENT_KIND, cases.compose_acknowledgement)
        reminders.register_composer(cases.EVIDENCE_LINK_KIND, cases.compose_evidence_link)
        # A decision letter not sent by its day reminds the hearing's clerk; an appeal past its
        # retention period is anonymised as its outbox row is sent.
        reminders.register_source(decisions.letter_reminders)
        reminders.register_source(retention.retention_specs)
        reminders.register_composer(retention.RETENTION_KIND, retention.compose_retention)
