# Improvement Tracker. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# PostgreSQL used for the second test run (CI sets REQUIRE_POSTGRES=1 so its absence fails).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/tracker
# The suite runs on every core, a test module per worker so module-scoped fixtures load once.
PYTEST_PARALLEL ?= -n auto --dist loadscope
HOST ?= 127.0.0.1
PORT ?= 8000
# Where links printed by the demo loaders and sent in emails point: the server `make run` starts.
SITE_URL ?= http://$(HOST):$(PORT)
LOCAL := DJANGO_DEBUG=true SITE_URL='$(SITE_URL)'
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# One password for every demo user in a run, new each time unless DEMO_PASSWORD is set.
DEMO_PASSWORD ?= $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(12))')
DEMO_PASSWORD := $(DEMO_PASSWORD)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

.PHONY: install
install: $(UV) ## Install Python packages (from uv.lock) and build the GOV.UK Frontend assets
	$(UV) sync --frozen --python $(PYTHON)
	npm ci --no-audit --no-fund --loglevel=error
	npm run build --silent

.PHONY: browser
browser: ## Install Debian's Chromium for the browser tests, if missing
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

.PHONY: run
run: install ## Set up and start the app on SQLite with demo data, at http://127.0.0.1:8000 (or HOST, PORT)
	$(LOCAL) $(PY) manage.py migrate --noinput
	$(LOCAL) $(PY) manage.py load_demo_data --password='$(DEMO_PASSWORD)'
	$(LOCAL) $(PY) manage.py load_programme_demo
	$(LOCAL) $(PY) manage.py load_governance_demo --password='$(DEMO_PASSWORD)'
	$(LOCAL) $(PY) manage.py load_adviser_demo --password='$(DEMO_PASSWORD)'
	$(LOCAL) $(PY) manage.py load_performance_demo
	$(LOCAL) $(PY) manage.py load_reminders_demo
	$(LOCAL) $(PY) manage.py load_merge_demo
	@# The national inspection picture, from the published reports kept for the importer's tests.
	$(LOCAL) $(PY) manage.py import_ofsted_reports tracker/inspections/tests/fixtures/ofsted-reports
	@# The worker makes board papers in the background; it stops when the server stops.
	$(LOCAL) $(PY) manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(LOCAL) $(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: lint
lint: ## Lint: ruff, formatting, types, import layers, templates, migrations up to date
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy tracker config
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates tracker --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') DJANGO_ALLOWED_HOSTS=tracker.example.gov.uk \
		$(PY) manage.py check --deploy --fail-level WARNING

.PHONY: format
format: ## Format the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: test
test: install browser lint ## Set up and run the whole test suite, on SQLite then on PostgreSQL
	$(PY) -m pytest $(PYTEST_PARALLEL)
	@if $(PY) scripts/postgres_available.py "$(TEST_POSTGRES_URL)"; then \
		echo "Running the suite again on PostgreSQL"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest $(PYTEST_PARALLEL); \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is required (REQUIRE_POSTGRES is set) but not reachable at $(TEST_POSTGRES_URL)"; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): suite ran on SQLite only"; \
	fi

.PHONY: check
check: test ## Run exactly what CI runs

.PHONY: demo-data
demo-data: ## Reload the demo data into the local SQLite database
	$(LOCAL) $(PY) manage.py migrate --noinput
	$(LOCAL) $(PY) manage.py load_demo_data --password='$(DEMO_PASSWORD)'
	$(LOCAL) $(PY) manage.py load_programme_demo
	$(LOCAL) $(PY) manage.py load_governance_demo --password='$(DEMO_PASSWORD)'
	$(LOCAL) $(PY) manage.py load_adviser_demo --password='$(DEMO_PASSWORD)'
	$(LOCAL) $(PY) manage.py load_performance_demo
	$(LOCAL) $(PY) manage.py load_reminders_demo
	$(LOCAL) $(PY) manage.py load_merge_demo
	@# The national inspection picture, from the published reports kept for the importer's tests.
	$(LOCAL) $(PY) manage.py import_ofsted_reports tracker/inspections/tests/fixtures/ofsted-reports

.PHONY: prod-check
prod-check: install ## Run the production stack from deploy/ here (nginx, 2 gunicorn, 2 workers, PostgreSQL, S3) and drive it, killing one of each
	@command -v nginx >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx-light; }
	$(PY) scripts/prod_check.py

.PHONY: bench
bench: install ## Run the benchmarks in bench/ and print their table
	$(PY) bench/run.py

.PHONY: bench-peer
bench-peer: install ## Measure the product beside the Redmine peer over HTTP, interleaved (wrk, gunicorn)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) bench/peer.py $(BENCH_PEER_ARGS)

.PHONY: bench-national
bench-national: install ## Run the national mix on tier N (PostgreSQL, gunicorn, open-loop); BENCH_NATIONAL_ARGS
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) bench/national.py $(BENCH_NATIONAL_ARGS)
