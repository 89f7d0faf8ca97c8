"""Signing in and out, and passwords. Django's own views, with our templates and e-mails."""

import math
from datetime import timedelta

from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.forms import LoginForm, PasswordResetForm
from accounts.language import (
    home_in_language,
    is_language,
    language_cookie_set,
    safe_next,
    url_in_language,
    user_language_set,
)
from accounts.lockout import lockout_of, remember_browser, sign_in_failures_clear


@require_GET
@never_cache
def switch_language(request, code):
    """The language switcher: a plain link (`/language/ru/?next=/ky/plans/7/`), so it works on a
    phone without JavaScript. The choice is kept in the language cookie and, for a signed-in
    person, as their own language; then the same page opens in it. A `next` that is not an
    address of this site goes to the home page."""
    if not is_language(code):
        raise Http404
    target = safe_next(request, request.GET.get("next"))
    response = HttpResponseRedirect(url_in_language(target, code) if target else home_in_language(code))
    language_cookie_set(response, code)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=code)
    return response


class LoginView(auth_views.LoginView):
    """Signing in; the browser becomes known for the user (accounts/lockout.py). The portal
    then speaks the user's own language: the page asked for (`next`) opens in it, and the
    language cookie is set to it."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        language = getattr(self.request.user, "language", None)
        return url_in_language(url, language) if is_language(language) else url

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        remember_browser(self.request, response, user)
        if is_language(user.language):
            language_cookie_set(response, user.language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the reset link in the language the visitor is using (the active one)."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the reset e-mail: the user's failed sign-ins are forgotten
    and this browser becomes known, so the new password works here at once, even while someone
    goes on guessing from elsewhere (accounts/lockout.py)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        sign_in_failures_clear(user=form.user)
        remember_browser(self.request, response, form.user)
        return response


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows after too many failed sign-ins (HTTP 429, AXES_LOCKOUT_CALLABLE):
    until when, and the way out through the password reset."""
    lockout = lockout_of(request, credentials)
    seconds = max(1, math.ceil((lockout.until - timezone.now()).total_seconds()))
    # The time shown is rounded up, so that trying again at that minute works.
    shown = lockout.until.replace(second=0, microsecond=0)
    if shown < lockout.until:
        shown += timedelta(minutes=1)
    context = {"minutes": math.ceil(seconds / 60), "until": shown, "by_username": lockout.by_username}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
