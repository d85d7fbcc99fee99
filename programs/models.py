"""Agencies, their units and programs, the external evaluations of those programs and their
recommendations, the follow-up cycles with their cut-off periods, and who belongs to which agency."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify

from audit.models import AuditedQuerySet, VersionedModel

from .access import AgencyScopedModel, AgencyScopedQuerySet, Role, is_coordinator
from .workflow import (
    LOCKED_STATES,
    LockedError,
    NotPermitted,
    NotReady,
    PeriodStatus,
    Transition,
    TransitionRefused,
    WrongState,
    transitioned,
)

TEXT_MAX = 5000  # bound for long free text; enforced by forms, the admin and full_clean()


def unique_slug(model, text: str, exclude=None) -> str:
    base = slugify(text)[:70] or "dependencia"
    slug, n = base, 2
    while model._base_manager.filter(slug=slug).exclude(pk=exclude).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Agency(AgencyScopedModel):
    class Order(models.TextChoices):
        FEDERAL = "federal", "Federal"
        STATE = "estatal", "Estatal"
        MUNICIPAL = "municipal", "Municipal"

    name = models.CharField("nombre", max_length=255, unique=True)
    acronym = models.CharField("siglas", max_length=30, blank=True)
    order = models.CharField("orden de gobierno", max_length=10, choices=Order.choices)
    state = models.CharField("entidad federativa", max_length=60, blank=True)
    slug = models.SlugField(
        "identificador en la URL",
        max_length=80,
        unique=True,
        blank=True,
        help_text="Se forma con las siglas si se deja vacío.",
    )

    public_plan_path = "programs__plans"
    agency_path = ""
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "dependencia o entidad"
        verbose_name_plural = "dependencias y entidades"

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Agency, self.acronym or self.name, exclude=self.pk)
        super().save(*args, **kwargs)

    def get_public_url(self) -> str:
        return reverse("public:agency", kwargs={"slug": self.slug})


class Unit(AgencyScopedModel):
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="units", verbose_name="dependencia")
    name = models.CharField("nombre", max_length=255)
    acronym = models.CharField("siglas", max_length=30, blank=True)
    email = models.EmailField(
        "correo electrónico", blank=True, help_text="Recibe los recordatorios de actividades por vencer y vencidas."
    )

    public_plan_path = "agency__programs__plans"
    agency_path = "agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "unidad administrativa"
        verbose_name_plural = "unidades administrativas"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency")]

    def __str__(self) -> str:
        return self.name

    def deletion_refusal(self) -> str | None:
        """A unit is a catalogue entry and may be renamed, but it is not deleted while an activity
        of a submitted or authorised plan names it: the deletion would take it out of what was signed."""
        if self.pk and self.activities.filter(aspect__plan__state__in=LOCKED_STATES).exists():
            return (
                f"No se puede eliminar «{self}»: es área responsable de actividades de un programa de trabajo "
                "enviado o autorizado."
            )
        return None


class Region(AgencyScopedModel):
    """A territory an agency reports on (a region, a delegation), from its own catalogue. «Todas las
    regiones» is an explicit entry (`all_regions`), so a measurement of the whole territory says so
    rather than leaving the region empty by omission."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="regions", verbose_name="dependencia")
    name = models.CharField("nombre", max_length=120)
    all_regions = models.BooleanField(
        "todas las regiones", default=False, help_text="La entrada que abarca todo el territorio de la dependencia."
    )

    public_plan_path = "agency__programs__plans"
    agency_path = "agency"
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-all_regions", "name"]
        verbose_name = "región"
        verbose_name_plural = "regiones"
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="region_unique_name_per_agency"),
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(all_regions=True), name="region_one_all_regions_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.all_regions and taken(self, agency_id=self.agency_id, all_regions=True):
            raise ValidationError({"all_regions": "La dependencia ya tiene la entrada «Todas las regiones»."})


def refuse_deleting_named_unit(sender, instance: Unit, **kwargs) -> None:
    """`pre_delete` of units: what the admin refuses, refused for cascades and code too."""
    reason = instance.deletion_refusal()
    if reason:
        raise LockedError(reason, {instance})


