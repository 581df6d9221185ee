"""The facade's part on kept conversations and permalinks (assistant.api.Assistant takes it in): a signed-in reader's
conversations, listed, resumed, renamed, deleted and exported; a permalink to one answer, each of its sources shown
to whoever opens it only if they may see that document now (the same group rule as search)."""

from __future__ import annotations

import re

from . import conversations, questions
from .access import Reader
from .answering import Answer
from .conversations import one_per_document
from .errors import SignInNeeded
from .export import exported

HIDDEN = "[a source you may not see]"  # a hidden source's notice when the caller gives none in the reader's language
CITED = re.compile(r"\[(\d+)\]")  # a citation's number in an answer
SOURCE_ROW = re.compile(r"^\[\d+\] ")  # a row of an answer's own list of sources


class History:
    """Conversations and permalinks; needs the Assistant's `catalog` and `forget_questions`."""

    def _owner(self, reader: Reader) -> str:
        """The key a reader's conversations are kept under; SignInNeeded for an anonymous reader (whose history
        lives in their browser only)."""
        if not reader.name:
            raise SignInNeeded("conversations are kept for signed-in readers only: sign in (/signin), or send a "
                               "personal token (`assistant users token NAME`) as 'Authorization: Bearer <token>'",
                               "r_signin_conversations")
        return questions.owner_key(self.catalog, reader.name) or ""

    def conversations(self, reader: Reader) -> list[dict]:
        """The reader's conversations, the latest changed first (id, title, created, updated, turns)."""
        return conversations.listed(self.catalog, self._owner(reader))

    def conversation(self, conversation: str, reader: Reader) -> dict:
        """One of the reader's conversations with its turns; NotFound when it is not theirs."""
        return conversations.read(self.catalog, conversation, self._owner(reader))

    def conversation_pairs(self, conversation: str, reader: Reader) -> list[tuple[str, str]]:
        """The (question, answer) pairs of one of the reader's conversations, for a follow-up's rewrite."""
        return [(t["question"], t["answer"]) for t in self.conversation(conversation, reader=reader)["turns"]]

    def keep_turn(self, conversation: str | None, answer: Answer, reader: Reader, typed: str = "") -> str:
        """Add an answer to one of the reader's conversations (None: start one); the conversation's id."""
        return conversations.append(self.catalog, conversation, self._owner(reader),
                                    conversations.snapshot(answer, typed))

    def rename_conversation(self, conversation: str, title: str, reader: Reader) -> str:
        """Rename one of the reader's conversations; the title kept (one line, at most MAX_TITLE characters)."""
        return conversations.rename(self.catalog, conversation, self._owner(reader), title)

    def delete_conversation(self, conversation: str, reader: Reader) -> None:
        """Delete one of the reader's conversations, with its permalinks."""
        conversations.delete(self.catalog, self._owner(reader), conversation)

    def delete_conversations(self, reader: Reader) -> int:
        """The reader's "delete all": every conversation and permalink, and their questions in the Questions report
        too; how many conversations went."""
        gone = conversations.delete(self.catalog, self._owner(reader))
        self.forget_questions(reader)
        return gone

    @staticmethod
    def export_conversation(conversation: dict, fmt: str) -> str:
        """A conversation (as `conversation` gives it) as Markdown or JSON (export.FORMATS)."""
        return exported(conversation, fmt)

    def share(self, conversation: str, n: int, reader: Reader) -> str:
        """A permalink's token to turn `n` of one of the reader's conversations, frozen as it was answered."""
        return conversations.share(self.catalog, conversation, self._owner(reader), n)

    def shared(self, token: str, reader: Reader, hidden: str = HIDDEN) -> dict:
        """A permalink's answer as this reader may see it now: a source whose document they may not see (or that
        is gone) is left out (its citations, its nearest-document entry), and every line of the answer that carries
        its [n], quotes it or names it gives way to `hidden` (the notice in their language); its row of the answer's
        sources goes. `hidden_sources` counts the documents the reader would have been shown: those cited, and those
        of the nearest the text names (an abstention lists them); a document quoted twice is one source. The question
        as it was understood (`standalone`) goes too when it names one. NotFound for an unknown token."""
        frozen = conversations.shared(self.catalog, token)
        cited = frozen.get("citations") or []
        nearest = one_per_document(frozen.get("nearest") or [])
        groups = self.catalog.groups_of(sorted({str(x.get("doc") or "") for x in [*cited, *nearest]}))
        unseen = [x for x in [*cited, *nearest] if not (x.get("doc") in groups and reader.sees(groups[x["doc"]]))]
        gone = {x.get("doc") for x in unseen}
        numbers = {int(c.get("n") or 0) for c in cited if c.get("doc") in gone}
        said = [s for x in unseen for s in (x.get("quote"), x.get("title"), x.get("doc"), x.get("source")) if s]
        text, notice = frozen.get("answer") or "", frozen.get("notice") or ""
        shown = _flat(f"{text}\n{notice}")
        counted = {c.get("doc") for c in cited if c.get("doc") in gone} | {
            n.get("doc") for n in nearest if n.get("doc") in gone and any(
                len(_flat(s)) >= 3 and _flat(s) in shown for s in (n.get("title"), n.get("doc")) if s)}
        if gone and frozen.get("generated"):  # a written answer may say a hidden source in its own words
            text = hidden
        standalone = frozen.get("standalone") or ""
        if concealed(standalone, numbers, said, hidden) != standalone:
            standalone = ""
        return {**frozen, "answer": concealed(text, numbers, said, hidden), "notice": concealed(notice, numbers, said,
                hidden), "citations": [c for c in cited if c.get("doc") not in gone], "hidden_sources": len(counted),
                "nearest": [n for n in nearest if n.get("doc") not in gone], "standalone": standalone}


def _flat(text: str) -> str:
    """Text with its whitespace runs made single spaces."""
    return " ".join(text.split())


def concealed(text: str, numbers: set[int], said: list[str], hidden: str) -> str:
    """An answer's text with what a reader may not see taken out: a row of its sources ("[n] Title — source") with a
    hidden number goes; any other line carrying a hidden [n], or holding a hidden source's quote, title, id or
    address (however its spaces run), becomes `hidden` (a list item stays one); consecutive such lines become one."""
    marks = [_flat(s) for s in said if len(_flat(s)) >= 3]  # a title of one or two letters would match every line
    out: list[str] = []
    for line in text.split("\n"):
        cites = {int(n) for n in CITED.findall(line)}
        if not (cites & numbers or any(m in _flat(line) for m in marks)):
            out.append(line)
        elif not SOURCE_ROW.match(line.strip()):
            line = ("- " if line.lstrip().startswith("- ") else "") + hidden
            if not out or out[-1] != line:
                out.append(line)
    return "\n".join(out)
