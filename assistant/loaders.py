"""Loading: files on disk (.txt, .md, .html, .pdf) into Documents, with manifest.jsonl metadata."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .errors import LoadError
from .records import Document, Page

log = logging.getLogger(__name__)

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".pdf": "pdf"}
DOCTYPES = tuple(dict.fromkeys(SUFFIXES.values()))  # "text", "markdown", "html", "pdf"
MANIFEST = "manifest.jsonl"
# Bumped when loading, cleaning or chunking changes, so that every document is re-ingested once.
PIPELINE_VERSION = "4"
PDF_READING = "columns-1"  # how PDF pages are read (page_text): a change re-reads PDFs only
MAX_PDF_PAGE_CONTENT = 20_000_000  # bytes of drawing instructions on one PDF page; real pages stay far below


@dataclass
class Source:
    """A file found for ingest: where it is, its doc id, and the manifest entry for it."""

    path: Path
    doc_id: str
    root: str
    meta: dict


def find_sources(paths: list[Path]) -> Iterator[Source]:
    """Walk the given files and folders; doc id = path relative to the folder given (a file: its name)."""
    for given in paths:
        if given.is_dir():
            root = given.resolve()
            manifests: dict[Path, dict[str, dict]] = {}
            for path in sorted(root.rglob("*")):
                rel = path.relative_to(root)
                if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                    continue
                if path.stem.upper() == "README":  # a folder's own description, not a document
                    continue
                if path.is_symlink() and not path.resolve().is_relative_to(root):
                    # a link planted in a served folder must not publish a file from elsewhere (/etc/passwd…)
                    log.warning("skipped %s: a link to a file outside %s", path, root)
                    continue
                if path.suffix.lower() not in SUFFIXES:
                    if path.name != MANIFEST:
                        log.info("skipped %s: unsupported file type", rel)
                    continue
                entries = manifests.setdefault(path.parent, read_manifest(path.parent))
                yield Source(path, rel.as_posix(), str(root), entries.get(path.name, {}))
        elif given.exists():
            entries = read_manifest(given.parent)
            yield Source(given, given.name, str(given.parent.resolve()), entries.get(given.name, {}))


def read_manifest(folder: Path) -> dict[str, dict]:
    """The entries of folder/manifest.jsonl by file name (empty when there is none)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    entries = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            entries[str(entry["file"])] = entry
        except (ValueError, KeyError, TypeError):
            log.warning("%s line %d: not a manifest entry, ignored", path, n)
    return entries


def read(source: Source, settings: Settings) -> tuple[bytes, str]:
    """The file's bytes and content hash (bytes, manifest entry and pipeline version); raises LoadError."""
    if source.path.suffix.lower() not in SUFFIXES:
        raise LoadError(f"unsupported file type {source.path.suffix!r}")
    data = _read_bytes(source.path, settings.max_file_bytes)
    digest = hashlib.sha256(data)
    latent = settings.latent_terms if settings.latent_weight > 0 else 0  # turning latent terms on re-indexes
    # OCR installed later re-reads PDFs once: their scanned pages now give text. So does a new way of reading
    # PDF pages (PDF_READING), without re-reading the other documents.
    pdf = source.path.suffix.lower() == ".pdf"
    ocr = (["ocr"] if pdf and ocr_available() else []) + ([PDF_READING] if pdf else [])
    # A change of access groups changes no text or vector: not in the hash (ingest.Ingestor.regroup applies it).
    meta = {k: v for k, v in source.meta.items() if k != "groups"}
    digest.update(json.dumps([meta, PIPELINE_VERSION, settings.chunk_chars,
                              settings.chunk_overlap_chars] + ([latent] if latent else []) + ocr,
                             sort_keys=True, default=str).encode())
    return data, digest.hexdigest()


def parse(source: Source, data: bytes, content_hash: str, settings: Settings) -> Document:
    """Parse the bytes of a file into a Document with raw page texts; raises LoadError with a reason."""
    doctype = SUFFIXES[source.path.suffix.lower()]
    notes: list[str] = []
    pages, title = _PARSERS[doctype](data, settings, notes)
    meta = source.meta
    ocr_pages = fill_blank_pages(data, pages, str(meta.get("lang") or ""), notes) if doctype == "pdf" else []
    return Document(
        doc_id=source.doc_id,
        path=str(source.path.resolve()),
        pages=pages,
        content_hash=content_hash,
        doctype=doctype,
        title=str(meta.get("title") or title or ""),
        lang=str(meta.get("lang") or ""),
        source=str(meta.get("source") or ""),
        published=str(meta.get("published") or ""),
        topic=str(meta.get("topic") or ""),
        root=source.root,
        notes=notes,
        ocr_pages=ocr_pages,
    )


def ocr_available() -> bool:
    """Whether scanned PDF pages can be read by OCR here."""
    from .ocr import available

    return available()


def fill_blank_pages(data: bytes, pages: list[Page], lang: str, notes: list[str]) -> list[int]:
    """OCR the pages of a PDF that have no text layer (assistant.ocr); the numbers of the pages read."""
    from .ocr import fill_blank_pages as fill

    return fill(data, pages, lang, notes)


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise LoadError(f"too large ({size / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB)")
        if size == 0:
            raise LoadError("empty file")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror or exc})") from exc


