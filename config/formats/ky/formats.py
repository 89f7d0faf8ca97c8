"""Kyrgyz formats, as a municipal specialist writes them: a decimal comma and a no-break space
between thousands (Django's own ky formats use a point), and dates in the official form
"2019-жылдын 9-апрели" (Django's read "9 Апрель 2019 ж."). Everything else follows Django's ky.

`E` is the month's alternative name (msgctxt "alt. month"); our catalogue
(locale_overrides/ky) gives it the possessive form the official date needs: январы, февралы,
марты, апрели, майы, июну, июлу, августу, сентябры, октябры, ноябры, декабры. Cyrillic letters
are not format characters, so "жылдын" needs no escaping.
"""

from django.conf.locale.ky.formats import *  # noqa: F403

DATE_FORMAT = "Y-жылдын j-E"
DATETIME_FORMAT = "Y-жылдын j-E, G:i"
YEAR_MONTH_FORMAT = "Y-жылдын E"
MONTH_DAY_FORMAT = "j-E"

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3
