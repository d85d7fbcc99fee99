from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse

from audit.admin import ReadOnlyAdmin

from .access import lock_of
from .models import (
    Agency,
    CutOffPeriod,
    Cycle,
    Evaluation,
    EvaluationType,
    ManagementScope,
    Membership,
    Program,
    Recommendation,
    Region,
    Unit,
)
from .workflow import Transition

SIGNATURE_FIELDS = [
    "state",
    "prepared_by_name",
    "prepared_by_position",
    "prepared_at",
    "authorised_by_name",
    "authorised_by_position",
    "authorised_at",
]


# What a locked page adds to the model's own reason.
THROUGH_WORKFLOW = (
    "Ni la administración lo cambia: una corrección se hace con una nueva versión o un replanteamiento, "
    "por el flujo de autorización."
)
LOCKED_PARENT = "Escoja uno que aún admita cambios: lo enviado a revisión o autorizado ya no se modifica."


def _deletion_lock(obj) -> str | None:
    # Signed content is not deleted; nor is a catalogue entry whose deletion would change it (a
    # unit named by an authorised activity: its `deletion_refusal()`).
    if obj is None:
        return None
    refusal = getattr(obj, "deletion_refusal", None)
    return lock_of(obj) or (refusal() if refusal else None)


class SignedContentAdmin(admin.ModelAdmin):
    """Content under a submitted or authorised plan, round or replanning is read-only here too,
    for a superuser as much as anyone: the same rule as the staff pages (`access.lock_of()`, their
    `unlocked()`), shown with its reason. The pages refuse a change or a deletion with 403, the
    «eliminar seleccionados» action asks `has_delete_permission()` per row, and a `pre_delete`
    guard (`workflow.refuse_deleting_locked`) stops whatever else deletes."""

    # The foreign keys naming what a row hangs under (an ASM's plan): a new or edited row may only
    # be put under one that still takes changes.
    locked_parents: tuple[str, ...] = ()

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not lock_of(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not _deletion_lock(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        reason = lock_of(self.get_object(request, unquote(object_id)))
        if reason:
            if request.method == "POST":
                raise PermissionDenied(f"{reason} {THROUGH_WORKFLOW}")
            messages.warning(request, f"{reason} {THROUGH_WORKFLOW}")
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        reason = _deletion_lock(self.get_object(request, unquote(object_id)))
        if reason:
            raise PermissionDenied(f"{reason} {THROUGH_WORKFLOW}")
        return super().delete_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.locked_parents:
            kwargs["queryset"] = db_field.related_model._default_manager.unlocked()
            kwargs["error_messages"] = {"invalid_choice": LOCKED_PARENT}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReviewableAdmin(SignedContentAdmin):
    """State and signatures are shown, never edited: only the workflow's transitions set them."""

    readonly_fields = SIGNATURE_FIELDS


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "from_state", "to_state", "by_name"]
    list_filter = ["to_state", "content_type"]


class UnitFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        refusals = [reason for form in self.deleted_forms if (reason := form.instance.deletion_refusal())]
        if refusals:
            raise ValidationError(refusals)


class UnitInline(admin.TabularInline):
    model = Unit
    formset = UnitFormSet
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "order", "state"]
    list_filter = ["order", "state"]
    search_fields = ["name", "acronym"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(SignedContentAdmin):
    list_display = ["name", "acronym", "agency", "email"]
    list_filter = ["agency"]
    search_fields = ["name", "acronym"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """The catalogue of regions an agency reports on; one «Todas las regiones» per agency."""

    list_display = ["name", "agency", "all_regions"]
    list_filter = ["agency", "all_regions"]
    search_fields = ["name"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "acronym", "kind", "agency"]
    list_filter = ["kind", "agency"]
    search_fields = ["key", "name", "acronym"]


@admin.register(EvaluationType)
class EvaluationTypeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(ManagementScope)
class ManagementScopeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fk_name = "evaluation"
    raw_id_fields = ["duplicates"]


@admin.register(Evaluation)
class EvaluationAdmin(SignedContentAdmin):
    list_display = ["program", "type", "year", "fiscal_year", "evaluator"]
    list_filter = ["type", "year", "program__agency"]
    search_fields = ["program__key", "program__name", "evaluator"]
    list_select_related = ["program", "type"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(SignedContentAdmin):
    list_display = ["number", "short_text", "evaluation", "scope", "attended"]
    list_filter = ["attended", "scope", "evaluation__program"]
    search_fields = ["text", "justification"]
    list_select_related = ["evaluation__program", "evaluation__type", "scope"]
    raw_id_fields = ["duplicates"]
    locked_parents = ("evaluation",)

    @admin.display(description="recomendación")
    def short_text(self, obj: Recommendation) -> str:
        return obj.text[:100]


class CutOffPeriodInline(admin.TabularInline):
    model = CutOffPeriod
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "year"]
    search_fields = ["name"]
    inlines = [CutOffPeriodInline]


@admin.register(CutOffPeriod)
class CutOffPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "cycle", "start", "end", "status"]
    list_filter = ["cycle", "status"]
    readonly_fields = ["status"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "position"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "position"]
    list_select_related = ["user", "agency"]


def user_history(user) -> dict[str, int]:
    """What `user` acted in or signed, by kind: the rows that point at them with PROTECT (audit
    entries, transitions, the «Elaboró» and «Autorizó» of plans, rounds, replanning and evidence,
    uploads). A user with any of it is deactivated, never deleted."""
    collector = NestedObjects(using=router.db_for_write(type(user)))
    collector.collect([user])
    return dict(Counter(str(obj._meta.verbose_name_plural) for obj in collector.protected))


def _history_refusal(user, history: dict[str, int]) -> str:
    kinds = ", ".join(f"{name} ({count})" for name, count in sorted(history.items()))
    return (
        f"No se puede eliminar a «{user}»: su nombre está en el historial ({kinds}) y eliminarlo "
        "dejaría esos registros sin autor. Desactive la cuenta en su lugar: desmarque «Activo» y guarde, "
        "o use la acción «Desactivar las cuentas seleccionadas»."
    )


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin, except that a user with history is deactivated instead of deleted."""

    actions = ["deactivate"]

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        history = user_history(user) if user is not None else {}
        if history:
            messages.error(request, _history_refusal(user, history))
            return redirect(reverse("admin:auth_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset) -> None:
        # «Eliminar seleccionados» lists the protected rows and stops before this; a last guard.
        refusals = [_history_refusal(user, history) for user in queryset if (history := user_history(user))]
        if refusals:
            raise PermissionDenied(" ".join(refusals))
        super().delete_queryset(request, queryset)

    @admin.action(description="Desactivar las cuentas seleccionadas", permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        count = 0
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])  # a save, so the audit trail records it
            count += 1
        messages.success(request, f"Cuentas desactivadas: {count}.")
