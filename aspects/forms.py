from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Max, Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.html import format_html

from programs.choosers import STAFF_CHOOSERS, ChooserInput, ChooserMultipleInput
from programs.forms import NumberedFormSet, StaffForm, marked_deleted
from programs.models import CutOffPeriod, Evaluation, Program, Recommendation, Region, Unit

from .models import Activity, Aspect, ChangeRequest, Objective, Participant, Plan, ProgressReport
from .services import PROGRESS_FIELDS, record_progress

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
# Programs, evaluations and units are chosen by searching (programs.choosers): an agency may have
# a hundred programs and hundreds of evaluations, and the coordinating unit may be any agency's.
UNIT_HELP = "Escriba el nombre del área."


class PlanForm(StaffForm):
    class Meta:
        model = Plan
        fields = [
            "program",
            "cycle",
            "title",
            "evaluation",
            "region",
            "responsible_name",
            "responsible_position",
            "prepared_on",
        ]
        widgets = {
            "prepared_on": DATE,
            "program": ChooserInput(STAFF_CHOOSERS["programas"]),
            "evaluation": ChooserInput(STAFF_CHOOSERS["evaluaciones"]),
        }
        help_texts = {
            "program": "Escriba la clave o el nombre del programa.",
            "evaluation": "Escriba la clave del programa o el tipo de evaluación.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("program", Program.objects.editable_by(self.user))
        # Any evaluation of the agency may be the origin, even one already frozen by another plan.
        self.limit("evaluation", Evaluation.objects.visible_to(self.user).select_related("program", "type"))
        # Any region of the agencies the user sees; Plan.clean() refuses one of another agency.
        self.limit("region", Region.objects.visible_to(self.user))

    def clean(self):
        cleaned = super().clean()
        self._refuse_duplicate(cleaned.get("program"), cleaned.get("cycle"))
        return cleaned

    def _refuse_duplicate(self, program, cycle) -> None:
        """Our own message, with a link, instead of the constraint's «Ya existe … con este Programa y Ciclo»;
        the error on «ciclo» keeps the constraint from being checked (and reported) a second time."""
        if program is None or cycle is None:
            return
        existing = Plan.objects.filter(program=program, cycle=cycle).exclude(pk=self.instance.pk).first()
        if existing is not None:
            self.add_error(
                "cycle",
                forms.ValidationError(
                    format_html(
                        '{} ya tiene programa de trabajo del ciclo {}: <a href="{}">abra el existente</a>.',
                        program.key,
                        cycle,
                        existing.get_absolute_url(),
                    ),
                    code="duplicate_plan",
                ),
            )


class ParticipantForm(StaffForm):
    class Meta:
        model = Participant
        fields = ["number", "name", "position", "unit", "email"]
        help_texts = {"name": "Como aparece en el documento."}


# The people the plan's document lists as its participants, each with its place in the list.
ParticipantInlineFormSet = inlineformset_factory(
    Plan, Participant, form=ParticipantForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class AspectForm(StaffForm):
    class Meta:
        model = Aspect
        fields = [
            "number",
            "objective",
            "text",
            "kind",
            "priority",
            "priority_justification",
            "action_type",
            "action_justification",
            "topic",
            "scope",
            "responsible_unit",
            "coordinating_unit",
            "start_date",
            "end_date",
            "products",
            "expected_results",
            "recommendations",
            "observations",
        ]
        widgets = {
            "text": TEXTAREA,
            "priority_justification": TEXTAREA,
            "action_justification": TEXTAREA,
            "products": TEXTAREA,
            "expected_results": TEXTAREA,
            "observations": TEXTAREA,
            "start_date": DATE,
            "end_date": DATE,
            "recommendations": forms.CheckboxSelectMultiple,
            "responsible_unit": ChooserInput(STAFF_CHOOSERS["unidades"]),
            "coordinating_unit": ChooserInput(STAFF_CHOOSERS["areas-coordinadoras"]),
        }
        help_texts = {
            "responsible_unit": UNIT_HELP,
            "coordinating_unit": (
                "Escriba el nombre del área de la dependencia. Solo un ASM interinstitucional o intergubernamental "
                "la tiene en otra dependencia: escriba su nombre y siglas completos («Dirección de Planeación · SSA»)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.limit("responsible_unit", Unit.objects.filter(agency=plan.program.agency_id))
        self.limit("objective", Objective.objects.filter(plan_id=plan.pk).order_by("number"))
        self._limit_coordinating_unit(plan)
        self._limit_recommendations(plan)
        if not self.instance.pk and self.initial.get("number") is None:
            self.initial["number"] = next_aspect_number(plan)

    def _limit_coordinating_unit(self, plan: Plan) -> None:
        """The plan's agency's units, which is all the chooser suggests. Only an inter-institutional
        or inter-governmental ASM is coordinated from another agency (Aspect.clean): its unit is
        accepted when typed in full, and one already chosen stays so that editing keeps it."""
        kind = self.data.get(self.add_prefix("kind")) if self.is_bound else self.instance.kind
        if kind in (Aspect.Kind.INTERINSTITUTIONAL, Aspect.Kind.INTERGOVERNMENTAL):
            units = Q()
        else:
            units = Q(agency=plan.program.agency_id)
        if self.instance.coordinating_unit_id:
            units |= Q(pk=self.instance.coordinating_unit_id)
        self.limit("coordinating_unit", Unit.objects.filter(units).select_related("agency"))

    def _limit_recommendations(self, plan: Plan) -> None:
        """Offer the attended recommendations of the plan's evaluation of origin only. The field
        accepts any visible recommendation so that clean_recommendations can say why another one
        is refused, instead of Django's «no es una de las opciones disponibles»."""
        if "recommendations" not in self.fields:
            return
        field = self.fields["recommendations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Recommendation.objects.visible_to(self.user).select_related("evaluation__type")
        offered = origin_recommendations(plan)
        field.widget.choices = [(rec.pk, recommendation_label(rec)) for rec in offered]
        evaluation = plan.evaluation
        if evaluation is None:
            field.help_text = (
                "El programa de trabajo no tiene evaluación de origen: indíquela para vincular sus recomendaciones."
            )
        elif not offered:
            field.help_text = "La evaluación de origen no tiene recomendaciones que se atenderán."
        else:
            field.help_text = f"Recomendaciones que se atenderán de la evaluación de origen ({evaluation.title})."

    def clean_recommendations(self):
        chosen = self.cleaned_data.get("recommendations")
        plan = self.instance.plan
        problems = []
        for rec in chosen or []:
            if rec.evaluation_id != plan.evaluation_id:
                problems.append(
                    f"La recomendación {rec.number} es de «{rec.evaluation.title}», no de la evaluación de origen "
                    "del programa de trabajo."
                    if plan.evaluation_id
                    else f"La recomendación {rec.number} no puede vincularse: el programa de trabajo no tiene "
                    "evaluación de origen."
                )
            elif not rec.attended:
                problems.append(
                    f"La recomendación {rec.number} está marcada «NO se atenderá»: no puede dar origen a un ASM."
                )
        if problems:
            raise forms.ValidationError(problems)
        return chosen


LABEL_WORDS = 60  # characters of a recommendation's text shown in its label, cut at a word


def first_words(text: str, limit: int = LABEL_WORDS) -> str:
    """The start of `text` up to `limit` characters, in whole words, with «…» when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def recommendation_label(rec: Recommendation) -> str:
    """«Rec. 4 · Evaluación Específica de Desempeño 2016 · Actualizar el diagnóstico…»."""
    return f"Rec. {rec.number} · {rec.evaluation.title} · {first_words(rec.text)}"


def origin_recommendations(plan: Plan):
    if plan.evaluation_id is None:
        return Recommendation.objects.none()
    return (
        Recommendation.objects.filter(evaluation=plan.evaluation_id, attended=True)
        .select_related("evaluation__type")
        .order_by("number")
    )


def next_aspect_number(plan: Plan) -> int:
    if not plan.pk:
        return 1
    return (plan.aspects.aggregate(top=Max("number"))["top"] or 0) + 1


class ActivityForm(StaffForm):
    class Meta:
        model = Activity
        fields = [
            "number",
            "description",
            "units",
            "units_label",
            "coordinating_unit",
            "start_date",
            "end_date",
            "end_note",
            "actual_end_date",
            "product",
            "expected_results",
            "results_obtained",
            "weight",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "product": forms.Textarea(attrs={"rows": 2}),
            "expected_results": forms.Textarea(attrs={"rows": 2}),
            "results_obtained": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE,
            "end_date": DATE,
            "actual_end_date": DATE,
            "units": ChooserMultipleInput(STAFF_CHOOSERS["unidades"]),
            "units_label": forms.Textarea(attrs={"rows": 1}),
            "coordinating_unit": ChooserInput(STAFF_CHOOSERS["areas-coordinadoras"]),
        }
        help_texts = {
            "units": (
                "Escriba el nombre de cada área responsable (varias, separadas por «;»), en el orden del documento."
            ),
            "coordinating_unit": "Sólo si el documento da un área coordinadora para esta actividad.",
        }

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("units", Unit.objects.filter(agency=agency_id))
        self.limit("coordinating_unit", Unit.objects.select_related("agency"))
        # A committed date may be missing only in what was transcribed or imported from a source.
        self.fields["end_date"].required = True

    def ordered_units(self) -> list[Unit]:
        """The chosen units in the order they were typed (the field's queryset has its own order)."""
        chosen = {unit.pk: unit for unit in self.cleaned_data.get("units") or []}
        typed = self.fields["units"].widget.value_from_datadict(self.data, self.files, self.add_prefix("units"))
        order: list[Unit] = []
        field = self.fields["units"]
        for value in typed or []:
            try:
                units = field.clean([value]) if value not in ("", None) else []
            except forms.ValidationError:
                continue
            order.extend(unit for unit in units if unit.pk in chosen)
        return list(dict.fromkeys([*order, *chosen.values()]))

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]  # ModelForm's, missing from django-stubs
        if "units" in self.cleaned_data:
            self.instance.set_units(self.ordered_units())


class ActivityFormSet(NumberedFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_kwargs["agency_id"] = self.instance.plan.program.agency_id if self.instance.plan_id else None

    def clean(self) -> None:
        super().clean()
        self._check_weights()

    def _check_weights(self) -> None:
        # A row with errors of its own may lack a weight only because it did not validate; its
        # messages say what is wrong, so the weights are judged once every row is valid.
        live = [form for form in self.forms if form.has_changed() and not marked_deleted(form)]
        if any(form.errors for form in live):
            return
        weights = [(form.cleaned_data.get("number"), form.cleaned_data.get("weight")) for form in live]
        given = [weight for _, weight in weights if weight is not None]
        if not given:
            return
        without = [str(number) for number, weight in weights if weight is None]
        if without:
            which = ", ".join(without)
            raise forms.ValidationError(
                f"{'La actividad' if len(without) == 1 else 'Las actividades'} {which} no "
                f"{'tiene' if len(without) == 1 else 'tienen'} ponderación y las demás sí: asigne una ponderación a "
                "cada actividad o deje todas vacías."
            )
        if sum(given) != Decimal(100):
            raise forms.ValidationError(f"Las ponderaciones de las actividades deben sumar 100; suman {sum(given):g}.")


ActivityInlineFormSet = inlineformset_factory(
    Aspect, Activity, form=ActivityForm, formset=ActivityFormSet, extra=1, can_delete=True
)


class ProgressReportForm(StaffForm):
    class Meta:
        model = ProgressReport
        fields = ["period", *PROGRESS_FIELDS]
        widgets = {
            "justification": TEXTAREA,
            "observations": TEXTAREA,
            "replanning_justification": TEXTAREA,
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
            "printed_text": forms.Textarea(attrs={"rows": 2}),
            "reported_on": DATE,
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
            # Sí, No, or not stated: the annexes print only what was said.
            "replanning": forms.Select(choices=[("unknown", "No indicado"), ("true", "Sí"), ("false", "No")]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_periods()
        if not self.instance.pk:
            period = self._only_open_period
            today = timezone.localdate()
            if self.initial.get("reported_on") is None:
                self.initial["reported_on"] = min(today, period.end) if period else today

    def _limit_periods(self) -> None:
        """Only the open periods of the plan's cycle (reports of other periods would be refused on
        saving); the one open period comes chosen."""
        periods = CutOffPeriod.objects.filter(cycle=self.instance.activity.aspect.plan.cycle_id).open()
        if self.instance.period_id:
            periods = CutOffPeriod.objects.filter(Q(pk__in=periods) | Q(pk=self.instance.period_id))
        self.limit("period", periods.order_by("end"))
        if "period" in self.fields:
            self.fields["period"].error_messages["invalid_choice"] = (
                "Elija un periodo de corte abierto del ciclo del programa de trabajo: los demás no admiten reportes."
            )
        open_ids = list(periods.values_list("pk", flat=True)[:2])
        self._only_open_period = CutOffPeriod.objects.get(pk=open_ids[0]) if len(open_ids) == 1 else None
        if self._only_open_period and not self.instance.pk and self.initial.get("period") is None:
            self.initial["period"] = self._only_open_period.pk

    def clean(self):
        cleaned = super().clean()
        period, reported_on = cleaned.get("period"), cleaned.get("reported_on")
        if reported_on and "reported_on" not in self.errors:
            if reported_on > timezone.localdate():
                self.add_error("reported_on", "La fecha de reporte no puede ser posterior a hoy.")
            elif period and not period.start <= reported_on <= period.end:
                self.add_error(
                    "reported_on",
                    f"La fecha de reporte debe caer dentro del periodo «{period.name}»: "
                    f"del {period.start:%d/%m/%Y} al {period.end:%d/%m/%Y}.",
                )
        return cleaned

    def save(self, commit: bool = True) -> ProgressReport:
        report = super().save(commit=False)
        if commit:
            # The service gives the plan its round for the period, which is what gets submitted.
            report = record_progress(activity=report.activity, period=report.period, report=report, by=self.user)
            self.save_m2m()
        return report


class ChangeRequestForm(StaffForm):
    class Meta:
        model = ChangeRequest
        fields = ["justification", "new_description", "new_end_date", "cancel"]
        widgets = {"justification": TEXTAREA, "new_description": TEXTAREA, "new_end_date": DATE}
        help_texts = {
            "new_description": "Déjelo vacío si la redacción no cambia.",
            "new_end_date": "Déjela vacía si la fecha no cambia.",
        }
