"""Commitments measured by indicators: an ASM (the specific objective) carries indicators with
yearly targets; each cut-off period a plan's measurements of them are rated («cumple», «cumple
parcialmente», «no cumple», «pendiente», «sin meta», `rating.py`) and authorised as one
`MeasurementRound`, the way a `ReportRound` authorises progress reports. Around them, the plan's
product changes, achievement gaps and narrative sections.

What is authorised with what:
- indicators, their targets, product changes, gaps and the narrative are the plan's own content:
  edited while the plan is borrador or devuelto, authorised with it, public once it is;
- measurements are edited while their period is open and their round is borrador or devuelto, and
  are public once their round (the plan's measurements at that period) is authorised.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from aspects.models import Aspect, PeriodRound, PeriodRoundQuerySetMixin, Plan, PlanContent, PlanContentQuerySet
from audit.models import VersionedModel
from programs.access import AgencyScopedModel, AgencyScopedQuerySet
from programs.models import TEXT_MAX, CutOffPeriod, Region, number_field, taken, year_validators
from programs.workflow import LOCKED_STATES, State

from .rating import Direction, Rating, derive_rating

# Bounds of a measured or targeted number: twelve digits and four decimals.
MAX_DIGITS, DECIMAL_PLACES = 16, 4
PERCENT_RANGE = "Para un indicador en porcentaje {what} debe estar entre 0 y 100."


def as_decimal(value) -> Decimal:
    """A number as a Decimal (a form gives Decimals; code and the demo may give ints or floats)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(value) -> str:
    """A target or result as people write it: 70, 87.5 (no trailing zeros, no exponent)."""
    return f"{as_decimal(value).normalize():f}"


def parent_of(obj: models.Model, name: str):
    """The row `obj.<name>` points to, also while a formset builds it under a parent not yet
    saved (the relation holds the unsaved parent and no id); None when there is none."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _number(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label, null=True, blank=True, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, **kwargs
    )


class IndicatorQuerySet(PlanContentQuerySet):
    def measurable_by(self, user) -> IndicatorQuerySet:
        """Indicators of the user's agency's authorised plans whose cycle has a cut-off period
        open: the ones a measurement can be recorded for now."""
        open_period = CutOffPeriod.objects.open().filter(cycle=OuterRef("aspect__plan__cycle"))
        return self.captured_by(user).filter(aspect__plan__state=State.AUTHORISED).filter(Exists(open_period))


class Indicator(AgencyScopedModel, VersionedModel):
    """An indicator of a specific objective (an ASM), as the agency writes it, with its formula."""

    class Kind(models.TextChoices):
        PERCENT = "porcentaje", "Porcentaje"
        VALUE = "valor", "Valor"

    aspect = models.ForeignKey(Aspect, models.CASCADE, related_name="indicators", verbose_name="objetivo específico")
    number = number_field()
    text = models.TextField("indicador", max_length=TEXT_MAX)
    numerator_description = models.TextField("numerador", max_length=TEXT_MAX, blank=True)
    denominator_description = models.TextField("denominador", max_length=TEXT_MAX, blank=True)
    unit = models.CharField("unidad de medida", max_length=120, blank=True)
    kind = models.CharField("tipo de meta", max_length=10, choices=Kind.choices, default=Kind.PERCENT)
    direction = models.CharField(
        "sentido",
        max_length=14,
        choices=Direction.choices,
        default=Direction.HIGHER,
        help_text="«Menor es mejor» para indicadores como el tiempo de respuesta en días: cumple si el "
        "resultado no pasa de la meta.",
    )
    baseline = _number("línea base")
    baseline_year = models.PositiveSmallIntegerField(
        "año de la línea base", null=True, blank=True, validators=year_validators()
    )

    public_plan_path = "aspect__plan"
    agency_path = "aspect__plan__program__agency"
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["aspect", "number"]
        verbose_name = "indicador"
        verbose_name_plural = "indicadores"
        constraints = [models.UniqueConstraint(fields=["aspect", "number"], name="indicator_unique_number_per_aspect")]

    def __str__(self) -> str:
        return f"Indicador {self.number}. {self.text[:80]}"

    @property
    def crumb_parent(self):
        return self.aspect

    @property
    def is_percent(self) -> bool:
        return self.kind == self.Kind.PERCENT

    @property
    def lower_is_better(self) -> bool:
        return self.direction == Direction.LOWER

    def get_absolute_url(self) -> str:
        return reverse("indicators:plan-indicators", args=[self.aspect.plan_id]) + f"#indicador-{self.pk}"

    def locked_reason(self) -> str | None:
        return self.aspect.plan.locked_reason()

    def target_for(self, year: int) -> IndicatorTarget | None:
        return self.targets.filter(year=year).first()

    def clean(self) -> None:
        errors = {}
        if self.is_percent and self.baseline is not None and not (0 <= as_decimal(self.baseline) <= 100):
            errors["baseline"] = PERCENT_RANGE.format(what="la línea base")
        if taken(self, aspect_id=self.aspect_id, number=self.number):
            errors["number"] = f"Ya existe el indicador número {self.number} en este objetivo específico."
        if errors:
            raise ValidationError(errors)


class IndicatorTarget(AgencyScopedModel, VersionedModel):
    """An indicator's target for one year («70 % — 2007»). A year without a target rates «sin meta»."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="targets", verbose_name="indicador")
    year = models.PositiveSmallIntegerField("año", validators=year_validators())
    value = models.DecimalField("meta", max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)

    public_plan_path = "indicator__aspect__plan"
    agency_path = "indicator__aspect__plan__program__agency"
    objects = PlanContentQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "meta anual"
        verbose_name_plural = "metas anuales"
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_year_per_indicator")]

    def __str__(self) -> str:
        unit = " %" if self.indicator_id and self.indicator.is_percent else ""
        return f"{format_number(self.value)}{unit} — {self.year}"

    def locked_reason(self) -> str | None:
        return self.indicator.locked_reason()

    def clean(self) -> None:
        errors = {}
        indicator = parent_of(self, "indicator")
        if (
            indicator is not None
            and self.value is not None
            and indicator.is_percent
            and not (0 <= as_decimal(self.value) <= 100)
        ):
            errors["value"] = PERCENT_RANGE.format(what="la meta")
        if taken(self, indicator_id=self.indicator_id, year=self.year):
            errors["year"] = f"Este indicador ya tiene una meta para el año {self.year}."
        if errors:
            raise ValidationError(errors)


class MeasurementRoundQuerySet(PeriodRoundQuerySetMixin, AgencyScopedQuerySet):
    pass


class MeasurementRound(AgencyScopedModel, PeriodRound):
    """The measurements of one plan's indicators at one cut-off period, authorised as a whole."""

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="measurement_rounds", verbose_name="programa de trabajo"
    )
    period = models.ForeignKey(
        CutOffPeriod, models.PROTECT, related_name="measurement_rounds", verbose_name="periodo de corte"
    )

    objects = MeasurementRoundQuerySet.as_manager()
    round_label = "El reporte de indicadores del periodo"
    frozen_content = "sus mediciones ya no se modifican."
    no_content = "no hay mediciones registradas en este periodo."

    class Meta:
        ordering = ["plan", "period__end"]
        verbose_name = "reporte de indicadores del periodo"
        verbose_name_plural = "reportes de indicadores por periodo"
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="measurement_round_unique_plan_period")]

    def __str__(self) -> str:
        return f"Indicadores {self.plan.program.key} · {self.period.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:round-detail", args=[self.pk])

    def measurements(self) -> MeasurementQuerySet:
        return Measurement.objects.filter(indicator__aspect__plan_id=self.plan_id, period_id=self.period_id)

    def content(self) -> models.QuerySet:
        return self.measurements()

    def submission_problems(self) -> list[str]:
        problems = super().submission_problems()
        # The forms never leave these, but an import stores what the document says: a result
        # without its rating, or a rating without its result, is completed before it is signed.
        incomplete = self.measurements().filter(
            Q(rating="") | Q(result_text="", value__isnull=True, numerator__isnull=True, denominator__isnull=True)
        )
        count = incomplete.count()
        if count:
            problems.append(f"{count} medición(es) no tienen calificación o resultado de la medición: complételas.")
        return problems

    def authorisation_effects(self) -> tuple[list[str], list[str]]:
        count = self.measurements().count()
        signed = [
            f"Las mediciones de {count} indicador(es) del programa de trabajo «{self.plan}» "
            f"en el periodo «{self.period.name}», con su calificación."
        ]
        public = [
            f"El resultado y la calificación de esas {count} medición(es) en el sitio público, en los anexos, "
            "el informe ejecutivo y los datos abiertos."
        ]
        return signed, public


class MeasurementQuerySet(AgencyScopedQuerySet):
    def public(self) -> MeasurementQuerySet:
        """A measurement is public once its round (the plan's measurements at that period) is authorised."""
        authorised_round = MeasurementRound.objects.filter(
            plan=OuterRef("indicator__aspect__plan"), period=OuterRef("period"), state=State.AUTHORISED
        )
        return super().public().filter(Exists(authorised_round))

    def unlocked(self) -> MeasurementQuerySet:
        locked_round = MeasurementRound.objects.filter(
            plan=OuterRef("indicator__aspect__plan"), period=OuterRef("period"), state__in=LOCKED_STATES
        )
        return self.filter(
            period__status=CutOffPeriod.Status.OPEN, indicator__aspect__plan__state=State.AUTHORISED
        ).exclude(Exists(locked_round))


class Measurement(AgencyScopedModel, VersionedModel):
    """An indicator measured at a cut-off period (for one region, or the whole territory): its
    numerator and denominator, or a value, or only a text result, and its rating.

    With values, `rating` is derived (`rating.derive_rating`) from the target of the year measured
    and stored with the derived one (`derived_rating`); the user may override it with a
    justification (`rating_overridden`). With only a text result, the user picks the rating."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="measurements", verbose_name="indicador")
    period = models.ForeignKey(
        CutOffPeriod, models.PROTECT, related_name="measurements", verbose_name="periodo de corte"
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name="región",
        help_text="Vacía: el territorio del programa de trabajo.",
    )
    year = models.PositiveSmallIntegerField("año medido", validators=year_validators())
    numerator = _number("numerador")
    denominator = _number("denominador")
    value = _number("valor", help_text="En lugar de numerador y denominador.")
    result_text = models.TextField("resultado de la medición", max_length=TEXT_MAX, blank=True)
    rating = models.CharField("calificación", max_length=20, choices=Rating.choices, blank=True)
    derived_rating = models.CharField(
        "calificación calculada", max_length=20, choices=Rating.choices, blank=True, editable=False
    )
    rating_overridden = models.BooleanField("calificación modificada", default=False)
    override_justification = models.TextField("justificación de la calificación", max_length=TEXT_MAX, blank=True)

    public_plan_path = "indicator__aspect__plan"
    agency_path = "indicator__aspect__plan__program__agency"
    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period__end", "region__name"]
        verbose_name = "medición"
        verbose_name_plural = "mediciones"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "region"],
                condition=Q(region__isnull=False),
                name="measurement_unique_per_region",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(region__isnull=True),
                name="measurement_unique_without_region",
            ),
        ]

    def __str__(self) -> str:
        where = f" · {self.region}" if self.region_id else ""
        return f"{self.indicator} · {self.period.name}{where}: {self.get_rating_display() or 'sin calificar'}"

    @property
    def crumb_parent(self):
        return self.indicator

    def get_absolute_url(self) -> str:
        round_ = self.round()
        if round_ is None:
            return self.indicator.get_absolute_url()
        return f"{round_.get_absolute_url()}#medicion-{self.pk}"

    @property
    def has_values(self) -> bool:
        return self.value is not None or (self.numerator is not None and self.denominator is not None)

    def result(self) -> Decimal | None:
        """The measured figure in the indicator's unit: the value, or numerator ÷ denominator (× 100
        for a percent indicator); None for a text-only measurement."""
        if self.value is not None:
            return as_decimal(self.value)
        if self.numerator is None or not self.denominator:
            return None
        ratio = as_decimal(self.numerator) / as_decimal(self.denominator)
        return ratio * 100 if self.indicator.is_percent else ratio

    def target(self) -> IndicatorTarget | None:
        return self.indicator.target_for(self.year) if self.year else None

    def apply_rating(self) -> None:
        """Store the derived rating, and take it as the rating unless the user overrode it; a
        text-only measurement keeps the rating the user picked (there is nothing to override)."""
        target = self.target()
        derived = derive_rating(
            result=self.result(),
            target=as_decimal(target.value) if target else None,
            direction=self.indicator.direction,
        )
        self.derived_rating = derived or ""
        if derived is None:
            self.rating_overridden = False
        elif not self.rating_overridden:
            self.rating = derived
            self.override_justification = ""

    def save(self, *args, **kwargs) -> None:
        self.apply_rating()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        plan = self.indicator.aspect.plan if self.indicator_id else None
        if plan and self.period_id and self.period.cycle_id != plan.cycle_id:
            errors["period"] = "El periodo de corte debe ser del ciclo del programa de trabajo."
        if plan and self.region is not None and self.region.agency_id != plan.program.agency_id:
            errors["region"] = "La región debe ser del catálogo de la dependencia."
        if self.denominator is not None and self.denominator == 0:
            errors["denominator"] = "El denominador no puede ser 0."
        elif (self.numerator is None) != (self.denominator is None):
            missing = "denominator" if self.denominator is None else "numerator"
            errors[missing] = "Indique el numerador y el denominador, o solo un valor."
        if self.value is not None and (self.numerator is not None or self.denominator is not None):
            errors["value"] = "Indique el numerador y el denominador, o un valor, no ambos."
        values = self.value is not None or self.numerator is not None or self.denominator is not None
        if not values and not self.result_text.strip():
            errors["result_text"] = "Escriba el resultado de la medición o indique sus valores."
        if not values and not self.rating:
            errors["rating"] = "Sin valores medidos, elija la calificación."
        if values and self.rating_overridden:
            if not self.rating:
                errors["rating"] = "Elija la calificación que sustituye a la calculada."
            if not self.override_justification.strip():
                errors["override_justification"] = "Justifique por qué cambia la calificación calculada."
        if plan and self.period_id and self._duplicates().exists():
            where = f" para la región «{self.region}»" if self.region_id else ""
            errors["period"] = f"Este indicador ya tiene una medición{where} en el periodo {self.period.name}."
        if plan and self.period_id and "period" not in errors:
            problem = self.lock_problem()
            if problem:
                errors["period"] = problem
        if errors:
            raise ValidationError(errors)

    def _duplicates(self) -> models.QuerySet:
        rows = Measurement.objects.filter(indicator_id=self.indicator_id, period_id=self.period_id)
        rows = rows.filter(region_id=self.region_id) if self.region_id else rows.filter(region__isnull=True)
        return rows.exclude(pk=self.pk)

    def locked_reason(self) -> str | None:
        return self.lock_problem()

    def round(self) -> MeasurementRound | None:
        return MeasurementRound.objects.filter(plan_id=self.indicator.aspect.plan_id, period_id=self.period_id).first()

    def lock_problem(self) -> str | None:
        """Why this indicator cannot take a measurement in this period, or None."""
        plan = self.indicator.aspect.plan
        if not plan.is_authorised:
            return "El programa de trabajo aún no está autorizado: todavía no se registran mediciones."
        if not self.period.is_open:
            return (
                f"El periodo de corte «{self.period.name}» está {self.period.get_status_display().lower()}: "
                "no admite mediciones."
            )
        round_ = self.round()
        if round_ and not round_.is_editable:
            return (
                f"El reporte de indicadores del periodo «{self.period.name}» está "
                f"{round_.get_state_display().lower()}: "
                "ya no se modifica."
            )
        return None


class PlanSection(PlanContent, AgencyScopedModel, VersionedModel):
    """Content of the plan itself shown on its indicators page (product changes, achievement gaps,
    the narrative): edited and authorised with the plan."""

    plan: Plan
    plan_id: int
    # Its section on the plan's indicators page.
    anchor: ClassVar[str]

    objects = PlanContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("indicators:plan-indicators", args=[self.plan_id]) + f"#{self.anchor}"


class NumberedPlanSection(PlanSection):
    """A plan section of numbered rows, one number once per plan."""

    number: int
    # «la modificación», «el logro»: in the message of a number taken.
    row_name: ClassVar[str]

    class Meta:
        abstract = True

    def clean(self) -> None:
        if taken(self, plan_id=self.plan_id, number=self.number):
            raise ValidationError({"number": f"Ya existe {self.row_name} número {self.number} en este programa."})


class ProductChange(NumberedPlanSection):
    """A product or subproduct the commitment changes: the modification committed and whether it was
    incorporated (Sí / No)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="product_changes", verbose_name="programa de trabajo")
    number = number_field()
    product = models.TextField("producto", max_length=TEXT_MAX)
    subproduct = models.TextField("subproducto", max_length=TEXT_MAX, blank=True)
    modification = models.TextField("modificación comprometida", max_length=TEXT_MAX)
    # Three states: Sí, No, or not stated yet (None).
    incorporated = models.BooleanField("incorporada", null=True, blank=True, default=None)
    note = models.TextField("nota", max_length=TEXT_MAX, blank=True)

    anchor = "productos"
    row_name = "la modificación"

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "modificación a producto"
        verbose_name_plural = "modificaciones a productos"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="product_change_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.product[:80]}"


class AchievementGap(NumberedPlanSection):
    """An achievement committed against the one reached, the gap (brecha) and its causes."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="achievement_gaps", verbose_name="programa de trabajo")
    number = number_field()
    committed = models.TextField("logro comprometido", max_length=TEXT_MAX)
    reached = models.TextField("logro alcanzado", max_length=TEXT_MAX, blank=True)
    gap = models.TextField("brecha", max_length=TEXT_MAX, blank=True)
    causes = models.TextField("causas de la brecha", max_length=TEXT_MAX, blank=True)

    anchor = "logros"
    row_name = "el logro"

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "logro y brecha"
        verbose_name_plural = "logros y brechas"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="achievement_gap_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.committed[:80]}"


class PlanNarrative(PlanSection):
    """The plan's narrative sections, one text each, and the achievements the informe ejecutivo lists."""

    plan = models.OneToOneField(Plan, models.CASCADE, related_name="narrative", verbose_name="programa de trabajo")
    contribution = models.TextField("contribución a los objetivos de la institución", max_length=TEXT_MAX, blank=True)
    difficulties = models.TextField("dificultades", max_length=TEXT_MAX, blank=True)
    recommendations = models.TextField("recomendaciones", max_length=TEXT_MAX, blank=True)
    achievements = models.TextField(
        "logros (informe ejecutivo)",
        max_length=TEXT_MAX,
        blank=True,
        help_text="Un logro por línea; el informe ejecutivo los lista en este orden.",
    )

    anchor = "secciones"

    class Meta:
        verbose_name = "secciones narrativas"
        verbose_name_plural = "secciones narrativas"

    def __str__(self) -> str:
        return f"Secciones narrativas de {self.plan}"

    def achievement_list(self) -> list[str]:
        """The achievements, one a line as written, blank lines left out."""
        return [line.strip() for line in self.achievements.splitlines() if line.strip()]
