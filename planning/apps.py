from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Development programs")

    def ready(self) -> None:
        from planning.publication.document_kinds import register_documents

        register_documents()
