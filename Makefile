# Donorflow — one command to run, one to test. Everything installs itself on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION ?= 0.13.8
BOOTSTRAP := var/bootstrap
UV := $(BOOTSTRAP)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
export SSL_CERT_FILE ?= /etc/ssl/certs/ca-certificates.crt
RUN := $(UV) run --locked --no-sync

.PHONY: run test test-fast fuzz-api lint hooks bench check install messages migrate demo clean browser redis axe

## run: install everything, migrate, load demo data, start web + Celery worker + beat
run: install messages migrate demo
	@echo "Donorflow on http://127.0.0.1:$${PORT:-8000}/  (API docs: /api/docs/, admin: /admin/)"
	DEBUG=true PORT=$${PORT:-8000} \
	  DONORFLOW_SITE_URL=$${DONORFLOW_SITE_URL:-http://127.0.0.1:$${PORT:-8000}} \
	  $(RUN) honcho -f Procfile.dev start

## test: install everything and run the test suite against a throwaway PostgreSQL
test: install messages browser redis axe
	scripts/with-postgres $(RUN) pytest -n 2 --dist loadfile $(PYTEST_ARGS)

## fuzz-api: the API under schemathesis with every phase, the slow coverage phase included
fuzz-api: install messages
	API_FUZZ_PHASES=examples,coverage,fuzzing,stateful scripts/with-postgres $(RUN) pytest \
	  tests/security/test_api_fuzzing.py $(PYTEST_ARGS)

## test-fast: the suite without the browser, integration and slow tests (see tests/conftest.py)
test-fast: install messages
	scripts/with-postgres $(RUN) pytest -n 2 --dist loadfile \
	  -m "not browser and not integration and not slow" $(PYTEST_ARGS)

## bench: generate ministry-sized data on a throwaway PostgreSQL and print the figures
## (BENCH_SCALE=0.1 for a quick run; BENCH=register etc. for one of them)
bench: install
	scripts/with-postgres bash -c 'DEBUG=false SECRET_KEY=bench $(RUN) python manage.py migrate -v0 && $(RUN) python -m bench.run $(BENCH)'

# Browser tests drive the distribution's Chromium (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The accessibility test runs axe-core in the browser (served to the test, never by the app):
# the npm registry's tarball of this version, checked against its sha512 integrity
# (`npm view axe-core@$(AXE_VERSION) dist.integrity`), fetched with Python so no node is needed.
AXE_VERSION := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
axe:
	@$(PYTHON) scripts/fetch_axe.py $(AXE_VERSION) $(AXE_INTEGRITY) var/axe/axe.min.js

# The integration test starts its own Redis server on a free port.
redis:
	@command -v redis-server >/dev/null || { \
	  echo "Installing Redis for the integration test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

## lint: formatting, lint, type checks, migrations in step with the models, import contracts
lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	DEBUG=true $(RUN) python manage.py makemigrations --check --dry-run
	DEBUG=true $(RUN) mypy .
	DEBUG=true $(RUN) lint-imports

## hooks: run ruff, the migrations check and import-linter before each commit (.pre-commit-config.yaml)
hooks: install
	$(RUN) pre-commit install

install: $(UV)
	$(UV) sync --locked

$(UV):
	$(PYTHON) -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet "uv==$(UV_VERSION)"

messages: install
	DEBUG=true $(RUN) python manage.py compilemessages --ignore .venv --ignore var -v0

migrate: install
	DEBUG=true $(RUN) python manage.py migrate --no-input

demo: install
	DEBUG=true $(RUN) python manage.py load_demo

clean:
	rm -rf var .venv staticfiles
