"""The open-data API: every resource, its filters, pagination, read-only methods and schema."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from aspects.models import ChangeRequest
from programs.models import Agency
from programs.workflow import State
from public.bulk import write_zip
from tests import factories as make

from .conftest import RESOURCES, api, public_stack

# The API root's resources, in the order it lists them.
PREFIXES = [
    "dependencias",
    "programas",
    "evaluaciones",
    "recomendaciones",
    "asm",
    "actividades",
    "avances",
    "evidencias",
    "replanteamientos",
    "indicadores",
    "metas",
    "mediciones",
]


def results(client, url: str, **params) -> list[dict]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_api_root_lists_every_resource(client, db):
    response = client.get(api("api-root"))
    assert response.status_code == 200
    assert list(response.json()) == PREFIXES


def test_agencies_list_those_with_an_authorised_plan(client, stack):
    make.agency(name="Dependencia sin programas")
    assert results(client, api("dependencia-list")) == [
        {
            "id": stack.agency.pk,
            "nombre": stack.agency.name,
            "siglas": stack.agency.acronym,
            "orden_gobierno": "estatal",
            "entidad_federativa": "Querétaro",
        }
    ]


def test_an_agency_is_public_whatever_its_entidad_federativa_is_called(db):
    # Agency.state is the entidad federativa, not a workflow state.
    stack = public_stack()
    assert list(Agency.objects.public()) == [stack.agency]


def test_programs_are_looked_up_by_their_key(client, stack):
    response = client.get(api("programa-detail", clave=stack.program.key))
    assert response.status_code == 200
    record = response.json()
    assert record["clave"] == stack.program.key
    assert record["dependencia"] == stack.agency.pk
    assert record["feed"] == f"http://testserver/programas/{stack.program.key}/feed/"


def test_a_program_key_with_a_dot_or_dash_is_a_valid_lookup(client, db):
    stack = public_stack()
    stack.program.key = "FASSA-QRO.1"
    stack.program.save()
    assert client.get(api("programa-detail", clave="FASSA-QRO.1")).status_code == 200


def test_evaluations_and_recommendations_carry_their_program_and_numbers(client, stack):
    [evaluation] = results(client, api("evaluacion-list"))
    assert evaluation["programa"] == stack.program.key
    assert evaluation["evaluador"] == "Evaluadora Pública"
    assert evaluation["posicion_institucional"] == "Posición publicable."
    recommendations = {record["id"]: record for record in results(client, api("recomendacion-list"))}
    assert recommendations[stack.recommendation.pk]["ambito"] == "O"
    assert recommendations[stack.duplicate.pk]["atendida"] is False
    assert recommendations[stack.duplicate.pk]["duplica_a"] == stack.recommendation.pk


def test_aspects_carry_progress_from_authorised_reports_only(client, stack):
    # A later report, still in preparation, does not move the public progress.
    later = stack.plan.cycle.periods.order_by("end").last()
    make.closed(stack.period)
    make.opened(later)
    make.report(stack.activity, later, percent=90)
    [record] = results(client, api("asm-list"))
    assert record["id"] == stack.aspect.pk
    assert record["programa"] == stack.program.key
    assert record["texto"] == "Actualizar la evaluación de diseño."
    assert record["tipo"] == "especifico"
    assert record["area_responsable"] == stack.unit.name
    assert record["recomendaciones"] == [stack.recommendation.pk]
    assert record["avance"] == 20.0  # (40 + 0) / 2 activities
    assert record["estado"] == "en_proceso"
    activities = {record["id"]: record for record in results(client, api("actividad-list"))}
    assert activities[stack.activity.pk]["avance"] == 40
    assert activities[stack.activity.pk]["areas_responsables"] == [stack.unit.name]


def test_progress_reports_list_their_public_evidence(client, stack):
    [record] = results(client, api("avance-list"))
    assert record == {
        "id": stack.report.pk,
        "actividad": stack.activity.pk,
        "asm": stack.aspect.pk,
        "programa": stack.program.key,
        "periodo": "Septiembre",
        "fecha_corte": "2017-09-30",
        "avance": 40,
        "justificacion": "Avance publicable.",
        "observaciones": "",
        "replanteamiento": None,  # the report does not say (null), not «No»
        "justificacion_replanteamiento": "",
        "documento_probatorio": "",
        "fecha_reporte": "2017-09-30",
        "evidencias": [stack.evidence.pk],
    }


def test_evidence_gives_its_sha256_and_an_absolute_download_url_that_works(client, stack):
    [record] = results(client, api("evidencia-list"))
    assert record["nombre_original"] == "acta publicable.pdf"
    assert record["sha256"] == stack.evidence.sha256
    assert record["tamano"] == stack.evidence.size
    assert record["avance"] == stack.report.pk and record["evaluacion"] is None
    assert record["url_descarga"] == f"http://testserver/evidencia/{stack.evidence.pk}/descargar/"
    download = client.get(record["url_descarga"])
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == record["sha256"]


def test_a_link_evidence_has_no_download_url(client, stack):
    link = make.evidence(stack.report, publishable=True)
    type(link).objects.filter(pk=link.pk).update(file="", url="https://ejemplo.gob.mx/acta", state=State.AUTHORISED)
    record = client.get(api("evidencia-detail", pk=link.pk)).json()
    assert record["liga"] == "https://ejemplo.gob.mx/acta"
    assert record["url_descarga"] is None


def test_replanning_gives_the_previous_and_new_dates(client, stack):
    [record] = results(client, api("replanteamiento-list"))
    assert record["actividad"] == stack.replanned.pk
    assert record["justificacion"] == "Retraso del proveedor."
    assert record["fecha_termino_anterior"] == "2017-12-31"
    assert record["fecha_termino_nueva"] == "2018-06-30"
    assert record["texto_anterior"] == "Publicar el informe."
    assert record["cancela_actividad"] is False
    activity = client.get(api("actividad-detail", pk=stack.replanned.pk)).json()
    assert activity["fecha_termino"] == "2018-06-30"
    assert activity["fecha_termino_original"] == "2017-12-31"
    assert activity["replanteamientos"] == 1


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_has_a_list_and_a_detail(client, stack, resource):
    [record, *_] = results(client, api(f"{resource}-list"))
    key = {"clave": record["clave"]} if resource == "programa" else {"pk": record["id"]}
    detail = client.get(api(f"{resource}-detail", **key))
    assert detail.status_code == 200
    assert detail.json() == record
    assert detail["Content-Type"] == "application/json"


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_api_is_read_only(client, stack, resource):
    record = results(client, api(f"{resource}-list"))[0]
    key = {"clave": record["clave"]} if resource == "programa" else {"pk": record["id"]}
    assert client.post(api(f"{resource}-list"), {}, content_type="application/json").status_code == 405
    for method in ("post", "put", "patch", "delete"):
        assert (
            getattr(client, method)(api(f"{resource}-detail", **key), {}, content_type="application/json").status_code
            == 405
        )
    assert client.head(api(f"{resource}-list")).status_code == 200


def test_search_ignores_accents_and_case(client, db):
    wanted = public_stack(text="Actualizar la Evaluación de diseño.")
    public_stack(text="Publicar las reglas de operación.")
    assert [r["id"] for r in results(client, api("asm-list"), q="evaluacion")] == [wanted.aspect.pk]
    assert [r["id"] for r in results(client, api("asm-list"), q="EVALUACIÓN diseño")] == [wanted.aspect.pk]
    # Both stacks have an activity «Elaborar el diagnóstico».
    assert len(results(client, api("actividad-list"), q="diagnostico")) == 2
    assert results(client, api("actividad-list"), q="diagnosticos publicar") == []


def test_aspects_filter_by_program_agency_kind_and_status(client, db):
    first, second = public_stack(), public_stack()
    assert [r["id"] for r in results(client, api("asm-list"), programa=second.program.key)] == [second.aspect.pk]
    assert [r["id"] for r in results(client, api("asm-list"), dependencia=first.agency.pk)] == [first.aspect.pk]
    assert results(client, api("asm-list"), tipo="institucional") == []
    assert len(results(client, api("asm-list"), estado="en_proceso")) == 2
    assert len(results(client, api("asm-list"), anio=2017, ciclo=first.plan.cycle.pk)) == 1
    assert results(client, api("asm-list"), oportunidad="por_vencer") == []


def test_activities_filter_like_the_aspects(client, db):
    first, _other = public_stack(), public_stack()
    found = results(client, api("actividad-list"), programa=first.program.key, estado="en_proceso")
    assert [r["id"] for r in found] == [first.activity.pk]
    assert len(results(client, api("actividad-list"), estado="sin_iniciar")) == 2
    assert len(results(client, api("actividad-list"), tipo="especifico", prioridad="")) == 4


def test_filters_offer_only_authorised_choices(client, world):
    # Program A's draft plan is not public: filtering by program B (no authorised plan) is refused.
    response = client.get(api("asm-list"), {"programa": world.program_b.key})
    assert response.status_code == 400
    assert "programa" in response.json()["errores"]


def test_the_schema_is_valid_openapi_3_in_spanish(client, db):
    response = client.get(api("schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "ASM Tracker · Datos abiertos"
    for prefix in PREFIXES:
        if prefix == "programas":  # addressed by its key, below
            continue
        assert f"/api/{prefix}/" in schema["paths"]
        assert f"/api/{prefix}/{{id}}/" in schema["paths"]
    assert "/api/programas/{clave}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/asm/"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "anio",
        "ciclo",
        "dependencia",
        "programa",
        "tipo",
        "prioridad",
        "estado",
        "oportunidad",
        "cursor",
        "por_pagina",
        "If-None-Match",
    }
    assert schema["paths"]["/api/asm/"]["get"]["summary"] == "Lista de ASM"
    assert "post" not in schema["paths"]["/api/asm/"]
    as_json = client.get(api("schema"), {"format": "json"})
    assert json.loads(as_json.content)["openapi"] == schema["openapi"]


def test_the_schema_documents_every_answer_of_every_operation(client, db):
    schema = yaml.safe_load(client.get(api("schema")).content)
    error = {"$ref": "#/components/schemas/Error"}
    for path, item in schema["paths"].items():
        assert set(item) == {"get"}, path
        operation = item["get"]
        responses = operation["responses"]
        is_list = not path.endswith("}/")
        assert set(responses) == ({"200", "301", "304", "400", "429"} if is_list else {"200", "304", "404", "429"}), (
            path
        )
        for code in set(responses) & {"400", "404", "429"}:
            assert responses[code]["content"]["application/json"]["schema"] == error, (path, code)
        assert responses["200"]["headers"]["ETag"]["required"] is True, path
        assert "ETag" in responses["304"]["headers"] and "content" not in responses["304"], path
        assert "Retry-After" in responses["429"]["headers"], path
        assert "If-None-Match" in {p["name"] for p in operation["parameters"] if p["in"] == "header"}, path
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"detalle", "errores"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detalle"]


def test_the_schema_documents_the_cursor_pagination(client, db):
    schema = yaml.safe_load(client.get(api("schema")).content)
    parameters = {p["name"]: p for p in schema["paths"]["/api/asm/"]["get"]["parameters"]}
    assert parameters["cursor"]["schema"] == {"type": "string", "pattern": "^[ad][0-9]{1,18}$"}
    assert parameters["por_pagina"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert "pagina" not in parameters
    page = schema["components"]["schemas"]["PaginatedAspectList"]
    assert page["required"] == ["next", "previous", "results"]
    assert page["properties"]["next"]["nullable"] is True
    # An empty filter is «Todos», as in the pages' form.
    assert all(parameters[name]["allowEmptyValue"] for name in ["q", "dependencia", "estado", "oportunidad", "anio"])


def test_the_schema_describes_the_answers_no_operation_can_carry(client, db):
    # Writes have no operation to carry their 405, nor a GET with If-Match its 412.
    description = yaml.safe_load(client.get(api("schema")).content)["info"]["description"]
    for words in [
        "por cursor",
        "`page`",
        "ETag",
        "If-None-Match",
        "304",
        "412",
        "detalle",
        "errores",
        "405",
        "Allow",
        "429",
        "Retry-After",
    ]:
        assert words in description, words


def query_counts(client, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200
            b"".join(response.streaming_content) if response.streaming else response.content
        counts[url] = len(captured)
    return counts


def queries_to_build_the_zip() -> int:
    with CaptureQueriesContext(connection) as captured:
        write_zip(io.BytesIO())
    return len(captured)


def test_query_count_of_every_list_does_not_grow_with_rows(client, db, settings):
    settings.DEBUG = False
    urls = [api(f"{resource}-list") for resource in RESOURCES] + [api("asm-list") + "?estado=en_proceso&q=evaluacion"]
    first = public_stack()
    urls += [reverse("open-data:program-feed", kwargs={"key": first.program.key})]
    one, zip_one = query_counts(client, urls), queries_to_build_the_zip()
    for _ in range(29):
        public_stack()
    assert len(client.get(api("asm-list")).json()["results"]) == 30
    assert query_counts(client, urls) == one
    assert queries_to_build_the_zip() == zip_one


def test_staff_sessions_change_nothing_in_the_api(stack, world, client_staff_a, client_anonymous):
    for resource in RESOURCES:
        assert (
            client_staff_a.get(api(f"{resource}-list")).json() == client_anonymous.get(api(f"{resource}-list")).json()
        )


def test_change_requests_not_yet_authorised_leave_the_activity_as_it_was(client, stack):
    activity = make.activity(stack.aspect, description="Capacitar al personal.")
    change = ChangeRequest.objects.create(
        activity=activity, justification="Sin presupuesto.", new_end_date=date(2019, 1, 31)
    )
    make.in_state(change, State.IN_REVIEW, stack.preparer, stack.supervisor)
    assert client.get(api("replanteamiento-detail", pk=change.pk)).status_code == 404
    assert client.get(api("actividad-detail", pk=activity.pk)).json()["fecha_termino"] == "2017-12-31"


def test_an_activity_without_a_committed_end_date_gives_null_as_the_schema_allows(client, stack):
    # The seeds have activities whose document gives no date (issue 15); the API neither invents
    # one nor answers outside its own schema.
    undated = make.activity(stack.aspect, end_date=None)
    activities = {record["id"]: record for record in results(client, api("actividad-list"))}
    assert activities[undated.pk]["fecha_termino"] is None
    schema = yaml.safe_load(client.get(api("schema")).content)
    assert schema["components"]["schemas"]["Activity"]["properties"]["fecha_termino"]["nullable"] is True
