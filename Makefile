# The README's commands. `make run` starts the portal with demo data on SQLite;
# `make test` runs the whole suite (DATABASE_URL / REDIS_URL point it at real services).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails point where `make run` serves (`make run PORT=8001` too), unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test lint format messages translations e2e bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core for the accessibility tests (package-lock.json); nothing of the portal comes from npm.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped (CI requires them)"; fi

install: $(VENV)/.installed

translations: install
	DEBUG=1 $(PY) manage.py compiletranslations

run: install translations
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_territory
	DEBUG=1 $(PY) manage.py load_reference
	DEBUG=1 $(PY) manage.py load_service_registry
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

# The tests without a browser or a real worker run in parallel (one database each, pytest-xdist);
# those with them after, one at a time (they share the Redis broker and the live server).
# PYTEST_ARGS="tests/hearings -x" runs only what it names, in one process.
test: install translations node_modules/.installed
ifeq ($(strip $(PYTEST_ARGS)),)
	$(PY) -m pytest -n auto -m "not integration and not e2e"
	$(PY) -m pytest -m "integration or e2e"
else
	$(PY) -m pytest $(PYTEST_ARGS)
endif

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Extract the interface strings into locale/ky and locale/ru (needs gettext's xgettext).
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l ky -l ru --no-obsolete \
		--ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules var/static var/test-media .pytest_cache .ruff_cache
