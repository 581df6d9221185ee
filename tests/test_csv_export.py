"""The Good practices CSV (#30): UTF-8 with a BOM (Excel reads ö and é right), headers in the reader's language, a
"match" said in words instead of a raw fused score, and the filters in the file name."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from assistant.api import Assistant
from assistant.config import Settings
from assistant.ui.actions import App, matched


def test_the_csv_has_a_bom_a_readable_match_and_the_filters_in_its_name(tmp_path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kluster.txt").write_text("Klustret i Örebro ger en utbildning för klusterledare.",
                                        encoding="utf-8")
    (corpus / "ledare.txt").write_text("Klusterledare i Västerås får en utbildning om klusterledare.",
                                       encoding="utf-8")
    (corpus / "pole.txt").write_text("Le pôle forme les animateurs de clusters en région.", encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="test"), embedder=fake_embedder)
    assistant.ingest([corpus])
    app = App(assistant, corpus, tmp_path / "uploads", tmp_path / "reports")
    _, _, exported = app.search("klusterledare utbildning", "sv", "", "", "", "", "bm25", 1, "sv")
    path = Path(exported)
    assert path.name == f"good-practices_klusterledare-utbildning_lang-sv_{date.today().isoformat()}.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == ["Dokument", "Titel", "Språk", "Sida", "Träff mot sökningen", "Källa", "Avsnitt"]
    assert {r[0] for r in rows[1:]} == {"kluster.txt", "ledare.txt"}  # the filter: Swedish passages only
    assert rows[1][4] == "stark" and {r[4] for r in rows[1:]} <= {"stark", "god", "delvis"}
    assert any("Örebro" in r[6] for r in rows[1:])
    _, _, unfiltered = app.search("klusterledare utbildning", "", "", "", "", "", "bm25", 1, "en")
    assert Path(unfiltered).name == f"good-practices_klusterledare-utbildning_{date.today().isoformat()}.csv"
    assert next(csv.reader(Path(unfiltered).open(encoding="utf-8-sig")))[4] == "Match with the search"


def test_a_match_is_strong_good_or_partial_by_its_share_of_the_best_score():
    assert [matched(r, "fr") for r in (1.0, 0.9, 0.8, 0.7, 0.5)] == ["forte", "forte", "bonne", "bonne", "partielle"]
    assert matched(0.95, "de") == "stark"
