"""A cell's text as the print document shows it: escaped, line breaks kept, URLs in spans that the
print CSS keeps whole and unhyphenated."""

from reports.templatetags.annexes import annex_cell


def test_a_cell_keeps_its_line_breaks_and_escapes_its_text():
    assert annex_cell("Porcentaje de avance: 100%\nReplanteamiento: <No>") == (
        "Porcentaje de avance: 100%<br>Replanteamiento: &lt;No&gt;"
    )


def test_a_url_is_wrapped_whole_without_what_follows_it():
    assert annex_cell("Opciones Productivas http://sipso.sedesol.gob.mx* - SIOP") == (
        'Opciones Productivas <span class="url">http://sipso.sedesol.gob.mx</span>* - SIOP'
    )
    assert annex_cell("Ver (https://example.gob.mx/a?b=1&c=2).") == (
        'Ver (<span class="url">https://example.gob.mx/a?b=1&amp;c=2</span>).'
    )


def test_a_url_too_long_for_any_column_may_break():
    url = "https://transparencia.example.gob.mx/" + "documentos/" * 5 + "informe.pdf"
    assert annex_cell(url) == f'<span class="url long">{url}</span>'