class Program(AgencyScopedModel, VersionedModel):
    class Kind(models.TextChoices):
        BUDGETARY = "presupuestario", "Programa presupuestario"
        FUND = "fondo", "Fondo federal"
        LOCAL = "estatal", "Programa estatal o municipal"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="programs", verbose_name="dependencia")
    key = models.CharField("clave", max_length=30, unique=True)
    name = models.CharField("nombre", max_length=255)
    acronym = models.CharField("siglas", max_length=30, blank=True)
    kind = models.CharField("tipo", max_length=15, choices=Kind.choices)

    public_plan_path = "plans"
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

    objects = AuditedQuerySet.as_manager()

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

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "ámbito de gestión"
        verbose_name_plural = "ámbitos de gestión"

    def __str__(self) -> str:
        return f"{self.code} · {self.name}" if self.name else self.code


def number_field() -> models.PositiveSmallIntegerField:
    """A row's number as the documents print it (a recommendation's, an objective's, an ASM's…): 1 or more."""
    return models.PositiveSmallIntegerField(
        "número", validators=[MinValueValidator(1, "El número debe ser 1 o mayor.")]
    )


def taken(row: models.Model, **values: Any) -> bool:
    """Whether another row of `row`'s model already has these values: what a unique constraint
    refuses, checked in `clean()` so that the form puts the message on the field. False while a
    value is still missing (that field's own error speaks then)."""
    if not all(values.values()):
        return False
    return type(row)._default_manager.filter(**values).exclude(pk=row.pk).exists()


def year_validators() -> list:
    return [
        MinValueValidator(1990, "El año debe ser 1990 o posterior."),
        MaxValueValidator(2100, "El año debe ser 2100 o anterior."),
    ]


class EvaluationQuerySet(AgencyScopedQuerySet):
    def unlocked(self) -> EvaluationQuerySet:
        # An evaluation (its recommendation selection) is part of the plans built on it: it
        # freezes once one of them is submitted or authorised.
        return self.exclude(plans__state__in=LOCKED_STATES).exclude(
            recommendations__aspects__plan__state__in=LOCKED_STATES
        )


class Evaluation(AgencyScopedModel, VersionedModel):
    program = models.ForeignKey(Program, models.CASCADE, related_name="evaluations", verbose_name="programa")
    type = models.ForeignKey(
        EvaluationType, models.PROTECT, related_name="evaluations", verbose_name="tipo de evaluación"
    )
    year = models.PositiveSmallIntegerField("año de realización", validators=year_validators())
    fiscal_year = models.PositiveSmallIntegerField(
        "ejercicio fiscal evaluado", null=True, blank=True, validators=year_validators()
    )
    evaluator = models.CharField("evaluador externo", max_length=255, blank=True)
    report_url = models.URLField("informe de evaluación (URL)", max_length=500, blank=True)
    position_text = models.TextField("posición institucional (texto)", max_length=TEXT_MAX, blank=True)

    public_plan_path = "plans"
    agency_path = "program__agency"
    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["program__key", "-year", "pk"]
        verbose_name = "evaluación externa"
        verbose_name_plural = "evaluaciones externas"

    def __str__(self) -> str:
        return f"{self.type} {self.year} · {self.program.key}"

    @property
    def title(self) -> str:
        """How pages name it: «Evaluación Específica de Desempeño 2016», without saying
        «Evaluación» twice when the type already does («Evaluación externa 2010»)."""
        kind = str(self.type)
        if not kind.lower().startswith("evaluación"):
            kind = f"Evaluación {kind}"
        return f"{kind} {self.year}"

    @property
    def crumb_parent(self):
        return self.program

    def get_absolute_url(self) -> str:
        return reverse("programs:evaluation-detail", args=[self.pk])

    def locked_reason(self) -> str | None:
        if Evaluation.objects.filter(pk=self.pk).unlocked().exists():
            return None
        return (
            "La evaluación y su selección de recomendaciones forman parte de un programa de trabajo enviado "
            "o autorizado: ya no se modifican."
        )

    def clean(self) -> None:
        if self.fiscal_year and self.year and self.fiscal_year > self.year:
            raise ValidationError(
                {"fiscal_year": "El ejercicio evaluado no puede ser posterior al año de la evaluación."}
            )


