"""The language a person chose, remembered: in Django's language cookie, which "/" and the admin
follow, and on the signed-in user (accounts.User.language), which signing in and the e-mails use.

The language switcher (templates/includes/language_links.html) links to
`/language/<code>/?next=<page>` (accounts.views.switch_language); signing in sets the user's own
language (accounts.views.LoginView). Both send the person on to the same page in that language.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def is_language(code: str | None) -> bool:
    return code in LANGUAGE_CODES


def safe_next(request: HttpRequest, url: str | None) -> str | None:
    """`url` if it is an address of this site (a path, or this host), else None: `//evil.com`,
    `https://evil.com` and `javascript:` are refused."""
    if not url:
        return None
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else None


def url_in_language(url: str, language: str) -> str:
    """The same page in `language`: `/ky/plans/7/?page=2` → `/ru/plans/7/?page=2`, and a `next`
    in its query (the sign-in page's) translated as well. An address without a language (the
    admin) stays as it is; one Django cannot resolve keeps its path with the prefix changed."""
    parts = urlsplit(url)
    # translate_url resolves the path in the active language, so it must be the path's own.
    own = translation.get_language_from_path(parts.path)
    with translation.override(own or settings.LANGUAGE_CODE):
        translated = urlsplit(translate_url(urlunsplit(parts._replace(query="")), language))
    path = translated.path
    if own and own != language and translation.get_language_from_path(path) == own:
        # Not a page Django knows (translate_url gave it back): change the prefix only.
        path = f"/{language}/" + path[len(own) + 2 :]
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(key == "next" and _is_path(value) for key, value in pairs):
        query = urlencode(
            [
                (key, url_in_language(value, language) if key == "next" and _is_path(value) else value)
                for key, value in pairs
            ]
        )
    return urlunsplit(translated._replace(path=path, query=query))


def _is_path(value: str) -> bool:
    """A path of this site (`/ky/…`), not an address elsewhere (`//host`, `/\\host`)."""
    return value.startswith("/") and not value.startswith(("//", "/\\"))


def home_in_language(language: str) -> str:
    with translation.override(language):
        return reverse("home")


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Remember `language` in this browser (settings: LANGUAGE_COOKIE_*), as Django's
    set_language does: "/" and the admin then open in it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def user_language_set(*, user, language: str) -> bool:
    """Store `language` as the user's own (sign-in and e-mails use it); False if it was already."""
    if not is_language(language) or user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True
