"""Django's form renderer, with the common widgets drawn in Python instead of templates.

A direction's activity table has 50 rows of about 15 fields, and its selects have dozens of
options each: Django renders every option through its own template include, thousands of them
per page, which was most of the page's second. The functions below produce exactly what Django's
templates in django/forms/widgets/ produce (tests/config/test_form_renderer.py compares them for
every widget the portal uses); any other template goes to Django's templates as before.
"""

from __future__ import annotations

import html

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def conditional_escape(value) -> str:
    """django.utils.html.conditional_escape without its lazy-aware wrappers, which cost more than
    the escaping itself at thousands of calls a page: safe text as it is, the rest escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            # |stringformat:'s' then autoescape: escaped unless the value is already safe.
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget.get("value")
    shown = f' value="{conditional_escape(str(value))}"' if value is not None else ""
    return f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = widget.get("value")
    text = conditional_escape(value) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option.get("template_name") != "django/forms/widgets/select_option.html":
                return ""  # an unusual option: let Django's templates draw the whole select
            parts.append(f"\n  {_option(option)}\n")  # select_option.html ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "checkbox",
    "tel",
    "search",
)
FAST = {f"django/forms/widgets/{name}.html": _input for name in _INPUTS}
FAST["django/forms/widgets/textarea.html"] = _textarea
FAST["django/forms/widgets/select.html"] = _select


class FastWidgetRenderer(DjangoTemplates):
    """FORM_RENDERER: the widgets above in Python, everything else as Django renders it."""

    def render(self, template_name, context, request=None):
        draw = FAST.get(template_name)
        if draw is not None and "widget" in context:
            html = draw(context["widget"])
            if html:
                return mark_safe(html)  # noqa: S308 - every value above is escaped
        return super().render(template_name, context, request)
