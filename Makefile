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

.PHONY: help dev test lint fmt schema bench clean-data

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

dev: $(SYNCED) ## run the whole product on embedded services (PostgreSQL, Temporal) with a demo tenant
	$(VENV)/bin/conciliacontag dev

test: $(SYNCED) ## run every test (starts PostgreSQL and the Temporal dev server itself)
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
