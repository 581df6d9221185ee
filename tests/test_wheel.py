"""The app inside the distribution: a wheel built from the checkout, installed (not editable) in a fresh virtualenv,
serves the page and answers through /api/ask from a folder that is not the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.model]  # `assistant serve` loads the real model


def checkout_files(dest: Path) -> None:
    """Copy the checkout's files (tracked or new, not ignored; as they are now) to `dest` (a build writes into its
    source folder)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)


def test_the_installed_wheel_serves_the_page_and_answers_outside_the_checkout(tmp_path):
    source, dist = tmp_path / "source", tmp_path / "dist"
    checkout_files(source)
    # No isolation: the build backend (hatchling, a test extra) is the one installed; no package index is needed.
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(source)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("cluster_assistant-*.whl"))
    env_dir = tmp_path / "venv"
    # The dependencies (torch, Chroma, Gradio, the model) come from this interpreter's site-packages; the project
    # itself only from the wheel.
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    corpus = elsewhere / "docs"
    corpus.mkdir(parents=True)
    (corpus / "aerospace.txt").write_text("Le pôle Aerospace Valley réunit 850 membres en Occitanie et en "
                                          "Nouvelle-Aquitaine.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k != "PYTHONPATH"}
    env["ASSISTANT_INDEX"] = str(elsewhere / "index")
    where = subprocess.run([str(python), "-c", "import assistant.ui.server, assistant; print(assistant.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(env_dir)), where  # the installed copy, not the checkout
    port = free_port()
    log = elsewhere / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(env_dir / "bin" / "assistant"), "serve", "--corpus", "docs", "--port", str(port)],
                                cwd=elsewhere, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/api/health", proc, 240, "assistant serve", log)
        assert "cluster-assistant" in httpx.get(url + "/", timeout=30).text
        for _ in range(240):  # the corpus is indexed in the background
            if httpx.get(url + "/api/health", timeout=30).json()["documents"] == 1:
                break
            time.sleep(0.5)
        reply = httpx.post(url + "/api/ask", json={"question": "Combien de membres réunit Aerospace Valley ?"},
                           timeout=120).json()
        assert not reply["abstained"] and "850" in reply["answer"], reply
        assert reply["citations"][0]["doc"] == "aerospace.txt"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
