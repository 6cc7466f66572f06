"""Template tags of the regions app: the 'find your county' form."""

from django import template

from ..forms import CountyFinderForm

register = template.Library()


@register.inclusion_tag("regions/includes/county_finder.html")
def county_finder(heading_level: int = 2) -> dict:
    """A form that takes the visitor to their county's page; works without JavaScript."""
    return {"form": CountyFinderForm(auto_id="county-finder-%s"), "heading_level": heading_level}
