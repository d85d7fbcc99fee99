"""Which table a sheet holds, from its header row: the column labels of every annex this
application exports (`reports.tables`, both layouts) and the variants agencies write, matched with
accents, case, line breaks, spaces and footnote marks aside («Área Respon sable», «Porcentaje de
avance y justificación ¹», «Fecha Término», «Núm.», «Acciones a emprender»)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reports import tables

from .cells import clean, fold
from .readers import Grid

# Field → the labels it goes by. The labels of `reports.tables` are added below, so that every
# annex the application writes is read back whatever its columns are called tomorrow.
ALIASES: dict[str, tuple[str, ...]] = {
    "program": ("Programa", "Clave del programa"),
    "cycle": ("Ciclo",),
    "period": ("Periodo de corte",),
    "number": ("No.", "No", "Núm.", "Número", "No. ASM", "Núm. ASM", "Número de ASM", "Consecutivo"),
    "year": ("Año de evaluación", "Año", "Año de la meta", "Año de medición"),
    "description": ("Descripción", "Recomendación", "Recomendaciones", "Descripción de la recomendación", "Hallazgo"),
    "attention": ("Atención", "Atención SI/NO", "Atendida", "Se atiende"),
    "justification": ("Justificación",),
    "scope": ("Ámbito de gestión", "Ámbito", "Ámbito de"),
    "aspect": (
        "Aspecto Susceptible de Mejora",
        "Aspectos Susceptibles de Mejora",
        "ASM",
        "Aspecto susceptible de mejora (ASM)",
    ),
    "topic": ("Tema",),
    "classification": ("Clasificación", "Tipo", "Tipo de ASM", "Tipo de documento"),
    "coordinating_unit": ("Área coordinadora", "Áreas coordinadoras", "Unidad coordinadora"),
    "activities": (
        "Actividades",
        "Actividad",
        "Acciones",
        "Acciones propuestas",
        "Acciones a emprender",
        "Acciones comprometidas",
    ),
    "activity_number": ("No. actividad", "Núm. actividad", "Número de actividad"),
    "cancelled": ("Cancelada",),
    "start": ("Fecha de inicio", "Inicio", "Fecha inicio"),
    "end": ("Fecha de término", "Fecha término", "Fecha de conclusión comprometida", "Fecha compromiso", "Término"),
    "end_precision": ("Precisión de la fecha de término",),
    "actual_end_precision": ("Precisión de la fecha real de término",),
    "end_note": ("Nota de la fecha",),
    "original_end": ("Fecha de término original",),
    "actual_end": ("Fecha real de término",),
    "products": (
        "Productos y/o evidencias",
        "Producto y/o evidencia",
        "Productos",
        "Producto",
        "Evidencias",
        "Productos y/o evidencias esperadas",
    ),
    "units": ("Área responsable", "Áreas responsables", "Unidad responsable", "Unidades responsables", "Responsable"),
    "expected_results": ("Resultados esperados",),
    "results_obtained": ("Resultados obtenidos",),
    "progress": (
        "Porcentaje de avance y justificación",
        "Porcentaje de avance",
        "Avance y justificación",
        "Avance",
    ),
    "percent": ("Avance (%)", "Porcentaje", "% de avance", "Avance %"),
    "replanning": ("Replanteamiento",),
    "replanning_justification": ("Justificación del replanteamiento",),
    "report_period": ("Periodo del reporte",),
    "reported_on": ("Fecha de reporte",),
    "evidence": (
        "Identificación del documento probatorio (Nombre del archivo y extensión)",
        "Identificación del documento probatorio",
        "Documento probatorio",
    ),
    "observations": ("Observaciones", "Observaciones del ASM"),
    "report_observations": ("Observaciones del avance",),
    # The tables of indicators (issue 17): one row per indicator, or several stacked in one cell.
    "objective": ("Objetivo específico", "Objetivos específicos", "Objetivo", "Objetivo específico (ASM)"),
    "indicator": ("Indicador", "Indicadores", "Nombre del indicador", "Indicador de desempeño"),
    "target": ("Meta (%)", "Meta", "Metas", "Meta %", "% Meta", "Meta anual", "Meta (porcentaje)"),
    "result_text": ("Resultado de la medición", "Resultados de la medición", "Resultado", "Medición"),
    "rating": ("Calificación", "Calificación del indicador", "Cumplimiento", "Evaluación del cumplimiento"),
}

# The labels the annexes print (anexo) and their typed columns (datos), by field.
_EXPORTED: dict[str, str] = {
    "No. ASM": "number",
    "No. actividad": "activity_number",
    "Actividad": "activities",
    "Avance (%)": "percent",
}


def compact(label: Any) -> str:
    """A label as matched: letters, digits and «%» only, accents and case aside; footnote marks
    (¹, *) and the spaces a PDF extraction puts inside words («Respon sable») vanish."""
    return "".join(char for char in fold(clean(label)) if (char.isascii() and char.isalnum()) or char == "%")


EXACT: dict[str, str] = {}
for _field, _labels in ALIASES.items():
    for _label in _labels:
        EXACT.setdefault(compact(_label), _field)
for _label, _field in _EXPORTED.items():
    EXACT[compact(_label)] = _field


# Longest first, so that a lengthened label matches its most specific field.
BY_LENGTH = sorted(EXACT.items(), key=lambda item: -len(item[0]))


def _register_exported() -> None:
    """Every label `reports.tables` prints is known: a field of the same name, or already an alias."""
    for table in tables.TABLES.values():
        for column in table.columns:
            for label in [column.label] + [item.label for item in column.fields]:
                if compact(label) not in EXACT:
                    raise LookupError(f"La columna «{label}» de la tabla {table.slug} no tiene campo de importación.")


def field_of(label: Any) -> str | None:
    """The field a header cell names, or None."""
    key = compact(label)
    if not key:
        return None
    if key in EXACT:
        return EXACT[key]
    # A label cut short («Ámbito de») or lengthened («Atención SI/NO», «Identificación del documento
    # probatorio (Nombre del archivo y extensión)»).
    for known, name in BY_LENGTH:
        if len(known) >= 8 and key.startswith(known):
            return name
        if len(key) >= 6 and known.startswith(key):
            return name
    return None


# The kinds, by the slugs of `reports.tables`, with the columns each needs.
LABELS = {
    "number": "No.",
    "description": "Descripción",
    "attention": "Atención",
    "aspect": "Aspecto Susceptible de Mejora",
    "activities": "Actividades",
    "end": "Fecha de término",
    "progress": "Porcentaje de avance y justificación",
    "coordinating_unit": "Área coordinadora",
    "objective": "Objetivo específico",
    "indicator": "Indicador",
    "target": "Meta (%)",
}
# Not a table `reports.tables` writes from the activity-based plans: the indicator table agencies keep.
INDICATORS = "indicadores"
REQUIRED: dict[str, tuple[str, ...]] = {
    tables.RECOMMENDATIONS.slug: ("number", "description", "attention"),
    tables.SUMMARY.slug: ("number", "aspect", "end"),
    tables.SPECIFIC.slug: ("number", "aspect", "activities", "end"),
    tables.INSTITUTIONAL.slug: ("number", "aspect", "activities", "end"),
    tables.PROGRESS_ANNEX.slug: ("number", "aspect", "activities", "end"),
    tables.INSTITUTIONAL_PROGRESS.slug: ("number", "aspect", "activities", "end"),
    INDICATORS: ("objective", "indicator", "target"),
}
KIND_NAMES = {
    tables.RECOMMENDATIONS.slug: "selección de recomendaciones",
    tables.SUMMARY.slug: "resumen del programa de ASM",
    tables.SPECIFIC.slug: "documento de trabajo (ASM específicos)",
    tables.INSTITUTIONAL.slug: "documento institucional",
    tables.PROGRESS_ANNEX.slug: "avance al documento de trabajo",
    tables.INSTITUTIONAL_PROGRESS.slug: "avance al documento institucional",
    INDICATORS: "cumplimiento de objetivos específicos (indicadores)",
}
INSTITUTIONAL_SIGNS = {"coordinating_unit", "topic", "classification"}
PROGRESS_SIGNS = {"progress", "percent"}
MIN_FIELDS = 3  # a row naming fewer known columns is not a header


def kind_of(fields: set[str]) -> str:
    """The table kind a set of columns suggests (even when some required column is missing)."""
    if "indicator" in fields and "activities" not in fields:
        return INDICATORS
    if {"description", "attention"} & fields and "aspect" not in fields:
        return tables.RECOMMENDATIONS.slug
    if "activities" not in fields and "aspect" in fields and not PROGRESS_SIGNS & fields:
        return tables.SUMMARY.slug
    institutional = bool(INSTITUTIONAL_SIGNS - {"classification"} & fields) or (
        "classification" in fields and "activities" in fields
    )
    if PROGRESS_SIGNS & fields:
        return tables.INSTITUTIONAL_PROGRESS.slug if institutional else tables.PROGRESS_ANNEX.slug
    return tables.INSTITUTIONAL.slug if institutional else tables.SPECIFIC.slug


@dataclass
class Header:
    row: int  # 1-based
    kind: str
    columns: dict[str, int] = field(default_factory=dict)  # field → 0-based column
    labels: dict[int, str] = field(default_factory=dict)  # 0-based column → the label as written
    missing: list[str] = field(default_factory=list)  # required columns not found
    compacts: list[str] = field(default_factory=list)  # the header's cells, compacted (to spot repeats)

    @property
    def recognised(self) -> bool:
        return not self.missing


def read_header(grid: Grid, row: int) -> Header | None:
    """The header at `row` (1-based), or None when it names fewer than MIN_FIELDS known columns."""
    cells = grid.rows[row - 1]
    columns: dict[str, int] = {}
    labels: dict[int, str] = {}
    for index, value in enumerate(cells):
        name = field_of(value)
        if name is None:
            continue
        labels[index] = " ".join(clean(value).split())
        columns.setdefault(name, index)
    if len(columns) < MIN_FIELDS:
        return None
    kind = kind_of(set(columns))
    header = Header(row, kind, columns, labels, compacts=[compact(value) for value in cells])
    _spanning_activities(grid, header)
    _typed_progress(header)
    header.missing = [LABELS[name] for name in REQUIRED[kind] if name not in header.columns]
    return header


def _spanning_activities(grid: Grid, header: Header) -> None:
    """«Acciones a emprender» over two columns (the activity's number, then its text): merged in the
    sheet, or followed by a column without a header of its own."""
    index = header.columns.get("activities")
    if index is None or "activity_number" in header.columns:
        return
    merged = any(
        merge.first_row <= header.row <= merge.last_row
        and merge.first_column == index + 1
        and merge.last_column > merge.first_column
        for merge in grid.merges
    )
    cells = grid.rows[header.row - 1]
    following_empty = index + 1 >= len(cells) or cells[index + 1] in (None, "")
    if not following_empty:
        return
    # Under a header without a label of its own, data is what tells a second column apart.
    data = [row[index + 1] for row in grid.rows[header.row : header.row + 50] if len(row) > index + 1]
    if merged or any(value not in (None, "") for value in data):
        header.columns["activity_number"] = index
        header.columns["activities"] = index + 1
        header.labels[index + 1] = header.labels[index]


def _typed_progress(header: Header) -> None:
    """The datos layout under a column profile names its percent column as the document names the
    progress column («Porcentaje de avance y justificación»); its own replanning and report period
    columns tell that the column holds the percent alone, the rest in the columns after it."""
    columns = header.columns
    if "progress" in columns and "percent" not in columns and {"replanning", "report_period"} <= set(columns):
        columns["percent"] = columns.pop("progress")


def find_header(grid: Grid, scan: int = 100) -> Header | None:
    """The first header row of the grid that names a known kind with all its required columns;
    failing that, the best partial one (for the error that names what is missing)."""
    best: Header | None = None
    for row in range(1, min(len(grid.rows), scan) + 1):
        header = read_header(grid, row)
        if header is None:
            continue
        if header.recognised:
            return header
        if best is None or len(header.columns) > len(best.columns):
            best = header
    return best


_register_exported()
