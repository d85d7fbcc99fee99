"""Column profiles in the admin: an administrator adds the layout of a new source document
(which columns of the table's catalogue, in which order, under which header) without a code change."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from .models import ColumnProfile, PlanProfile, ProfileColumn, ProfileHeaderItem, ProfileTable
from .tables import TABLES


def table_choices() -> list[tuple[str, str]]:
    return [(slug, f"{table.title} ({slug})") for slug, table in TABLES.items()]


def column_choices() -> list[tuple[str, str]]:
    keys: dict[str, str] = {}
    for table in TABLES.values():
        for key, column in table.catalogue.items():
            keys.setdefault(key, f"{column.label} ({key})")
    return sorted(keys.items(), key=lambda item: item[1])


class ProfileTableForm(forms.ModelForm):
    table = forms.ChoiceField(label="tabla", choices=table_choices)

    class Meta:
        model = ProfileTable
        fields = ["profile", "table", "title", "show_plan_title"]


class ProfileColumnForm(forms.ModelForm):
    key = forms.ChoiceField(label="columna", choices=column_choices)

    class Meta:
        model = ProfileColumn
        fields = ["position", "key", "label", "width", "merged"]


class ProfileColumnFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        table = TABLES.get(self.instance.table) if self.instance else None
        if table is None:
            return
        for form in self.forms:
            key = form.cleaned_data.get("key") if form.cleaned_data else None
            if key and not form.cleaned_data.get("DELETE") and key not in table.catalogue:
                form.add_error("key", f"La tabla «{table.title}» no tiene la columna «{key}».")


class ProfileColumnInline(admin.TabularInline):
    model = ProfileColumn
    form = ProfileColumnForm
    formset = ProfileColumnFormSet
    extra = 0


class ProfileHeaderItemInline(admin.TabularInline):
    model = ProfileHeaderItem
    extra = 0
    fields = ["position", "item", "label"]


class ProfileTableInline(admin.StackedInline):
    model = ProfileTable
    form = ProfileTableForm
    extra = 0
    show_change_link = True  # its columns and header are edited on its own page


class PlanProfileInline(admin.TabularInline):
    model = PlanProfile
    extra = 0
    raw_id_fields = ["plan"]


@admin.register(ColumnProfile)
class ColumnProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    inlines = [ProfileTableInline, PlanProfileInline]


@admin.register(ProfileTable)
class ProfileTableAdmin(admin.ModelAdmin):
    form = ProfileTableForm
    list_display = ["profile", "table"]
    list_filter = ["profile", "table"]
    inlines = [ProfileHeaderItemInline, ProfileColumnInline]


@admin.register(PlanProfile)
class PlanProfileAdmin(admin.ModelAdmin):
    list_display = ["plan", "profile"]
    list_filter = ["profile"]
    raw_id_fields = ["plan"]
    list_select_related = ["plan__program", "plan__cycle", "profile"]
