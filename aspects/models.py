"""Follow-up plans, their ASM, the activities that carry them out and the progress reported on
each activity at every cut-off period.

Derived values (progress, status, the ASM's end date) are defined once in `aspects.progress` and
stored on the ASM and the activity; the models whose changes move them (`MovesProgress`) refresh
them in the same transaction. Lists and exports read them through `with_progress()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from audit.models import AuditedQuerySet, VersionedModel
from programs.access import AgencyScopedModel, AgencyScopedQuerySet
from programs.models import (
    TEXT_MAX,
    Agency,
    CutOffPeriod,
    Cycle,
    Evaluation,
    ManagementScope,
    Program,
    Recommendation,
    Region,
    Unit,
    number_field,
    taken,
)
from programs.visibility import PublicModel
from programs.workflow import EDITABLE_STATES, LOCKED_STATES, Reviewable, State

from . import progress


class Topic(models.Model):
    """Tema: the section of the evaluation an ASM comes from (Diagnóstico, Planeación…)."""

    name = models.CharField("nombre", max_length=120, unique=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "tema"
        verbose_name_plural = "temas"

    def __str__(self) -> str:
        return self.name


def _status_field(label: str) -> models.CharField:
    # db_default too: rows written in bulk (generate_dataset) name only their own columns.
    return models.CharField(
        label,
        max_length=11,
        choices=progress.Status.choices,
        default=progress.Status.NOT_STARTED,
        db_default=progress.Status.NOT_STARTED,
        editable=False,
    )


class MovesProgress(AgencyScopedModel):
    """A model whose rows are inputs of the stored derived values: saving or deleting one
    refreshes the ASM it touches, in the same transaction, so nothing can leave them stale
    (inside `progress.deferred()`, at the end of its transaction)."""

    # The lookup from the model to the ids of the ASM whose derived values its rows move.
    progress_aspect_path: ClassVar[str]

    class Meta:
        abstract = True

    def progress_aspects(self) -> list[int] | models.QuerySet:
        raise NotImplementedError

    def saving_moves_progress(self) -> bool:
        """Whether this save can move a stored value (a model knows rows that cannot)."""
        return True

    def save(self, *args, **kwargs) -> None:
        if not self.saving_moves_progress():
            return super().save(*args, **kwargs)
        with transaction.atomic():
            plans = progress.moving(self.progress_aspects())
            super().save(*args, **kwargs)
            progress.moved(self.progress_aspects(), plans=plans)

    def delete(self, *args, **kwargs):
        aspects = self.progress_aspects()
        if isinstance(aspects, models.QuerySet):
            aspects = list(aspects)
        with transaction.atomic():
            plans = progress.moving(aspects)
            result = super().delete(*args, **kwargs)
            progress.moved(aspects, plans=plans)
        return result


_MP = TypeVar("_MP", bound=MovesProgress, covariant=True)


class MovesProgressQuerySet(AgencyScopedQuerySet[_MP]):
    """Bulk writes (`update`, `bulk_update`, the admin's «eliminar seleccionados») refresh the
    ASM they touch too."""

    def _touched_aspects(self) -> list[int]:
        return [pk for pk in self.order_by().values_list(self.model.progress_aspect_path, flat=True).distinct() if pk]

    def update(self, **kwargs) -> int:
        with transaction.atomic(using=self.db):
            aspects = self._touched_aspects()
            plans = progress.moving(aspects)
            count = super().update(**kwargs)
            progress.moved(aspects, plans=plans)
        return count

    def delete(self):
        with transaction.atomic(using=self.db):
            aspects = self._touched_aspects()
            plans = progress.moving(aspects)
            result = super().delete()
            progress.moved(aspects, plans=plans)
        return result


def _plan_state_field() -> models.CharField:
    # Empty until progress.refresh_keys() copies it, in the transaction that saves the row: a row
    # is never public before its plan is authorised.
    return models.CharField("estado del programa de trabajo", max_length=12, default="", db_default="", editable=False)


def list_order_indexes(
    prefix: str, order: tuple[str, ...], *, by: dict[str, str], include: list[str], open_include: list[str]
) -> list[models.Index]:
    """The indexes of a public list's order, over the public rows only (their plan authorised,
    as copied on the row): the order alone (covering the filters read on the row), the order after
    each equality filter of `by` (a year filter is already the order's second key, so it leads),
    and the open rows' order (progress under 100, where the overdue and the due soon are), each
    covering what the walk reads."""
    public = Q(plan_state=State.AUTHORISED)
    indexes = [models.Index(fields=list(order), include=include, condition=public, name=f"{prefix}_public_order")]
    for name, field in by.items():
        fields = [field, *(key for key in order if key != field)]
        covering = [column for column in include if column not in fields]
        indexes.append(models.Index(fields=fields, include=covering, condition=public, name=f"{prefix}_{name}_order"))
    indexes.append(
        models.Index(
            fields=list(order),
            include=open_include,
            condition=public & Q(public_progress__lt=100),
            name=f"{prefix}_open_order",
        )
    )
    return indexes


class DerivedValuesMixin(MovesProgress):
    """current_progress, current_status and current_timeliness of one object.

    They are the annotations of `with_progress()` (aspects.progress), read from the object
    when it came from such a queryset, or fetched with the same annotations otherwise.
    """

    # The model's end date, which timeliness is measured against.
    due_field: ClassVar[str]
    derived_fields: ClassVar[tuple[str, ...]] = ()
    # The annotations of `with_progress()` (aspects.progress.annotate), on the rows read through it.
    progress: float | None
    status: str
    timeliness: str | None

    class Meta:
        abstract = True

    def _derived(self, name: str):
        if not hasattr(self, name):
            # What `with_progress()` reads on a queryset that has not been through `public()`: the staff's.
            annotated = progress.annotate(type(self)._base_manager.filter(pk=self.pk)).get()
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


class PlanQuerySet(AgencyScopedQuerySet):
    def unlocked(self) -> PlanQuerySet:
        return self.filter(state__in=EDITABLE_STATES)

    def changed_since(self, moment) -> PlanQuerySet:
        """Plans whose annexes may print something different since `moment`: the plan, or
        anything its annexes show (its ASM, activities, reports, rounds, replanning, program,
        evaluation or agency), was created, changed or deleted, as the audit trail records."""
        from django.contrib.contenttypes.models import ContentType

        from audit.models import AuditEntry

        touched: dict[type[PublicModel], set[int]] = defaultdict(set)
        content_types = ContentType.objects.get_for_models(*PRINTED_MODELS)
        for model in PRINTED_MODELS:
            parent = plan_parent(model)
            entries = AuditEntry.objects.filter(at__gte=moment, content_type=content_types[model]).order_by()
            for object_id, changes in entries.values_list("object_id", "changes").iterator():
                touched[model].add(int(object_id))
                # A deleted row no longer leads to its plan, but its last values name its parent.
                if parent is not None:
                    parent_field, parent_model = parent
                    parent_id = (changes or {}).get(parent_field, [None])[0]
                    if parent_id is not None:
                        touched[parent_model].add(int(parent_id))
        condition = models.Q(pk__in=[])
        for model, ids in touched.items():
            condition |= models.Q(pk__in=model._base_manager.filter(pk__in=ids).values(model.public_plan_path or "pk"))
        return self.filter(condition)


class Plan(AgencyScopedModel, Reviewable):
    """The follow-up document of one program in one cycle ("Programa de ASM 2017" of FASSA-QRO):
    its recommendation selection, ASM and activities, authorised as a whole."""

    program = models.ForeignKey(Program, models.PROTECT, related_name="plans", verbose_name="programa")
    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="plans", verbose_name="ciclo")
    title = models.CharField("título", max_length=255, blank=True)
    evaluation = models.ForeignKey(
        Evaluation, models.SET_NULL, null=True, blank=True, related_name="plans", verbose_name="evaluación de origen"
    )
    responsible_name = models.CharField("responsable de la elaboración y seguimiento", max_length=200)
    responsible_position = models.CharField("cargo del responsable", max_length=200)
    prepared_on = models.DateField("fecha de elaboración", null=True, blank=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="región",
        help_text="El territorio que abarca el programa de trabajo, si la dependencia reporta por región.",
    )

    public_plan_path = ""
    agency_path = "program__agency"
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["program__key", "-cycle__year"]
        verbose_name = "programa de trabajo de ASM"
        verbose_name_plural = "programas de trabajo de ASM"
        constraints = [models.UniqueConstraint(fields=["program", "cycle"], name="plan_unique_program_cycle")]
        indexes = [
            # The public programs and evaluations (programs.visibility: those the authorised plans
            # name), counted on the home from these alone.
            models.Index(fields=["program"], condition=Q(state=State.AUTHORISED), name="plan_authorised_program"),
            models.Index(fields=["evaluation"], condition=Q(state=State.AUTHORISED), name="plan_authorised_evaluation"),
        ]

    def __str__(self) -> str:
        return f"{self.program.key} · {self.cycle}"

    @property
    def crumb_parent(self):
        return self.program

    def get_absolute_url(self) -> str:
        return reverse("aspects:plan-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.evaluation is not None and self.program_id and self.evaluation.program_id != self.program_id:
            errors["evaluation"] = "La evaluación debe ser del mismo programa."
        if self.region is not None and self.program_id and self.region.agency_id != self.program.agency_id:
            errors["region"] = "La región debe ser del catálogo de la dependencia del programa."
        if errors:
            raise ValidationError(errors)

    def workflow_agency_id(self) -> int:
        return self.program.agency_id

    def locked_reason(self) -> str | None:
        if self.is_editable:
            return None
        return (
            f"El programa de trabajo está {self.get_state_display().lower()}: ya no se modifica en su lugar "
            "(una actividad autorizada se cambia o cancela con un replanteamiento)."
        )

    def submission_problems(self) -> list[str]:
        # An ASM may have no activity yet: the seeds print «No existen actividades asignadas».
        if not self.aspects.exists():
            return ["el programa de trabajo no tiene ASM."]
        return []

    def authorisation_effects(self) -> tuple[list[str], list[str]]:
        aspects = self.aspects.count()
        activities = Activity.objects.filter(aspect__plan=self).count()
        documents, public_documents = self.following_counts()
        signed = [
            f"El programa de trabajo «{self}»: {aspects} ASM y {activities} actividades, con su selección de "
            "recomendaciones. Ya no se podrá modificar; una actividad autorizada solo cambia con un replanteamiento."
        ]
        if documents:
            signed.append(f"{documents} documento(s) de la evaluación de origen «{self.evaluation}».")
        public = [
            f"El programa de trabajo, sus {aspects} ASM y {activities} actividades aparecerán en el sitio público, "
            "en sus anexos y en los datos abiertos."
        ]
        if self.evaluation_id:
            public.append(f"La evaluación «{self.evaluation}» y sus recomendaciones.")
        if public_documents:
            public.append(f"{public_documents} documento(s) de la evaluación marcados como públicos.")
        return signed, public

    def followers(self) -> list[models.QuerySet]:
        # The documents of its evaluation (the report, the posición institucional) are authorised with it.
        return [following_evidence(evaluation_id=self.evaluation_id)] if self.evaluation_id else []


class PlanContentQuerySet(AgencyScopedQuerySet):
    """Rows that are a plan's own content, reached through the model's `public_plan_path`: they
    change only while the plan is borrador or devuelto."""

    def unlocked(self):
        return self.filter(**{f"{self.model.public_plan_path}__state__in": EDITABLE_STATES})


class PlanContent:
    """A row of a plan's own content (objectives, participants, ASM, the indicator sections): the
    plan is its breadcrumb, and it is locked whenever the plan is."""

    plan: Plan

    public_plan_path = "plan"
    agency_path = "plan__program__agency"

    @property
    def crumb_parent(self):
        return self.plan

    def locked_reason(self) -> str | None:
        return self.plan.locked_reason()


class Objective(PlanContent, AgencyScopedModel, VersionedModel):
    """A numbered objective of a plan (a stage of a management-improvement form, «Etapa 1»), with
    its general objective as the agency writes it. Its specific objectives are the plan's ASM
    (`Aspect.objective`); it is the plan's content, authorised with it."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="objectives", verbose_name="programa de trabajo")
    number = number_field()
    text = models.TextField("objetivo", max_length=TEXT_MAX)

    objects = PlanContentQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "objetivo"
        verbose_name_plural = "objetivos"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="objective_unique_number_per_plan")]

    def __str__(self) -> str:
        return f"Objetivo {self.number}. {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#objetivo-{self.number}"

    def clean(self) -> None:
        if taken(self, plan_id=self.plan_id, number=self.number):
            raise ValidationError(
                {"number": f"Ya existe el objetivo número {self.number} en este programa de trabajo."}
            )