def decode_text(data: bytes, notes: list[str]) -> str:
    """Decode UTF-8 (with or without BOM), else Windows-1252 when it reads as text (noted); refuse binary."""
    if b"\x00" in data[:8192]:
        raise LoadError("binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise LoadError("undecodable text: neither UTF-8 nor Windows-1252") from exc
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    if printable < 0.97 * len(text):
        raise LoadError("undecodable text: not UTF-8 and not readable as Windows-1252")
    notes.append("decoded as Windows-1252 (not UTF-8)")
    return text


def _parse_text(data: bytes, settings: Settings, notes: list[str]) -> tuple[list[Page], str]:
    return [Page(1, decode_text(data, notes))], ""


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _parse_markdown(data: bytes, settings: Settings, notes: list[str]) -> tuple[list[Page], str]:
    text = _MD_LINK.sub(r"\1", decode_text(data, notes))
    heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)
    return [Page(1, text)], heading.group(1).strip() if heading else ""


def _parse_html(data: bytes, settings: Settings, notes: list[str]) -> tuple[list[Page], str]:
    import trafilatura
    from lxml import html as lxml_html

    markup = decode_text(data, notes)
    try:
        text = trafilatura.extract(markup, include_comments=False, include_tables=True, favor_recall=True)
        tree = lxml_html.fromstring(markup)
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise LoadError(f"unparsable HTML ({type(exc).__name__})") from exc
    title = (tree.findtext(".//title") or "").strip()
    if not text:
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        text = tree.text_content()
    return [Page(1, text or "")], title


def _parse_pdf(data: bytes, settings: Settings, notes: list[str]) -> tuple[list[Page], str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("encrypted PDF (a password is needed)")
        count = len(reader.pages)
        if count > settings.max_pdf_pages:
            raise LoadError(f"too many pages ({count}; the limit is {settings.max_pdf_pages})")
        pages = _pdf_pages(reader, notes)
        title = str((reader.metadata or {}).get("/Title") or "").removeprefix("Microsoft Word - ")
        title = "" if title.strip().lower() in {"untitled", "untitled document", "title"} else title
        title = title if pages and on_first_page(title, pages[0].text) else ""
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError) as exc:
        raise LoadError(f"corrupt PDF ({type(exc).__name__}: {str(exc)[:120]})") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files; none must stop an ingest
        if "crypt" in str(exc).lower():
            raise LoadError(f"encrypted PDF that cannot be opened ({str(exc)[:120]})") from exc
        raise LoadError(f"corrupt PDF ({type(exc).__name__}: {str(exc)[:120]})") from exc
    return pages, title


_TITLE_WORD = re.compile(r"[^\W\d_]{3,}")


def on_first_page(title: str, first_page: str) -> bool:
    """Whether a PDF's metadata title is the document's: at least half its words (of three letters or more) are on
    its first page, or that page has no text to tell. Authoring tools leave a template's or a slide's title there
    ("Capful copyright" on a regional review), and the ingest then takes the first page's first line instead."""
    words = {w.casefold() for w in _TITLE_WORD.findall(title)}
    page = {w.casefold() for w in _TITLE_WORD.findall(first_page)}
    return not page or not words or len(words & page) * 2 >= len(words)


def _pdf_pages(reader, notes: list[str]) -> list[Page]:
    """Text per page. A page that fails, or whose drawing instructions are absurdly long (parsing them would take
    minutes), is skipped and noted; when no page can be read the whole file fails."""
    from pypdf.errors import LimitReachedError

    pages, skipped = [], []
    for n, page in enumerate(reader.pages, 1):
        try:
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
            if size > MAX_PDF_PAGE_CONTENT:
                skipped.append(f"page {n}: {size / 1e6:.0f} MB of drawing instructions (the limit is "
                               f"{MAX_PDF_PAGE_CONTENT / 1e6:.0f} MB)")
                continue
            pages.append(Page(n, page_text(page)))
        except LimitReachedError:
            skipped.append(f"page {n}: a stream inflates beyond pypdf's limit (a decompression bomb?)")
        except Exception as exc:  # noqa: BLE001 (one damaged page must not lose the others)
            skipped.append(f"page {n}: {type(exc).__name__}: {str(exc)[:80]}")
    reasons = "; ".join(skipped[:3]) + (" …" if len(skipped) > 3 else "")
    if skipped and not any(p.text.strip() for p in pages):
        raise LoadError(f"no readable page ({reasons})")
    if skipped:
        notes.append(f"{len(skipped)} of {len(reader.pages)} pages skipped ({reasons})")
    return pages


def page_text(page) -> str:
    """A PDF page's text; a page of two columns whose text runs line by line across both is read column by column
    (pypdf follows the drawing order, which interleaves the columns' lines)."""
    parts: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            parts.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

    plain = page.extract_text(visitor_text=visit) or ""
    box = page.mediabox
    middle = float(box.left) + float(box.width) / 2
    sides = [x < middle for x, _, text in parts if len(text.strip()) > 3]
    left = sum(len(t) for x, _, t in parts if x < middle)
    right = sum(len(t) for x, _, t in parts if x >= middle)
    switches = sum(a != b for a, b in zip(sides, sides[1:], strict=False))
    if min(left, right) < 0.3 * (left + right) or switches < max(6, 0.25 * len(sides)):
        return plain
    return "\n".join(_lines([p for p in parts if p[0] < middle]) + _lines([p for p in parts if p[0] >= middle]))


def _lines(parts: list[tuple[float, float, str]]) -> list[str]:
    """One column's fragments top to bottom, those on one line (within 2 points) joined in drawing order."""
    lines: list[tuple[float, list[str]]] = []
    for _, y, text in sorted(parts, key=lambda p: -p[1]):  # stable: a line keeps its drawing order
        if lines and abs(lines[-1][0] - y) <= 2:
            lines[-1][1].append(text)
        else:
            lines.append((y, [text]))
    return [" ".join(" ".join(t.strip() for t in texts).split()) for _, texts in lines]


_PARSERS = {"text": _parse_text, "markdown": _parse_markdown, "html": _parse_html, "pdf": _parse_pdf}
