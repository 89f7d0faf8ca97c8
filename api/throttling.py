"""The open-data API's allowance per address (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES)."""

from rest_framework.throttling import AnonRateThrottle

from accounts.client_ip import client_ip


class OpenDataThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, counting by the address the sign-in lock-out uses too, so
    that TRUSTED_PROXIES decides both (DRF's own reading, NUM_PROXIES, is set to the same)."""

    def get_ident(self, request):
        return client_ip(request) or ""
