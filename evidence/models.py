"""Evidence: the files and links that prove what an agency reported, and the documents of its
evaluations (the report, the posición institucional).

An evidence row hangs on a progress report or on an evaluation, and follows its owner's
workflow: it is private while the owner is prepared, and it is authorised together with it
(the progress round, or the plan built on the evaluation), as a step of the owner's
authorisation with a history row of its own (`Reviewable.followers()`). Authorised evidence never changes:
replacing it uploads a new version, which a supervisor authorises on its own; the old version
stays in the history.

What the public may download is `EvidenceQuerySet.public()`: the public rule (`programs.visibility`)
for evidence, which must also be publishable and the version in force.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from aspects.models import Plan, ProgressReport
from programs.access import AgencyScopedModel, AgencyScopedQuerySet
from programs.models import Agency, Evaluation
from programs.workflow import EDITABLE_STATES, Reviewable, State


def evidence_storage():
    # Resolved at run time, so that settings (and tests) choose local disk or object storage.
    return storages["evidence"]


# The folder of the evidence storage that holds the files (and that verify_evidence walks).
STORAGE_FOLDER = "evidencia"


def server_made_path(folder: str, filename: str) -> str:
    """A path the server makes up under `folder`, keeping only the extension: the user's file name
    is kept in `original_name`, never in the path."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return timezone.now().strftime(f"{folder}/%Y/%m/{uuid.uuid4().hex}.{extension}")


def stored_name(instance: Evidence, filename: str) -> str:
    return server_made_path(STORAGE_FOLDER, filename)


class EvidenceQuerySet(AgencyScopedQuerySet):
    def unlocked(self) -> EvidenceQuerySet:
        """Drafts whose owner still takes changes, and replacements not yet sent to review."""
        open_report = ProgressReport.objects.unlocked().filter(pk=OuterRef("report"))
        open_evaluation = Evaluation.objects.unlocked().filter(pk=OuterRef("evaluation"))
        return self.filter(state__in=EDITABLE_STATES).filter(
            Q(replaces__isnull=False) | Exists(open_report) | Exists(open_evaluation)
        )

    def public(self) -> EvidenceQuerySet:
        """What anyone may see and download: authorised, the version in force, marked publishable
        by its preparer, and hanging on an authorised plan."""
        authorised_plan = Plan.objects.public()
        public = self.filter(state=State.AUTHORISED, current=True, publishable=True).filter(
            Exists(authorised_plan.filter(pk=OuterRef("report__activity__aspect__plan")))
            | Exists(authorised_plan.filter(evaluation=OuterRef("evaluation")))
        )
        public.is_public = True
        return public


