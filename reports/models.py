"""Column profiles: the layout in which a plan's annexes are printed.

A table kind (`reports.tables.TABLES`) is declared once, with a catalogue of the columns it can
print. A `ColumnProfile` says, per table kind, which of those columns a document prints, in which
order and with which header wording, and what its title lines and header block say: the CONEVAL
layout (the tables' own columns) is what a plan without a profile, or a table its profile does not
define, prints. Profiles are data an administrator adds in the admin; a plan chooses one
(`PlanProfile`). Keys are checked against the table's catalogue by the admin's forms
(`reports.admin`), since this module cannot name the tables (they read it).
"""

from __future__ import annotations

from django.db import models

from aspects.models import Plan


class ColumnProfile(models.Model):
    name = models.CharField("nombre", max_length=120, unique=True)
    description = models.TextField("descripción", blank=True, help_text="De qué documento o formato proviene.")

    class Meta:
        ordering = ["name"]
        verbose_name = "perfil de columnas"
        verbose_name_plural = "perfiles de columnas"

    def __str__(self) -> str:
        return self.name


class ProfileTable(models.Model):
    """One table kind in a profile: its title lines, header block and columns."""

    profile = models.ForeignKey(ColumnProfile, models.CASCADE, related_name="tables", verbose_name="perfil")
    table = models.CharField("tabla", max_length=40, help_text="La clave de la tabla: especifico, avance…")
    title = models.TextField(
        "líneas del título",
        blank=True,
        help_text="Como las imprime el documento, una por renglón; vacío: el título de la tabla.",
    )
    show_plan_title = models.BooleanField(
        "imprimir el título del programa de trabajo", default=True, help_text="Bajo las líneas del título."
    )

    class Meta:
        ordering = ["profile", "table"]
        verbose_name = "tabla del perfil"
        verbose_name_plural = "tablas del perfil"
        constraints = [models.UniqueConstraint(fields=["profile", "table"], name="profile_table_once")]

    def __str__(self) -> str:
        return f"{self.profile} · {self.table}"


class ProfileColumn(models.Model):
    profile_table = models.ForeignKey(ProfileTable, models.CASCADE, related_name="columns", verbose_name="tabla")
    position = models.PositiveSmallIntegerField("orden", default=0)
    key = models.CharField("columna", max_length=40, help_text="Una columna del catálogo de la tabla.")
    label = models.CharField("encabezado", max_length=255, blank=True, help_text="Vacío: el del catálogo.")
    width = models.PositiveSmallIntegerField(
        "ancho",
        null=True,
        blank=True,
        help_text="Relativo (caracteres en XLSX, proporción en PDF); vacío: el del catálogo.",
    )
    merged = models.BooleanField(
        "una celda por ASM",
        default=False,
        help_text="Combinada a lo largo de las actividades del ASM, cuando el documento la imprime una vez por ASM.",
    )

    class Meta:
        ordering = ["profile_table", "position", "pk"]
        verbose_name = "columna"
        verbose_name_plural = "columnas"

    def __str__(self) -> str:
        return self.label or self.key


class ProfileHeaderItem(models.Model):
    """A line of the header block: which value, under which label (none: the value alone)."""

    class Item(models.TextChoices):
        AGENCY = "agency", "Dependencia o entidad"
        PROGRAM = "program", "Programa o fondo"
        RESPONSIBLE = "responsible", "Responsable de la elaboración y seguimiento (nombre y cargo)"
        RESPONSIBLE_NAME = "responsible_name", "Responsable de la elaboración y seguimiento (sólo el nombre)"
        EVALUATION = "evaluation", "Evaluación de origen"
        CYCLE = "cycle", "Ciclo"
        PERIOD = "period", "Periodo de corte"
        PREPARED_ON = "prepared_on", "Fecha de elaboración"

    profile_table = models.ForeignKey(ProfileTable, models.CASCADE, related_name="header_items", verbose_name="tabla")
    position = models.PositiveSmallIntegerField("orden", default=0)
    item = models.CharField("dato", max_length=20, choices=Item.choices)
    label = models.CharField("etiqueta", max_length=255, blank=True, help_text="Vacía: sólo el dato.")

    class Meta:
        ordering = ["profile_table", "position", "pk"]
        verbose_name = "dato del encabezado"
        verbose_name_plural = "datos del encabezado"

    def __str__(self) -> str:
        return self.label or self.get_item_display()


class PlanProfile(models.Model):
    """The profile a plan's annexes are printed in."""

    plan = models.OneToOneField(Plan, models.CASCADE, related_name="column_profile", verbose_name="programa de trabajo")
    profile = models.ForeignKey(ColumnProfile, models.PROTECT, related_name="plans", verbose_name="perfil")

    class Meta:
        verbose_name = "perfil de un programa de trabajo"
        verbose_name_plural = "perfiles de los programas de trabajo"

    def __str__(self) -> str:
        return f"{self.plan} · {self.profile}"
