"""Chunking: sentence and paragraph boundaries, size bound, offsets, stable ids."""

from assistant.chunking import chunk_document, sentence_spans, split_page
from assistant.records import Document, Page

TEXT = "\n\n".join(
    " ".join(f"Paragraph {p} sentence {s} tells about clusters in region {p * s}." for s in range(8))
    for p in range(6)
)


def doc(text: str = TEXT) -> Document:
    return Document("a/b.txt", "/x/a/b.txt", [Page(1, text), Page(2, "Second page. Short.")], "f" * 64, "text")


def test_windows_respect_the_size_and_end_on_sentences():
    windows = split_page(TEXT, 400, 100)
    assert len(windows) > 3
    for start, end in windows:
        assert end - start <= 400
        assert TEXT[end - 1] == "."
        assert TEXT[start] == "P"


def test_overlap_repeats_the_last_sentence():
    windows = split_page(TEXT, 400, 100)
    assert any(windows[i + 1][0] < windows[i][1] for i in range(len(windows) - 1))


def test_a_sentence_longer_than_the_window_is_split_at_spaces():
    text = "word " * 500
    assert all(end - start <= 300 for start, end in split_page(text, 300, 50))


def test_chunks_carry_pages_offsets_and_stable_ids():
    first = chunk_document(doc(), 400, 100)
    again = chunk_document(doc(), 400, 100)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert first[0].chunk_id == "a/b.txt#ffffffffffff-0000"
    assert first[-1].page == 2
    for c in first:
        page = doc().pages[c.page - 1].text
        assert page[c.start:c.end] == c.text


def test_sentences_and_paragraphs():
    spans = list(sentence_spans("One. Two!\n\nThree? Four"))
    assert [s[2] for s in spans] == [True, False, True, False]
