# The two commands of the README: `make run` (install, ingest corpus/ if needed, serve) and `make test`.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install install-test prereq run test audit eval-gate

install:
	$(PIP) install -q -e .

install-test:
	$(PIP) install -q -e ".[test]"

run: install
	$(PYTHON) app.py

prereq:
	@bash scripts/prereq.sh

test: prereq install-test
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pytest -q

audit: install-test
	$(PYTHON) scripts/audit.py

eval-gate:
	bash evals/gate.sh
