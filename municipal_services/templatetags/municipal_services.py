"""Municipal services, joint action plans and local initiatives on pages of other apps (the
territory's municipality page). municipalities/ does not import municipal_services (imports flow
one way); its templates load these tags."""

from __future__ import annotations

from django import template

from municipal_services.selectors import japs_of_municipality, municipality_services, public_initiatives

register = template.Library()


@register.inclusion_tag("municipal_services/public/_services_block.html")
def public_services_of(municipality):
    """The municipality's services with their current tariff and latest survey (three queries)."""
    return {"municipality": municipality, "services": municipality_services(municipality.pk)}


@register.inclusion_tag("municipal_services/public/_japs_block.html")
def public_japs_of(municipality):
    """The municipality's published and reported joint action plans (one query)."""
    return {"municipality": municipality, "plans": japs_of_municipality(municipality.pk, public=True)}


@register.inclusion_tag("municipal_services/public/_initiatives_block.html")
def public_initiatives_of(municipality):
    """The municipality's local initiatives, without contacts (one query)."""
    return {"municipality": municipality, "initiatives": public_initiatives(municipality_id=municipality.pk)}
