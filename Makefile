# The portal's commands (see README.md and CONTRACT.md). Every target works on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup migrate test audit lint format messages browser bench backup restore clean

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

setup: $(VENV)/.installed node_modules/.installed
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules -v 0
	$(MAKE) --no-print-directory migrate
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) load_reference
	$(MANAGE) load_demo

# With MIGRATION_DATABASE_URL (the owner role) the schema is changed as the owner, and the
# portal's role of DATABASE_URL is then granted row privileges only (README: database roles).
migrate: $(VENV)/.installed
	@if [ -n "$$MIGRATION_DATABASE_URL" ]; then \
	  echo "migrating as the owner role of MIGRATION_DATABASE_URL"; \
	  DATABASE_URL="$$MIGRATION_DATABASE_URL" $(MANAGE) migrate --noinput -v 0 && \
	  $(MANAGE) grant_app_role; \
	else \
	  $(MANAGE) migrate --noinput -v 0; \
	fi

test: $(VENV)/.installed node_modules/.installed browser lint
	DJANGO_SETTINGS_MODULE=pmi_portal.settings.test $(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules -v 0
	$(PY) -m pytest $(PYTEST_ARGS)

# Known vulnerabilities of the pinned requirements, from PyPI's advisory data (needs the network).
# A package that cannot be audited is reported NOT AUDITED; AUDIT_ARGS=--strict makes it fail.
audit: $(VENV)/.installed
	$(PY) scripts/audit-requirements $(AUDIT_ARGS)

# Needs DATABASE_URL (PostgreSQL, a database named *bench*) and REDIS_URL; see bench/README.md.
bench: $(VENV)/.installed node_modules/.installed
	$(PY) bench/run.py

# A consistent backup of the database and the uploaded files; its path is the last line printed.
backup: $(VENV)/.installed
	$(MANAGE) backup

# Into an empty database and media folder only (a new database: createdb, or a new SQLite path).
restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<path printed by make backup>"; exit 2; }
	$(MANAGE) restore "$(BACKUP)"
	@if [ -n "$$MIGRATION_DATABASE_URL" ]; then $(MANAGE) grant_app_role; fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract the strings to translate after changing them; then fill in locale/id.
messages: $(VENV)/.installed
	$(MANAGE) makemessages -l id -l en --ignore=$(VENV) --ignore=node_modules --ignore=staticfiles --no-obsolete

browser:
	@scripts/ensure-chromium

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules staticfiles var db.sqlite3
