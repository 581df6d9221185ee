"""Write the cleaned text of each document (what the index holds, without the model) to a folder, for question writers.

    python evals/doctext.py ../shared/corpus/docs corpus --out /tmp/doctext
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from assistant.config import Settings
from assistant.ingest import prepare
from assistant.loaders import LoadError, find_sources, parse, read


def document_texts(folders: list[Path], settings: Settings | None = None) -> dict[str, str]:
    """doc id -> cleaned text (pages joined by a blank line), as ingest would index it."""
    settings = settings or Settings()
    texts = {}
    for source in find_sources(folders):
        try:
            data, digest = read(source, settings)
            prepared = prepare(parse(source, data, digest, settings), settings)
        except LoadError as exc:
            logging.warning("skipped %s: %s", source.doc_id, exc)
            continue
        texts[source.doc_id] = "\n\n".join(p.text for p in prepared.doc.pages)
    return texts


def main() -> None:
    """Dump every document's cleaned text as OUT/<doc id>.txt."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for doc, text in document_texts(args.folders).items():
        (args.out / (doc + ".txt")).write_text(text, encoding="utf-8")
    print(f"wrote {len(list(args.out.glob('*.txt')))} files to {args.out}")


if __name__ == "__main__":
    main()
