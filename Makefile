# CreditDesk — two commands for a newcomer: `make run` and `make test`.
# Everything lives in .venv; nothing is installed outside it except the optional
# screenshot tools (`make screenshot-deps`, Debian packages).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: help install run test test-fast lint translations clean screenshot-deps test-tools bench bench-small

help:
	@echo "make run    — create .venv, install, migrate the local SQLite database, load demo data on first start, open the app"
	@echo "make test   — the whole test suite (PostgreSQL too when CREDITDESK_TEST_PG_URL is set)"
	@echo "make lint   — ruff and the import-layer contracts"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required"; exit 1; }
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

translations: install
	@if ls resources/translations/*.ts >/dev/null 2>&1; then \
	  for ts in resources/translations/*.ts; do \
	    $(BIN)/pyside6-lrelease -silent "$$ts" -qm "$${ts%.ts}.qm"; \
	  done; \
	fi

run: install translations
	$(BIN)/creditdesk db upgrade
	$(BIN)/creditdesk demo-data --if-empty --subjects 2000
	$(BIN)/creditdesk-gui

test: install translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check app ui reports tests
	$(BIN)/lint-imports --no-cache

# City-scale benchmarks (issue 11, bench/README.md). Figures are never asserted: these fail only
# when the suite itself fails to run. BENCH_PG=postgresql+psycopg://… adds PostgreSQL (a fresh
# database per run); BENCH_ARGS passes more options (e.g. --reuse /var/tmp/city.sqlite3).
BENCH_PG ?=
BENCH_ARGS ?=
BENCH_PG_ARG = $(if $(BENCH_PG),--pg $(BENCH_PG),)

bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/city_bench.py --subjects 1000000 --records 5000000 --name city-1m $(BENCH_PG_ARG) $(BENCH_ARGS)

bench-small: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/city_bench.py --subjects 50000 --records 250000 --runs 200 --gui-runs 5 $(BENCH_PG_ARG) $(BENCH_ARGS)

# Optional command-line tools some tests use when present (pdffonts cross-checks the embedded
# fonts; pdftoppm + zbarimg decode the printed QR code). Best effort: without root or apt the
# tests that need them are skipped, never failed. .ci/run calls this.
test-tools:
	@missing=""; \
	command -v pdffonts >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v zbarimg >/dev/null 2>&1 || missing="$$missing zbar-tools"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	      || echo "Could not install$$missing: the tests that need them are skipped."; \
	  else echo "Not installing$$missing (needs root and apt-get): those tests are skipped."; fi; \
	fi

# Debian packages for looking at the real windows under Xvfb (not needed by the tests).
screenshot-deps:
	apt-get install -y xvfb xauth libxcb-icccm4 libxcb-keysyms1 imagemagick poppler-utils zbar-tools xdotool

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
