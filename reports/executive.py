"""The informe ejecutivo of a plan measured by indicators: one document per plan and cut-off
period, for the head of the agency. It gathers the summary of ratings (a table and a chart), the
achievements, the gaps, the narrative sections and the signatures, and is written as PDF and XLSX
(`reports.writers.executive`).

Its figures are `indicators.figures.plan_figures` at the period, the same the annex
«Cumplimiento de objetivos específicos» and the public pages read. It is signed, like that annex,
by the plan's measurement round of the period; for the public it is built from what is public
only, and only at a period whose round is authorised (the views ask `public_periods`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.safestring import SafeString

from aspects.models import Plan
from indicators.figures import PlanFigures, RatingCounts, plan_figures
from indicators.models import AchievementGap, MeasurementRound, PlanNarrative
from indicators.rating import Rating
from programs.filenames import download_name
from programs.models import CutOffPeriod
from programs.workflow import State

from .charts import Bar, bar_chart_svg
from .indicator_tables import COMPLIANCE
from .tables import Signature, date_text, lines

TITLE = "Informe ejecutivo"
UNMEASURED = "Sin medición al corte"
# Each rating's colour in the charts, dark enough against white for a graphic (WCAG 3:1); the
# figures are also printed on each bar and in the table under the chart.
COLOURS = {
    Rating.MET: "#146c43",
    Rating.PARTLY_MET: "#946c00",
    Rating.NOT_MET: "#b02a37",
    Rating.PENDING: "#495057",
    Rating.NO_TARGET: "#6f42c1",
    UNMEASURED: "#868e96",
}
NARRATIVE_SECTIONS = (
    ("contribution", "Contribución a los objetivos de la institución"),
    ("difficulties", "Dificultades"),
    ("recommendations", "Recomendaciones"),
)


def rating_rows(counts: RatingCounts) -> list[tuple[str, str, int]]:
    """(code, label, indicators) per rating, then those without a measurement at the cut-off: the
    rows of the summary table and the bars of its chart, in the same order."""
    return [*counts.rows(), ("sin_medicion", UNMEASURED, counts.unmeasured)]


def share_text(counts: RatingCounts) -> str:
    """«4 de 7 (57.1 %)» indicators rated «cumple» among the measurable; «—» without any."""
    share = counts.met_share
    if share is None:
        return "—"
    return f"{counts.met} de {counts.measurable} ({share * 100:.1f} %)"


def rating_chart(counts: RatingCounts, *, ident: str, scope: str) -> SafeString:
    """The summary of ratings as a bar chart (SVG), the figures of `rating_rows`."""
    bars = [Bar(label, count, COLOURS.get(code, COLOURS[UNMEASURED])) for code, label, count in rating_rows(counts)]
    description = "; ".join(f"{bar.label}: {bar.value}" for bar in bars) + "."
    return bar_chart_svg(
        bars,
        ident=ident,
        title=f"Indicadores por calificación {scope}",
        description=f"{description} Los mismos datos están en la tabla que sigue a la gráfica.",
    )


@dataclass
class ExecutiveReport:
    plan: Plan
    period: CutOffPeriod
    round: MeasurementRound | None
    figures: PlanFigures
    narrative: PlanNarrative | None
    gaps: list[AchievementGap]
    public: bool = False
    built_on: date = field(default_factory=timezone.localdate)

    title = TITLE

    @property
    def subtitle(self) -> str:
        return self.plan.title or f"Programa de trabajo · {self.plan.cycle.name}"

    @property
    def is_authorised(self) -> bool:
        return self.round is not None and self.round.state == State.AUTHORISED

    @property
    def header(self) -> list[tuple[str, str]]:
        plan, period = self.plan, self.period
        header = [
            ("Dependencia o entidad responsable", plan.program.agency.name),
            ("Programa o fondo evaluado", plan.program.name),
            (
                "Nombre y cargo del responsable de la elaboración y seguimiento",
                lines(plan.responsible_name, plan.responsible_position, sep=", "),
            ),
            ("Ciclo", plan.cycle.name),
            ("Periodo de corte", f"{period.name} (del {date_text(period.start)} al {date_text(period.end)})"),
        ]
        if plan.region is not None:
            header.append(("Región", plan.region.name))
        prepared = self.round.prepared_at if self.round is not None else None
        header.append(("Fecha de elaboración", date_text(timezone.localdate(prepared)) if prepared else ""))
        return header

    @property
    def signatures(self) -> list[Signature]:
        signed = self.round
        prepared = Signature("Elaboró", signed.prepared_by_name, signed.prepared_by_position) if signed else None
        authorised = (
            Signature("Autorizó", signed.authorised_by_name, signed.authorised_by_position)
            if signed is not None and self.is_authorised
            else None
        )
        return [prepared or Signature("Elaboró", "", ""), authorised or Signature("Autorizó", "", "")]

    @property
    def ratings(self) -> list[tuple[str, str, int]]:
        return rating_rows(self.figures.overall)

    @property
    def total(self) -> int:
        return self.figures.overall.total

    @property
    def met_share(self) -> str:
        return share_text(self.figures.overall)

    def chart(self) -> SafeString:
        return rating_chart(self.figures.overall, ident="informe", scope="del programa de trabajo")

    @property
    def achievements(self) -> list[str]:
        return self.narrative.achievement_list() if self.narrative is not None else []

    @property
    def sections(self) -> list[tuple[str, str]]:
        """The narrative sections, each with its title; one not written says so."""
        return [
            (title, (getattr(self.narrative, name) if self.narrative is not None else "").strip())
            for name, title in NARRATIVE_SECTIONS
        ]

    def filename(self, extension: str) -> str:
        """informe-ejecutivo-PMG01-2008-diciembre-2008.pdf"""
        return download_name(
            "informe-ejecutivo",
            program=self.plan.program,
            year=self.plan.cycle.year,
            period=self.period,
            ext=extension,
        )


def build_executive_report(plan: Plan, period: CutOffPeriod | None = None, *, public: bool = False) -> ExecutiveReport:
    """The informe ejecutivo of `plan` at `period` (by default the latest period with measurements,
    as the annex «Cumplimiento» picks it). `public`: only what the public may see."""
    period = period or COMPLIANCE.default_period(plan)
    if period is None:
        raise ValueError("El ciclo del programa de trabajo no tiene periodos de corte.")
    if period.cycle_id != plan.cycle_id:
        raise ValueError(f"El periodo «{period}» no es del ciclo del programa de trabajo.")
    narratives = PlanNarrative.objects.public() if public else PlanNarrative.objects.all()
    gaps = AchievementGap.objects.public() if public else AchievementGap.objects.all()
    rounds = MeasurementRound.objects.public() if public else MeasurementRound.objects.all()
    return ExecutiveReport(
        plan=plan,
        period=period,
        round=rounds.filter(plan=plan, period=period).first(),
        figures=plan_figures(plan, period, public=public),
        narrative=narratives.filter(plan=plan).first(),
        gaps=list(gaps.filter(plan=plan).order_by("number", "pk")),
        public=public,
    )
