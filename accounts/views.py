"""Signing in and out, and passwords. Django's own views, with our templates and e-mails."""

import math
from datetime import timedelta

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from accounts.forms import LoginForm, PasswordResetForm
from accounts.lockout import lockout_of, remember_browser, sign_in_failures_clear


class LoginView(auth_views.LoginView):
    """Signing in; the browser becomes known for the user (accounts/lockout.py)."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_browser(self.request, response, form.get_user())
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
