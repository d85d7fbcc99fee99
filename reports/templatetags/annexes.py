import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports.combined import TITLE as COMBINED_TITLE
from reports.indicator_tables import number_text, rating_text, result_text, tables_for, uses_indicators
from reports.writers import combined_formats

register = template.Library()


@register.inclusion_tag("reports/_plan_annexes.html")
def annex_links(plan) -> dict:
    """The plan's annexes, with their preview and download links, and its combined document (for
    the plan page); for a plan measured by indicators, its indicator tables and the informe ejecutivo too."""
    indicators = uses_indicators(plan)
    return {
        "plan": plan,
        "tables": tables_for(plan, indicators=indicators),
        "indicators": indicators,
        "combined_title": COMBINED_TITLE,
        "combined_formats": combined_formats(),
    }


# A URL as a cell prints it: up to whitespace; a closing bracket or stop after it is not part of it.
URL = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,;:)\]*])")


# A URL up to this long is kept on one line (it fits a column of the annexes); a longer one may
# break anywhere rather than widen the page.
URL_ON_ONE_LINE = 40


def url_span(match: re.Match) -> str:
    url = match[1]
    kind = "url" if len(url) <= URL_ON_ONE_LINE else "url long"
    return f'<span class="{kind}">{url}</span>'


@register.filter
def annex_cell(text: str) -> str:
    """A cell's text as HTML: escaped, its line breaks kept, and each URL in a span that is never
    hyphenated nor broken at its slashes (a URL copied from the PDF must work), unless it is too
    long for any column."""
    html = URL.sub(url_span, str(escape(text)))
    return mark_safe(html.replace("\n", "<br>"))


@register.filter
def normalize(value) -> str:
    """A stored decimal as people write it: «70», «72.5»."""
    return number_text(value)


@register.filter
def compliance_result(row) -> str:
    """The «Resultado de la medición» cell of the annex «Cumplimiento», for a page."""
    return result_text(row)


@register.filter
def compliance_rating(row) -> str:
    """The «Calificación» cell of the annex «Cumplimiento», for a page."""
    return rating_text(row)
