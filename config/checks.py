"""Start-up warnings about the portal's own settings (`manage.py check`, and before `migrate`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@register()
def site_url_set(app_configs, **kwargs):
    """Links in e-mails and documents are written from SITE_URL, without a request (tasks send
    them). In development `make run` sets it to where it serves; in production it must be said."""
    if settings.DEBUG or urlsplit(settings.SITE_URL).hostname not in LOOPBACK:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL} while DEBUG is off: links in e-mails and documents "
            "would point to this machine, which nobody who receives them can open.",
            hint="Set SITE_URL to the portal's public address, e.g. https://sedp.example.kg.",
            id="config.W001",
        )
    ]
