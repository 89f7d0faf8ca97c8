"""Blocks of monitoring shown on pages of other apps (the territory's oblast and rayon pages).

municipalities/ does not import monitoring (imports flow one way); its templates load this tag.
"""

from django import template

register = template.Library()


@register.inclusion_tag("monitoring/rollups/link.html")
def monitoring_rollup_link(area, kind: str):
    """A link to the roll-up of an oblast (`kind` "region") or a rayon ("district"); no query."""
    return {"area": area, "route": f"monitoring:{kind}"}
