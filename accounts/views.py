"""Signing in and out, and passwords. Django's own views, with our templates and e-mails."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.forms import LoginForm, PasswordResetForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the reset link in the language the visitor is using (the active one)."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows after too many failed sign-ins (HTTP 429)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
