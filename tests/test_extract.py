"""File -> text: formats, encodings and every refusal (geodata.extract)."""

from __future__ import annotations

import codecs

import pytest

from geodata.errors import IngestError
from geodata.extract import DEFAULT_MAX_BYTES, ENV_MAX_BYTES, extract, max_bytes_default

PROSE = "The road from Füzuli to Şuşa reopened in August 2021.\n"


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a Helvetica text layer (hand-written objects and xref)."""
    ops = " ".join(f"({line}) Tj T*" for line in lines)
    content = f"BT /F1 12 Tf 14 TL 72 720 Td {ops} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_text_is_kept_exactly(tmp_path):
    text = "Line one\r\nLine two: Xankəndi\n"
    found = extract(write(tmp_path, "a.txt", text.encode("utf-8")))
    assert (found.text, found.format) == (text, "text")


def test_markdown_stays_markdown(tmp_path):
    text = "# Heading\n\n*Ağdam* and [Kəlbəcər](https://example.org)\n"
    found = extract(write(tmp_path, "a.md", text.encode("utf-8")))
    assert (found.text, found.format) == (text, "markdown")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + PROSE.encode("utf-8"),
        PROSE.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + PROSE.encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "utf-16", "utf-16-be"],
)
def test_bom_encodings(tmp_path, data):
    assert extract(write(tmp_path, "a.txt", data)).text == PROSE


def test_cp1252_fallback(tmp_path):
    text = "Smart “quotes” – and a café in Gəncə? No: cafe\n"
    data = text.replace("ə", "e").encode("cp1252")
    assert extract(write(tmp_path, "a.txt", data)).text == text.replace("ə", "e")


def test_latin1_fallback_when_cp1252_cannot_decode(tmp_path):
    data = ("Ordinary prose " * 20).encode("ascii") + b"\x81 end\n"  # 0x81 is unused in cp1252
    assert extract(write(tmp_path, "a.txt", data)).text.endswith("\x81 end\n")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"", "empty file"),
        ("a.txt", b"  \n\t\n", "empty file"),
        ("a.txt", b"text\x00with\x00nuls", "binary file (NUL bytes)"),
        ("a.bin", b"\x7fELF\x00\x01\x02", "binary file (NUL bytes)"),
        ("a.txt", bytes(range(1, 32)) * 10 + b"\xff", "cannot decode"),
        ("a.docx", b"PK plain enough", "unsupported file type '.docx'"),
        ("README", b"no extension", "unsupported file type '(none)'"),
        ("a.pdf", b"not a pdf at all", "cannot parse PDF: no %PDF header"),
        ("a.pdf", b"%PDF-1.4\n1 0 obj garbage", "cannot parse PDF"),
        ("a.html", b"<html><script>only()</script></html>", "no text in the document"),
    ],
)
def test_refusals_are_one_line(tmp_path, name, data, message):
    with pytest.raises(IngestError) as info:
        extract(write(tmp_path, name, data))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_size_limit(tmp_path, monkeypatch):
    path = write(tmp_path, "a.txt", PROSE.encode("utf-8"))
    with pytest.raises(IngestError, match=r"too large: \d+ bytes > limit 10"):
        extract(path, max_bytes=10)
    monkeypatch.setenv(ENV_MAX_BYTES, "12")
    assert max_bytes_default() == 12
    with pytest.raises(IngestError, match="limit 12"):
        extract(path)
    monkeypatch.delenv(ENV_MAX_BYTES)
    assert max_bytes_default() == DEFAULT_MAX_BYTES
    monkeypatch.setenv(ENV_MAX_BYTES, "lots")
    with pytest.raises(IngestError, match=ENV_MAX_BYTES):
        max_bytes_default()


def test_html_visible_text_only(tmp_path):
    markup = b"""<!doctype html><html><head><title>The  title</title>
    <style>body { color: red }</style><script>var Lachin = 1;</script></head>
    <body><h1>Heading</h1><p>First &amp; <b>bold</b>
    paragraph&nbsp;here.</p><noscript>No script</noscript><template>Hidden</template>
    <ul><li>One</li><li>Two</li></ul><script>document.write("Qubadli")</script></body></html>"""
    found = extract(write(tmp_path, "a.html", markup))
    assert found.format == "html"
    assert found.title == "The title"
    assert found.text == "Heading\n\nFirst & bold paragraph here.\n\nOne\n\nTwo\n"
    for hidden in ("Lachin", "color", "No script", "Hidden", "Qubadli", "The title"):
        assert hidden not in found.text


def test_html_in_cp1252(tmp_path):
    found = extract(write(tmp_path, "a.htm", "<p>“Quoted”</p>".encode("cp1252")))
    assert found.text == "“Quoted”\n"


def test_pdf_text_layer(tmp_path):
    data = minimal_pdf(["The road to Shusha reopened in 2021.", "A second line."])
    found = extract(write(tmp_path, "a.pdf", data))
    assert found.format == "pdf"
    assert "The road to Shusha reopened in 2021." in found.text
    assert "A second line." in found.text


def test_pdf_without_text_is_refused(tmp_path):
    with pytest.raises(IngestError, match="no text layer"):
        extract(write(tmp_path, "a.pdf", minimal_pdf([])))
