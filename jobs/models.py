"""One row per background job: who asked for it, what it makes, how far it got, and its file or
the reason it failed. «Mis descargas» shows a user's own; system jobs (the open-data ZIP, the
reminders) have no owner."""

from __future__ import annotations

import logging
import os
import secrets
import time
import uuid
from datetime import datetime, timedelta
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import DatabaseError, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)


def generated_storage():
    return storages["generated"]


class Status(models.TextChoices):
    QUEUED = "en_cola", "En cola"
    RUNNING = "en_proceso", "En proceso"
    DONE = "terminado", "Terminado"
    FAILED = "fallido", "Fallido"


FINISHED = (Status.DONE, Status.FAILED)


class JobQuerySet(models.QuerySet):
    def owned_by(self, user) -> JobQuerySet:
        """A user's own jobs: anyone else's (and system jobs) do not exist for them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def shared(self) -> JobQuerySet:
        """Jobs anyone holding their link may follow: system jobs that build a public file for
        whoever asks for it (a long public list download). Their link carries an unguessable
        token, never the id."""
        return self.filter(owner=None, share_token__isnull=False)

    def expired(self, *, now: datetime | None = None) -> JobQuerySet:
        """Kept longer than JOB_RESULT_HOURS since they finished (or, never finished, since they
        were created: a job whose worker died is not kept forever)."""
        cutoff = (now or timezone.now()) - timedelta(hours=settings.JOB_RESULT_HOURS)
        return self.filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))


class Job(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="jobs", verbose_name="solicitó"
    )
    kind = models.CharField("tipo", max_length=60)
    title = models.CharField("descripción", max_length=255)
    params = models.JSONField("parámetros", default=dict, blank=True)
    status = models.CharField("estado", max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    done = models.PositiveIntegerField("hechos", default=0)
    total = models.PositiveIntegerField("total", null=True, blank=True)
    unit = models.CharField("unidad", max_length=20, default="filas")
    result = models.FileField("archivo", storage=generated_storage, max_length=255, blank=True)
    result_name = models.CharField("nombre del archivo", max_length=255, blank=True)
    result_type = models.CharField("tipo de contenido", max_length=120, blank=True)
    result_size = models.PositiveBigIntegerField("tamaño", null=True, blank=True)
    error = models.TextField("motivo del fallo", blank=True)
    share_token = models.CharField("clave del enlace público", max_length=43, unique=True, null=True, blank=True)
    created_at = models.DateTimeField("solicitado el", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("iniciado el", null=True, blank=True)
    finished_at = models.DateTimeField("terminado el", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "trabajo"
        verbose_name_plural = "trabajos"
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:job-detail", kwargs={"pk": self.pk})

    def get_shared_url(self) -> str:
        return reverse("jobs-public:detail", kwargs={"token": self.share_token})

    def share(self) -> None:
        """Give the job a link that anyone may follow (before it is saved)."""
        self.share_token = secrets.token_urlsafe(24)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        """Whole percent done; None while the total is unknown."""
        if self.status == Status.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def expires_at(self) -> datetime | None:
        return self.finished_at + timedelta(hours=settings.JOB_RESULT_HOURS) if self.finished_at else None

    # Progress, reported by the task as it goes. -------------------------------------------

    def advance(self, done: int, total: int | None = None, *, unit: str | None = None, force: bool = False) -> None:
        """Record how far the job got (`unit`: what is counted, «filas» unless said). Written
        at most every JOB_PROGRESS_INTERVAL seconds (and when the total is reached), so a task
        may call it on every row."""
        self.done = done
        if total is not None:
            self.total = total
        if unit is not None:
            self.unit = unit
        now = time.monotonic()
        last = getattr(self, "_progress_written", None)
        reached = self.total is not None and done >= self.total
        if force or reached or last is None or now - last >= settings.JOB_PROGRESS_INTERVAL:
            try:
                Job.objects.filter(pk=self.pk).update(done=self.done, total=self.total, unit=self.unit)
            except DatabaseError:
                # Progress is only shown, and the final state is written after the work: on
                # SQLite a write in the middle of an open read can be refused while another
                # process writes, which must not fail the job.
                logger.info("Progress of job %s not written this time.", self.pk, exc_info=True)
            self._progress_written = now

    def store_result(self, content: IO[bytes], *, filename: str, content_type: str) -> None:
        """Keep the file the job made under a name the server chooses; `filename` is only what
        the download is called."""
        extension = os.path.splitext(filename)[1].lower()
        name = f"generados/trabajos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
        self.result.name = self.result.storage.save(name, File(content, name=name))
        self.result_name = filename
        self.result_type = content_type
        self.result_size = self.result.storage.size(self.result.name)

    def delete_file(self) -> None:
        if self.result.name:
            self.result.storage.delete(self.result.name)
