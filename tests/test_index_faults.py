"""A full disk and a read-only index folder: a clear error naming the folder, and an index still usable after."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.errors import IndexUnavailable
from tests.conftest import DOCS, ROOT


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip()}): needs root with CAP_SYS_ADMIN")


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of the given size mounted on folder: a disk that really fills up (ENOSPC)."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """The folder seen through a read-only bind mount (as root) or with write permission removed (otherwise)."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield folder
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    view = folder.parent / f"{folder.name}-ro"
    view.mkdir()
    _mount("--bind", str(folder), str(view))
    try:
        _mount("-o", "remount,bind,ro", str(view))
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _filler(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = " ".join(f"Regional cluster {i} report {j}: partners, budget {i * j} euros, smart specialisation."
                        for j in range(60))
        (folder / f"report{i:03}.txt").write_text(text, encoding="utf-8")
    return folder


def _small_set(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for rel in ("fr/poles-hauts-de-france.txt", "sv/inno-industry.txt"):
        (folder / Path(rel).name).write_text(DOCS[rel], encoding="utf-8")
    return folder


def test_full_disk_stops_with_a_clear_error_and_the_index_stays_usable(tmp_path, fake_embedder):
    first, filler = _small_set(tmp_path / "first"), _filler(tmp_path / "filler", 80)
    with small_disk(tmp_path / "disk", "1m") as disk:
        settings = Settings(index_dir=disk / "index", collection="full")
        assistant = Assistant(settings, embedder=fake_embedder)
        assert assistant.ingest([first]).summary() == "indexed 2, unchanged 0, removed 0, failed 0"
        with pytest.raises(IndexUnavailable, match=rf"the disk holding the index at {disk / 'index'} is full"):
            assistant.ingest([filler])
        # While the disk is full, reading may need to write too (SQLite's WAL index, Chroma's log): same clear error.
        try:
            assert assistant.search("pôles de compétitivité", k=3)[0].doc == "poles-hauts-de-france.txt"
        except IndexUnavailable as exc:
            assert "is full" in str(exc)
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        # The same Assistant (as in the running app) resumes once there is space again.
        report = assistant.ingest([first, filler])
        assert len(report.unchanged) >= 2 and not report.failed
        chunks = assistant.stats()["chunks"]
        assert assistant.stats()["documents"] == 82 and assistant.store.count() == chunks
    clean = Assistant(settings.with_(index_dir=tmp_path / "clean"), embedder=fake_embedder)
    clean.ingest([first, filler])
    assert clean.stats()["chunks"] == chunks


@pytest.mark.model  # `assistant ingest` loads the real model
def test_read_only_index_is_refused_clearly_and_left_untouched(tmp_path):
    index = tmp_path / "index"
    first = _small_set(tmp_path / "first")
    assert _cli("ingest", str(first), "--index", str(index)).returncode == 0
    before = _fingerprint(index)
    later = tmp_path / "later"
    later.mkdir()
    (later / "hamburg.md").write_text("Hamburg fördert acht Cluster, darunter die Luftfahrt.", encoding="utf-8")
    with read_only(index) as view:
        for args in (("ingest", str(later)), ("search", "Inno Industry partner")):
            result = _cli(*args, "--index", str(view))
            assert result.returncode == 1, result.stdout
            assert f"the index folder {view} is read-only" in result.stderr
            assert "Traceback" not in result.stderr
    assert _fingerprint(index) == before
    assert "inno-industry.txt" in _cli("search", "Inno Industry partner", "--index", str(index)).stdout
    result = _cli("ingest", str(later), "--index", str(index))
    assert result.returncode == 0 and result.stdout.startswith("indexed 1")
