import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_worker_process_gets_a_memory_ceiling_and_a_huge_allocation_fails():
    """In a separate process (the limit cannot be lifted again): the ceiling is set and holds."""
    script = textwrap.dedent(
        """
        import os, resource, django
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        django.setup()
        from django.conf import settings
        settings.DOCUMENT_WORKER_MEMORY_MB = 1024
        from documents.limits import limit_worker_memory
        limit = limit_worker_memory()
        assert resource.getrlimit(resource.RLIMIT_AS)[0] == limit == 1024 * 1024 * 1024
        try:
            block = bytearray(2 * 1024 * 1024 * 1024)
        except MemoryError:
            print("refused")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "refused"
