"""Template helpers shared by every area of the portal."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language

register = template.Library()


@register.inclusion_tag("includes/language_links.html", takes_context=True)
def language_links(context):
    """Links to this same page in each language, through the switcher (accounts.views.
    switch_language), which remembers the choice: plain links, so they work without
    JavaScript, can be cached, and need no CSRF token."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    return {
        "languages": [
            {
                "code": code,
                "name": name,
                "url": reverse("switch_language", args=[code]) + "?next=" + quote(path, safe="/"),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates for search engines and link previews."""
    request = context.get("request")
    if request is None:
        return ""
    from django.utils.html import format_html_join

    path = request.get_full_path()
    return format_html_join(
        "\n",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((code, request.build_absolute_uri(translate_url(path, code))) for code, _ in settings.LANGUAGES),
    )
