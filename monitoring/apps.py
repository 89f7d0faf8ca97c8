from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring of the plan's implementation")

    def ready(self) -> None:
        from monitoring.rollups.dashboard import DASHBOARD
        from planning.review.dashboard import register_dashboard_extension

        register_dashboard_extension(DASHBOARD)

        from monitoring.documents import register_documents
        from monitoring.plan_implementation import extend_plan
        from planning.presentation import register_extension

        register_documents()
        register_extension(extend_plan)
