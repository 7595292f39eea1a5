# onewindow: `make run` to serve the demo, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 8
export ONEWINDOW_VAR_DIR ?= $(CURDIR)/var

.PHONY: run setup test lint format bench clean

$(BIN)/onewindow: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,s3]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

setup: $(BIN)/onewindow node_modules/.package-lock.json
	$(BIN)/onewindow translations compile

run: setup
	$(BIN)/onewindow migrate --noinput
	$(BIN)/onewindow collectstatic --noinput --verbosity 0
	$(BIN)/onewindow demo --if-empty
	@echo "onewindow: serving on http://$(HOST):$(PORT)/ (and the worker beside it)"
	@$(BIN)/onewindow worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers $(WORKERS) \
		--blocking-threads $(THREADS) onewindow.wsgi:application

test: setup
	$(BIN)/pytest

lint: $(BIN)/onewindow
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

format: $(BIN)/onewindow
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get install -y -qq wrk || \
		(apt-get update -qq && apt-get install -y -qq wrk)) >/dev/null; } || \
		{ echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules var
