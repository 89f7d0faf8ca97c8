from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "hearings"
    verbose_name = _("Public hearings")

    def ready(self) -> None:
        from hearings.documents import register_documents
        from hearings.plan_traces import extend_plan
        from planning.presentation import register_extension

        register_documents()
        register_extension(extend_plan)
