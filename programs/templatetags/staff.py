from django import template
from django.utils.html import format_html

from audit.models import AuditEntry
from audit.readable import Names
from programs.workflow import State

register = template.Library()


@register.filter
def verbose_name(model) -> str:
    return model._meta.verbose_name


@register.filter
def verbose_name_plural(model) -> str:
    return model._meta.verbose_name_plural


_STATE_CLASS = {
    "borrador": "secondary",
    "en_revision": "info text-dark",
    "devuelto": "warning text-dark",
    "autorizado": "success",
}


@register.filter
def state_badge(obj) -> str:
    """The workflow state of a plan, progress round or replanning, as a badge."""
    return format_html('<span class="badge bg-{}">{}</span>', _STATE_CLASS[obj.state], obj.get_state_display())


@register.inclusion_tag("staff/_workflow.html", takes_context=True)
def workflow_panel(context, obj, prefix: str):
    """Signatures, the buttons the user may press (POST forms) and the transitions so far."""
    user = context["request"].user
    return {
        "object": obj,
        "prefix": prefix,
        "may_submit": obj.may_submit(user),
        "may_review": obj.may_review(user),
        # Nobody in the agency could review it: the page says so (the coordination stands in).
        "lone": obj.state in (State.DRAFT, State.RETURNED, State.IN_REVIEW) and obj.lacks_reviewer(),
        "transitions": obj.transitions.all(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("staff/_history.html")
def history(obj, limit: int = 50):
    """The audit trail of one object: every create, change and transition, newest first."""
    entries = list(AuditEntry.objects.for_object(obj).select_related("content_type")[:limit])
    names = Names()
    rows = [(entry, entry.readable_changes(names)) for entry in entries]
    return {"rows": rows, "entries": entries, "limit": limit}