class Evidence(AgencyScopedModel, Reviewable):
    class Document(models.TextChoices):
        EVIDENCE = "evidencia", "Documento probatorio"
        REPORT = "informe", "Informe de evaluación"
        POSITION = "posicion", "Posición institucional"
        OTHER = "otro", "Otro documento de la evaluación"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+", editable=False, verbose_name="dependencia")
    report = models.ForeignKey(
        ProgressReport, models.CASCADE, null=True, blank=True, related_name="evidence", verbose_name="reporte de avance"
    )
    evaluation = models.ForeignKey(
        Evaluation, models.CASCADE, null=True, blank=True, related_name="documents", verbose_name="evaluación"
    )
    document = models.CharField("documento", max_length=10, choices=Document.choices, default=Document.EVIDENCE)
    description = models.CharField("descripción", max_length=300)
    file = models.FileField("archivo", storage=evidence_storage, upload_to=stored_name, max_length=255, blank=True)
    url = models.URLField("liga", max_length=500, blank=True)
    original_name = models.CharField("nombre del archivo", max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField("tamaño (bytes)", null=True, blank=True, editable=False)
    content_type = models.CharField("tipo de contenido", max_length=100, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False, verbose_name="subió"
    )
    uploaded_by_name = models.CharField("subió (nombre)", max_length=255, blank=True, editable=False)
    uploaded_at = models.DateTimeField("subido el", auto_now_add=True)
    publishable = models.BooleanField(
        "puede publicarse",
        default=False,
        help_text="Márquelo solo si el documento no contiene datos personales ni información reservada.",
    )
    replaces = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replacements",
        editable=False,
        verbose_name="reemplaza a",
    )
    # The version in force; False for an old version and for a replacement not yet authorised.
    current = models.BooleanField("versión vigente", default=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="mismo contenido que",
    )

    agency_path = "agency"  # no public_plan_path: EvidenceQuerySet.public() says what public means here
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "evidencia"
        verbose_name_plural = "evidencias"
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, evaluation__isnull=True)
                | Q(report__isnull=True, evaluation__isnull=False),
                name="evidence_has_one_owner",
            ),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")), name="evidence_is_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.url

    @property
    def owner(self):
        return self.report or self.evaluation

    @property
    def crumb_parent(self):
        return self.report.activity if self.report_id else self.evaluation

    def get_absolute_url(self) -> str:
        return reverse("evidence:evidence-detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("evidence:evidence-download", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("evidence-public:detail", args=[self.pk])

    def get_public_download_url(self) -> str:
        return reverse("evidence-public:download", args=[self.pk])

    @property
    def is_listed(self) -> bool:
        """Shown in its owner's list: the version in force, or a replacement still pending."""
        return self.current or (self.replaces_id is not None and not self.is_authorised)

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""

    @property
    def activity(self):
        return self.report.activity if self.report_id else None

    def save(self, *args, **kwargs) -> None:
        if not self.agency_id:
            if self.report is not None:
                self.agency_id = self.report.activity.aspect.plan.program.agency_id
            else:
                assert self.evaluation is not None, "evidence hangs on a report or an evaluation"
                self.agency_id = self.evaluation.program.agency_id
        super().save(*args, **kwargs)

    def versions(self) -> models.QuerySet:
        """Every version of this evidence, oldest first, following `replaces` both ways."""
        first = self
        while first.replaces is not None:
            first = first.replaces
        chain = [first.pk]
        step: Evidence | None = first
        while True:
            step = Evidence.objects.filter(replaces=step).order_by("pk").first()
            if step is None:
                break
            chain.append(step.pk)
        return Evidence.objects.filter(pk__in=chain).order_by("pk")

    def pending_replacement(self) -> Evidence | None:
        return self.replacements.exclude(state=State.AUTHORISED).first()

    def replace_refusal(self) -> str | None:
        """Why this evidence cannot be replaced now, or None."""
        if not self.is_authorised:
            return "Solo se reemplaza evidencia autorizada; mientras no lo esté, elimínela y suba la correcta."
        if not self.current:
            return "Esta versión ya fue reemplazada; reemplace la versión vigente."
        if self.pending_replacement():
            return "Ya hay un reemplazo pendiente de autorizar para esta evidencia."
        return None

    def locked_reason(self) -> str | None:
        if Evidence.objects.filter(pk=self.pk).unlocked().exists() or self.pk is None:
            return None
        if self.is_authorised:
            return "La evidencia está autorizada y ya no cambia: para corregirla, reemplácela por una nueva versión."
        if self.state == State.IN_REVIEW:
            return "El reemplazo está en revisión: ya no se modifica."
        owner = self.owner
        return owner.locked_reason() or f"«{owner}» ya no admite cambios en su evidencia."

    # Workflow: only replacements go through it on their own; the rest follows its owner.
    def workflow_agency_id(self) -> int:
        return self.agency_id

    def authorisation_effects(self) -> tuple[list[str], list[str]]:
        signed = [f"La nueva versión «{self}», que reemplaza a la vigente."]
        public = (
            ["La nueva versión, marcada como pública, reemplaza a la anterior en el sitio público."]
            if self.publishable
            else ["Nada: la nueva versión no está marcada como pública."]
        )
        return signed, public

    def _submit_refusal(self, user) -> str | None:
        if not self.replaces_id:
            return "Esta evidencia se envía y autoriza junto con su reporte de avance o su programa de trabajo."
        return super()._submit_refusal(user)

    def on_authorised(self) -> None:
        if self.replaces_id:
            Evidence.objects.filter(pk=self.replaces_id).update(current=False)
            self.current = True


def delete_stored_file(sender, instance, **kwargs) -> None:
    """A deleted evidence row takes its file with it, once the deletion is committed."""
    from django.db import transaction

    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
