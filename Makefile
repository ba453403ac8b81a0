# One task runner; CI calls `bash .ci/run`, which runs the same commands as `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint fmt bench validate screenshots

$(VENV)/bin/pathways: pyproject.toml
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

run: $(VENV)/bin/pathways          ## open the explorer on the embedded backend
	$(VENV)/bin/pathways app

test: $(VENV)/bin/pathways         ## every test, starting a real Neo4j 5.26 itself
	$(PY) -m pytest

validate: $(VENV)/bin/pathways     ## check the data files
	$(VENV)/bin/pathways validate

lint: $(VENV)/bin/pathways
	$(VENV)/bin/ruff check graph loaders queries cli tests

fmt: $(VENV)/bin/pathways
	$(VENV)/bin/ruff format graph loaders queries cli

bench: $(VENV)/bin/pathways        ## benchmarks; writes docs/benchmarks.md
	$(PY) -m bench

screenshots: $(VENV)/bin/pathways  ## every page at 1440x900 and 390x844 into docs/screenshots/ (needs chromium)
	$(PY) -m tests.screenshots
