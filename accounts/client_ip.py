"""The client's address: the one way the portal reads it.

Used by the sign-in lock-out (django-axes, AXES_CLIENT_IP_CALLABLE) and the open-data API's
throttle (api/throttling.py); anything else that needs a visitor's address asks here too.

TRUSTED_PROXIES says how many proxies stand in front of the portal (README, "Production").
Each of them appends the address it received the request from to X-Forwarded-For, so the
client is the TRUSTED_PROXIES-th entry from the right of that header. Whatever stands further
left was written by the client and is never believed; with no proxy declared (the default) the
header is ignored altogether and the address is REMOTE_ADDR. DRF's NUM_PROXIES counts the
same way, and is set to the same number.

django-ipware parses the header (ports, brackets, IPv4-mapped IPv6, malformed entries). Its
proxy_count counts the proxies *inside* the header, after the client: the nearest proxy is
REMOTE_ADDR, not in the header, hence TRUSTED_PROXIES - 1. strict=False reads a longer chain
(a client that wrote its own X-Forwarded-For) from the right instead of rejecting it, which
would put every such client on the proxy's address.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def _read(request: HttpRequest, header: str, hops_after_client: int) -> str | None:
    address, _routable = get_client_ip(
        request,
        proxy_count=hops_after_client,
        request_header_order=[header],
        strict=False,
    )
    return address


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, as far as the declared proxies vouch."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        address = _read(request, "HTTP_X_FORWARDED_FOR", proxies - 1)
        if address:
            return address
        # No usable header: the request did not come through the proxies (a health check on
        # the container itself), so the peer is the client.
    return _read(request, "REMOTE_ADDR", 0)
