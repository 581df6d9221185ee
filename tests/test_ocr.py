"""Scanned PDFs: pages without a text layer read by real Tesseract (French, Swedish), found by an English question;
without OCR installed such pages are reported, never silently skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant import ocr
from assistant.api import Assistant
from tests.conftest import ROOT

needs_tesseract = pytest.mark.skipif(
    not ocr.available(), reason="OCR not installed here: pip install '.[ocr]' and apt-get install tesseract-ocr "
                                "tesseract-ocr-fra tesseract-ocr-swe (make prereq installs them as root)")

FRENCH = ("Le pôle de compétitivité Aerospace Valley réunit plus de huit cents membres entre Toulouse et Bordeaux. "
          "Il accompagne les entreprises dans leurs projets de recherche collaborative sur les drones, les "
          "satellites et la navigation.")
SWEDISH = ("Västra Götalandsregionen finansierar tolv klusterinitiativ inom fordonsindustri, life science och "
           "maritima näringar. Programmet har en årlig budget på fyrtio miljoner kronor.")


def page_image(text: str):
    """A page of text as a grey-scale image (A4 at 150 dpi), drawn with reportlab's own Vera font."""
    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 26)
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(textwrap.wrap(text, 70)):
        draw.text((90, 120 + 40 * n), line, font=font, fill=0)
    return image


def scanned_pdf(path: Path, pages: list[str | None], scans: list[str]) -> Path:
    """A PDF (reportlab) whose pages are text (a str in `pages`) or, for None, the next of `scans` as an image only."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    images = iter(scans)
    for text in pages:
        if text is None:
            pdf.drawImage(ImageReader(page_image(next(images))), 0, 0, *A4)
        else:
            pdf.drawString(50, 800, text)
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def scans(tmp_path: Path) -> Path:
    """A folder with an image-only French PDF (language detected) and a Swedish one (language from the manifest)."""
    folder = tmp_path / "scans"
    folder.mkdir()
    scanned_pdf(folder / "aerospace-valley.pdf", [None], [FRENCH])
    scanned_pdf(folder / "vgr-kluster.pdf", [None], [SWEDISH])
    (folder / "manifest.jsonl").write_text(json.dumps({"file": "vgr-kluster.pdf", "lang": "sv"}), encoding="utf-8")
    return folder


@needs_tesseract
def test_scanned_pages_are_read_and_found_by_a_cross_lingual_question(scans, settings, e5):
    from assistant.ui.render import citation_cards

    assistant = Assistant(settings, embedder=e5)
    report = assistant.ingest([scans])
    assert report.summary() == "indexed 2, unchanged 0, removed 0, failed 0", report.failed
    docs = {d.doc: d for d in assistant.documents()}
    assert (docs["aerospace-valley.pdf"].lang, docs["vgr-kluster.pdf"].lang) == ("fr", "sv")
    text = assistant.catalog.document_texts()
    assert "compétitivité" in text["aerospace-valley.pdf"] and "Götalandsregionen" in text["vgr-kluster.pdf"]
    hit = assistant.search("annual budget of the cluster programme in Västra Götaland", k=1, mode="dense")[0]
    assert hit.doc == "vgr-kluster.pdf" and hit.meta["ocr"] == 1
    answer = assistant.ask("How many members does Aerospace Valley have?")
    assert not answer.abstained and answer.citations[0].doc == "aerospace-valley.pdf"
    ocr_chunks = {c.chunk_id for c in answer.citations}
    assert ">OCR</span>" in citation_cards(answer, "en", ocr_chunks)
    assert ">OCR</span>" not in citation_cards(answer, "en")


@needs_tesseract
def test_a_text_page_is_kept_and_only_the_scanned_one_is_read(tmp_path, settings, fake_embedder):
    folder = tmp_path / "mixed"
    folder.mkdir()
    scanned_pdf(folder / "mixed.pdf", ["Annual report of the cluster network, with its first page in text.", None],
                [SWEDISH])
    assistant = Assistant(settings, embedder=fake_embedder)
    assert assistant.ingest([folder]).failed == []
    with assistant.catalog.connect() as conn:
        metas = [json.loads(meta) for (meta,) in conn.execute("SELECT meta FROM chunks WHERE doc = 'mixed.pdf'")]
    pages = {meta["page"]: meta.get("ocr", 0) for meta in metas}
    assert pages == {1: 0, 2: 1}


@pytest.mark.model  # `assistant ingest` loads the real model
def test_without_ocr_scanned_pages_are_reported(scans, tmp_path):
    scanned_pdf(scans / "mixed.pdf", ["The first page of this report has a text layer; the other three do not.",
                                      None, None, None], [FRENCH, SWEDISH, FRENCH])
    no_tesseract = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # as on a machine without tesseract-ocr
    result = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(scans), "--index", str(tmp_path / "ix")],
                            cwd=ROOT, env=no_tesseract, capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert "failed: " + str(scans / "aerospace-valley.pdf") + ": 1 page has no text layer; install the OCR extra" \
        in result.stderr
    assert "mixed.pdf: 3 pages have no text layer; install the OCR extra" in result.stderr
    assert "indexed 1, unchanged 0, removed 0, failed 2" in result.stdout

