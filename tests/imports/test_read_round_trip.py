"""Round trip: every annex the application exports for the demo plans (XLSX in both layouts, the
CSV and the Word document) is read back to the same ASM, activities, dates, percents and units. One test per table kind;
what the file should say comes from the rows the writer itself was given (`Annex.rows()`)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from aspects.models import Aspect, DatePrecision, Plan
from imports.cells import split_units
from imports.parse import parse
from reports import tables
from reports.models import PlanProfile
from reports.tables import TABLES, aspect_end, aspect_number, aspect_start
from reports.writers.csv import write_csv
from reports.writers.docx import write_docx
from reports.writers.xlsx import write_annex, write_datos

pytestmark = pytest.mark.usefixtures("demo")

WRITERS = {
    "anexo.xlsx": write_annex,
    "datos.xlsx": write_datos,
    "datos.csv": write_csv,
    "anexo.docx": write_docx,
}


def annexes(slug: str) -> list[tables.Annex]:
    """The table for every demo plan that has rows in it (each progress annex at each period with reports)."""
    table = TABLES[slug]
    found = []
    for plan in Plan.objects.select_related("program__agency", "cycle").order_by("pk"):
        periods = list(plan.cycle.periods.order_by("end")) if table.needs_period else [None]
        for period in periods:
            annex = table.build(plan, period)
            if next(iter(annex.rows()), None) is not None:
                found.append(annex)
    assert found, f"no demo plan has rows in {slug}"
    return found


def read_back(annex: tables.Annex, kind: str, read_as: str | None = None) -> dict:
    out = io.BytesIO()
    WRITERS[kind](annex, out)
    out.seek(0)
    result = parse(out, name=f"{annex.filename('x')[:-2]}_{kind}")
    assert result["errors"] == [], result["errors"]
    [table] = result["tables"]
    assert table["kind"] == (read_as or annex.table.slug)
    return table


def day(value: date | None):
    return value.isoformat() if value else None


def written(value: date | None, precision: str, layout: str):
    """A date as the JSON gives it: ISO, or with a month precision (which the datos layout, a real date
    cell, cannot keep)."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:  # «Diciembre 2009» in the anexo, a «Mes» precision column in datos
        return ("month", value.isoformat())
    return value.isoformat()


def as_read(value):
    if isinstance(value, dict):
        return (value["precision"], value["date"])
    return value


def printed_description(activity) -> str:
    """A seed activity that carries its number in its text («1 Presentar…» as FASSA prints it, «1.-Apartir…»
    and «1. Dar…» as S054 does) reads back as that number and the rest of the text, in every layout: the
    anexo prints the number only in the text (or the CONEVAL «1. » before it), datos also in a column."""
    return re.sub(rf"^{activity.number}(?:\.-?|\s)\s*", "", activity.description)


def printed_units(activity) -> list[str]:
    """The «Área responsable» cell as the agency printed it, when the plan keeps that label."""
    if activity.units_label:
        return sorted(split_units(activity.units_label)[0])
    return sorted(activity.unit_names)


def expected_activities(annex: tables.Annex, layout: str) -> list[tuple]:
    printed = set(annex.columns)
    rows = []
    for row in annex.rows():
        activity = row.activity
        if activity is None:
            continue
        item = (
            aspect_number(row),
            activity.number,
            printed_description(activity),
            printed_units(activity),
            day(activity.start_date) if tables.START in printed else None,
            written(activity.end_date, activity.end_date_precision, layout),
            written(activity.actual_end_date, activity.actual_end_precision, layout),
            day(activity.original_end_date),
            activity.end_note,
            activity.cancelled,
        )
        if annex.table.needs_period:
            report = row.report
            item += (
                report.percent if report else None,
                report.justification if report else "",
                tables.replanned(row) if report else None,
            )
        rows.append(item)
    return rows


def read_activities(table: dict) -> list[tuple]:
    rows = []
    for aspect in table["aspects"]:
        for activity in aspect["activities"]:
            item = (
                aspect["number"],
                activity["number"],
                activity["description"],
                sorted(activity["units"]),
                activity["start"],
                as_read(activity["end_committed"]),
                as_read(activity["end_actual"]),
                activity["end_original"],
                activity["end_note"],
                activity["cancelled"],
            )
            if "percent" in activity:
                item += (activity["percent"], activity["justification"], activity["replanning"])
            rows.append(item)
    return rows


def expected_aspects(annex: tables.Annex) -> list[tuple]:
    seen = {}
    for row in annex.rows():
        aspect = row.aspect
        seen.setdefault(aspect.pk, (aspect_number(row), aspect.text, aspect.kind))
    return list(seen.values())