class RecommendationQuerySet(AgencyScopedQuerySet):
    def unlocked(self) -> RecommendationQuerySet:
        # A recommendation is part of its evaluation's selection: it freezes with it.
        return self.filter(evaluation__in=Evaluation.objects.unlocked())


class Recommendation(AgencyScopedModel, VersionedModel):
    evaluation = models.ForeignKey(
        Evaluation, models.CASCADE, related_name="recommendations", verbose_name="evaluación"
    )
    number = number_field()
    text = models.TextField("recomendación", max_length=TEXT_MAX)
    scope = models.ForeignKey(
        ManagementScope,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name="ámbito de gestión",
    )
    attended = models.BooleanField("atención", default=True, help_text="Marque si la recomendación se atenderá.")
    justification = models.TextField("justificación", max_length=TEXT_MAX, blank=True)
    duplicates = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicated_by",
        verbose_name="duplica a la recomendación",
    )

    public_plan_path = "evaluation__plans"
    agency_path = "evaluation__program__agency"
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "number"]
        verbose_name = "recomendación"
        verbose_name_plural = "recomendaciones"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="recommendation_unique_number_per_evaluation")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def locked_reason(self) -> str | None:
        return self.evaluation.locked_reason()

    def clean(self) -> None:
        if not self.attended and not self.justification.strip():
            raise ValidationError({"justification": "Justifique por qué la recomendación no se atenderá."})
        if self.duplicates_id and self.duplicates_id == self.pk:
            raise ValidationError({"duplicates": "Una recomendación no puede duplicarse a sí misma."})
        if (
            self.duplicates is not None
            and self.evaluation_id
            and self.duplicates.evaluation.program_id != self.evaluation.program_id
        ):
            raise ValidationError({"duplicates": "La recomendación duplicada debe ser del mismo programa."})


class Cycle(VersionedModel):
    name = models.CharField(
        "nombre", max_length=120, unique=True, help_text="Por ejemplo «Mecanismo 2011» o «Programa de ASM 2017»."
    )
    year = models.PositiveSmallIntegerField("año", validators=year_validators())

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "ciclo de seguimiento"
        verbose_name_plural = "ciclos de seguimiento"

    def __str__(self) -> str:
        return self.name


class CutOffPeriodQuerySet(AuditedQuerySet):
    def open(self) -> CutOffPeriodQuerySet:
        return self.filter(status=CutOffPeriod.Status.OPEN)

    def visible_to(self, user) -> CutOffPeriodQuerySet:
        """Every period: the whole staff sees which one is open (only the coordinator moves them)."""
        return self.all()


