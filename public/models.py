"""Public files a job built ahead of time, served as they are: the open-data ZIP and the
annexes of large plans. A request never builds them."""

from __future__ import annotations

import hashlib
import os
import uuid
from typing import IO

from django.db import models, transaction
from django.utils import timezone

from jobs.models import generated_storage

CHUNK = 1024 * 1024


class PublishedFile(models.Model):
    key = models.CharField("clave", max_length=200, unique=True)  # «datos-abiertos», «anexo/7/especifico/-.pdf»
    file = models.FileField("archivo", storage=generated_storage, max_length=255)
    filename = models.CharField("nombre al descargar", max_length=255)
    content_type = models.CharField("tipo de contenido", max_length=120)
    size = models.PositiveBigIntegerField("tamaño")
    sha256 = models.CharField("SHA-256", max_length=64)
    built_at = models.DateTimeField("generado el")

    class Meta:
        verbose_name = "archivo público generado"
        verbose_name_plural = "archivos públicos generados"

    def __str__(self) -> str:
        return self.key

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    @classmethod
    def publish(cls, *, key: str, content: IO[bytes], filename: str, content_type: str) -> PublishedFile:
        """Store `content` as the file of `key`, replacing the previous one (deleted once the
        new row is committed, so a download in progress keeps its file until then)."""
        digest = hashlib.sha256()
        content.seek(0)
        while chunk := content.read(CHUNK):
            digest.update(chunk)
        content.seek(0)
        storage = generated_storage()
        name = storage.save(f"generados/publicos/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}", content)
        with transaction.atomic():
            previous = cls.objects.select_for_update().filter(key=key).first()
            old_name = previous.file.name if previous else None
            published, _ = cls.objects.update_or_create(
                key=key,
                defaults={
                    "file": name,
                    "filename": filename,
                    "content_type": content_type,
                    "size": storage.size(name),
                    "sha256": digest.hexdigest(),
                    "built_at": timezone.now().replace(microsecond=0),
                },
            )
            if old_name:
                transaction.on_commit(lambda: storage.delete(old_name))
        return published
