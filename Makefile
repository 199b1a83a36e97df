# Sambang Digital — the two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto

.PHONY: run test setup demo lint serve clean browser jstest

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

## Set everything up (idempotent) and serve the demo on http://$(HOST):$(PORT)
run: setup demo serve

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

serve: setup
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: /admin/, API docs: /api/v1/docs/)"
	$(PY) manage.py rundev $(HOST):$(PORT)

## The whole suite: lint, migration check, pytest (browser tests need Debian's chromium)
test: setup
	-@bash scripts/ensure-chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=cms.settings.test
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	$(MAKE) --no-print-directory jstest

## The field app's JavaScript unit tests (outbox state machine, idempotency keys, sync) with Node's runner
jstest:
	@bash scripts/ensure-node
	node --test tests/openinfo/visits/fieldapp/js/

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected
