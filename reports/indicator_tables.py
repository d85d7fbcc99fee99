"""The annex tables of a plan measured by indicators, declared once in the framework of
`reports.tables` and rendered by the same writers (HTML, PDF, XLSX anexo and datos, CSV):

- «Cumplimiento de objetivos específicos»: each indicator under its specific objective (the ASM),
  its target for the year measured, its measurement at the cut-off and the rating. Cut at a period
  and signed by the plan's measurement round of that period, as a progress annex is by its round
  of reports; the rows come from `indicators.figures.plan_figures`, so the annex, the informe
  ejecutivo and the public pages count the same measurements;
- «Modificaciones a productos» and «Logros y brechas»: the plan's own rows, signed by the plan.

They are offered only for plans that use indicators (`uses_indicators`), beside the annexes of
`TABLES`, which every plan prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef

from aspects.models import Aspect, Plan
from indicators.figures import plan_figures
from indicators.models import (
    AchievementGap,
    Indicator,
    IndicatorTarget,
    Measurement,
    MeasurementRound,
    ProductChange,
)
from programs.models import CutOffPeriod
from programs.workflow import Reviewable

from .tables import TABLES, Annex, Column, Field, Row, Table, lines, path, yes_no

NO_MEASUREMENT = "Sin medición al corte"


def number_text(value: Decimal | None) -> str:
    """«70», «72.5», «1500»: a stored decimal without its trailing zeros."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value: Decimal | None, indicator: Indicator) -> str:
    if value is None:
        return ""
    if indicator.is_percent:
        return f"{number_text(value)} %"
    return lines(number_text(value), indicator.unit, sep=" ")


def year_of(row: Row) -> int | None:
    """The year the row's target is read for: the year measured, else the cut-off's year."""
    if row.measurement is not None:
        return row.measurement.year
    return row.period.end.year if row.period is not None else None


def target_of(row: Row) -> IndicatorTarget | None:
    year = year_of(row)
    return row.indicator.targets_by_year.get(year) if row.indicator is not None and year else None


def target_text(row: Row) -> str:
    """«70 % (2007)»; «Sin meta para 2007» («no se formula indicador 2007»). A «menor es mejor»
    indicator says so under its target, which it must not pass; «mayor es mejor», the usual
    direction, is not printed."""
    target, year = target_of(row), year_of(row)
    if target is None:
        return f"Sin meta para {year}" if year else ""
    text = f"{with_unit(target.value, row.indicator)} ({year})"
    return lines(text, "Menor es mejor") if row.indicator.lower_is_better else text


def result_figure(measurement: Measurement) -> str:
    """The measured figure: «72.5 % (29 / 40)», «1500 personas»; nothing for a text-only result."""
    result = measurement.result()
    if result is None:
        return ""
    figure = with_unit(result.quantize(Decimal("0.1")) if measurement.value is None else result, measurement.indicator)
    if measurement.value is None:
        figure += f" ({number_text(measurement.numerator)} / {number_text(measurement.denominator)})"
    return figure


def result_text(row: Row) -> str:
    measurement = row.measurement
    if measurement is None:
        return NO_MEASUREMENT
    return lines(measurement.result_text, result_figure(measurement))


def rating_text(row: Row) -> str:
    """The rating; where the user overrode the derived one, it says so with the justification."""
    measurement = row.measurement
    if measurement is None:
        return ""
    text = measurement.get_rating_display()
    if measurement.rating_overridden:
        derived = measurement.get_derived_rating_display()
        text = lines(text, f"(Calculada: {derived}. Justificación: {measurement.override_justification})")
    return text


def specific_objective_text(row: Row) -> str:
    aspect = row.aspect
    return f"{aspect.number}. {aspect.text}" if aspect is not None else ""


def measurement_field(name: str) -> Any:
    return path(f"measurement.{name}")


def result_value(row: Row) -> Decimal | None:
    return row.measurement.result() if row.measurement is not None else None


def target_value(row: Row) -> Decimal | None:
    target = target_of(row)
    return target.value if target is not None else None


