# Beredskab: the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup python-deps requirements node-deps static migrate demo lint format messages api-schema clean

## make run: set up everything, load Ishøj's plan and synthetic demo data, serve on http://127.0.0.1:8000
run: setup migrate demo
	@echo "Serving Beredskab on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: the whole test suite (SQLite; PostgreSQL when DATABASE_URL=postgres://... is set)
test: setup
	$(PY) -m pytest

setup: python-deps node-deps static

# A development environment: the runtime (requirements.txt) and the test and lint tools
# (requirements-dev.txt), both with exact versions and hashes. Reinstalled when either changes.
# A production server installs requirements.txt alone (README, "Serving in production").
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || { py=$$(scripts/find-python) && echo "Creating $(VENV) with $$py" && "$$py" -m venv $(VENV); }
	$(PIP) install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	@touch $@

python-deps: $(VENV)/.installed

## make requirements: after editing requirements.in or requirements-dev.in, pin again (versions and hashes).
## Existing pins are kept; to move one: make requirements COMPILE_ARGS="--upgrade-package django"
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make requirements" $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(COMPILE_ARGS)
requirements: python-deps
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

node-deps: node_modules/.installed

beredskab/static/vendor/.copied: node_modules/.installed scripts/copy-vendor
	scripts/copy-vendor
	@touch $@

static: beredskab/static/vendor/.copied

migrate: python-deps
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

demo: migrate
	$(MANAGE) demo_data

lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: python-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Danish is the source language; English is the translation. Needs GNU gettext (developers
# only); the compiled .mo file is committed so a fresh clone needs no gettext.
messages: python-deps
	$(MANAGE) makemessages --locale en --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'beredskab/static/vendor/*'
	$(MANAGE) compilemessages --locale en --locale da --ignore '.venv/*'

## make api-schema: write the API's OpenAPI schema to beredskab/api/openapi.yaml (commit it; CI compares)
api-schema: python-deps
	$(MANAGE) api_schema

clean:
	rm -rf $(VENV) node_modules beredskab/static/vendor var/static
