from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package as an app, so that its templates and messages are found."""

    name = "config"
    verbose_name = "SEDP portal"
