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
from indicators.models import Indicator, Measurement
from indicators.rating import Direction, Rating
from programs.models import Agency, Program


class Percent(serializers.FloatField):
    """A progress percentage, rounded to one decimal as the pages show it."""

    def to_representation(self, value) -> float:
        return round(float(value), 1)


def absolute(request, path: str) -> str:
    # The bulk download has a request too; without one (a script) the path is still useful.
    return request.build_absolute_uri(path) if request is not None else path


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la dependencia o entidad en estos datos.")
    nombre = serializers.CharField(source="name", help_text="Nombre oficial de la dependencia o entidad.")
    siglas = serializers.CharField(source="acronym", help_text="Siglas de la dependencia o entidad.")
    orden_gobierno = serializers.ChoiceField(
        source="order", choices=Agency.Order.choices, help_text="Orden de gobierno."
    )
    entidad_federativa = serializers.CharField(
        source="state", help_text="Entidad federativa de la dependencia (vacía en las federales)."
    )


class ProgramSerializer(serializers.Serializer):
    clave = serializers.CharField(
        source="key", help_text="Clave del programa o fondo; identifica al programa en la API."
    )
    nombre = serializers.CharField(source="name", help_text="Nombre del programa presupuestario o fondo.")
    siglas = serializers.CharField(source="acronym", help_text="Siglas del programa o fondo.")
    tipo = serializers.ChoiceField(source="kind", choices=Program.Kind.choices, help_text="Tipo de programa o fondo.")
    dependencia = serializers.IntegerField(source="agency_id", help_text="`id` de la dependencia o entidad.")
    dependencia_nombre = serializers.CharField(
        source="agency.name", help_text="Nombre de la dependencia o entidad responsable del programa."
    )
    feed = serializers.SerializerMethodField(help_text="Canal Atom de lo que se autoriza en el programa.")

    def get_feed(self, program: Program) -> str:
        return absolute(self.context.get("request"), reverse("open-data:program-feed", kwargs={"key": program.key}))


class EvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la evaluación en estos datos.")
    programa = serializers.CharField(source="program.key", help_text="Clave del programa evaluado.")
    tipo = serializers.CharField(
        source="type.name", help_text="Tipo de evaluación (Diseño, Consistencia y Resultados…)."
    )
    anio = serializers.IntegerField(source="year", help_text="Año de realización.")
    ejercicio_fiscal = serializers.IntegerField(
        source="fiscal_year", allow_null=True, help_text="Ejercicio fiscal evaluado."
    )
    evaluador = serializers.CharField(source="evaluator", help_text="Persona o institución evaluadora externa.")
    informe_url = serializers.CharField(source="report_url", help_text="Liga al informe de evaluación.")
    posicion_institucional = serializers.CharField(
        source="position_text", help_text="Texto de la posición institucional de la dependencia ante la evaluación."
    )


class RecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la recomendación en estos datos.")
    evaluacion = serializers.IntegerField(source="evaluation_id", help_text="`id` de la evaluación.")
    programa = serializers.CharField(source="evaluation.program.key", help_text="Clave del programa evaluado.")
    numero = serializers.IntegerField(source="number", help_text="Número de la recomendación en su evaluación.")
    texto = serializers.CharField(source="text", help_text="Texto de la recomendación (o hallazgo) de la evaluación.")
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
    id = serializers.IntegerField(help_text="Identificador del ASM en estos datos.")
    programa = serializers.CharField(source="plan.program.key", help_text="Clave del programa al que pertenece el ASM.")
    ciclo = serializers.CharField(source="plan.cycle.name", help_text="Ciclo de seguimiento («Programa de ASM 2017»).")
    anio = serializers.IntegerField(source="plan.cycle.year", help_text="Año del ciclo.")
    numero = serializers.IntegerField(source="number", help_text="Número del ASM en su programa de trabajo.")
    numero_documento = serializers.IntegerField(
        source="document_number", allow_null=True, help_text="El «No.» impreso en su documento de trabajo, si difiere."
    )
    texto = serializers.CharField(source="text", help_text="Redacción del aspecto susceptible de mejora.")
    tipo = serializers.ChoiceField(
        source="kind", choices=Aspect.Kind.choices, help_text="Tipo de ASM según quién debe atenderlo."
    )
    prioridad = serializers.ChoiceField(
        source="priority",
        choices=Aspect.Priority.choices,
        allow_blank=True,
        help_text="Prioridad asignada al ASM (vacía si no se asignó).",
    )
    justificacion_prioridad = serializers.CharField(
        source="priority_justification", help_text="Por qué se le asignó esa prioridad."
    )
    tipo_accion = serializers.ChoiceField(
        source="action_type",
        choices=Aspect.ActionType.choices,
        allow_blank=True,
        help_text="Tipo de acción de mejora que implica el ASM (vacío si no se indicó).",
    )
    justificacion_tipo_accion = serializers.CharField(
        source="action_justification", help_text="Por qué se eligió ese tipo de acción."
    )
    tema = serializers.CharField(
        source="topic.name", allow_null=True, help_text="Tema de la evaluación al que corresponde el ASM."
    )
    ambito = serializers.CharField(source="scope.code", allow_null=True, help_text="Ámbito de gestión.")
    area_responsable = serializers.CharField(
        source="responsible_unit.name", allow_null=True, help_text="Nombre del área responsable de atender el ASM."
    )
    area_coordinadora = serializers.CharField(
        source="coordinating_unit.name",
        allow_null=True,
        help_text="Nombre del área que coordina la atención del ASM, si la hay.",
    )
    fecha_inicio = serializers.DateField(
        source="start_date", allow_null=True, help_text="Fecha de inicio comprometida."
    )
    fecha_termino = serializers.DateField(
        source="due_date",
        allow_null=True,
        help_text="La última fecha de término de sus actividades (o la del ASM sin actividades).",
    )
    productos = serializers.CharField(
        source="products", help_text="Productos y/o evidencias con que se probará la atención del ASM."
    )
    resultados_esperados = serializers.CharField(
        source="expected_results", help_text="Resultados que se esperan al atender el ASM."
    )
    observaciones = serializers.CharField(
        source="observations", help_text="Observaciones de la dependencia sobre el ASM."
    )
    recomendaciones = serializers.SerializerMethodField(help_text="`id` de las recomendaciones de origen.")
    avance = Percent(
        source="progress", allow_null=True, help_text="Avance (%) según los avances autorizados; nulo sin actividades."
    )
    estado = serializers.ChoiceField(
        source="status", choices=Status.choices, help_text="Estado de atención, según los avances autorizados."
    )
    oportunidad = serializers.ChoiceField(
        source="timeliness",
        choices=Timeliness.choices,
        allow_null=True,
        help_text="Si la atención va en tiempo o está vencida respecto de la fecha de término; nula sin fecha.",
    )

    def get_recomendaciones(self, aspect: Aspect) -> list[int]:
        return [recommendation.pk for recommendation in aspect.public_recommendations]


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la actividad en estos datos.")
    asm = serializers.IntegerField(source="aspect_id", help_text="`id` del ASM.")
    programa = serializers.CharField(
        source="aspect.plan.program.key", help_text="Clave del programa al que pertenece la actividad."
    )
    ciclo = serializers.CharField(
        source="aspect.plan.cycle.name", help_text="Ciclo de seguimiento del programa de trabajo."
    )
    numero = serializers.IntegerField(source="number", help_text="Número de la actividad en su ASM.")
    texto = serializers.CharField(source="description", help_text="La actividad, con su redacción vigente.")
    producto = serializers.CharField(source="product", help_text="Producto o evidencia esperada.")
    resultados_esperados = serializers.CharField(
        source="expected_results", help_text="Resultados que se esperan de la actividad."
    )
    resultados_obtenidos = serializers.CharField(
        source="results_obtained", help_text="Resultados obtenidos, según la dependencia."
    )
    ponderacion = serializers.DecimalField(
        source="weight",
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="Peso (%) de la actividad en el avance de su ASM; vacío si el ASM no pondera sus actividades.",
    )
    areas_responsables = serializers.SerializerMethodField(
        help_text="Nombres de las áreas responsables de la actividad."
    )
    fecha_inicio = serializers.DateField(
        source="start_date", allow_null=True, help_text="Fecha de inicio comprometida."
    )
    fecha_termino = serializers.DateField(
        source="end_date",
        allow_null=True,
        help_text="Fecha de término comprometida vigente; nula cuando el documento de origen no la da.",
    )
    nota_fecha_termino = serializers.CharField(
        source="end_note", help_text="Nota sobre la fecha de término, tal como la escribió la dependencia."
    )
    fecha_termino_original = serializers.DateField(
        source="original_end_date",
        allow_null=True,
        help_text="La fecha comprometida antes de un replanteamiento, si lo hubo.",
    )
    fecha_real_termino = serializers.DateField(
        source="actual_end_date", allow_null=True, help_text="Fecha en que la actividad terminó, si ya terminó."
    )
    cancelada = serializers.BooleanField(source="cancelled", help_text="Cancelada por un replanteamiento autorizado.")
    replanteamientos = serializers.IntegerField(source="replan_count", help_text="Replanteamientos autorizados.")
    avance = Percent(source="progress", help_text="Avance (%) del último reporte autorizado.")
    estado = serializers.ChoiceField(
        source="status", choices=Status.choices, help_text="Estado de atención, según los avances autorizados."
    )
    oportunidad = serializers.ChoiceField(
        source="timeliness",
        choices=Timeliness.choices,
        allow_null=True,
        help_text="Si la actividad va en tiempo o está vencida respecto de su fecha de término.",
    )

    def get_areas_responsables(self, activity: Activity) -> list[str]:
        return [link.unit.name for link in activity.unit_list]


class ProgressReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del reporte de avance en estos datos.")
    actividad = serializers.IntegerField(source="activity_id", help_text="`id` de la actividad reportada.")
    asm = serializers.IntegerField(source="activity.aspect_id", help_text="`id` del ASM de la actividad.")
    programa = serializers.CharField(source="activity.aspect.plan.program.key", help_text="Clave del programa.")
    periodo = serializers.CharField(source="period.name", help_text="Periodo de corte.")
    fecha_corte = serializers.DateField(source="period.end", help_text="Fin del periodo de corte.")
    avance = serializers.IntegerField(source="percent", help_text="Porcentaje de avance reportado.")
    justificacion = serializers.CharField(source="justification", help_text="Justificación del avance reportado.")
    observaciones = serializers.CharField(source="observations", help_text="Observaciones del reporte.")
    replanteamiento = serializers.BooleanField(
        source="replanning",
        allow_null=True,
        help_text="Si el reporte pide replantear la actividad: sí (true), no (false) o no indicado (null).",
    )
    justificacion_replanteamiento = serializers.CharField(
        source="replanning_justification", help_text="Por qué se pide el replanteamiento, si se pide."
    )
    documento_probatorio = serializers.CharField(
        source="evidence_note", help_text="Identificación del documento probatorio."
    )
    fecha_reporte = serializers.DateField(source="reported_on", help_text="Fecha en que se reportó el avance.")
    evidencias = serializers.SerializerMethodField(help_text="`id` de sus evidencias públicas.")

    def get_evidencias(self, report: ProgressReport) -> list[int]:
        return [evidence.pk for evidence in report.public_evidence]


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la evidencia en estos datos.")
    documento = serializers.ChoiceField(
        source="document", choices=Evidence.Document.choices, help_text="Qué documento es."
    )
    descripcion = serializers.CharField(source="description", help_text="Descripción de la evidencia.")
    programa = serializers.SerializerMethodField(help_text="Clave del programa.")
    avance = serializers.IntegerField(
        source="report_id", allow_null=True, help_text="`id` del avance que prueba, si es de un avance."
    )
    evaluacion = serializers.IntegerField(
        source="evaluation_id", allow_null=True, help_text="`id` de la evaluación, si es un documento de la evaluación."
    )
    nombre_original = serializers.CharField(source="original_name", help_text="Nombre y extensión del archivo.")
    tamano = serializers.IntegerField(source="size", allow_null=True, help_text="Tamaño en bytes.")
    tipo_contenido = serializers.CharField(source="content_type", help_text="Tipo de contenido (MIME) del archivo.")
    sha256 = serializers.CharField(help_text="SHA-256 del archivo, para verificar la descarga.")
    liga = serializers.CharField(source="url", help_text="La liga, si la evidencia es una liga y no un archivo.")
    url_descarga = serializers.SerializerMethodField(
        help_text="Dirección de descarga del archivo; nula si es una liga."
    )
    url_publica = serializers.SerializerMethodField(help_text="Página pública de la evidencia.")
    fecha_autorizacion = serializers.DateTimeField(
        source="authorised_at", allow_null=True, help_text="Fecha y hora en que se autorizó."
    )

    def get_programa(self, evidence: Evidence) -> str:
        owner = evidence.report.activity.aspect.plan if evidence.report_id else evidence.evaluation
        return owner.program.key

    def get_url_descarga(self, evidence: Evidence) -> str | None:
        return absolute(self.context.get("request"), evidence.get_public_download_url()) if evidence.file else None

    def get_url_publica(self, evidence: Evidence) -> str:
        return absolute(self.context.get("request"), evidence.get_public_url())


class ChangeRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del replanteamiento en estos datos.")
    actividad = serializers.IntegerField(source="activity_id", help_text="`id` de la actividad replanteada.")
    asm = serializers.IntegerField(source="activity.aspect_id", help_text="`id` del ASM de la actividad.")
    programa = serializers.CharField(source="activity.aspect.plan.program.key", help_text="Clave del programa.")
    justificacion = serializers.CharField(source="justification", help_text="Por qué se replanteó la actividad.")
    texto_anterior = serializers.SerializerMethodField(
        help_text="La redacción de la actividad antes del replanteamiento."
    )
    texto_nuevo = serializers.CharField(source="new_description", help_text="La nueva redacción, si la cambió.")
    fecha_termino_anterior = serializers.SerializerMethodField(
        help_text="La fecha de término antes del replanteamiento."
    )
    fecha_termino_nueva = serializers.DateField(
        source="new_end_date", allow_null=True, help_text="La nueva fecha de término, si la cambió."
    )
    cancela_actividad = serializers.BooleanField(
        source="cancel", help_text="Si el replanteamiento cancela la actividad."
    )
    fecha_autorizacion = serializers.DateTimeField(
        source="authorised_at", allow_null=True, help_text="Fecha y hora en que se autorizó."
    )

    def get_texto_anterior(self, change: ChangeRequest) -> str:
        return change.previous.get("description") or ""

    def get_fecha_termino_anterior(self, change: ChangeRequest) -> date | None:
        value = change.previous.get("end_date")
        return date.fromisoformat(value) if value else None


# Plans measured by indicators. -------------------------------------------------------------


