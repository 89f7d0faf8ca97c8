"""A start-up warning for a proxy the client addresses do not know about (`manage.py check`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security)
def proxy_declared(app_configs, **kwargs):
    """SECURE_HTTPS=1 means a TLS proxy stands in front (README, "Production"); with
    TRUSTED_PROXIES=0 every client would have the proxy's address."""
    if settings.SECURE_HTTPS and not settings.TRUSTED_PROXIES:
        return [
            Warning(
                "SECURE_HTTPS is on, so a TLS proxy is in front of the portal, but TRUSTED_PROXIES "
                "is 0: every client then has the proxy's address, so anyone can lock a user name "
                "out for everybody, and all clients share one API allowance.",
                hint="Set TRUSTED_PROXIES to the number of proxies in front of the portal (1 for one "
                "nginx or Caddy), and let only the proxy reach the portal's port.",
                id="accounts.W001",
            )
        ]
    return []