class Participant(PlanContent, AgencyScopedModel, VersionedModel):
    """A person who took part in preparing a plan, as its document lists them («Participantes en la
    elaboración del PASM» of FASSA-QRO): name, position, unit and e-mail as printed, in the
    document's order. The plan's content, authorised with it. A plan without any prints the people
    it names elsewhere (responsible, signers) instead."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="participants", verbose_name="programa de trabajo")
    number = models.PositiveSmallIntegerField(
        "orden",
        validators=[MinValueValidator(1, "El orden debe ser 1 o mayor.")],
        help_text="Lugar de la persona en la lista del documento (1, 2, 3…).",
    )
    name = models.CharField("nombre", max_length=200)
    position = models.CharField("cargo", max_length=200, blank=True)
    unit = models.CharField(
        "área o unidad",
        max_length=255,
        blank=True,
        help_text="Como aparece en el documento, con sus siglas o el nombre completo.",
    )
    email = models.EmailField("correo electrónico", max_length=254, blank=True)

    objects = PlanContentQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number", "pk"]
        verbose_name = "participante en la elaboración"
        verbose_name_plural = "participantes en la elaboración"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="participant_unique_number_per_plan")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#participantes"

    def clean(self) -> None:
        if taken(self, plan_id=self.plan_id, number=self.number):
            raise ValidationError({"number": f"Ya hay un participante con el orden {self.number} en este programa."})


class PlanBookkeeping(AgencyScopedModel):
    """Figures of one plan that progress.refresh() writes, like the stored columns: not audited,
    seen by the staff of the plan's agency."""

    public_plan_path = "plan"
    agency_path = "plan__program__agency"
    audit_exempt = True  # bookkeeping that progress.refresh() writes, like the stored columns
    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class PlanSummary(PlanBookkeeping):
    """The public sums of one plan's ASM (aspects.progress), kept by `progress.refresh()` in the
    same transaction as the ASM values they add up: the home and agency summaries of a country
    add up a few thousand of these instead of grouping 100,000 ASM.

    How many ASM are overdue depends on today, so it is counted as of `counted_on`, and holds
    until `overdue_until` (the next end date of an open ASM; None: no open ASM falls due later).
    A row read after that has its overdue count recounted from its ASM (`progress.plan_sums`);
    `refresh_overdue`, daily from celery beat, counts such rows again.

    It also counts, as staff see them (every report), the plan's overdue activities as of the same
    day, and how many of those are live (not cancelled), until `late_until`: the staff home of a
    coordinator adds these up instead of counting the country's 250,000 activities on each visit
    (`aspects.home.overdue_counts`)."""

    plan = models.OneToOneField(Plan, models.CASCADE, primary_key=True, related_name="summary")
    aspects = models.PositiveIntegerField("ASM", default=0)
    done = models.PositiveIntegerField("ASM concluidos", default=0)
    progress_sum = models.FloatField("suma del avance", default=0)
    measured = models.PositiveIntegerField("ASM con avance", default=0)
    activities = models.PositiveIntegerField("actividades", default=0)
    overdue = models.PositiveIntegerField("ASM vencidos", default=0)
    counted_on = models.DateField("vencidos contados al")
    overdue_until = models.DateField("cuenta de vencidos válida hasta", null=True)
    late_activities = models.PositiveIntegerField("actividades vencidas", default=0)
    late_live_activities = models.PositiveIntegerField("actividades vencidas no canceladas", default=0)
    late_until = models.DateField("cuenta de actividades vencidas válida hasta", null=True)
    # Copies of the plan's state, agency and cycle (progress.SUMMARY_KEYS), kept with the summary and
    # when the plan or its program is saved: the home adds up the public summaries by agency and
    # cycle from one index of this table instead of joining every plan and program.
    plan_state = _plan_state_field()
    program_agency = models.ForeignKey(
        Agency, models.CASCADE, null=True, editable=False, db_index=False, related_name="+", verbose_name="dependencia"
    )
    cycle = models.ForeignKey(
        Cycle, models.CASCADE, null=True, editable=False, db_index=False, related_name="+", verbose_name="ciclo"
    )

    public_state_copy = "plan_state"

    class Meta:
        verbose_name = "resumen público del programa de trabajo"
        verbose_name_plural = "resúmenes públicos de los programas de trabajo"
        indexes = [
            models.Index(
                fields=["program_agency", "cycle"],
                include=[
                    "plan",
                    "aspects",
                    "done",
                    "progress_sum",
                    "measured",
                    "activities",
                    "overdue",
                    "counted_on",
                    "overdue_until",
                ],
                condition=Q(plan_state=State.AUTHORISED),
                name="plan_summary_public_sums",
            ),
        ]

    def __str__(self) -> str:
        return f"Resumen de {self.plan_id}"


