"""A memory ceiling for the worker processes that render PDFs.

A hostile or huge document must not take the machine down: each worker process gets an
address-space limit (DOCUMENT_WORKER_MEMORY_MB); a render that goes past it fails with a
MemoryError, which the task records as the document's error. Celery also replaces a process
after CELERY_MAX_TASKS_PER_CHILD tasks or CELERY_MAX_MEMORY_PER_CHILD_KB of memory.
"""

import logging
import resource

from django.conf import settings

log = logging.getLogger(__name__)


def limit_worker_memory(**kwargs) -> int | None:
    """Set RLIMIT_AS of this process; returns the limit in bytes (None when switched off)."""
    megabytes = settings.DOCUMENT_WORKER_MEMORY_MB
    if not megabytes:
        return None
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    log.info("Worker process memory limited to %s MB", limit // (1024 * 1024))
    return limit
