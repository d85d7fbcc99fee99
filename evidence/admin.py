from django.contrib import admin

from audit.admin import ReadOnlyAdmin

from .models import Evidence


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Read-only: files enter only through the checked upload, and leave only through the
    staff pages, which keep the workflow's rules."""

    list_display = [
        "__str__",
        "description",
        "agency",
        "state",
        "current",
        "publishable",
        "size",
        "uploaded_by_name",
        "uploaded_at",
    ]
    list_filter = ["state", "current", "publishable", "document", "agency"]
    search_fields = ["original_name", "description", "sha256", "url"]
    list_select_related = ["agency"]
