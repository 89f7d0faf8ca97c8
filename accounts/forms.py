from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not right. Both are case-sensitive. After several "
            "failed attempts, signing in is blocked for a while."
        ),
        "inactive": _("This account is switched off. Ask your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The reset e-mail speaks the recipient's own language (User.language), whatever page it was
    asked from: its text, its link (/<language>/accounts/password/reset/…) and its `lang`."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = getattr(context.get("user"), "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(
                subject_template_name, email_template_name, {**context, "language": language}, *args, **kwargs
            )
