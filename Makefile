# The two commands in the README: `make run` and `make test`. Both bootstrap everything they
# need on a fresh Linux machine that has Python 3.12: the virtualenv, pinned packages and, unless
# DATABASE_URL / REDIS_URL are set, an embedded PostgreSQL and Redis under var/.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python 3.12 found: on PATH, under pyenv, or in the usual prefixes.
PYTHON ?= $(shell for c in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do "$$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null && { command -v "$$c"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: help run test lint format bench frontend chromium clean

help:
	@echo "make run       set everything up and run the demo council (web, worker, beat)"
	@echo "make test      set everything up and run the whole test suite"
	@echo "make lint      ruff (lint and format check), the import contracts and makemigrations --check"
	@echo "make format    apply ruff's formatting and safe fixes"
	@echo "make bench     run the benchmarks"
	@echo "make frontend  rebuild GOV.UK Frontend into static/govuk (needs Node; output is committed)"

$(STAMP): requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 was not found. Install it, or run: make PYTHON=/path/to/python3.12 ..."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(PY) -m democracy.devstack run

test: $(STAMP) chromium
	$(PY) -m democracy.devstack test $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m democracy.devstack manage makemigrations --check --dry-run

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: $(STAMP) chromium
	$(PY) -m democracy.devstack test democracy/benchmarks elections/benchmarks meetings/benchmarks website/benchmarks -o python_files='bench_*.py' --benchmark-columns=min,median,max,rounds

frontend:
	bash frontend/build.sh

# Browser tests drive Debian's Chromium; PDF footers use Liberation Sans (metric-compatible with
# Arial). Install them when missing and we are root; otherwise say how.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/share/fonts/truetype/liberation*/LiberationSans-Regular.ttf >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's Chromium and Liberation fonts for the browser tests and PDFs"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	  else \
	    echo "The tests need Chromium and Liberation fonts: sudo apt-get install chromium fonts-liberation"; exit 1; \
	  fi; \
	fi

clean:
	rm -rf var/ .pytest_cache .ruff_cache
