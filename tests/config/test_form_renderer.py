"""The fast drawing of fields and widgets gives the same HTML as Django's templates and crispy.

config/form_renderer.py draws the common widgets in Python, config/templatetags/fields.py the
crispy-bootstrap5 field around them; both are speed only, so every case here must read the same
as the slow path, hostile values included.
"""

from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from config.form_renderer import FastWidgetRenderer
from config.templatetags.fields import bootstrap_field

HOSTILE = '"><script>alert(1)</script>&amp;'


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.tokens.append((">", tag))

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.tokens.append(("text", text))

    def handle_entityref(self, name):
        self.tokens.append(("entity", name))

    def handle_charref(self, name):
        self.tokens.append(("char", name))


def tokens(html: str) -> list:
    parser = _Tokens()
    parser.feed(str(html))
    return parser.tokens


class Everything(forms.Form):
    text = forms.CharField(label="Name <b>", max_length=20, help_text="Help text")
    optional = forms.CharField(required=False, label="Optional")
    number = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(required=False, label="A flag")
    required_flag = forms.BooleanField(label="Required flag")
    choice = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", HOSTILE)], label="Choice")
    grouped = forms.ChoiceField(
        required=False, choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], label="Grouped"
    )
    many = forms.MultipleChoiceField(required=False, choices=[("1", "One"), ("2", "Two")])
    long = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    secret = forms.CharField(required=False, widget=forms.HiddenInput)


CASES = {
    "unbound": None,
    "valid": {
        "p-text": "Ак-Тал",
        "p-number": "12.50",
        "p-day": "2026-12-01",
        "p-flag": "on",
        "p-required_flag": "on",
        "p-choice": "a",
        "p-grouped": "y",
        "p-many": ["1", "2"],
        "p-long": "first line\nsecond <line>",
        "p-secret": HOSTILE,
    },
    "hostile and wrong": {
        "p-text": HOSTILE * 3,
        "p-number": HOSTILE,
        "p-day": "not a day",
        "p-choice": HOSTILE,
        "p-long": HOSTILE,
        "p-secret": HOSTILE,
    },
}


@pytest.mark.parametrize("case", CASES)
def test_the_fast_widgets_draw_what_djangos_templates_draw(case):
    fast = Everything(CASES[case], prefix="p", renderer=FastWidgetRenderer())
    slow = Everything(CASES[case], prefix="p", renderer=DjangoTemplates())
    fast.is_valid(), slow.is_valid()
    for name in Everything.base_fields:
        assert str(fast[name]) == str(slow[name]), name


@pytest.mark.parametrize("value", [HOSTILE, mark_safe("&amp; already escaped")])
def test_plain_text_is_escaped_and_safe_text_is_left_as_django_leaves_it(value):
    for widget in (forms.TextInput(), forms.Textarea(), forms.Select(choices=[(value, value)])):
        fast = widget.render("x", value, renderer=FastWidgetRenderer())
        assert fast == widget.render("x", value, renderer=DjangoTemplates())
    assert "<script>" not in forms.TextInput().render("x", HOSTILE, renderer=FastWidgetRenderer())


@pytest.mark.parametrize("case", CASES)
def test_bootstrap_field_draws_what_crispy_draws(case):
    form = Everything(CASES[case], prefix="p")
    form.is_valid()
    again = Everything(CASES[case], prefix="p")
    again.is_valid()
    for name in Everything.base_fields:
        assert tokens(bootstrap_field(form[name])) == tokens(as_crispy_field(again[name])), name


@pytest.mark.django_db
def test_the_workspace_rows_draw_as_crispy_draws_them(program_a):
    """The formsets the workspace pages draw most: activities, members, indicators."""
    from municipalities.models import Village
    from planning.authoring import forms as planning_forms
    from planning.models import Objective, Sector, WorkingGroup

    objectives = Objective.objects.none()
    activity = planning_forms.ActivityForm(
        {"activity-title": HOSTILE, "activity-start_year": "3000"},
        program=program_a,
        objectives=objectives,
        objective_codes={},
        villages=Village.objects.none(),
        sectors=Sector.objects.all(),
        prefix="activity",
    )
    activity.is_valid()
    twin = planning_forms.ActivityForm(
        {"activity-title": HOSTILE, "activity-start_year": "3000"},
        program=program_a,
        objectives=objectives,
        objective_codes={},
        villages=Village.objects.none(),
        sectors=Sector.objects.all(),
        prefix="activity",
    )
    twin.is_valid()
    for name in activity.fields:
        assert tokens(bootstrap_field(activity[name])) == tokens(as_crispy_field(twin[name])), name

    group = WorkingGroup.objects.get(program=program_a)
    members = planning_forms.MemberFormSet(instance=group, prefix="members", villages=Village.objects.none())
    form = members.empty_form
    for name in form.fields:
        assert tokens(bootstrap_field(form[name])) == tokens(as_crispy_field(members.empty_form[name])), name


# The grid planning/partials/fields.html drew in the template language before form_grid drew it.
GRID_TEMPLATE = """{% load fields %}
{% if form.non_field_errors %}<div class="alert alert-danger py-2">{{ form.non_field_errors }}</div>{% endif %}
{% for hidden in form.hidden_fields %}{{ hidden }}{% endfor %}
<div class="row g-2">
  {% for field in form.visible_fields %}
    {% if field.name != "DELETE" %}
      <div class="{% if field.widget_type == 'textarea' %}col-12{% elif field.widget_type == 'checkbox' %}col-6 col-md-4 col-xl-3{% else %}col-12 col-md-6 col-xl-4{% endif %}">{% bootstrap_field field %}</div>
    {% endif %}
  {% endfor %}
</div>"""


class WithFormErrors(Everything):
    def clean(self):
        raise forms.ValidationError(HOSTILE)


@pytest.mark.parametrize("case", CASES)
def test_form_grid_draws_what_the_fields_template_drew(case):
    from django.template import Context, Template

    from config.templatetags.fields import form_grid

    for form_class in (Everything, WithFormErrors):
        form = form_class(CASES[case], prefix="p")
        form.is_valid()
        again = form_class(CASES[case], prefix="p")
        again.is_valid()
        drawn = Template(GRID_TEMPLATE).render(Context({"form": again}))
        assert tokens(form_grid(form)) == tokens(drawn)
        assert "<script>" not in form_grid(form)
