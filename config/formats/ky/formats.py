"""Kyrgyz formats, as a municipal specialist writes them: a decimal comma and a no-break space
between thousands (Django's own ky formats use a point). Everything else follows Django's ky."""

from django.conf.locale.ky.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3