class MissingReports(PlanBookkeeping):
    """How many committed activities of one plan still have no progress report in one cut-off period
    of its cycle (`Activity.objects.missing_report`, the one definition), kept by
    `progress.refresh()` in the same transaction as every change that can move it (a report, an
    activity created, cancelled, deleted or with another start date), by the plan's authorisation
    (`aspects.unreported.recount_after_transition`) and by a period created or with another end
    (`aspects.unreported.recount_after_period_saved`). Only plans with some missing have a row.

    The staff home and the coordinator's missing-reports page add these up per period and per
    agency (a few thousand numbers) instead of joining a country's activities to their reports on
    each visit, and use them to find which plans hold the rows of a page."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="missing_reports", verbose_name="programa de trabajo")
    period = models.ForeignKey(
        CutOffPeriod, models.CASCADE, related_name="missing_reports", verbose_name="periodo de corte"
    )
    activities = models.PositiveIntegerField("actividades sin reporte")

    class Meta:
        verbose_name = "actividades sin reporte de un programa de trabajo"
        verbose_name_plural = "actividades sin reporte por programa de trabajo y periodo"
        constraints = [models.UniqueConstraint(fields=["period", "plan"], name="missing_reports_unique_period_plan")]

    def __str__(self) -> str:
        return f"{self.activities} sin reporte: {self.plan_id} · {self.period_id}"


_DV = TypeVar("_DV", bound=DerivedValuesMixin, covariant=True)


class DerivedValuesQuerySet(MovesProgressQuerySet[_DV]):
    """ASM or activities with their derived values (aspects.progress) as `progress`, `status`
    and `timeliness`."""

    def with_progress(self):
        """The derived values as the audience sees them: after `public()`, from authorised
        reports only; otherwise as staff see them, from every report."""
        return progress.annotate(self, public=self.is_public)

    def public(self):
        # Progress read before the rule would be the staff's, and stay on the public rows.
        if "progress" in self.query.annotations:
            raise TypeError("public() comes before with_progress(): the progress read so far is the staff's.")
        return super().public()

    def by_timeliness(self, value: str):
        """Rows of one timeliness, after with_progress()."""
        return self.filter(progress.timeliness_q(value, due_field=self.model.due_field))


class AspectQuerySet(DerivedValuesQuerySet):
    def unlocked(self) -> AspectQuerySet:
        return self.filter(plan__state__in=EDITABLE_STATES)


class Aspect(PlanContent, DerivedValuesMixin, MovesProgress, VersionedModel):
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
    # An ASM is the specific objective of a plan measured by indicators (indicators.Indicator).
    objective = models.ForeignKey(
        Objective,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="aspects",
        verbose_name="objetivo",
        help_text="El objetivo (etapa) del que este ASM es un objetivo específico, si el programa los tiene.",
    )
    number = number_field()
    document_number = models.PositiveSmallIntegerField(
        "número en su documento",
        null=True,
        blank=True,
        help_text="El «No.» impreso en su documento de trabajo, si difiere.",
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
    # Stored derived values (aspects.progress): written by progress.refresh() only.
    staff_progress = models.FloatField("avance", null=True, editable=False)
    staff_status = _status_field("estado")
    public_progress = models.FloatField("avance autorizado", null=True, editable=False)
    public_status = _status_field("estado autorizado")
    due_date = models.DateField("fecha de término del ASM", null=True, blank=True, editable=False)
    activity_count = models.PositiveIntegerField("actividades", default=0, db_default=0, editable=False)
    # Copies of the public list's sort keys, kept by progress.refresh_keys(): the list is sorted by
    # program key, cycle year and number, and a page deep in 100,000 ASM walks one index of this
    # table instead of joining plans, programs and cycles for every row it skips.
    program_key = models.CharField("clave del programa", max_length=30, default="", db_default="", editable=False)
    cycle_year = models.PositiveSmallIntegerField("año del ciclo", default=0, db_default=0, editable=False)
    program_agency = models.ForeignKey(
        Agency, models.CASCADE, null=True, editable=False, db_index=False, related_name="+", verbose_name="dependencia"
    )
    plan_state = _plan_state_field()

    public_state_copy = "plan_state"
    progress_aspect_path = "pk"
    due_field = "due_date"
    derived_fields = progress.ASPECT_FIELDS
    audit_ignored_fields = (*progress.STORED_FIELDS, *progress.KEY_FIELDS)
    # Filled by the annex tables (reports.tables.ActivityTable), which join a chunk's rows by id.
    listed_activities: list[Activity]
    objects = AspectQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "aspecto susceptible de mejora"
        verbose_name_plural = "aspectos susceptibles de mejora"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="aspect_unique_number_per_plan")]
        indexes = [
            models.Index(fields=["public_status"], name="aspect_public_status"),
            models.Index(fields=["staff_status"], name="aspect_staff_status"),
            models.Index(fields=["due_date"], name="aspect_due_date"),
            # The keys a list page sorts and joins on, read from the index alone (PostgreSQL):
            # a page deep in 250,000 activities then never reads the ASM's wide rows.
            models.Index(fields=["id"], include=["plan", "number"], name="aspect_list_keys"),
            # A list in the public's and staff's order (program, cycle, number) walks its plans in
            # that order and, within each, this index alone: a page deep in 100,000 ASM filtered
            # on status or timeliness skips rows here instead of sorting every match (PostgreSQL).
            models.Index(
                fields=["plan", "number"],
                include=[
                    "id",
                    "public_status",
                    "public_progress",
                    "staff_status",
                    "staff_progress",
                    "due_date",
                    "kind",
                ],
                name="aspect_list_walk",
            ),
            # The staff list in its order (the copied keys, the latest cycle first), every ASM: a
            # coordinator's deep page is a walk of this index alone, the filters read on it, instead
            # of a join of programs, plans and ASM sorted again on each page (PostgreSQL).
            models.Index(
                fields=["program_key", "-cycle_year", "number", "id"],
                include=["staff_status", "staff_progress", "due_date", "kind"],
                name="aspect_staff_order",
            ),
            # The public list in its order (the copied keys, progress.refresh_keys), each filter
            # that narrows it first: a deep page is a walk of one of these indexes alone, whatever
            # the filter (PostgreSQL: index-only scans), skipping only the rows it filters in.
            *list_order_indexes(
                "aspect",
                ("program_key", "cycle_year", "number"),
                by={"status": "public_status", "kind": "kind", "year": "cycle_year", "agency": "program_agency"},
                include=["id", "public_status", "public_progress", "due_date", "kind"],
                open_include=["id", "due_date"],
            ),
        ]

    def __str__(self) -> str:
        return f"ASM {self.number}. {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("aspects:aspect-detail", args=[self.pk])

    def progress_aspects(self) -> list[int]:
        return [self.pk]

    def clean(self) -> None:
        errors = {}
        if self.kind != self.Kind.SPECIFIC and not self.coordinating_unit_id:
            errors["coordinating_unit"] = f"Un ASM {self.get_kind_display().lower()} requiere un área coordinadora."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fecha de término no puede ser anterior a la fecha de inicio."
        if taken(self, plan_id=self.plan_id, number=self.number):
            errors["number"] = f"Ya existe el ASM número {self.number} en este programa de trabajo."
        if self.objective is not None and self.plan_id and self.objective.plan_id != self.plan_id:
            errors["objective"] = "El objetivo debe ser del mismo programa de trabajo."
        agency_id = self.plan.program.agency_id if self.plan_id else None
        for field in ("responsible_unit", "coordinating_unit"):
            unit = getattr(self, field)
            # An institutional ASM may be coordinated by another agency's unit only when it is
            # inter-institutional or inter-governmental.
            if (
                unit
                and agency_id
                and unit.agency_id != agency_id
                and self.kind in (self.Kind.SPECIFIC, self.Kind.INSTITUTIONAL)
            ):
                errors[field] = "El área debe pertenecer a la dependencia del programa."
        if errors:
            raise ValidationError(errors)


class DatePrecision(models.TextChoices):
    DAY = "dia", "Día"
    MONTH = "mes", "Mes"


class ActivityQuerySet(DerivedValuesQuerySet):
    def unlocked(self) -> ActivityQuerySet:
        return self.filter(aspect__plan__state__in=EDITABLE_STATES)

    def committed(self) -> ActivityQuerySet:
        """Activities of authorised plans that are still live: the ones progress is reported on."""
        return self.filter(aspect__plan__state=State.AUTHORISED, cancelled=False)

    def replannable_by(self, user) -> ActivityQuerySet:
        return self.captured_by(user).committed()

    def missing_report(self, periods: CutOffPeriod | models.QuerySet) -> ActivityQuerySet:
        """Committed activities with no progress report in a cut-off period of their plan's cycle:
        who still has to report. `periods` is one period or a queryset of them (the open ones);
        there is a row per activity and period, the period's id as `missing_period`. The
        coordinator's page and the reminders both read this one definition."""
        through = "aspect__plan__cycle__periods"
        in_periods = {f"{through}__in": periods} if isinstance(periods, models.QuerySet) else {through: periods}
        # The annotation reuses the filter's join, so each row pairs the activity with one of `periods`;
        # so does the start date's condition, in the same filter(): an activity that has not started
        # by the period's end owes it no report.
        return (
            self.committed()
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=F(f"{through}__end")), **in_periods)
            .annotate(missing_period=F(through))
            .exclude(Exists(ProgressReport.objects.filter(activity=OuterRef("pk"), period=OuterRef("missing_period"))))
        )

    def reportable_by(self, user) -> ActivityQuerySet:
        """Committed activities of the user's agency whose cycle has a cut-off period open."""
        open_period = CutOffPeriod.objects.open().filter(cycle=OuterRef("aspect__plan__cycle"))
        return self.replannable_by(user).filter(Exists(open_period))


