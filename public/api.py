"""The open-data API: read-only JSON of what is authorised, one viewset per resource.

Each viewset's queryset starts from the public rule, `.public()` (`programs/visibility.py`;
`.public().with_progress()` for ASM and activities), so a detail URL of anything else answers
404 exactly like an id that never existed. The same viewsets declare the bulk download
(`public.bulk`): one CSV per resource registered in `router`, with the same queryset and
serializer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import routers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler

from aspects.models import Activity, ActivityUnit, Aspect, ChangeRequest, ProgressReport
from evidence.models import Evidence
from indicators.models import Indicator, IndicatorTarget, Measurement
from programs.models import Agency, Evaluation, Program, Recommendation

from . import serializers
from .api_schema import PublicAutoSchema
from .filters import ActivityFilter, AspectFilter

PAGE_SIZE, MAX_PAGE_SIZE = 50, 500
CURSOR_PATTERN = "^[ad][0-9]{1,18}$"

INVALID_PARAMETERS = "Parámetros no válidos."
INVALID_CURSOR = (
    "Cursor no válido. Use tal cual la liga «next» o «previous» de una respuesta anterior; "
    "sin «cursor» se obtiene la primera página."
)
INVALID_PAGE_SIZE = f"«por_pagina» debe ser un número entero de 1 a {MAX_PAGE_SIZE}."
NO_PAGE_NUMBERS = (
    "La API ya no pagina por número de página: pida la lista sin «pagina» y siga la liga «next» de cada "
    "respuesta (paginación por cursor) hasta que sea nula."
)


class Pagination(CursorPagination):
    """Keyset pages in id order: a page is «id greater than the last id of the page before, the
    first n», one walk along the primary-key index wherever the page is, so page 2,000 costs what
    page 1 costs (a numbered page counted and skipped every row before it). Rows created between
    two requests get larger ids, so they come at the end of a walk, which neither repeats nor
    skips a row; a row that turns public with a smaller id (an older plan authorised meanwhile)
    shows in the next walk.

    Stricter than DRF's: an unreadable cursor or page size is a 400 with the reason instead of a
    404 or a silent default, and a page number (`pagina`, where the former `page` is redirected:
    `programs/params.py`) is refused with how to page now. The cursor is short and has a pattern
    the schema can state, instead of DRF's base64.
    """

    ordering = "pk"
    page_size = PAGE_SIZE
    page_size_query_param = "por_pagina"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list | None:
        if "pagina" in request.query_params:
            raise ValidationError({"pagina": [NO_PAGE_NUMBERS]})
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [INVALID_PAGE_SIZE]})
        return int(value)

    # With a unique ordering DRF never needs an offset, so a cursor is a direction and an id:
    # `d123` the page after id 123, `a123` the page before it (después, antes). 18 digits are
    # more ids than any table here will have, and keep the position inside a bigint.
    def encode_cursor(self, cursor: Cursor) -> str:
        token = ("a" if cursor.reverse else "d") + cursor.position
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def decode_cursor(self, request) -> Cursor | None:
        token = request.query_params.get(self.cursor_query_param)
        if token is None:
            return None
        if not re.fullmatch(CURSOR_PATTERN, token):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return Cursor(offset=0, reverse=token[0] == "a", position=token[1:])

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "schema": {"type": "string", "pattern": CURSOR_PATTERN},
                "description": (
                    "Posición en la lista. No se escribe a mano: viene en las ligas `next` y `previous` "
                    "de cada respuesta; sin él, la primera página."
                ),
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size},
                "description": f"Registros por página, de 1 a {self.max_page_size}.",
            },
        ]

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    **link,
                    "description": "La página siguiente (la misma consulta con su `cursor`); nula en la última.",
                },
                "previous": {**link, "description": "La página anterior; nula en la primera."},
                "results": schema,
            },
        }


def spanish_errors(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error of the API in one Spanish shape: `{"detalle": "…"}`, and for invalid query
    parameters also `"errores": {"parámetro": ["…"]}`. DRF's own would say `detail` and, for a
    Django 404, «No Aspect matches the given query.»."""
    if isinstance(exc, Http404):
        exc = NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500
    if isinstance(exc, ValidationError):
        # Filters, cursor and page size all name the parameter; anything else is under «parametros».
        errors = exc.detail if isinstance(exc.detail, dict) else {"parametros": exc.detail}
        response.data = {"detalle": INVALID_PARAMETERS, "errores": errors}
    else:
        response.data = {"detalle": response.data["detail"]}
    return response


