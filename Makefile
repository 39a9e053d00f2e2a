# Two commands on a fresh machine:  make run   (install, then serve the app)
#                                    make test  (install, then run every test)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint screenshots install install-dev browser cluster-deps serve-cluster checkpoints bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

run: install
	$(BIN)/python -m scripts.serve --server.port $(PORT)

# Debian's Chromium drives the browser tests; Nanum and Noto emoji fonts let it draw Korean and icons.
# Installed only as root.
browser:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi nanum; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-nanum fonts-noto-color-emoji >/dev/null; \
	else echo "Chromium is missing: install Debian's 'chromium' package for the browser tests."; fi

# Redis and nginx for the training queue and `make serve-cluster` (and their tests). Installed only as root.
cluster-deps:
	@if command -v redis-server >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server nginx >/dev/null; \
	else echo "redis-server or nginx is missing: install Debian's 'redis-server' and 'nginx' for the cluster."; fi

# A school on one machine: Redis, two training workers, two app replicas and nginx on 127.0.0.1:$(CLUSTER_PORT).
CLUSTER_PORT ?= 8500
serve-cluster: install cluster-deps
	$(BIN)/python deploy/cluster.py --port $(CLUSTER_PORT)

# Lint (ruff: E, F, W, B, I, UP, SIM) and types (mypy on cnnviz/), configured in pyproject.toml, then every test.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

test: install-dev browser cluster-deps lint
	$(BIN)/python -m pytest

# Refresh the README's screenshots in docs/screenshots (a plain `make test` writes them to test-artifacts/).
screenshots: install-dev browser
	CNNVIZ_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -m e2e tests/
	$(BIN)/python -m scripts.lesson_screenshots docs/screenshots/lessons

checkpoints: install
	$(BIN)/python -m scripts.make_checkpoints

bench: install-dev browser
	$(BIN)/python benchmarks/_device.py
	for script in benchmarks/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
