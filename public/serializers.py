"""The open data, one serializer per resource: the API's JSON and the bulk download's CSV files
(same field names, in the same order).

Records are flat (a related object is its id or key, plus its name where a reader needs it), so
that each resource is also a plain table. Choice fields give their code (`especifico`,
`en_proceso`), the same codes the filters take. Nothing here says who prepared or authorised
anything, nor carries a `version`: people appear in the official annexes, not in the data.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from rest_framework import serializers

from aspects.models import Activity, Aspect, ChangeRequest, ProgressReport
from aspects.progress import Status, Timeliness
from evidence.models import Evidence
from programs.models import Agency, Program


class Percent(serializers.FloatField):
    """A progress percentage, rounded to one decimal as the pages show it."""

    def to_representation(self, value) -> float:
        return round(float(value), 1)


def absolute(request, path: str) -> str:
    # The bulk download has a request too; without one (a script) the path is still useful.
    return request.build_absolute_uri(path) if request is not None else path


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nombre = serializers.CharField(source="name")
    siglas = serializers.CharField(source="acronym")
    orden_gobierno = serializers.ChoiceField(
        source="order", choices=Agency.Order.choices, help_text="Orden de gobierno."
    )
    entidad_federativa = serializers.CharField(source="state")


class ProgramSerializer(serializers.Serializer):
    clave = serializers.CharField(
        source="key", help_text="Clave del programa o fondo; identifica al programa en la API."
    )
    nombre = serializers.CharField(source="name")
    siglas = serializers.CharField(source="acronym")
    tipo = serializers.ChoiceField(source="kind", choices=Program.Kind.choices)
    dependencia = serializers.IntegerField(source="agency_id", help_text="`id` de la dependencia o entidad.")
    dependencia_nombre = serializers.CharField(source="agency.name")
    feed = serializers.SerializerMethodField(help_text="Canal Atom de lo que se autoriza en el programa.")

    def get_feed(self, program: Program) -> str:
        return absolute(self.context.get("request"), reverse("open-data:program-feed", kwargs={"key": program.key}))


class EvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programa = serializers.CharField(source="program.key", help_text="Clave del programa evaluado.")
    tipo = serializers.CharField(
        source="type.name", help_text="Tipo de evaluación (Diseño, Consistencia y Resultados…)."
    )
    anio = serializers.IntegerField(source="year", help_text="Año de realización.")
    ejercicio_fiscal = serializers.IntegerField(
        source="fiscal_year", allow_null=True, help_text="Ejercicio fiscal evaluado."
    )
    evaluador = serializers.CharField(source="evaluator")
    informe_url = serializers.CharField(source="report_url", help_text="Liga al informe de evaluación.")
    posicion_institucional = serializers.CharField(source="position_text")


class RecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    evaluacion = serializers.IntegerField(source="evaluation_id", help_text="`id` de la evaluación.")
    programa = serializers.CharField(source="evaluation.program.key")
    numero = serializers.IntegerField(source="number")
    texto = serializers.CharField(source="text")
    ambito = serializers.CharField(
        source="scope.code", allow_null=True, help_text="Ámbito de gestión (O, PP, RC, SER…)."
    )
    atendida = serializers.BooleanField(source="attended", help_text="Si la dependencia atenderá la recomendación.")
    justificacion = serializers.CharField(source="justification", help_text="Por qué no se atenderá, si es el caso.")
    duplica_a = serializers.IntegerField(
        source="public_duplicate.pk",
        allow_null=True,
        help_text="`id` de la recomendación que esta duplica, si es pública.",
    )


class AspectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programa = serializers.CharField(source="plan.program.key")
    ciclo = serializers.CharField(source="plan.cycle.name", help_text="Ciclo de seguimiento («Programa de ASM 2017»).")
    anio = serializers.IntegerField(source="plan.cycle.year", help_text="Año del ciclo.")
    numero = serializers.IntegerField(source="number")
    numero_documento = serializers.IntegerField(
        source="document_number", allow_null=True, help_text="El «No.» impreso en su documento de trabajo, si difiere."
    )
    texto = serializers.CharField(source="text")
    tipo = serializers.ChoiceField(source="kind", choices=Aspect.Kind.choices)
    prioridad = serializers.ChoiceField(source="priority", choices=Aspect.Priority.choices, allow_blank=True)
    justificacion_prioridad = serializers.CharField(source="priority_justification")
    tipo_accion = serializers.ChoiceField(source="action_type", choices=Aspect.ActionType.choices, allow_blank=True)
    justificacion_tipo_accion = serializers.CharField(source="action_justification")
    tema = serializers.CharField(source="topic.name", allow_null=True)
    ambito = serializers.CharField(source="scope.code", allow_null=True, help_text="Ámbito de gestión.")
    area_responsable = serializers.CharField(source="responsible_unit.name", allow_null=True)
    area_coordinadora = serializers.CharField(source="coordinating_unit.name", allow_null=True)
    fecha_inicio = serializers.DateField(source="start_date", allow_null=True)
    fecha_termino = serializers.DateField(
        source="due_date",
        allow_null=True,
        help_text="La última fecha de término de sus actividades (o la del ASM sin actividades).",
    )
    productos = serializers.CharField(source="products")
    resultados_esperados = serializers.CharField(source="expected_results")
    observaciones = serializers.CharField(source="observations")
    recomendaciones = serializers.SerializerMethodField(help_text="`id` de las recomendaciones de origen.")
    avance = Percent(
        source="progress", allow_null=True, help_text="Avance (%) según los avances autorizados; nulo sin actividades."
    )
    estado = serializers.ChoiceField(source="status", choices=Status.choices)
    oportunidad = serializers.ChoiceField(source="timeliness", choices=Timeliness.choices, allow_null=True)

    def get_recomendaciones(self, aspect: Aspect) -> list[int]:
        return [recommendation.pk for recommendation in aspect.public_recommendations]


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    asm = serializers.IntegerField(source="aspect_id", help_text="`id` del ASM.")
    programa = serializers.CharField(source="aspect.plan.program.key")
    ciclo = serializers.CharField(source="aspect.plan.cycle.name")
    numero = serializers.IntegerField(source="number")
    texto = serializers.CharField(source="description", help_text="La actividad, con su redacción vigente.")
    producto = serializers.CharField(source="product", help_text="Producto o evidencia esperada.")
    resultados_esperados = serializers.CharField(source="expected_results")
    resultados_obtenidos = serializers.CharField(source="results_obtained")
    ponderacion = serializers.DecimalField(
        source="weight", max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    areas_responsables = serializers.SerializerMethodField()
    fecha_inicio = serializers.DateField(source="start_date", allow_null=True)
    fecha_termino = serializers.DateField(source="end_date", help_text="Fecha de término comprometida vigente.")
    nota_fecha_termino = serializers.CharField(source="end_note")
    fecha_termino_original = serializers.DateField(
        source="original_end_date",
        allow_null=True,
        help_text="La fecha comprometida antes de un replanteamiento, si lo hubo.",
    )
    fecha_real_termino = serializers.DateField(source="actual_end_date", allow_null=True)
    cancelada = serializers.BooleanField(source="cancelled", help_text="Cancelada por un replanteamiento autorizado.")
    replanteamientos = serializers.IntegerField(source="replan_count", help_text="Replanteamientos autorizados.")
    avance = Percent(source="progress", help_text="Avance (%) del último reporte autorizado.")
    estado = serializers.ChoiceField(source="status", choices=Status.choices)
    oportunidad = serializers.ChoiceField(source="timeliness", choices=Timeliness.choices, allow_null=True)

    def get_areas_responsables(self, activity: Activity) -> list[str]:
        return [link.unit.name for link in activity.unit_list]


class ProgressReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    actividad = serializers.IntegerField(source="activity_id")
    asm = serializers.IntegerField(source="activity.aspect_id")
    programa = serializers.CharField(source="activity.aspect.plan.program.key")
    periodo = serializers.CharField(source="period.name", help_text="Periodo de corte.")
    fecha_corte = serializers.DateField(source="period.end", help_text="Fin del periodo de corte.")
    avance = serializers.IntegerField(source="percent", help_text="Porcentaje de avance reportado.")
    justificacion = serializers.CharField(source="justification")
    observaciones = serializers.CharField(source="observations")
    replanteamiento = serializers.BooleanField(
        source="replanning", allow_null=True, help_text="Sí (true), no (false) o no indicado (null)."
    )
    justificacion_replanteamiento = serializers.CharField(source="replanning_justification")
    documento_probatorio = serializers.CharField(
        source="evidence_note", help_text="Identificación del documento probatorio."
    )
    fecha_reporte = serializers.DateField(source="reported_on")
    evidencias = serializers.SerializerMethodField(help_text="`id` de sus evidencias públicas.")

    def get_evidencias(self, report: ProgressReport) -> list[int]:
        return [evidence.pk for evidence in report.public_evidence]


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    documento = serializers.ChoiceField(source="document", choices=Evidence.Document.choices)
    descripcion = serializers.CharField(source="description")
    programa = serializers.SerializerMethodField()
    avance = serializers.IntegerField(
        source="report_id", allow_null=True, help_text="`id` del avance que prueba, si es de un avance."
    )
    evaluacion = serializers.IntegerField(
        source="evaluation_id", allow_null=True, help_text="`id` de la evaluación, si es un documento de la evaluación."
    )
    nombre_original = serializers.CharField(source="original_name", help_text="Nombre y extensión del archivo.")
    tamano = serializers.IntegerField(source="size", allow_null=True, help_text="Tamaño en bytes.")
    tipo_contenido = serializers.CharField(source="content_type")
    sha256 = serializers.CharField(help_text="SHA-256 del archivo, para verificar la descarga.")
    liga = serializers.CharField(source="url", help_text="La liga, si la evidencia es una liga y no un archivo.")
    url_descarga = serializers.SerializerMethodField(
        help_text="Dirección de descarga del archivo; nula si es una liga."
    )
    url_publica = serializers.SerializerMethodField(help_text="Página pública de la evidencia.")
    fecha_autorizacion = serializers.DateTimeField(source="authorised_at", allow_null=True)

    def get_programa(self, evidence: Evidence) -> str:
        owner = evidence.report.activity.aspect.plan if evidence.report_id else evidence.evaluation
        return owner.program.key

    def get_url_descarga(self, evidence: Evidence) -> str | None:
        return absolute(self.context.get("request"), evidence.get_public_download_url()) if evidence.file else None

    def get_url_publica(self, evidence: Evidence) -> str:
        return absolute(self.context.get("request"), evidence.get_public_url())


class ChangeRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    actividad = serializers.IntegerField(source="activity_id")
    asm = serializers.IntegerField(source="activity.aspect_id")
    programa = serializers.CharField(source="activity.aspect.plan.program.key")
    justificacion = serializers.CharField(source="justification")
    texto_anterior = serializers.SerializerMethodField(
        help_text="La redacción de la actividad antes del replanteamiento."
    )
    texto_nuevo = serializers.CharField(source="new_description", help_text="La nueva redacción, si la cambió.")
    fecha_termino_anterior = serializers.SerializerMethodField(
        help_text="La fecha de término antes del replanteamiento."
    )
    fecha_termino_nueva = serializers.DateField(source="new_end_date", allow_null=True)
    cancela_actividad = serializers.BooleanField(source="cancel")
    fecha_autorizacion = serializers.DateTimeField(source="authorised_at", allow_null=True)

    def get_texto_anterior(self, change: ChangeRequest) -> str:
        return change.previous.get("description") or ""

    def get_fecha_termino_anterior(self, change: ChangeRequest) -> date | None:
        value = change.previous.get("end_date")
        return date.fromisoformat(value) if value else None
