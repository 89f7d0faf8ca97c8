"""Messages that Django's own Kyrgyz catalogue lacks, so that our catalogue translates them.

Never called: `makemessages` reads these markers and puts the messages into locale/*/django.po.
Listed from Django 5.2's catalogues (core, auth, admin): translated in Russian there, not in Kyrgyz.
"""

from django.utils.translation import gettext_noop, ngettext_lazy


def _messages_missing_from_djangos_kyrgyz_catalogue() -> list:
    return [
        gettext_noop("Enter a valid domain name."),
        gettext_noop("Enter a valid %(protocol)s address."),
        gettext_noop("IPv4"),
        gettext_noop("IPv6"),
        gettext_noop("IPv4 or IPv6"),
        gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
        gettext_noop(
            "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
        ),
        gettext_noop("Constraint “%(name)s” is violated."),
        gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
        ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1),
        ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 1),
        gettext_noop("Conflicting form data submitted. Please try again."),
        gettext_noop("Password-based authentication was disabled."),
        gettext_noop("Set password: %s"),
        gettext_noop("Reset password"),
        gettext_noop("Set password"),
        gettext_noop(
            "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
        ),
        gettext_noop("Password-based authentication"),
        gettext_noop("Enabled"),
        gettext_noop("Disabled"),
        gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
        gettext_noop("Enable password-based authentication for this user by setting a password."),
        ngettext_lazy(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            1,
        ),
        gettext_noop(
            "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
        ),
        gettext_noop("Select this object for an action - {}"),
        gettext_noop("Breadcrumbs"),
        gettext_noop("Model name"),
        gettext_noop("Add link"),
        gettext_noop("Change or view list link"),
        gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
        gettext_noop("Error:"),
        gettext_noop("Set password"),
        gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
        gettext_noop("Disable password-based authentication"),
        gettext_noop("Enable password-based authentication"),
        gettext_noop("Skip to main content"),
        gettext_noop("Hide counts"),
        gettext_noop("Show counts"),
        gettext_noop("Toggle theme (current theme: auto)"),
        gettext_noop("Toggle theme (current theme: light)"),
        gettext_noop("Toggle theme (current theme: dark)"),
        gettext_noop("Added:"),
        gettext_noop("Changed:"),
        gettext_noop("Deleted:"),
        gettext_noop("Forgotten your login credentials?"),
        gettext_noop("Sidebar"),
        ngettext_lazy("entry", "entries", 1),
        gettext_noop("View selected %(model)s"),
        gettext_noop("In case you’ve forgotten, you are:"),
        gettext_noop("Select all objects on this page for an action"),
        # Messages Django's Kyrgyz catalogue has, but garbled; our catalogue corrects them.
        gettext_noop("This field is required."),
        gettext_noop("Enter a valid date."),
        gettext_noop("Enter a whole number."),
        ngettext_lazy(
            "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s decimal places.",
            1,
        ),
        gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
        gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    ]