COMPLIANCE_COLUMNS = (
    Column(
        "Objetivo específico",
        specific_objective_text,
        group=True,
        width=30,
        data=(
            Field("No. objetivo", path("aspect.objective.number")),
            Field("Objetivo", path("aspect.objective.text")),
            Field("No. objetivo específico", path("aspect.number")),
            Field("Objetivo específico", path("aspect.text")),
        ),
    ),
    Column(
        "Indicador",
        lambda row: f"{row.indicator.number}. {row.indicator.text}",
        width=34,
        data=(
            Field("No. indicador", path("indicator.number")),
            Field("Indicador", path("indicator.text")),
            Field("Numerador", path("indicator.numerator_description")),
            Field("Denominador", path("indicator.denominator_description")),
            Field("Unidad de medida", path("indicator.unit")),
            Field("Tipo de meta", lambda row: row.indicator.get_kind_display()),
        ),
    ),
    Column(
        "Meta",
        target_text,
        width=12,
        data=(Field("Año", year_of), Field("Meta", target_value)),
    ),
    Column(
        "Resultado de la medición",
        result_text,
        width=30,
        data=(
            Field("Periodo de la medición", measurement_field("period.name")),
            Field("Numerador medido", measurement_field("numerator")),
            Field("Denominador medido", measurement_field("denominator")),
            Field("Valor medido", measurement_field("value")),
            Field("Resultado", result_value),
            Field("Resultado de la medición", measurement_field("result_text")),
        ),
    ),
    Column(
        "Calificación",
        rating_text,
        width=16,
        data=(
            Field("Calificación", lambda row: row.measurement.get_rating_display() if row.measurement else None),
            Field(
                "Calificación calculada",
                lambda row: (row.measurement.get_derived_rating_display() or None) if row.measurement else None,
            ),
            Field(
                "Calificación modificada",
                lambda row: yes_no(row.measurement.rating_overridden) if row.measurement else None,
            ),
            Field("Justificación de la calificación", measurement_field("override_justification")),
        ),
    ),
)


class IndicatorPlanTable(Table):
    """A table of the indicator plans: no column profile (a query saved), the plan's region in the header."""

    catalogue: dict[str, Column] = {}

    def profile_for(self, plan: Plan) -> None:
        return None

    def extra_header(self, annex: Annex) -> list[tuple[str, str]]:
        region = annex.plan.region
        return [("Región", region.name)] if region is not None else []


class ComplianceTable(IndicatorPlanTable):
    """Each indicator under its specific objective, with its measurement at the cut-off."""

    needs_period = True

    def default_period(self, plan: Plan) -> CutOffPeriod | None:
        """The latest period with a measurement round; else the cycle's last period."""
        periods = plan.cycle.periods.order_by("-end")
        measured = periods.filter(pk__in=MeasurementRound.objects.filter(plan=plan).values("period_id"))
        return measured.first() or periods.first()

    def round_of(self, plan: Plan, period: CutOffPeriod) -> Reviewable | None:
        return MeasurementRound.objects.filter(plan=plan, period=period).first()

    def public_periods(self, plan: Plan) -> list[CutOffPeriod]:
        rounds = MeasurementRound.objects.public().filter(plan=plan).select_related("period").order_by("period__end")
        return [round_.period for round_ in rounds]

    def rows(self, plan, period, public=False):
        if period is None:
            return
        figures = plan_figures(plan, period, public=public)
        yield from compliance_rows(figures.plan, period, figures.measurements, public=public)


def compliance_rows(
    plan: Plan, period: CutOffPeriod | None, measurements: dict[int, Measurement], *, public: bool
) -> Iterator[Row]:
    """The rows of «Cumplimiento»: every indicator of the plan (public ones for the public) in the
    order of its ASM, with its targets (`indicator.targets_by_year`) and the measurement the
    figures rate it by (none without a period)."""
    readable = Indicator.objects.public() if public else Indicator.objects.all()
    indicators = list(
        readable.filter(aspect__plan=plan)
        .select_related("aspect__objective")
        .order_by("aspect__number", "number", "pk")
    )
    targets = IndicatorTarget.objects.public() if public else IndicatorTarget.objects.all()
    by_indicator: dict[int, dict[int, IndicatorTarget]] = {}
    for target in targets.filter(indicator__in=[indicator.pk for indicator in indicators]):
        by_indicator.setdefault(target.indicator_id, {})[target.year] = target
    spans: dict[int, int] = {}
    for indicator in indicators:
        spans[indicator.aspect_id] = spans.get(indicator.aspect_id, 0) + 1
    previous: Aspect | None = None
    for indicator in indicators:
        # A plain attribute, read by the cells and the public page, rather than a query per indicator.
        setattr(indicator, "targets_by_year", by_indicator.get(indicator.pk, {}))  # noqa: B010
        measurement = measurements.get(indicator.pk)
        if measurement is not None:
            measurement.indicator = indicator  # its unit and kind, without a query
        first = previous is None or previous.pk != indicator.aspect_id
        yield Row(
            aspect=indicator.aspect,
            indicator=indicator,
            measurement=measurement,
            period=period,
            first=first,
            span=spans[indicator.aspect_id] if first else 0,
        )
        previous = indicator.aspect


