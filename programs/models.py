"""Agencies, their units and programs, the external evaluations of those programs and their
recommendations, the follow-up cycles with their cut-off periods, and who belongs to which agency."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from .access import AgencyScopedQuerySet

TEXT_MAX = 5000  # bound for long free text; enforced by forms, the admin and full_clean()


class Agency(models.Model):
    class Order(models.TextChoices):
        FEDERAL = "federal", "Federal"
        STATE = "estatal", "Estatal"
        MUNICIPAL = "municipal", "Municipal"

    name = models.CharField("nombre", max_length=255, unique=True)
    acronym = models.CharField("siglas", max_length=30, blank=True)
    order = models.CharField("orden de gobierno", max_length=10, choices=Order.choices)
    state = models.CharField("entidad federativa", max_length=60, blank=True)

    agency_path = ""
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "dependencia o entidad"
        verbose_name_plural = "dependencias y entidades"

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Unit(models.Model):
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="units", verbose_name="dependencia")
    name = models.CharField("nombre", max_length=255)
    acronym = models.CharField("siglas", max_length=30, blank=True)

    agency_path = "agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "unidad administrativa"
        verbose_name_plural = "unidades administrativas"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency")]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    class Kind(models.TextChoices):
        BUDGETARY = "presupuestario", "Programa presupuestario"
        FUND = "fondo", "Fondo federal"
        LOCAL = "estatal", "Programa estatal o municipal"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="programs", verbose_name="dependencia")
    key = models.CharField("clave", max_length=30, unique=True)
    name = models.CharField("nombre", max_length=255)
    acronym = models.CharField("siglas", max_length=30, blank=True)
    kind = models.CharField("tipo", max_length=15, choices=Kind.choices)

    agency_path = "agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = "programa o fondo"
        verbose_name_plural = "programas y fondos"

    def __str__(self) -> str:
        return f"{self.key} · {self.name}"

    @property
    def crumb_parent(self):
        return None

    def get_absolute_url(self) -> str:
        return reverse("programs:program-detail", args=[self.pk])


class EvaluationType(models.Model):
    name = models.CharField("nombre", max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "tipo de evaluación"
        verbose_name_plural = "tipos de evaluación"

    def __str__(self) -> str:
        return self.name


class ManagementScope(models.Model):
    """Ámbito de gestión (O, PP, RC, SER…): each government expands the codes its own way."""

    code = models.CharField("clave", max_length=10, unique=True)
    name = models.CharField("nombre", max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "ámbito de gestión"
        verbose_name_plural = "ámbitos de gestión"

    def __str__(self) -> str:
        return f"{self.code} · {self.name}" if self.name else self.code


def year_validators() -> list:
    return [MinValueValidator(1990, "El año debe ser 1990 o posterior."), MaxValueValidator(2100, "El año debe ser 2100 o anterior.")]


class Evaluation(models.Model):
    program = models.ForeignKey(Program, models.CASCADE, related_name="evaluations", verbose_name="programa")
    type = models.ForeignKey(EvaluationType, models.PROTECT, related_name="evaluations", verbose_name="tipo de evaluación")
    year = models.PositiveSmallIntegerField("año de realización", validators=year_validators())
    fiscal_year = models.PositiveSmallIntegerField("ejercicio fiscal evaluado", null=True, blank=True, validators=year_validators())
    evaluator = models.CharField("evaluador externo", max_length=255, blank=True)
    report_file = models.FileField("informe de evaluación (archivo)", upload_to="evaluaciones/informes/%Y/", blank=True)
    report_url = models.URLField("informe de evaluación (URL)", max_length=500, blank=True)
    position_file = models.FileField("posición institucional (archivo)", upload_to="evaluaciones/posiciones/%Y/", blank=True)
    position_text = models.TextField("posición institucional (texto)", max_length=TEXT_MAX, blank=True)

    agency_path = "program__agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["program__key", "-year", "pk"]
        verbose_name = "evaluación externa"
        verbose_name_plural = "evaluaciones externas"

    def __str__(self) -> str:
        return f"{self.type} {self.year} · {self.program.key}"

    @property
    def crumb_parent(self):
        return self.program

    def get_absolute_url(self) -> str:
        return reverse("programs:evaluation-detail", args=[self.pk])

    def clean(self) -> None:
        if self.fiscal_year and self.year and self.fiscal_year > self.year:
            raise ValidationError({"fiscal_year": "El ejercicio evaluado no puede ser posterior al año de la evaluación."})


class Recommendation(models.Model):
    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="recommendations", verbose_name="evaluación")
    number = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1, "El número debe ser 1 o mayor.")])
    text = models.TextField("recomendación", max_length=TEXT_MAX)
    scope = models.ForeignKey(
        ManagementScope, models.PROTECT, null=True, blank=True, related_name="recommendations", verbose_name="ámbito de gestión"
    )
    attended = models.BooleanField("atención", default=True, help_text="Marque si la recomendación se atenderá.")
    justification = models.TextField("justificación", max_length=TEXT_MAX, blank=True)
    duplicates = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="duplicated_by", verbose_name="duplica a la recomendación"
    )

    agency_path = "evaluation__program__agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "number"]
        verbose_name = "recomendación"
        verbose_name_plural = "recomendaciones"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="recommendation_unique_number_per_evaluation")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def clean(self) -> None:
        if not self.attended and not self.justification.strip():
            raise ValidationError({"justification": "Justifique por qué la recomendación no se atenderá."})
        if self.duplicates_id and self.duplicates_id == self.pk:
            raise ValidationError({"duplicates": "Una recomendación no puede duplicarse a sí misma."})
        if self.duplicates_id and self.evaluation_id and self.duplicates.evaluation.program_id != self.evaluation.program_id:
            raise ValidationError({"duplicates": "La recomendación duplicada debe ser del mismo programa."})


class Cycle(models.Model):
    name = models.CharField("nombre", max_length=120, unique=True, help_text="Por ejemplo «Mecanismo 2011» o «Programa de ASM 2017».")
    year = models.PositiveSmallIntegerField("año", validators=year_validators())

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "ciclo de seguimiento"
        verbose_name_plural = "ciclos de seguimiento"

    def __str__(self) -> str:
        return self.name


class CutOffPeriod(models.Model):
    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="periods", verbose_name="ciclo")
    name = models.CharField("nombre", max_length=60, help_text="Por ejemplo «Marzo 2018».")
    start = models.DateField("inicio")
    end = models.DateField("fin")

    class Meta:
        ordering = ["cycle", "end"]
        verbose_name = "periodo de corte"
        verbose_name_plural = "periodos de corte"
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="period_unique_name_per_cycle")]

    def __str__(self) -> str:
        return f"{self.name} ({self.cycle})"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "La fecha de fin no puede ser anterior a la de inicio."})


class Membership(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership", verbose_name="usuario")
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="memberships", verbose_name="dependencia")
    position = models.CharField("cargo", max_length=200)

    class Meta:
        verbose_name = "adscripción"
        verbose_name_plural = "adscripciones"

    def __str__(self) -> str:
        return f"{self.user} · {self.agency.acronym or self.agency.name}"
