"""Turn a bad configuration into one clear line instead of a traceback.

Used by manage.py, config/wsgi.py and config/celery.py. Only configuration problems are caught:
a bad or missing setting (ImproperlyConfigured) and a database that cannot be reached at all.
"""

import sys
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured


def _fail(message: str) -> None:
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(2)


def check_settings() -> None:
    """Load the settings now, so that a bad value is reported before anything else runs."""
    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - touching it loads and validates config/settings.py
    except ImproperlyConfigured as error:
        _fail(str(error))


def _database_unreachable() -> str | None:
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as error:  # noqa: BLE001 - any driver error means "cannot connect"
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return first_line
    return None


def run_guarded(command: Callable[[], object]) -> None:
    """Run a command; report bad settings or an unreachable database in one line."""
    check_settings()
    from django.db.utils import OperationalError

    try:
        command()
    except ImproperlyConfigured as error:
        _fail(str(error))
    except OperationalError:
        reason = _database_unreachable()
        if reason is None:
            raise
        _fail(f"cannot connect to the database given by DATABASE_URL ({reason}).")
