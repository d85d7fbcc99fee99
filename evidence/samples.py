"""Small example documents for the demo data, each marked «Documento de ejemplo».

Written by hand rather than rendered, so that the same title always gives the same bytes (and
the same SHA-256) on every machine and every run of `load_demo`.
"""

from __future__ import annotations

from collections.abc import Sequence


def _pdf_text(text: str) -> str:
    # PDF string literal in WinAnsi (Latin-1 for Spanish accents), with its delimiters escaped.
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def example_pdf(title: str, lines: Sequence[str] = ()) -> bytes:
    """A one-page Letter PDF titled «Documento de ejemplo» that names what it stands for."""
    body = [
        "DOCUMENTO DE EJEMPLO",
        "Generado por ASM Tracker para la demostración; no es un documento oficial.",
        "",
        title,
        *lines,
    ]
    commands = ["BT", "/F1 12 Tf", "72 720 Td", "16 TL"]
    for line in body:
        commands.append(f"({_pdf_text(line[:95])}) Tj T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> "
        b">>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return pdf_file(objects)


def pdf_file(objects: Sequence[bytes], *, version: bytes = b"1.4") -> bytes:
    """A PDF of `objects` (numbered from 1; the first is the catalog) with a real cross-reference
    table, so that a strict reader finds each object where the table says."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