def read_aspects(table: dict) -> list[tuple]:
    return [(aspect["number"], aspect["text"], aspect["kind"]) for aspect in table["aspects"]]


@pytest.mark.parametrize("layout", WRITERS)
@pytest.mark.parametrize("slug", [tables.SPECIFIC.slug, tables.INSTITUTIONAL.slug])
def test_documents_of_work_read_back_to_the_same_asm_activities_dates_and_units(slug, layout):
    for annex in annexes(slug):
        table = read_back(annex, layout)
        assert read_aspects(table) == expected_aspects(annex)
        assert read_activities(table) == expected_activities(annex, layout)
        assert table["counts"]["activities"] == len(expected_activities(annex, layout))


@pytest.mark.parametrize("layout", WRITERS)
@pytest.mark.parametrize("slug", [tables.PROGRESS_ANNEX.slug, tables.INSTITUTIONAL_PROGRESS.slug])
def test_progress_annexes_read_back_to_the_same_percents_justifications_and_replanning(slug, layout):
    for annex in annexes(slug):
        table = read_back(annex, layout)
        assert read_aspects(table) == expected_aspects(annex)
        expected = expected_activities(annex, layout)
        assert read_activities(table) == expected
        assert table["counts"]["reports"] == sum(1 for item in expected if item[-3] is not None)


@pytest.mark.parametrize("layout", WRITERS)
def test_summary_reads_back_to_the_same_asm_and_dates(layout):
    for annex in annexes(tables.SUMMARY.slug):
        table = read_back(annex, layout)
        expected = [
            (row.aspect.number, row.aspect.text, row.aspect.kind, day(aspect_start(row)), day(aspect_end(row)))
            for row in annex.rows()
        ]
        assert [
            (aspect["number"], aspect["text"], aspect["kind"], aspect["start"], aspect["end"])
            for aspect in table["aspects"]
        ] == expected


@pytest.mark.parametrize("layout", WRITERS)
def test_recommendation_selection_reads_back_to_the_same_recommendations(layout):
    for annex in annexes(tables.RECOMMENDATIONS.slug):
        table = read_back(annex, layout)
        expected = [
            (
                row.recommendation.number,
                row.recommendation.text,
                row.recommendation.attended,
                row.recommendation.justification,
                row.recommendation.scope.code if row.recommendation.scope else None,
                row.recommendation.evaluation.year,
            )
            for row in annex.rows()
        ]
        assert [
            (item["number"], item["text"], item["attended"], item["justification"], item["scope"], item["year"])
            for item in table["recommendations"]
        ] == expected


@pytest.mark.parametrize("layout", ["anexo.xlsx", "anexo.docx"])
def test_the_anexo_layout_gives_the_header_block_and_signatures(layout):
    annex = annexes(tables.SPECIFIC.slug)[0]
    table = read_back(annex, layout)
    metadata = table["metadata"]
    plan = annex.plan
    assert metadata["agency"] == plan.program.agency.name
    assert metadata["program"] == plan.program.name
    assert metadata["responsible_name"] == plan.responsible_name
    prepared, authorised = annex.signatures
    assert metadata["signatures"]["prepared_by"] == {"name": prepared.name, "position": prepared.position or None}
    if annex.is_authorised:
        assert metadata["signatures"]["authorised_by"] == {
            "name": authorised.name,
            "position": authorised.position or None,
        }


@pytest.mark.parametrize("layout", WRITERS)
def test_the_interinstitutional_document_reads_as_institutional_columns_with_each_asm_kind(layout):
    from tests import factories as make

    plan = annexes(tables.INSTITUTIONAL.slug)[0].plan
    # In the CONEVAL layout, which prints each ASM's «Clasificación» (the seed's profile does not).
    PlanProfile.objects.filter(plan=plan).delete()
    unit = make.unit(plan.program.agency, name="Secretaría de Relaciones Exteriores")
    for number, kind in ((90, Aspect.Kind.INTERINSTITUTIONAL), (91, Aspect.Kind.INTERGOVERNMENTAL)):
        aspect = make.aspect(plan, number=number, kind=kind, text=f"Convenir con otras instancias ({kind}).")
        make.activity(aspect, units=[unit], number=1, description="Firmar el convenio.", end_date=date(2011, 6, 30))
    annex = tables.INTERINSTITUTIONAL.build(Plan.objects.select_related("program__agency", "cycle").get(pk=plan.pk))
    table = read_back(annex, layout, read_as=tables.INSTITUTIONAL.slug)
    assert read_aspects(table) == expected_aspects(annex)
    assert [aspect["kind"] for aspect in table["aspects"]] == ["interinstitucional", "intergubernamental"]
    assert read_activities(table) == expected_activities(annex, layout)
