from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The composition root: the public site across domains, above the apps."""

    name = "website"
    verbose_name = "Public website"