class JsonOnly(BaseContentNegotiation):
    """The API speaks JSON whatever `Accept` or `?format=` ask for, rather than answering 406 or
    404 to a client that asked for something else."""

    def select_parser(self, request, parsers: list) -> Any:
        return parsers[0]

    def select_renderer(self, request, renderers: list, format_suffix: str | None = None) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


def documented(resource: str, description: str) -> Callable[[type], type]:
    """The Spanish summaries and descriptions of a resource's two endpoints in the schema, kept on
    the viewset too for the data dictionary (`public/dictionary.py`)."""

    def decorate(viewset: type) -> type:
        viewset.resource_name, viewset.resource_description = resource, description
        return schema_view(viewset)

    schema_view = extend_schema_view(
        list=extend_schema(
            summary=f"Lista de {resource}",
            description=(
                f"{description} Paginada por cursor, en orden de `id`: siga la liga `next` hasta que sea nula; "
                f"`por_pagina` de 1 a {MAX_PAGE_SIZE} ({PAGE_SIZE} por omisión)."
            ),
        ),
        retrieve=extend_schema(
            summary=f"Detalle: {resource}", description="Responde 404 si no existe o no es público."
        ),
    )
    return decorate


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A resource of the open data. `public_queryset()` is the whole resource; the bulk download
    reads it too (in its own order: the API pages in id order)."""

    pagination_class = Pagination
    content_negotiation_class = JsonOnly
    schema = PublicAutoSchema()
    resource_name: str  # set by `documented`
    resource_description: str

    def get_queryset(self) -> QuerySet:
        return self.public_queryset()

    @classmethod
    def public_queryset(cls) -> QuerySet:
        raise NotImplementedError

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return spanish_errors


@documented("dependencias y entidades", "Las dependencias y entidades con al menos un programa de trabajo autorizado.")
class AgencyViewSet(PublicViewSet):
    serializer_class = serializers.AgencySerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Agency.objects.public().order_by("name", "pk")


@documented(
    "programas y fondos",
    "Los programas y fondos con al menos un programa de trabajo autorizado; se identifican por su clave.",
)
class ProgramViewSet(PublicViewSet):
    serializer_class = serializers.ProgramSerializer
    lookup_field = "key"
    lookup_url_kwarg = "clave"
    lookup_value_regex = "[^/]+"

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Program.objects.public().select_related("agency").order_by("key")


@documented("evaluaciones externas", "Las evaluaciones externas de las que deriva un programa de trabajo autorizado.")
class EvaluationViewSet(PublicViewSet):
    serializer_class = serializers.EvaluationSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Evaluation.objects.public().select_related("program", "type").order_by("program__key", "-year", "pk")


@documented(
    "recomendaciones", "Las recomendaciones de las evaluaciones públicas, atendidas o no (con su justificación)."
)
class RecommendationViewSet(PublicViewSet):
    serializer_class = serializers.RecommendationSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            Recommendation.objects.public()
            .select_related("evaluation__program", "scope")
            .prefetch_related(Prefetch("duplicates", Recommendation.objects.public(), to_attr="public_duplicate"))
            .order_by("evaluation__program__key", "evaluation", "number")
        )


@documented(
    "ASM",
    "Los aspectos susceptibles de mejora de los programas de trabajo autorizados. El avance, el estado y "
    "la oportunidad se calculan solo con avances autorizados. Filtros: `q` (búsqueda que ignora acentos y "
    "mayúsculas), `anio`, `ciclo`, `dependencia`, `programa` (clave), `tipo`, `prioridad`, `estado` y "
    "`oportunidad`.",
)
class AspectViewSet(PublicViewSet):
    serializer_class = serializers.AspectSerializer
    filterset_class = AspectFilter

    @classmethod
    def public_queryset(cls) -> QuerySet:
        # Units are named as the authorised annex names them; only their names leave.
        return (
            Aspect.objects.public()
            .with_progress()
            .select_related("plan__program", "plan__cycle", "topic", "scope", "responsible_unit", "coordinating_unit")
            .prefetch_related(
                Prefetch(
                    "recommendations",
                    Recommendation.objects.public().order_by("number"),
                    to_attr="public_recommendations",
                )
            )
            .order_by("plan__program__key", "-plan__cycle__year", "plan", "number")
        )


@documented(
    "actividades",
    "Las actividades de los ASM autorizados; su avance es el del último reporte autorizado. Filtros: los de los ASM "
    "(`tipo` y `prioridad` se refieren a su ASM).",
)
class ActivityViewSet(PublicViewSet):
    serializer_class = serializers.ActivitySerializer
    filterset_class = ActivityFilter

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            Activity.objects.public()
            .with_progress()
            .select_related("aspect__plan__program", "aspect__plan__cycle")
            # to_attr: a plain list; `activity.units.all()` would clone a queryset per activity. The
            # links, not the units: the units in the order the agency wrote them.
            .prefetch_related(
                Prefetch(
                    "unit_links",
                    ActivityUnit.objects.select_related("unit").order_by("position", "pk"),
                    to_attr="unit_list",
                )
            )
            .order_by(
                "aspect__plan__program__key", "-aspect__plan__cycle__year", "aspect__plan", "aspect__number", "number"
            )
        )


@documented("avances", "Los reportes de avance de los periodos de corte cuyo reporte fue autorizado.")
class ProgressReportViewSet(PublicViewSet):
    serializer_class = serializers.ProgressReportSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            ProgressReport.objects.public()
            .select_related("period", "activity__aspect__plan__program")
            .prefetch_related(Prefetch("evidence", Evidence.objects.public().order_by("pk"), to_attr="public_evidence"))
            .order_by(
                "activity__aspect__plan__program__key",
                "activity__aspect__plan",
                "activity__aspect__number",
                "activity__number",
                "period__end",
                "pk",
            )
        )


@documented(
    "evidencias",
    "Las evidencias autorizadas, vigentes y marcadas como publicables, con su SHA-256 y su dirección de descarga.",
)
class EvidenceViewSet(PublicViewSet):
    serializer_class = serializers.EvidenceSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            Evidence.objects.public()
            .select_related("report__activity__aspect__plan__program", "evaluation__program")
            .order_by("pk")
        )


@documented(
    "replanteamientos", "Los replanteamientos autorizados, con la fecha y la redacción anteriores y las nuevas."
)
class ChangeRequestViewSet(PublicViewSet):
    serializer_class = serializers.ChangeRequestSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            ChangeRequest.objects.public()
            .select_related("activity__aspect__plan__program")
            .order_by("authorised_at", "pk")
        )


@documented(
    "indicadores",
    "Los indicadores de los programas de trabajo autorizados que se miden por indicadores, cada uno con su "
    "objetivo específico (un ASM) y su objetivo (etapa); sus metas anuales están en `metas`.",
)
class IndicatorViewSet(PublicViewSet):
    serializer_class = serializers.IndicatorSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            Indicator.objects.public()
            .select_related("aspect__plan__program", "aspect__plan__cycle", "aspect__objective")
            .order_by("aspect__plan__program__key", "aspect__plan", "aspect__number", "number")
        )


@documented("metas de indicadores", "Las metas anuales de los indicadores públicos (una por indicador y año).")
class IndicatorTargetViewSet(PublicViewSet):
    serializer_class = serializers.IndicatorTargetSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            IndicatorTarget.objects.public()
            .select_related("indicator__aspect__plan__program")
            .order_by("indicator__aspect__plan__program__key", "indicator", "year")
        )


@documented(
    "mediciones",
    "Las mediciones de indicadores de los periodos de corte cuya medición fue autorizada, con su resultado y su "
    "calificación (`cumple`, `cumple_parcialmente`, `no_cumple`, `pendiente`, `sin_meta`).",
)
class MeasurementViewSet(PublicViewSet):
    serializer_class = serializers.MeasurementSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            Measurement.objects.public()
            .select_related("indicator__aspect__plan__program", "period", "region")
            .order_by(
                "indicator__aspect__plan__program__key",
                "indicator__aspect__plan",
                "indicator__aspect__number",
                "indicator__number",
                "period__end",
                "pk",
            )
        )


class RootView(routers.APIRootView):
    """The JSON index of the resources, in JSON whatever the client asks for, like the rest."""

    content_negotiation_class = JsonOnly


class Router(DefaultRouter):
    APIRootView = RootView
    include_format_suffixes = False  # JSON only: no `.json` twins of every URL
    include_root_view = False  # `/api/` is `api_docs.api_root`: the documentation for a browser, this index otherwise


router = Router()
router.register("dependencias", AgencyViewSet, basename="dependencia")
router.register("programas", ProgramViewSet, basename="programa")
router.register("evaluaciones", EvaluationViewSet, basename="evaluacion")
router.register("recomendaciones", RecommendationViewSet, basename="recomendacion")
router.register("asm", AspectViewSet, basename="asm")
router.register("actividades", ActivityViewSet, basename="actividad")
router.register("avances", ProgressReportViewSet, basename="avance")
router.register("evidencias", EvidenceViewSet, basename="evidencia")
router.register("replanteamientos", ChangeRequestViewSet, basename="replanteamiento")
router.register("indicadores", IndicatorViewSet, basename="indicador")
router.register("metas", IndicatorTargetViewSet, basename="meta")
router.register("mediciones", MeasurementViewSet, basename="medicion")
