"""The portal's URLs and two pages that fail, to see the 403 and 500 pages (tests only)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    *portal_urlpatterns,
    *i18n_patterns(path("test-forbidden/", _forbidden), path("test-broken/", _broken)),
]
