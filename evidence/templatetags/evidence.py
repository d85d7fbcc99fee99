from django import template

register = template.Library()


@register.inclusion_tag("evidence/_list.html")
def evidence_for(owner) -> dict:
    """The evidence of a progress report or an evaluation as it stands; old versions are on each
    evidence's own page. Reads `owner.evidence` (or `documents`) so that a page listing many
    reports prefetches it once."""
    rows = owner.evidence.all() if owner._meta.model_name == "progressreport" else owner.documents.all()
    return {"items": sorted((row for row in rows if row.is_listed), key=lambda row: row.pk)}
