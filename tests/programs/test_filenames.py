"""Downloaded files are named after what they hold, by one function (issue 16 §5)."""

from datetime import date

from programs.filenames import download_name
from programs.models import Agency, CutOffPeriod, Program


def test_a_file_name_says_what_narrows_it_in_a_fixed_order():
    agency = Agency(name="Servicios de Salud de Querétaro", acronym="SESEQ")
    program = Program(key="FASSA-QRO", name="Fondo de Aportaciones para los Servicios de Salud")
    assert download_name("asm", program=program, year=2017, ext="csv") == "asm-FASSA-QRO-2017.csv"
    assert (
        download_name(
            "avance", program=program, year=2017, period=CutOffPeriod(name="Marzo 2018"), details=["datos"], ext="xlsx"
        )
        == "avance-FASSA-QRO-2017-marzo-2018-datos.xlsx"
    )
    assert (
        download_name("anexos", agency=agency, year=2017, since=date(2026, 11, 1), ext="zip")
        == "anexos-SESEQ-2017-desde-2026-11-01.zip"
    )


def test_a_file_name_is_plain_ascii_whatever_the_words():
    agency = Agency(name="Secretaría de Educación", acronym="")
    assert (
        download_name("actividades", agency=agency, details=["en_proceso", "Evaluación de diseño / 2017"], ext="json")
        == "actividades-secretaria-de-educacion-en-proceso-evaluacion-de-diseno-2017.json"
    )
    assert download_name("asm", ext="csv") == "asm.csv"
