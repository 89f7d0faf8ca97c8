"""{% bootstrap_field field %}: a form field as crispy-bootstrap5's |as_crispy_field draws it,
built in Python.

The workspace's tables of rows draw hundreds of fields a page; crispy's field template, with its
includes and deep contexts, cost most of a 50-row page's time. This draws the same markup (label,
widget with the same classes and aria attributes, errors, help text; tests/config/
test_form_renderer.py compares the two) for the widgets the rows use, and hands anything else
(files, radio buttons, multiple checkboxes) to crispy.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_TO_CRISPY = (forms.FileInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.MultiWidget)


def _add_classes(widget, *names: str) -> None:
    """What crispy's {% crispy_field %} does to the widget: its own class name, then ours."""
    own = widget.__class__.__name__.lower()
    own = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(own, own)
    css = widget.attrs.get("class", "")
    if css:
        if css.find(own) == -1:
            css += f" {own}"
    else:
        css = own
    for name in names:
        if name not in css.split():
            css += f" {name}"
    widget.attrs["class"] = css


@register.simple_tag
def bootstrap_field(field):
    widget = field.field.widget
    if field.is_hidden:
        return str(field)
    if isinstance(widget, _TO_CRISPY):
        return as_crispy_field(field)
    checkbox = isinstance(widget, forms.CheckboxInput)
    if checkbox:
        kind = "form-check-input"
    elif isinstance(widget, forms.Select):
        kind = "form-select"
    else:
        kind = "form-control"
    _add_classes(widget, *([kind, "is-invalid"] if field.errors else [kind]))
    required = field.field.required
    label = format_html(
        '<label for="{}" class="{}{}">{}{}</label>',
        field.id_for_label,
        "form-check-label" if checkbox else "form-label",
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
            ),
        )
    help_text = ""
    if field.help_text:
        # Help texts are the project's own strings, trusted as HTML (as crispy and Django do).
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),  # noqa: S308
        )
    css = field.css_classes()
    css = f" {css}" if css else ""  # escaped by format_html
    if checkbox:
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}{}{}{}</div></div>',
            field.auto_id, css, str(field), label, errors, help_text,
        )  # fmt: skip
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id, css, label if field.label else "", str(field), errors, help_text,
    )  # fmt: skip