def decimal_field(source: str, help_text: str, *, allow_null: bool = True) -> serializers.DecimalField:
    """A number as measured or targeted, as a JSON number (not a string)."""
    return serializers.DecimalField(
        source=source,
        max_digits=16,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=allow_null,
        help_text=help_text,
    )


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del indicador en estos datos.")
    asm = serializers.IntegerField(source="aspect_id", help_text="`id` del ASM: el objetivo específico que mide.")
    programa = serializers.CharField(source="aspect.plan.program.key", help_text="Clave del programa.")
    ciclo = serializers.CharField(source="aspect.plan.cycle.name", help_text="Ciclo de seguimiento.")
    objetivo = serializers.IntegerField(
        source="aspect.objective.number", allow_null=True, help_text="Número del objetivo (etapa), si lo hay."
    )
    objetivo_texto = serializers.CharField(
        source="aspect.objective.text", allow_null=True, help_text="El objetivo general de esa etapa."
    )
    numero = serializers.IntegerField(source="number", help_text="Número del indicador en su objetivo específico.")
    texto = serializers.CharField(source="text", help_text="El indicador, como lo escribió la dependencia.")
    numerador = serializers.CharField(source="numerator_description", help_text="Qué cuenta el numerador.")
    denominador = serializers.CharField(source="denominator_description", help_text="Qué cuenta el denominador.")
    unidad = serializers.CharField(source="unit", help_text="Unidad de medida.")
    tipo_meta = serializers.ChoiceField(
        source="kind", choices=Indicator.Kind.choices, help_text="Si las metas y resultados son porcentajes o valores."
    )
    sentido = serializers.ChoiceField(
        source="direction",
        choices=Direction.choices,
        help_text="Cómo mejora el indicador: `mayor_es_mejor` (cumple si el resultado alcanza la meta) o "
        "`menor_es_mejor` (cumple si no la pasa, como un tiempo de respuesta en días).",
    )
    linea_base = decimal_field("baseline", "Línea base, si la hay.")
    anio_linea_base = serializers.IntegerField(
        source="baseline_year", allow_null=True, help_text="Año de la línea base."
    )


class IndicatorTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la meta en estos datos.")
    indicador = serializers.IntegerField(source="indicator_id", help_text="`id` del indicador.")
    programa = serializers.CharField(source="indicator.aspect.plan.program.key", help_text="Clave del programa.")
    anio = serializers.IntegerField(source="year", help_text="Año de la meta.")
    meta = decimal_field(
        "value",
        "La meta del año: un porcentaje (0 a 100) o un valor, según el tipo de meta del indicador.",
        allow_null=False,
    )


class MeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la medición en estos datos.")
    indicador = serializers.IntegerField(source="indicator_id", help_text="`id` del indicador medido.")
    asm = serializers.IntegerField(source="indicator.aspect_id", help_text="`id` del ASM (objetivo específico).")
    programa = serializers.CharField(source="indicator.aspect.plan.program.key", help_text="Clave del programa.")
    periodo = serializers.CharField(source="period.name", help_text="Periodo de corte de la medición.")
    fecha_corte = serializers.DateField(source="period.end", help_text="Fin del periodo de corte.")
    region = serializers.CharField(
        source="region.name", allow_null=True, help_text="Región medida; vacía: el territorio del programa de trabajo."
    )
    anio = serializers.IntegerField(source="year", help_text="Año medido (el de la meta con que se califica).")
    numerador = decimal_field("numerator", "Numerador medido, si se midió así.")
    denominador = decimal_field("denominator", "Denominador medido, si se midió así.")
    valor = decimal_field("value", "Valor medido, en lugar de numerador y denominador.")
    resultado = serializers.SerializerMethodField(
        help_text="El resultado en la unidad del indicador: el valor, o numerador ÷ denominador (× 100 si es "
        "porcentaje); nulo si solo hay texto."
    )
    resultado_texto = serializers.CharField(
        source="result_text", help_text="El resultado, como lo escribió la dependencia."
    )
    calificacion = serializers.ChoiceField(
        source="rating", choices=Rating.choices, help_text="Calificación de la medición."
    )
    calificacion_calculada = serializers.ChoiceField(
        source="derived_rating",
        choices=Rating.choices,
        allow_blank=True,
        help_text="La que dan los umbrales a partir de los valores (vacía si solo hay texto).",
    )
    calificacion_modificada = serializers.BooleanField(
        source="rating_overridden", help_text="Si la dependencia sustituyó la calificación calculada."
    )
    justificacion_calificacion = serializers.CharField(
        source="override_justification", help_text="Por qué se sustituyó la calificación calculada."
    )

    def get_resultado(self, measurement: Measurement) -> float | None:
        result = measurement.result()
        return None if result is None else round(float(result), 4)
