"""The command line's manners: no third-party noise before its own `failed:` line, a closed pipe ends quietly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.model  # `assistant ingest` loads the real model
def test_a_corrupt_pdf_gets_one_clear_line(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(bad), "--index", str(tmp_path / "ix")],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("failed: ") for line in lines), result.stderr


@pytest.mark.model  # `assistant search` loads the real model
def test_a_closed_pipe_ends_quietly(tmp_path):
    # The reader goes away before the command writes: its first print meets a closed pipe (like `| head`).
    for args in (["--help"], ["search", "cluster", "--mode", "bm25", "--index", str(tmp_path / "ix")]):
        proc = subprocess.Popen([sys.executable, "-m", "assistant", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ROOT)
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=300)
        assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
