"""Blocks of planning shown on pages of other apps (the territory's municipality page).

municipalities/ does not import planning (imports flow one way); its templates load this tag.
"""

from django import template

from planning.models import GeneralCharacteristics
from planning.selectors import municipality_plans

register = template.Library()


@register.inclusion_tag("planning/public/municipality_plans.html")
def public_plans_of(municipality):
    """The municipality's published plans (current and superseded) and the general
    characteristics of the territory from its current plan (two queries)."""
    plans = municipality_plans(municipality.pk)
    current = next((p for p in plans if p.status == p.Status.PUBLISHED), None)
    characteristics = GeneralCharacteristics.objects.filter(program=current).first() if current else None
    return {"plans": plans, "current": current, "characteristics": characteristics}
