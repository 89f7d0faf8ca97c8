from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Territory and projects")

    def ready(self):
        from municipalities.ordering import register_sqlite_collation

        # Names sort in Kyrgyz alphabetical order on SQLite too (municipalities/ordering.py).
        connection_created.connect(register_sqlite_collation, dispatch_uid="municipalities.kyrgyz_collation")
