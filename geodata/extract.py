"""File -> text for the ingest feature: plain text, Markdown, HTML and (optionally) PDF.

``extract(path, max_bytes)`` returns an :class:`Extracted`: the document's text as it will be
stored in the user corpus, its format, the sha256 of the file and (HTML) its ``<title>``; or it
raises :class:`~geodata.errors.IngestError` with a one-line reason:

- ``.txt``, ``.md``, ``.markdown``: the text as decoded (Markdown stays Markdown; no rendering).
- ``.html``, ``.htm``: the visible text only (stdlib ``html.parser``): ``script``, ``style``,
  ``noscript``, ``template`` and ``head`` are dropped, block elements (``p``, ``div``, ``li``,
  headings ...) become paragraphs separated by a blank line, entities are decoded and runs of
  whitespace inside a paragraph collapse to one space.
- ``.pdf``: the text of every page via ``pypdf`` (the optional ``pdf`` extra), pages separated by
  a blank line; a PDF without a text layer (a scan) is refused.

Decoding (text and HTML): UTF-8 (with or without a BOM), then UTF-16 when it has a BOM, then
cp1252 and latin-1 only if the result looks like text (no NUL, under 1% control characters);
otherwise the file is refused. A file with NUL bytes and no UTF-16 BOM is binary. Line endings
are kept as they are; the stored text is what offsets index into.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from geodata.errors import IngestError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ENV_MAX_BYTES = "KARABAKH_ATLAS_MAX_INGEST_BYTES"
FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01


def max_bytes_default() -> int:
    """The size limit: ``$KARABAKH_ATLAS_MAX_INGEST_BYTES`` or 20 MB."""
    raw = os.environ.get(ENV_MAX_BYTES)
    if raw is None:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise IngestError(f"{ENV_MAX_BYTES}={raw!r} is not a positive number of bytes")
    return value


def format_of(path: str | os.PathLike) -> str | None:
    """The format name for ``path``'s extension ("text", "markdown", "html", "pdf"), or None."""
    return FORMATS.get(Path(path).suffix.lower())


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    return len(_CONTROL.findall(text)) <= _MAX_CONTROL_SHARE * max(len(text), 1)


def decode(data: bytes) -> str:
    """Decode a text file's bytes (see the module docstring for the order); IngestError if none
    fits. The BOM, if any, is not part of the text."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(f"not valid UTF-8 despite its BOM (byte {exc.start})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError("not valid UTF-16 despite its BOM") from None
        if not _looks_like_text(text):
            raise IngestError("binary file (control characters after UTF-16 decoding)")
        return text
    if b"\x00" in data:
        raise IngestError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise IngestError("cannot decode: not UTF-8, UTF-16 (BOM), cp1252 or latin-1 text")


class _VisibleText(HTMLParser):
    """Collects visible text; block elements start a new paragraph."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title"})
    BLOCKS = frozenset(
        re.findall(
            r"\S+",
            "address article aside blockquote br caption dd div dl dt figcaption figure footer "
            "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul",
        )
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.title: list[str] = []
        self._current: list[str] = []
        self._hidden: list[str] = []

    def _break(self) -> None:
        para = " ".join("".join(self._current).split())
        if para:
            self.paragraphs.append(para)
        self._current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "body":  # an unclosed <head> ends where the body starts
            self._hidden.clear()
        if tag in self.HIDDEN:
            self._hidden.append(tag)
        elif tag in self.BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in self.BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            while self._hidden and self._hidden.pop() != tag:
                pass
        elif tag in self.BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)
        elif self._hidden[-1] == "title":
            self.title.append(data)

    def text(self) -> str:
        self._break()
        return "\n\n".join(self.paragraphs) + ("\n" if self.paragraphs else "")


def html_text(markup: str) -> tuple[str, str | None]:
    """The visible text of an HTML document (one paragraph per block, blank lines between) and
    its ``<title>`` (None when it has none)."""
    parser = _VisibleText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything raised here is a parse failure
        raise IngestError(f"cannot parse HTML: {exc}") from None
    title = " ".join("".join(parser.title).split())
    return parser.text(), title or None


def pdf_text(data: bytes) -> str:
    """The text of a PDF's pages (pypdf), pages separated by a blank line."""
    try:
        import pypdf
    except ImportError:
        raise IngestError(
            "PDF support is not installed: pip install 'karabakh-atlas[pdf]'"
        ) from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IngestError("encrypted PDF")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IngestError(f"cannot parse PDF: {detail}") from None
    text = "\n\n".join(p for p in pages if p)
    if not text:
        raise IngestError("PDF has no text layer (scanned image?)")
    return text + "\n"


@dataclass(frozen=True)
class Extracted:
    """A file's text as it will be stored, its format name and the sha256 of its bytes."""

    text: str
    format: str
    sha256: str
    title: str | None = None  # an HTML document's <title>


def extract(path: str | os.PathLike, max_bytes: int | None = None) -> Extracted:
    """Read ``path`` and extract its text; IngestError (one line) when it cannot be ingested:
    over ``max_bytes``, empty, binary, unsupported extension, undecodable, unparsable, or no
    text once extracted."""
    path = Path(path)
    limit = max_bytes_default() if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise IngestError(f"too large: {size} bytes > limit {limit} (see --max-bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise IngestError("empty file")
    fmt = format_of(path)
    if fmt is None:
        if b"\x00" in data[:8192]:
            raise IngestError("binary file (NUL bytes)")
        supported = ", ".join(sorted(FORMATS))
        raise IngestError(f"unsupported file type {path.suffix or '(none)'!r} (use {supported})")
    if fmt == "pdf":
        if not data.startswith(b"%PDF-"):
            raise IngestError("cannot parse PDF: no %PDF header")
        text = pdf_text(data)
    else:
        text = decode(data)
    title = None
    if fmt == "html":
        text, title = html_text(text)
    if not text.strip():
        raise IngestError("no text in the document")
    return Extracted(text, fmt, hashlib.sha256(data).hexdigest(), title)
