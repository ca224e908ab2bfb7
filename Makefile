# burt-archive: two commands do everything on a fresh Debian 12 machine.
#   make demo  - set up, ingest samples/ into ./burt-data and serve the UI on http://127.0.0.1:5000
#   make test  - set up, run the static checks (make lint), then the whole test suite (plain `pytest` runs only the fast tier)
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

.PHONY: install system-packages js-vendor witness-model test-packages pg redis demo lint test test-fast bench bench-setup bench-ocr bench-classify bench-search \
	bench-confusions bench-dewarp bench-orientation bench-real bench-load bench-faults bench-workers clean

install: system-packages $(STAMP) js-vendor witness-model

# chart.js (served by the UI) and axe-core (the accessibility test) from the npm registry.
js-vendor:
	@scripts/js-vendor.sh

# The second Tesseract model (tessdata_best's Indonesian LSTM, from the npm package above) unpacked into
# tessdata/best/: field re-reading's independent witness (ingest.fieldread).
witness-model: js-vendor system-packages
	@scripts/witness-model.sh

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

# A private PostgreSQL on 127.0.0.1:$(PG_PORT) (its own cluster under /tmp; never a system cluster) for
# the storage tests' PostgreSQL variant: scripts/pg-ensure.sh installs Debian's postgresql if missing
# and starts it; a no-op when it already runs.  Only `make test` needs it; `make demo` never does.
PG_PORT ?= 54329
pg:
	@BURT_PG_PORT=$(PG_PORT) scripts/pg-ensure.sh >/dev/null

# A private Redis on 127.0.0.1:$(REDIS_PORT) (its own directory under /tmp; never the system service)
# for `burt worker` by hand and the benchmarks: scripts/redis-ensure.sh installs Debian's redis-server
# if missing and starts it; a no-op when it already runs.  The scale suite (tests/scale/) starts
# Redis servers of its own from the same script, on ports of their own, so it can restart them.
# Only `make test` needs it; `make demo` and the embedded default never do.
REDIS_PORT ?= 56379
redis:
	@BURT_REDIS_PORT=$(REDIS_PORT) scripts/redis-ensure.sh >/dev/null

# -m "" lifts pyproject's fast-tier filter: every test runs (CI calls this target), the scale suite
# (3 `burt worker` processes on Redis and PostgreSQL) included.  The storage tests run on SQLite and
# on the PostgreSQL of `make pg`; BURT_REQUIRE_PG=1 makes a missing server a failure, not a skip.
test: install test-packages lint pg redis
	BURT_TEST_PG_URL=postgresql+psycopg://burt@127.0.0.1:$(PG_PORT)/burt BURT_REQUIRE_PG=1 \
	OMP_THREAD_LIMIT=1 $(BIN)/python -m pytest -m "" $(PYTEST_ARGS)

test-fast: install
	OMP_THREAD_LIMIT=1 $(BIN)/python -m pytest -m "not slow and not e2e" $(PYTEST_ARGS)

bench-setup: install
	@scripts/apt-ensure.sh $(BENCH_PKGS)
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,lint,bench]'

bench-ocr: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/ocr_quality.py

bench-classify: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/classify.py

# The character-confusion model of real OCR (from ../shared/real/; says "skipped" when absent) that
# bench/search.py draws its OCR noise from; bench/data/ocr_confusions.json is committed.
bench-confusions: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/ocr_confusions.py

bench-search: bench-setup
	$(BIN)/python bench/search.py

bench-dewarp: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/dewarp.py

bench-orientation: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/orientation_gate.py --osd

# The in-process job runner against 1, 2 and 4 Celery worker processes on a 100-letter backlog, and
# one upload's latency while it drains (Redis and PostgreSQL of `make redis` / `make pg`; ~40 min here).
bench-workers: bench-setup pg redis
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/workers.py --latency

# Benchmarks on the real captures in ../shared/real/ and on hostile files (each script skips
# cleanly when its input is absent).
bench-real: bench-setup
	@for script in real_ocr real_metadata hostile; do \
	  if [ -f bench/$$script.py ]; then echo "== bench/$$script.py"; OMP_THREAD_LIMIT=1 $(BIN)/python bench/$$script.py || exit 1; \
	  else echo "skipped bench/$$script.py: not in this tree"; fi; done

# Issue 14's live figures: load (20 uploaders + 50 searchers against a real `burt serve` for 60 s, ~5 min with
# seeding and the drain) and faults (kill -9, full disk, damaged index and database, Tesseract missing or
# crashing; ~15-30 min; the full-disk scenario mounts a tmpfs, so it needs root, and says "skipped" without).
bench-load: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/load.py

bench-faults: bench-setup
	OMP_THREAD_LIMIT=1 $(BIN)/python bench/faults.py

# Every benchmark, one after the other (a few hours on 2 cores); figures go to bench/out/ and bench/README.md.
# The scripts left out are tools, not benchmarks: they say so here.
bench: bench-ocr bench-classify bench-confusions bench-search bench-dewarp bench-orientation bench-real bench-load bench-faults
	@echo "not run by make bench (tools, run by hand; see their docstrings):"
	@echo "  bench/cleanup_timing.py, bench/mark_stage_timing.py, bench/stage_timing.py, bench/pipeline_identity.py:"
	@echo "    compare two code trees (run once per tree with PYTHONPATH) for speed and bit-identity"
	@echo "  bench/ocr_files.py, bench/sheet_corners.py: analyse the folders given as arguments"
	@echo "  bench/timing_util.py: a library of the timing scripts; bench/live.py: the library of load.py and faults.py"
	@echo "  bench/workers.py (make bench-workers): needs Redis and PostgreSQL, run by hand"

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
