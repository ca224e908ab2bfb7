# burt-archive: two commands do everything on a fresh Debian 12 machine.
#   make demo  - set up, ingest samples/ into ./burt-data and serve the UI on http://127.0.0.1:5000
#   make test  - set up, then run the whole test suite
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

.PHONY: install system-packages test-packages demo test test-fast bench bench-setup bench-ocr bench-classify bench-search bench-real clean

install: system-packages $(STAMP)

system-packages:
	@scripts/apt-ensure.sh $(RUNTIME_PKGS)

test-packages:
	@scripts/apt-ensure.sh $(TEST_PKGS)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: install
	BURT_HOME=$(BURT_HOME) $(BIN)/burt demo

test: install test-packages
	OMP_THREAD_LIMIT=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	OMP_THREAD_LIMIT=1 $(BIN)/python -m pytest -m "not slow and not e2e" $(PYTEST_ARGS)

bench-setup: install
	@scripts/apt-ensure.sh $(BENCH_PKGS)
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,bench]'

bench-ocr: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/ocr_quality.py

bench-classify: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/classify.py

# Real captures in ../shared/real/ (skipped when absent): pipeline vs raw Tesseract vs OCRmyPDF.
bench-real: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/real_ocr.py

bench-search: bench-setup
	$(BIN)/python bench/search.py

# All three, one after the other (about an hour on 2 cores); figures go to bench/out/ and bench/README.md.
bench: bench-ocr bench-classify bench-search

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
