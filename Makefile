# The two commands of the README: `make run` (install, ingest corpus/ if needed, serve) and `make test` (the whole
# suite). `make test-fast` is the edit-test loop: ruff and the tests that load no real model and drive no browser
# (under 90 s on 2 cores; no install: run `make install-test` once).
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: pip install install-test prereq run test test-fast audit eval-gate

# pip 23.3 or later: an older one warned at every install that lxml has no `html_clean` extra (it did not normalise
# the extra's name that jusText, trafilatura's, asks for).
pip:
	$(PIP) install -q --upgrade "pip>=23.3"

install: pip
	$(PIP) install -q -c constraints.txt -e .

# llama.cpp is built portable (GGML_NATIVE=OFF): a native build used AMX tiles that crash in this sandbox's VMs.
install-test: pip
	CMAKE_ARGS="$${CMAKE_ARGS:--DGGML_NATIVE=OFF}" $(PIP) install -q -c constraints.txt -e ".[test]"

# `make run CORPUS=path/to/folder` serves another folder (indexed in the background while the app serves);
# `make run PORT=8080` another port (default 7860), `HOST=0.0.0.0` every interface.
run: install
	$(PYTHON) app.py $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(PORT),--port "$(PORT)") $(if $(HOST),--host "$(HOST)")

prereq:
	@bash scripts/prereq.sh

test: prereq install-test
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pytest -q

test-fast:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pytest -q -m "not model and not browser and not slow"

audit: install-test
	$(PYTHON) scripts/audit.py

eval-gate:
	bash evals/gate.sh
