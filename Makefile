# burt-archive: two commands do everything on a fresh Debian 12 machine.
#   make demo  - set up, ingest samples/ into ./burt-data and serve the UI on http://127.0.0.1:5000
#   make test  - set up, run the static checks (make lint), then the whole test suite
# Both call `make install`, which is idempotent and quick when everything is present.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_PKGS := tesseract-ocr tesseract-ocr-ind tesseract-ocr-osd poppler-utils qpdf fonts-dejavu-core
TEST_PKGS := chromium fonts-liberation
BENCH_PKGS := unpaper
BURT_HOME ?= ./burt-data
PYTEST_ARGS ?=

.PHONY: install system-packages test-packages demo lint test test-fast bench bench-setup bench-ocr bench-classify bench-search clean

install: system-packages $(STAMP)

system-packages:
	@scripts/apt-ensure.sh $(RUNTIME_PKGS)

test-packages:
	@scripts/apt-ensure.sh $(TEST_PKGS)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@touch $(STAMP)

demo: install
	BURT_HOME=$(BURT_HOME) $(BIN)/burt demo

# Static checks: ruff (pyflakes, bugbear, isort), mypy (ingest/, archive/), import-linter (the
# contracts in pyproject.toml: layers, one module per library, web only through archive.service,
# no cycles in archive/), vulture (dead code; vulture_whitelist.py names what frameworks call).
# All four run (every problem shown at once); lint fails if any of them failed.
lint: install
	@status=0; \
	echo "== ruff"; $(BIN)/ruff check . || status=1; \
	echo "== mypy"; $(BIN)/mypy || status=1; \
	echo "== import-linter"; $(BIN)/lint-imports || status=1; \
	echo "== vulture"; $(BIN)/vulture || status=1; \
	exit $$status

test: install test-packages lint
	OMP_THREAD_LIMIT=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	OMP_THREAD_LIMIT=1 $(BIN)/python -m pytest -m "not slow and not e2e" $(PYTEST_ARGS)

bench-setup: install
	@scripts/apt-ensure.sh $(BENCH_PKGS)
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,lint,bench]'

bench-ocr: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/ocr_quality.py

bench-classify: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/classify.py

bench-search: bench-setup
	$(BIN)/python bench/search.py

# All three, one after the other (about an hour on 2 cores); figures go to bench/out/ and bench/README.md.
bench: bench-ocr bench-classify bench-search

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
