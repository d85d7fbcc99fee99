"""Follow-up plans, their ASM, the activities that carry them out and the progress reported on
each activity at every cut-off period.

Derived values (progress, status, timeliness) are defined once, as queryset annotations in
`aspects.progress`; lists and exports annotate, and a single object asks the same queryset.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from programs.access import AgencyScopedQuerySet
from programs.models import TEXT_MAX, CutOffPeriod, Cycle, Evaluation, ManagementScope, Program, Recommendation, Unit

from . import progress


class Topic(models.Model):
    """Tema: the section of the evaluation an ASM comes from (Diagnóstico, Planeación…)."""

    name = models.CharField("nombre", max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "tema"
        verbose_name_plural = "temas"

    def __str__(self) -> str:
        return self.name


class DerivedValuesMixin:
    """current_progress, current_status and current_timeliness of one object.

    They are the annotations of `with_progress()` (aspects.progress), read from the object
    when it came from such a queryset, or fetched through the same queryset otherwise.
    """

    derived_fields: tuple[str, ...] = ()

    def _derived(self, name: str):
        if not hasattr(self, name):
            annotated = type(self).objects.with_progress().get(pk=self.pk)
            for field in self.derived_fields:
                setattr(self, field, getattr(annotated, field))
        return getattr(self, name)

    @property
    def current_progress(self) -> float | None:
        return self._derived("progress")

    @property
    def current_status(self) -> str:
        return self._derived("status")

    @property
    def current_timeliness(self) -> str | None:
        return self._derived("timeliness")


class Plan(models.Model):
    """The follow-up document of one program in one cycle ("Programa de ASM 2017" of FASSA-QRO)."""

    program = models.ForeignKey(Program, models.PROTECT, related_name="plans", verbose_name="programa")
    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="plans", verbose_name="ciclo")
    title = models.CharField("título", max_length=255, blank=True)
    evaluation = models.ForeignKey(
        Evaluation, models.SET_NULL, null=True, blank=True, related_name="plans", verbose_name="evaluación de origen"
    )
    responsible_name = models.CharField("responsable de la elaboración y seguimiento", max_length=200)
    responsible_position = models.CharField("cargo del responsable", max_length=200)
    prepared_on = models.DateField("fecha de elaboración", null=True, blank=True)

    agency_path = "program__agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["program__key", "-cycle__year"]
        verbose_name = "programa de trabajo de ASM"
        verbose_name_plural = "programas de trabajo de ASM"
        constraints = [models.UniqueConstraint(fields=["program", "cycle"], name="plan_unique_program_cycle")]

    def __str__(self) -> str:
        return f"{self.program.key} · {self.cycle}"

    @property
    def crumb_parent(self):
        return self.program

    def get_absolute_url(self) -> str:
        return reverse("aspects:plan-detail", args=[self.pk])

    def clean(self) -> None:
        if self.evaluation_id and self.program_id and self.evaluation.program_id != self.program_id:
            raise ValidationError({"evaluation": "La evaluación debe ser del mismo programa."})


class AspectQuerySet(AgencyScopedQuerySet):
    def with_progress(self) -> AspectQuerySet:
        return progress.annotate_aspects(self)


class Aspect(DerivedValuesMixin, models.Model):
    class Kind(models.TextChoices):
        SPECIFIC = "especifico", "Específico"
        INSTITUTIONAL = "institucional", "Institucional"
        INTERINSTITUTIONAL = "interinstitucional", "Interinstitucional"
        INTERGOVERNMENTAL = "intergubernamental", "Intergubernamental"

    class Priority(models.TextChoices):
        HIGH = "alta", "Alta"
        MEDIUM = "media", "Media"
        LOW = "baja", "Baja"

    class ActionType(models.TextChoices):
        CORRECTS = "corrige", "Corrige actividades o procesos"
        MODIFIES = "modifica", "Modifica apoyos"
        ADDS = "adiciona", "Adiciona o reubica"
        REORIENTS = "reorienta", "Reorienta sustancialmente"
        SUSPENDS = "suspende", "Suspende"

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="aspects", verbose_name="programa de trabajo")
    number = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1, "El número debe ser 1 o mayor.")])
    document_number = models.PositiveSmallIntegerField(
        "número en su documento", null=True, blank=True, help_text="El «No.» impreso en su documento de trabajo, si difiere."
    )
    text = models.TextField("aspecto susceptible de mejora", max_length=TEXT_MAX)
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices, default=Kind.SPECIFIC)
    priority = models.CharField("prioridad", max_length=5, choices=Priority.choices, blank=True)
    priority_justification = models.TextField("justificación de la prioridad", max_length=TEXT_MAX, blank=True)
    action_type = models.CharField("tipo de acción", max_length=10, choices=ActionType.choices, blank=True)
    action_justification = models.TextField("justificación del tipo de acción", max_length=TEXT_MAX, blank=True)
    topic = models.ForeignKey(Topic, models.PROTECT, null=True, blank=True, related_name="aspects", verbose_name="tema")
    scope = models.ForeignKey(
        ManagementScope, models.PROTECT, null=True, blank=True, related_name="aspects", verbose_name="ámbito de gestión"
    )
    responsible_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="responsible_for", verbose_name="área responsable"
    )
    coordinating_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="coordinates", verbose_name="área coordinadora"
    )
    start_date = models.DateField("fecha de inicio", null=True, blank=True)
    end_date = models.DateField("fecha de término", null=True, blank=True)
    products = models.TextField("productos y/o evidencias", max_length=TEXT_MAX, blank=True)
    expected_results = models.TextField("resultados esperados", max_length=TEXT_MAX, blank=True)
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="aspects", verbose_name="recomendaciones de origen"
    )
    observations = models.TextField("observaciones", max_length=TEXT_MAX, blank=True)

    agency_path = "plan__program__agency"
    derived_fields = progress.ASPECT_FIELDS
    objects = AspectQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "aspecto susceptible de mejora"
        verbose_name_plural = "aspectos susceptibles de mejora"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="aspect_unique_number_per_plan")]

    def __str__(self) -> str:
        return f"ASM {self.number}. {self.text[:80]}"

    @property
    def crumb_parent(self):
        return self.plan

    def get_absolute_url(self) -> str:
        return reverse("aspects:aspect-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.kind != self.Kind.SPECIFIC and not self.coordinating_unit_id:
            errors["coordinating_unit"] = f"Un ASM {self.get_kind_display().lower()} requiere un área coordinadora."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fecha de término no puede ser anterior a la fecha de inicio."
        if self.plan_id and self.number and Aspect.objects.filter(plan_id=self.plan_id, number=self.number).exclude(pk=self.pk).exists():
            errors["number"] = f"Ya existe el ASM número {self.number} en este programa de trabajo."
        agency_id = self.plan.program.agency_id if self.plan_id else None
        for field in ("responsible_unit", "coordinating_unit"):
            unit = getattr(self, field)
            # An institutional ASM may be coordinated by another agency's unit only when it is
            # inter-institutional or inter-governmental.
            if unit and agency_id and unit.agency_id != agency_id and self.kind in (self.Kind.SPECIFIC, self.Kind.INSTITUTIONAL):
                errors[field] = "El área debe pertenecer a la dependencia del programa."
        if errors:
            raise ValidationError(errors)


class DatePrecision(models.TextChoices):
    DAY = "dia", "Día"
    MONTH = "mes", "Mes"


class ActivityQuerySet(AgencyScopedQuerySet):
    def with_progress(self) -> ActivityQuerySet:
        return progress.annotate_activities(self)


class Activity(DerivedValuesMixin, models.Model):
    aspect = models.ForeignKey(Aspect, models.CASCADE, related_name="activities", verbose_name="ASM")
    number = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1, "El número debe ser 1 o mayor.")])
    description = models.TextField("actividad", max_length=TEXT_MAX)
    product = models.TextField("producto o evidencia esperada", max_length=TEXT_MAX, blank=True)
    expected_results = models.TextField("resultados esperados", max_length=TEXT_MAX, blank=True)
    results_obtained = models.TextField("resultados obtenidos", max_length=TEXT_MAX, blank=True)
    weight = models.DecimalField(
        "ponderación (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "La ponderación no puede ser negativa."), MaxValueValidator(100, "La ponderación no puede pasar de 100.")],
    )
    units = models.ManyToManyField(Unit, related_name="activities", verbose_name="áreas responsables")
    start_date = models.DateField("fecha de inicio", null=True, blank=True)
    end_date = models.DateField("fecha de término comprometida")
    end_date_precision = models.CharField(
        "precisión de la fecha de término", max_length=3, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_note = models.CharField("nota de la fecha", max_length=120, blank=True, help_text="Por ejemplo «Fecha preliminar propuesta».")
    actual_end_date = models.DateField("fecha real de término", null=True, blank=True)
    actual_end_precision = models.CharField(
        "precisión de la fecha real", max_length=3, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    agency_path = "aspect__plan__program__agency"
    derived_fields = progress.ACTIVITY_FIELDS
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["aspect", "number"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"
        constraints = [models.UniqueConstraint(fields=["aspect", "number"], name="activity_unique_number_per_aspect")]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:80]}"

    @property
    def crumb_parent(self):
        return self.aspect

    def get_absolute_url(self) -> str:
        return reverse("aspects:activity-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fecha de término no puede ser anterior a la fecha de inicio."
        if self.start_date and self.actual_end_date and self.actual_end_date < self.start_date:
            errors["actual_end_date"] = "La fecha real de término no puede ser anterior a la fecha de inicio."
        if errors:
            raise ValidationError(errors)


class ProgressReport(models.Model):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="reports", verbose_name="actividad")
    period = models.ForeignKey(CutOffPeriod, models.PROTECT, related_name="reports", verbose_name="periodo de corte")
    percent = models.PositiveSmallIntegerField(
        "porcentaje de avance",
        validators=[MinValueValidator(0, "El avance no puede ser menor que 0 %%."), MaxValueValidator(100, "El avance no puede pasar de 100 %%.")],
    )
    justification = models.TextField("justificación", max_length=TEXT_MAX, blank=True)
    observations = models.TextField("observaciones", max_length=TEXT_MAX, blank=True)
    replanning = models.BooleanField("replanteamiento", default=False)
    replanning_justification = models.TextField("justificación del replanteamiento", max_length=TEXT_MAX, blank=True)
    evidence_note = models.TextField(
        "identificación del documento probatorio", max_length=TEXT_MAX, blank=True, help_text="Nombre del archivo y extensión, o liga."
    )
    reported_on = models.DateField("fecha de reporte")

    agency_path = "activity__aspect__plan__program__agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "period__end"]
        verbose_name = "reporte de avance"
        verbose_name_plural = "reportes de avance"
        constraints = [models.UniqueConstraint(fields=["activity", "period"], name="report_unique_per_activity_period")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.period.name}: {self.percent} %"

    @property
    def crumb_parent(self):
        return self.activity

    def get_absolute_url(self) -> str:
        return f"{self.activity.get_absolute_url()}#avance-{self.pk}"

    def previous(self) -> ProgressReport | None:
        """The latest report of the same activity at an earlier cut-off period."""
        if not (self.activity_id and self.period_id):
            return None
        return (
            ProgressReport.objects.filter(activity_id=self.activity_id, period__end__lt=self.period.end)
            .exclude(pk=self.pk)
            .order_by("-period__end")
            .first()
        )

    def clean(self) -> None:
        errors = {}
        if self.period_id and self.activity_id and self.period.cycle_id != self.activity.aspect.plan.cycle_id:
            errors["period"] = "El periodo de corte debe ser del ciclo del programa de trabajo."
        elif self.percent is not None and not self.justification.strip():
            previous = self.previous()
            if previous and self.percent < previous.percent:
                errors["justification"] = (
                    f"El avance baja de {previous.percent} % ({previous.period.name}) a {self.percent} %: justifique la disminución."
                )
        if (
            self.period_id
            and self.activity_id
            and ProgressReport.objects.filter(activity_id=self.activity_id, period_id=self.period_id).exclude(pk=self.pk).exists()
        ):
            errors["period"] = f"Esta actividad ya tiene un reporte de avance en el periodo {self.period.name}."
        if self.replanning and not self.replanning_justification.strip():
            errors["replanning_justification"] = "Justifique el replanteamiento."
        if errors:
            raise ValidationError(errors)
