"""Plain records passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC = "public"  # the access group of a document given none (assistant.access)


@dataclass
class Page:
    """The text of one page (1-based number; plain-text files are a single page 1)."""

    number: int
    text: str


@dataclass
class Document:
    """A loaded file: its id, pages and metadata (from the file and the folder's manifest.jsonl)."""

    doc_id: str
    path: str
    pages: list[Page]
    content_hash: str
    doctype: str
    title: str = ""
    lang: str = ""
    source: str = ""
    published: str = ""
    topic: str = ""
    root: str = ""
    groups: tuple[str, ...] = (PUBLIC,)  # the access groups that may see it (assistant.access)
    title_read: bool = False  # the title is the text's first line or the file name: the document gave none
    notes: list[str] = field(default_factory=list)  # what loading had to work around (skipped pages, encoding)
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text was read by OCR (no text layer)

    @property
    def year(self) -> int:
        """The year of publication, or 0 when unknown."""
        head = (self.published or "")[:4]
        return int(head) if head.isdigit() else 0


@dataclass
class Chunk:
    """A passage of a document: text, page, character offsets within the page, language."""

    chunk_id: str
    doc_id: str
    index: int
    text: str
    page: int
    start: int
    end: int
    lang: str = ""

    def metadata(self, doc: Document) -> dict[str, str | int]:
        """The flat metadata stored beside the chunk (Chroma accepts only scalars); "ocr": 1 marks OCR'd text."""
        meta: dict[str, str | int] = {
            "doc": doc.doc_id,
            "doc_hash": doc.content_hash,
            "title": doc.title,
            "doc_lang": doc.lang,
            "lang": self.lang or doc.lang,
            "source": doc.source,
            "topic": doc.topic,
            "published": doc.published,
            "year": doc.year,
            "doctype": doc.doctype,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "index": self.index,
        }
        if self.page in doc.ocr_pages:
            meta["ocr"] = 1
        return meta


@dataclass
class Hit:
    """A retrieved chunk with its score and metadata."""

    chunk_id: str
    text: str
    score: float
    meta: dict = field(default_factory=dict)

    @property
    def doc(self) -> str:
        """The document id the chunk belongs to."""
        return str(self.meta.get("doc", ""))

    def as_json(self) -> dict:
        """The public JSON shape of a search result."""
        m = self.meta
        return {
            "doc": self.doc,
            "title": m.get("title", ""),
            "lang": m.get("lang", ""),
            "page": m.get("page", 1),
            "score": round(float(self.score), 6),
            "text": self.text,
            "source": m.get("source", ""),
            "chunk_id": self.chunk_id,
            "ocr": bool(m.get("ocr")),  # read from a scanned page by OCR
        }
