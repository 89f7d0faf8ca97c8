from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from celery.signals import worker_process_init, worker_ready

        from documents.limits import limit_worker_memory
        from documents.tasks import sweep_when_a_worker_starts

        worker_process_init.connect(limit_worker_memory, weak=False, dispatch_uid="documents-memory-limit")
        worker_ready.connect(sweep_when_a_worker_starts, weak=False, dispatch_uid="documents-sweep-at-start")
