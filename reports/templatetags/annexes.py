from django import template

from reports.tables import TABLES

register = template.Library()


@register.inclusion_tag("reports/_plan_annexes.html")
def annex_links(plan) -> dict:
    """The plan's annexes, with their preview and download links (for the plan page)."""
    return {"plan": plan, "tables": TABLES.values()}