class Activity(DerivedValuesMixin, MovesProgress, VersionedModel):
    aspect = models.ForeignKey(Aspect, models.CASCADE, related_name="activities", verbose_name="ASM")
    number = number_field()
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
        validators=[
            MinValueValidator(0, "La ponderación no puede ser negativa."),
            MaxValueValidator(100, "La ponderación no puede pasar de 100."),
        ],
    )
    # In the order the agency wrote them (ActivityUnit.position), not alphabetical.
    units = models.ManyToManyField(
        Unit, through="ActivityUnit", related_name="activities", verbose_name="áreas responsables"
    )
    units_label = models.TextField(
        "área responsable como se imprime",
        max_length=TEXT_MAX,
        blank=True,
        help_text="El texto de la celda tal como lo escribió la dependencia («Realiza: Delegaciones», «DGOP/ UPRI»); "
        "vacío: los nombres de las áreas, en su orden.",
    )
    coordinating_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_activities",
        verbose_name="área coordinadora de la actividad",
        help_text="Sólo cuando el documento la da por actividad; vacía: la del ASM.",
    )
    start_date = models.DateField("fecha de inicio", null=True, blank=True)
    # Empty only where the source gives no committed date (an imported or transcribed annex);
    # the staff form asks for it.
    end_date = models.DateField("fecha de término comprometida", null=True, blank=True)
    end_date_precision = models.CharField(
        "precisión de la fecha de término", max_length=3, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_note = models.CharField(
        "nota de la fecha", max_length=120, blank=True, help_text="Por ejemplo «Fecha preliminar propuesta»."
    )
    actual_end_date = models.DateField("fecha real de término", null=True, blank=True)
    actual_end_precision = models.CharField(
        "precisión de la fecha real", max_length=3, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    # Changed only by an authorised replanning (ChangeRequest.on_authorised).
    cancelled = models.BooleanField("cancelada", default=False, editable=False)
    original_end_date = models.DateField(
        "fecha de término comprometida originalmente", null=True, blank=True, editable=False
    )
    replan_count = models.PositiveSmallIntegerField("replanteamientos", default=0, editable=False)
    # Stored derived values (aspects.progress): written by progress.refresh() only.
    staff_progress = models.PositiveSmallIntegerField("avance", default=0, db_default=0, editable=False)
    staff_status = _status_field("estado")
    public_progress = models.PositiveSmallIntegerField("avance autorizado", default=0, db_default=0, editable=False)
    public_status = _status_field("estado autorizado")
    # Copies kept by progress.refresh_keys(): its ASM's plan (the public rule reads it, and the
    # lists' filters by plan, program, agency and cycle) and the public list's sort keys (program
    # key, cycle year, ASM number), so that a page deep in 250,000 activities walks one index of
    # this table instead of joining ASM, plans, programs and cycles for every row it skips.
    plan = models.ForeignKey(
        Plan,
        models.CASCADE,
        null=True,
        editable=False,
        db_index=False,
        related_name="+",
        verbose_name="programa de trabajo",
    )
    program_key = models.CharField("clave del programa", max_length=30, default="", db_default="", editable=False)
    cycle_year = models.PositiveSmallIntegerField("año del ciclo", default=0, db_default=0, editable=False)
    aspect_number = models.PositiveSmallIntegerField("número del ASM", default=0, db_default=0, editable=False)
    program_agency = models.ForeignKey(
        Agency, models.CASCADE, null=True, editable=False, db_index=False, related_name="+", verbose_name="dependencia"
    )
    aspect_kind = models.CharField("tipo de ASM", max_length=20, default="", db_default="", editable=False)
    plan_state = _plan_state_field()

    # The way to the plan is through the ASM (an activity's parent in the audit trail, changed_since);
    # the public rule reads the copy of the plan's state on the row.
    public_plan_path = "aspect__plan"
    public_state_copy = "plan_state"
    agency_path = "aspect__plan__program__agency"
    progress_aspect_path = "aspect_id"
    due_field = "end_date"
    derived_fields = progress.ACTIVITY_FIELDS
    audit_ignored_fields = (*progress.STORED_FIELDS, *progress.KEY_FIELDS)
    # Filled by the annex tables (reports.tables.ActivityTable), which join a chunk's rows by id.
    unit_names: list[str]
    latest_report: ProgressReport | None
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["aspect", "number"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"
        constraints = [models.UniqueConstraint(fields=["aspect", "number"], name="activity_unique_number_per_aspect")]
        indexes = [
            models.Index(fields=["public_status"], name="activity_public_status"),
            models.Index(fields=["staff_status"], name="activity_staff_status"),
            # The staff list's order (end date, then id): a deep page walks this index alone.
            models.Index(fields=["end_date", "id"], name="activity_end_date_id"),
            # The open activities by end date, for counting the overdue and the due soon of a
            # country (the staff home, «oportunidad» on the lists) from the index alone instead
            # of reading every wide row.
            models.Index(
                fields=["end_date"],
                include=["aspect"],
                condition=Q(staff_progress__lt=100),
                name="activity_staff_open_due",
            ),
            models.Index(
                fields=["end_date"],
                include=["aspect"],
                condition=Q(public_progress__lt=100),
                name="activity_public_open_due",
            ),
            # The staff home's overdue activities that can still take a report, oldest first
            # (aspects.home.first_actionable): what tells them from those beyond reporting is read
            # here, so the walk skips thousands of old cycles' rows without reading them.
            models.Index(
                fields=["end_date", "id"],
                include=["plan", "plan_state", "cancelled"],
                condition=Q(staff_progress__lt=100),
                name="activity_staff_open_walk",
            ),
            # The public lists' order (program, cycle, ASM, number), walked ASM by ASM from the
            # index alone, filters included (see Aspect's aspect_list_walk).
            models.Index(
                fields=["aspect", "number"],
                include=["id", "public_status", "public_progress", "staff_status", "staff_progress", "end_date"],
                name="activity_list_walk",
            ),
            # The public list in its order, each filter first (see Aspect's).
            *list_order_indexes(
                "activity",
                ("program_key", "cycle_year", "aspect_number", "number"),
                by={
                    "status": "public_status",
                    "kind": "aspect_kind",
                    "year": "cycle_year",
                    "agency": "program_agency",
                },
                include=["id", "public_status", "public_progress", "end_date"],
                open_include=["id", "end_date"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:80]}"

    @property
    def crumb_parent(self):
        return self.aspect

    def get_absolute_url(self) -> str:
        return reverse("aspects:activity-detail", args=[self.pk])

    def locked_reason(self) -> str | None:
        return self.aspect.plan.locked_reason()

    def progress_aspects(self) -> list[int]:
        return [self.aspect_id]

    @property
    def committed_end_date(self):
        """The end date first committed to, before any replanning."""
        return self.original_end_date or self.end_date

    def set_units(self, units: Iterable[Unit]) -> None:
        """The responsible units in the given order (the order the agency wrote them in)."""
        units = list(dict.fromkeys(units))
        self.units.set(units)
        positions = {unit.pk: index for index, unit in enumerate(units)}
        links = list(ActivityUnit.objects.filter(activity=self))
        for link in links:
            link.position = positions[link.unit_id]
        ActivityUnit.objects.bulk_update(links, ["position"])

    def ordered_units(self) -> list[Unit]:
        return [link.unit for link in self.unit_links.select_related("unit").order_by("position", "pk")]

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fecha de término no puede ser anterior a la fecha de inicio."
        if self.start_date and self.actual_end_date and self.actual_end_date < self.start_date:
            errors["actual_end_date"] = "La fecha real de término no puede ser anterior a la fecha de inicio."
        if errors:
            raise ValidationError(errors)


class ActivityUnit(models.Model):
    """A responsible unit of an activity, at its place in the cell the agency wrote."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="activity_links")
    position = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        db_table = "aspects_activity_units"
        ordering = ["position", "pk"]
        verbose_name = "área responsable"
        verbose_name_plural = "áreas responsables"
        unique_together = [("activity", "unit")]  # as the table had when Django made it

    def __str__(self) -> str:
        return self.unit.name


class PeriodRoundQuerySetMixin:
    """The QuerySet of a `PeriodRound`: `unlocked()`, the rounds still edited (editable state, open period)."""

    def unlocked(self: Any) -> Any:
        return self.filter(state__in=EDITABLE_STATES, period__status=CutOffPeriod.Status.OPEN)


class PeriodRound(Reviewable):
    """A plan's content at one cut-off period, authorised as a whole: its progress reports
    (`ReportRound`) or its indicators' measurements (`indicators.MeasurementRound`). The concrete
    model declares `plan` and `period`, `content()`, and the words of its messages."""

    plan: Plan
    period: CutOffPeriod
    public_plan_path = "plan"
    agency_path = "plan__program__agency"
    # «El avance del periodo», and what no longer changes once the period is closed.
    round_label: ClassVar[str]
    frozen_content: ClassVar[str]
    # The submission problem when the period holds no content.
    no_content: ClassVar[str]

    class Meta:
        abstract = True

    def content(self) -> models.QuerySet:
        raise NotImplementedError

    @property
    def crumb_parent(self):
        return self.plan

    def workflow_agency_id(self) -> int:
        return self.plan.program.agency_id

    def locked_reason(self) -> str | None:
        if not self.is_editable:
            state = self.get_state_display().lower()
            return f"{self.round_label} «{self.period.name}» está {state}: ya no se modifica."
        if not self.period.is_open:
            return (
                f"El periodo de corte «{self.period.name}» está {self.period.get_status_display().lower()}: "
                f"{self.frozen_content}"
            )
        return None

    def submission_problems(self) -> list[str]:
        problems = []
        if not self.period.is_open:
            problems.append(
                f"el periodo de corte «{self.period.name}» está {self.period.get_status_display().lower()}."
            )
        if not self.plan.is_authorised:
            problems.append("el programa de trabajo aún no está autorizado.")
        if not self.content().exists():
            problems.append(self.no_content)
        return problems

    def return_problems(self) -> list[str]:
        # A returned round must be corrected, which a closed period no longer allows.
        if not self.period.is_open:
            return [f"el periodo «{self.period.name}» ya está cerrado; solo puede autorizarse."]
        return []


def period_round_models() -> list[type[PeriodRound]]:
    """Every kind of round a plan has at a cut-off period: its progress reports (`ReportRound`) and
    whatever an app above declares (`indicators.MeasurementRound`), found through the plan's
    reverse relations, since this app imports none above it. Progress rounds come first."""
    found = {
        relation.related_model
        for relation in Plan._meta.related_objects
        if isinstance(relation.related_model, type) and issubclass(relation.related_model, PeriodRound)
    }
    return sorted(found, key=lambda model: (model is not ReportRound, model._meta.label))


class ReportRoundQuerySet(PeriodRoundQuerySetMixin, MovesProgressQuerySet):
    pass


class ReportRound(MovesProgress, PeriodRound):
    """The progress reported on one plan's activities at one cut-off period, authorised as a whole."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="rounds", verbose_name="programa de trabajo")
    period = models.ForeignKey(CutOffPeriod, models.PROTECT, related_name="rounds", verbose_name="periodo de corte")

    progress_aspect_path = "plan__aspects"
    objects = ReportRoundQuerySet.as_manager()
    _saved_state: str | None = None  # the state the database holds, as this object last read or wrote it
    round_label = "El avance del periodo"
    frozen_content = "su avance ya no se modifica."
    no_content = "no hay avances registrados en este periodo."

    class Meta:
        ordering = ["plan", "period__end"]
        verbose_name = "reporte de avance del periodo"
        verbose_name_plural = "reportes de avance por periodo"
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="round_unique_plan_period")]

    def __str__(self) -> str:
        return f"Avance {self.plan.program.key} · {self.period.name}"

    def get_absolute_url(self) -> str:
        return reverse("aspects:round-detail", args=[self.pk])

    def reports(self):
        return ProgressReport.objects.filter(activity__aspect__plan_id=self.plan_id, period_id=self.period_id)

    def content(self) -> models.QuerySet:
        return self.reports()

    @classmethod
    def from_db(cls, db, field_names, values):
        round_ = super().from_db(db, field_names, values)
        round_._saved_state = round_.__dict__.get("state")
        return round_

    def saving_moves_progress(self) -> bool:
        # Only an authorised round's reports count (on the public pages), so a save that neither
        # authorises it nor takes its authorisation away moves nothing: a new round in preparation
        # (which the first report of a period makes), its submission, its return. Without this,
        # each of them recomputed every ASM of its plan.
        return State.AUTHORISED in (self._saved_state, self.state)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._saved_state = self.state

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._saved_state = self.__dict__.get("state")

    def progress_aspects(self) -> models.QuerySet:
        # Its authorisation makes its reports count on the public pages.
        # Ids, not rows of {"pk": …}: `delete()` lists them before the round is gone.
        return Aspect._base_manager.filter(plan_id=self.plan_id).values_list("pk", flat=True)

    def authorisation_effects(self) -> tuple[list[str], list[str]]:
        reports = self.reports().count()
        evidence, public_evidence = self.following_counts()
        signed = [
            f"Los avances de {reports} actividad(es) del programa de trabajo «{self.plan}» "
            f"en el periodo «{self.period.name}»."
        ]
        if evidence:
            signed.append(f"{evidence} evidencia(s) de esos avances.")
        public = [
            f"El porcentaje de avance, el estado y las observaciones de esas {reports} actividad(es) en el sitio "
            "público, en el anexo de avance y en los datos abiertos."
        ]
        public.append(
            f"{public_evidence} evidencia(s) marcadas como públicas, para descarga."
            if public_evidence
            else "Ninguna evidencia: ninguna está marcada como pública."
        )
        return signed, public

    def followers(self) -> list[models.QuerySet]:
        # Its reports' evidence is authorised with it, signed as it is.
        return [following_evidence(report__in=self.reports())]


class ProgressReportQuerySet(MovesProgressQuerySet):
    def public(self) -> ProgressReportQuerySet:
        """A report is public once its round (the plan's reports at that period) is authorised."""
        authorised_round = ReportRound.objects.filter(
            plan=OuterRef("activity__aspect__plan"), period=OuterRef("period"), state=State.AUTHORISED
        )
        return super().public().filter(Exists(authorised_round))

    def unlocked(self) -> ProgressReportQuerySet:
        locked_round = ReportRound.objects.filter(
            plan=OuterRef("activity__aspect__plan"), period=OuterRef("period"), state__in=LOCKED_STATES
        )
        return self.filter(
            period__status=CutOffPeriod.Status.OPEN,
            activity__aspect__plan__state=State.AUTHORISED,
            activity__cancelled=False,
        ).exclude(Exists(locked_round))


class ProgressReport(MovesProgress, VersionedModel):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="reports", verbose_name="actividad")
    period = models.ForeignKey(CutOffPeriod, models.PROTECT, related_name="reports", verbose_name="periodo de corte")
    percent = models.PositiveSmallIntegerField(
        "porcentaje de avance",
        validators=[
            MinValueValidator(0, "El avance no puede ser menor que 0 %%."),
            MaxValueValidator(100, "El avance no puede pasar de 100 %%."),
        ],
    )
    justification = models.TextField("justificación", max_length=TEXT_MAX, blank=True)
    observations = models.TextField("observaciones", max_length=TEXT_MAX, blank=True)
    # Three states: Sí, No, or not stated (None), which the annexes leave out.
    replanning = models.BooleanField("replanteamiento", null=True, blank=True, default=None)
    replanning_justification = models.TextField("justificación del replanteamiento", max_length=TEXT_MAX, blank=True)
    evidence_note = models.TextField(
        "identificación del documento probatorio",
        max_length=TEXT_MAX,
        blank=True,
        help_text=(
            "Como se imprime en el anexo (nombre del archivo y extensión, o liga). "
            "Los archivos se adjuntan después de guardar el avance."
        ),
    )
    # db_default too: rows written in bulk (generate_dataset) name only their own columns.
    printed_text = models.TextField(
        "texto del avance como aparece en el documento",
        max_length=TEXT_MAX,
        blank=True,
        default="",
        db_default="",
        help_text=(
            "Solo si el documento de la dependencia escribe el avance con sus propias palabras («Avance %:100»): "
            "el anexo imprime este texto en la celda de avance. Vacío, imprime la redacción habitual "
            "(«Porcentaje de avance: 100%», la justificación y el replanteamiento). El porcentaje se captura "
            "siempre arriba: es el que cuentan los avances y los datos abiertos."
        ),
    )
    reported_on = models.DateField("fecha de reporte")

    public_plan_path = "activity__aspect__plan"
    agency_path = "activity__aspect__plan__program__agency"
    progress_aspect_path = "activity__aspect_id"
    objects = ProgressReportQuerySet.as_manager()
    # Filled by the annex tables (reports.tables.ActivityTable) where no text identifies the evidence:
    # evidence.models.Evidence rows, which this app does not name (evidence sits above it).
    identifying_evidence: list[models.Model]

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

    def progress_aspects(self) -> list[int]:
        return [self.activity.aspect_id]

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
                    f"El avance baja de {previous.percent} % ({previous.period.name}) a {self.percent} %: "
                    "justifique la disminución."
                )
        if taken(self, activity_id=self.activity_id, period_id=self.period_id):
            errors["period"] = f"Esta actividad ya tiene un reporte de avance en el periodo {self.period.name}."
        if self.replanning and not self.replanning_justification.strip():
            errors["replanning_justification"] = "Justifique el replanteamiento."
        if self.period_id and self.activity_id and "period" not in errors:
            problem = self.lock_problem()
            if problem:
                errors["period"] = problem
        # Files are attached once the report exists (evidence app), so a new report at 100 %
        # names its proof here first; a report that already has files needs no note.
        if self.percent == 100 and not self.evidence_note.strip() and not (self.pk and self.evidence.exists()):
            errors["evidence_note"] = (
                "Un avance de 100 % requiere al menos un documento probatorio: indique su nombre o liga "
                "(después de guardar podrá adjuntar los archivos)."
            )
        if errors:
            raise ValidationError(errors)

    def locked_reason(self) -> str | None:
        return self.lock_problem()

    def round(self) -> ReportRound | None:
        return ReportRound.objects.filter(plan_id=self.activity.aspect.plan_id, period_id=self.period_id).first()

    def lock_problem(self) -> str | None:
        """Why this activity cannot take a report in this period, or None."""
        plan = self.activity.aspect.plan
        if not plan.is_authorised:
            return "El programa de trabajo aún no está autorizado: todavía no se reporta avance."
        if self.activity.cancelled:
            return "La actividad fue cancelada por un replanteamiento: ya no se reporta avance."
        if not self.period.is_open:
            return (
                f"El periodo de corte «{self.period.name}» está {self.period.get_status_display().lower()}: "
                "no admite reportes."
            )
        round_ = self.round()
        if round_ and not round_.is_editable:
            return (
                f"El avance del periodo «{self.period.name}» está {round_.get_state_display().lower()}: "
                "ya no se modifica."
            )
        return None


