"""{% bootstrap_field field %}: a form field as crispy-bootstrap5's |as_crispy_field draws it,
built in Python.

The workspace's tables of rows draw hundreds of fields a page; crispy's field template, with its
includes and deep contexts, cost most of a 50-row page's time. This draws the same markup (label,
widget with the same classes and aria attributes, errors, help text; tests/config/
test_form_renderer.py compares the two) for the widgets the rows use, and hands anything else
(files, radio buttons, multiple checkboxes) to crispy. {% form_grid form %} draws a whole form's
fields in the grid of planning/partials/fields.html (one call a row of a table instead of a
template loop). Values are escaped with config.form_renderer's conditional_escape, Django's
without its lazy-string wrappers, which cost more than the escaping at thousands of calls a page.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.utils.safestring import mark_safe

from config.form_renderer import conditional_escape as escape

register = template.Library()

_ASTERISK = '<span class="asteriskField">*</span>'
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
    field_errors = field.errors  # a new list on every read
    _add_classes(widget, *([kind, "is-invalid"] if field_errors else [kind]))
    required = field.field.required
    auto_id = field.auto_id
    # Every value below goes through escape() (safe text as it is), as format_html would do.
    label_text = escape(field.label)
    label = (
        f'<label for="{escape(field.id_for_label)}" class="'
        f'{"form-check-label" if checkbox else "form-label"}{" requiredField" if required else ""}">'
        f"{label_text}{_ASTERISK if required else ''}</label>"
    )
    errors = ""
    if field_errors:
        auto = escape(auto_id)
        errors = "".join(
            f'<p id="error_{number}_{auto}"><strong>{escape(error)}</strong></p>'
            for number, error in enumerate(field_errors, start=1)
        )
        errors = f'<div id="{escape(field_errors.field_id)}_error" class="invalid-feedback">{errors}</div>'
    help_text = ""
    if field.help_text:
        # Help texts are the project's own strings, trusted as HTML (as crispy and Django do).
        help_text = f'<div id="{escape(auto_id)}_helptext" class="form-text">{field.help_text}</div>'
    css = field.css_classes()
    css = f" {escape(css)}" if css else ""
    if checkbox:
        return mark_safe(  # noqa: S308 - escaped above
            f'<div class="mb-3"><div id="div_{escape(auto_id)}" class="form-check{css}">'
            f"{field}{label}{errors}{help_text}</div></div>"
        )
    return mark_safe(  # noqa: S308 - escaped above
        f'<div id="div_{escape(auto_id)}" class="mb-3{css}">'
        f"{label if field.label else ''}{field}{errors}{help_text}</div>"
    )


def _column(field) -> str:
    """The grid column of a field in planning/partials/fields.html."""
    kind = field.widget_type
    if kind == "textarea":
        return "col-12"
    if kind == "checkbox":
        return "col-6 col-md-4 col-xl-3"
    return "col-12 col-md-6 col-xl-4"


@register.simple_tag
def form_grid(form):
    """A form's fields in a responsive grid: its errors, its hidden fields, then a column per
    visible field (a text area takes the whole line, a checkbox a narrow column), as the
    template planning/partials/fields.html drew them, built here for the tables of rows."""
    parts = []
    errors = form.non_field_errors()
    if errors:
        parts.append(f'<div class="alert alert-danger py-2">{escape(errors)}</div>')
    parts.extend(str(hidden) for hidden in form.hidden_fields())
    parts.append('<div class="row g-2">')
    for field in form.visible_fields():
        if field.name != "DELETE":
            parts.append(f'<div class="{_column(field)}">{bootstrap_field(field)}</div>')
    parts.append("</div>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped HTML
