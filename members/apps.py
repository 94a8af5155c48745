from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from members import (
            cache_scope,
            reminder_sources,  # noqa: F401 - registers the reminder sources
        )

        cache_scope.register()

        # New councillors' terms of office from a declared result, on the officer's confirmation.
        from elections import result_signals
        from members import election_results

        result_signals.terms_proposed.connect(election_results.propose)
        result_signals.terms_confirmed.connect(election_results.confirm)