class ChangeRequestQuerySet(AgencyScopedQuerySet):
    def unlocked(self) -> ChangeRequestQuerySet:
        return self.filter(state__in=EDITABLE_STATES)


class ChangeRequest(AgencyScopedModel, Reviewable):
    """A replanteamiento: a justified change to an authorised activity (new end date, new wording,
    or cancellation), authorised like a plan. The values it replaced stay in `previous`."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="change_requests", verbose_name="actividad")
    justification = models.TextField("justificación", max_length=TEXT_MAX)
    new_description = models.TextField("nueva redacción de la actividad", max_length=TEXT_MAX, blank=True)
    new_end_date = models.DateField("nueva fecha de término", null=True, blank=True)
    cancel = models.BooleanField("cancelar la actividad", default=False)
    previous = models.JSONField("valores anteriores", default=dict, editable=False)
    created_at = models.DateTimeField("solicitado el", auto_now_add=True)

    public_plan_path = "activity__aspect__plan"
    agency_path = "activity__aspect__plan__program__agency"
    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "created_at", "pk"]
        verbose_name = "replanteamiento"
        verbose_name_plural = "replanteamientos"

    def __str__(self) -> str:
        return f"Replanteamiento de la actividad {self.activity.number} (ASM {self.activity.aspect.number})"

    @property
    def crumb_parent(self):
        return self.activity

    def get_absolute_url(self) -> str:
        return reverse("aspects:change-detail", args=[self.pk])

    def workflow_agency_id(self) -> int:
        return self.activity.aspect.plan.program.agency_id

    def authorisation_effects(self) -> tuple[list[str], list[str]]:
        changes = []
        if self.cancel:
            changes.append("la actividad queda cancelada")
        if self.new_description.strip():
            changes.append("la actividad toma la nueva redacción")
        if self.new_end_date:
            changes.append(f"su fecha de término pasa a {self.new_end_date:%d/%m/%Y}")
        signed = [f"{self}: {', '.join(changes)}; los valores anteriores se conservan."]
        public = [
            "La actividad se muestra con el cambio en el sitio público, con la justificación del replanteamiento."
        ]
        return signed, public

    def locked_reason(self) -> str | None:
        return (
            None
            if self.is_editable
            else f"El replanteamiento está {self.get_state_display().lower()}: ya no se modifica."
        )

    def clean(self) -> None:
        errors = {}
        if not (self.new_description.strip() or self.new_end_date or self.cancel):
            errors["__all__"] = "Indique al menos un cambio: nueva redacción, nueva fecha de término o cancelación."
        if (
            self.new_end_date
            and self.activity_id
            and self.activity.start_date
            and self.new_end_date < self.activity.start_date
        ):
            errors["new_end_date"] = "La nueva fecha de término no puede ser anterior a la fecha de inicio."
        if self.activity_id:
            if not self.activity.aspect.plan.is_authorised:
                errors["__all__"] = (
                    "Solo se replantean actividades de un programa de trabajo autorizado; "
                    "mientras tanto edítela directamente."
                )
            elif self.activity.cancelled:
                errors["__all__"] = "La actividad ya está cancelada."
            elif self.activity.change_requests.exclude(state=State.AUTHORISED).exclude(pk=self.pk).exists():
                errors["__all__"] = "Esta actividad ya tiene un replanteamiento pendiente; termine ese primero."
        if errors:
            raise ValidationError(errors)

    def submission_problems(self) -> list[str]:
        try:
            self.clean()
        except ValidationError as error:
            return [message for message in error.messages]
        return []

    def on_authorised(self) -> None:
        with transaction.atomic():
            activity = Activity._base_manager.select_for_update().get(pk=self.activity_id)
            self.previous = {
                "description": activity.description,
                "end_date": activity.end_date.isoformat() if activity.end_date else None,
                "cancelled": activity.cancelled,
            }
            if self.new_description.strip():
                activity.description = self.new_description.strip()
            if self.new_end_date and self.new_end_date != activity.end_date:
                activity.original_end_date = activity.original_end_date or activity.end_date
                activity.end_date = self.new_end_date
            if self.cancel:
                activity.cancelled = True
            activity.replan_count += 1
            activity.save()


def following_evidence(**owner) -> models.QuerySet:
    """The evidence of an owner (`report__in=`, `evaluation_id=`) that is authorised with it: not
    replacements, which a supervisor authorises on their own. Evidence sits above this app (it
    imports it), so its model is reached through its relation to the reports, not imported."""
    evidence = ProgressReport.evidence.field.model
    return evidence._default_manager.filter(replaces__isnull=True, **owner)


# What an annex prints (PlanQuerySet.changed_since): each model leads to its plans through its
# `public_plan_path`, the same path that makes it public.
PRINTED_MODELS: list[type[PublicModel]] = [
    Plan,
    Objective,
    Participant,
    Aspect,
    Activity,
    ProgressReport,
    ReportRound,
    ChangeRequest,
    Program,
    Evaluation,
    Agency,
]


def plan_parent(model: type[PublicModel]) -> tuple[str, type[PublicModel]] | None:
    """The field of `model`'s parent on its way to the plan (`plan_id`, `activity_id`…) and the
    parent's model, which a deletion's audit entry keeps; None where the path starts with no such
    field (a plan itself, or a program, which leads to its plans the other way)."""
    first = model.public_plan_path.split("__")[0]
    if not first:
        return None
    field = model._meta.get_field(first)
    if not field.concrete:  # a reverse relation
        return None
    return field.attname, field.related_model  # type: ignore[return-value]
