"""The staff forms of a plan measured by indicators. They validate and build; the models' clean()
holds the rules (messages beside each field), and measurements are saved through
`services.record_measurement`, which gives the plan its round for the period."""

from __future__ import annotations

from functools import cached_property
from typing import cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F, Max, Prefetch, Q
from django.forms import BaseInlineFormSet, inlineformset_factory

from aspects.models import Aspect, Objective, Plan
from programs.forms import NumberedFormSet, StaffForm, marked_deleted
from programs.models import CutOffPeriod, Region

from .models import AchievementGap, Indicator, IndicatorTarget, Measurement, PlanNarrative, ProductChange
from .services import MEASUREMENT_FIELDS, record_measurement

TEXTAREA = forms.Textarea(attrs={"rows": 2})
YES_NO_UNSTATED = forms.Select(choices=[("unknown", "No indicado"), ("true", "Sí"), ("false", "No")])


def next_number(rows) -> int:
    return (rows.aggregate(top=Max("number"))["top"] or 0) + 1


class ObjectiveForm(StaffForm):
    class Meta:
        model = Objective
        fields = ["number", "text"]
        widgets = {"text": TEXTAREA}


ObjectiveFormSet = inlineformset_factory(
    Plan, Objective, form=ObjectiveForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class IndicatorForm(StaffForm):
    class Meta:
        model = Indicator
        fields = [
            "number",
            "text",
            "numerator_description",
            "denominator_description",
            "unit",
            "kind",
            "direction",
            "baseline",
            "baseline_year",
        ]
        widgets = {"text": TEXTAREA, "numerator_description": TEXTAREA, "denominator_description": TEXTAREA}
        help_texts = {
            "text": "Como lo escribe la dependencia («70 % de los ministerios traspasan la información solicitada»).",
            "kind": "En porcentaje, las metas van de 0 a 100 y el resultado es numerador ÷ denominador × 100.",
        }

    def __init__(self, *args, next_indicator_number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The editor gives the next free number from the rows it read (a query here would be one per ASM).
        if not self.instance.pk and self.initial.get("number") is None and next_indicator_number is not None:
            self.initial["number"] = next_indicator_number


class TargetForm(StaffForm):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value"]


class TargetFormSet(NumberedFormSet):
    repeated_field = "year"


TargetInlineFormSet = inlineformset_factory(
    Indicator, IndicatorTarget, form=TargetForm, formset=TargetFormSet, extra=1, can_delete=True
)


class MeasurementForm(StaffForm):
    class Meta:
        model = Measurement
        fields = ["period", *MEASUREMENT_FIELDS]
        widgets = {"result_text": TEXTAREA, "override_justification": TEXTAREA}
        help_texts = {
            "numerator": "Indique numerador y denominador, o solo un valor, o solo el resultado en texto.",
            "rating": (
                "Con valores medidos la calificación se calcula con la meta del año; elíjala aquí solo si marca "
                "«calificación modificada» (con su justificación) o si el resultado es solo texto."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.indicator.aspect.plan
        self._limit_periods(plan)
        self.limit("region", Region.objects.filter(agency_id=plan.program.agency_id))
        if not self.instance.pk and self.initial.get("year") is None:
            self.initial["year"] = plan.cycle.year

    def _limit_periods(self, plan: Plan) -> None:
        """Only the open periods of the plan's cycle; the one open period comes chosen."""
        periods = CutOffPeriod.objects.filter(cycle=plan.cycle_id).open()
        if self.instance.period_id:
            periods = CutOffPeriod.objects.filter(Q(pk__in=periods) | Q(pk=self.instance.period_id))
        self.limit("period", periods.order_by("end"))
        if "period" in self.fields:
            self.fields["period"].error_messages["invalid_choice"] = (
                "Elija un periodo de corte abierto del ciclo del programa de trabajo: los demás no admiten mediciones."
            )
        open_ids = list(periods.values_list("pk", flat=True)[:2])
        if len(open_ids) == 1 and not self.instance.pk and self.initial.get("period") is None:
            self.initial["period"] = open_ids[0]

    def save(self, commit: bool = True) -> Measurement:
        measurement = super().save(commit=False)
        if commit:
            measurement = record_measurement(
                indicator=measurement.indicator, period=measurement.period, measurement=measurement, by=self.user
            )
        return measurement


class ProductChangeForm(StaffForm):
    class Meta:
        model = ProductChange
        fields = ["number", "product", "subproduct", "modification", "incorporated", "note"]
        widgets = {
            "product": TEXTAREA,
            "subproduct": TEXTAREA,
            "modification": TEXTAREA,
            "note": TEXTAREA,
            "incorporated": YES_NO_UNSTATED,
        }


ProductChangeFormSet = inlineformset_factory(
    Plan, ProductChange, form=ProductChangeForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class AchievementGapForm(StaffForm):
    class Meta:
        model = AchievementGap
        fields = ["number", "committed", "reached", "gap", "causes"]
        widgets = {"committed": TEXTAREA, "reached": TEXTAREA, "gap": TEXTAREA, "causes": TEXTAREA}


AchievementGapFormSet = inlineformset_factory(
    Plan, AchievementGap, form=AchievementGapForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class PlanNarrativeForm(StaffForm):
    class Meta:
        model = PlanNarrative
        fields = ["contribution", "difficulties", "recommendations", "achievements"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


# The one-page editor of a plan's objectives, specific objectives (ASM), indicators and targets.
#
# The ASM stay one formset of the plan, each row naming its objective by number, rather than rows
# nested inside each objective's row: an ASM belongs to the plan (its number is unique in the plan
# and its objective is optional), so moving it to another objective is one field changed, never
# the deletion and re-creation that a row moved between nested formsets would be (which would
# take its activities, indicators and reports with it); and a number can name an objective added
# in the same submission, which has no id yet. Indicators are nested in their ASM's row and
# targets in their indicator's row, since those belong to one parent only.


class RowForm(StaffForm):
    """A row that may carry a formset of its own rows (`nested`): the row counts as changed when
    any of its own rows changed, so that a new indicator under a blank ASM row makes the ASM's
    required fields required instead of leaving the indicator without a parent."""

    nested: NestedFormSet | None = None
    anchor = ""
    heading = ""
    # Where a field this row does not show is corrected, said after a model rule's message about it.
    elsewhere = ""

    def _update_errors(self, errors: ValidationError) -> None:
        """A model rule about a field the row does not show (an ASM's coordinating unit, edited on
        the ASM's own page) becomes the row's own error, where Django would raise ValueError."""
        if hasattr(errors, "error_dict"):
            kept: dict[str, list[ValidationError]] = {}
            for field, found in errors.error_dict.items():
                if field == NON_FIELD_ERRORS or field in self.fields:
                    kept.setdefault(field, []).extend(found)
                else:
                    kept.setdefault(NON_FIELD_ERRORS, []).extend(
                        ValidationError(f"{message} {self.elsewhere}".strip())
                        for message in ValidationError(found).messages
                    )
            errors = ValidationError(kept)
        super()._update_errors(errors)  # type: ignore[misc]  # ModelForm's, missing from django-stubs

    def has_changed(self) -> bool:
        return super().has_changed() or (self.nested is not None and self.nested.has_changed())

    @property
    def row_id(self) -> str:
        """The id of the row's card: «indicador-7» for an existing row (the overview links to it)."""
        return self.anchor or f"fila-{self.prefix}"


class NestedFormSet(NumberedFormSet):
    """One level of the editor. Its existing rows may come already read (`rows`, prefetched for the
    whole page: a query per ASM otherwise); each row gets the formset of the next level
    (`child_class`) as `row.nested`; and its empty row, the one formset.js copies, uses a
    placeholder of its own level, so that adding an ASM leaves the placeholders of the indicator
    and target rows inside it for their own «Agregar» buttons."""

    placeholder = "__prefix__"
    row_noun = ""  # «Indicador»: where the error summary says an error is
    add_noun = ""  # «indicador»: what its «Agregar» button adds
    title = ""  # the heading of a nested formset inside its parent's row
    anchor_name = ""  # the id of an existing row on the page: «indicador-7»
    child_class: type[NestedFormSet] | None = None
    child_prefix = ""
    child_related = ""

    def __init__(self, *args, rows: list | None = None, **kwargs):
        self.read_rows = rows
        super().__init__(*args, **kwargs)

    def rows(self) -> list[RowForm]:
        return cast(list[RowForm], self.forms)

    def get_queryset(self):
        if self.read_rows is not None:
            return self.read_rows
        return super().get_queryset()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        self.nest(cast(RowForm, form), bound=self.is_bound)
        return form

    @cached_property
    def empty_row(self) -> RowForm:
        # Django's empty_form, under this level's placeholder.
        form = cast(
            RowForm,
            self.form(
                **self.get_form_kwargs(None),
                auto_id=self.auto_id,
                prefix=self.add_prefix(self.placeholder),
                empty_permitted=True,
                use_required_attribute=False,
                renderer=self.form_renderer,  # type: ignore[attr-defined]  # missing from django-stubs
            ),
        )
        self.add_fields(form, None)
        self.nest(form, bound=False)
        return form

    def nest(self, form: RowForm, *, bound: bool) -> None:
        if form.instance.pk:
            form.heading = f"{self.row_noun} {getattr(form.instance, self.repeated_field)}"
            if self.anchor_name:
                form.anchor = f"{self.anchor_name}-{form.instance.pk}"
        else:
            form.heading = f"Nuevo: {self.add_noun}"
        if self.child_class is None:
            return
        rows = list(getattr(form.instance, self.child_related).all()) if form.instance.pk else []
        form.nested = self.child_class(
            self.data if bound else None,
            instance=form.instance,
            prefix=f"{form.prefix}-{self.child_prefix}",
            rows=rows,
            form_kwargs={"user": self.form_kwargs.get("user"), **self.child_form_kwargs(rows)},
        )

    def child_form_kwargs(self, rows: list) -> dict:
        return {}

    def kept_forms(self) -> list[RowForm]:
        """The rows that stay after saving: the existing ones not marked «Eliminar» and the new
        ones filled in."""
        return [
            form
            for form in self.rows()
            if not marked_deleted(form) and (form.instance.pk is not None or form.has_changed())
        ]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for form in self.rows():
            # The rows of a row to be deleted go with it: their errors do not hold the page.
            if form.nested is not None and not marked_deleted(form):
                valid = form.nested.is_valid() and valid
        return valid

    def save_tree(self) -> None:
        """Save this level, then the rows of each row kept (their parent now has an id)."""
        self.save()
        for form in self.rows():
            if form.nested is not None and not marked_deleted(form) and form.instance.pk is not None:
                form.nested.instance = form.instance
                form.nested.save_tree()

    def error_summary(self, trail: str = "") -> list[tuple[str, str, str]]:
        """Each error of this level and the levels below: (where, message, id of the field)."""
        found = [(trail or self.title, str(message), f"seccion-{self.prefix}") for message in self.non_form_errors()]
        for i, form in enumerate(self.rows()):
            if marked_deleted(form):
                continue
            label = form.data.get(form.add_prefix(self.repeated_field)) if form.is_bound else None
            where = f"{self.row_noun} {label}" if label else f"{self.row_noun} (fila {i + 1})"
            where = f"{trail} › {where}" if trail else where
            for field, messages in form.errors.items():
                target = form[field].auto_id if field in form.fields else form.row_id
                name = str(form.fields[field].label or "") if field in form.fields else ""
                for message in messages:
                    found.append((f"{where} · {name}" if name else where, str(message), target))
            if form.nested is not None:
                found += form.nested.error_summary(where)
        return found


class TargetRowFormSet(NestedFormSet):
    repeated_field = "year"
    placeholder = "__meta__"
    row_noun = "Meta"
    add_noun = "meta anual"
    title = "Metas anuales"


class TargetRowForm(RowForm):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value"]


class IndicatorRowForm(RowForm, IndicatorForm):
    class Meta(IndicatorForm.Meta):
        pass


class IndicatorRowFormSet(NestedFormSet):
    placeholder = "__indicador__"
    row_noun = "Indicador"
    add_noun = "indicador"
    title = "Indicadores"
    anchor_name = "indicador"
    child_prefix = "targets"
    child_related = "targets"

    def __init__(self, *args, rows: list | None = None, **kwargs):
        super().__init__(*args, rows=rows, **kwargs)
        # An ASM with indicators shows them and an «Agregar indicador» button; one without shows a
        # blank indicator (with a blank target) to start from.
        if rows:
            self.extra = 0


class SpecificObjectiveForm(RowForm):
    """An ASM as a specific objective: its number, its text and the number of its objective."""

    objective_number = forms.IntegerField(
        label="Número de su objetivo",
        required=False,
        min_value=1,
        help_text="El número de uno de los objetivos de arriba; vacío si este ASM no está bajo un objetivo.",
    )

    class Meta:
        model = Aspect
        fields = ["number", "objective_number", "text"]
        labels = {"number": "Número de ASM", "text": "Objetivo específico (texto del ASM)"}
        widgets = {"text": TEXTAREA}

    elsewhere = "Se corrige en la página del ASM."

    def __init__(self, *args, next_aspect_number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.objective_id:
            self.initial.setdefault("objective_number", self.instance.objective.number)
        if not self.instance.pk and self.initial.get("number") is None and next_aspect_number is not None:
            self.initial["number"] = next_aspect_number


class SpecificObjectiveRowFormSet(NestedFormSet):
    placeholder = "__asm__"
    row_noun = "Objetivo específico (ASM)"
    add_noun = "objetivo específico"
    title = "Objetivos específicos (ASM)"
    anchor_name = "asm"
    child_prefix = "indicators"
    child_related = "indicators"

    def __init__(self, *args, objectives: BaseInlineFormSet[Objective, Plan, ObjectiveForm], **kwargs):
        self.objectives = objectives
        super().__init__(*args, **kwargs)

    def child_form_kwargs(self, rows: list) -> dict:
        return {"next_indicator_number": max((row.number for row in rows), default=0) + 1}

    def clean(self) -> None:
        super().clean()
        self._check_objective_numbers()

    def objective_numbers(self) -> tuple[set[int], set[int]]:
        """The numbers of the objectives kept after this submission, and of those it deletes."""
        kept, deleted = set(), set()
        for form in self.objectives.forms:
            number = getattr(form, "cleaned_data", {}).get("number")
            if number is None:
                continue
            if marked_deleted(form):
                deleted.add(number)
            elif form.instance.pk is not None or form.has_changed():
                kept.add(number)
        return kept, deleted

    def _check_objective_numbers(self) -> None:
        kept, deleted = self.objective_numbers()
        for form in self.forms:
            number = getattr(form, "cleaned_data", {}).get("objective_number")
            if number is None or not (form.instance.pk is not None or form.has_changed()) or number in kept:
                continue
            if number in deleted:
                message = f"El objetivo {number} se elimina en esta misma página: escriba otro número o deje vacío."
            else:
                message = f"No hay objetivo número {number}: agréguelo en «Objetivos» o corrija el número."
            form.add_error("objective_number", message)


TargetRows = cast(
    type[TargetRowFormSet],
    inlineformset_factory(
        Indicator, IndicatorTarget, form=TargetRowForm, formset=TargetRowFormSet, extra=1, can_delete=True
    ),
)
IndicatorRows = cast(
    type[IndicatorRowFormSet],
    inlineformset_factory(
        Aspect, Indicator, form=IndicatorRowForm, formset=IndicatorRowFormSet, extra=1, can_delete=True
    ),
)
IndicatorRows.child_class = TargetRows
# ASM are deleted on their own page, which confirms it: deleting one deletes its activities and reports.
SpecificObjectiveRows = cast(
    type[SpecificObjectiveRowFormSet],
    inlineformset_factory(
        Plan, Aspect, form=SpecificObjectiveForm, formset=SpecificObjectiveRowFormSet, extra=1, can_delete=False
    ),
)
SpecificObjectiveRows.child_class = IndicatorRows


class PlanIndicatorEditor:
    """A plan's objectives, its specific objectives (ASM) with the number of their objective, each
    one's indicators and each indicator's yearly targets, on one form: validated whole, saved whole
    (the caller's transaction), or nothing saved."""

    def __init__(self, plan: Plan, *, user, data=None) -> None:
        self.plan = plan
        targets = IndicatorTarget.objects.order_by("year")
        indicators = Indicator.objects.order_by("number").prefetch_related(Prefetch("targets", queryset=targets))
        aspects = list(
            plan.aspects.select_related("objective")
            .prefetch_related(Prefetch("indicators", queryset=indicators))
            .order_by(F("objective__number").asc(nulls_last=True), "number")
        )
        self.objectives = ObjectiveFormSet(
            data,
            instance=plan,
            prefix="objectives",
            queryset=plan.objectives.order_by("number"),
            form_kwargs={"user": user},
        )
        self.aspects = SpecificObjectiveRows(
            data,
            instance=plan,
            prefix="aspects",
            rows=aspects,
            objectives=self.objectives,
            form_kwargs={
                "user": user,
                "next_aspect_number": max((aspect.number for aspect in aspects), default=0) + 1,
            },
        )

    def is_valid(self) -> bool:
        # The objectives first: the ASM rows check their objective numbers against them.
        objectives_ok = self.objectives.is_valid()
        return self.aspects.is_valid() and objectives_ok

    def save(self) -> None:
        self.objectives.save()
        by_number = {objective.number: objective for objective in self.plan.objectives.all()}
        moved = []
        for form in self.aspects.kept_forms():
            number = form.cleaned_data.get("objective_number")
            objective = by_number.get(number) if number is not None else None
            if form.instance.objective_id != (objective.pk if objective else None):
                form.instance.objective = objective
                if form.instance.pk is not None and not form.has_changed():
                    moved.append(form.instance)  # its number names another objective now
        for aspect in moved:
            aspect.save()
        self.aspects.save_tree()

    def error_summary(self) -> list[tuple[str, str, str]]:
        found = [("Objetivos", str(message), "seccion-objectives") for message in self.objectives.non_form_errors()]
        for i, form in enumerate(self.objectives.forms):
            number = form.data.get(form.add_prefix("number")) if form.is_bound else None
            where = f"Objetivo {number}" if number else f"Objetivo (fila {i + 1})"
            for field, messages in form.errors.items():
                target = form[field].auto_id if field in form.fields else "seccion-objectives"
                name = str(form.fields[field].label or "") if field in form.fields else ""
                found += [(f"{where} · {name}" if name else where, str(message), target) for message in messages]
        return found + self.aspects.error_summary()
