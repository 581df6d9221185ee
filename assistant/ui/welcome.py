"""What the chat says first, and what the app says of an empty index: the welcome with the topics it names and asks
about, and the command that builds the index, named exactly for the admin and the log and by folder names only for
anyone else (the page names no server path)."""

from __future__ import annotations

import logging
from pathlib import Path

from ..api import OPERATOR, build_command
from ..errors import IndexMissing
from . import render
from .texts import ui_text

log = logging.getLogger("app")
MAX_TOPIC_WORDS = 8  # a title longer than this is a sentence, not a topic to ask about
_LOGGED: set[str] = set()  # the commands the log has named already (once each)


def welcome(app, lang: str) -> tuple[str, list[str]]:
    """What the index holds for the reader, in the UI language, and example questions drawn from the topics of the
    documents they may see; an empty index said as still filling while indexing runs, else with what the admin can
    do."""
    docs = app.assistant.documents(reader=app.current())
    if not docs:
        if app.indexing.running or app.assistant.documents(reader=OPERATOR):  # filling, or none open to this reader
            return ui_text(lang, "welcome_empty"), []
        return ui_text(lang, "welcome_none").format(command=ingest_command(app, app.admin_page())), []
    langs = sorted({d.lang for d in docs if d.lang})
    top = featured(docs)
    text = ui_text(lang, "welcome" if top else "welcome_plain").format(
        docs=len(docs), langs=render.markdown_text(", ".join(langs)),
        topics=", ".join(f"*{render.markdown_text(t)}*" for t in top))
    return text, [ui_text(lang, "example").format(topic=t) for t in top]


def empty_index(app, lang: str, admin: bool) -> IndexMissing:
    """What a question to an empty index gets: wait while indexing runs, else the command that builds it."""
    if app.indexing.running:
        return IndexMissing(ui_text(lang, "empty_indexing"))
    return IndexMissing(ui_text(lang, "empty_index").format(command=ingest_command(app, admin)))


def ingest_command(app, exact: bool) -> str:
    """The command that builds the served index: run from the app's folder, exactly (for the admin; the log says it
    once), or with folders outside that folder named by their last part (for anyone else)."""
    index = app.assistant.settings.index_dir
    command = build_command(index, [str(app.corpus)])
    if command not in _LOGGED:
        _LOGGED.add(command)
        log.warning("the index %s holds no documents: build it with `%s` (or upload files on the Documents tab)",
                    index, command)
    return command if exact else f"assistant ingest {public_path(app.corpus)}/{index_option(index)}"


def public_path(path: Path) -> str:
    """A path as the page names it: as it is under the current folder, another only by its last part after '…/'."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return f"…/{path.name}"


def index_option(index: Path) -> str:
    """The --index option naming this index to a reader: none for ./index, else the index as public_path names it."""
    shown = public_path(index)
    return "" if shown == "index" else f" --index {shown}"


def featured(docs: list, count: int = 3) -> list[str]:
    """What the welcome names and asks about: the documents' own topics, the most shared first and then one
    document's after another's (not three of one document), then the titles (two to eight words) of documents
    without a topic whose title was given, not read from their first line or file name (`title_read`)."""
    topics = [[t.strip() for t in (d.topic or "").split(";") if t.strip()] for d in docs]
    shared: dict[str, int] = {}  # documents per topic, whatever its case
    for names in topics:
        for key in {n.casefold() for n in names}:
            shared[key] = shared.get(key, 0) + 1
    order = sorted((-shared[n.casefold()], rank, i, n) for i, names in enumerate(topics) for rank, n in enumerate(names))
    chosen: list[str] = []
    for *_, name in order:
        if name.casefold() not in {c.casefold() for c in chosen}:
            chosen.append(name)
    # A text file's first line is more often a section heading ("Expected outcomes", "Allgemeines") or a line of
    # metadata ("- Categories: …") than what it is about, and a long title a first sentence read as the title.
    chosen += [d.title.strip() for d, names in zip(docs, topics, strict=True)
               if not names and titled(d) and not getattr(d, "title_read", False)]
    return chosen[:count]


def titled(doc) -> bool:
    """Whether a document has no topic and a title of two to eight words (at most 60 characters) to offer instead."""
    title = doc.title or ""
    return not (doc.topic or "").strip() and 1 < len(title.split()) <= MAX_TOPIC_WORDS and len(title) <= 60
