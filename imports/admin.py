from django.contrib import admin

from audit.admin import ReadOnlyAdmin

from .models import Import


@admin.register(Import)
class ImportAdmin(ReadOnlyAdmin):
    """Imports are made and committed in the panel («Importar»), where the checks and the
    preview are; the administration only reads them."""

    list_display = ["created_at", "agency", "original_name", "uploaded_by_name", "status", "committed_at"]
    list_filter = ["status", "agency"]
    search_fields = ["original_name", "uploaded_by_name", "sha256"]
    date_hierarchy = "created_at"
    exclude = ["parsed"]
