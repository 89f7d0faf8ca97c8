"""The sign-in lock-out: django-axes per (user name, address), and a cap per user name.

django-axes locks a (user name, address) pair out after AXES_FAILURE_LIMIT failed sign-ins,
for AXES_COOLOFF_TIME (the address comes from accounts/client_ip.py, so behind the proxy it is
the client's, not the proxy's). That stops one machine guessing a password. It does not stop
an attacker with many addresses (a botnet, a block of IPv6 addresses), and axes cannot add a
second, slower limit: all its lock-out parameters share one limit and one cool-off.

Our addition, per user name across addresses: every failed password check is also written as
a SignInFailure row. Once SIGN_IN_USERNAME_FAILURE_LIMIT of them fall within the last
SIGN_IN_USERNAME_WINDOW, signing in with that user name is refused, before the password is
checked, until the oldest of them leaves the window. Refused attempts are not counted, so
whatever the attacker does the password is tried at most LIMIT times per window (50 an hour)
and the page can say exactly when the pause ends.

Why this cannot keep the real user out. A pause for everybody could: when it ends, the
attacker's script is quicker than a person, so as long as the attack lasts the user would
never get a turn, password reset or not. So the pause spares known browsers (the "device
cookie" of OWASP's authentication cheat sheet): a browser in which somebody signed in as that
user, or set the user's new password from the reset e-mail, carries a token that names the
user and their current password hash, signed with SECRET_KEY. The attacker cannot make one
without the password (or the mailbox); the user's own browsers never notice the attack. A
person on a new device resets the password by e-mail: that clears the user's failures (both
kinds, as the old guesses are moot anyway) and makes that browser known, so they sign in with
the new password at once even if the attack goes on. A password change forgets every known
browser, since the token covers the password hash.

The per-(user name, address) lock-out applies to known browsers too: it only bites an
attacker who shares the user's address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import SignInFailure

KNOWN_BROWSER_COOKIE = "sedp_known"
KNOWN_BROWSER_DAYS = 365
# Tokens kept in one browser: a shared office computer may be known for several people.
KNOWN_BROWSER_TOKENS = 5
_TOKEN = re.compile(r"[0-9a-f]{32}")


# --- Known browsers -------------------------------------------------------------------------------


def _browser_token(user) -> str:
    return salted_hmac(
        "accounts.lockout.known-browser", f"{user.pk}:{user.password}", algorithm="sha256"
    ).hexdigest()[:32]


def _tokens(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(KNOWN_BROWSER_COOKIE, "")
    return [token for token in raw.split(".") if _TOKEN.fullmatch(token)][:KNOWN_BROWSER_TOKENS]


def remember_browser(request: HttpRequest, response: HttpResponse, user) -> None:
    """Mark the browser of `request` as known for `user` (after a sign-in or a password reset)."""
    token = _browser_token(user)
    tokens = [token, *(t for t in _tokens(request) if t != token)][:KNOWN_BROWSER_TOKENS]
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        ".".join(tokens),
        max_age=KNOWN_BROWSER_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_browser(request: HttpRequest, username: str) -> bool:
    tokens = _tokens(request)
    if not tokens:
        return False
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    return user is not None and _browser_token(user) in tokens


# --- The count per user name ------------------------------------------------------------------------


def username_paused_until(username: str, *, now: datetime | None = None) -> datetime | None:
    """When the pause for `username` ends, or None if its failures are under the limit."""
    now = now or timezone.now()
    limit = settings.SIGN_IN_USERNAME_FAILURE_LIMIT
    window = settings.SIGN_IN_USERNAME_WINDOW
    latest = list(
        SignInFailure.objects.filter(username=username, attempted_at__gt=now - window)
        .order_by("-attempted_at")
        .values_list("attempted_at", flat=True)[:limit]
    )
    if len(latest) < limit:
        return None
    # Under the limit again once the limit-th latest failure is out of the window.
    return latest[-1] + window


def _refused_until(request: HttpRequest, credentials: dict | None) -> datetime | None:
    username = get_client_username(request, credentials)
    if not username:
        return None
    until = username_paused_until(username, now=request.axes_attempt_time)
    if until is None or is_known_browser(request, username):
        return None
    return until


def _record_failure(request: HttpRequest, username: str) -> None:
    now = request.axes_attempt_time
    SignInFailure.objects.filter(attempted_at__lte=now - settings.SIGN_IN_USERNAME_WINDOW).delete()
    SignInFailure.objects.create(
        username=username[:255], ip_address=request.axes_ip_address, attempted_at=now
    )


class SignInLockoutHandler(AxesDatabaseHandler):
    """axes' database handler, plus the pause per user name (AXES_HANDLER)."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return _refused_until(request, credentials) is not None

    def pair_locked_until(self, request, credentials=None) -> datetime | None:
        """When axes' lock-out of this user name at this address ends, or None if none holds."""
        if not super().is_locked(request, credentials):
            return None
        latest = [
            attempts.aggregate(latest=Max("attempt_time"))["latest"]
            for attempts in self.get_user_attempts(request, credentials)
        ]
        latest = [moment for moment in latest if moment is not None]
        return max(latest) + get_cool_off(request) if latest else None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # Set by the backend when it refused the attempt without checking the password
        # (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off): not a guess, not counted.
        refused = request is not None and request.axes_locked_out
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or refused or self.is_whitelisted(request, credentials):
            return
        username = get_client_username(request, credentials)
        if not username:
            return
        _record_failure(request, username)
        if not request.axes_locked_out and _refused_until(request, credentials) is not None:
            # The failure that reaches the limit answers with the lock-out page, as axes does.
            request.axes_locked_out = True
            request.axes_credentials = credentials


# --- What the lock-out page says, and the reset ------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    until: datetime
    by_username: bool  # the pause per user name (else: this user name from this address)


def lockout_of(request: HttpRequest, credentials: dict | None) -> Lockout:
    """Why the sign-in in `request` is refused, and until when (the later end if both hold)."""
    AxesProxyHandler.update_request(request)
    pair_until = AxesProxyHandler.get_implementation().pair_locked_until(request, credentials)
    paused_until = _refused_until(request, credentials)
    ends = [moment for moment in (pair_until, paused_until) if moment is not None]
    if not ends:  # both ended between the refusal and this page: say axes' cool-off
        ends = [request.axes_attempt_time + get_cool_off(request)]
    return Lockout(until=max(ends), by_username=paused_until is not None)


def sign_in_failures_clear(*, user) -> None:
    """Forget every failed sign-in of `user`, from all addresses (after a password reset)."""
    username = user.get_username()
    axes_reset(username=username)
    SignInFailure.objects.filter(username=username).delete()
