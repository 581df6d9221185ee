"""One corpus, one index: which index serves a folder, which folders an index was built from, and the check every
reading command makes first (a missing or empty index is said, with the command that builds it, never created).

The default corpus (corpus/) keeps the index folder itself (index/); another folder served by the app gets an index
of its own under it, named after the folder (index/<name>), so that two corpora never share one catalog.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import IndexMissing
from .writer import live_writer

log = logging.getLogger(__name__)
FOLDERS = "folders"  # catalog meta key: the folders ingested into this index (a JSON list of absolute paths)
SERVED = "served"  # catalog meta key: the folders an app has served from this index (the others were added by hand)
DEFAULT_INDEX = Path("index")
DEFAULT_CORPUS = Path("corpus")  # the folder `make run` serves
# Names an index folder already uses for its own files: a corpus folder of that name gets a digest appended.
RESERVED = {"chroma", "bm25", "uploads", "catalog.sqlite"}


def explicit_index(given: str | Path | None, environ: Mapping[str, str]) -> bool:
    """Whether the index folder was chosen (--index, or ASSISTANT_INDEX) rather than left to its default."""
    return bool(given) or bool((environ.get("ASSISTANT_INDEX") or "").strip())


def same_folder(a: Path, b: Path) -> bool:
    """Whether two paths name one folder."""
    return a.expanduser().resolve() == b.expanduser().resolve()


def index_for(corpus: Path, index: Path = DEFAULT_INDEX, default_corpus: Path | None = None) -> Path:
    """The index of a served folder: `index` itself for the default corpus; else index/<folder name>, with a short
    digest of the folder's path when that name is one of the index's own files or another folder's index."""
    if default_corpus is not None and same_folder(corpus, default_corpus):
        return index
    folder = corpus.expanduser().resolve()
    name = re.sub(r"[^\w.-]", "_", folder.name).strip(".") or "corpus"
    candidate = index / name
    recorded = recorded_folders(candidate)
    if name in RESERVED or (recorded and str(folder) not in recorded):
        candidate = index / f"{name}-{hashlib.sha256(str(folder).encode()).hexdigest()[:8]}"
    return candidate


def recorded_folders(index_dir: Path) -> list[str]:
    """The folders an index records it was built from, read without creating or changing anything ([] when there
    is no index, or it records none)."""
    path = index_dir / "catalog.sqlite"
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (FOLDERS,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:  # an older or unreadable catalog records nothing: the caller decides without it
        log.debug("no folders read from %s: %s", path, exc)
        return []
    return list(json.loads(row[0])) if row else []


def record_folders(catalog, paths: Iterable[Path], key: str = FOLDERS) -> None:
    """Add the folders among `paths` to those the catalog records it was built from (`key` SERVED: that an app
    served)."""
    folders = {str(Path(p).resolve()) for p in paths if Path(p).is_dir()}
    known = set(json.loads(catalog.get_meta(key) or "[]"))
    if folders - known:
        catalog.set_meta(key, json.dumps(sorted(known | folders), ensure_ascii=False))


def served_folders(catalog) -> list[str]:
    """The folders an app has served from this index."""
    return list(json.loads(catalog.get_meta(SERVED) or "[]"))


def foreign(docs: Iterable, served: Iterable[Path], among: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The file documents that come from none of the served folders, by the folder they come from (web pages,
    whose root is a site name, belong to the index whatever it serves); `among`: only those of these folders."""
    folders = [p.expanduser().resolve() for p in served]
    wanted = None if among is None else [Path(f) for f in among]
    out: dict[str, list[str]] = {}
    for d in docs:
        root = Path(d.root) if d.root else None
        if root is None or not root.is_absolute():
            continue
        if not _within(root, folders) and (wanted is None or _within(root, wanted)):
            out.setdefault(d.root, []).append(d.doc)
    return out


def _within(root: Path, folders: list[Path]) -> bool:
    """Whether a document's folder is one of these folders or inside one."""
    return any(root == f or root.is_relative_to(f) for f in folders)


def as_typed(path: str | Path) -> str:
    """A path as a command run from the current folder names it: relative when inside that folder, else absolute."""
    full = Path(path).expanduser().resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def build_command(index_dir: Path, folders: Iterable[str] = ()) -> str:
    """The command that fills this index, run from the current folder: the folder it was built from (else corpus/
    for the default index when there is one here, else FOLDER), and the index unless it is the default one."""
    where = next(iter(folders), None)
    if where is None and same_folder(index_dir, DEFAULT_INDEX) and DEFAULT_CORPUS.is_dir():
        where = str(DEFAULT_CORPUS)
    folder = f"{as_typed(where)}/" if where else "FOLDER"
    target = "" if same_folder(index_dir, DEFAULT_INDEX) else f" --index {as_typed(index_dir)}"
    return f"assistant ingest {folder}{target}"


def require_index(index_dir: Path) -> None:
    """IndexMissing unless a catalog exists in this folder (checked before anything would create one)."""
    if not (index_dir / "catalog.sqlite").is_file():
        raise IndexMissing(f"no index in {index_dir.as_posix()}/: nothing has been indexed there yet. Build it with "
                           f"`{build_command(index_dir)}` (or point --index / ASSISTANT_INDEX at an existing one)")


def has_documents(catalog) -> bool:
    """Whether the catalog holds at least one committed document (one row read)."""
    with catalog.connect() as conn:
        return conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None


def require_documents(catalog, index_dir: Path) -> None:
    """IndexMissing when the index holds no document, naming the command that adds them."""
    if not has_documents(catalog):
        where = f"the index in {index_dir.as_posix()}/ holds no documents yet"
        if pid := live_writer(index_dir):
            raise IndexMissing(f"{where}: an ingest (pid {pid}) is adding them now. Try again in a moment")
        command = build_command(index_dir, json.loads(catalog.get_meta(FOLDERS) or "[]"))
        raise IndexMissing(f"{where}. Add them with `{command}`")
