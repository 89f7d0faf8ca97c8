"""The CSRF failure page (settings.CSRF_FAILURE_VIEW): in the site's layout and the visitor's
language, instead of Django's English one. 404, 403 and 500 are Django's own views rendering
templates/404.html, 403.html and 500.html."""

import logging

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


def csrf_failure(request, reason: str = ""):
    """A form came without a valid token (an old page, cookies refused): say so, and link back to
    the page the form was on, which shows it again with a fresh token."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    back = request.get_full_path()
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)
