"""The open-data API: read-only JSON of what is authorised, one viewset per resource.

Each viewset's queryset starts from the public rule (`.authorised()`, `public_with_progress()`,
`Evidence.objects.public()`), so a detail URL of anything else answers 404 exactly like an id
that never existed. The same viewsets declare the bulk download (`public.bulk`): one CSV per
resource registered in `router`, with the same queryset and serializer.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import DefaultRouter

from aspects.models import Activity, Aspect, ChangeRequest, ProgressReport
from evidence.models import Evidence
from programs.models import Agency, Evaluation, Program, Recommendation, Unit

from . import serializers
from .filters import ActivityFilter, AspectFilter


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def documented(resource: str, description: str) -> Callable[[type], type]:
    """The Spanish summaries and descriptions of a resource's two endpoints in the schema."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"Lista de {resource}",
            description=f"{description} Paginada: `page` y `page_size` (50 por omisión, hasta 500).",
        ),
        retrieve=extend_schema(summary=f"Detalle: {resource}", description="Responde 404 si no existe o no es público."),
    )


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A resource of the open data. `public_queryset()` is the whole resource; the bulk download
    reads it too."""

    pagination_class = Pagination

    def get_queryset(self) -> QuerySet:
        return self.public_queryset()

    @classmethod
    def public_queryset(cls) -> QuerySet:
        raise NotImplementedError

    def get_object(self):
        # DRF would answer with Django's English «No Aspect matches the given query.».
        try:
            return super().get_object()
        except Http404:
            raise NotFound() from None


@documented("dependencias y entidades", "Las dependencias y entidades con al menos un programa de trabajo autorizado.")
class AgencyViewSet(PublicViewSet):
    serializer_class = serializers.AgencySerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Agency.objects.authorised().order_by("name", "pk")


@documented("programas y fondos", "Los programas y fondos con al menos un programa de trabajo autorizado; se identifican por su clave.")
class ProgramViewSet(PublicViewSet):
    serializer_class = serializers.ProgramSerializer
    lookup_field = "key"
    lookup_url_kwarg = "clave"
    lookup_value_regex = "[^/]+"

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Program.objects.authorised().select_related("agency").order_by("key")


@documented("evaluaciones externas", "Las evaluaciones externas de las que deriva un programa de trabajo autorizado.")
class EvaluationViewSet(PublicViewSet):
    serializer_class = serializers.EvaluationSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Evaluation.objects.authorised().select_related("program", "type").order_by("program__key", "-year", "pk")


@documented("recomendaciones", "Las recomendaciones de las evaluaciones públicas, atendidas o no (con su justificación).")
class RecommendationViewSet(PublicViewSet):
    serializer_class = serializers.RecommendationSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            Recommendation.objects.authorised()
            .select_related("evaluation__program", "scope")
            .prefetch_related(Prefetch("duplicates", Recommendation.objects.authorised(), to_attr="public_duplicate"))
            .order_by("evaluation__program__key", "evaluation", "number")
        )


@documented(
    "ASM",
    "Los aspectos susceptibles de mejora de los programas de trabajo autorizados. El avance, el estado y la oportunidad "
    "se calculan solo con avances autorizados. Filtros: `q` (búsqueda que ignora acentos y mayúsculas), `year`, `cycle`, "
    "`agency`, `program` (clave), `kind`, `priority`, `status` y `timeliness`.",
)
class AspectViewSet(PublicViewSet):
    serializer_class = serializers.AspectSerializer
    filterset_class = AspectFilter

    @classmethod
    def public_queryset(cls) -> QuerySet:
        # Units are named as the authorised annex names them; only their names leave.
        return (
            Aspect.objects.public_with_progress()
            .select_related("plan__program", "plan__cycle", "topic", "scope", "responsible_unit", "coordinating_unit")
            .prefetch_related(Prefetch("recommendations", Recommendation.objects.authorised().order_by("number"), to_attr="public_recommendations"))
            .order_by("plan__program__key", "-plan__cycle__year", "plan", "number")
        )


@documented(
    "actividades",
    "Las actividades de los ASM autorizados; su avance es el del último reporte autorizado. Filtros: los de los ASM "
    "(`kind` y `priority` se refieren a su ASM).",
)
class ActivityViewSet(PublicViewSet):
    serializer_class = serializers.ActivitySerializer
    filterset_class = ActivityFilter

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            Activity.objects.public_with_progress()
            .select_related("aspect__plan__program", "aspect__plan__cycle")
            # to_attr: a plain list; `activity.units.all()` would clone a queryset per activity.
            .prefetch_related(Prefetch("units", Unit.objects.order_by("name", "pk"), to_attr="unit_list"))
            .order_by("aspect__plan__program__key", "-aspect__plan__cycle__year", "aspect__plan", "aspect__number", "number")
        )


@documented("avances", "Los reportes de avance de los periodos de corte cuyo reporte fue autorizado.")
class ProgressReportViewSet(PublicViewSet):
    serializer_class = serializers.ProgressReportSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return (
            ProgressReport.objects.authorised()
            .select_related("period", "activity__aspect__plan__program")
            .prefetch_related(Prefetch("evidence", Evidence.objects.public().order_by("pk"), to_attr="public_evidence"))
            .order_by("activity__aspect__plan__program__key", "activity__aspect__plan", "activity__aspect__number", "activity__number", "period__end", "pk")
        )


@documented(
    "evidencias",
    "Las evidencias autorizadas, vigentes y marcadas como publicables, con su SHA-256 y su dirección de descarga.",
)
class EvidenceViewSet(PublicViewSet):
    serializer_class = serializers.EvidenceSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Evidence.objects.public().select_related("report__activity__aspect__plan__program", "evaluation__program").order_by("pk")


@documented("replanteamientos", "Los replanteamientos autorizados, con la fecha y la redacción anteriores y las nuevas.")
class ChangeRequestViewSet(PublicViewSet):
    serializer_class = serializers.ChangeRequestSerializer

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return ChangeRequest.objects.authorised().select_related("activity__aspect__plan__program").order_by("authorised_at", "pk")


class Router(DefaultRouter):
    include_format_suffixes = False  # JSON only: no `.json` twins of every URL


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
