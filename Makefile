# tunix-rt: `make run` starts the product, `make test` runs every suite.
# Both install what is missing first (a venv in .venv, npm packages, Debian's chromium).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

PY_STAMP := $(VENV)/.installed
FE_STAMP := frontend/node_modules/.installed
E2E_STAMP := e2e/node_modules/.installed
UI_INDEX := frontend/dist/index.html
FE_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: install install-python install-node install-browser run serve dev test lint \
        test-backend test-training test-frontend test-e2e ui bench-ingest bench-train bench-eval bench-tune bench-dashboard postgres \
        clean help api-types

help:
	@echo "make run          install what is missing, migrate SQLite under ./var, serve on http://$(HOST):$(PORT)"
	@echo "make dev          API + worker on :$(PORT) and the dashboard with hot reload on http://127.0.0.1:5173"
	@echo "make test         install what is missing, lint, then every test suite"
	@echo "make install      backend + training into .venv, frontend + e2e npm packages, chromium"
	@echo "make bench-ingest ingest benchmark on Postgres and SQLite -> bench/results/"
	@echo "make bench-train  training and generation vs PyTorch + transformers -> bench/results/"
	@echo "make bench-eval   evaluation throughput, judges, tiny accuracy on held-out arithmetic"
	@echo "make bench-tune   a small Ray Tune search: random vs TPE, ASHA early stopping"
	@echo "make bench-dashboard page loads and the trace list at 100,000 traces, in Chromium"
	@echo "make api-types    regenerate frontend/openapi.json and frontend/src/api/schema.d.ts"

install: install-python install-node install-browser

install-python: $(PY_STAMP)
$(PY_STAMP): backend/pyproject.toml training/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e 'backend[dev]' -e 'training[dev]'
	@touch $@

install-node: $(FE_STAMP) $(E2E_STAMP)
$(FE_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@
$(E2E_STAMP): e2e/package.json e2e/package-lock.json
	cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

install-browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }

ui: $(UI_INDEX)
$(UI_INDEX): $(FE_STAMP) $(FE_SOURCES)
	cd frontend && npm run build

run: $(PY_STAMP) ui
	$(BIN)/tunix-rt serve --host $(HOST) --port $(PORT) --with-worker

serve: run

# The dashboard from source: Vite (hot reload) proxies /api to the API on :8000. Ctrl-C, or
# either one stopping, stops both. Each runs in its own process group (set -m) so that npm's
# children stop too; the API gets SIGINT, on which it stops its worker.
dev: $(PY_STAMP) $(FE_STAMP)
	@echo "API + worker on http://$(HOST):$(PORT), dashboard on http://127.0.0.1:5173 (Ctrl-C stops both)"
	@set -m; \
	  $(BIN)/tunix-rt serve --host $(HOST) --port $(PORT) --with-worker & api=$$!; \
	  (cd frontend && exec npm run dev) & ui=$$!; \
	  stop() { kill -INT $$api 2>/dev/null; kill -- -$$ui 2>/dev/null; wait; kill -- -$$api 2>/dev/null; }; \
	  trap 'stop; exit 130' INT TERM; \
	  wait -n; stop

postgres:
	@bash scripts/ensure-postgres.sh

lint: $(PY_STAMP) $(FE_STAMP) $(E2E_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --config-file mypy.ini backend/tunix_rt training/tunix_rt_training
	cd frontend && npm run lint && npm run typecheck && npm run format:check && npm run check:api
	cd e2e && npm run typecheck && npm run format:check

test-backend: $(PY_STAMP) postgres
	cd backend && ../$(BIN)/pytest -q $(PYTEST_ARGS)

test-training: $(PY_STAMP)
	cd training && ../$(BIN)/pytest -q $(PYTEST_ARGS)

test-frontend: $(FE_STAMP) ui
	cd frontend && npm test && npm run check:bundle

test-e2e: install ui postgres
	cd e2e && npm test

test: install lint test-backend test-training test-frontend test-e2e

api-types: $(PY_STAMP) $(FE_STAMP)
	$(BIN)/python -m tunix_rt.openapi_export frontend/openapi.json
	cd frontend && npm run gen:api

bench-ingest: $(PY_STAMP) postgres
	$(BIN)/python bench/ingest.py

# PyTorch is the benchmark's peer only; 2.13.0 is the CPU build this machine kind carries.
bench-train: $(PY_STAMP)
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python bench/train.py

bench-eval: $(PY_STAMP)
	$(BIN)/python bench/eval.py

bench-tune: $(PY_STAMP)
	$(BIN)/python bench/tune.py

bench-dashboard: install ui
	cd frontend && npm run check:bundle
	cd frontend && TUNIX_RT_SINGLE_BUNDLE=1 npx vite build --outDir ../var/ui-single-bundle --emptyOutDir
	cd e2e && npx playwright test --config perf.config.ts

clean:
	rm -rf $(VENV) frontend/node_modules e2e/node_modules frontend/dist var
