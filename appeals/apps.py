from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "Education appeals"

    def ready(self) -> None:
        from appeals import config

        # A period shortened below the law's floor must stop the site starting, not surface
        # months later as an unlawful deadline.
        config.check()