class PlanSectionTable(IndicatorPlanTable):
    """A numbered section of the plan's own (its product changes, its achievements and gaps): a row
    per item (`Row.item`), in the plan's numbering."""

    section: type[ProductChange] | type[AchievementGap]

    def rows(self, plan, period, public=False):
        items = self.section.objects.public() if public else self.section.objects.all()
        for item in items.filter(plan=plan).order_by("number", "pk"):
            yield Row(item=item)


def item_column(label: str, attribute: str, width: int, **options: Any) -> Column:
    return Column(label, path(f"item.{attribute}"), width=width, **options)


# The row's number, as the plan numbers its product changes and its achievements.
NUMBER_COLUMN = item_column("No.", "number", 5, data=(Field("No.", path("item.number")),))

COMPLIANCE = ComplianceTable(
    slug="cumplimiento",
    title="Cumplimiento de objetivos específicos",
    sheet="Cumplimiento",
    empty_message="El programa de trabajo no tiene indicadores.",
    columns=COMPLIANCE_COLUMNS,
)

PRODUCT_CHANGES = PlanSectionTable(
    section=ProductChange,
    slug="productos",
    title="Modificaciones a productos",
    sheet="Modificaciones a productos",
    empty_message="No se registraron modificaciones a productos.",
    columns=(
        NUMBER_COLUMN,
        item_column("Producto", "product", 26),
        item_column("Subproducto", "subproduct", 22),
        item_column("Modificación comprometida", "modification", 34),
        Column(
            "Incorporada",
            lambda row: yes_no(row.item.incorporated) or "",
            width=10,
            data=(Field("Incorporada", lambda row: yes_no(row.item.incorporated)),),
        ),
        item_column("Nota", "note", 26),
    ),
)

ACHIEVEMENT_GAPS = PlanSectionTable(
    section=AchievementGap,
    slug="logros-brechas",
    title="Logros y brechas",
    sheet="Logros y brechas",
    empty_message="No se registraron logros ni brechas.",
    columns=(
        NUMBER_COLUMN,
        item_column("Logro comprometido", "committed", 30),
        item_column("Logro alcanzado", "reached", 30),
        item_column("Brecha", "gap", 26),
        item_column("Causas", "causes", 30),
    ),
)

INDICATOR_TABLES: dict[str, Table] = {table.slug: table for table in (COMPLIANCE, PRODUCT_CHANGES, ACHIEVEMENT_GAPS)}
# Every table a plan may print, by slug: the pages look a table up here.
ALL_TABLES: dict[str, Table] = {**TABLES, **INDICATOR_TABLES}


def uses_indicators_q() -> Any:
    """A condition on plans: measured by indicators (an indicator, a product change or a gap)."""
    return (
        Exists(Indicator.objects.filter(aspect__plan=OuterRef("pk")))
        | Exists(ProductChange.objects.filter(plan=OuterRef("pk")))
        | Exists(AchievementGap.objects.filter(plan=OuterRef("pk")))
    )


def uses_indicators(plan: Plan) -> bool:
    """Whether the plan is measured by indicators, so that its indicator tables are offered (one query)."""
    return Plan.objects.filter(pk=plan.pk).filter(uses_indicators_q()).exists()


def tables_for(plan: Plan, *, indicators: bool | None = None) -> list[Table]:
    """The tables a plan prints: every plan's, and the indicator tables where it uses indicators
    (`indicators` when the caller already knows)."""
    if indicators is None:
        indicators = uses_indicators(plan)
    return [*TABLES.values(), *(INDICATOR_TABLES.values() if indicators else ())]
