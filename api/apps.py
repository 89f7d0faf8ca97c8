from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only open data API (/api/v1/) and its terms of use (/<lang>/open-data/)."""

    name = "api"
    verbose_name = _("Open data")
