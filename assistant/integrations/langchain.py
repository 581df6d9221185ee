"""A LangChain retriever over the hybrid search: `pip install cluster-assistant[langchain]` (langchain-core only).

    from assistant.integrations.langchain import HybridRetriever
    docs = HybridRetriever(k=5, lang="sv").invoke("Vilka kluster stöder Hamburg?")
    staff = HybridRetriever(user="ana")  # the documents of a local user's access groups

It serves the public unless told whom: without `user` (or `reader`) it searches the groups of
ASSISTANT_PUBLIC_GROUPS only, as an anonymous reader of the app would.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from ..api import Assistant, Filters, Hit


class HybridRetriever(BaseRetriever):
    """The passages `assistant search` returns, as LangChain Documents with their citation metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any = Field(default=None, description="an assistant.api.Assistant (default: one over ASSISTANT_*)")
    k: int = Field(default=10, ge=1, le=100)
    mode: str | None = Field(default=None, description="bm25, dense, latent, hybrid or rerank (default: hybrid)")
    lang: str = ""
    doc: str = ""
    source: str = ""
    topic: str = ""
    doctype: str = ""
    year: int = 0
    per_doc: bool = False
    user: str = Field(default="", description="read as this local user (their access groups); '' anonymous")
    reader: Any = Field(default=None, description="an assistant.api.Reader (overrides `user`)")

    def model_post_init(self, context: Any) -> None:
        """Open the index from the environment's settings when no Assistant was given; whom it reads for."""
        if self.assistant is None:
            self.assistant = Assistant()
        if self.reader is None:
            self.reader = self.assistant.reader_named(self.user) if self.user else self.assistant.anonymous()

    @property
    def filters(self) -> Filters:
        """The metadata filters, as `assistant search --lang/--doc/--source/--topic` sets them."""
        return Filters.of(lang=self.lang, doc=self.doc, source=self.source, topic=self.topic, doctype=self.doctype,
                          year=self.year)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.assistant.find(query, k=self.k, mode=self.mode, filters=self.filters, per_doc=self.per_doc,
                                   reader=self.reader)
        return [document(hit) for hit in hits]


def document(hit: Hit) -> Document:
    """A hit as a Document: its passage text, and doc, title, page, source, lang, chunk_id, score and ocr (read from
    a scanned page) as metadata."""
    meta = hit.as_json()
    text = meta.pop("text")
    return Document(page_content=text, id=hit.chunk_id, metadata=meta)
