# One task runner; CI calls `bash .ci/run`, which runs the same commands as `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint typecheck fmt bench validate screenshots examples

$(VENV)/bin/pathways: pyproject.toml
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

run: $(VENV)/bin/pathways          ## open the explorer on the embedded backend
	$(VENV)/bin/pathways app

test: $(VENV)/bin/pathways         ## every test, starting a real Neo4j 5.26 itself
	$(PY) -m pytest

validate: $(VENV)/bin/pathways     ## check the data files
	$(VENV)/bin/pathways validate

PY_FOLDERS := graph loaders queries cli ui pages bench tests app.py

lint: $(VENV)/bin/pathways typecheck  ## the gates CI runs (.ci/run): ruff, ruff format, mypy
	$(VENV)/bin/ruff check $(PY_FOLDERS)
	$(VENV)/bin/ruff format --check $(PY_FOLDERS)

# mypy cannot follow setuptools' package-dir mapping (the repository root installs as un_pathways):
# .mypy_root/un_pathways links to the root, and pyproject's [tool.mypy] looks there.
typecheck: $(VENV)/bin/pathways    ## mypy on graph/, loaders/ and queries/
	mkdir -p .mypy_root && ln -sfn .. .mypy_root/un_pathways
	$(VENV)/bin/mypy

fmt: $(VENV)/bin/pathways
	$(VENV)/bin/ruff format $(PY_FOLDERS)

screenshots: $(VENV)/bin/pathways  ## every page at 1440x900 and 390x844, and the hostile-text view, into docs/screenshots/
	$(PY) -m tests.screenshots
	PATHWAYS_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -p no:cacheprovider -q -n0 \
		tests/test_browser_hostile.py

bench: $(VENV)/bin/pathways        ## benchmarks; writes docs/benchmarks.md
	$(PY) -m bench

examples: $(VENV)/bin/pathways    ## the example slide in docs/screenshots/, drawn by `pathways export`
	$(VENV)/bin/pathways export --format png --pathway field.unct.sri-lanka un.security-council \
		--as-of 2009 --scenario pre_hruf docs/screenshots/export-pathway-slide.png
