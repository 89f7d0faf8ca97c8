from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package as an app, so that its templates and messages are found."""

    name = "config"
    verbose_name = "SEDP portal"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models import CharField, TextField
        from django.db.models.functions import Lower

        from config import checks  # noqa: F401 - registers the system checks (SITE_URL)

        # `field__lower__contains` finds text in any case. PostgreSQL's lower() knows Cyrillic;
        # SQLite's only knows ASCII, so on SQLite it is replaced by Python's str.lower.
        CharField.register_lookup(Lower)
        TextField.register_lookup(Lower)
        connection_created.connect(_unicode_lower_for_sqlite, dispatch_uid="sqlite-unicode-lower")

        # Each celery worker writes a heartbeat that /healthz reads (config/heartbeat.py).
        from celery.signals import worker_ready, worker_shutdown

        from config.heartbeat import start_heartbeat, stop_heartbeat

        worker_ready.connect(start_heartbeat, weak=False, dispatch_uid="sedp-heartbeat-start")
        worker_shutdown.connect(stop_heartbeat, weak=False, dispatch_uid="sedp-heartbeat-stop")


def _unicode_lower_for_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "lower", 1, lambda value: value.lower() if isinstance(value, str) else value, deterministic=True
        )
