"""OCR for scanned PDF pages: a page without a text layer is rendered with pypdfium2 and read by Tesseract.

Optional: `pip install 'cluster-assistant[ocr]'` plus Debian's tesseract-ocr and its language packs. Without them,
such pages are reported (never silently skipped).
"""

from __future__ import annotations

import functools
import logging
import shutil

from .errors import LoadError
from .language import detect
from .records import Page

log = logging.getLogger(__name__)

TESSERACT = {"en": "eng", "fr": "fra", "sv": "swe", "de": "deu", "fi": "fin", "pt": "por"}  # the corpus' languages
INSTALL = ("install the OCR extra: pip install 'cluster-assistant[ocr]' and apt-get install tesseract-ocr "
           "tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-swe tesseract-ocr-deu tesseract-ocr-fin tesseract-ocr-por")
MIN_TEXT_CHARS = 20  # a page with less extractable text than this has no real text layer (a scan, a page number)
DPI = 300  # Tesseract reads best at 300 dpi
MIN_DETECT_CHARS = 100
MAX_PAGES = 300  # scanned pages read per document (~3 s each): a 2000-page scan must not hold an ingest for hours


@functools.cache
def available() -> bool:
    """Whether OCR can run here: pytesseract and pypdfium2 importable and the tesseract program on PATH."""
    try:
        import pypdfium2  # noqa: F401
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


@functools.cache
def languages() -> frozenset[str]:
    """Tesseract's installed language packs."""
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception as exc:  # noqa: BLE001 (a broken install reads as no language packs)
        log.warning("tesseract does not list its languages: %s", exc)
        return frozenset()


def blank(page: Page) -> bool:
    """Whether a page has no usable text layer."""
    return len(page.text.strip()) < MIN_TEXT_CHARS


def fill_blank_pages(data: bytes, pages: list[Page], lang: str, notes: list[str]) -> list[int]:
    """OCR the pages without a text layer in place; the numbers of the pages read. Without OCR they are reported:
    noted when other pages have text, a LoadError when none has."""
    missing = [p for p in pages if blank(p)]
    if not missing:
        return []
    if not available():
        message = f"{len(missing)} page{'s' if len(missing) > 1 else ''} ha{'ve' if len(missing) > 1 else 's'} " \
                  f"no text layer; {INSTALL}"
        if len(missing) == len(pages):
            raise LoadError(message)
        notes.append(message)
        return []
    hint = lang or _language_of(" ".join(p.text for p in pages if not blank(p)))
    if len(missing) > MAX_PAGES:
        notes.append(f"{len(missing) - MAX_PAGES} scanned pages after the first {MAX_PAGES} not read by OCR")
    read = []
    for page in missing[:MAX_PAGES]:
        try:
            text = read_page(data, page.number, hint, notes)
        except Exception as exc:  # noqa: BLE001 (one unreadable page must not lose the others)
            notes.append(f"page {page.number}: OCR failed ({type(exc).__name__}: {str(exc)[:80]})")
            continue
        if len(text.strip()) > len(page.text.strip()):
            page.text = text
            read.append(page.number)
    return read


def _language_of(text: str) -> str:
    """The language of enough text, or ''."""
    return detect(text[:5000], default="") if len(text) >= MIN_DETECT_CHARS else ""


def read_page(data: bytes, number: int, lang: str, notes: list[str]) -> str:
    """One page's text by OCR in `lang`; an unknown language is detected from a first English reading."""
    image = render(data, number)
    text = ocr(image, lang or "en", notes)
    if not lang:
        found = _language_of(text)
        if found and found != "en" and found in TESSERACT:
            text = ocr(image, found, notes)
    return text


def render(data: bytes, number: int):
    """A PDF page as a PIL image at DPI."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[number - 1]
        try:
            return page.render(scale=DPI / 72).to_pil()
        finally:
            page.close()
    finally:
        pdf.close()


def ocr(image, lang: str, notes: list[str]) -> str:
    """Tesseract's reading of an image in a language (English when that pack is not installed, noted once)."""
    import pytesseract

    code = TESSERACT.get(lang, "eng")
    if code not in languages():
        note = f"no Tesseract language pack for {lang!r} (apt-get install tesseract-ocr-{code}); read as English"
        if note not in notes:
            notes.append(note)
        code = "eng"
    return pytesseract.image_to_string(image, lang=code)