class CutOffPeriod(VersionedModel):
    """A cut-off period in which progress is reported; the coordinator opens and closes it."""

    # Declared with the workflow, whose history rows (Transition) name these states too.
    Status = PeriodStatus

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="periods", verbose_name="ciclo")
    name = models.CharField("nombre", max_length=60, help_text="Por ejemplo «Marzo 2018».")
    start = models.DateField("inicio")
    end = models.DateField("fin")
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.PENDING, editable=False)

    objects = CutOffPeriodQuerySet.as_manager()

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

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def transitions(self) -> models.QuerySet:
        return Transition.of(self)

    def open(self, *, by, comment: str = "", overlap: bool = False) -> None:
        """Open the period for reports. Another open period of the cycle refuses it unless the
        coordinator confirms the overlap (`overlap=True`)."""
        self._move(
            by=by,
            source=self.Status.PENDING,
            target=self.Status.OPEN,
            verb="abrir",
            comment=comment,
            check=None if overlap else _refuse_overlap,
        )

    def close(self, *, by, comment: str = "") -> None:
        self._move(by=by, source=self.Status.OPEN, target=self.Status.CLOSED, verb="cerrar", comment=comment)

    def reopen(self, *, by, comment: str, overlap: bool = False) -> None:
        """Open a closed period again, for the reports still missing; the reason is required.
        Rounds already authorised stay authorised: only what is not locked can be reported."""
        if not comment.strip():
            raise NotReady("Para reabrir el periodo escriba el motivo; se registra y se comunica a las dependencias.")
        self._move(
            by=by,
            source=self.Status.CLOSED,
            target=self.Status.OPEN,
            verb="reabrir",
            comment=comment.strip(),
            check=None if overlap else _refuse_overlap,
        )

    def other_open_periods(self) -> models.QuerySet:
        """The cycle's other open periods: opening this one too is an overlap."""
        return CutOffPeriod.objects.open().filter(cycle_id=self.cycle_id).exclude(pk=self.pk)

    def refusal(self, user, step: str) -> TransitionRefused | None:
        """Why `user` cannot take `step` ("open", "close", "reopen") now, for the confirmation
        page; the transition itself checks the same under a row lock."""
        if not is_coordinator(user):
            return NotPermitted(COORDINATION_ONLY)
        source, verb = {
            "open": (self.Status.PENDING, "abrir"),
            "close": (self.Status.OPEN, "cerrar"),
            "reopen": (self.Status.CLOSED, "reabrir"),
        }[step]
        if self.status != source:
            return _wrong_state(self, verb)
        return None

    def _move(self, *, by, source: str, target: str, verb: str, comment: str, check=None) -> None:
        """Change the status and write its history row (`Transition`) in one transaction; the
        status change is in the audit trail too (the save records it). `transitioned` is sent
        so that the agencies hear of an opening (notifications.py)."""
        if not is_coordinator(by):
            raise NotPermitted(COORDINATION_ONLY)
        with transaction.atomic():
            current = CutOffPeriod._base_manager.select_for_update().get(pk=self.pk)
            if current.status != source:
                raise _wrong_state(current, verb)
            if check:
                check(current)
            current.status = target
            current.save()
            step = Transition.record(current, source=source, target=target, by=by, comment=comment)
            transitioned.send(sender=CutOffPeriod, instance=current, step=step)
        self.refresh_from_db()


COORDINATION_ONLY = "Solo la coordinación de evaluación abre, cierra y reabre periodos de corte."


def _wrong_state(period: CutOffPeriod, verb: str) -> WrongState:
    return WrongState(f"No se puede {verb} el periodo «{period.name}»: está {period.get_status_display().lower()}.")


def _refuse_overlap(period: CutOffPeriod) -> None:
    others = list(period.other_open_periods().values_list("name", flat=True))
    if others:
        raise NotReady(
            f"El periodo «{others[0]}» de {period.cycle} sigue abierto. Ciérrelo primero, o confirme que "
            "quiere dos periodos abiertos a la vez."
        )


class Membership(models.Model):
    """A user's role: capturista or supervisor of one agency, or coordinator of them all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership", verbose_name="usuario"
    )
    agency = models.ForeignKey(
        Agency,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="dependencia",
        help_text="Obligatoria para capturistas y supervisores; vacía para la coordinación.",
    )
    role = models.CharField("papel", max_length=12, choices=Role.CHOICES, default=Role.CAPTURIST)
    position = models.CharField("cargo", max_length=200, help_text="Se imprime en las firmas «Elaboró» y «Autorizó».")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "adscripción"
        verbose_name_plural = "adscripciones"

    def __str__(self) -> str:
        where = (self.agency.acronym or self.agency.name) if self.agency is not None else "todas las dependencias"
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self) -> None:
        if self.role == Role.COORDINATOR and self.agency_id:
            raise ValidationError({"agency": "La coordinación no se adscribe a una dependencia: lee todas."})
        if self.role != Role.COORDINATOR and not self.agency_id:
            raise ValidationError({"agency": "Indique la dependencia del capturista o supervisor."})
