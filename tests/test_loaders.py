"""Loading: each format, manifests, and every kind of bad input fails with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.errors import LoadError
from assistant.loaders import Source, find_sources, parse, read
from tests.conftest import PDF_PAGES, make_pdf


def load(path: Path, settings, meta=None):
    source = Source(path, path.name, str(path.parent), meta or {})
    data, digest = read(source, settings)
    return parse(source, data, digest, settings)


def test_find_sources_gives_relative_doc_ids_and_manifest_metadata(corpus_dir):
    sources = {s.doc_id: s for s in find_sources([corpus_dir])}
    assert set(sources) == {"fr/poles-hauts-de-france.txt", "sv/inno-industry.txt", "en/observatory.md",
                            "de/hamburg.html", "en/lapland.pdf"}
    assert sources["sv/inno-industry.txt"].meta["lang"] == "sv"


def test_a_file_given_directly_is_named_by_its_file_name(corpus_dir):
    [source] = find_sources([corpus_dir / "fr" / "poles-hauts-de-france.txt"])
    assert source.doc_id == "poles-hauts-de-france.txt"


def test_hidden_files_and_readmes_are_not_documents(corpus_dir):
    (corpus_dir / ".secret.txt").write_text("hidden")
    (corpus_dir / "README.md").write_text("about this folder")
    (corpus_dir / "image.png").write_bytes(b"\x89PNG")
    ids = {s.doc_id for s in find_sources([corpus_dir])}
    assert ".secret.txt" not in ids and "README.md" not in ids and "image.png" not in ids


def test_pdf_pages_are_numbered_from_one(tmp_path, settings):
    doc = load(make_pdf(tmp_path / "a.pdf", PDF_PAGES), settings)
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Arctic Smartness" in doc.pages[0].text and "digital innovation hub" in doc.pages[1].text


@pytest.mark.parametrize(("metadata", "kept"), [("Capful copyright", False), ("template_A4_final.indd", False),
                                                ("Smart Specialisation in Lapland", True)])
def test_a_pdf_metadata_title_is_kept_only_when_its_first_page_says_it(tmp_path, settings, metadata, kept):
    from pypdf import PdfReader, PdfWriter

    path = make_pdf(tmp_path / "a.pdf", PDF_PAGES)
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/Title": metadata})
    writer.write(path)
    assert load(path, settings).title == (metadata if kept else "")  # "": the ingest takes the first line


def test_html_main_text_without_scripts(corpus_dir, settings):
    doc = load(corpus_dir / "de" / "hamburg.html", settings)
    text = doc.pages[0].text
    assert "acht Cluster" in text and "alert(" not in text
    assert doc.title == "Clusterpolitik in Hamburg"


def test_markdown_links_become_text(corpus_dir, settings):
    doc = load(corpus_dir / "en" / "observatory.md", settings)
    assert "advisory support between" in doc.pages[0].text and "](" not in doc.pages[0].text
    assert doc.title == "European Cluster Observatory"


def test_windows_1252_text_is_read(tmp_path, settings):
    path = tmp_path / "latin.txt"
    path.write_bytes("Les pôles de compétitivité réunissent des PME.".encode("cp1252"))
    doc = load(path, settings)
    assert "pôles de compétitivité" in doc.pages[0].text
    assert doc.notes == ["decoded as Windows-1252 (not UTF-8)"]


def test_the_hash_changes_with_content_and_manifest(tmp_path, settings):
    path = tmp_path / "a.txt"
    path.write_text("one")
    first = load(path, settings).content_hash
    assert load(path, settings, {"title": "T"}).content_hash != first
    path.write_text("two")
    assert load(path, settings).content_hash != first


BAD = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (os.urandom(2000) + b"\x00" * 10, "binary"),
    "undecodable.txt": (bytes(range(0x80, 0x100)) * 8, "undecodable"),
    "corrupt.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage garbage", "corrupt PDF"),
    "notapdf.pdf": (os.urandom(3000), "PDF"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_fails_with_a_reason(tmp_path, settings, name):
    data, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load(path, settings)


def test_too_large_file(tmp_path, settings):
    path = tmp_path / "big.txt"
    path.write_text("x" * 3000)
    with pytest.raises(LoadError, match="too large"):
        load(path, settings.with_(max_file_mb=0.001))


def test_encrypted_pdf(tmp_path, settings):
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", ["secret page"])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="pw", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(LoadError, match="encrypted"):
        load(path, settings)


def test_pdf_over_the_page_limit(tmp_path, settings):
    path = make_pdf(tmp_path / "long.pdf", ["page"] * 5)
    with pytest.raises(LoadError, match="too many pages"):
        load(path, settings.with_(max_pdf_pages=3))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path, settings):
    path = tmp_path / "locked.txt"
    path.write_text("text")
    path.chmod(0)
    with pytest.raises(LoadError, match="cannot read"):
        load(path, settings)


def test_a_path_that_cannot_be_read_as_a_file(tmp_path, settings):
    folder = tmp_path / "looks-like.txt"  # readable by nobody as a file, root included
    folder.mkdir()
    with pytest.raises(LoadError, match="cannot read"):
        load(folder, settings)


def test_a_two_column_page_drawn_line_by_line_is_read_column_by_column(tmp_path, settings):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    left = [f"Left column sentence {i} about the Baltic wood cluster." for i in range(1, 13)]
    right = [f"Right column sentence {i} about the Alpine food hub." for i in range(1, 13)]
    path = tmp_path / "brochure.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for i, (a, b) in enumerate(zip(left, right, strict=True)):  # drawn across the page, line by line
        pdf.drawString(40, 780 - 16 * i, a)
        pdf.drawString(320, 780 - 16 * i, b)
    pdf.showPage()
    pdf.save()
    text = load(path, settings).pages[0].text
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines == left + right


def test_a_one_column_page_keeps_its_reading_order(tmp_path, settings):
    path = make_pdf(tmp_path / "plain.pdf", ["First line of the page.\nSecond line of the page.\nThird line."])
    text = load(path, settings).pages[0].text
    assert text.splitlines() == ["First line of the page.", "Second line of the page.", "Third line."]
