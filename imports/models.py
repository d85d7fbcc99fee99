"""An import: one uploaded file of annexes, what its reader found in it, what the user chose for
each of its sheets, and, once committed, what it created.

The file is kept in the evidence storage (private, served only through a view that checks the
user's agency) under a server-made name, with its SHA-256: the same file is never imported twice
by one agency.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from aspects.models import Plan
from evidence.models import evidence_storage, server_made_path
from programs.access import AgencyScopedModel, AgencyScopedQuerySet
from programs.models import Agency

# The folder of the evidence storage that holds the imported files (verify_evidence walks only
# its own folder, «evidencia»).
STORAGE_FOLDER = "importaciones"


def stored_name(instance: Import, filename: str) -> str:
    return server_made_path(STORAGE_FOLDER, filename)


class ImportQuerySet(AgencyScopedQuerySet):
    def public(self) -> ImportQuerySet:
        # An import is staff work: nothing of it is ever public.
        return self.none()

    def unlocked(self) -> ImportQuerySet:
        """What may still be committed or discarded: imports not committed yet."""
        return self.filter(status=Import.Status.PENDING)


class Import(AgencyScopedModel):
    class Status(models.TextChoices):
        PENDING = "pendiente", "Sin importar"
        IMPORTED = "importado", "Importado"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+", editable=False, verbose_name="dependencia")
    file = models.FileField("archivo", storage=evidence_storage, upload_to=stored_name, max_length=255)
    original_name = models.CharField("nombre del archivo", max_length=255)
    size = models.PositiveBigIntegerField("tamaño (bytes)")
    content_type = models.CharField("tipo de contenido", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="subió"
    )
    uploaded_by_name = models.CharField("subió (nombre)", max_length=255)
    created_at = models.DateTimeField("subido el", auto_now_add=True)
    # What imports.parse.parse() returned: tables, errors and warnings (docs/import.md).
    parsed = models.JSONField("resultado de la lectura", default=dict)
    # What the user chose, by table index: {"0": {"exclude": false, "program": 7, "cycle": 3, …}}.
    choices = models.JSONField("elecciones por hoja", default=dict)
    status = models.CharField("resultado", max_length=10, choices=Status.choices, default=Status.PENDING)
    # What the commit created: {"plans": 1, "recommendations": 9, "aspects": 27, …}.
    counts = models.JSONField("registros creados", default=dict)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="importó"
    )
    committed_by_name = models.CharField("importó (nombre)", max_length=255, blank=True)
    committed_at = models.DateTimeField("importado el", null=True, blank=True)
    plans = models.ManyToManyField(Plan, blank=True, related_name="imports", verbose_name="programas de trabajo")

    public_plan_path = ""  # never public: ImportQuerySet.public() is empty
    agency_path = "agency"
    objects = ImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "importación"
        verbose_name_plural = "importaciones"
        constraints = [models.UniqueConstraint(fields=["agency", "sha256"], name="import_unique_file_per_agency")]

    def __str__(self) -> str:
        return f"Importación {self.pk} ({self.original_name})"

    @property
    def crumb_parent(self):
        return None

    def get_absolute_url(self) -> str:
        return reverse("imports:import-detail", args=[self.pk])

    def locked_reason(self) -> str | None:
        if self.status == self.Status.IMPORTED:
            return "Esta importación ya se realizó: lo creado se corrige en sus programas de trabajo."
        return None

    @property
    def is_imported(self) -> bool:
        return self.status == self.Status.IMPORTED

    @property
    def tables(self) -> list[dict[str, Any]]:
        return list(self.parsed.get("tables", []))

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.parsed.get("errors", []))

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return list(self.parsed.get("warnings", []))

    def choice(self, index: int) -> dict[str, Any]:
        return dict(self.choices.get(str(index), {}))

    @property
    def audit_source(self) -> str:
        """How the audit trail names this import on every row it creates."""
        return f"Importación {self.pk} ({self.original_name})"
