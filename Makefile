# The two commands of the README: `make run` and `make test`. Both set everything up from a
# fresh clone (virtualenv, Python and Node packages, the browser app's build).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv frontend migrate seed clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(shell find frontend/src -type f 2>/dev/null) frontend/index.html \
		frontend/vite.config.ts frontend/tsconfig.json
	cd frontend && npm run build

frontend: frontend/dist/index.html

migrate: venv
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: venv frontend migrate
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_model
	bin/run-embedded $(HOST) $(PORT)

# Lint and format checks (ruff), the browser app's unit tests (vitest), the check that its API
# types match the OpenAPI schema, then pytest (the end-to-end tests in tests/e2e use the build
# from `frontend`). When DATABASE_URL names a server (CI: PostgreSQL), the tests of the raw SQL
# of the annotators' hot path (annotation/sql.py) run a second time on SQLite, the embedded
# default, which has its own dialect.
SQLITE_TOO := tests/annotation/test_sql.py tests/annotation/test_assignment.py \
	tests/annotation/test_submission.py tests/annotation/test_api_annotating.py tests/annotation/test_api_auth.py
test: venv frontend
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	cd frontend && npm test
	cd frontend && PYTHON=$(CURDIR)/$(PY) npm run check:api
	$(PY) -m pytest $(PYTEST_ARGS)
	if [ -n "$$DATABASE_URL" ]; then env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS) $(SQLITE_TOO); fi

clean:
	rm -rf data staticfiles frontend/dist
