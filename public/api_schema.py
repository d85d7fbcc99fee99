"""What the open-data API's schema says beyond its records: every answer an operation may give
besides 200 (301, 304, 400, 404, 429), the error body they share, and the conditional-request
headers. drf-spectacular derives the rest (fields, filters, pagination) from the viewsets.

The 405 of a write has no operation to hang on (the API has none that writes), so it is
described in the API's description (`SPECTACULAR_SETTINGS`), like the 412 of an `If-Match`.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detalle = serializers.CharField(help_text="Qué salió mal, en español.")
    errores = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Solo en 400: cada parámetro no válido de la consulta con sus mensajes.",
    )


NOT_MODIFIED = OpenApiResponse(
    description=(
        "Sin cambios desde la copia que el cliente ya tiene: su `If-None-Match` coincide con la `ETag` actual. "
        "Sin cuerpo."
    )
)
BAD_REQUEST = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Parámetros no válidos; `errores` dice cuáles y por qué: el valor de un filtro (una opción que no existe, "
        "una dependencia, ciclo, año o programa sin datos autorizados, un texto con caracteres nulos), un `cursor` "
        "que no salió de una liga `next` o `previous`, un `por_pagina` fuera de 1 a 500, o el parámetro `pagina`, "
        "que no existe (la paginación es por cursor)."
    ),
)
MOVED = OpenApiResponse(
    description=(
        "La consulta usó el nombre anterior, en inglés, de un parámetro (`year`, `cycle`, `agency`, `program`, "
        "`kind`, `priority`, `status`, `timeliness`, `page`, `page_size`): `Location` es la misma consulta con los "
        "nombres en español. Sin cuerpo."
    )
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No existe o no es público (lo no autorizado responde igual que lo inexistente)."
)
TOO_MANY_REQUESTS = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Demasiadas consultas de este cliente en poco tiempo; vuelva a intentar pasados los segundos de `Retry-After`."
    ),
)

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="La `ETag` de una respuesta anterior: si nada cambió, la respuesta es 304 sin cuerpo.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 304],
    required=True,
    description="Huella del contenido de la respuesta, para pedirla de nuevo con `If-None-Match`.",
)
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[301],
    required=True,
    description="La misma consulta con los nombres de los parámetros en español.",
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Segundos que hay que esperar antes de volver a consultar.",
)


# The filters whose label alone («Dependencia») would not say what value they take.
FILTER_DESCRIPTIONS = {
    "q": "Búsqueda en el texto que ignora acentos y mayúsculas: `evaluacion` encuentra «evaluación».",
    "anio": "Año de un ciclo de seguimiento con programas de trabajo autorizados.",
    "ciclo": "`id` de un ciclo de seguimiento con programas de trabajo autorizados.",
    "dependencia": "`id` de una dependencia o entidad de `/api/dependencias/`.",
    "programa": "Clave de un programa de `/api/programas/`.",
}


class PublicAutoSchema(AutoSchema):
    """The schema of a public viewset: its 200 plus the answers any of its GETs may give."""

    def _get_filter_parameters(self) -> list[dict]:
        # The filters are those of the public pages' form, where an empty value is «Todos» (or «Todas»).
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            description = FILTER_DESCRIPTIONS.get(parameter["name"], parameter.get("description", ""))
            parameter["description"] = f"{description}\n\nVacío: sin filtrar."
            parameter["allowEmptyValue"] = True
        return parameters

    def get_override_parameters(self) -> list:
        return [*super().get_override_parameters(), IF_NONE_MATCH, ETAG, LOCATION, RETRY_AFTER]

    def get_response_serializers(self) -> dict:
        serializer = super().get_response_serializers()
        # A list takes query parameters (filters, cursor, page size); a detail takes an id.
        listing = self._is_list_view(serializer)
        ok = OpenApiResponse(serializer, description="Una página de la lista." if listing else "El registro.")
        if listing:  # a former parameter name is redirected (programs/params.py)
            return {200: ok, 301: MOVED, 304: NOT_MODIFIED, 400: BAD_REQUEST, 429: TOO_MANY_REQUESTS}
        return {200: ok, 304: NOT_MODIFIED, 404: NOT_FOUND, 429: TOO_MANY_REQUESTS}
