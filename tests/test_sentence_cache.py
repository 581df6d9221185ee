"""Answers that cost a search: a chunk version's sentence and window vectors are embedded on its first answer,
kept in the catalog and read from then on; a new version of the document drops them."""

from __future__ import annotations

from assistant.api import Assistant
from assistant.config import Settings

DOCS = {
    "orchards.txt": "Cider orchards of the Auge valley\n\nThe growers' association counts 64 orchards. Most of them "
                    "plant old apple varieties. The association opened a shared press in 2021, and the press "
                    "turns out 900 barrels of cider a year.",
    "glass.txt": "Glasbläser in Lauscha\n\nIn Lauscha arbeiten noch elf Glashütten. Sie stellen vor allem "
                 "Christbaumschmuck her und bilden jedes Jahr vier Lehrlinge aus.",
}
QUESTION = "How many barrels of cider does the shared press produce each year?"


class Counting:
    """The real model, counting the passages it embeds (dense vectors and latent terms)."""

    def __init__(self, e5) -> None:
        self.e5 = e5
        self.passages_embedded = 0

    def __getattr__(self, name):
        return getattr(self.e5, name)

    def passages(self, texts):
        self.passages_embedded += len(texts)
        return self.e5.passages(texts)

    def latent(self, texts, top_k):
        self.passages_embedded += len(texts)
        return self.e5.latent(texts, top_k)


def rows(assistant: Assistant) -> list[str]:
    with assistant.catalog.connect() as conn:
        return [cid for (cid,) in conn.execute("SELECT chunk_id FROM sentence_vectors ORDER BY chunk_id")]


def test_second_answer_embeds_nothing_but_the_question_and_matches_the_first(tmp_path, e5):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    counting = Counting(e5)
    assistant = Assistant(Settings(index_dir=tmp_path / "ix", collection="sentcache"), embedder=counting)
    assistant.ingest([docs])
    counting.passages_embedded = 0
    first = assistant.ask(QUESTION)
    assert counting.passages_embedded > 0 and rows(assistant)
    assert any("900 barrels" in c.quote for c in first.citations)
    counting.passages_embedded = 0
    second = assistant.ask(QUESTION)
    assert counting.passages_embedded == 0  # only the question was embedded (its latent terms are remembered)
    assert (second.text, second.confidence) == (first.text, first.confidence)

    uncached = assistant.answerer
    uncached.cache = None
    assert uncached.ask(QUESTION).text == first.text  # the cache changes the cost, never the answer

    old = set(rows(assistant))
    (docs / "orchards.txt").write_text(DOCS["orchards.txt"].replace("900", "950"), encoding="utf-8")
    assistant.ingest([docs])
    assert not old & set(rows(assistant)) - {c for c in old if c.startswith("glass.txt")}
    assert any("950 barrels" in c.quote for c in assistant.ask(QUESTION).citations)
