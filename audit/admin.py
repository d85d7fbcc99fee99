from django.contrib import admin

from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is never added, changed or deleted by hand, not even by an administrator."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "content_type", "object_repr", "user_name", "source"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "user_name", "object_id", "source"]
    date_hierarchy = "at"
